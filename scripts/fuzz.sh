#!/usr/bin/env bash
# The main job: build every fuzz target with libFuzzer + ASan/UBSan, fuzz
# each on a copy of its seed corpus, replay what each run kept with every
# check on (the fuzzing runs schedule their expensive checks; mmfuzz-replay
# does not), then a short AFL++ run, and print a summary.  Exits non-zero
# if anything crashed.
#
#   bash scripts/fuzz.sh [--seconds N] [--targets a,b] [--afl-seconds N]
#                        [--afl-targets a,b | --no-afl] [--out DIR]
#                        [--sanitizer address|undefined|address,undefined]
#                        [--progress N]
#
# Defaults: 60 s per libFuzzer target (FUZZ_SECONDS), up to nproc targets at
# a time (one process each), then at most as long again replaying its
# corpus; then 30 s of AFL++ on memblock_ops
# (FUZZ_AFL_SECONDS, FUZZ_AFL_TARGETS; an empty list skips AFL++).
# The binaries carry one sanitizer, ASan by default (FUZZ_SANITIZER), as
# OSS-Fuzz's build check requires; address,undefined is the developers'
# combination (build/libfuzzer-address-undefined), which that check
# rejects.  Every N s (FUZZ_PROGRESS, default 10; 0: quiet) a line per
# running target: executions, exec/s, coverage, corpus, crashes so far.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${FUZZ_SECONDS:-60}
afl_seconds=${FUZZ_AFL_SECONDS:-30}
targets=${FUZZ_TARGETS:-}
afl_targets=${FUZZ_AFL_TARGETS-memblock_ops}
out=${FUZZ_OUT:-$MMFUZZ_ROOT/out}
sanitizer=${FUZZ_SANITIZER:-address}
progress=${FUZZ_PROGRESS:-10}

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift ;;
	--targets) targets=$2; shift ;;
	--afl-seconds) afl_seconds=$2; shift ;;
	--afl-targets) afl_targets=$2; shift ;;
	--no-afl) afl_targets= ;;
	--out) out=$2; shift ;;
	--sanitizer) sanitizer=$2; shift ;;
	--progress) progress=$2; shift ;;
	-h|--help) sed -n '2,22p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
targets=${targets//,/ }
afl_targets=${afl_targets//,/ }

suffix=$(sanitizer_suffix "$sanitizer")
bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
lf_build=$MMFUZZ_ROOT/build/libfuzzer$suffix
afl_build=$MMFUZZ_ROOT/build/afl$suffix
build_libfuzzer "$lf_build" "$sanitizer"
[ -n "$afl_targets" ] && build_afl "$afl_build" "$sanitizer"
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

# progress_line TARGET: where a running target stands, from its logs.
progress_line() {
	local t=$1 dir=$out/$1 last crashes
	crashes=$(find "$dir/crashes" -type f 2>/dev/null | wc -l)
	if [ -f "$dir/afl/afl.log" ] && [ ! -f "$dir/afl/done" ]; then
		# without its UI afl-fuzz writes fuzzer_stats only at the end; its log says how far it got
		last=$(grep -a 'Fuzzing test case' "$dir/afl/afl.log" | tail -n 1 || true)
		crashes=$(find "$dir/afl/out/default/crashes" "$dir/afl/out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
		printf '%-14s afl++      corpus %s  crashes %s  (executions and edges at the end)\n' "$t" \
			"$(sed -n 's/.*(\([0-9]*\) total.*/\1/p' <<<"$last")" "$crashes"
		return
	fi
	[ -f "$dir/libfuzzer.log" ] && [ ! -f "$dir/replay.count" ] || return 0
	if [ -f "$dir/replay.log" ]; then
		printf '%-14s replaying  %s inputs so far  crashes %s\n' "$t" \
			"$(grep -cE '^(ok|rejected) ' "$dir/replay.log" "$dir/replay.part" 2>/dev/null | awk -F: '{ n += $2 } END { print n + 0 }')" "$crashes"
		return
	fi
	last=$(grep -aE '^#[0-9]+.*cov: ' "$dir/libfuzzer.log" | tail -n 1 || true)
	[ -n "$last" ] || { printf '%-14s libfuzzer  starting\n' "$t"; return; }
	printf '%-14s libfuzzer  execs %s  exec/s %s  cov %s  ft %s  corpus %s  crashes %s\n' "$t" \
		"$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")" "$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' <<<"$last")" \
		"$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")" "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" \
		"$(find "$dir/corpus" -type f | wc -l)" "$crashes"
}

# Runs in the background until killed: a progress line per running target every $progress s.
progress_loop() {
	local start=$SECONDS t line
	while sleep "$progress"; do
		for t in $(printf '%s\n' $targets $afl_targets | awk '!seen[$0]++'); do
			line=$(progress_line "$t") && [ -n "$line" ] && printf '[%4ss] %s\n' "$((SECONDS - start))" "$line" >&2
		done
	done
}

for t in $targets $afl_targets; do
	rm -f "$out/$t/replay.count" "$out/$t/replay.log" "$out/$t/libfuzzer.log"
	rm -rf "$out/$t/afl"
done
progress_pid=
if [ "$progress" -gt 0 ]; then
	progress_loop &
	progress_pid=$!
	trap 'kill "$progress_pid" 2>/dev/null || true' EXIT
fi

log "libFuzzer ($sanitizer): $seconds s per target, $MMFUZZ_JOBS at a time: $targets"
# Waits name the fuzzing jobs: the progress loop never ends by itself.
jobs_left=()
for t in $targets; do
	[ -x "$lf_build/fuzz/fuzz_$t" ] || die "no libFuzzer binary for target '$t'"
	{ fuzz_libfuzzer "$t"; replay_kept "$lf_build" "$t" "$out/$t" "$seconds"; } &
	jobs_left+=($!)
	if [ "${#jobs_left[@]}" -ge "$MMFUZZ_JOBS" ]; then
		wait -n "${jobs_left[@]}" || true
		mapfile -t jobs_left < <(for p in "${jobs_left[@]}"; do kill -0 "$p" 2>/dev/null && echo "$p"; done)
	fi
done
[ "${#jobs_left[@]}" -eq 0 ] || wait "${jobs_left[@]}" || true
for t in $afl_targets; do
	log "AFL++ ($sanitizer): $afl_seconds s on $t"
	fuzz_afl "$t"
	touch "$out/$t/afl/done"
done
if [ -n "$progress_pid" ]; then
	kill "$progress_pid" 2>/dev/null || true
	wait "$progress_pid" 2>/dev/null || true
fi


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
	echo "  ${lf_build#"$MMFUZZ_ROOT"/}/cli/mmfuzz replay <file>     (the broken invariant, the operation, the commands)"
	echo "then fix it and keep it as a regression test: bash scripts/add-repro.sh <target> <file> \"what broke\""
	exit 1
fi
echo "no crashes"
