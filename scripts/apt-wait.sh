# Sourced by scripts/system-deps.sh: run apt-get, waiting while another apt/dpkg run holds its lock.
#
# Set-up runs on machines where unattended-upgrades, another engineer's `make test` or a
# desktop updater may be installing packages at the same moment. apt-get then fails at once
# with "Could not get lock …" (issue #13). We wait instead: apt's own DPkg::Lock::Timeout covers
# the dpkg frontend lock, and a retry loop covers the lists lock of `apt-get update`, which that
# option does not. Any other failure is reported at once, never retried.
#
# DUBAN_APT_WAIT (seconds, default 1800) bounds the whole wait; DUBAN_APT_RETRY_PAUSE (default 5)
# is the pause between attempts.

apt_get_waiting() {
  local limit="${DUBAN_APT_WAIT:-1800}" pause="${DUBAN_APT_RETRY_PAUSE:-5}"
  local started=$SECONDS log status
  log="$(mktemp)"
  while true; do
    status=0
    apt-get -o "DPkg::Lock::Timeout=${limit}" "$@" >"$log" 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then
      rm -f "$log"
      return 0
    fi
    if ! grep -qiE 'could not get lock|unable to (acquire|lock)|is another process using it' "$log"; then
      cat "$log" >&2
      rm -f "$log"
      return "$status"
    fi
    if [ $((SECONDS - started)) -ge "$limit" ]; then
      echo "gave up after ${limit}s waiting for the apt/dpkg lock:" >&2
      cat "$log" >&2
      rm -f "$log"
      return "$status"
    fi
    echo "another apt/dpkg run holds the lock; waiting (apt-get $1)" >&2
    sleep "$pause"
  done
}
