/* See meminfo.h. */
#include "meminfo.h"

#include <stdio.h>

#include "kernel.h"

/* show_val_kb(): a 16-column label, the value in kB over 8 columns. */
static size_t show_val_kb(char *buf, size_t cap, size_t len, const char *label, unsigned long pages)
{
	int n = snprintf(len < cap ? buf + len : NULL, len < cap ? cap - len : 0, "%-16s%8lu kB\n", label,
			 pages << (PAGE_SHIFT - 10));

	return n > 0 ? len + (size_t)n : len;
}

size_t show_meminfo(const struct mm_kernel *k, char *buf, size_t cap)
{
	unsigned long free = 0, high_free = 0, cma_free = 0;
	size_t len = 0;

	if (cap)
		buf[0] = '\0';
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];

		free += zone->nr_free_pages;
		cma_free += zone->nr_free_cma_pages;
		if (zone_is_highmem_idx(k, z))
			high_free += zone->nr_free_pages;
	}
	len = show_val_kb(buf, cap, len, "MemTotal:", k->totalram_pages);
	len = show_val_kb(buf, cap, len, "MemFree:", free);
	if (k->setup->layout.cfg.highmem) {	/* CONFIG_HIGHMEM */
		len = show_val_kb(buf, cap, len, "HighTotal:", k->totalhigh_pages);
		len = show_val_kb(buf, cap, len, "HighFree:", high_free);
		len = show_val_kb(buf, cap, len, "LowTotal:", k->totalram_pages - k->totalhigh_pages);
		len = show_val_kb(buf, cap, len, "LowFree:", free - high_free);
	}
	len = show_val_kb(buf, cap, len, "CmaTotal:", k->totalcma_pages);
	return show_val_kb(buf, cap, len, "CmaFree:", cma_free);
}
