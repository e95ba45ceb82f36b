/*
 * memblock allocation: memblock_phys_alloc_range, memblock_phys_alloc_try_nid,
 * memblock_alloc_try_nid / memblock_alloc, the free-range iterators and
 * current_limit.  Every scenario runs top-down and bottom-up; pictures
 * follow tools/testing/memblock (`rr` reserved, `xx` NOMAP, `A` the result).
 */
#include "test.h"

#include "memblock.h"
#include "mm_errno.h"

static struct memblock mb;
static struct mm_log log_buf;
static struct memblock_op last_op;
static int nr_ops;

static void observe(const struct memblock *m, const struct memblock_op *op, void *ctx)
{
	last_op = *op;
	nr_ops++;
}

/* One 256 MiB bank at 256 MiB, in the given direction, logging on. */
static void setup(bool bottom_up)
{
	memblock_init(&mb, false, &log_buf);
	mm_log_reset(&log_buf, true);
	mb.observer = observe;
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_set_bottom_up(&mb, bottom_up);
	nr_ops = 0;
}

#define FOR_BOTH(bu) for (int bu = 0; bu < 2; bu++)

/*
 * A page from the whole bank:
 *
 *  |     +A---------------------------------------A+        |
 *  |     |               memory                    |        |
 *  +-----+-----------------------------------------+--------+
 *
 * Expect: top-down takes the last page, bottom-up the first; the page is
 * reserved; the observer sees one ALLOC_RANGE with the result.
 */
TEST(alloc_simple)
{
	FOR_BOTH(bu) {
		phys_addr_t want = bu ? 0x10000000 : 0x1ffff000;

		setup(bu);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ANYWHERE(&mb)),
			 want);
		CHECK_EQ(nr_ops, 1);
		CHECK_EQ(last_op.kind, MEMBLOCK_OP_ALLOC_RANGE);
		CHECK_EQ(last_op.result, want);
		CHECK_EQ(last_op.ret, 0);
		CHECK_EQ(last_op.size, 0x1000);
		CHECK_EQ(mb.reserved.cnt, 1);
		CHECK_EQ(mb.reserved.regions[0].base, want);
		CHECK_EQ(mb.reserved.total_size, 0x1000);
	}
}

/*
 * Exactly one free page left:
 *
 *  |     +rrrrrrrrrrrrrrrr+A+rrrrrrrrrrrrrrrrrrrrrrr+        |
 *  |     |               memory                     |        |
 *  +-----+------------------------------------------+--------+
 *
 * Expect: both directions take the hole and reserved becomes one region.
 */
TEST(alloc_exact_fit)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_reserve(&mb, 0x10000000, 0x08000000);
		memblock_reserve(&mb, 0x18001000, 0x07fff000);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff), 0x18000000);
		CHECK_EQ(mb.reserved.cnt, 1);
		CHECK_EQ(mb.reserved.regions[0].size, 0x10000000);
		/* nothing left */
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff), 0);
		CHECK_EQ(last_op.ret, -MM_ENOMEM);
	}
}

/*
 * Alignment pushes the block away from the edge of the free range:
 *
 *  |     +rr+ A                                  A +rr+     |
 *  |     |               memory                       |     |
 *  +-----+--------------------------------------------+-----+
 *
 * Expect: top-down rounds (end - size) down to 64 KiB, bottom-up rounds
 * the start up.
 */
TEST(alloc_alignment)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_reserve(&mb, 0x10000000, 0x100);
		memblock_reserve(&mb, 0x1fff0100, 0xff00);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x100, 0x10000, 0, 0xffffffff),
			 bu ? 0x10010000 : 0x1fff0000);
	}
}

/*
 * The block must lie inside [start, end):
 *
 *  |     +-----------[A........A]-------------------+        |
 *  |     |           memory                         |        |
 *  +-----+------------------------------------------+--------+
 *
 * Expect: top-down ends at `end`, bottom-up starts at `start`; a range
 * outside memory fails.
 */
TEST(alloc_range_limits)
{
	FOR_BOTH(bu) {
		setup(bu);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x2000, 0x1000, 0x14000000, 0x18000000),
			 bu ? 0x14000000 : 0x17ffe000);
		CHECK_EQ(last_op.start, 0x14000000);
		CHECK_EQ(last_op.end, 0x18000000);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x2000, 0x1000, 0x20000000, 0x30000000), 0);
	}
}

/*
 * current_limit bounds the ACCESSIBLE allocators only:
 *
 *  |     +-----------------A|  (limit)               B+     |
 *  |     |               memory                       |     |
 *  +-----+--------------------------------------------+-----+
 *
 * Expect: memblock_alloc, memblock_phys_alloc_try_nid and
 * memblock_alloc_try_nid (max_addr clamped) stay below the limit;
 * memblock_phys_alloc_range with an explicit end does not;
 * end = MEMBLOCK_ALLOC_NOLEAKTRACE means current_limit too.
 */
TEST(alloc_current_limit)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_set_current_limit(&mb, 0x18000000);
		CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), bu ? 0x10000000 : 0x17fff000);
		CHECK_EQ(last_op.kind, MEMBLOCK_OP_ALLOC);
		CHECK_EQ(memblock_phys_alloc_try_nid(&mb, 0x1000, 0x1000, NUMA_NO_NODE),
			 bu ? 0x10001000 : 0x17ffe000);
		CHECK_EQ(last_op.kind, MEMBLOCK_OP_ALLOC_RANGE);
		CHECK_EQ(memblock_alloc_try_nid(&mb, 0x1000, 0x1000, 0, 0x1fffffff, 0),
			 bu ? 0x10002000 : 0x17ffd000);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_NOLEAKTRACE),
			 bu ? 0x10003000 : 0x17ffc000);
		if (!bu)
			CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff),
				 0x1ffff000);
	}
}

/*
 * NOMAP memory is never handed out:
 *
 *  |     +xxxx+A                                 A+xxxx+     |
 *  |     |               memory                        |     |
 *  +-----+---------------------------------------------+-----+
 *
 * Expect: both ends of the bank are skipped.
 */
TEST(alloc_skips_nomap)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_mark_nomap(&mb, 0x10000000, 0x1000000);
		memblock_mark_nomap(&mb, 0x1f000000, 0x1000000);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff),
			 bu ? 0x11000000 : 0x1efff000);
	}
}

/*
 * With some mirrored memory (kernelcore=mirror), allocations try mirror first:
 *
 *  |     +mmmm+                                   A+     |
 *  |     |MIRR|          memory                    |     |
 *  +-----+----+--------------------------------------+-----+
 *
 * Expect: a small block comes from the mirrored region; one that does not
 * fit there falls back to any memory with the kernel's warning.
 */
TEST(alloc_mirror_retry)
{
	FOR_BOTH(bu) {
		setup(bu);
		mb.mirrored_kernelcore = true;	/* kernelcore=mirror */
		memblock_mark_mirror(&mb, 0x10000000, 0x1000000);
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff),
			 bu ? 0x10000000 : 0x10fff000);
		CHECK_STR(log_buf.buf, "");
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x2000000, 0x1000, 0, 0xffffffff),
			 bu ? 0x11000000 : 0x1e000000);
		CHECK_STR(log_buf.buf, "Could not allocate 0x02000000 bytes of mirrored memory\n");
	}
}

/*
 * A request larger than any free range:
 *
 *  |     +--------------------------------------------+     |
 *  |     |               memory  (256 MiB)            |     |
 *  +-----+--------------------------------------------+-----+
 *
 * Expect: 0, -MM_ENOMEM in the op, reserved untouched.
 */
TEST(alloc_fails)
{
	FOR_BOTH(bu) {
		setup(bu);
		CHECK_EQ(memblock_alloc(&mb, 0x20000000, 0x1000), 0);
		CHECK_EQ(last_op.ret, -MM_ENOMEM);
		CHECK_EQ(last_op.result, 0);
		CHECK_EQ(mb.reserved.cnt, 1);
		CHECK_EQ(mb.reserved.regions[0].size, 0);
	}
}

/*
 * memblock_alloc_try_nid drops min_addr when nothing fits above it:
 *
 *  |     +------------------------A|rrrrrrrrrrrrrrrrr+     |
 *  |     |               memory    ^min_addr         |     |
 *  +-----+-------------------------+-----------------+-----+
 *
 * Expect: the retry from 0 succeeds (top of the lower part top-down, the
 * bank's start bottom-up).
 */
TEST(alloc_try_nid_retry_without_min)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_reserve(&mb, 0x1c000000, 0x04000000);
		CHECK_EQ(memblock_alloc_try_nid(&mb, 0x1000, 0x1000, 0x1c000000,
						MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE),
			 bu ? 0x10000000 : 0x1bfff000);
		CHECK_EQ(last_op.start, 0x1c000000);
		CHECK_EQ(nr_ops, 2);
	}
}

/*
 * align 0 means SMP_CACHE_BYTES, with a warning (the kernel dumps the
 * stack); a non-power-of-two alignment is refused:
 *
 *  |     +                                          A+     |
 *  |     |               memory                      |     |
 *  +-----+-------------------------------------------+-----+
 *
 * Expect: a 64-byte aligned block and one warning line per attempt;
 * -MM_EINVAL and no reservation for align 0x3000.
 */
TEST(alloc_align_zero_and_bad)
{
	phys_addr_t total;

	FOR_BOTH(bu) {
		setup(bu);
		memblock_reserve(&mb, 0x1fffffc0, 0x40);
		memblock_reserve(&mb, 0x10000000, 0x30);
		CHECK_EQ(memblock_alloc(&mb, 0x100, 0), bu ? 0x10000040 : 0x1ffffec0);
		CHECK_EQ(last_op.align, 0);
		CHECK_STR(log_buf.buf, "memblock: zero alignment, using SMP_CACHE_BYTES (dump_stack)\n");

		mm_log_reset(&log_buf, true);
		total = mb.reserved.total_size;
		CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x3000, 0, 0xffffffff), 0);
		CHECK_EQ(last_op.ret, -MM_EINVAL);
		CHECK_EQ(mb.reserved.total_size, total);
		CHECK_STR(log_buf.buf, "memblock: alignment 0x00003000 is not a power of two, refused\n");
	}
}

/*
 * The first page is never allocated:
 *
 *  |xA----+                                               |
 *  |x| m1 |                                               |
 *  +-+----+-----------------------------------------------+
 *
 * Expect: bottom-up from a bank at 0 starts at PAGE_SIZE; a window below
 * PAGE_SIZE finds nothing.
 */
TEST(alloc_avoids_first_page)
{
	memblock_init(&mb, false, NULL);
	mb.observer = NULL;
	memblock_add(&mb, 0, 0x10000);
	memblock_set_bottom_up(&mb, true);
	CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), 0x1000);
	memblock_set_bottom_up(&mb, false);
	CHECK_EQ(memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0x2000), 0);
}

/*
 * Two banks: top-down picks the higher one, bottom-up the lower:
 *
 *  |   +--A--+                 +--A--+                    |
 *  |   | m1  |                 | m2  |                    |
 *  +---+-----+-----------------+-----+--------------------+
 *
 * Expect: each direction, and a request that only fits the other bank.
 */
TEST(alloc_two_banks)
{
	FOR_BOTH(bu) {
		setup(bu);
		memblock_add(&mb, 0x40000000, 0x01000000);
		CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), bu ? 0x10000000 : 0x40fff000);
		CHECK_EQ(memblock_alloc(&mb, 0x2000000, 0x1000), bu ? 0x10001000 : 0x1e000000);
	}
}

/*
 * Free-range iteration (memory minus reserved, NOMAP skipped unless asked):
 *
 *  |   +---rr-----xx---+      +-------+                    |
 *  |   |     m1        |      |  m2   |                    |
 *  +---+---------------+------+-------+--------------------+
 *
 * Expect: forward and reverse see the same ranges in opposite order; with
 * MEMBLOCK_NOMAP the NOMAP piece is included.
 */
TEST(free_range_iteration)
{
	static const phys_addr_t want[][2] = {
		{ 0x10000000, 0x11000000 },
		{ 0x12000000, 0x18000000 },
		{ 0x19000000, 0x20000000 },
		{ 0x30000000, 0x31000000 },
	};
	phys_addr_t s, e;
	uint64_t idx;
	int n;

	setup(false);
	memblock_add(&mb, 0x30000000, 0x1000000);
	memblock_reserve(&mb, 0x11000000, 0x1000000);
	memblock_mark_nomap(&mb, 0x18000000, 0x1000000);

	n = 0;
	for (idx = 0; memblock_next_free_range(&mb, &idx, MEMBLOCK_NONE, &s, &e); n++) {
		CHECK(n < 4);
		if (n < 4) {
			CHECK_EQ(s, want[n][0]);
			CHECK_EQ(e, want[n][1]);
		}
	}
	CHECK_EQ(n, 4);
	n = 0;
	for (idx = ~0ULL; memblock_prev_free_range(&mb, &idx, MEMBLOCK_NONE, &s, &e); n++) {
		CHECK(n < 4);
		if (n < 4) {
			CHECK_EQ(s, want[3 - n][0]);
			CHECK_EQ(e, want[3 - n][1]);
		}
	}
	CHECK_EQ(n, 4);
	n = 0;
	for (idx = 0; memblock_next_free_range(&mb, &idx, MEMBLOCK_NOMAP, &s, &e); n++)
		;
	CHECK_EQ(n, 5);
	/* a garbage cursor ends the walk instead of reading out of bounds */
	idx = 0x7fffffff00000005ULL;
	CHECK(!memblock_next_free_range(&mb, &idx, MEMBLOCK_NONE, &s, &e));
	idx = 0x0000000100000000ULL | 0x80000000ULL;
	CHECK(!memblock_prev_free_range(&mb, &idx, MEMBLOCK_NONE, NULL, NULL));
}

/*
 * memblock=debug lines of the allocators:
 *
 *  |     +                                          A+     |
 *  |     |               memory                      |     |
 *  +-----+-------------------------------------------+-----+
 *
 * Expect: the kernel's formats; the nested reserve names its caller.
 */
TEST(alloc_debug_lines)
{
	setup(false);
	mb.debug = true;
	memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0, 0xffffffff);
	CHECK_STR(log_buf.buf,
		  "memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x00000000 max_addr=0xffffffff 0x0\n"
		  "memblock_reserve: [0x1ffff000-0x1fffffff] memblock_alloc_range_nid\n");
	mm_log_reset(&log_buf, true);
	mb.dbg_caller = "paging_init+0x20/0x100";
	memblock_alloc(&mb, 0x100, 0x40);
	CHECK_STR(log_buf.buf,
		  "memblock_alloc_try_nid: 256 bytes align=0x40 nid=-1 from=0x00000000 max_addr=0x00000000 paging_init+0x20/0x100\n"
		  "memblock_reserve: [0x1fffef00-0x1fffefff] memblock_alloc_range_nid\n");
	mm_log_reset(&log_buf, true);
	memblock_phys_alloc_try_nid(&mb, 0x100, 0x40, 0);
	CHECK_STR(log_buf.buf, "memblock_reserve: [0x1fffee00-0x1fffeeff] memblock_alloc_range_nid\n");
}

/*
 * NUMA node filter (only with mb->numa) and the fallback to any node:
 *
 *  |   +--- nid 0 ---+      +--A nid 1 --+                  |
 *  +---+-------------+------+------------+------------------+
 *
 * Expect: nid 0 allocates in node 0 top-down; an unknown nid falls back
 * to any node.
 */
TEST(alloc_numa_nid)
{
	memblock_init(&mb, false, NULL);
	mb.observer = NULL;
	mb.numa = true;
	memblock_add_node(&mb, 0x10000000, 0x1000000, 0, MEMBLOCK_NONE);
	memblock_add_node(&mb, 0x20000000, 0x1000000, 1, MEMBLOCK_NONE);
	CHECK_EQ(memblock_phys_alloc_try_nid(&mb, 0x1000, 0x1000, 0), 0x10fff000);
	CHECK_EQ(memblock_phys_alloc_try_nid(&mb, 0x1000, 0x1000, 7), 0x20fff000);
	CHECK_EQ(memblock_alloc_try_nid(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 0),
		 0x10ffe000);
}

TEST_MAIN()
