#!/usr/bin/env bash
# Browser tests need Chromium and a CJK font; both come from Debian's packages.
# Installed only when missing; on a machine where we cannot install them, browser tests skip
# locally, but CI (CI=true) refuses to pass without them.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} from Debian packages"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
elif [ "${CI:-}" = "true" ]; then
  echo "CI needs ${need[*]} (apt-get install ${need[*]})" >&2
  exit 1
else
  echo "warning: ${need[*]} missing; browser tests will be skipped" >&2
fi
