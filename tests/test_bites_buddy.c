/*
 * Bite tests of the memory-model and buddy layer: each deliberate bug of
 * mm/bugs.h for this layer, switched on, makes the oracle report the
 * invariant it breaks in a realistic scenario run through the page_alloc
 * fuzz target (oracle at FULL); switched off, the same scenario passes
 * silently.  Each test switches its bug off again before returning.
 */
#include "bugs.h"
#include "fuzz_target.h"
#include "mm_profile.h"
#include "oracle.h"
#include "page_alloc_ops.h"
#include "test.h"

#define BOTTOM_UP 0x80

static char messages[16384];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

/* Run one target input; returns the number of oracle failures. */
static unsigned run(const uint8_t *in, size_t len)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");

	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
	if (t)
		t->run(in, len);
	oracle_set_fail_handler(NULL);
	return oracle_failures();
}

/* With the bug on the oracle names `invariant`; with it off the scenario is silent. */
static void bite(enum mm_bug bug, const uint8_t *in, size_t len, const char *invariant)
{
	mm_bug_set(bug, true);
	CHECK(run(in, len) > 0);
	if (!strstr(messages, invariant))
		fprintf(stderr, "  %s: expected '%s' in:\n%s", mm_bug_name(bug), invariant, messages);
	CHECK(strstr(messages, invariant) != NULL);
	mm_bug_set(bug, false);
	CHECK_EQ(run(in, len), 0);
	if (oracle_failures())
		fprintf(stderr, "  %s off:\n%s", mm_bug_name(bug), messages);
}

/* 1 GiB with vmalloc=242M: lowmem ends 6 MiB into an 8 MiB block; bottom-up keeps its top free. */
TEST(bite_merge_across_zone)
{
	const uint8_t in[] = { BOTTOM_UP, 0x00, 9, PA_ALLOC, 0x05, 0x00, PA_FREE, 0 };

	bite(MM_BUG_MERGE_ACROSS_ZONE, in, sizeof(in), "ORACLE: free block inside its zone:");
}

TEST(bite_buddy_wrong_order)
{
	const uint8_t in[] = { 0x00, 0x00, 0, PA_ALLOC_MANY, 8, 0x00, 0x00, PA_FREE, 1, PA_FREE, 2,
			       PA_FREE, 0 };

	bite(MM_BUG_BUDDY_WRONG_ORDER, in, sizeof(in), "ORACLE: free blocks disjoint:");
}

/* The first unmovable allocation after boot steals from a Movable pageblock and must claim it. */
TEST(bite_steal_keeps_type)
{
	const uint8_t in[] = { 0x00, 0x00, 0, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_STEAL_KEEPS_TYPE, in, sizeof(in), "ORACLE: pageblock type:");
}

TEST(bite_nr_free_drift)
{
	const uint8_t in[] = { 0x00, 0x00, 0, PA_ALLOC, 0x08, 0x01 };

	bite(MM_BUG_NR_FREE_DRIFT, in, sizeof(in), "ORACLE: NR_FREE_PAGES == sum of nr_free:");
}

/* Two banks with a hole: one hole page counted present shows in the zone geometry after boot. */
TEST(bite_hole_counted_present)
{
	const uint8_t in[] = { 0x00, 0x00, 4, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_HOLE_COUNTED_PRESENT, in, sizeof(in), "ORACLE: zone present_pages:");
}

/* SPARSEMEM_EXTREME: the section table the model fills is not the slot the section number names. */
TEST(bite_section_root_index)
{
	const uint8_t in[] = { 0x08, 0x00, 1, PA_ALLOC, 0x00, 0x00, PA_ALLOC, 0x03, 0x00 };

	bite(MM_BUG_SECTION_ROOT_INDEX, in, sizeof(in), "ORACLE: section_mem_map:");
}

/* 64 MiB at 0x40100000: free ranges start off MAX_ORDER alignment. */
TEST(bite_free_all_wrong_order)
{
	const uint8_t in[] = { 0x00, 0x00, 7, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_FREE_ALL_WRONG_ORDER, in, sizeof(in), "ORACLE: free block aligned to its order:");
}

TEST_MAIN()
