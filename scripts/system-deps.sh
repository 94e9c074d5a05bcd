#!/usr/bin/env bash
# System packages from Debian, installed only when missing:
# - chromium and fonts-noto-cjk for the browser tests and the Chinese charts;
# - libreoffice-writer-nogui (soffice) to turn documents into PDF with embedded fonts;
# - poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) to check those PDFs;
# - libreoffice-calc-nogui to save the sample ledger as .xls/.ods the way an office suite
#   writes them (the spreadsheet-format tests);
# - the fontconfig aliases that map the government font names (仿宋_GB2312, 方正小标宋简体 …)
#   onto the Noto CJK fonts, so LibreOffice renders documents legibly where those are missing;
# - nginx-light, the load balancer bench/load.py --app-servers 2 starts in front of gunicorn.
# On a machine where we cannot install them, the tests that need them skip locally, but CI
# (CI=true) refuses to pass without them. When another apt/dpkg run holds the lock, we wait.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-wait.sh
. "$here/apt-wait.sh"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# Not `grep -q`: it stops reading early, fc-list dies of SIGPIPE and pipefail reports a miss.
fc-list : family 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk)
# soffice alone may be Calc only (another part installs libreoffice-calc-nogui): look for Writer.
{ command -v soffice >/dev/null && ls /usr/lib/libreoffice/program/libswlo.so >/dev/null 2>&1; } \
  || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${need[*]} from Debian packages"
    apt_get_waiting update -qq
    DEBIAN_FRONTEND=noninteractive apt_get_waiting install -y -qq "${need[@]}"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI needs ${need[*]} (apt-get install ${need[*]})" >&2
    exit 1
  else
    echo "warning: ${need[*]} missing; tests needing them will be skipped" >&2
  fi
fi

# The font aliases: system-wide when root, else for this user (fontconfig reads both).
aliases="$here/../duban/core/officialdoc/fonts/65-duban-gov-fonts.conf"
if [ "$(id -u)" = 0 ] && [ -d /etc/fonts/conf.d ]; then
  target=/etc/fonts/conf.d/65-duban-gov-fonts.conf
else
  target="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/65-duban-gov-fonts.conf"
fi
if ! cmp -s "$aliases" "$target" 2>/dev/null; then
  mkdir -p "$(dirname "$target")"
  cp "$aliases" "$target"
  command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1 || true
  echo "installed font aliases for the government fonts: $target"
fi
