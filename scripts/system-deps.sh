#!/usr/bin/env bash
# Browser tests need Chromium and a CJK font; the spreadsheet-format tests need LibreOffice
# (headless, to save the sample ledger as .xls/.ods as an office suite writes them). All come
# from Debian's packages, installed only when missing. Another apt/dpkg run on the machine is
# waited for (DPkg::Lock::Timeout) rather than failed on. On a machine where we cannot install
# them, those tests skip locally, but CI (CI=true) refuses to pass without them.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} from Debian packages"
  lock=(-o DPkg::Lock::Timeout=900)
  apt-get "${lock[@]}" update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq "${need[@]}" >/dev/null
elif [ "${CI:-}" = "true" ]; then
  echo "CI needs ${need[*]} (apt-get install ${need[*]})" >&2
  exit 1
else
  echo "warning: ${need[*]} missing; browser and format tests will be skipped" >&2
fi
