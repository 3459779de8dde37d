#!/usr/bin/env bash
# Installs the Debian packages intervision needs that are missing; quiet when all are there.
# usage: scripts/deps.sh build|test
set -euo pipefail
build_pkgs=(g++ cmake ninja-build pkg-config wdutch wfrench wbritish libboost1.81-dev libboost-json1.81-dev libsqlitecpp-dev libsqlite3-dev
  libfmt-dev libtomlplusplus-dev libhowardhinnant-date-dev libsodium-dev libcurl4-openssl-dev libssl-dev libicu-dev libical-dev
  zlib1g-dev libbrotli-dev libcairo2-dev fonts-dejavu-core tzdata)
test_pkgs=(wdutch wfrench wbritish catch2 python3 python3-aiosmtpd python3-icalendar sqlite3 chromium openssl curl poppler-utils lintian dpkg-dev systemd)
pkgs=("${build_pkgs[@]}")
if [ "${1:-build}" = test ]; then pkgs+=("${test_pkgs[@]}"); fi
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
