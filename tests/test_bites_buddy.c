/*
 * Bite tests of the memory-model and buddy layer: each deliberate bug of
 * mm/sim/bugs.h for this layer, switched on, makes the oracle report the
 * invariant it breaks in a realistic scenario run through the page_alloc
 * fuzz target (oracle at FULL); switched off, the same scenario passes
 * silently.  Each test switches its bug off again before returning.
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
	pa_bite(MM_BUG_STEAL_KEEPS_TYPE, &in, "ORACLE: fallback claims a Movable pageblock:");
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
	pa_bite(MM_BUG_SECTION_ROOT_INDEX, &in, "ORACLE: section_mem_map flags:");
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

TEST_MAIN()
