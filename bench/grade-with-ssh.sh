#!/usr/bin/env bash
# The Lesson 1 checks as a shell grader would write them: one ssh per command, docker CLI output
# parsed with grep/awk, curl for HTTP. Used by the grade benchmark as the side-by-side baseline.
#   grade-with-ssh.sh KEY KNOWN_HOSTS REGISTRY CA_FILE REGISTRY_PORT SSH_PORT:HTTP_PORT...
set -u
key=$1 known=$2 registry=$3 ca=$4 regport=$5; shift 5
ports=() http=()
for pair in "$@"; do ports+=("${pair%:*}"); http+=("${pair#*:}"); done
m=${ports[0]} host=${registry%:*}
on() { local port=$1; shift; ssh -q -i "$key" -o UserKnownHostsFile="$known" -o StrictHostKeyChecking=yes -o BatchMode=yes -p "$port" ubuntu@127.0.0.1 "$*"; }
reg() { curl -sf -m 5 --cacert "$ca" --resolve "$host:$regport:127.0.0.1" "https://$host:$regport$1"; }

swarm_docker() { for p in "${ports[@]}"; do on "$p" "docker info --format '{{.ServerVersion}}'" || return 1; done; }
swarm_active() { on "$m" "docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'" | grep -q "active true" &&
                 on "$m" "docker node ls --format '{{.Self}} {{.ManagerStatus}}'" | grep -q "true Leader"; }
swarm_nodes() { [ "$(on "$m" "docker node ls --format '{{.Status}}/{{.Availability}}'" | grep -c Ready/Active)" = "${#ports[@]}" ]; }
ghost_service() { on "$m" "docker service ls --filter name=ghost-blog --format '{{.Replicas}} {{.Image}} {{.Ports}}'" | grep -q "^3/3 ghost.*80->2368"; }
ghost_spread() { [ "$(on "$m" "docker service ps ghost-blog --filter desired-state=running --format '{{.Node}}'" | sort -u | wc -l)" = "${#ports[@]}" ]; }
ghost_mesh() { on "$m" "docker service ls --filter name=ghost-blog --format '{{.Replicas}}'" | grep -q "^1/1" || return 1
               for h in "${http[@]}"; do curl -sf -m 5 "http://127.0.0.1:$h/" | grep -q 'generator" content="Ghost' || return 1; done; }
registry_running() { on "$m" "docker inspect registry --format '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.PortBindings}}'" | grep -q "^always.*5000"; }
registry_tls() { reg /v2/ >/dev/null; }
registry_images() { local c; c=$(reg /v2/_catalog) && grep -q mediawiki <<<"$c" && grep -q database <<<"$c"; }
registry_pull() { on "${ports[1]}" "docker pull -q $registry/database"; }
stack_services() { local s; s=$(on "$m" "docker stack services mediawiki --format '{{.Name}} {{.Replicas}}'") &&
                   grep -q "mediawiki_web 2/2" <<<"$s" && grep -q "mediawiki_database 1/1" <<<"$s"; }
stack_images() { ! on "$m" "docker stack services mediawiki --format '{{.Image}}'" | grep -vq "^$registry/"; }
stack_mesh() { for h in "${http[@]}"; do curl -sf -m 5 "http://127.0.0.1:$h/" | grep -q MediaWiki || return 1; done; }
cleanup_ghost() { ! on "$m" "docker service ls --format '{{.Name}}'" | grep -qx ghost-blog; }

passed=0
for check in swarm_docker swarm_active swarm_nodes ghost_service ghost_spread ghost_mesh registry_running registry_tls \
             registry_images registry_pull stack_services stack_images stack_mesh cleanup_ghost; do
  if $check >/dev/null 2>&1; then echo "${check/_/.} pass"; passed=$((passed + 1)); else echo "${check/_/.} fail"; fi
done
echo "$passed passed"
