#!/usr/bin/env bash
# Record what the real Debian 6.1 kernel prints for every layout of the
# kernel-oracle tool, as tests/fidelity/<layout>/ (ctest test_fidelity
# compares `mmfuzz boot` with them):
#   layout.json  the tool's layout
#   mine.dtb     the device tree the kernel booted (with /chosen filled in)
#   args         the `mmfuzz boot` options for the same boot: profile, load address, DTB address
#   real         the kernel's output in `mmfuzz boot`'s shape: "==> boot log <==" (the serial
#                log up to "Run /init", timestamps removed), then the /proc and debugfs files
#                /init printed
# Usage: scripts/fidelity-record.sh [--tool DIR] [LAYOUT_NAME | FILE.json ...]
# A name is one of the tool's layouts/, or a layout recorded here before (its layout.json);
# a FILE.json is a layout of one's own, recorded under its base name.  By default: every
# layout of the tool and every one recorded here.  The tool is ../shared/tools/kernel-oracle
# (or --tool / $KORA_TOOL); it needs its setup.sh to have run once.  About 5 s per layout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

tool=${KORA_TOOL:-}
for t in "$MMFUZZ_ROOT/../shared/tools/kernel-oracle" "$MMFUZZ_ROOT/../../shared/tools/kernel-oracle"; do
	[ -n "$tool" ] || [ ! -d "$t" ] || tool=$t
done
case "${1:-}" in
-h | --help)
	sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
--tool)
	tool=$2
	shift 2
	;;
esac
[ -f "$tool/kora.py" ] || die "no kernel-oracle tool at $tool (--tool DIR)"
command -v python3 >/dev/null || die "python3 not found"

out=$MMFUZZ_ROOT/tests/fidelity
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$tool"/layouts/*.json "$out"/*/layout.json; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .json)
		[ "$n" = layout ] && n=$(basename "$(dirname "$f")")
		case " ${names[*]} " in *" $n "*) ;; *) names+=("$n") ;; esac
	done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in "${names[@]}"; do
	case $name in
	*.json) layout=$name name=$(basename "$name" .json) ;;
	*) layout=$tool/layouts/$name.json
	   [ -f "$layout" ] || layout=$out/$name/layout.json ;;
	esac
	[ -f "$layout" ] || die "no layout $name (neither in $tool/layouts nor in $out)"
	log "booting $name"
	python3 "$tool/kora.py" boot "$layout" -o "$work/$name" --no-fallback >&2 ||
		die "$name: the kernel did not reach /init (see $work/$name)"
	mkdir -p "$out/$name"
	[ "$layout" -ef "$out/$name/layout.json" ] || install -m 0644 "$layout" "$out/$name/layout.json"
	cp "$work/$name/mine.dtb" "$out/$name/mine.dtb"
	python3 - "$work/$name" "$out/$name" <<'EOF'
import json, re, sys
src, dst = sys.argv[1], sys.argv[2]
meta = json.load(open(src + "/meta.json"))
profile = {"armmp": "debian-armmp", "armmp-lpae": "debian-armmp-lpae"}[meta["kernel"]]
with open(dst + "/args", "w") as f:
    f.write("--profile %s --load-addr %s --dtb-addr %s\n"
            % (profile, meta["addrs"]["zimage"], meta["addrs"]["dtb"]))
text = open(src + "/serial.log", errors="replace").read().replace("\r", "")
log = []
for line in text.split("\n"):
    if "=====KORA" in line:
        break
    log.append(re.sub(r"^\[\s*[0-9.]+\] ", "", line))
    if log[-1].startswith("Run /init as init process"):
        break
sections = dict(re.findall(r"=====KORA-BEGIN (\S+)=====\n(.*?)=====KORA-END \1=====", text, re.S))
order = [("/proc/zoneinfo", "zoneinfo"), ("/proc/buddyinfo", "buddyinfo"),
         ("/proc/pagetypeinfo", "pagetypeinfo"), ("/proc/meminfo", "meminfo"), ("/proc/iomem", "iomem"),
         ("/sys/kernel/debug/memblock/memory", "memblock.memory"),
         ("/sys/kernel/debug/memblock/reserved", "memblock.reserved")]
with open(dst + "/real", "w") as f:
    f.write("==> boot log <==\n" + "\n".join(log) + "\n")
    for header, key in order:
        f.write("==> %s <==\n%s" % (header, sections[key]))
EOF
done
log "recorded ${#names[@]} layouts in $out"
