/*
 * Linux v6.1 mm/memblock.c memblock_debug_show(): the text of
 * /sys/kernel/debug/memblock/{memory,reserved}.  v6.1 prints only the
 * range of each region (flags and nid came later); an empty array shows
 * its zero-sized dummy, whose end wraps to PHYS_ADDR_MAX.
 */
#include "memblock.h"

#include "printk.h"

size_t memblock_debugfs_show(const struct memblock *mb, const struct memblock_type *type,
			     char *buf, size_t cap)
{
	struct show_buf sb = show_begin(buf, cap);
	bool wide = mb->phys_max == PHYS_MAX_64;
	char b[19], e[19];

	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		show_printf(&sb, "%4lu: %s..%s\n", i, mm_fmt_pa(b, r->base, wide),
			    mm_fmt_pa(e, (r->base + r->size - 1) & mb->phys_max, wide));
	}
	return sb.len;
}
