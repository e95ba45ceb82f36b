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
