#!/usr/bin/env bash
# Benchmark, not a test: exec/s of every target under four engine builds,
# one process at a time, each for BENCH_SECONDS (default 20) from the seed
# corpus:
#   lf-san   libFuzzer, ASan                build/libfuzzer
#   lf       libFuzzer, no sanitizers       build/libfuzzer-nosan
#   afl-san  AFL++ persistent, ASan         build/afl
#   afl      AFL++ persistent, no sanitizers build/afl-nosan
# AFL++ figures come from fuzzer_stats (execs_done / run_time, stability).
# The same cells for an empty target ("(empty)": libFuzzer's and AFL++'s own
# per-execution cost on this machine, now) come first, as a ceiling to read
# the others against.
# Then an RSS check: one libFuzzer+ASan target (BENCH_RSS_TARGET, default
# dtb_struct) for BENCH_RSS_RUNS (default 1000000) runs with the ASan
# quarantine off (at most BENCH_RSS_MAX_SECONDS, default 1200); peak RSS
# at start vs end should stay flat.
#
#   bash scripts/bench.sh [--seconds N] [--targets a,b] [--rss-target T] [--rss-runs N] [--no-rss]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${BENCH_SECONDS:-20}
targets=${BENCH_TARGETS:-}
rss_target=${BENCH_RSS_TARGET:-dtb_struct}
rss_runs=${BENCH_RSS_RUNS:-1000000}
rss_max_seconds=${BENCH_RSS_MAX_SECONDS:-1200}

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift ;;
	--targets) targets=$2; shift ;;
	--rss-runs) rss_runs=$2; shift ;;
	--rss-target) rss_target=$2; shift ;;
	--no-rss) rss_runs=0 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
targets=${targets//,/ }

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
cd "$MMFUZZ_ROOT"
build_libfuzzer build/libfuzzer
build_libfuzzer build/libfuzzer-nosan OFF
build_afl build/afl
build_afl build/afl-nosan OFF
[ -n "$targets" ] || targets=$(list_targets build/libfuzzer | tr '\n' ' ')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
afl_env

# bench_libfuzzer BUILD TARGET -> "exec/s runs - crashes" (libFuzzer stops at the first)
bench_libfuzzer() {
	local b=$1 t=$2 d
	d=$work/$(echo "lf-$1-$2" | tr / _)
	mkdir -p "$d"
	copy_seeds "$t" "$d/corpus"
	# shellcheck disable=SC2046
	"$b/fuzz/fuzz_$t" "$d/corpus" $(dict_of "$t" -dict=) $(libfuzzer_options_of "$t") -max_total_time="$seconds" \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$d/" \
		>"$d/log" 2>&1 || true
	printf '%s %s - %s\n' "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log")" \
		"$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log")" \
		"$(find "$d" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
}

# bench_afl BUILD TARGET -> "exec/s runs stability crashes+hangs"
bench_afl() {
	local b=$1 t=$2 d s
	d=$work/$(echo "afl-$1-$2" | tr / _)
	mkdir -p "$d"
	copy_seeds "$t" "$d/seeds"
	[ -n "$(ls -A "$d/seeds")" ] || printf '\0' >"$d/seeds/empty"
	# shellcheck disable=SC2046
	afl-fuzz -i "$d/seeds" -o "$d/out" -V "$seconds" $(dict_of "$t" "-x ") \
		-- "$b/fuzz/fuzz_$t" >"$d/log" 2>&1 || true
	s=$d/out/default/fuzzer_stats
	if [ ! -f "$s" ]; then
		tail -n 5 "$d/log" >&2
		echo "- - - -"
		return
	fi
	awk -F' *: *' '$1=="execs_done"{e=$2} $1=="run_time"{r=$2} $1=="stability"{s=$2}
		$1=="saved_crashes"||$1=="saved_hangs"{c+=$2}
		END{printf "%.0f %s %s %d\n", (r>0?e/r:0), e, s, c}' "$s"
}

# build_empty DIR: fuzz/fuzz_empty for each engine cell, doing nothing per input.
build_empty() {
	local dir=$1 san=(-fsanitize=address)
	mkdir -p "$dir"/{lf-san,lf,afl-san,afl}/fuzz
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		>"$dir/lf.c"
	printf '%s\n' '__AFL_FUZZ_INIT();' \
		'int main(void) { __AFL_INIT(); while (__AFL_LOOP(100000)) (void)__AFL_FUZZ_TESTCASE_LEN; return 0; }' \
		>"$dir/afl.c"
	clang -O2 -fsanitize=fuzzer "${san[@]}" "$dir/lf.c" -o "$dir/lf-san/fuzz/fuzz_empty"
	clang -O2 -fsanitize=fuzzer "$dir/lf.c" -o "$dir/lf/fuzz/fuzz_empty"
	afl-clang-fast -O2 "${san[@]}" "$dir/afl.c" -o "$dir/afl-san/fuzz/fuzz_empty" 2>/dev/null
	afl-clang-fast -O2 "$dir/afl.c" -o "$dir/afl/fuzz/fuzz_empty" 2>/dev/null
}

results=()
build_empty "$work/empty"
for name in lf-san lf afl-san afl; do
	log "(empty): $name for $seconds s"
	case $name in
	lf*) r=$(bench_libfuzzer "$work/empty/$name" empty) ;;
	*) r=$(bench_afl "$work/empty/$name" empty) ;;
	esac
	results+=("(empty) $name $r")
done
for t in $targets; do
	for cfg in lf-san:build/libfuzzer lf:build/libfuzzer-nosan afl-san:build/afl afl:build/afl-nosan; do
		name=${cfg%%:*} b=${cfg#*:}
		log "$t: $name for $seconds s"
		case $name in
		lf*) r=$(bench_libfuzzer "$b" "$t") ;;
		*) r=$(bench_afl "$b" "$t") ;;
		esac
		results+=("$t $name $r")
	done
done

rss_line=
if [ "$rss_runs" -gt 0 ]; then
	log "RSS: $rss_target for $rss_runs runs (libFuzzer, ASan, quarantine off)"
	mkdir -p "$work/rss/corpus"
	copy_seeds "$rss_target" "$work/rss/corpus"
	ASAN_OPTIONS=quarantine_size_mb=0 build/libfuzzer/fuzz/fuzz_"$rss_target" "$work/rss/corpus" \
		-runs="$rss_runs" -max_total_time="$rss_max_seconds" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/rss/" >"$work/rss/log" 2>&1 || true
	rss_first=$(grep -oE 'rss: [0-9]+Mb' "$work/rss/log" | head -n 1 | grep -oE '[0-9]+' || true)
	rss_last=$(grep -oE 'rss: [0-9]+Mb' "$work/rss/log" | tail -n 1 | grep -oE '[0-9]+' || true)
	rss_peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/rss/log")
	rss_done=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/rss/log")
	rss_line="rss: $rss_target ${rss_done:-?} runs: ${rss_first:-?} MB at start, ${rss_last:-?} MB at end, peak ${rss_peak:-?} MB"
	if grep -qE '^==[0-9]+==|^ORACLE:' "$work/rss/log"; then
		rss_line="$rss_line (ended early: $(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z-]+|^ORACLE: [^:]*' "$work/rss/log"))"
	fi
fi

printf '\n%-14s %-8s %10s %12s %10s %8s\n' target engine exec/s runs stability crashes
for r in "${results[@]}"; do
	read -r t name eps runs stab crashes <<<"$r"
	printf '%-14s %-8s %10s %12s %10s %8s\n' "$t" "$name" "${eps:--}" "${runs:--}" "${stab:--}" "${crashes:--}"
done
echo "(a libFuzzer cell with crashes stopped early: its exec/s covers a shorter run)"
if [ -n "$rss_line" ]; then printf '\n%s\n' "$rss_line"; fi
echo "(${seconds} s per cell, one process at a time on $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
