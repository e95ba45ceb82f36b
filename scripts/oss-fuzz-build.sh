#!/usr/bin/env bash
# The OSS-Fuzz / ClusterFuzzLite build (oss-fuzz/build.sh and
# .clusterfuzzlite/build.sh run it inside OSS-Fuzz's base-builder image;
# scripts/oss-fuzz-check.sh runs it here with the same environment):
#
#   bash scripts/oss-fuzz-build.sh [--help]
#
# Reads OSS-Fuzz's environment: $CC, $CFLAGS (sanitizer and coverage flags
# included), $LIB_FUZZING_ENGINE, $FUZZING_ENGINE (libfuzzer or afl),
# $SANITIZER (only reported: $CFLAGS carry it), $SRC, $WORK, $OUT.
# Builds libfdt from the dtc sources in $SRC/dtc (MMFUZZ_DTC_SRC overrides)
# with $CC $CFLAGS into $WORK/libfdt/libfdt.a and links it statically (the
# runner image has no libfdt.so.1); MMFUZZ_LIBFDT_PREBUILT=path/libfdt.a
# links that static library instead (scripts/oss-fuzz-check.sh's last
# resort), with the system's libfdt.h.  Then it builds every fuzz target, and writes to
# $OUT, per target: fuzz_<target>, fuzz_<target>.options (libFuzzer flags,
# max_len), fuzz_<target>.dict and fuzz_<target>_seed_corpus.zip (the
# seeds of corpus/<target>/ and, as repro-<name>, the regression inputs of
# repro/<target>/).  Nothing is written outside $WORK and $OUT.
set -euo pipefail

case ${1:-} in
-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
'') ;;
*) echo "oss-fuzz-build.sh: no arguments (see --help)" >&2; exit 2 ;;
esac
for v in CC CFLAGS LIB_FUZZING_ENGINE SRC WORK OUT; do
	[ -n "${!v+x}" ] || { echo "oss-fuzz-build.sh: \$$v is not set (see --help)" >&2; exit 2; }
done
case ${FUZZING_ENGINE:-libfuzzer} in
libfuzzer|afl) engine=${FUZZING_ENGINE:-libfuzzer} ;;
*) echo "oss-fuzz-build.sh: fuzzing engine '$FUZZING_ENGINE' is not supported (libfuzzer, afl)" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
if [ -n "${MMFUZZ_LIBFDT_PREBUILT:-}" ]; then
	libfdt=(-DLIBFDT_LIBRARY="$MMFUZZ_LIBFDT_PREBUILT")
	echo "mmfuzz: engine $engine, sanitizer ${SANITIZER:-?}, prebuilt libfdt $MMFUZZ_LIBFDT_PREBUILT"
else
	dtc=${MMFUZZ_DTC_SRC:-$SRC/dtc}
	[ -f "$dtc/libfdt/libfdt.h" ] || { echo "oss-fuzz-build.sh: no dtc sources in $dtc" >&2; exit 2; }
	echo "mmfuzz: engine $engine, sanitizer ${SANITIZER:-?}, libfdt from $dtc"
	# instrumented like the rest: libfdt's checks are half of dtb_raw's target
	lib=$WORK/libfdt
	rm -rf "$lib"
	mkdir -p "$lib"
	for c in "$dtc"/libfdt/*.c; do
		# shellcheck disable=SC2086
		$CC $CFLAGS -I"$dtc/libfdt" -c "$c" -o "$lib/$(basename "$c" .c).o"
	done
	ar rcs "$lib/libfdt.a" "$lib"/*.o
	libfdt=(-DLIBFDT_INCLUDE_DIR="$dtc/libfdt" -DLIBFDT_LIBRARY="$lib/libfdt.a")
fi

# CMAKE_BUILD_TYPE=None: nothing appended after $CFLAGS.
build=$WORK/mmfuzz
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
	-DMMFUZZ_ENGINE="$engine" -DMMFUZZ_SANITIZE=OFF -DMMFUZZ_TESTS=OFF \
	-DMMFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" "${libfdt[@]}"
targets=$(sed -n 's/^set(MMFUZZ_TARGETS \(.*\) CACHE .*/\1/p' "$root/fuzz/CMakeLists.txt")
[ -n "$targets" ] || { echo "oss-fuzz-build.sh: no MMFUZZ_TARGETS in fuzz/CMakeLists.txt" >&2; exit 1; }
# shellcheck disable=SC2046
cmake --build "$build" -j "$jobs" --target $(printf 'fuzz_%s ' $targets)

for t in $targets; do
	cp "$build/fuzz/fuzz_$t" "$OUT/"
	cp "$root/corpus/$t.options" "$OUT/fuzz_$t.options"
	cp "$root/corpus/$t.dict" "$OUT/fuzz_$t.dict"
	seeds=$WORK/seeds/$t
	rm -rf "$seeds"
	mkdir -p "$seeds"
	for dir in corpus repro; do
		[ -d "$root/$dir/$t" ] || continue
		prefix=${dir/corpus/}
		# inputs as fuzz/input_files.c names them: no extension, .dtb or .bin
		find "$root/$dir/$t" -type f ! -name '.*' \( ! -name '*.*' -o -name '*.dtb' -o -name '*.bin' \) -print0 |
			while IFS= read -r -d '' f; do cp "$f" "$seeds/$prefix${prefix:+-}$(basename "$f")"; done
	done
	rm -f "$OUT/fuzz_${t}_seed_corpus.zip"
	(cd "$seeds" && zip -q -X "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
done
echo "mmfuzz: built $(printf 'fuzz_%s ' $targets)into $OUT"
