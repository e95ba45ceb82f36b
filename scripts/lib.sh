# shellcheck shell=bash
# Shared helpers for the scripts in this directory (sourced, not run).

MMFUZZ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MMFUZZ_JOBS=${MMFUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# configure_build DIR ENGINE SANITIZE CC [extra cmake args...]
# SANITIZE: address, undefined, address,undefined (ON) or OFF (MMFUZZ_SANITIZE).
configure_build() {
	local dir=$1 engine=$2 san=$3 cc=$4
	shift 4
	log "build $dir (engine=$engine, sanitizers=$san, CC=$cc)"
	mkdir -p "$dir"
	cmake -S "$MMFUZZ_ROOT" -B "$dir" -DCMAKE_C_COMPILER="$cc" \
		-DMMFUZZ_ENGINE="$engine" -DMMFUZZ_SANITIZE="$san" "$@" >"$dir/configure.log" 2>&1 ||
		{ cat "$dir/configure.log" >&2; die "cmake configure failed for $dir"; }
	if ! cmake --build "$dir" -j "$MMFUZZ_JOBS" >"$dir/build.log" 2>&1; then
		tail -n 40 "$dir/build.log" >&2
		die "build failed for $dir (full log: $dir/build.log)"
	fi
	grep -E 'warning:' "$dir/build.log" >&2 || true
}

# The fuzzing engines' builds: only the fuzz_<target> binaries and the tools.
# One sanitizer per binary by default (ASan), as OSS-Fuzz's build check wants.
build_libfuzzer() { configure_build "$1" libfuzzer "${2:-address}" clang -DMMFUZZ_TESTS=OFF; }
build_afl() { configure_build "$1" afl "${2:-address}" afl-clang-fast -DMMFUZZ_TESTS=OFF; }

# sanitizer_suffix SANITIZER: the build directory suffix of a fuzzing build
# (build/libfuzzer<suffix>): none for ASan, the default.
sanitizer_suffix() {
	case $1 in
	address) ;;
	undefined|address,undefined) printf -- '-%s\n' "${1/,/-}" ;;
	*) die "--sanitizer address|undefined|address,undefined" ;;
	esac
}

# Targets the build knows about, one per line.
list_targets() {
	"$1/fuzz/mmfuzz-replay" --list
}

# afl-fuzz refuses to start in containers without the first two. AFL_TRY_AFFINITY
# binds afl-fuzz and its target to one free core when there is one (and goes on
# unbound when there is none): on this VM an unbound pair pays a cross-core
# wake-up per execution, which caps an empty persistent target at ~14k exec/s
# against ~108k bound.
afl_env() {
	export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_TRY_AFFINITY=1 \
		AFL_NO_UI=1 AFL_FAST_CAL=1 AFL_SKIP_CRASHES=1
}

# A dictionary flag for a target, if it has one: dict_of TARGET PREFIX
dict_of() {
	local d="$MMFUZZ_ROOT/corpus/$1.dict"
	[ -f "$d" ] && printf '%s%s\n' "$2" "$d"
	return 0
}

# libFuzzer flags from corpus/TARGET.options, OSS-Fuzz's format: the
# "key = value" lines of its [libfuzzer] section become -key=value.
libfuzzer_options_of() {
	local o="$MMFUZZ_ROOT/corpus/$1.options"
	[ -f "$o" ] || return 0
	awk '/^\[/ { in_lf = ($0 == "[libfuzzer]"); next }
	     in_lf && /=/ { gsub(/[ \t]/, ""); split($0, kv, "="); printf "-%s=%s\n", kv[1], kv[2] }' "$o"
}

# Copy the seed corpus of TARGET into DIR (seeds only: no notes, no dotfiles).
copy_seeds() {
	local t=$1 dst=$2 f
	mkdir -p "$dst"
	[ -d "$MMFUZZ_ROOT/corpus/$t" ] || return 0
	find "$MMFUZZ_ROOT/corpus/$t" -type f ! -name '.*' ! -name '*.md' ! -name '*.txt' ! -name '*.desc' -print0 |
		while IFS= read -r -d '' f; do cp "$f" "$dst/"; done
}

# run_libfuzzer BUILD TARGET CORPUS CRASHES SECONDS LOG [DIR...]: one libFuzzer
# process for SECONDS with the target's dictionary and .options flags and the
# project's limits; new units go to CORPUS (the other DIRs are read only),
# crash files to CRASHES/.  A crash ends it early; its status is not an error.
run_libfuzzer() {
	local build=$1 t=$2 corpus=$3 crashes=$4 seconds=$5 logf=$6
	shift 6
	# shellcheck disable=SC2046
	"$build/fuzz/fuzz_$t" "$corpus" "$@" $(dict_of "$t" -dict=) $(libfuzzer_options_of "$t") \
		-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$crashes/" >"$logf" 2>&1 || true
}

# run_afl BUILD TARGET SEEDS OUT SECONDS LOG: afl-fuzz for SECONDS from SEEDS
# (not empty) into OUT, with the target's dictionary; crashes and hangs land
# in OUT/default/{crashes,hangs}.  -t matches libFuzzer's -timeout=10.
run_afl() {
	local build=$1 t=$2 seeds=$3 o=$4 seconds=$5 logf=$6
	afl_env
	# shellcheck disable=SC2046
	afl-fuzz -i "$seeds" -o "$o" -V "$seconds" -t 10000 $(dict_of "$t" "-x ") \
		-- "$build/fuzz/fuzz_$t" >"$logf" 2>&1 || true
}

# replay_kept BUILD TARGET DIR SECONDS: mmfuzz-replay, every check on, over the
# inputs in DIR/corpus for at most SECONDS.  An input that fails is copied to
# DIR/crashes/ as replay-<name> and the replay goes on after it (at most 5
# failures).  Writes DIR/replay.log and DIR/replay.count ("replayed total").
replay_kept() {
	local build t=$2 dir seconds=$4 start=0 failed=0 done_n=0 idx files
	# the replay runs inside the corpus directory
	build=$(cd "$1" && pwd) || die "replay_kept: no directory $1"
	dir=$(cd "$3" && pwd) || die "replay_kept: no directory $3"
	export PART=$dir/replay.part
	mapfile -t files < <(find "$dir/corpus" -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort)
	: >"$dir/replay.log"
	while [ "$start" -lt "${#files[@]}" ] && [ "$failed" -lt 5 ]; do
		# an inner shell reaps the aborted replay, so no "Aborted" notice reaches the summary
		if bash -c 'cd "$1" && shift && timeout "$@" >"$PART" 2>&1' _ "$dir/corpus" "$seconds" \
			"$build/fuzz/mmfuzz-replay" --target "$t" "${files[@]:$start}" 2>/dev/null; then
			done_n=${#files[@]}
			cat "$dir/replay.part" >>"$dir/replay.log"
			break
		fi
		cat "$dir/replay.part" >>"$dir/replay.log"
		idx=$((start + $(grep -cE '^(ok|rejected) ' "$dir/replay.part" || true)))
		done_n=$idx
		# out of time: what ran passed
		grep -qE '^(ORACLE|SUMMARY|==[0-9]+==|TIMEOUT)' "$dir/replay.part" || break
		[ "$idx" -lt "${#files[@]}" ] || break
		cp "$dir/corpus/${files[$idx]}" "$dir/crashes/replay-${files[$idx]}"
		failed=$((failed + 1))
		start=$((idx + 1))
		done_n=$start
	done
	rm -f "$dir/replay.part"
	echo "$done_n ${#files[@]}" >"$dir/replay.count"
}

# lf_stat KEY LOG: the value of a libFuzzer "stat::KEY:" line.
lf_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
# lf_cov LOG: "cov ft" from libFuzzer's last status line ("- -" if none).
lf_cov() {
	local last
	last=$(grep -E '^#[0-9]+.*cov: ' "$1" | tail -n 1 || true)
	printf '%s %s\n' "$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last" | grep . || echo -)" \
		"$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last" | grep . || echo -)"
}
# afl_stat KEY FILE: a field of afl-fuzz's fuzzer_stats.
afl_stat() { sed -n "s/^$1 *: *//p" "$2" 2>/dev/null | tail -n 1; }

# replay_rate BINARY INPUT: a libFuzzer binary's exec/s on the input alone,
# from the difference between a 1000-run and a 5000-run replay, so process
# start-up and the target's warm-up drop out.
replay_rate() {
	local t1 t2
	t1=$(replay_seconds "$1" "$2" 1000)
	t2=$(replay_seconds "$1" "$2" 5000)
	awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", (b > a ? 4000 / (b - a) : 0) }'
}

# replay_seconds BINARY INPUT N: wall seconds of an N-run replay.
replay_seconds() {
	local start end
	start=$(date +%s.%N)
	"$1" -runs="$3" "$2" >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { print e - s }'
}
