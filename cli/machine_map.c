/* See machine_map.h. */
#include "machine_map.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel.h"
#include "mm_errno.h"
#include "setup.h"

static void add(struct machine_map *m, uint64_t start, uint64_t end, enum map_lane lane,
		enum map_kind kind, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add(struct machine_map *m, uint64_t start, uint64_t end, enum map_lane lane,
		enum map_kind kind, const char *fmt, ...)
{
	struct map_range *r;
	va_list ap;

	if (end <= start || m->nr == MAP_MAX_RANGES)
		return;
	r = &m->ranges[m->nr++];
	*r = (struct map_range){ .start = start, .end = end, .lane = lane, .kind = kind };
	va_start(ap, fmt);
	vsnprintf(r->label, sizeof(r->label), fmt, ap);
	va_end(ap);
}

static void add_memory(struct machine_map *m, const struct memblock *mb)
{
	const struct memblock_type *mem = &mb->memory;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		uint64_t end = r->base + r->size;

		if (i > 0 && mem->regions[i - 1].base + mem->regions[i - 1].size < r->base)
			add(m, mem->regions[i - 1].base + mem->regions[i - 1].size, r->base, LANE_MEMORY,
			    MAP_HOLE, "hole");
		if (r->flags & MEMBLOCK_NOMAP)
			add(m, r->base, end, LANE_MEMORY, MAP_NOMAP, "no-map memory");
		else
			add(m, r->base, end, LANE_MEMORY, MAP_BANK, "memory");
	}
	for (unsigned long i = 0; i < mb->reserved.cnt; i++)
		add(m, mb->reserved.regions[i].base,
		    mb->reserved.regions[i].base + mb->reserved.regions[i].size, LANE_RESERVED,
		    MAP_RESERVED, "reserved");
}

static void add_virtual(struct machine_map *m, const struct arm_layout *l)
{
	add(m, 0, l->task_size, LANE_VIRTUAL, MAP_VIRT, "user space");
	add(m, l->modules_vaddr, l->modules_end, LANE_VIRTUAL, MAP_VIRT, "modules");
	add(m, l->page_offset, l->high_memory, LANE_VIRTUAL, MAP_VIRT, "lowmem (linear map)");
	add(m, l->vmalloc_start, l->vmalloc_end, LANE_VIRTUAL, MAP_VIRT, "vmalloc");
	if (l->cfg.highmem)
		add(m, l->pkmap_base, l->pkmap_base + 0x200000ULL, LANE_VIRTUAL, MAP_VIRT, "pkmap (kmap)");
	add(m, l->fixaddr_start, l->fixaddr_top, LANE_VIRTUAL, MAP_VIRT, "fixmap");
	add(m, l->vectors_base, (uint64_t)l->vectors_base + 0x1000, LANE_VIRTUAL, MAP_VIRT, "vectors");
}

int machine_map_boot(const struct description *d, struct machine_map *m)
{
	struct mm_kernel *k;
	const struct mm_setup *s;
	const struct arm_layout *l;
	int ret;

	memset(m, 0, sizeof(*m));
	if (!d->fdt_size || !d->kcfg.profile) {
		snprintf(m->note, sizeof(m->note), "no device tree: %s", d->fdt_why ? d->fdt_why : "none");
		return -1;
	}
	snprintf(m->title, sizeof(m->title), "%s: %s, %s, %s",
		 d->target ? d->target->name : "device tree", d->kcfg.profile->name,
		 memory_model_name(d->kcfg.model), d->kcfg.setup.boot.lpae ? "LPAE" : "classic");
	k = mm_kernel_new();
	if (!k) {
		snprintf(m->note, sizeof(m->note), "out of memory");
		return -1;
	}
	ret = mm_kernel_boot(k, d->fdt, d->fdt_size, &d->kcfg);
	s = k->setup;
	if (ret < 0 && (!s || !s->layout.page_offset)) {
		snprintf(m->note, sizeof(m->note), "the model refused the boot before the layout: %s",
			 s && s->why ? s->why : "?");
		mm_kernel_free(k);
		return -1;
	}
	l = &s->layout;
	if (ret < 0)
		snprintf(m->note, sizeof(m->note), "boot stopped (%s): no zones or CMA areas",
			 ret == -MM_EPANIC ? "kernel panic" : s->why ? s->why : "refused");
	add_memory(m, &s->boot->mb);
	add(m, l->ks.stext, l->ks.end, LANE_RESERVED, MAP_KERNEL, "kernel image");
	if (ret == 0) {
		for (int i = 0; i < k->nr_cma; i++)
			add(m, k->cma[i].base, k->cma[i].base + ((uint64_t)k->cma[i].count << 12),
			    LANE_RESERVED, MAP_CMA, "CMA %s", k->cma[i].name);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &k->node.node_zones[z];

			if (zone->spanned_pages)
				add(m, (uint64_t)zone->zone_start_pfn << 12,
				    (uint64_t)(zone->zone_start_pfn + zone->spanned_pages) << 12, LANE_ZONES,
				    MAP_ZONE, "Zone %s", zone->name);
		}
	}
	m->has_lowmem_limit = l->arm_lowmem_limit != 0;
	m->lowmem_limit = l->arm_lowmem_limit;
	add_virtual(m, l);
	mm_kernel_free(k);
	return 0;
}
