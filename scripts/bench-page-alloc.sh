#!/usr/bin/env bash
# Benchmark, not a test: exec/s of the page_alloc target under libFuzzer,
# with and without ASan, the oracle on (default ORACLE_FULL schedule),
# on fixed one-seed corpora so the board size is known:
#   256M   boot the 256 MiB board + 100 operations
#   2G     boot the 2 GiB board + 100 operations
# Each cell runs BENCH_SECONDS (default 20) with -mutate_depth=1 and a
# dictionary-free, fixed-length mutation so the board stays the seed's
# (mutations of the header byte can change it: the numbers are for the
# seed family, not for one exact input).  Then replays of the seed alone
# (no mutation; 5000 runs minus 1000 runs) give the pure per-input cost.
#
#   bash scripts/bench-page-alloc.sh [--seconds N] [--builds lf-san,lf]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${BENCH_SECONDS:-20}
builds=lf-san,lf
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift ;;
	--builds) builds=$2; shift ;;
	-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done

cd "$MMFUZZ_ROOT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# seed NAME BOARD: header (classic, FLATMEM, board) + 100 operations of a fixed mix.
seed() {
	python3 - "$work/$1" "$2" <<'EOF'
import sys
path, board = sys.argv[1], int(sys.argv[2])
ops = []
mix = [[0, 0, 0], [0, 3, 1], [0, 0x10, 0x83], [0, 2, 2], [2, 3], [1, 1], [0, 7, 0],
       [5, 0], [9, 0], [7, 1], [8], [0, 1, 0x82], [1, 0], [10, 0x43], [12, 0]]
i = 0
while len(ops) < 100:
    ops.append(mix[i % len(mix)])
    i += 1
data = bytes([0, 0, board] + [b for op in ops for b in op])
open(path, 'wb').write(data)
EOF
}

seed 256M 0
seed 2G 1

results=()
for b in ${builds//,/ }; do
	case $b in
	lf-san) dir=build/libfuzzer; san=address ;;
	lf) dir=build/libfuzzer-nosan; san=OFF ;;
	*) die "unknown build $b" ;;
	esac
	build_libfuzzer "$dir" "$san"
	for board in 256M 2G; do
		mkdir -p "$work/$b-$board"
		cp "$work/$board" "$work/$b-$board/"
		log "$b $board: fuzzing for $seconds s"
		"$dir/fuzz/fuzz_page_alloc" "$work/$b-$board" -max_total_time="$seconds" \
			-len_control=0 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$work/" >"$work/$b-$board.log" 2>&1 || true
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$b-$board.log")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/$b-$board.log")
		log "$b $board: replaying the seed alone"
		replay=$(replay_rate "$dir/fuzz/fuzz_page_alloc" "$work/$board")
		if grep -qE '^==[0-9]+==|^ORACLE:' "$work/$b-$board.log"; then
			eps="$eps(crash:$(grep -m1 -oE 'ORACLE: [^:]*|ERROR: [A-Za-z]+' "$work/$b-$board.log"))"
		fi
		results+=("$b $board ${eps:--} $replay ${rss:--}")
	done
done

printf '\n%-8s %-6s %14s %14s %10s\n' build board fuzz-exec/s seed-exec/s peak-rss
for r in "${results[@]}"; do
	read -r b board eps replay rss <<<"$r"
	printf '%-8s %-6s %14s %14s %10s\n' "$b" "$board" "$eps" "$replay" "$rss"
done
echo "(${seconds} s per cell on $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
