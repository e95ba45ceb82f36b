#!/usr/bin/env bash
# Keep a crasher as a regression input:
#   bash scripts/add-repro.sh [--afl] [--seconds N] [--expect VERDICT] TARGET CRASHFILE "one-line description"
# Minimises CRASHFILE with libFuzzer's -minimize_crash (or afl-tmin with
# --afl) while it still crashes, then stores it as
# repro/TARGET/<slug>-<sha1 prefix> with <name>.desc beside it: the verdict
# the fixed target must give ("expect: ok", or with --expect 'rejected
# REASON' a refusal whose reason starts with REASON), then the description.
# ctest's replay_repro_TARGET replays it from then on and passes only once
# the bug is fixed and the verdict holds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

engine=libfuzzer
seconds=${MINIMIZE_SECONDS:-60}
verdict=ok
while [ $# -gt 0 ]; do
	case $1 in
	--afl) engine=afl ;;
	--seconds) seconds=$2; shift ;;
	--expect) verdict=$2; shift ;;
	-h|--help) sed -n '2,11p' "$0"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 3 ] || die 'usage: add-repro.sh [--afl] [--seconds N] [--expect VERDICT] TARGET CRASHFILE "one-line description"'
target=$1 crash=$2 desc=$3
[ -f "$crash" ] || die "no such file: $crash"
[ -n "$desc" ] || die "the description must not be empty"
case $desc in *$'\n'*) die "the description must be one line" ;; esac
# fuzz/repro_verdict.c's format: ok, or a refusal with a non-empty reason prefix
case $verdict in
ok | "rejected "?*) case $verdict in *$'\n'*) die "the verdict must be one line" ;; esac ;;
*) die "--expect takes 'ok' or 'rejected REASON' (a prefix of the target's rejection reason)" ;;
esac

cd "$MMFUZZ_ROOT"
build=build/$engine
if [ ! -x "$build/fuzz/fuzz_$target" ]; then
	bash scripts/install-deps.sh
	if [ "$engine" = afl ]; then build_afl "$build"; else build_libfuzzer "$build"; fi
fi
bin=$build/fuzz/fuzz_$target
[ -x "$bin" ] || die "unknown target '$target' (targets: $(list_targets "$build" | tr '\n' ' '))"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
min=$work/min

# Only an input that still crashes can be minimised; a fixed one is kept as is.
if ! "$bin" "$crash" >"$work/check.log" 2>&1; then
	log "minimising $crash with $engine (at most $seconds s)"
	if [ "$engine" = afl ]; then
		afl_env
		timeout "$((seconds + 30))" afl-tmin -i "$crash" -o "$min" -- "$bin" >"$work/min.log" 2>&1 || true
	else
		"$bin" -minimize_crash=1 -max_total_time="$seconds" -exact_artifact_path="$min" \
			"$crash" >"$work/min.log" 2>&1 || true
	fi
	if [ ! -s "$min" ]; then
		log "minimisation gave nothing (see below); keeping the input as is"
		tail -n 5 "$work/min.log" >&2
		cp "$crash" "$min"
	fi
	grep -m1 -E '^ORACLE:|ERROR: [A-Za-z]+Sanitizer|runtime error' "$work/check.log" >&2 || true
else
	log "$crash does not crash $bin (already fixed?); keeping it unminimised"
	cp "$crash" "$min"
fi

slug=$(printf '%s' "$desc" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$//' | cut -c1-40 | sed 's/-*$//')
sha=$(sha1sum "$min" | cut -c1-8)
name=${slug:+$slug-}$sha
mkdir -p "repro/$target"
install -m 0644 "$min" "repro/$target/$name"
printf 'expect: %s\n%s\n' "$verdict" "$desc" >"repro/$target/$name.desc"
echo "added repro/$target/$name ($(wc -c <"repro/$target/$name") bytes, from $(wc -c <"$crash")), expecting: $verdict"
echo "replay it:  build/test/fuzz/mmfuzz-replay --expect repro/$target/$name"
echo "regression test (after 'bash scripts/test.sh' or any configured build):"
echo "  (cd build/test && ctest --output-on-failure -R replay_repro_$target)"
