#!/usr/bin/env bash
# System packages from Debian, installed only when missing:
#  - chromium and a CJK font for the browser tests;
#  - LibreOffice Writer without its GUI for the intake's .doc/.wps conversion
#    (soffice --headless --convert-to docx), without its recommends (fonts come from above).
# On a machine where we cannot install them, the tests that need them skip locally, but CI
# (CI=true) refuses to pass without them. Another apt/dpkg run (a helper, unattended-upgrades)
# may hold the package locks: we wait for it instead of failing.
set -euo pipefail
browser=()
[ -x /usr/bin/chromium ] || browser+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || browser+=(fonts-noto-cjk)
office=()
command -v soffice >/dev/null || office+=(libreoffice-writer-nogui)
[ ${#browser[@]} -eq 0 ] && [ ${#office[@]} -eq 0 ] && exit 0

# Run an apt command, waiting while another process holds a dpkg/apt lock (up to 20 minutes).
# DPkg::Lock::Timeout covers the dpkg locks; the retry loop also covers the package lists lock.
apt_waiting() {
  local log
  log=$(mktemp)
  for _ in $(seq 1 120); do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >"$log" 2>&1; then
      rm -f "$log"
      return 0
    fi
    if ! grep -qiE 'could not get lock|unable to acquire|is another process using it' "$log"; then
      cat "$log" >&2
      rm -f "$log"
      return 1
    fi
    echo "waiting for another apt/dpkg run to release its lock" >&2
    sleep 10
  done
  cat "$log" >&2
  rm -f "$log"
  return 1
}

need=("${browser[@]}" "${office[@]}")
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} from Debian packages"
  apt_waiting update -qq
  [ ${#browser[@]} -eq 0 ] || apt_waiting install -y -qq "${browser[@]}"
  [ ${#office[@]} -eq 0 ] || apt_waiting install -y -qq --no-install-recommends "${office[@]}"
elif [ "${CI:-}" = "true" ]; then
  echo "CI needs ${need[*]} (apt-get install ${need[*]})" >&2
  exit 1
else
  echo "warning: ${need[*]} missing; the tests that need them will be skipped" >&2
fi
