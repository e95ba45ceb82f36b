#!/usr/bin/env bash
# Benchmark, not a test: exec/s of the slub target under libFuzzer, with and
# without ASan+UBSan, its checks on, on a fixed one-seed corpus: the 256 MiB
# board, one CPU, no slub_debug, then 100 slab operations of a fixed mix
# (two caches, kmem_cache_alloc, kmalloc of every class, frees, writes, CPU
# switches are no-ops on one CPU, a shrink, kfree).  Each cell fuzzes
# BENCH_SECONDS (default 20) with -len_control=0 (numbers for the seed's
# family), then replays the seed alone (5000 runs minus 1000 runs: the pure
# per-input cost).  Aim: >= 3,000 exec/s with ASan+UBSan.  --oracles runs
# each build once per oracle level (MMFUZZ_ORACLE: off, cheap, full), to show
# what the checks cost.
#
#   bash scripts/bench-slub.sh [--seconds N] [--builds lf-san,lf] [--oracles off,full]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${BENCH_SECONDS:-20}
builds=lf-san,lf
oracles=full
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift ;;
	--builds) builds=$2; shift ;;
	--oracles) oracles=$2; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done

cd "$MMFUZZ_ROOT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# docs/fuzz-input-format.md, "slub target": header, two creates, then a cycle of operations.
python3 - "$work/seed" <<'PY'
import sys
ops = [[0, 0, 99, 0, 0, 0, 0], [0, 1, 199, 0, 0, 1, 0]]
mix = [[1, 0, 0], [2, 0, 40, 0, 0], [1, 1, 0], [3, 0], [2, 1, 0, 2, 0], [10, 1, 0x5a],
       [1, 0x80, 0], [2, 2, 5, 0, 0], [3, 2], [1, 0x92, 0], [4, 1], [2, 0, 200, 0, 0],
       [7, 0], [1, 0, 0x03], [3, 3], [11, 0], [8, 0x80], [1, 1, 0], [3, 1], [2, 1, 0x10, 0x01, 0]]
i = 0
while len(ops) < 100:
    ops.append(mix[i % len(mix)])
    i += 1
open(sys.argv[1], 'wb').write(bytes([0, 0, 1, 0] + [b for op in ops for b in op]))
PY

results=()
for b in ${builds//,/ }; do
	case $b in
	lf-san) dir=build/libfuzzer; san=ON ;;
	lf) dir=build/libfuzzer-nosan; san=OFF ;;
	*) die "unknown build $b" ;;
	esac
	build_libfuzzer "$dir" "$san"
	for o in ${oracles//,/ }; do
		cell=$b/$o
		mkdir -p "$work/$cell"
		cp "$work/seed" "$work/$cell/"
		log "$cell: fuzzing for $seconds s"
		MMFUZZ_ORACLE=$o "$dir/fuzz/fuzz_slub" "$work/$cell" -max_total_time="$seconds" -len_control=0 \
			-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" >"$work/$b-$o.log" 2>&1 || true
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$b-$o.log")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/$b-$o.log")
		log "$cell: replaying the seed alone"
		replay=$(MMFUZZ_ORACLE=$o replay_rate "$dir/fuzz/fuzz_slub" "$work/seed")
		if grep -qE '^==[0-9]+==|^ORACLE:' "$work/$b-$o.log"; then
			eps="$eps(crash:$(grep -m1 -oE 'ORACLE: [^:]*|ERROR: [A-Za-z]+' "$work/$b-$o.log"))"
		fi
		results+=("$cell ${eps:--} $replay ${rss:--}")
	done
done

printf '\n%-12s %14s %14s %10s\n' build/oracle fuzz-exec/s seed-exec/s peak-rss
for r in "${results[@]}"; do
	read -r b eps replay rss <<<"$r"
	printf '%-12s %14s %14s %10s\n' "$b" "$eps" "$replay" "$rss"
done
echo "(${seconds} s per cell on $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
