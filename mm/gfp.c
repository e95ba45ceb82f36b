/*
 * GFP flag decoding (Linux v6.1 include/linux/gfp.h gfp_zone with
 * GFP_ZONE_TABLE / GFP_ZONE_BAD, gfp_migratetype).  The table is built for
 * ARM32: ZONE_DMA and ZONE_HIGHMEM configured, no ZONE_DMA32 (its slot
 * means ZONE_NORMAL).  Invalid combinations return the table's entry as a
 * kernel without DEBUG_VM does (ZONE_DMA, entry 0).  gfp_migratetype() is
 * the mobility-grouping form; alloc_pages() applies
 * page_group_by_mobility_disabled itself because this signature has no
 * kernel state.  gfp_flags_string() is vsprintf's %pGg.
 */
#include "gfp.h"

#include <stdio.h>

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

/* __def_gfpflag_names of v6.1 (include/trace/events/mmflags.h): composites first. */
static const struct {
	gfp_t mask;
	const char *name;
} gfpflag_names[] = {
	{ ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM) |
		  __GFP_DIRECT_RECLAIM, "GFP_TRANSHUGE" },
	{ (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM,
	  "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL | __GFP_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ __GFP_RECLAIM | __GFP_IO, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ __GFP_RECLAIM, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_ATOMIC, "__GFP_ATOMIC" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ 0x800000u, "__GFP_ZEROTAGS" },
};

char *gfp_flags_string(char *buf, size_t cap, gfp_t gfp)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; gfp && i < sizeof(gfpflag_names) / sizeof(gfpflag_names[0]); i++) {
		if ((gfp & gfpflag_names[i].mask) != gfpflag_names[i].mask)
			continue;
		gfp &= ~gfpflag_names[i].mask;
		if (n < cap)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", gfpflag_names[i].name, gfp ? "|" : "");
	}
	if (gfp && n < cap)
		snprintf(buf + n, cap - n, "%#x", gfp);
	return buf;
}
