/*
 * The unflattened device tree's copy (Linux v6.1 drivers/of/fdt.c
 * unflatten_device_tree, __unflatten_device_tree, unflatten_dt_nodes,
 * populate_node, populate_properties, early_init_dt_alloc_memory_arch).
 *
 * Only its size and its memblock allocation are modelled: setup_arch
 * copies every node (CONFIG_OF_KOBJ: disabled ones too) and every property
 * into one memblock block, whose size follows from the blob and the
 * build's struct device_node / struct property.
 */
#ifndef MM_UNFLATTEN_H
#define MM_UNFLATTEN_H

#include "kernel_build.h"
#include "memblock.h"

/* What the dry-run pass of unflatten_dt_nodes() adds up, build-independent. */
struct dt_unflatten {
	uint32_t nodes;			/* struct device_node + its name */
	uint64_t name_bytes;		/* sum of ALIGN(strlen(name) + 1, 4) */
	uint32_t props;			/* struct property each; value stays in the blob */
	uint32_t nameless;		/* nodes without "name": a property is made up */
	uint64_t nameless_bytes;	/* sum of ALIGN(strlen(unit name before '@') + 1, 4) */
};

/*
 * Count the blob's nodes and properties.  `chosen` is the /chosen node's
 * offset (negative: none); its rng-seed does not count when non-empty,
 * because early_init_dt_scan_chosen() turns it into NOPs first.
 */
void unflatten_dt_count(const void *fdt, int chosen, struct dt_unflatten *u);

/* Bytes the dry run returns for the build: ALIGN(size, 4), without the end marker. */
uint64_t unflatten_dt_size(const struct dt_unflatten *u, const struct kernel_build *b);

/*
 * unflatten_device_tree()'s allocation: memblock_alloc(size + 4, 4).
 * Returns 0, or -MM_EPANIC (the kernel's panic, logged) when it fails.
 */
int unflatten_device_tree(struct memblock *mb, const struct dt_unflatten *u,
			  const struct kernel_build *b);

#endif
