/*
 * memblock region arrays: add, reserve, remove, free, flags, isolate,
 * cap_memory_range, truncation to the simulated phys_addr_t, queries and
 * the observer protocol.  Pictures follow tools/testing/memblock: `|` is the
 * edge of the address space, r1/r2 are regions, `.` is a range acted on.
 */
#include "test.h"

#include "memblock.h"
#include "mm_errno.h"
#include "printk.h"

static struct memblock mb;
static struct mm_log log_buf;
static struct memblock_op last_op;
static int nr_ops;

static void observe(const struct memblock *m, const struct memblock_op *op, void *ctx)
{
	last_op = *op;
	nr_ops++;
}

static void setup(bool lpae)
{
	memblock_init(&mb, lpae, NULL);
	mb.observer = observe;
	nr_ops = 0;
}

#define CHECK_RGN(type, i, b, s)                                              \
	do {                                                                  \
		CHECK_EQ((type).regions[i].base, (b));                        \
		CHECK_EQ((type).regions[i].size, (s));                        \
	} while (0)

static void check_dummy(const struct memblock_type *type)
{
	CHECK_EQ(type->cnt, 1);
	CHECK_EQ(type->regions[0].base, 0);
	CHECK_EQ(type->regions[0].size, 0);
	CHECK_EQ(type->regions[0].flags, 0);
	CHECK_EQ(type->regions[0].nid, MAX_NUMNODES);
	CHECK_EQ(type->total_size, 0);
}

/*
 * A fresh memblock:
 *
 *  |                                                      |
 *  +------------------------------------------------------+
 *
 * Expect: both arrays hold only the zero-sized dummy, in the static arrays,
 * max 128, current_limit = PHYS_ADDR_MAX, top-down.
 */
TEST(init_state)
{
	setup(false);
	check_dummy(&mb.memory);
	check_dummy(&mb.reserved);
	CHECK(mb.memory.regions == mb.init_memory);
	CHECK(mb.reserved.regions == mb.init_reserved);
	CHECK_EQ(mb.memory.max, INIT_MEMBLOCK_REGIONS);
	CHECK_EQ(mb.current_limit, 0xffffffffULL);
	CHECK_EQ(mb.region_size, 12);
	CHECK(!mb.bottom_up);
	CHECK_STR(mb.memory.name, "memory");
	CHECK_STR(mb.reserved.name, "reserved");
	setup(true);
	CHECK_EQ(mb.current_limit, PHYS_MAX_64);
	CHECK_EQ(mb.region_size, 24);
}

/*
 * A single region added to an empty array:
 *
 *  |        +--------------------+                         |
 *  |        |         r1         |                         |
 *  +--------+--------------------+-------------------------+
 *
 * Expect: it replaces the dummy; cnt 1, total_size its size; the observer
 * sees one ADD with the arguments and ret 0.
 */
TEST(add_simple)
{
	setup(false);
	CHECK_EQ(memblock_add(&mb, 0x10000000, 0x10000000), 0);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x10000000);
	CHECK_EQ(mb.memory.total_size, 0x10000000);
	CHECK_EQ(nr_ops, 1);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ADD);
	CHECK_EQ(last_op.base, 0x10000000);
	CHECK_EQ(last_op.size, 0x10000000);
	CHECK_EQ(last_op.ret, 0);
	CHECK_EQ(last_op.nr_resizes, 0);
}

/*
 * memblock_add_node with a nid and flags:
 *
 *  |        +--------------------+                         |
 *  |        |   r1 (HOTPLUG)     |                         |
 *  +--------+--------------------+-------------------------+
 *
 * Expect: flags kept; nid recorded only when mb->numa, else MAX_NUMNODES.
 */
TEST(add_node_flags_nid)
{
	setup(false);
	CHECK_EQ(memblock_add_node(&mb, 0x10000000, 0x1000000, 0, MEMBLOCK_HOTPLUG), 0);
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_HOTPLUG);
	CHECK_EQ(mb.memory.regions[0].nid, MAX_NUMNODES);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ADD_NODE);
	CHECK_EQ(last_op.flags, MEMBLOCK_HOTPLUG);

	setup(false);
	mb.numa = true;
	CHECK_EQ(memblock_add_node(&mb, 0x10000000, 0x1000000, 0, MEMBLOCK_NONE), 0);
	CHECK_EQ(memblock_add_node(&mb, 0x11000000, 0x1000000, 3, MEMBLOCK_NONE), 0);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(mb.memory.regions[0].nid, 0);
	CHECK_EQ(mb.memory.regions[1].nid, 3);
}

/*
 * r2 overlaps the bottom of r1:
 *
 *  |    +----------------+                                 |
 *  |    |       r2       |                                 |
 *  |          +---------------------+                      |
 *  |          |          r1         |                      |
 *  +----+-----+----------+----------+----------------------+
 *
 * Expect: one region from r2's base to r1's end.
 */
TEST(add_overlap_top)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add(&mb, 0x0c000000, 0x08000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x0c000000, 0x14000000);
	CHECK_EQ(mb.memory.total_size, 0x14000000);
}

/*
 * r2 overlaps the top of r1:
 *
 *  |          +---------------------+                      |
 *  |          |          r1         |                      |
 *  |                    +------------------+               |
 *  |                    |        r2        |               |
 *  +----------+---------+-----------+------+---------------+
 *
 * Expect: one region from r1's base to r2's end.
 */
TEST(add_overlap_bottom)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add(&mb, 0x18000000, 0x10000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x18000000);
	CHECK_EQ(mb.memory.total_size, 0x18000000);
}

/*
 * r2 lies inside r1:
 *
 *  |          +---------------------------+                |
 *  |          |    r1   +-------+         |                |
 *  |          |         |  r2   |         |                |
 *  +----------+---------+-------+---------+----------------+
 *
 * Expect: nothing changes.
 */
TEST(add_within)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add(&mb, 0x14000000, 0x01000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x10000000);
	CHECK_EQ(mb.memory.total_size, 0x10000000);
}

/*
 * r2 ends where r1 starts (r1, the upper one, is added first):
 *
 *  |          +---------+---------+                        |
 *  |          |   r2    |   r1    |                        |
 *  +----------+---------+---------+------------------------+
 *
 * Expect: merged into one region; adding r2 again changes nothing.
 */
TEST(add_adjacent_merge_and_twice)
{
	setup(false);
	memblock_add(&mb, 0x2000, 0x1000);
	memblock_add(&mb, 0x1000, 0x1000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x1000, 0x2000);
	memblock_add(&mb, 0x1000, 0x1000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.total_size, 0x2000);
}

/*
 * Adjacent and overlapping regions with different flags:
 *
 *  |      +.......+-----------+.............+              |
 *  |      .  new  | r1 HOTPL  |    new      .              |
 *  +------+-------+-----------+-------------+--------------+
 *
 * Expect: r1 keeps its flags; the new parts around it become separate
 * regions that are not merged with it.
 */
TEST(add_different_flags_not_merged)
{
	setup(false);
	memblock_add_node(&mb, 0x10000, 0x10000, 0, MEMBLOCK_HOTPLUG);
	memblock_add(&mb, 0x8000, 0x30000);
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK_RGN(mb.memory, 0, 0x8000, 0x8000);
	CHECK_RGN(mb.memory, 1, 0x10000, 0x10000);
	CHECK_RGN(mb.memory, 2, 0x20000, 0x18000);
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_NONE);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_HOTPLUG);
	CHECK_EQ(mb.memory.regions[2].flags, MEMBLOCK_NONE);
	CHECK_EQ(mb.memory.total_size, 0x30000);
}

/*
 * A new range covering two regions and the gaps around them:
 *
 *  |  +.....+----+......+----+.........+                   |
 *  |  .     | r1 |      | r2 |         .                   |
 *  +--+-----+----+------+----+---------+-------------------+
 *
 * Expect: one region for the whole range; size 0 adds nothing but is
 * still reported.
 */
TEST(add_fills_gaps_and_size_zero)
{
	setup(false);
	memblock_add(&mb, 0x1000, 0x1000);
	memblock_add(&mb, 0x4000, 0x1000);
	memblock_add(&mb, 0, 0x10000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0, 0x10000);
	CHECK_EQ(mb.memory.total_size, 0x10000);
	nr_ops = 0;
	CHECK_EQ(memblock_add(&mb, 0x20000, 0), 0);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(nr_ops, 1);
}

/*
 * Two reservations, the second adjacent to the first:
 *
 *  |      +-----+-----+            +-----+                  |
 *  |      | r1  | r2  |            | r3  |                  |
 *  +------+-----+-----+------------+-----+------------------+
 *
 * Expect: reserved holds [r1+r2] and r3; memory is untouched.
 */
TEST(reserve_simple)
{
	setup(false);
	CHECK_EQ(memblock_reserve(&mb, 0x10000000, 0x1000), 0);
	CHECK_EQ(memblock_reserve(&mb, 0x10001000, 0x1000), 0);
	CHECK_EQ(memblock_reserve(&mb, 0x20000000, 0x1000), 0);
	CHECK_EQ(mb.reserved.cnt, 2);
	CHECK_RGN(mb.reserved, 0, 0x10000000, 0x2000);
	CHECK_RGN(mb.reserved, 1, 0x20000000, 0x1000);
	CHECK_EQ(mb.reserved.total_size, 0x3000);
	check_dummy(&mb.memory);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_RESERVE);
}

/*
 * Removing a whole region and a range that is not there:
 *
 *  |      +-----+            +.....+        +-----+         |
 *  |      | r1  |            .     .        | r2  |         |
 *  +------+-----+------------+-----+--------+-----+---------+
 *
 * Expect: removing r1 leaves r2; the absent range changes nothing and
 * returns 0.
 */
TEST(remove_simple_and_absent)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x1000000);
	memblock_add(&mb, 0x30000000, 0x1000000);
	CHECK_EQ(memblock_remove(&mb, 0x20000000, 0x1000000), 0);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(memblock_remove(&mb, 0x10000000, 0x1000000), 0);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x30000000, 0x1000000);
	CHECK_EQ(mb.memory.total_size, 0x1000000);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_REMOVE);
}

/*
 * The removed range overlaps the bottom of r1, then the top:
 *
 *  |    +.........+                                        |
 *  |          +---------------------+                      |
 *  |          |          r1         |                      |
 *  |                           +..........+                |
 *  +----+-----+----------+----------+-----+----------------+
 *
 * Expect: only the middle of r1 survives.
 */
TEST(remove_overlap_top_and_bottom)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_remove(&mb, 0x0c000000, 0x08000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x14000000, 0x0c000000);
	memblock_remove(&mb, 0x18000000, 0x10000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x14000000, 0x04000000);
	CHECK_EQ(mb.memory.total_size, 0x04000000);
}

/*
 * The removed range lies inside r1:
 *
 *  |          +---------+.......+---------+                |
 *  |          |   r1    .       .   r1    |                |
 *  +----------+---------+-------+---------+----------------+
 *
 * Expect: r1 split into two.
 */
TEST(remove_within)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_remove(&mb, 0x14000000, 0x04000000);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x04000000);
	CHECK_RGN(mb.memory, 1, 0x18000000, 0x08000000);
	CHECK_EQ(mb.memory.total_size, 0x0c000000);
}

/*
 * The removed range spans three regions, cutting into the outer two:
 *
 *  |   +------+    +----+    +------+                      |
 *  |   |  r1  |    | r2 |    |  r3  |                      |
 *  |       +.......................+                       |
 *  +---+---+--+----+----+----+-----+-----------------------+
 *
 * Expect: the head of r1 and the tail of r3 remain.
 */
TEST(remove_spanning)
{
	setup(false);
	memblock_add(&mb, 0x1000, 0x3000);
	memblock_add(&mb, 0x6000, 0x1000);
	memblock_add(&mb, 0x9000, 0x3000);
	memblock_remove(&mb, 0x2000, 0x8000);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_RGN(mb.memory, 0, 0x1000, 0x1000);
	CHECK_RGN(mb.memory, 1, 0xa000, 0x2000);
	CHECK_EQ(mb.memory.total_size, 0x3000);
}

/*
 * Removing the only region:
 *
 *  |          +.....................+                      |
 *  |          |          r1         |                      |
 *  +----------+---------------------+----------------------+
 *
 * Expect: the dummy entry comes back.
 */
TEST(remove_only_region)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_remove(&mb, 0, 0xffffffff);
	check_dummy(&mb.memory);
}

/*
 * memblock_phys_free on reserved, middle then everything:
 *
 *  |          +------+.....+------+                        |
 *  |          |  r1  .     .  r1  |                        |
 *  +----------+------+-----+------+------------------------+
 *
 * Expect: split in two, then back to the dummy.
 */
TEST(phys_free)
{
	setup(false);
	memblock_reserve(&mb, 0x10000000, 0x3000);
	CHECK_EQ(memblock_phys_free(&mb, 0x10001000, 0x1000), 0);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_FREE);
	CHECK_EQ(mb.reserved.cnt, 2);
	CHECK_RGN(mb.reserved, 0, 0x10000000, 0x1000);
	CHECK_RGN(mb.reserved, 1, 0x10002000, 0x1000);
	CHECK_EQ(mb.reserved.total_size, 0x2000);
	memblock_phys_free(&mb, 0x10000000, 0x3000);
	check_dummy(&mb.reserved);
}

/*
 * NOMAP on the middle of r1, then cleared:
 *
 *  |          +------+xxxxxx+------+                       |
 *  |          |  r1  |NOMAP |  r1  |                       |
 *  +----------+------+------+------+-----------------------+
 *
 * Expect: three regions while marked; one again after clear_nomap.
 */
TEST(mark_clear_nomap)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x3000);
	CHECK_EQ(memblock_mark_nomap(&mb, 0x10001000, 0x1000), 0);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_MARK);
	CHECK_EQ(last_op.flags, MEMBLOCK_NOMAP);
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_RGN(mb.memory, 1, 0x10001000, 0x1000);
	CHECK_EQ(mb.memory.total_size, 0x3000);
	CHECK(memblock_is_memory(&mb, 0x10001000));
	CHECK(!memblock_is_map_memory(&mb, 0x10001000));
	CHECK(memblock_is_map_memory(&mb, 0x10000000));
	CHECK_EQ(memblock_clear_nomap(&mb, 0x10000000, 0x3000), 0);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_CLEAR);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x3000);
}

/*
 * Hotplug and mirror across two regions and the gap between:
 *
 *  |     +-----+      +-----+                              |
 *  |     | r1  |      | r2  |                              |
 *  |        +...............+                              |
 *  +-----+--+--+------+-----+------------------------------+
 *
 * Expect: the tail of r1 and all of r2 get the flag, the gap stays empty;
 * clearing merges r1 back; mark_mirror does nothing (v6.1) until
 * kernelcore=mirror is on, then sets system_has_some_mirror; a range with
 * no memory is a successful no-op.
 */
TEST(mark_hotplug_mirror)
{
	setup(false);
	memblock_add(&mb, 0x1000, 0x2000);
	memblock_add(&mb, 0x5000, 0x1000);
	memblock_mark_hotplug(&mb, 0x2000, 0x4000);
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_NONE);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_HOTPLUG);
	CHECK_EQ(mb.memory.regions[2].flags, MEMBLOCK_HOTPLUG);
	memblock_clear_hotplug(&mb, 0, 0xffffffff);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_RGN(mb.memory, 0, 0x1000, 0x2000);
	CHECK(!mb.system_has_some_mirror);
	CHECK_EQ(memblock_mark_mirror(&mb, 0x5000, 0x1000), 0);
	CHECK(!mb.system_has_some_mirror);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_NONE);
	mb.mirrored_kernelcore = true;
	CHECK_EQ(memblock_mark_mirror(&mb, 0x40000000, 0x1000), 0);
	CHECK(mb.system_has_some_mirror);
	CHECK_EQ(mb.memory.cnt, 2);
	memblock_mark_mirror(&mb, 0x5000, 0x1000);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_MIRROR);
}

static void add_distinct(int n, phys_addr_t base)
{
	for (int i = 0; i < n; i++)
		memblock_add(&mb, base + (phys_addr_t)i * 0x2000, 0x1000);
}

/*
 * Isolation near the end of the static array (cnt + 2 must fit in max):
 *
 *  | +--+ +--+ ... +--+ +------+                           |
 *  | |1 | |2 |     |  | |r126  |   (126 or 127 regions)    |
 *  |                        +..+                           |
 *  +-+--+-+--+-----+--+-+---+--+---------------------------+
 *
 * Expect: with 126 regions a split in the middle of the last one reaches
 * cnt 128; with 127 the isolation needs a doubling, which fails with
 * -MM_ENOMEM before allow_resize and leaves the array as it was.
 */
TEST(isolate_array_edges)
{
	setup(false);
	add_distinct(125, 0x10000000);
	memblock_add(&mb, 0x20000000, 0x3000);
	CHECK_EQ(mb.memory.cnt, 126);
	CHECK_EQ(memblock_mark_nomap(&mb, 0x20001000, 0x1000), 0);
	CHECK_EQ(mb.memory.cnt, 128);
	CHECK_EQ(mb.memory.regions[126].flags, MEMBLOCK_NOMAP);
	/* the first region, split at its start edge only */
	CHECK_EQ(memblock_remove(&mb, 0x10000000, 0x800), -MM_ENOMEM);
	CHECK_EQ(last_op.ret, -MM_ENOMEM);
	CHECK_EQ(mb.memory.cnt, 128);
	CHECK_RGN(mb.memory, 0, 0x10000000, 0x1000);

	setup(false);
	add_distinct(127, 0x10000000);
	CHECK_EQ(memblock_mark_nomap(&mb, 0x10000000, 0x1000), -MM_ENOMEM);
	CHECK_EQ(mb.memory.cnt, 127);
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_NONE);
}

/*
 * Isolation splitting the first and the last region of the array:
 *
 *  |  +------+       +------+                              |
 *  |  |  r1  |       |  r2  |                              |
 *  |      +..............+                                 |
 *  +--+---+--+-------+---+--+------------------------------+
 *
 * Expect: r1's tail and r2's head inside the range are flagged.
 */
TEST(isolate_first_last)
{
	setup(false);
	memblock_add(&mb, 0x1000, 0x2000);
	memblock_add(&mb, 0x8000, 0x2000);
	memblock_mark_nomap(&mb, 0x2000, 0x7000);
	CHECK_EQ(mb.memory.cnt, 4);
	CHECK_RGN(mb.memory, 0, 0x1000, 0x1000);
	CHECK_RGN(mb.memory, 1, 0x2000, 0x1000);
	CHECK_RGN(mb.memory, 2, 0x8000, 0x1000);
	CHECK_RGN(mb.memory, 3, 0x9000, 0x1000);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(mb.memory.regions[2].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(mb.memory.regions[3].flags, MEMBLOCK_NONE);
	CHECK_EQ(mb.memory.total_size, 0x4000);
}

/*
 * cap_memory_range keeps memory inside the window; NOMAP outside survives;
 * reserved is cut to the window (r: reserved):
 *
 *  |  +-----------+       +-------------xxxx-------+       |
 *  |  |    m1     |       |    m2     NOMAP        |       |
 *  |    +rrr+             +rr+                  +rr+       |
 *  |      [........window.........]                        |
 *  +--+-----------+-------+------------------------+-------+
 *
 * Expect: memory = the window's parts of m1 and m2, plus the NOMAP piece
 * kept where it lies; reserved clipped to the window, the last one gone.
 */
TEST(cap_memory_range)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add(&mb, 0x30000000, 0x10000000);
	memblock_mark_nomap(&mb, 0x3c000000, 0x1000000);
	memblock_reserve(&mb, 0x11000000, 0x2000000);
	memblock_reserve(&mb, 0x30000000, 0x1000000);
	memblock_reserve(&mb, 0x3f000000, 0x1000000);
	memblock_cap_memory_range(&mb, 0x12000000, 0x20000000);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_CAP_RANGE);
	CHECK_EQ(last_op.ret, 0);
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK_RGN(mb.memory, 0, 0x12000000, 0x0e000000);
	CHECK_RGN(mb.memory, 1, 0x30000000, 0x02000000);
	CHECK_RGN(mb.memory, 2, 0x3c000000, 0x01000000);
	CHECK_EQ(mb.memory.regions[2].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(mb.memory.total_size, 0x11000000);
	CHECK_EQ(mb.reserved.cnt, 2);
	CHECK_RGN(mb.reserved, 0, 0x12000000, 0x1000000);
	CHECK_RGN(mb.reserved, 1, 0x30000000, 0x1000000);
}

/*
 * cap_memory_range with no memory, or with size 0:
 *
 *  |                 [....window....]                      |
 *  +-----------------+--------------+----------------------+
 *
 * Expect: the kernel's warning, nothing removed from reserved.
 */
TEST(cap_memory_range_no_memory)
{
	setup(false);
	mm_log_reset(&log_buf, true);
	mb.log = &log_buf;
	memblock_reserve(&mb, 0x1000, 0x1000);
	memblock_cap_memory_range(&mb, 0x10000000, 0x1000);
	CHECK_STR(log_buf.buf, "memblock_cap_memory_range: No memory registered yet\n");
	CHECK_EQ(mb.reserved.cnt, 1);
	CHECK_RGN(mb.reserved, 0, 0x1000, 0x1000);
	memblock_add(&mb, 0x10000000, 0x1000);
	memblock_cap_memory_range(&mb, 0x10000000, 0);
	CHECK_RGN(mb.reserved, 0, 0x1000, 0x1000);
}

/*
 * Classic builds have a 32-bit phys_addr_t:
 *
 *  |                                      +-------------|xx
 *  |                                      |     r1      |xx  (cut at 4 GiB)
 *  +--------------------------------------+-------------+
 *
 * Expect: base and size truncated to 32 bits on entry; base + size capped
 * at 0xffffffff (the last byte is never covered); LPAE keeps the high bits.
 */
TEST(truncation_32bit)
{
	setup(false);
	memblock_add(&mb, 0xfff00000, 0x200000);
	CHECK_RGN(mb.memory, 0, 0xfff00000, 0xfffff);
	CHECK_EQ(last_op.size, 0x200000);
	memblock_add(&mb, 0x120000000ULL, 0x1000);
	CHECK_EQ(last_op.base, 0x20000000);
	CHECK_RGN(mb.memory, 0, 0x20000000, 0x1000);
	memblock_add(&mb, 0x1000, 0x100001000ULL);
	CHECK_EQ(last_op.size, 0x1000);
	CHECK_RGN(mb.memory, 0, 0x1000, 0x1000);
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK(memblock_is_memory(&mb, 0x120000000ULL));

	setup(true);
	memblock_add(&mb, 0x100000000ULL, 0x1000);
	CHECK_RGN(mb.memory, 0, 0x100000000ULL, 0x1000);
	memblock_add(&mb, 0xfffffffffffff000ULL, 0x2000);
	CHECK_RGN(mb.memory, 1, 0xfffffffffffff000ULL, 0xfff);
}

/*
 * Queries over two banks, a NOMAP piece and a reservation:
 *
 *  |   +-------------xx+     +--------------+              |
 *  |   |  m1      NOMAP|     |     m2       |              |
 *  |           +r                                          |
 *  +---+-------+-----+-+-----+--------------+--------------+
 *
 * Expect: the kernel's answers, including memblock_cap_size in
 * overlaps_region and is_region_memory.
 */
TEST(queries)
{
	setup(false);
	CHECK_EQ(memblock_start_of_DRAM(&mb), 0);
	CHECK_EQ(memblock_end_of_DRAM(&mb), 0);
	CHECK(!memblock_is_memory(&mb, 0));
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add(&mb, 0x30000000, 0x10000000);
	memblock_mark_nomap(&mb, 0x1f000000, 0x1000000);
	memblock_reserve(&mb, 0x18000000, 0x1000);
	CHECK_EQ(memblock_start_of_DRAM(&mb), 0x10000000);
	CHECK_EQ(memblock_end_of_DRAM(&mb), 0x40000000);
	CHECK_EQ(memblock_phys_mem_size(&mb), 0x20000000);
	CHECK_EQ(memblock_reserved_size(&mb), 0x1000);
	CHECK(memblock_is_memory(&mb, 0x3fffffff));
	CHECK(!memblock_is_memory(&mb, 0x40000000));
	CHECK(!memblock_is_memory(&mb, 0x2fffffff));
	CHECK(memblock_is_map_memory(&mb, 0x1effffff));
	CHECK(!memblock_is_map_memory(&mb, 0x1f000000));
	CHECK(memblock_is_region_memory(&mb, 0x10000000, 0x0f000000));
	/* crosses into the NOMAP region: a different region, so false */
	CHECK(!memblock_is_region_memory(&mb, 0x10000000, 0x10000000));
	CHECK(!memblock_is_region_memory(&mb, 0x2ffff000, 0x2000));
	CHECK(memblock_is_reserved(&mb, 0x18000fff));
	CHECK(!memblock_is_reserved(&mb, 0x18001000));
	CHECK(memblock_is_region_reserved(&mb, 0x17fff000, 0x1001));
	CHECK(!memblock_is_region_reserved(&mb, 0x17fff000, 0x1000));
	CHECK(memblock_overlaps_region(&mb.memory, 0x2fffffff, 2));
	/* size capped to PHYS_ADDR_MAX - base: no 32-bit wrap-around */
	CHECK(memblock_overlaps_region(&mb.memory, 0x3ffff000, 0xffffffff));
	CHECK(!memblock_overlaps_region(&mb.memory, 0x40000000, 0xffffffff));
	CHECK(memblock_is_region_memory(&mb, 0x3ffff000, 0x1000));
	CHECK(!memblock_is_region_memory(&mb, 0x3ffff000, 0xffffffff));
}

/*
 * Observer protocol for the non-range operations:
 *
 *  |                                                      |
 *  +------------------------------------------------------+
 *
 * Expect: set_current_limit, set_bottom_up and allow_resize are each
 * reported once, with the truncated limit.
 */
TEST(observer_settings)
{
	setup(false);
	memblock_set_current_limit(&mb, 0x130000000ULL);
	CHECK_EQ(nr_ops, 1);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_SET_LIMIT);
	CHECK_EQ(last_op.end, 0x30000000);
	CHECK_EQ(mb.current_limit, 0x30000000);
	memblock_set_bottom_up(&mb, true);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_SET_BOTTOM_UP);
	CHECK(mb.bottom_up);
	memblock_allow_resize(&mb);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ALLOW_RESIZE);
	CHECK(mb.can_resize);
	CHECK_EQ(nr_ops, 3);
	CHECK_EQ(mb.op_depth, 0);
	CHECK(mb.cur_op == NULL);
}

/*
 * A prepared state copied into a memblock that has its own log and a
 * doubled array:
 *
 *  | +--r1--+   +--r2 (NOMAP)--+         +-r3-+          |
 *  +-+------+---+--------------+---------+----+----------+
 *      ^reserved
 *
 * Expect: the copy has the source's regions, counters and modes, its
 * arrays are its own static ones again, and it keeps its own log and
 * observer; a source that doubled an array is refused.
 */
TEST(copy_static_restores_state)
{
	static struct memblock src, dst;
	static struct mm_log src_log, dst_log;

	memblock_init(&src, true, &src_log);
	mm_log_reset(&src_log, true);
	memblock_add(&src, 0x10000000, 0x1000000);
	memblock_add(&src, 0x20000000, 0x2000000);
	memblock_mark_nomap(&src, 0x20000000, 0x2000000);
	memblock_add(&src, 0x40000000, 0x100000);
	memblock_reserve(&src, 0x10008000, 0x4000);
	memblock_set_bottom_up(&src, true);
	memblock_set_current_limit(&src, 0x30000000);
	mm_printk(&src_log, "prepared\n");

	memblock_init(&dst, false, &dst_log);
	dst.observer = observe;
	memblock_allow_resize(&dst);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS + 2; i++)
		memblock_add(&dst, (phys_addr_t)i * 0x200000, 0x100000);
	CHECK(dst.memory.regions != dst.init_memory);

	CHECK(memblock_copy_static(&dst, &src));
	mm_log_copy(&dst_log, &src_log);
	CHECK(dst.memory.regions == dst.init_memory);
	CHECK(dst.reserved.regions == dst.init_reserved);
	CHECK_EQ(dst.memory.cnt, 3);
	CHECK_EQ(dst.memory.max, INIT_MEMBLOCK_REGIONS);
	CHECK_RGN(dst.memory, 1, 0x20000000, 0x2000000);
	CHECK_EQ(dst.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(dst.memory.total_size, src.memory.total_size);
	CHECK_EQ(dst.reserved.cnt, 1);
	CHECK_RGN(dst.reserved, 0, 0x10008000, 0x4000);
	CHECK_EQ(dst.phys_max, PHYS_MAX_64);
	CHECK_EQ(dst.region_size, 24);
	CHECK(dst.bottom_up);
	CHECK(!dst.can_resize);
	CHECK_EQ(dst.current_limit, 0x30000000);
	CHECK(dst.log == &dst_log);
	CHECK(dst.observer == observe);
	CHECK_EQ(dst_log.len, src_log.len);
	CHECK_STR(dst_log.buf, src_log.buf);

	memblock_allow_resize(&src);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS + 2; i++)
		memblock_reserve(&src, 0x11000000 + (phys_addr_t)i * 0x2000, 0x1000);
	CHECK(src.reserved.regions != src.init_reserved);
	CHECK(!memblock_copy_static(&dst, &src));
	CHECK_EQ(dst.memory.cnt, 3);
	memblock_destroy(&src);
	memblock_destroy(&dst);
}

TEST_MAIN()
