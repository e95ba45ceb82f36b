#!/usr/bin/env bash
# The test job (CI runs it through .ci/run):
#   1. unit + replay tests under ASan/UBSan (replay engine, clang)  build/test
#      and, with clang, mmfuzz-stability over corpus/ and repro/
#   2. the same with gcc, so every harness builds with gcc           build/gcc
#   3. the libFuzzer and AFL++ engine binaries build                 build/libfuzzer, build/afl
#      (and the AFL++ build leaves the denylisted files uninstrumented)
#   4. each libFuzzer and AFL++ binary runs its seed corpus once
#   5. OSS-Fuzz's build check on build/libfuzzer (ASan, what scripts/fuzz.sh
#      fuzzes with), then scripts/oss-fuzz-check.sh --quick: the OSS-Fuzz
#      build with its environment and its build check, without docker
# The sanitizer ctest run goes last so its summary closes the output.
# CC=gcc or CC=clang picks the compiler of step 1.
#   bash scripts/test.sh [--help]
set -euo pipefail
case ${1:-} in -h|--help) sed -n '2,16p' "$0"; exit 0 ;; esac
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
# has_afl_coverage OBJ: the section list is read whole first: with pipefail,
# `objdump | grep -q` fails when grep's early exit kills objdump (SIGPIPE).
has_afl_coverage() {
	local sections
	sections=$(objdump -h "$1")
	[[ $sections == *__sancov_guards* ]]
}
check_afl_denylist() {
	local o
	has_afl_coverage build/afl/mm/CMakeFiles/mm.dir/memblock.c.o ||
		die "build/afl: mm/memblock.c has no AFL++ coverage"
	for o in build/afl/oracle/CMakeFiles/oracle.dir/*.o build/afl/mm/CMakeFiles/mm.dir/sim/host_mem.c.o \
		build/afl/fuzz/CMakeFiles/fuzz_*.dir/engine_afl.c.o; do
		! has_afl_coverage "$o" ||
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

log "OSS-Fuzz's build check on build/libfuzzer (libFuzzer, ASan)"
bash scripts/bad-build-check.sh --engine libfuzzer --sanitizer address build/libfuzzer/fuzz/fuzz_* >"$smoke_dir/bbc.log" 2>&1 ||
	{ cat "$smoke_dir/bbc.log" >&2; die "build/libfuzzer fails OSS-Fuzz's build check"; }
log "OSS-Fuzz build and build check (scripts/oss-fuzz-check.sh --quick)"
bash scripts/oss-fuzz-check.sh --quick >"$smoke_dir/ofc.log" 2>&1 ||
	{ cat "$smoke_dir/ofc.log" >&2; die "the OSS-Fuzz build or its build check failed"; }
sed -n '/^==> libfdt/p; /^target /,$p' "$smoke_dir/ofc.log" >&2

log "ctest (gcc, ASan+UBSan)"
(cd build/gcc && ctest --output-on-failure -j "$MMFUZZ_JOBS")
log "ctest (${CC:-clang}, ASan+UBSan)"
(cd build/test && ctest --output-on-failure -j "$MMFUZZ_JOBS")
