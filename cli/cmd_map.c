/*
 * mmfuzz map FILE: an SVG of the machine a device tree (or a fuzz input's
 * device tree and configuration) boots: physical map beside virtual layout.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "describe.h"
#include "machine_map.h"
#include "map_svg.h"

static const char usage[] =
	"usage: mmfuzz map [--target T | --lpae] [--split 3G|2G|1G] [-o OUT.svg] FILE\n"
	"Boot FILE's device tree in the model and draw the machine as SVG (to OUT.svg, or\n"
	"stdout): the physical map (memory banks, holes, no-map memory, memblock\n"
	"reservations, CMA areas, the kernel image, the zones and arm_lowmem_limit)\n"
	"beside the virtual layout (user, modules, lowmem, vmalloc, pkmap, fixmap,\n"
	"vectors), every boundary labelled with its address; interval heights grow with\n"
	"the log of their size.  FILE is a device-tree blob (booted as Debian's armmp\n"
	"kernel, or armmp-lpae with --lpae, FLATMEM, VMSPLIT_3G unless --split), or a\n"
	"fuzz input of target T (by default the target its path names), booted with\n"
	"the input's own configuration; memblock_ops inputs have no device tree.\n";

static int parse_split(const char *s, enum vmsplit *out)
{
	static const char *const names[] = { "3G", "3G_OPT", "2G", "1G" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum vmsplit)i;
			return 0;
		}
	return -1;
}

static int map_run(int argc, char **argv)
{
	static struct description d;
	static struct machine_map m;
	const struct fuzz_target *t = NULL;
	const char *path = NULL, *out_path = NULL;
	bool lpae = false, has_split = false;
	enum vmsplit split = VMSPLIT_3G;
	unsigned char *data;
	size_t len;
	FILE *out;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			if (!pick_target("map", argv[++i], &t))
				return 2;
		} else if (strcmp(argv[i], "--lpae") == 0) {
			lpae = true;
		} else if (strcmp(argv[i], "--split") == 0 && i + 1 < argc) {
			has_split = true;
			if (parse_split(argv[++i], &split) < 0) {
				fprintf(stderr, "mmfuzz map: --split 3G, 3G_OPT, 2G or 1G\n");
				return 2;
			}
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out_path = argv[++i];
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			return usage_error(usage);
		}
	}
	if (!path)
		return usage_error(usage);
	data = read_file_or_complain(path, &len);
	if (!data)
		return 1;
	if (!t)
		t = fuzz_target_from_path(path);
	/* A bare blob boots like a dtb_raw input whose header asks for nothing. */
	describe_input(t ? t : &fuzz_target_dtb_raw, data, len, &d);
	free(data);
	if (!t) {
		d.target = NULL;
		d.kcfg.setup.boot.lpae = d.kcfg.setup.layout.lpae = lpae;
		d.kcfg.profile = mm_profile_find(lpae ? "debian-armmp-lpae" : "debian-armmp");
	}
	if (has_split)
		d.kcfg.setup.layout.split = split;
	if (d.kcfg.setup.layout.lpae && d.kcfg.setup.layout.split == VMSPLIT_3G_OPT)
		d.kcfg.setup.layout.split = VMSPLIT_3G;
	if (machine_map_boot(&d, &m) < 0) {
		fprintf(stderr, "mmfuzz map: %s: %s\n", path, m.note);
		return 1;
	}
	out = out_path ? fopen(out_path, "w") : stdout;
	if (!out) {
		perror(out_path);
		return 1;
	}
	map_svg_write(out, &m);
	if (m.note[0])
		fprintf(stderr, "mmfuzz map: %s: %s\n", path, m.note);
	if (out != stdout && fclose(out) != 0) {
		perror(out_path);
		return 1;
	}
	return 0;
}

const struct command cmd_map = {
	.name = "map",
	.summary = "draw the physical map and virtual layout a device tree or input boots (SVG)",
	.usage = usage,
	.run = map_run,
};
