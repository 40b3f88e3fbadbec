# shellcheck shell=bash
# Sourced by OmiStack's installers (scripts/engine.sh, scripts/test-tools.sh, the lab images' offline recipe
# fixtures/Images/offline/build.sh, the VM tools' fixtures/Vms/vm-tools.sh), each of which ships with a copy beside it.
#
#   omi_apt_update LOG    LOG: a function or command that prints one line ("apt-get update", "waited ...")
#
# Refreshes apt's package lists where none is younger than a day, one apt-get update at a time on this machine: the
# lab images build two at a time beside the test tools' install, and a second apt-get update at once fails at once on
# the lists' lock, which DPkg::Lock::Timeout does not wait for. A lock file another user made cannot be opened: then
# this runs without it. Returns apt-get update's exit status (0 where the lists were fresh); its errors go to stderr.
omi_apt_update() {
  local log=${1:-echo} status=0
  if { exec 8>>"${TMPDIR:-/tmp}/omistack-apt-update.lock"; } 2>/dev/null; then
    flock -w 600 8 || "$log" "waited 10 minutes for another apt-get update; going on"
  fi
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
    "$log" "apt-get update"
    apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null || status=$?
  fi
  exec 8>&-
  return "$status"
}
