/*
 * A fuzz input decoded for a person: its configuration, the device tree it
 * boots (if any) and its operations with their byte offsets, through the
 * targets' own decoders (fuzz/memblock_ops.h, layout_input.h,
 * page_alloc_ops.h, slub_ops.h, dtb_builder.h).  mmfuzz decode prints it, mmfuzz
 * replay cuts inputs at its operation offsets, mmfuzz map boots its tree.
 */
#ifndef CLI_DESCRIBE_H
#define CLI_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtb_builder.h"
#include "fuzz_target.h"
#include "kernel.h"

#define DESC_MAX_OPS 256

struct described_op {
	uint32_t offset;	/* first byte in the input; a prefix this long holds the operations before it */
	char text[200];
};

struct description {
	const struct fuzz_target *target;
	char config[2048];		/* "name: value" lines */
	uint64_t fdt[DTB_BUILD_MAX / sizeof(uint64_t)];
	size_t fdt_size;		/* 0: the input boots no device tree */
	const char *fdt_why;		/* then why not */
	/* what the target boots the tree with; page_alloc's own, defaults elsewhere */
	struct kernel_config kcfg;
	bool has_ops;			/* the target reads operations after its configuration */
	unsigned nr_ops;
	struct described_op ops[DESC_MAX_OPS];
};

/* Fills *d; returns 0, or -1 when the input is too short to name a configuration (d->config says so). */
int describe_input(const struct fuzz_target *t, const uint8_t *data, size_t size, struct description *d);

#endif
