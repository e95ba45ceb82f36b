/*
 * GFP flag decoding (Linux v6.1 include/linux/gfp.h gfp_zone with
 * GFP_ZONE_TABLE / GFP_ZONE_BAD, gfp_migratetype).  The table is built for
 * ARM32: ZONE_DMA and ZONE_HIGHMEM configured, no ZONE_DMA32 (its slot
 * means ZONE_NORMAL).  Invalid combinations return the table's entry as a
 * kernel without DEBUG_VM does (ZONE_DMA, entry 0).  gfp_migratetype() is
 * the mobility-grouping form; alloc_pages() applies
 * page_group_by_mobility_disabled itself because this signature has no
 * kernel state.
 */
#include "gfp.h"

#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_ZONES_SHIFT 2
#define OPT_ZONE_DMA32 ZONE_NORMAL

#define GFP_ZONE_TABLE                                                                      \
	(((uint32_t)ZONE_NORMAL << 0 * GFP_ZONES_SHIFT) |                                   \
	 ((uint32_t)ZONE_DMA << __GFP_DMA * GFP_ZONES_SHIFT) |                              \
	 ((uint32_t)ZONE_HIGHMEM << __GFP_HIGHMEM * GFP_ZONES_SHIFT) |                      \
	 ((uint32_t)OPT_ZONE_DMA32 << __GFP_DMA32 * GFP_ZONES_SHIFT) |                      \
	 ((uint32_t)ZONE_NORMAL << __GFP_MOVABLE * GFP_ZONES_SHIFT) |                       \
	 ((uint32_t)ZONE_DMA << (__GFP_MOVABLE | __GFP_DMA) * GFP_ZONES_SHIFT) |            \
	 ((uint32_t)ZONE_MOVABLE << (__GFP_MOVABLE | __GFP_HIGHMEM) * GFP_ZONES_SHIFT) |    \
	 ((uint32_t)OPT_ZONE_DMA32 << (__GFP_MOVABLE | __GFP_DMA32) * GFP_ZONES_SHIFT))

enum zone_type gfp_zone(gfp_t flags)
{
	unsigned int bit = flags & GFP_ZONEMASK;

	return (enum zone_type)((GFP_ZONE_TABLE >> (bit * GFP_ZONES_SHIFT)) & ((1u << GFP_ZONES_SHIFT) - 1));
}

enum migratetype gfp_migratetype(gfp_t flags)
{
	/* __GFP_MOVABLE is bit 3: shifting by 3 gives MOVABLE 1, RECLAIMABLE 2, both 3 (HighAtomic). */
	return (enum migratetype)((flags & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >> 3);
}
