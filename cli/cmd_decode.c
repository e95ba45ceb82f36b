/*
 * mmfuzz decode INPUT [--target T]: an input as its target reads it, for a
 * person: the configuration, the device tree as source, and one line per
 * operation with its byte offset.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "describe.h"
#include "dts_print.h"
#include "fdt_scan.h"

static const char usage[] =
	"usage: mmfuzz decode [--target T] INPUT\n"
	"Print INPUT as the fuzz target T reads it: its configuration, the device tree it\n"
	"boots (as DTS; a raw blob first goes through the model's blob gate, dt_parse) and\n"
	"its operations, one per line with the offset of their first byte.  Without\n"
	"--target, T is the last component of INPUT's path naming a target\n"
	"(corpus/page_alloc/x, out/layout/crashes/crash-...).\n";

/* The blob gate of mm/fdt_scan.c, so a blob it refuses is never handed to libfdt's walkers. */
static int print_tree(const struct description *d)
{
	static struct dt_info info;
	const char *why = NULL;

	if (!d->fdt_size) {
		printf("\n(no device tree: %s)\n", d->fdt_why ? d->fdt_why : "none");
		return 0;
	}
	if (dt_parse(d->fdt, d->fdt_size, &info, &why) < 0) {
		printf("\n(the model refuses the blob: %s)\n", why ? why : "?");
		return 0;
	}
	putchar('\n');
	return dts_print(stdout, d->fdt, d->fdt_size) < 0 ? 1 : 0;
}

static int decode_run(int argc, char **argv)
{
	static struct description d;
	const struct fuzz_target *t = NULL;
	const char *path = NULL;
	unsigned char *data;
	size_t len;
	int ret;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			if (!pick_target("decode", argv[++i], &t))
				return 2;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			return usage_error(usage);
		}
	}
	if (!path)
		return usage_error(usage);
	if (!t)
		t = fuzz_target_from_path(path);
	if (!t) {
		fprintf(stderr, "mmfuzz decode: no target name in '%s'; use --target\n", path);
		return 2;
	}
	data = read_file_or_complain(path, &len);
	if (!data)
		return 1;
	ret = describe_input(t, data, len, &d);
	free(data);
	fputs(d.config, stdout);
	if (ret < 0)
		return 1;
	ret = print_tree(&d);
	if (d.has_ops) {
		printf("\n%u operation%s:\n", d.nr_ops, d.nr_ops == 1 ? "" : "s");
		for (unsigned i = 0; i < d.nr_ops; i++)
			printf("%4u  @%-5u %s\n", i, d.ops[i].offset, d.ops[i].text);
	}
	return ret;
}

const struct command cmd_decode = {
	.name = "decode",
	.summary = "print an input's configuration, device tree (DTS) and operations",
	.usage = usage,
	.run = decode_run,
};
