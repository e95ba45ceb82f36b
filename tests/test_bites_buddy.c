/*
 * Bite tests of the memory-model and buddy layer and of the boot the
 * kernel watch recomputes (memory map placement, zones, hand-over,
 * initcalls, boot lines): each deliberate bug of mm/sim/bugs.h for these
 * layers, switched on, makes the oracle report the invariant it breaks in
 * a realistic scenario run through the page_alloc fuzz target (oracle at
 * FULL); switched off, the same scenario passes silently.  Each test
 * switches its bug off again before returning.
 */
#include "mm_profile.h"
#include "test.h"

#include "bite_helpers.h"

#include "input_helpers.h"
#include "pa_input.h"

/* With the bug on the oracle names `invariant`; with it off the scenario is silent. */
static void pa_bite(enum mm_bug bug, const struct pa_bytes *in, const char *invariant)
{
	bite("page_alloc", bug, in->b, in->len, invariant, NULL);
}

/* One allocation on a board, top-down. */
static struct pa_bytes one_alloc(enum pa_board board, unsigned gfp, unsigned order)
{
	struct pa_bytes in = pa_input((struct pa_config){ .board = board });

	pa_alloc(&in, gfp, order);
	return in;
}

/* One unmovable page on a preset board under a memory model. */
static struct pa_bytes one_alloc_model(enum memory_model model, enum pa_board board)
{
	struct pa_bytes in = pa_input((struct pa_config){ .model = model, .board = board });

	pa_alloc(&in, PA_GFP_KERNEL, 0);
	return in;
}

/* 1 GiB with vmalloc=242M: lowmem ends 6 MiB into an 8 MiB block; bottom-up keeps its top free. */
TEST(bite_merge_across_zone)
{
	struct pa_bytes in = pa_input((struct pa_config){ .bottom_up = true,
							  .board = PA_BOARD_1G_ZONE_SPLIT });

	pa_alloc(&in, PA_GFP_HIGHUSER, 0);
	pa_free(&in, 0);
	pa_bite(MM_BUG_MERGE_ACROSS_ZONE, &in, "ORACLE: free block inside its zone:");
}

/* Ten pages after SLUB's six boot slabs (the first pageblock's pfns 6..15), three given back. */
TEST(bite_buddy_wrong_order)
{
	struct pa_bytes in = pa_input((struct pa_config){ .board = PA_BOARD_256M });

	pa_alloc_many(&in, 10, PA_GFP_KERNEL, 0);
	pa_free(&in, 7);
	pa_free(&in, 8);
	pa_free(&in, 6);
	pa_bite(MM_BUG_BUDDY_WRONG_ORDER, &in, "ORACLE: free blocks disjoint:");
}

/*
 * SLUB's boot slabs took the first Movable pageblock for Unmovable; order-10
 * unmovable allocations use up its rest, then steal from a second Movable
 * pageblock, which they must claim.
 */
TEST(bite_steal_keeps_type)
{
	struct pa_bytes in = pa_input((struct pa_config){ .board = PA_BOARD_256M });

	pa_alloc_many(&in, 3, PA_GFP_KERNEL, 10);
	pa_bite(MM_BUG_STEAL_KEEPS_TYPE, &in, "ORACLE: pageblock type:");
}

TEST(bite_nr_free_drift)
{
	struct pa_bytes in = one_alloc(PA_BOARD_256M, PA_GFP_KERNEL_MOVABLE, 1);

	pa_bite(MM_BUG_NR_FREE_DRIFT, &in, "ORACLE: NR_FREE_PAGES == sum of nr_free:");
}

/* Two banks with a hole: one hole page counted present shows in the zone geometry after boot. */
TEST(bite_hole_counted_present)
{
	struct pa_bytes in = one_alloc(PA_BOARD_TWO_BANKS_HOLE, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_HOLE_COUNTED_PRESENT, &in, "ORACLE: zone present_pages:");
}

/* SPARSEMEM_EXTREME: the section table the model fills is not the slot the section number names. */
TEST(bite_section_root_index)
{
	struct pa_bytes in = pa_input((struct pa_config){ .model = MEMORY_MODEL_SPARSEMEM_EXTREME,
							  .board = PA_BOARD_2G });

	pa_alloc(&in, PA_GFP_KERNEL, 0);
	pa_alloc(&in, PA_GFP_HIGHUSER_MOVABLE, 0);
	pa_bite(MM_BUG_SECTION_ROOT_INDEX, &in, "ORACLE: section_mem_map:");
}

/* 64 MiB at 0x40100000: free ranges start off MAX_ORDER alignment. */
TEST(bite_free_all_wrong_order)
{
	struct pa_bytes in = one_alloc(PA_BOARD_64M_ODD, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_FREE_ALL_WRONG_ORDER, &in, "ORACLE: free block aligned to its order:");
}

/* STM32MP157C, classic: OP-TEE's no-map carve-out ends at PHYS_ADDR_MAX, so its pages stay unmarked. */
TEST(bite_reserve_end_no_wrap)
{
	struct pa_bytes in = { 0 };
	uint8_t *seed = read_source_input("corpus/page_alloc/stm32mp157c-optee-at-4g-classic", &in.len);

	if (!seed)
		return;
	CHECK(in.len <= sizeof(in.b));
	memcpy(in.b, seed, in.len < sizeof(in.b) ? in.len : sizeof(in.b));
	free(seed);
	pa_bite(MM_BUG_RESERVE_END_NO_WRAP, &in, "ORACLE: PageReserved follows memblock.reserved and NOMAP:");
}

/* One unmovable page on a one-bank board. */
static struct pa_bytes bank_alloc(struct pa_config c, uint32_t base, uint32_t size)
{
	struct pa_bytes in = pa_bank_input(c, base, size);

	pa_alloc(&in, PA_GFP_KERNEL, 0);
	return in;
}

/* 256 MiB at 0x40200000: the node starts 2 MiB into its MAX_ORDER block, and PHYS_OFFSET there. */
TEST(bite_mem_map_not_moved_back)
{
	struct pa_bytes in = bank_alloc((struct pa_config){ 0 }, 0x40200000, 0x10000000);

	pa_bite(MM_BUG_MEM_MAP_NOT_MOVED_BACK, &in, "ORACLE: pfn_to_page_virt:");
}

TEST(bite_usemap_size_no_offset)
{
	struct pa_bytes in = bank_alloc((struct pa_config){ 0 }, 0x40200000, 0x10000000);

	pa_bite(MM_BUG_USEMAP_SIZE_NO_OFFSET, &in, "ORACLE: memmap allocation:");
}

/* 2 GiB SPARSEMEM: eight sections' maps carved from the buffer placed at its masked alignment. */
TEST(bite_sparse_buffer_no_roundup)
{
	struct pa_bytes in = one_alloc_model(MEMORY_MODEL_SPARSEMEM, PA_BOARD_2G);

	pa_bite(MM_BUG_SPARSE_BUFFER_NO_ROUNDUP, &in, "ORACLE: memmap");
}

/* 2 GiB SPARSEMEM: eight sections, each with its own slot of the usage array. */
TEST(bite_section_usage_shared)
{
	struct pa_bytes in = one_alloc_model(MEMORY_MODEL_SPARSEMEM, PA_BOARD_2G);

	pa_bite(MM_BUG_SECTION_USAGE_SHARED, &in, "ORACLE: section usage:");
}

/* Two banks with a 768 MiB hole: the memory map behind the hole goes back to memblock. */
TEST(bite_free_unused_memmap_skipped)
{
	struct pa_bytes in = one_alloc(PA_BOARD_TWO_BANKS_HOLE, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_FREE_UNUSED_MEMMAP_SKIPPED, &in, "ORACLE: memmap free:");
}

/* 241 MiB without HighMem, movablecore=64M: ZONE_MOVABLE from DMA at 177 MiB, rounded up. */
TEST(bite_movable_pfn_unaligned)
{
	struct pa_bytes in = bank_alloc((struct pa_config){ .no_highmem = true, .movablecore = 4 },
					0x40000000, 0x0f100000);

	pa_bite(MM_BUG_MOVABLE_PFN_UNALIGNED, &in, "ORACLE: zone spanned_pages:");
}

/* 2 GiB: the last pageblock of the DMA zone's range is no CMA area's (the default one is in HighMem). */
TEST(bite_memmap_init_short)
{
	struct pa_bytes in = one_alloc(PA_BOARD_2G, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_MEMMAP_INIT_SHORT, &in, "ORACLE: pageblock type:");
}

/* 40 MiB: about five 8 MiB pageblocks, under MIGRATE_TYPES but over MIGRATE_PCPTYPES. */
TEST(bite_mobility_threshold)
{
	struct pa_bytes in = bank_alloc((struct pa_config){ 0 }, 0x40000000, 0x02800000);

	pa_bite(MM_BUG_MOBILITY_THRESHOLD, &in, "ORACLE: mobility grouping:");
}

/*
 * LPAE 1 GiB: once order-10 unmovable allocations have used up the block
 * SLUB's boot slabs stole, the next steals an order-11 block of four 2 MiB
 * pageblocks.
 */
TEST(bite_steal_range_first_only)
{
	struct pa_bytes in = pa_input((struct pa_config){ .profile = PA_ARMMP_LPAE,
							  .board = PA_BOARD_1G_VIRT });

	pa_alloc_many(&in, 3, PA_GFP_KERNEL, 10);
	pa_bite(MM_BUG_STEAL_RANGE_FIRST_ONLY, &in, "ORACLE: pageblock type:");
}

/*
 * A movable page splits an order-11 block; the first reclaimable page
 * (nothing on its own lists: SLUB's boot slabs are unmovable) must still
 * fall back to the largest free block, not to that split's order-0
 * remainder.
 */
TEST(bite_fallback_smallest_first)
{
	struct pa_bytes in = pa_input((struct pa_config){ .board = PA_BOARD_256M });

	pa_alloc(&in, PA_GFP_KERNEL_MOVABLE, 0);
	pa_alloc(&in, PA_GFP_KERNEL_RECLAIMABLE, 0);
	pa_bite(MM_BUG_FALLBACK_SMALLEST_FIRST, &in, "ORACLE: fallback serves from the stolen block:");
}

/* 3 GiB: 2.25 GiB of HighMem, whose min would be 576 pages unclamped. */
TEST(bite_highmem_min_unclamped)
{
	struct pa_bytes in = one_alloc(PA_BOARD_3G_HIGHMEM, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_HIGHMEM_MIN_UNCLAMPED, &in, "ORACLE: zone watermark:");
}

/* 1 GiB: DMA's reserve against HighMem's 64k pages. */
TEST(bite_lowmem_reserve_ratio)
{
	struct pa_bytes in = one_alloc(PA_BOARD_1G_VIRT, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_LOWMEM_RESERVE_RATIO, &in, "ORACLE: lowmem_reserve:");
}

/* 2 GiB with cma=64M: the default area lands in HighMem. */
TEST(bite_totalhigh_misses_cma)
{
	struct pa_bytes in = one_alloc(PA_BOARD_2G_CMA, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_TOTALHIGH_MISSES_CMA, &in, "ORACLE: totalram/totalhigh/totalcma:");
}

TEST(bite_memory_line_reserved)
{
	struct pa_bytes in = one_alloc(PA_BOARD_2G_CMA, PA_GFP_KERNEL, 0);

	pa_bite(MM_BUG_MEMORY_LINE_RESERVED, &in, "ORACLE: boot log:");
}

TEST_MAIN()
