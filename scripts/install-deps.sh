#!/usr/bin/env bash
# Install the Debian packages mmfuzz needs; does nothing (and no apt-get
# update) when they are all present.
#   bash scripts/install-deps.sh [--help]
set -euo pipefail
case ${1:-} in -h|--help) sed -n '2,4p' "$0"; exit 0 ;; esac

# librsvg2-bin: rsvg-convert renders mmfuzz map's SVG in the tests; zip, unzip
# and file: the OSS-Fuzz build and its check (scripts/oss-fuzz-check.sh).
packages=(gcc make cmake clang libclang-rt-14-dev afl++ libfdt-dev device-tree-compiler librsvg2-bin zip unzip file)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
