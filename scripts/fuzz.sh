#!/usr/bin/env bash
# The main job: build every fuzz target with libFuzzer + ASan/UBSan, fuzz
# each on a copy of its seed corpus, replay what each run kept with every
# check on (the fuzzing runs schedule their expensive checks; mmfuzz-replay
# does not), then a short AFL++ run, and print a summary.  Exits non-zero
# if anything crashed.
#
#   bash scripts/fuzz.sh [--seconds N] [--targets a,b] [--afl-seconds N]
#                        [--afl-targets a,b | --no-afl] [--out DIR]
#
# Defaults: 60 s per libFuzzer target (FUZZ_SECONDS), up to nproc targets at
# a time (one process each), then at most as long again replaying its
# corpus; then 30 s of AFL++ on memblock_ops
# (FUZZ_AFL_SECONDS, FUZZ_AFL_TARGETS; an empty list skips AFL++).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${FUZZ_SECONDS:-60}
afl_seconds=${FUZZ_AFL_SECONDS:-30}
targets=${FUZZ_TARGETS:-}
afl_targets=${FUZZ_AFL_TARGETS-memblock_ops}
out=${FUZZ_OUT:-$MMFUZZ_ROOT/out}

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift ;;
	--targets) targets=$2; shift ;;
	--afl-seconds) afl_seconds=$2; shift ;;
	--afl-targets) afl_targets=$2; shift ;;
	--no-afl) afl_targets= ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
targets=${targets//,/ }
afl_targets=${afl_targets//,/ }

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
lf_build=$MMFUZZ_ROOT/build/libfuzzer
afl_build=$MMFUZZ_ROOT/build/afl
build_libfuzzer "$lf_build"
[ -n "$afl_targets" ] && build_afl "$afl_build"
[ -n "$targets" ] || targets=$(list_targets "$lf_build" | tr '\n' ' ')

# fuzz_libfuzzer TARGET: one libFuzzer process, logging to out/<t>/libfuzzer.log.
fuzz_libfuzzer() {
	local t=$1 dir=$out/$1
	rm -rf "$dir/corpus" "$dir/crashes"
	mkdir -p "$dir/crashes"
	copy_seeds "$t" "$dir/corpus"
	run_libfuzzer "$lf_build" "$t" "$dir/corpus" "$dir/crashes" "$seconds" "$dir/libfuzzer.log"
}

fuzz_afl() {
	local t=$1 dir=$out/$1/afl
	rm -rf "$dir"
	mkdir -p "$dir"
	copy_seeds "$t" "$dir/seeds"
	[ -n "$(ls -A "$dir/seeds")" ] || printf '\0' >"$dir/seeds/empty"
	run_afl "$afl_build" "$t" "$dir/seeds" "$dir/out" "$afl_seconds" "$dir/afl.log"
}

log "libFuzzer: $seconds s per target, $MMFUZZ_JOBS at a time: $targets"
running=0
for t in $targets; do
	[ -x "$lf_build/fuzz/fuzz_$t" ] || die "no libFuzzer binary for target '$t'"
	{ fuzz_libfuzzer "$t"; replay_kept "$lf_build" "$t" "$out/$t" "$seconds"; } &
	running=$((running + 1))
	if [ "$running" -ge "$MMFUZZ_JOBS" ]; then
		wait -n || true
		running=$((running - 1))
	fi
done
wait
for t in $afl_targets; do
	log "AFL++: $afl_seconds s on $t"
	fuzz_afl "$t"
done

total_crashes=0
printf '\n%-14s %-9s %10s %8s %6s %7s %7s %9s %8s  %s\n' \
	target engine runs exec/s cov ft corpus replayed crashes saved-in
for t in $targets; do
	logf=$out/$t/libfuzzer.log
	read -r cov ft < <(lf_cov "$logf")
	ncorp=$(find "$out/$t/corpus" -type f | wc -l)
	ncrash=$(find "$out/$t/crashes" -type f | wc -l)
	total_crashes=$((total_crashes + ncrash))
	read -r nrep _ <"$out/$t/replay.count" 2>/dev/null || nrep=-
	printf '%-14s %-9s %10s %8s %6s %7s %7s %9s %8s  %s\n' "$t" libfuzzer \
		"$(lf_stat number_of_executed_units "$logf")" "$(lf_stat average_exec_per_sec "$logf")" \
		"$cov" "$ft" "$ncorp" "$nrep" "$ncrash" "${out#"$MMFUZZ_ROOT"/}/$t/crashes/"
done
for t in $afl_targets; do
	dir=$out/$t/afl/out/default
	ncrash=$(find "$dir/crashes" "$dir/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
	total_crashes=$((total_crashes + ncrash))
	printf '%-14s %-9s %10s %8s %6s %7s %7s %9s %8s  %s\n' "$t" afl++ \
		"$(afl_stat execs_done "$dir/fuzzer_stats")" "$(afl_stat execs_per_sec "$dir/fuzzer_stats")" \
		"$(afl_stat edges_found "$dir/fuzzer_stats")" - "$(afl_stat corpus_count "$dir/fuzzer_stats")" \
		- "$ncrash" "${dir#"$MMFUZZ_ROOT"/}/crashes/"
done
echo
echo "(replayed: corpus inputs replayed with every check on, in at most ${seconds} s; AFL++ cov = edges_found)"
echo "logs: ${out#"$MMFUZZ_ROOT"/}/<target>/libfuzzer.log, ${out#"$MMFUZZ_ROOT"/}/<target>/replay.log, ${out#"$MMFUZZ_ROOT"/}/<target>/afl/afl.log"
if [ "$total_crashes" -gt 0 ]; then
	echo "FOUND $total_crashes crash/hang input(s); replay one with:"
	echo "  build/libfuzzer/fuzz/fuzz_<target> <file>"
	echo "then fix it and keep it as a regression test: bash scripts/add-repro.sh <target> <file> \"what broke\""
	exit 1
fi
echo "no crashes"
