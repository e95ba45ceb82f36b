#!/usr/bin/env bash
# Line coverage of mm/ and oracle/ (clang source-based coverage): what the
# unit tests, the seed corpora, repro/ and a short fuzz run reach.
#
#   bash scripts/coverage.sh [--fuzz-seconds N] [--targets a,b] [--out DIR]
#
# 1. builds build/coverage (replay engine, no sanitizers, clang's
#    -fprofile-instr-generate -fcoverage-mapping) with the tests;
# 2. fuzzes each target for --fuzz-seconds (default 30, 0 skips it) with the
#    libFuzzer build on a copy of its seeds, into DIR/corpus/<target>;
# 3. runs ctest (unit tests, corpus/ and repro/ replays) and replays each
#    fuzzed corpus with every check on, every process writing a raw profile;
# 4. merges them and writes DIR/html/index.html (llvm-cov show), the
#    report DIR/summary.txt (llvm-cov report), its short form DIR/per-file.txt
#    (file, lines, missed, line cover; worst first) and DIR/uncovered.txt
#    (the lines of mm/ and oracle/ nothing ran, file by file).
# Prints the TOTAL lines of mm/ and oracle/ at the end.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

fuzz_seconds=${COVERAGE_FUZZ_SECONDS:-30}
targets=
out=$MMFUZZ_ROOT/out/coverage

while [ $# -gt 0 ]; do
	case $1 in
	--fuzz-seconds) fuzz_seconds=$2; shift ;;
	--targets) targets=$2; shift ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
targets=${targets//,/ }

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
cd "$MMFUZZ_ROOT"
for tool in llvm-profdata-14 llvm-cov-14; do
	command -v "$tool" >/dev/null || die "$tool not found (Debian package llvm-14, which clang pulls in)"
done

cov_build=build/coverage
configure_build "$cov_build" replay OFF clang -DMMFUZZ_COVERAGE=ON
[ -n "$targets" ] || targets=$(list_targets "$cov_build" | tr '\n' ' ')
rm -rf "$out"
mkdir -p "$out/profiles" "$out/corpus"
export LLVM_PROFILE_FILE=$out/profiles/%p-%m.profraw

if [ "$fuzz_seconds" -gt 0 ]; then
	build_libfuzzer build/libfuzzer
	for t in $targets; do
		log "fuzz $t for ${fuzz_seconds}s"
		copy_seeds "$t" "$out/corpus/$t"
		# shellcheck disable=SC2046
		LLVM_PROFILE_FILE=/dev/null build/libfuzzer/fuzz/fuzz_"$t" "$out/corpus/$t" \
			$(dict_of "$t" -dict=) $(libfuzzer_options_of "$t") -max_total_time="$fuzz_seconds" \
			-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$out/corpus/" >"$out/fuzz-$t.log" 2>&1 ||
			log "fuzz $t stopped early (see $out/fuzz-$t.log)"
	done
fi

log "ctest with coverage"
(cd "$cov_build" && ctest -j "$MMFUZZ_JOBS" --output-on-failure >"$out/ctest.log" 2>&1) ||
	{ tail -n 30 "$out/ctest.log" >&2; die "ctest failed under the coverage build"; }
for t in $targets; do
	[ -d "$out/corpus/$t" ] || continue
	log "replay the fuzzed corpus of $t"
	(cd "$out/corpus/$t" && find . -maxdepth 1 -type f ! -name '.*' -print0 | LC_ALL=C sort -z |
		xargs -0 -r "$MMFUZZ_ROOT/$cov_build/fuzz/mmfuzz-replay" --target "$t" >"$out/replay-$t.log" 2>&1) ||
		log "a fuzzed $t input fails its replay (see $out/replay-$t.log)"
done

llvm-profdata-14 merge -sparse "$out"/profiles/*.profraw -o "$out/merged.profdata"
objects=()
for b in "$cov_build"/tests/test_* "$cov_build"/fuzz/mmfuzz-replay "$cov_build"/fuzz/mmfuzz-stability; do
	[ -x "$b" ] && [ -f "$b" ] && objects+=(-object "$b")
done
sources=("$MMFUZZ_ROOT/mm" "$MMFUZZ_ROOT/oracle")
first=${objects[1]}
llvm-cov-14 show "$first" "${objects[@]:2}" -instr-profile="$out/merged.profdata" \
	-format=html -output-dir="$out/html" -show-line-counts-or-regions "${sources[@]}" >/dev/null
llvm-cov-14 report "$first" "${objects[@]:2}" -instr-profile="$out/merged.profdata" "${sources[@]}" \
	>"$out/summary.txt"
# Uncovered lines, "file:line: text", for reading what stays dark.
llvm-cov-14 show "$first" "${objects[@]:2}" -instr-profile="$out/merged.profdata" "${sources[@]}" |
	awk -v root="$MMFUZZ_ROOT/" '
		/^\/.*:$/ { file = substr($0, 1, length($0) - 1); sub(root, "", file); next }
		/^ *[0-9]+\| *0\|/ { split($0, f, "|"); gsub(/ /, "", f[1]); text = $0; sub(/^[^|]*\|[^|]*\|/, "", text);
		                     print file ":" f[1] ":" text }' >"$out/uncovered.txt"

awk '$1 ~ /^(mm|oracle)\// && $8 > 0 { printf "%-36s %6d %6d %8s\n", $1, $8, $9, $10 }' "$out/summary.txt" |
	sort -k4 -n >"$out/per-file.txt"
log "per-file summary: $out/per-file.txt (llvm-cov's: $out/summary.txt); HTML: $out/html/index.html; uncovered lines: $out/uncovered.txt"
# The TOTAL row: regions, missed, cover, functions, missed, executed, lines, missed, cover, ...
awk '/^TOTAL/ { printf "coverage of mm/ and oracle/: lines %s (%s of %s missed), functions %s, regions %s\n", $10, $9, $8, $7, $4 }' \
	"$out/summary.txt"
