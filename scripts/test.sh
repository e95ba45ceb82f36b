#!/usr/bin/env bash
# The test job (CI runs it through .ci/run):
#   1. unit + replay tests under ASan/UBSan (replay engine, clang)  build/test
#      and, with clang, mmfuzz-stability over corpus/ and repro/
#   2. the same with gcc, so every harness builds with gcc           build/gcc
#   3. the libFuzzer and AFL++ engine binaries build                 build/libfuzzer, build/afl
#      (and the AFL++ build leaves the denylisted files uninstrumented)
#   4. each libFuzzer and AFL++ binary runs its seed corpus once
# The sanitizer ctest run goes last so its summary closes the output.
# CC=gcc or CC=clang picks the compiler of step 1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
cd "$MMFUZZ_ROOT"

stability=()
[ "${CC:-clang}" = clang ] && stability=(-DMMFUZZ_STABILITY=ON)
configure_build build/test replay ON "${CC:-clang}" "${stability[@]}"
configure_build build/gcc replay ON gcc
build_libfuzzer build/libfuzzer
build_afl build/afl

# check_afl_denylist: the files fuzz/afl-denylist.txt names carry no AFL++
# coverage. A pattern that stops matching is silent except as lost stability
# (the oracle's buffer growth shows as edges); memblock.c must carry it, or
# this check could not see instrumentation at all.
check_afl_denylist() {
	local o
	objdump -h build/afl/mm/CMakeFiles/mm.dir/memblock.c.o | grep -q __sancov_guards ||
		die "build/afl: mm/memblock.c has no AFL++ coverage"
	for o in build/afl/oracle/CMakeFiles/oracle.dir/*.o build/afl/mm/CMakeFiles/mm.dir/sim/host_mem.c.o \
		build/afl/fuzz/CMakeFiles/fuzz_*.dir/engine_afl.c.o; do
		! objdump -h "$o" | grep -q __sancov_guards ||
			die "build/afl: $o has AFL++ coverage: fuzz/afl-denylist.txt no longer matches it"
	done
}
check_afl_denylist

smoke_dir=$(mktemp -d)
trap 'rm -rf "$smoke_dir"' EXIT
for t in $(list_targets build/test); do
	log "smoke: $t seeds through libFuzzer and AFL++ binaries"
	mkdir -p "$smoke_dir/$t"
	seeds=$MMFUZZ_ROOT/corpus/$t
	[ -d "$seeds" ] || seeds=$smoke_dir/$t
	# New units would land in the first (scratch) directory, never in corpus/.
	build/libfuzzer/fuzz/fuzz_"$t" -runs=0 -rss_limit_mb=2048 -timeout=10 \
		"$smoke_dir/$t" "$seeds" >"$smoke_dir/$t.log" 2>&1 ||
		{ tail -n 30 "$smoke_dir/$t.log" >&2; die "libFuzzer smoke run failed for $t"; }
	grep -E '^#[0-9]+[[:space:]]+DONE' "$smoke_dir/$t.log" >&2 || true
	build/afl/fuzz/fuzz_"$t" "$seeds" || die "AFL++ binary smoke run failed for $t"
done

log "ctest (gcc, ASan+UBSan)"
(cd build/gcc && ctest --output-on-failure -j "$MMFUZZ_JOBS")
log "ctest (${CC:-clang}, ASan+UBSan)"
(cd build/test && ctest --output-on-failure -j "$MMFUZZ_JOBS")
