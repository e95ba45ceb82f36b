/*
 * Bite tests of the memory-model and buddy layer and of the boot the
 * kernel watch recomputes (memory map placement, zones, hand-over,
 * initcalls, boot lines): each deliberate bug of mm/bugs.h for these
 * layers, switched on, makes the oracle report the invariant it breaks in
 * a realistic scenario run through the page_alloc fuzz target (oracle at
 * FULL); switched off, the same scenario passes silently.  Each test
 * switches its bug off again before returning.
 */
#include "bugs.h"
#include "fuzz_target.h"
#include "mm_profile.h"
#include "oracle.h"
#include "page_alloc_ops.h"
#include "test.h"

#define BOTTOM_UP 0x80
#define BUILDER 0x40
#define NO_HIGHMEM 0x20
#define SPARSEMEM (1 << 2)
#define LPAE 0x01
#define MOVABLECORE 0x80

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

/*
 * A dtb_builder board of one bank (base, size) as page_alloc's builder
 * bytes: header 0 (classic cells, PHYS_OFFSET guessed), a memory record
 * with raw 32-bit selectors.
 */
#define BANK(base, size) 13, 0, 0x00, 0x01, 0x00, 0x80, (base) & 0xff, (base) >> 8 & 0xff, \
	(base) >> 16 & 0xff, (base) >> 24, 0x80, (size) & 0xff, (size) >> 8 & 0xff, \
	(size) >> 16 & 0xff, (size) >> 24

/* 256 MiB at 0x40200000: the node starts 2 MiB into its MAX_ORDER block, and PHYS_OFFSET there. */
TEST(bite_mem_map_not_moved_back)
{
	const uint8_t in[] = { BUILDER, 0x00, BANK(0x40200000u, 0x10000000u), PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_MEM_MAP_NOT_MOVED_BACK, in, sizeof(in), "ORACLE: pfn_to_page_virt:");
}

TEST(bite_usemap_size_no_offset)
{
	const uint8_t in[] = { BUILDER, 0x00, BANK(0x40200000u, 0x10000000u), PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_USEMAP_SIZE_NO_OFFSET, in, sizeof(in), "ORACLE: memmap allocation:");
}

/* 2 GiB SPARSEMEM: eight sections' maps carved from the masked-aligned buffer. */
TEST(bite_sparse_buffer_no_roundup)
{
	const uint8_t in[] = { SPARSEMEM, 0x00, 1, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_SPARSE_BUFFER_NO_ROUNDUP, in, sizeof(in), "ORACLE: memmap");
}

/* Two banks with a 768 MiB hole: the memory map behind the hole goes back to memblock. */
TEST(bite_free_unused_memmap_skipped)
{
	const uint8_t in[] = { 0x00, 0x00, 4, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_FREE_UNUSED_MEMMAP_SKIPPED, in, sizeof(in), "ORACLE: memmap free:");
}

/* 241 MiB without HighMem, movablecore=64M: ZONE_MOVABLE from DMA at 177 MiB, rounded up. */
TEST(bite_movable_pfn_unaligned)
{
	const uint8_t in[] = { BUILDER | NO_HIGHMEM, MOVABLECORE, 4, BANK(0x40000000u, 0x0f100000u),
			       PA_ALLOC, 0x03, 0x00 };

	bite(MM_BUG_MOVABLE_PFN_UNALIGNED, in, sizeof(in), "ORACLE: zone spanned_pages:");
}

/* 2 GiB: the last pageblock of the DMA zone's range is no CMA area's (the default one is in HighMem). */
TEST(bite_memmap_init_short)
{
	const uint8_t in[] = { 0x00, 0x00, 1, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_MEMMAP_INIT_SHORT, in, sizeof(in), "ORACLE: pageblock type:");
}

/* 40 MiB: about five 8 MiB pageblocks, under MIGRATE_TYPES but over MIGRATE_PCPTYPES. */
TEST(bite_mobility_threshold)
{
	const uint8_t in[] = { BUILDER, 0x00, BANK(0x40000000u, 0x02800000u), PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_MOBILITY_THRESHOLD, in, sizeof(in), "ORACLE: mobility grouping:");
}

/* LPAE 1 GiB: the first unmovable page steals an order-11 block of four 2 MiB pageblocks. */
TEST(bite_steal_range_first_only)
{
	const uint8_t in[] = { LPAE, 0x00, 2, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_STEAL_RANGE_FIRST_ONLY, in, sizeof(in), "ORACLE: pageblock type:");
}

/* 3 GiB: 2.25 GiB of HighMem, whose min would be 576 pages unclamped. */
TEST(bite_highmem_min_unclamped)
{
	const uint8_t in[] = { 0x00, 0x00, 5, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_HIGHMEM_MIN_UNCLAMPED, in, sizeof(in), "ORACLE: zone watermark:");
}

/* 1 GiB: DMA's reserve against HighMem's 64k pages. */
TEST(bite_lowmem_reserve_ratio)
{
	const uint8_t in[] = { 0x00, 0x00, 2, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_LOWMEM_RESERVE_RATIO, in, sizeof(in), "ORACLE: lowmem_reserve:");
}

/* 2 GiB with cma=64M: the default area lands in HighMem. */
TEST(bite_totalhigh_misses_cma)
{
	const uint8_t in[] = { 0x00, 0x00, 8, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_TOTALHIGH_MISSES_CMA, in, sizeof(in), "ORACLE: totalram/totalhigh/totalcma:");
}

/*
 * A movable page splits an order-11 block; the next unmovable page must
 * still fall back to the largest free block, not to that split's order-0
 * remainder.
 */
TEST(bite_fallback_smallest_first)
{
	const uint8_t in[] = { 0x00, 0x00, 0, PA_ALLOC, 0x08, 0x00, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_FALLBACK_SMALLEST_FIRST, in, sizeof(in), "ORACLE: fallback serves from the stolen block:");
}

/* 2 GiB SPARSEMEM: eight sections, each with its own slot of the usage array. */
TEST(bite_section_usage_shared)
{
	const uint8_t in[] = { SPARSEMEM, 0x00, 1, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_SECTION_USAGE_SHARED, in, sizeof(in), "ORACLE: section usage:");
}

TEST(bite_memory_line_reserved)
{
	const uint8_t in[] = { 0x00, 0x00, 8, PA_ALLOC, 0x00, 0x00 };

	bite(MM_BUG_MEMORY_LINE_RESERVED, in, sizeof(in), "ORACLE: boot log:");
}

TEST_MAIN()
