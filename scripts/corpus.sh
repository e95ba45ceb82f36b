#!/usr/bin/env bash
# Corpus upkeep: keep corpus/<target>/ small and strong.
#
#   bash scripts/corpus.sh grow [--targets a,b] [DIR...]
#   bash scripts/corpus.sh minimize [--targets a,b] [--afl] [--apply]
#
# grow: libFuzzer -merge=1 adds to corpus/<target>/ every input of the DIRs
#   (default: what the main job kept, out/<target>/corpus and AFL++'s queue
#   out/<target>/afl/out/default/queue) that brings a coverage feature the
#   corpus lacks, named by its SHA-1 as libFuzzer names units. Each added
#   input is replayed with every check on first; one that fails is not added.
# minimize: the smallest subset of corpus/<target>/ with the same libFuzzer
#   features (-merge=1 into an empty directory), and with --afl the same
#   again through afl-cmin (AFL++'s edge coverage) on that subset. Prints
#   what would go; --apply deletes it. Named seeds (any file whose name is
#   not a 40-hex SHA-1: the seeds make-seeds.sh writes and the hand-written
#   ones) are never deleted: they document the input format.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,18p' "$0"; }
[ $# -ge 1 ] || { usage; exit 2; }
cmd=$1
shift
targets=
afl=0
apply=0
dirs=()
while [ $# -gt 0 ]; do
	case $1 in
	--targets) targets=$2; shift ;;
	--afl) afl=1 ;;
	--apply) apply=1 ;;
	-h|--help) usage; exit 0 ;;
	-*) die "unknown argument '$1' (see --help)" ;;
	*) dirs+=("$1") ;;
	esac
	shift
done
case $cmd in
grow|minimize) ;;
-h|--help) usage; exit 0 ;;
*) die "unknown command '$cmd' (grow or minimize; see --help)" ;;
esac

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
cd "$MMFUZZ_ROOT"
lf=build/libfuzzer
build_libfuzzer "$lf"
[ "$afl" = 1 ] && build_afl build/afl
[ -n "$targets" ] || targets=$(list_targets "$lf" | tr '\n' ' ')
targets=${targets//,/ }
# Not under /tmp: afl-cmin refuses to work there.
mkdir -p out
work=$(mktemp -d "$MMFUZZ_ROOT/out/corpus-work.XXXXXX")
trap 'rm -rf "$work"' EXIT

is_named_seed() { ! [[ $(basename "$1") =~ ^[0-9a-f]{40}$ ]]; }
count() { find "$1" -maxdepth 1 -type f ! -name '.*' | wc -l; }

# merge_into OUT IN...: libFuzzer's corpus merge (OUT gains what adds features).
merge_into() {
	local t=$1 dst=$2
	shift 2
	# shellcheck disable=SC2046
	"$lf/fuzz/fuzz_$t" -merge=1 $(libfuzzer_options_of "$t") -rss_limit_mb=2048 -timeout=10 \
		"$dst" "$@" >"$work/merge-$t.log" 2>&1 ||
		{ tail -n 20 "$work/merge-$t.log" >&2; die "libFuzzer merge failed for $t"; }
}

grow() {
	local t=$1 src=() d f before staged=$work/grow-$1
	if [ ${#dirs[@]} -gt 0 ]; then
		src=("${dirs[@]}")
	else
		for d in "out/$t/corpus" "out/$t/afl/out/default/queue"; do
			[ -d "$d" ] && src+=("$d")
		done
	fi
	[ ${#src[@]} -gt 0 ] || { log "$t: nothing to grow from"; return 0; }
	# Merge into a copy first, so that only inputs that replay cleanly land in corpus/.
	mkdir -p "$staged"
	cp -p "corpus/$t"/* "$staged/" 2>/dev/null || true
	before=$(count "$staged")
	merge_into "$t" "$staged" "${src[@]}"
	local added=0 refused=0
	for f in "$staged"/*; do
		[ -e "corpus/$t/$(basename "$f")" ] && continue
		if "$lf/fuzz/mmfuzz-replay" --target "$t" "$f" >/dev/null 2>&1; then
			cp "$f" "corpus/$t/"
			added=$((added + 1))
		else
			refused=$((refused + 1))
			log "$t: $(basename "$f") fails its replay: not added (look at it: mmfuzz-replay --target $t $f)"
		fi
	done
	printf '%-14s grow: %d inputs, %d added, %d refused (failing replay)\n' "$t" "$before" "$added" "$refused"
}

minimize() {
	local t=$1 min=$work/min-$1 f drop=() before after
	mkdir -p "$min"
	merge_into "$t" "$min" "corpus/$t"
	if [ "$afl" = 1 ]; then
		afl_env
		AFL_PATH=${AFL_PATH:-} afl-cmin -i "$min" -o "$min.afl" -- build/afl/fuzz/fuzz_"$t" \
			>"$work/cmin-$t.log" 2>&1 ||
			{ tail -n 20 "$work/cmin-$t.log" >&2; die "afl-cmin failed for $t"; }
		min=$min.afl
	fi
	# libFuzzer names merged units by content: keep a corpus file when its content survived.
	declare -A kept=()
	for f in "$min"/*; do
		[ -f "$f" ] && kept[$(sha1sum <"$f" | cut -d' ' -f1)]=1
	done
	local named_redundant=0
	for f in "corpus/$t"/*; do
		[ -f "$f" ] || continue
		[ -n "${kept[$(sha1sum <"$f" | cut -d' ' -f1)]:-}" ] && continue
		if is_named_seed "$f"; then
			named_redundant=$((named_redundant + 1))
		else
			drop+=("$f")
		fi
	done
	before=$(count "corpus/$t")
	after=$((before - ${#drop[@]}))
	printf '%-14s minimize: %d -> %d inputs (%d named seeds add no coverage, kept)\n' "$t" "$before" "$after" \
		"$named_redundant"
	for f in "${drop[@]}"; do
		if [ "$apply" = 1 ]; then rm -f "$f"; else printf '  would drop %s\n' "$f"; fi
	done
}

for t in $targets; do
	[ -d "corpus/$t" ] || die "no corpus/$t"
	"$cmd" "$t"
done
