/*
 * See unflatten.h (Linux v6.1 drivers/of/fdt.c unflatten_dt_nodes,
 * populate_node, populate_properties, unflatten_dt_alloc,
 * __unflatten_device_tree, early_init_dt_alloc_memory_arch).
 *
 * The dry run starts at address 0 and aligns each piece to its struct's
 * alignment (4 on ARM); struct device_node and struct property are whole
 * words in every build, so each node and each made-up name property adds
 * its name rounded up to a word, and the sum needs no order.
 */
#include "unflatten.h"

#include <libfdt.h>
#include <string.h>

#include "mm_errno.h"

static uint64_t word_round(uint64_t n)
{
	return (n + 3) & ~3ULL;
}

/* The "name" populate_properties() makes up: after the last '/', up to the last '@'. */
static size_t base_name_len(const char *name, int len)
{
	int start = 0, at = -1;

	for (int i = 0; i < len; i++) {
		if (name[i] == '@')
			at = i;
		else if (name[i] == '/')
			start = i + 1;
	}
	return (size_t)((at < start ? len : at) - start);
}

void unflatten_dt_count(const void *fdt, int chosen, struct dt_unflatten *u)
{
	int node, depth = 0;

	memset(u, 0, sizeof(*u));
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int len, prop;
		const char *name;
		bool has_name = false;

		/* FDT_MAX_DEPTH: nodes this deep are skipped (after a WARN) */
		if (depth >= 63)
			continue;
		name = fdt_get_name(fdt, node, &len);
		if (!name)
			continue;
		u->nodes++;
		u->name_bytes += word_round((uint64_t)len + 1);
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;
			int plen;

			if (!fdt_getprop_by_offset(fdt, prop, &pname, &plen) || !pname)
				continue;
			if (node == chosen && plen > 0 && strcmp(pname, "rng-seed") == 0)
				continue;
			has_name |= strcmp(pname, "name") == 0;
			u->props++;
		}
		if (!has_name) {
			u->nameless++;
			u->nameless_bytes += word_round(base_name_len(name, len) + 1);
		}
	}
}

uint64_t unflatten_dt_size(const struct dt_unflatten *u, const struct kernel_build *b)
{
	return (uint64_t)u->nodes * b->device_node_size + u->name_bytes +
	       (uint64_t)(u->props + u->nameless) * b->property_size + u->nameless_bytes;
}

int unflatten_device_tree(struct memblock *mb, const struct dt_unflatten *u,
			  const struct kernel_build *b)
{
	uint64_t size = unflatten_dt_size(u, b) + 4;

	memblock_set_caller(mb, CS_UNFLATTEN_DEVICE_TREE);
	if (memblock_alloc(mb, size, 4))
		return 0;
	mm_printk(mb->log, "Kernel panic - not syncing: early_init_dt_alloc_memory_arch: "
		  "Failed to allocate %llu bytes align=0x4\n", (unsigned long long)size);
	return -MM_EPANIC;
}
