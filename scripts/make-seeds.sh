#!/bin/sh
# Regenerate the committed seeds: corpus/dts/*.dts → corpus/dtb_raw/<name>.dtb
# with dtc, each followed by dtb_raw's one-byte configuration trailer (names
# containing "lpae" get 0x01, the LPAE configuration; the others 0x00), and
# the structured seeds of dtb_struct, memblock_ops and slub with mmfuzz-seedgen
# (built here in build-seeds/ unless SEEDGEN names a binary).
#   sh scripts/make-seeds.sh [--help]
set -eu
case ${1:-} in -h|--help) sed -n '2,7p' "$0"; exit 0 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/corpus"

command -v dtc >/dev/null || { echo "make-seeds: dtc not found (apt-get install device-tree-compiler)" >&2; exit 1; }

mkdir -p "$corpus/dtb_raw" "$corpus/dtb_struct" "$corpus/memblock_ops" "$corpus/slub"
n=0
for dts in "$corpus"/dts/*.dts; do
	[ -e "$dts" ] || continue
	name=$(basename "$dts" .dts)
	# dtb_raw reads its configuration from the byte after the blob (docs/fuzz-input-format.md).
	case "$name" in
	*lpae*) cfg='\001' ;;
	*) cfg='\000' ;;
	esac
	dtc -q -I dts -O dtb -o "$corpus/dtb_raw/$name.dtb" "$dts"
	printf '%b' "$cfg" >>"$corpus/dtb_raw/$name.dtb"
	n=$((n + 1))
done
echo "make-seeds: $n dtb_raw seeds from corpus/dts"

if [ -z "${SEEDGEN:-}" ]; then
	build="$root/build-seeds"
	cmake -S "$root" -B "$build" -DMMFUZZ_ENGINE=replay -DMMFUZZ_SANITIZE=OFF -DMMFUZZ_TESTS=OFF >/dev/null
	cmake --build "$build" --target mmfuzz-seedgen -j2 >/dev/null
	SEEDGEN="$build/fuzz/mmfuzz-seedgen"
fi
"$SEEDGEN" "$corpus"
echo "make-seeds: dtb_struct $(ls "$corpus/dtb_struct" | wc -l), memblock_ops $(ls "$corpus/memblock_ops" | wc -l), slub $(ls "$corpus/slub" | wc -l) seeds, page_alloc board seeds"
