#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those that are missing.
#   scripts/system-deps.sh                 the test set (browser, LibreOffice, CJK fonts, gettext)
#   scripts/system-deps.sh gettext ...     just these packages
set -euo pipefail

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(chromium libreoffice-calc-nogui libreoffice-writer-nogui fonts-noto-cjk gettext poppler-utils)
fi

missing=()
for pkg in "${packages[@]}"; do
  # "install ok installed": a package that was removed leaves a dpkg record behind.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" </dev/null
