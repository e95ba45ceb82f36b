/*
 * Bite tests of the memory-model and buddy layer: each deliberate bug of
 * mm/sim/bugs.h for this layer, switched on, makes the oracle report the
 * invariant it breaks in a realistic scenario run through the page_alloc
 * fuzz target (oracle at FULL); switched off, the same scenario passes
 * silently.  Each test switches its bug off again before returning.
 */
#include "bugs.h"
#include "fuzz_target.h"
#include "mm_profile.h"
#include "oracle.h"
#include "test.h"

#include "input_helpers.h"
#include "pa_input.h"

static char messages[16384];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

/* Run one target input; returns the number of oracle failures. */
static unsigned run(const struct pa_bytes *in)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");

	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
	if (t)
		t->run(in->b, in->len);
	oracle_set_fail_handler(NULL);
	return oracle_failures();
}

/* With the bug on the oracle names `invariant`; with it off the scenario is silent. */
static void bite(enum mm_bug bug, const struct pa_bytes *in, const char *invariant)
{
	mm_bug_set(bug, true);
	CHECK(run(in) > 0);
	if (!strstr(messages, invariant))
		fprintf(stderr, "  %s: expected '%s' in:\n%s", mm_bug_name(bug), invariant, messages);
	CHECK(strstr(messages, invariant) != NULL);
	mm_bug_set(bug, false);
	CHECK_EQ(run(in), 0);
	if (oracle_failures())
		fprintf(stderr, "  %s off:\n%s", mm_bug_name(bug), messages);
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
	bite(MM_BUG_MERGE_ACROSS_ZONE, &in, "ORACLE: free block inside its zone:");
}

TEST(bite_buddy_wrong_order)
{
	struct pa_bytes in = pa_input((struct pa_config){ .board = PA_BOARD_256M });

	pa_alloc_many(&in, 9, PA_GFP_KERNEL, 0);
	pa_free(&in, 1);
	pa_free(&in, 2);
	pa_free(&in, 0);
	bite(MM_BUG_BUDDY_WRONG_ORDER, &in, "ORACLE: free blocks disjoint:");
}

/* The first unmovable allocation after boot steals from a Movable pageblock and must claim it. */
TEST(bite_steal_keeps_type)
{
	struct pa_bytes in = one_alloc(PA_BOARD_256M, PA_GFP_KERNEL, 0);

	bite(MM_BUG_STEAL_KEEPS_TYPE, &in, "ORACLE: fallback claims a Movable pageblock:");
}

TEST(bite_nr_free_drift)
{
	struct pa_bytes in = one_alloc(PA_BOARD_256M, PA_GFP_KERNEL_MOVABLE, 1);

	bite(MM_BUG_NR_FREE_DRIFT, &in, "ORACLE: NR_FREE_PAGES == sum of nr_free:");
}

/* Two banks with a hole: one hole page counted present shows in the zone geometry after boot. */
TEST(bite_hole_counted_present)
{
	struct pa_bytes in = one_alloc(PA_BOARD_TWO_BANKS_HOLE, PA_GFP_KERNEL, 0);

	bite(MM_BUG_HOLE_COUNTED_PRESENT, &in, "ORACLE: zone present_pages:");
}

/* SPARSEMEM_EXTREME: the section table the model fills is not the slot the section number names. */
TEST(bite_section_root_index)
{
	struct pa_bytes in = pa_input((struct pa_config){ .model = MEMORY_MODEL_SPARSEMEM_EXTREME,
							  .board = PA_BOARD_2G });

	pa_alloc(&in, PA_GFP_KERNEL, 0);
	pa_alloc(&in, PA_GFP_HIGHUSER_MOVABLE, 0);
	bite(MM_BUG_SECTION_ROOT_INDEX, &in, "ORACLE: section_mem_map flags:");
}

/* 64 MiB at 0x40100000: free ranges start off MAX_ORDER alignment. */
TEST(bite_free_all_wrong_order)
{
	struct pa_bytes in = one_alloc(PA_BOARD_64M_ODD, PA_GFP_KERNEL, 0);

	bite(MM_BUG_FREE_ALL_WRONG_ORDER, &in, "ORACLE: free block aligned to its order:");
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
	bite(MM_BUG_RESERVE_END_NO_WRAP, &in, "ORACLE: PageReserved follows memblock.reserved and NOMAP:");
}

TEST_MAIN()
