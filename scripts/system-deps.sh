#!/usr/bin/env bash
# System libraries the app needs beside its Python packages (Debian/Ubuntu names).
# WeasyPrint (PDF) uses Pango and, for font subsetting, HarfBuzz-Subset; gettext compiles catalogues.
# Installs what is missing when apt-get can be used; otherwise says what to install and goes on.
set -uo pipefail
missing=()
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "== system packages: ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null)) &&
    exit 0
fi
echo "!! could not install ${missing[*]}: install them with your package manager (PDFs still work without HarfBuzz-Subset)"
exit 0
