#!/usr/bin/env bash
# OSS-Fuzz's build and build check, locally and without docker.
#
#   bash scripts/oss-fuzz-check.sh [--configs LIST] [--project oss-fuzz|clusterfuzzlite]
#                                  [--dtc-src DIR] [--keep DIR] [--quick]
#
# For each configuration of LIST (default: libfuzzer-address,
# libfuzzer-undefined,afl-address) it lays out $SRC as the project's
# Dockerfile does (dtc at $SRC/dtc, this tree at $SRC/mmfuzz, the project's
# build.sh at $SRC/build.sh; --project picks oss-fuzz/ or .clusterfuzzlite/,
# default clusterfuzzlite), runs build.sh with the environment OSS-Fuzz's
# base-builder `compile` gives it (CC, CFLAGS with its sanitizer and coverage
# flags, LIB_FUZZING_ENGINE, SANITIZER, FUZZING_ENGINE, SRC, WORK, OUT; for
# AFL++ afl-clang-fast and AFL++'s libAFLDriver.a, as compile_afl sets up)
# into a temporary $OUT, checks that every compile command carries $CFLAGS
# with nothing appended, moves $OUT elsewhere (as test_all.py does, to catch
# hard-coded paths) and runs scripts/bad-build-check.sh --seeds --static on it.
# Prints a table of verdicts per target and configuration; exits 1 if any
# check failed.
#
# libfdt comes from the first of: --dtc-src DIR (or MMFUZZ_DTC_SRC), a dtc
# source tree; an upstream copy kept in ${XDG_CACHE_HOME:-~/.cache}/mmfuzz/dtc;
# Debian's source package (apt-get source device-tree-compiler, through a
# private deb-src list made from the system's apt sources), unpacked into
# that cache; and last Debian's prebuilt static libfdt.a (libfdt-dev: not
# instrumented, not built with $CFLAGS, but still linked statically).  The
# first line of output says which.  --keep DIR keeps the builds there.
# --quick (scripts/test.sh) skips the seed-corpus replays, which ctest's
# replay_corpus_* and test.sh's smoke runs already make under both engines.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

configs=libfuzzer-address,libfuzzer-undefined,afl-address
project=clusterfuzzlite
dtc_src=${MMFUZZ_DTC_SRC:-}
keep=
seeds=--seeds
while [ $# -gt 0 ]; do
	case $1 in
	--configs) configs=$2; shift ;;
	--project) project=$2; shift ;;
	--dtc-src) dtc_src=$2; shift ;;
	--keep) keep=$2; shift ;;
	--quick) seeds= ;;
	-h|--help) sed -n '2,31p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
case $project in
oss-fuzz) build_sh=$MMFUZZ_ROOT/oss-fuzz/build.sh ;;
clusterfuzzlite) build_sh=$MMFUZZ_ROOT/.clusterfuzzlite/build.sh ;;
*) die "--project oss-fuzz|clusterfuzzlite" ;;
esac

bash "$MMFUZZ_ROOT/scripts/install-deps.sh"
if [ -n "$keep" ]; then
	rm -rf "$keep"
	mkdir -p "$keep"
	tmp=$(cd "$keep" && pwd)
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/mmfuzz

# dtc_version DIR: the release a dtc tree says it is.
dtc_version() {
	if [ -f "$1/VERSION.txt" ]; then
		cat "$1/VERSION.txt"
	else
		awk '/^VERSION =/ { v = $3 } /^PATCHLEVEL =/ { p = $3 } /^SUBLEVEL =/ { s = $3 }
		     END { print v "." p "." s }' "$1/Makefile" 2>/dev/null
	fi
}

# debian_dtc_source DIR: Debian's device-tree-compiler source package,
# unpacked into DIR, without touching the system's apt configuration.
debian_dtc_source() {
	local dir=$1 apt=$1.apt f
	rm -rf "$apt" "$dir"
	mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/get"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && { sed 's/^Types:.*/Types: deb-src/' "$f"; echo; }
	done >"$apt/parts/src.sources"
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		sed -n 's/^deb /deb-src /p' >"$apt/src.list"
	local opts=(-q -o Dir::Etc::SourceList="$apt/src.list" -o Dir::Etc::SourceParts="$apt/parts"
		-o Dir::State::Lists="$apt/lists" -o APT::Sandbox::User=root)
	apt-get "${opts[@]}" update >"$apt/log" 2>&1 &&
		(cd "$apt/get" && apt-get "${opts[@]}" source device-tree-compiler) >>"$apt/log" 2>&1 &&
		mv "$apt/get"/device-tree-compiler-*/ "$dir" && rm -rf "$apt"
}

libfdt_prebuilt=
if [ -n "$dtc_src" ]; then
	[ -f "$dtc_src/libfdt/libfdt.h" ] || die "--dtc-src $dtc_src: no libfdt/libfdt.h"
	dtc_src=$(cd "$dtc_src" && pwd)
	log "libfdt: dtc $(dtc_version "$dtc_src") sources from $dtc_src"
elif [ -f "$cache/dtc/libfdt/libfdt.h" ]; then
	dtc_src=$cache/dtc
	log "libfdt: upstream dtc $(dtc_version "$dtc_src") kept in $dtc_src"
elif [ -f "$cache/dtc-debian/libfdt/libfdt.h" ] || debian_dtc_source "$cache/dtc-debian"; then
	dtc_src=$cache/dtc-debian
	log "libfdt: Debian's source package device-tree-compiler $(dtc_version "$dtc_src") (debian/patches applied) in $dtc_src"
else
	libfdt_prebuilt=$(find /usr/lib -name libfdt.a -print -quit)
	[ -n "$libfdt_prebuilt" ] || die "no dtc sources, no Debian source package and no libfdt.a (libfdt-dev)"
	log "libfdt: no dtc sources here (no --dtc-src, nothing in $cache/dtc, and apt-get source device-tree-compiler failed: $(grep -m1 -E '^E:' "$cache/dtc-debian.apt/log" || echo '?'))"
	log "libfdt: falling back to Debian's prebuilt $libfdt_prebuilt ($(dpkg-query -W -f='${Version}' libfdt-dev)): static, but not instrumented nor built with \$CFLAGS"
fi

# OSS-Fuzz's base-clang CFLAGS and base-builder's per-sanitizer flags.
base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -Wno-error=incompatible-function-pointer-types -Wno-error=int-conversion -Wno-error=deprecated-declarations -Wno-error=implicit-function-declaration -Wno-error=implicit-int -Wno-error=unknown-warning-option -Wno-error=vla-cxx-extension -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
ubsan_checks=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
declare -A san_flags=(
	[address]="-fsanitize=address -fsanitize-address-use-after-scope"
	[undefined]="-fsanitize=${ubsan_checks/,unreachable/,unsigned-integer-overflow,unreachable} -fno-sanitize-recover=$ubsan_checks"
)

# build_config ENGINE SANITIZER DIR: OSS-Fuzz's compile, then build.sh.
build_config() {
	local engine=$1 san=$2 dir=$3 cc=clang cxx=clang++ lfe=-fsanitize=fuzzer cov=-fsanitize=fuzzer-no-link
	local src=$dir/src work=$dir/work out=$dir/out cflags extra=()
	mkdir -p "$src" "$work" "$out"
	[ -n "$libfdt_prebuilt" ] || ln -s "$dtc_src" "$src/dtc"
	ln -s "$MMFUZZ_ROOT" "$src/mmfuzz"
	cp "$build_sh" "$src/build.sh"
	cflags="$base_cflags ${san_flags[$san]}"
	if [ "$engine" = afl ]; then
		cc=afl-clang-fast cxx=afl-clang-fast++ cov=
		lfe=$dir/libFuzzingEngine.a
		cp /usr/lib/afl/libAFLDriver.a "$lfe"
		cp "$(command -v afl-fuzz)" "$out/"
		extra=(AFL_QUIET=1 AFL_IGNORE_PROBLEMS=1 AFL_IGNORE_UNKNOWN_ENVS=1
			ASAN_OPTIONS=detect_leaks=0:symbolize=0:detect_odr_violation=0:abort_on_error=1)
		printf '%s\n' "${extra[@]}" | grep '^AFL_' >"$out/afl_options.txt"
	fi
	cflags="$cflags${cov:+ $cov}"
	[ "$san" = undefined ] && cflags="$cflags -fno-sanitize=function"
	printf '%s' "$cflags" >"$dir/cflags"
	[ -n "$libfdt_prebuilt" ] && extra+=(MMFUZZ_LIBFDT_PREBUILT="$libfdt_prebuilt")
	(cd "$src/mmfuzz" && env -i PATH="$PATH" HOME="$HOME" CC="$cc" CXX="$cxx" CFLAGS="$cflags" \
		CXXFLAGS="$cflags" LIB_FUZZING_ENGINE="$lfe" FUZZING_ENGINE="$engine" SANITIZER="$san" \
		FUZZING_LANGUAGE=c ARCHITECTURE=x86_64 SRC="$src" WORK="$work" OUT="$out" "${extra[@]}" \
		bash -eux "$src/build.sh") >"$dir/build.log" 2>&1
}

# flags_honoured DIR CFLAGS: every compile command carries CFLAGS and no build-type flags.
flags_honoured() {
	local db=$1/work/mmfuzz/compile_commands.json n bad
	n=$(grep -c '"command"' "$db")
	bad=$(grep '"command"' "$db" | grep -vF -- "$2" | wc -l)
	bad=$((bad + $(grep '"command"' "$db" | grep -cE -- ' -O2 | -O3 | -DNDEBUG ' || true)))
	[ "$bad" -eq 0 ] && echo "all $n compile commands carry \$CFLAGS, none a build type's -O2/-DNDEBUG" && return 0
	echo "$bad of $n compile commands lack \$CFLAGS or append build-type flags"
	return 1
}

tsv=$tmp/verdicts.tsv
: >"$tsv"
status=0
for c in ${configs//,/ }; do
	engine=${c%%-*} san=${c#*-}
	case $engine-$san in libfuzzer-address|libfuzzer-undefined|afl-address|afl-undefined) ;; *) die "unknown configuration '$c'" ;; esac
	dir=$tmp/$c
	log "$c: build.sh with OSS-Fuzz's environment ($project)"
	start=$SECONDS
	if ! build_config "$engine" "$san" "$dir"; then
		tail -n 30 "$dir/build.log" >&2
		printf '%s\t%s\t%s\t%s\t%s\n' "(build)" "$c" build FAIL "see $dir/build.log" >>"$tsv"
		status=1
		continue
	fi
	log "$c: built in $((SECONDS - start)) s"
	if msg=$(flags_honoured "$dir" "$(cat "$dir/cflags")"); then
		printf '%s\t%s\t%s\t%s\t%s\n' "(build)" "$c" flags ok "$msg" >>"$tsv"
	else
		printf '%s\t%s\t%s\t%s\t%s\n' "(build)" "$c" flags FAIL "$msg" >>"$tsv"
		status=1
	fi
	log "$c: $msg"
	mv "$dir/out" "$dir/not-out"
	log "$c: OSS-Fuzz's build check"
	bash "$MMFUZZ_ROOT/scripts/bad-build-check.sh" --engine "$engine" --sanitizer "$san" $seeds --static \
		--tsv "$dir/verdicts.tsv" "$dir/not-out" || status=1
	sed "s/\t/\t$c\t/" "$dir/verdicts.tsv" >>"$tsv"
done

# One row per target, one column per configuration: ok, or the checks that failed.
echo
awk -F'\t' -v configs="${configs//,/ }" '
	BEGIN { nc = split(configs, cfg, " ") }
	!($1 in seen) { seen[$1] = 1; order[++nt] = $1 }
	{ k = $1 SUBSEP $2; checks[k] = checks[k] " " $3; if ($4 != "ok") bad[k] = bad[k] (bad[k] ? "," : "") $3 }
	END {
		printf "%-20s", "target"; for (i = 1; i <= nc; i++) printf " %-22s", cfg[i]; printf "\n"
		for (t = 1; t <= nt; t++) {
			printf "%-20s", order[t]
			for (i = 1; i <= nc; i++) {
				k = order[t] SUBSEP cfg[i]
				printf " %-22s", !(k in checks) ? "-" : (k in bad) ? "FAIL:" bad[k] : "ok"
			}
			printf "\n"
		}
	}' "$tsv"
echo "(checks per target: engine arch sanitizer startup static${seeds:+ seeds}; (build): flags)"
[ "$status" -eq 0 ] && echo "OSS-Fuzz build check: all passed" || echo "OSS-Fuzz build check: FAILED (details above)"
exit "$status"
