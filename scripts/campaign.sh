#!/usr/bin/env bash
# Campaign mode: fuzz each target for a set time, one target and one
# process at a time, alternating libFuzzer and AFL++ on one shared corpus;
# then replay every kept input with every check on and print a table.
#
#   bash scripts/campaign.sh [--minutes N] [--targets a,b] [--slice SECONDS]
#                            [--no-afl] [--out DIR]
#                            [--sanitizer address|undefined|address,undefined]
#
# Per target (default: all, 10 minutes each, CAMPAIGN_MINUTES): libFuzzer
# (ASan, or --sanitizer's, as in fuzz.sh) for a slice (default 120 s) on
# out/campaign/<t>/corpus, then AFL++ for a slice from that corpus, whose
# queue libFuzzer's -merge=1 folds back into the corpus (the files that add
# libFuzzer features), and so on until the time is up; merges count
# against it.  Crashes and hangs of both
# engines land in out/campaign/<t>/crashes/.  Then mmfuzz-replay runs every
# corpus input with every check on (for at most as long again; a failing
# input is saved as crashes/replay-<name>) and the final corpus is measured
# once (-runs=0) for its coverage.  Exits non-zero if anything crashed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

minutes=${CAMPAIGN_MINUTES:-10}
slice=${CAMPAIGN_SLICE:-120}
targets=${CAMPAIGN_TARGETS:-}
use_afl=1
out=${CAMPAIGN_OUT:-$MMFUZZ_ROOT/out/campaign}
sanitizer=${CAMPAIGN_SANITIZER:-address}

while [ $# -gt 0 ]; do
	case $1 in
	--minutes) minutes=$2; shift ;;
	--targets) targets=$2; shift ;;
	--slice) slice=$2; shift ;;
	--no-afl) use_afl= ;;
	--out) out=$2; shift ;;
	--sanitizer) sanitizer=$2; shift ;;
	-h|--help) sed -n '2,19p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
targets=${targets//,/ }
case $minutes$slice in *[!0-9]*) die "--minutes and --slice take whole numbers" ;; esac
if [ "$minutes" -le 0 ] || [ "$slice" -le 0 ]; then die "--minutes and --slice must be positive"; fi

suffix=$(sanitizer_suffix "$sanitizer")

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
lf_build=$MMFUZZ_ROOT/build/libfuzzer$suffix
afl_build=$MMFUZZ_ROOT/build/afl$suffix
build_libfuzzer "$lf_build" "$sanitizer"
[ -n "$use_afl" ] && build_afl "$afl_build" "$sanitizer"
[ -n "$targets" ] || targets=$(list_targets "$lf_build" | tr '\n' ' ')
for t in $targets; do
	[ -x "$lf_build/fuzz/fuzz_$t" ] || die "no libFuzzer binary for target '$t'"
done

# add_to TOTALS_FILE EXECS SECONDS: accumulate an engine's executions and wall time.
add_to() {
	local e=0 s=0
	[ -f "$1" ] && read -r e s <"$1"
	echo "$((e + ${2:-0})) $((s + ${3:-0}))" >"$1"
}

# One libFuzzer slice on the corpus.
libfuzzer_slice() {
	local t=$1 dir=$2 round=$3 secs=$4 logf=$2/logs/libfuzzer-$3.log start=$SECONDS
	run_libfuzzer "$lf_build" "$t" "$dir/corpus" "$dir/crashes" "$secs" "$logf"
	add_to "$dir/lf.total" "$(lf_stat number_of_executed_units "$logf")" "$((SECONDS - start))"
}

# One AFL++ slice from the corpus, then its queue merged back; crashes and hangs kept.
afl_slice() {
	local t=$1 dir=$2 round=$3 secs=$4 o=$2/afl/round-$3 start=$SECONDS f
	run_afl "$afl_build" "$t" "$dir/corpus" "$o" "$secs" "$dir/logs/afl-$round.log"
	add_to "$dir/afl.total" "$(afl_stat execs_done "$o/default/fuzzer_stats")" "$((SECONDS - start))"
	afl_stat edges_found "$o/default/fuzzer_stats" >"$dir/afl.edges"
	for f in "$o"/default/crashes/id:* "$o"/default/hangs/id:*; do
		[ -f "$f" ] && cp "$f" "$dir/crashes/afl-$round-$(basename "$(dirname "$f")")-${f##*/id:}"
	done
	[ -d "$o/default/queue" ] || return 0
	# shellcheck disable=SC2046
	"$lf_build/fuzz/fuzz_$t" -merge=1 $(libfuzzer_options_of "$t") -rss_limit_mb=2048 -timeout=10 \
		"$dir/corpus" "$o/default/queue" >"$dir/logs/merge-$round.log" 2>&1 || true
	sed -n 's/.*MERGE-OUTER: \([0-9]*\) new files.*/\1/p' "$dir/logs/merge-$round.log" |
		awk '{ n += $1 } END { print n + 0 }' >>"$dir/afl.merged"
}

campaign() {
	local t=$1 dir=$out/$1 end round=0 left
	rm -rf "$dir"
	mkdir -p "$dir/crashes" "$dir/logs" "$dir/afl"
	copy_seeds "$t" "$dir/corpus"
	[ -n "$(ls -A "$dir/corpus")" ] || printf '\0' >"$dir/corpus/empty"
	end=$((SECONDS + minutes * 60))
	while [ "$SECONDS" -lt "$end" ]; do
		round=$((round + 1))
		left=$((end - SECONDS))
		libfuzzer_slice "$t" "$dir" "$round" "$((left < slice ? left : slice))"
		left=$((end - SECONDS))
		if [ -n "$use_afl" ] && [ "$left" -gt 10 ]; then
			afl_slice "$t" "$dir" "$round" "$((left < slice ? left : slice))"
		fi
	done
	log "$t: replaying $(find "$dir/corpus" -type f | wc -l) kept inputs with every check on"
	replay_kept "$lf_build" "$t" "$dir" "$((minutes * 60))"
	# shellcheck disable=SC2046
	"$lf_build/fuzz/fuzz_$t" -runs=0 $(libfuzzer_options_of "$t") -rss_limit_mb=2048 -timeout=10 \
		"$dir/corpus" >"$dir/logs/final-coverage.log" 2>&1 || true
}

log "campaign ($sanitizer): $minutes min per target, slices of $slice s${use_afl:+, libFuzzer and AFL++ alternating}: $targets"
for t in $targets; do
	log "$t: $minutes min"
	campaign "$t"
done

# per_sec TOTALS_FILE: "execs exec/s" from accumulated executions and seconds.
per_sec() {
	local e=0 s=0
	[ -f "$1" ] && read -r e s <"$1"
	echo "$e $([ "$s" -gt 0 ] && echo $((e / s)) || echo -)"
}

total_crashes=0
printf '\n%-13s %4s %11s %7s %11s %7s %9s %6s %7s %7s %9s %8s\n' target min lf-execs lf-x/s \
	afl-execs afl-x/s afl-edges cov ft corpus replayed crashes
for t in $targets; do
	dir=$out/$t
	read -r lfe lfs < <(per_sec "$dir/lf.total")
	read -r afe afs < <(per_sec "$dir/afl.total")
	read -r cov ft < <(lf_cov "$dir/logs/final-coverage.log")
	read -r nrep ntot <"$dir/replay.count" 2>/dev/null || { nrep=-; ntot=-; }
	ncrash=$(find "$dir/crashes" -type f | wc -l)
	total_crashes=$((total_crashes + ncrash))
	printf '%-13s %4s %11s %7s %11s %7s %9s %6s %7s %7s %9s %8s\n' "$t" "$minutes" "$lfe" "$lfs" \
		"${use_afl:+$afe}" "${use_afl:+$afs}" "$(cat "$dir/afl.edges" 2>/dev/null || echo -)" \
		"$cov" "$ft" "$ntot" "$nrep" "$ncrash"
	[ -f "$dir/afl.merged" ] &&
		echo "               AFL++ inputs merged into the corpus per slice: $(paste -sd' ' "$dir/afl.merged")"
done
echo
echo "(cov/ft: libFuzzer's, of the final corpus; afl-edges: AFL++'s last slice; replayed: inputs"
echo " replayed with every check on, of corpus; crashes: ${out#"$MMFUZZ_ROOT"/}/<target>/crashes/)"
if [ "$total_crashes" -gt 0 ]; then
	echo "FOUND $total_crashes crash/hang input(s): replay with build/test/fuzz/mmfuzz-replay --target <t> FILE,"
	echo "then fix and keep: bash scripts/add-repro.sh <target> <file> \"what broke\""
	exit 1
fi
echo "no crashes"
