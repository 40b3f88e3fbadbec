#!/usr/bin/env bash
# Brings up a Docker engine for OmiStack's fixtures, idempotently.
#
# Where an engine already answers (DOCKER_HOST or the default socket), it is used as it is.
# Otherwise, on Debian/Ubuntu as root, Debian's docker.io is installed and dockerd is started
# in the background (log: /var/log/omistack-dockerd.log), and we wait for it, bounded.
#
# Source it to get the environment Testcontainers needs against engine 20.10:
#   . scripts/engine.sh
# or run it and eval its output:
#   eval "$(scripts/engine.sh --print-env)"
set -uo pipefail

ENGINE_WAIT_SECONDS=${ENGINE_WAIT_SECONDS:-60}
_omi_log() { echo "engine: $*" >&2; }
# shellcheck source=apt-update.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-update.sh" || _omi_log "no apt-update.sh beside ${BASH_SOURCE[0]}: an install of docker.io would fail"

_omi_engine_answers() { timeout 5 docker version --format '{{.Server.APIVersion}}' 2>/dev/null; }

_omi_start_engine() {
  if _omi_engine_answers >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    _omi_log "no Docker engine answers and this is not root: start one (e.g. 'sudo systemctl start docker') or set DOCKER_HOST"
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
      _omi_log "no dockerd and no apt-get: install a Docker engine by hand"
      return 1
    fi
    _omi_log "installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    omi_apt_update _omi_log && apt-get install -y -qq -o DPkg::Lock::Timeout=600 docker.io >/dev/null || {
      _omi_log "apt-get install docker.io failed"
      return 1
    }
  fi
  _omi_log "starting dockerd in the background (log: /var/log/omistack-dockerd.log)"
  # fd 9 is the start lock: dockerd must not inherit it (it would hold the lock as long as it runs).
  nohup dockerd 9>&- >/var/log/omistack-dockerd.log 2>&1 &
  local waited=0
  until _omi_engine_answers >/dev/null; do
    if [ "$waited" -ge "$ENGINE_WAIT_SECONDS" ]; then
      _omi_log "waited ${ENGINE_WAIT_SECONDS}s for dockerd to answer; last lines of its log:"
      tail -n 20 /var/log/omistack-dockerd.log >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  _omi_log "dockerd answers after ${waited}s"
}

# Two processes starting the engine at once (the checks' embedded default, the integration tests) take turns:
# the second finds the first's dockerd answering.
_omi_start_engine_once() {
  (
    flock -w 900 9 || _omi_log "waited 15 minutes for another engine start; going on"
    _omi_start_engine
  ) 9>"${TMPDIR:-/tmp}/omistack-engine.lock"
}

_omi_env() {
  local api
  api=$(_omi_engine_answers) || return 1
  # Testcontainers 4 speaks a newer API than engine 20.10 by default: pin the engine's own.
  echo "export DOCKER_API_VERSION=${DOCKER_API_VERSION:-$api}"
  # The reaper image (testcontainers/ryuk) cannot be pulled offline; OmiStack labels and prunes
  # its own resources instead.
  echo "export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # sourced
  _omi_start_engine_once && eval "$(_omi_env)"
else
  _omi_start_engine_once || exit 1
  if [ "${1:-}" = "--print-env" ]; then _omi_env; fi
fi
