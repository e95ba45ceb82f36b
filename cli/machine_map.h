/*
 * What mmfuzz map draws, gathered from a booted model: the physical map
 * (memory banks and the holes between them, no-map memory, memblock
 * reservations, CMA areas, the kernel image, the zones, arm_lowmem_limit)
 * and the virtual layout of the split (user, modules, lowmem, vmalloc,
 * pkmap, fixmap, vectors).
 */
#ifndef CLI_MACHINE_MAP_H
#define CLI_MACHINE_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "describe.h"

enum map_lane { LANE_MEMORY, LANE_RESERVED, LANE_ZONES, LANE_VIRTUAL, NR_LANES };

enum map_kind { MAP_BANK, MAP_HOLE, MAP_NOMAP, MAP_RESERVED, MAP_CMA, MAP_KERNEL, MAP_ZONE, MAP_VIRT };

struct map_range {
	uint64_t start, end;	/* [start, end) */
	enum map_lane lane;
	enum map_kind kind;
	char label[80];
};

#define MAP_MAX_RANGES 256

struct machine_map {
	char title[160];
	char note[240];		/* how far the boot got, when it stopped early */
	bool has_lowmem_limit;
	uint64_t lowmem_limit;	/* arm_lowmem_limit, physical */
	unsigned nr;
	struct map_range ranges[MAP_MAX_RANGES];
};

/* Boots d's device tree with d's kernel configuration; returns 0, or -1 when nothing could be gathered (m->note says why). */
int machine_map_boot(const struct description *d, struct machine_map *m);

#endif
