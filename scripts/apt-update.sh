# shellcheck shell=bash
# Sourced by OmiStack's installers (scripts/engine.sh, scripts/test-tools.sh, the lab images' offline recipe
# fixtures/Images/offline/build.sh, the VM tools' fixtures/Vms/vm-tools.sh), each of which ships with a copy beside it.
#
#   omi_apt_update LOG    LOG: a function or command that prints one line ("apt-get update", "waited ...")
#
# Refreshes apt's package lists where this helper has not in the last day, one apt-get update at a time on this
# machine: the lab images build two at a time beside the test tools' install, and a second apt-get update at once
# fails at once on the lists' lock, which DPkg::Lock::Timeout does not wait for. A lock file another user made cannot
# be opened: then this runs without it. The last update's time is a stamp of its own: apt gives the lists it fetches
# the mirror's times, so a list unchanged upstream for days looks days old right after an update. Returns apt-get
# update's exit status (0 where it did not run); its errors go to stderr.
omi_apt_update() {
  local log=${1:-echo} status=0 stamp=${TMPDIR:-/tmp}/omistack-apt-updated
  if { exec 8>>"${TMPDIR:-/tmp}/omistack-apt-update.lock"; } 2>/dev/null; then
    flock -w 600 8 || "$log" "waited 10 minutes for another apt-get update; going on"
  fi
  if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
    "$log" "apt-get update"
    if apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null; then
      touch "$stamp" 2>/dev/null || true
    else
      status=$?
    fi
  fi
  exec 8>&-
  return "$status"
}
