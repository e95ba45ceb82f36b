/*
 * Deliberate, compiled-in bugs for the oracle's bite tests.  All are off by
 * default; a test (or `mmfuzz-replay --bug NAME`) switches one on and checks
 * that the oracle reports it.  Each site in mm/ reads mm_bug_on(MM_BUG_X).
 */
#ifndef MM_BUGS_H
#define MM_BUGS_H

#include <stdbool.h>

enum mm_bug {
	MM_BUG_NONE = 0,
	/* memblock */
	MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE,	/* merges regions one byte apart */
	MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST,	/* top-down search skips the highest free range */
	MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE,	/* doubled array is not reserved */
	MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL,	/* remove leaves the last page of a split region */
	MM_BUG_MEMBLOCK_TOTAL_SIZE,		/* total_size not updated on remove */
	MM_BUG_MEMBLOCK_MIRROR_UNGUARDED,	/* mark_mirror acts without kernelcore=mirror */
	MM_BUG_MEMBLOCK_PANIC_NOT_STICKY,	/* operations after a BUG_ON still run */
	MM_BUG_MEMBLOCK_BOTTOM_UP_STICKY,	/* set_bottom_up(false) leaves bottom-up on */
	/* device-tree scan */
	MM_BUG_FDT_IGNORE_USABLE_MEMORY,	/* reg used even when linux,usable-memory exists */
	MM_BUG_FDT_MEMRSV_SKIP_FIRST,		/* first /memreserve/ entry dropped */
	MM_BUG_FDT_USABLE_RANGE_WRONG_CODE,	/* a ragged linux,usable-memory-range refused as MM_EDTB_PROPERTY */
	MM_BUG_FDT_REFUSAL_WITHOUT_REASON,	/* MM_EDTB_PROPERTY refusals carry no reason */
	MM_BUG_FDT_GUESS_IGNORES_LOAD_ADDRESS,	/* PHYS_OFFSET guess never uses the load address */
	/* kernel page tables */
	MM_BUG_PGD_WRONG_HALF,			/* classic: an odd-MiB section written to the even L1 slot */
	MM_BUG_LPAE_SPLIT_LOSES_TAIL,		/* LPAE: a 2 MiB range mapped with pages loses its last page */
	MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION,	/* map_lowmem caps at arm_lowmem_limit + one section */
	/* buddy allocator */
	MM_BUG_MERGE_ACROSS_ZONE,		/* __free_one_page merges with a free buddy of another zone */
	MM_BUG_BUDDY_WRONG_ORDER,		/* the buddy pfn is computed with order+1's bit */
	MM_BUG_STEAL_KEEPS_TYPE,		/* a pageblock that should be retyped on stealing keeps its type */
	MM_BUG_NR_FREE_DRIFT,			/* __rmqueue_smallest forgets nr_free-- when it has to split */
	/* memory models, zones, boot hand-over */
	MM_BUG_HOLE_COUNTED_PRESENT,		/* zone sizing counts one hole page as present */
	MM_BUG_SECTION_ROOT_INDEX,		/* EXTREME: the slot inside a section root is off by one */
	MM_BUG_FREE_ALL_WRONG_ORDER,		/* memblock_free_all: order one too high at an unaligned start */
	MM_BUG_RESERVE_END_NO_WRAP,		/* reserve_bootmem_region: PFN_UP(end) in 64 bits, no wrap */
	MM_BUG_MEM_MAP_NOT_MOVED_BACK,	/* alloc_node_mem_map: mem_map not moved back by the node's offset in its MAX_ORDER block */
	MM_BUG_USEMAP_SIZE_NO_OFFSET,	/* usemap_size ignores the zone start's offset in its pageblock */
	MM_BUG_SPARSE_BUFFER_NO_ROUNDUP,	/* sparse_buffer_alloc carves without rounding up to the map size */
	MM_BUG_FREE_UNUSED_MEMMAP_SKIPPED,	/* free_unused_memmap keeps the memory map behind gaps between banks */
	MM_BUG_MOVABLE_PFN_UNALIGNED,	/* zone_movable_pfn not rounded up to MAX_ORDER_NR_PAGES */
	MM_BUG_MEMMAP_INIT_SHORT,	/* memmap_init_range leaves each range's last pageblock unmarked Movable */
	MM_BUG_MOBILITY_THRESHOLD,	/* mobility grouping off below MIGRATE_PCPTYPES pageblocks instead of MIGRATE_TYPES */
	MM_BUG_STEAL_RANGE_FIRST_ONLY,	/* change_pageblock_range retypes only the stolen block's first pageblock */
	MM_BUG_HIGHMEM_MIN_UNCLAMPED,	/* HighMem's min watermark not clamped to [32, 128] */
	MM_BUG_LOWMEM_RESERVE_RATIO,	/* DMA's lowmem_reserve ratio 32 instead of 256 */
	MM_BUG_TOTALHIGH_MISSES_CMA,	/* CMA pageblocks in HighMem not counted in totalhigh */
	MM_BUG_MEMORY_LINE_RESERVED,	/* the Memory: line's reserved figure keeps the CMA pages */
	MM_BUG_FALLBACK_SMALLEST_FIRST,	/* __rmqueue_fallback takes the smallest fallback block first */
	MM_BUG_SECTION_USAGE_SHARED,	/* every section gets the first mem_section_usage slot */
	MM_BUG_SPARSE_USEMAP_ALIAS,		/* SPARSEMEM: a section's upper pageblocks share the lower ones' bits */
	/* SLUB */
	MM_BUG_SLUB_FREELIST_PAST_OBJECT,	/* calculate_sizes appends the free pointer without room: it lands in the next slot */
	MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE,	/* kmalloc_slab rounds with fls(size - 2): 2^n + 1 bytes get the 2^n class */
	MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE,	/* put_cpu_partial's drain lists the old chain's first slab on the node twice */
	MM_BUG_SLUB_REDZONE_SHORT,		/* init_object marks an allocated object's right red zone one byte short */
	MM_BUG_SLUB_HARDENED_WRONG_ADDR,	/* hardened links xor the object's address instead of the link's */
	MM_BUG_NR
};

extern unsigned long long mm_bugs_enabled;

static inline bool mm_bug_on(enum mm_bug bug)
{
	return (mm_bugs_enabled >> bug) & 1;
}

void mm_bug_set(enum mm_bug bug, bool on);
/* Name <-> id, for the command line; returns MM_BUG_NONE when unknown. */
enum mm_bug mm_bug_from_name(const char *name);
const char *mm_bug_name(enum mm_bug bug);

#endif
