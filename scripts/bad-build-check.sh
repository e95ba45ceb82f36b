#!/usr/bin/env bash
# OSS-Fuzz's build check, without docker: the checks of its runner image's
# bad_build_check and test_all.py (infra/base-images/base-runner/ in
# google/oss-fuzz), re-implemented here with the same commands, thresholds
# and verdicts, plus two of our own.
#
#   bash scripts/bad-build-check.sh --engine libfuzzer|afl --sanitizer address|undefined
#                                   [--seeds] [--static] [--tsv FILE] DIR|BINARY...
#
# A DIR is an $OUT directory: its fuzz targets are the executable ELF files
# not named afl-* that contain the string LLVMFuzzerTestOneInput, as
# test_all.py finds them.  Each target's <binary>.options, .dict and
# _seed_corpus.zip are looked for beside it.  Per target:
#   engine     libFuzzer: `BIN -seed=1337 -runs=4` finds interesting inputs
#              and loads at least 100 coverage counters.  AFL++: afl-fuzz
#              ($DIR/afl-fuzz, else the one on PATH) with OSS-Fuzz's
#              settings reaches "All set and ready to roll" (stopped as soon
#              as it does; OSS-Fuzz waits out 35 s, which changes no verdict)
#   arch       `file` says x86-64
#   sanitizer  calls into each runtime, counted in `objdump -dC`: address
#              needs >= 1000 __asan and <= 200 __ubsan (none of MSan or
#              DFSan); undefined (libFuzzer only) needs no __asan and >= 168
#              __ubsan.  A binary built with ASan+UBSan fails either way
#   startup    libFuzzer as run_fuzzer starts it (.options flags, the dict,
#              no corpus, stdin from /dev/null, -seed=1337 -runs=4) ends with
#              "Done 4 runs"; AFL++: afl-fuzz saw no crash or exit at start
#   static     (ours, with --static) no libfdt.so among the shared
#              libraries: OSS-Fuzz's runner image has none
#   seeds      (ours, with --seeds) the seed corpus replays without a crash:
#              libFuzzer -runs=0 over the unzipped seeds with the runner's
#              FUZZER_ARGS, as the (disabled) check_seed_corpus does; AFL++
#              driver binaries run each seed file once
# Prints a line per target and exits 1 if any check failed.  --tsv FILE
# appends "target<TAB>check<TAB>verdict<TAB>detail" lines.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

engine= sanitizer= seeds=0 static=0 tsv=/dev/null
paths=()
while [ $# -gt 0 ]; do
	case $1 in
	--engine) engine=$2; shift ;;
	--sanitizer) sanitizer=$2; shift ;;
	--seeds) seeds=1 ;;
	--static) static=1 ;;
	--tsv) tsv=$2; shift ;;
	-h|--help) sed -n '2,35p' "$0"; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) paths+=("$1") ;;
	esac
	shift
done
case $engine in libfuzzer|afl) ;; *) die "--engine libfuzzer|afl (see --help)" ;; esac
case $sanitizer in address|undefined) ;; *) die "--sanitizer address|undefined (see --help)" ;; esac
[ ${#paths[@]} -gt 0 ] || die "no DIR or BINARY (see --help)"

# The runner image's defaults (its Dockerfile) and run_fuzzer's AFL++ settings.
export ASAN_OPTIONS="alloc_dealloc_mismatch=0:allocator_may_return_null=1:allocator_release_to_os_interval_ms=500:check_malloc_usable_size=0:detect_container_overflow=1:detect_odr_violation=0:detect_leaks=1:detect_stack_use_after_return=1:fast_unwind_on_fatal=0:handle_abort=1:handle_segv=1:handle_sigill=1:max_uar_stack_size_log=16:print_scariness=1:quarantine_size_mb=10:strict_memcmp=1:symbolize=1:use_sigaltstack=1:dedup_token_length=3"
export UBSAN_OPTIONS="print_stacktrace=1:print_summary=1:silence_unsigned_overflow=1:symbolize=1:dedup_token_length=3"
fuzzer_args="-rss_limit_mb=2560 -timeout=25"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fuzz_targets DIR: test_all.py's find_fuzz_targets.
fuzz_targets() {
	local f
	for f in "$1"/*; do
		case $(basename "$f") in afl-*) continue ;; esac
		[ -f "$f" ] && [ -x "$f" ] || continue
		grep -q LLVMFuzzerTestOneInput "$f" || continue
		file "$f" | grep -q ELF || continue
		printf '%s\n' "$f"
	done
}

# libfuzzer_options BIN: the [libfuzzer] section of BIN.options as flags (parse_options.py).
libfuzzer_options() {
	[ -f "$1.options" ] || return 0
	awk '/^\[/ { in_lf = ($0 == "[libfuzzer]"); next }
	     in_lf && /^[^#;].*=/ { k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v);
	                            printf "-%s=%s\n", k, v }' "$1.options"
}

# run_libfuzzer BIN LOG ARGS...: as run_fuzzer runs it, from BIN's directory, $OUT unset.
run_libfuzzer() {
	local bin=$1 log=$2 dict=()
	shift 2
	[ -f "$bin.dict" ] && dict=(-dict="$bin.dict")
	# shellcheck disable=SC2046,SC2086
	(cd "$(dirname "$bin")" && unset OUT &&
		"$bin" -- $fuzzer_args "$@" $(libfuzzer_options "$bin") "${dict[@]}" </dev/null) >"$log" 2>&1
}

# run_afl BIN LOG: afl-fuzz on run_fuzzer's one-file corpus until it is ready
# or gives up; 0 once "All set and ready to roll" appeared.
run_afl() {
	local bin=$1 log=$2 dir afl pid i dict=()
	dir=$(dirname "$bin")
	afl=$dir/afl-fuzz
	[ -x "$afl" ] || afl=$(command -v afl-fuzz) || { echo "no afl-fuzz" >"$log"; return 1; }
	rm -rf "$work/afl-in" "$work/afl-out"
	mkdir -p "$work/afl-in"
	echo input >"$work/afl-in/input"
	[ -f "$bin.dict" ] && dict=(-x "$bin.dict")
	(cd "$dir" && unset OUT &&
		ASAN_OPTIONS="$ASAN_OPTIONS:abort_on_error=1:symbolize=0:detect_odr_violation=0:" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS:symbolize=0" AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		AFL_SKIP_CPUFREQ=1 AFL_TRY_AFFINITY=1 AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1 \
		AFL_FORKSRV_INIT_TMOUT=30000 AFL_IGNORE_PROBLEMS=1 AFL_IGNORE_UNKNOWN_ENVS=1 AFL_NO_UI=1 \
		exec "$afl" -m none -t 5000+ -i "$work/afl-in" -o "$work/afl-out" "${dict[@]}" -- "$bin") \
		>"$log" 2>&1 &
	pid=$!
	for ((i = 0; i < 350; i++)); do
		grep -q 'All set and ready to roll' "$log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	grep -q 'All set and ready to roll' "$log"
}

calls() { grep -cE "call[q]?[[:space:]]+[0-9a-f]+[[:space:]]+<__$1" "$2" || true; }

failed=0
# verdict TARGET CHECK ok|FAIL DETAIL
verdict() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$tsv"
	printf '  %-9s %-4s %s\n' "$2" "$3" "$4"
	[ "$3" = ok ] || failed=1
}

check_one() {
	local bin=$1 name log edges asan ubsan msan dfsan n
	name=$(basename "$bin")
	log=$work/$name.log
	echo "$name ($engine, $sanitizer)"

	if [ "$engine" = libfuzzer ]; then
		(cd "$(dirname "$bin")" && "$bin" -seed=1337 -runs=4) >"$log" 2>&1 || true
		edges=$(sed -nE 's/^INFO: Loaded [0-9]+ module.*\(.*(counters|guards)\):[[:space:]]+([0-9]+).*/\2/p' "$log" | head -n 1)
		if grep -q 'ERROR: no interesting inputs were found. Is the code instrumented' "$log"; then
			verdict "$name" engine FAIL "no coverage instrumentation"
		elif [ -z "$edges" ]; then
			verdict "$name" engine FAIL "did not start: $(tail -n 1 "$log")"
		elif [ "$edges" -lt 100 ]; then
			verdict "$name" engine FAIL "only $edges counters: partial instrumentation"
		else
			verdict "$name" engine ok "$edges counters"
		fi
	else
		if run_afl "$bin" "$log"; then
			verdict "$name" engine ok "afl-fuzz: All set and ready to roll"
		else
			verdict "$name" engine FAIL "afl-fuzz never got ready: $(grep -m1 -E 'PROGRAM ABORT|ERROR|crashed|terminated' "$log" || tail -n 1 "$log")"
		fi
	fi

	if file "$bin" | grep -q x86-64; then
		verdict "$name" arch ok "x86-64"
	else
		verdict "$name" arch FAIL "$(file -b "$bin")"
	fi

	objdump -dC "$bin" >"$work/dis" 2>/dev/null
	asan=$(calls asan "$work/dis") ubsan=$(calls ubsan "$work/dis")
	msan=$(calls msan "$work/dis") dfsan=$(calls dfsan "$work/dis")
	n="__asan $asan, __ubsan $ubsan, __msan $msan, __dfsan $dfsan calls"
	if [ "$sanitizer" = address ]; then
		if [ "$asan" -lt 1000 ]; then verdict "$name" sanitizer FAIL "not ASan: $n"
		elif [ "$dfsan" -gt 0 ] || [ "$msan" -gt 3 ]; then verdict "$name" sanitizer FAIL "ASan mixed with MSan/DFSan: $n"
		elif [ "$ubsan" -gt 200 ]; then verdict "$name" sanitizer FAIL "ASan mixed with UBSan: $n"
		else verdict "$name" sanitizer ok "$n"
		fi
	elif [ "$engine" != libfuzzer ]; then
		verdict "$name" sanitizer ok "UBSan is checked for libFuzzer builds only: $n"
	elif [ "$asan" -gt 0 ] || [ "$dfsan" -gt 0 ] || [ "$msan" -gt 3 ]; then
		verdict "$name" sanitizer FAIL "UBSan mixed with another sanitizer: $n"
	elif [ "$ubsan" -lt 168 ]; then
		verdict "$name" sanitizer FAIL "not UBSan: $n"
	else
		verdict "$name" sanitizer ok "$n"
	fi

	if [ "$engine" = libfuzzer ]; then
		run_libfuzzer "$bin" "$log" -seed=1337 -runs=4 || true
		if grep -q 'Done 4 runs' "$log"; then
			verdict "$name" startup ok "Done 4 runs"
		else
			verdict "$name" startup FAIL "no 'Done 4 runs': $(grep -m1 -E 'ERROR|ORACLE|Assertion|error:' "$log" || tail -n 1 "$log")"
		fi
	elif grep -qE 'target binary (crashed|terminated)' "$log"; then
		verdict "$name" startup FAIL "$(grep -m1 -E 'target binary (crashed|terminated)' "$log")"
	else
		verdict "$name" startup ok "no crash or exit at start"
	fi

	if [ "$static" = 1 ]; then
		# read whole first: under pipefail grep -q's early exit can SIGPIPE readelf
		local dynamic
		dynamic=$(readelf -d "$bin")
		if grep -q 'NEEDED.*libfdt' <<<"$dynamic"; then
			verdict "$name" static FAIL "needs $(sed -n 's/.*NEEDED.*\[\(libfdt[^]]*\)\].*/\1/p' <<<"$dynamic")"
		else
			verdict "$name" static ok "libfdt linked in"
		fi
	fi

	[ "$seeds" = 1 ] || return 0
	if [ ! -f "${bin}_seed_corpus.zip" ]; then
		verdict "$name" seeds FAIL "no ${name}_seed_corpus.zip"
		return 0
	fi
	rm -rf "$work/seeds"
	mkdir -p "$work/seeds"
	unzip -q -o -d "$work/seeds" "${bin}_seed_corpus.zip"
	n=$(find "$work/seeds" -type f | wc -l)
	if [ "$engine" = libfuzzer ]; then
		if run_libfuzzer "$bin" "$log" -runs=0 "$work/seeds"; then
			verdict "$name" seeds ok "$n seeds replayed ($(grep -m1 -oE 'INITED .*' "$log" || true))"
		else
			verdict "$name" seeds FAIL "a seed crashes: $(grep -m1 -E 'ORACLE|ERROR|runtime error' "$log" || tail -n 1 "$log")"
		fi
	elif find "$work/seeds" -type f -print0 | xargs -0 -n 64 "$bin" >"$log" 2>&1; then
		verdict "$name" seeds ok "$n seeds replayed through the driver"
	else
		verdict "$name" seeds FAIL "a seed crashes: $(grep -m1 -E 'ORACLE|ERROR|runtime error' "$log" || tail -n 1 "$log")"
	fi
}

targets=()
for p in "${paths[@]}"; do
	if [ -d "$p" ]; then
		mapfile -t -O "${#targets[@]}" targets < <(fuzz_targets "$p")
	else
		targets+=("$p")
	fi
done
[ ${#targets[@]} -gt 0 ] || die "no fuzz targets in ${paths[*]}"
for t in "${targets[@]}"; do
	check_one "$(cd "$(dirname "$t")" && pwd)/$(basename "$t")"
done
exit "$failed"
