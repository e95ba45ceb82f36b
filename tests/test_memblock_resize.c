/*
 * memblock array doubling (memblock_double_array and its BUG_ON), the
 * debugfs dump, memblock=debug lines, the deliberate bug switches and
 * reuse after memblock_init.  Pictures follow tools/testing/memblock.
 */
#include "test.h"

#include "bugs.h"
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

static void setup(bool lpae)
{
	memblock_init(&mb, lpae, &log_buf);
	mm_log_reset(&log_buf, true);
	mb.observer = observe;
	nr_ops = 0;
}

/* n page-aligned regions of `size` bytes, 8 KiB apart (never adjacent). */
static void add_distinct(int n, phys_addr_t base, phys_addr_t size)
{
	for (int i = 0; i < n; i++)
		memblock_add(&mb, base + (phys_addr_t)i * 0x2000, size);
}

static void reserve_distinct(int n, phys_addr_t base)
{
	for (int i = 0; i < n; i++)
		memblock_reserve(&mb, base + (phys_addr_t)i * 0x2000, 0x1000);
}

/* A 16 MiB bank plus 127 one-page regions: memory.cnt == 128. */
static void fill_memory(void)
{
	memblock_add(&mb, 0x10000000, 0x1000000);
	add_distinct(127, 0x20000000, 0x1000);
}

/*
 * The 129th distinct memory region before memblock_allow_resize:
 *
 *  | +--+ +--+ +--+ ... +--+ +--+  +....+                  |
 *  | |1 | |2 | |3 |     |  | |128|  .129.                  |
 *  +-+--+-+--+-+--+-----+--+-+--+--+----+------------------+
 *
 * Expect: -MM_ENOMEM, no resize, no log line, array unchanged.
 */
TEST(double_refused_before_allow_resize)
{
	setup(false);
	fill_memory();
	CHECK_EQ(mb.memory.cnt, 128);
	CHECK_EQ(memblock_add(&mb, 0x30000000, 0x1000), -MM_ENOMEM);
	CHECK_EQ(last_op.ret, -MM_ENOMEM);
	CHECK_EQ(last_op.nr_resizes, 0);
	CHECK_EQ(mb.memory.cnt, 128);
	CHECK_EQ(mb.memory.max, 128);
	CHECK_STR(log_buf.buf, "");
}

/*
 * Doubling the memory array, twice:
 *
 *  | +---------A2+   +-+ +-+ ... +A1+   +....+              |
 *  | |  bank     |   | | | |     |  |   .new .              |
 *  +-+-----------+---+-+-+-+-----+--+---+----+--------------+
 *
 * Expect: classic 256 * 12 bytes fit one page, placed top-down in the
 * last one-page region (A1) and reserved; LPAE needs 0x2000 and goes to
 * the bank.  The second doubling (512 entries, 0x2000) lands in the bank
 * (A2), frees A1 from reserved and reports old_phys.  Only the add is
 * reported; doublings appear in op->resizes.
 */
TEST(double_memory_array)
{
	setup(false);
	mb.debug = true;
	fill_memory();
	memblock_allow_resize(&mb);
	mm_log_reset(&log_buf, true);
	nr_ops = 0;
	CHECK_EQ(memblock_add(&mb, 0x30000000, 0x1000), 0);
	CHECK_EQ(nr_ops, 1);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ADD);
	CHECK_EQ(last_op.nr_resizes, 1);
	CHECK_EQ(last_op.resizes[0].type, 0);
	CHECK_EQ(last_op.resizes[0].new_max, 256);
	CHECK_EQ(last_op.resizes[0].new_phys, 0x200fc000);
	CHECK_EQ(last_op.resizes[0].new_alloc_size, 0x1000);
	CHECK_EQ(last_op.resizes[0].old_phys, 0);
	CHECK_EQ(last_op.resizes[0].old_alloc_size, 0);
	CHECK_EQ(last_op.resizes[0].avoid_base, 0);
	CHECK_EQ(last_op.resizes[0].avoid_size, 0);
	CHECK_EQ(mb.memory.max, 256);
	CHECK_EQ(mb.memory.cnt, 129);
	CHECK_EQ(mb.memory.array_phys, 0x200fc000);
	CHECK(mb.memory.regions != mb.init_memory);
	CHECK_EQ(mb.reserved.cnt, 1);
	CHECK_EQ(mb.reserved.regions[0].base, 0x200fc000);
	CHECK_EQ(mb.reserved.regions[0].size, 0x1000);
	CHECK_STR(log_buf.buf,
		  "memblock_add: [0x30000000-0x30000fff] 0x0\n"
		  "memblock: memory is doubled to 256 at [0x200fc000-0x200fcbff]\n"
		  "memblock_reserve: [0x200fc000-0x200fcfff] memblock_double_array\n");

	add_distinct(127, 0x40000000, 0x1000);
	CHECK_EQ(mb.memory.cnt, 256);
	mm_log_reset(&log_buf, true);
	CHECK_EQ(memblock_add(&mb, 0x50000000, 0x1000), 0);
	CHECK_EQ(last_op.nr_resizes, 1);
	CHECK_EQ(last_op.resizes[0].new_max, 512);
	CHECK_EQ(last_op.resizes[0].new_phys, 0x10ffe000);
	CHECK_EQ(last_op.resizes[0].new_alloc_size, 0x2000);
	CHECK_EQ(last_op.resizes[0].old_phys, 0x200fc000);
	CHECK_EQ(last_op.resizes[0].old_alloc_size, 0x1000);
	CHECK_EQ(mb.memory.cnt, 257);
	CHECK(!memblock_is_reserved(&mb, 0x200fc000));
	CHECK_EQ(mb.reserved.cnt, 1);
	CHECK_EQ(mb.reserved.regions[0].base, 0x10ffe000);
	CHECK_EQ(mb.reserved.regions[0].size, 0x2000);
	CHECK_STR(log_buf.buf,
		  "memblock_add: [0x50000000-0x50000fff] 0x0\n"
		  "memblock: memory is doubled to 512 at [0x10ffe000-0x10fff7ff]\n"
		  "memblock_phys_free: [0x200fc000-0x200fcfff] memblock_free\n"
		  "memblock_reserve: [0x10ffe000-0x10ffffff] memblock_double_array\n");

	setup(true);
	fill_memory();
	memblock_allow_resize(&mb);
	CHECK_EQ(memblock_add(&mb, 0x30000000, 0x1000), 0);
	CHECK_EQ(last_op.resizes[0].new_alloc_size, 0x2000);
	CHECK_EQ(last_op.resizes[0].new_phys, 0x10ffe000);
	CHECK(memblock_is_region_reserved(&mb, 0x10ffe000, 0x2000));
}

/*
 * Doubling the reserved array for a reservation at the top of memory:
 *
 *  | +r+ +r+ ... +r+                         A+new+|        |
 *  | |            memory                          |        |
 *  +-+-+-+-+-----+-+-------------------------+----+--------+
 *
 * Expect: nothing is free above the new range, so the second search
 * (below it) places the array just under it; the avoided range is
 * reported; the array reserves itself.
 */
TEST(double_reserved_array_avoids_new_range)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	reserve_distinct(128, 0x10000000);
	CHECK_EQ(mb.reserved.cnt, 128);
	memblock_allow_resize(&mb);
	CHECK_EQ(memblock_reserve(&mb, 0x1ffff000, 0x1000), 0);
	CHECK_EQ(last_op.nr_resizes, 1);
	CHECK_EQ(last_op.resizes[0].type, 1);
	CHECK_EQ(last_op.resizes[0].new_phys, 0x1fffe000);
	CHECK_EQ(last_op.resizes[0].avoid_base, 0x1ffff000);
	CHECK_EQ(last_op.resizes[0].avoid_size, 0x1000);
	CHECK_EQ(mb.reserved.max, 256);
	CHECK_EQ(mb.reserved.cnt, 129);
	CHECK_EQ(mb.reserved.regions[128].base, 0x1fffe000);
	CHECK_EQ(mb.reserved.regions[128].size, 0x2000);
}

/*
 * No room for the doubled array (every region is half a page):
 *
 *  | +-+ +-+ +-+ ... +-+  +....+                           |
 *  | | | | | | |     | |  .new .                           |
 *  +-+-+-+-+-+-+-----+-+--+----+---------------------------+
 *
 * Expect: the kernel's pr_err line and -MM_ENOMEM; nothing changes.
 */
TEST(double_fails_no_room)
{
	setup(false);
	add_distinct(128, 0x10000000, 0x800);
	memblock_allow_resize(&mb);
	mm_log_reset(&log_buf, true);
	CHECK_EQ(memblock_add(&mb, 0x30000000, 0x1000), -MM_ENOMEM);
	CHECK_STR(log_buf.buf, "memblock: Failed to double memory array from 128 to 256 entries !\n");
	CHECK_EQ(mb.memory.cnt, 128);
	CHECK_EQ(mb.memory.max, 128);
	CHECK(!mb.panicked);
}

/*
 * The new memory array is found but reserving it needs a reserved
 * doubling that finds no room -- the kernel's BUG_ON:
 *
 *  | +-+ +-+ ... +-+ +A+   +....+        +r+ +r+ ... +r+   |
 *  | | | | |     | | | |   .new .        |  128 reserved|   |
 *  +-+-+-+-+-----+-+-+-+---+----+--------+-+-+-+-----+-+---+
 *
 * Expect: mb->panicked with a message; the op and every later one
 * report -MM_EPANIC and change nothing; allocations return 0.
 */
TEST(double_reserve_fails_panics)
{
	struct memblock_type saved;

	setup(false);
	add_distinct(127, 0x10000000, 0x800);
	memblock_add(&mb, 0x20000000, 0x1000);
	reserve_distinct(128, 0x80000000);
	memblock_allow_resize(&mb);
	mm_log_reset(&log_buf, true);
	nr_ops = 0;
	CHECK_EQ(memblock_add(&mb, 0x30000000, 0x1000), -MM_EPANIC);
	CHECK(mb.panicked);
	CHECK(mb.panic_msg != NULL);
	CHECK_EQ(nr_ops, 1);
	CHECK_EQ(last_op.ret, -MM_EPANIC);
	CHECK_EQ(last_op.nr_resizes, 1);
	CHECK_EQ(last_op.resizes[0].new_phys, 0x20000000);
	CHECK_STR(log_buf.buf,
		  "memblock: Failed to double reserved array from 128 to 256 entries !\n"
		  "kernel BUG at mm/memblock.c (memblock_double_array)!\n");

	saved = mb.reserved;
	CHECK_EQ(memblock_reserve(&mb, 0x1000, 0x1000), -MM_EPANIC);
	CHECK_EQ(nr_ops, 2);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_RESERVE);
	CHECK_EQ(last_op.ret, -MM_EPANIC);
	CHECK_EQ(last_op.base, 0x1000);
	CHECK_EQ(mb.reserved.cnt, saved.cnt);
	CHECK_EQ(mb.reserved.total_size, saved.total_size);
	CHECK_EQ(memblock_alloc(&mb, 0x10, 0x10), 0);
	CHECK_EQ(last_op.ret, -MM_EPANIC);
	memblock_set_current_limit(&mb, 0x1000);
	CHECK_EQ(mb.current_limit, 0xffffffff);
	CHECK_EQ(last_op.ret, -MM_EPANIC);
}

/*
 * /sys/kernel/debug/memblock/{memory,reserved}:
 *
 *  |   +------+      +------+                              |
 *  |   |  m1  |      |  m2  |                              |
 *  +---+------+------+------+------------------------------+
 *
 * Expect: "%4d: %pa..%pa\n" per region, 8 hex digits classic, 16 LPAE;
 * an empty array shows its dummy as 0..PHYS_ADDR_MAX; the text is cut
 * to the buffer but the full length returned.
 */
TEST(debugfs_dump)
{
	char buf[256];

	setup(false);
	CHECK_EQ(memblock_debugfs_show(&mb, &mb.memory, buf, sizeof(buf)), 29);
	CHECK_STR(buf, "   0: 0x00000000..0xffffffff\n");
	memblock_add(&mb, 0x30000000, 0x10000000);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_debugfs_show(&mb, &mb.memory, buf, sizeof(buf));
	CHECK_STR(buf, "   0: 0x10000000..0x1fffffff\n"
		       "   1: 0x30000000..0x3fffffff\n");
	CHECK_EQ(memblock_debugfs_show(&mb, &mb.memory, buf, 10), 58);
	CHECK_STR(buf, "   0: 0x1");
	CHECK_EQ(memblock_debugfs_show(&mb, &mb.memory, NULL, 0), 58);

	setup(true);
	memblock_debugfs_show(&mb, &mb.reserved, buf, sizeof(buf));
	CHECK_STR(buf, "   0: 0x0000000000000000..0xffffffffffffffff\n");
	memblock_reserve(&mb, 0x100000000ULL, 0x40000000);
	memblock_debugfs_show(&mb, &mb.reserved, buf, sizeof(buf));
	CHECK_STR(buf, "   0: 0x0000000100000000..0x000000013fffffff\n");
}

/*
 * Index width past 99 (after a doubling the array holds 129 entries):
 *
 *  | +-+ +-+ ... +-+ +-+                                   |
 *  +-+-+-+-+-----+-+-+-+-----------------------------------+
 *
 * Expect: "%4d" keeps three-digit indices right-aligned.
 */
TEST(debugfs_dump_wide_index)
{
	static char buf[8192];
	size_t n;

	setup(false);
	fill_memory();
	memblock_allow_resize(&mb);
	memblock_add(&mb, 0x30000000, 0x1000);
	n = memblock_debugfs_show(&mb, &mb.memory, buf, sizeof(buf));
	CHECK_EQ(n, 129 * 29);
	CHECK(strstr(buf, "\n 128: 0x30000000..0x30000fff\n") != NULL);
}

/*
 * memblock=debug lines of the range operations:
 *
 *  |   +------+      +------+                              |
 *  |   |  m1  |      |  m2  |                              |
 *  +---+------+------+------+------------------------------+
 *
 * Expect: "%s: [%pa-%pa] %pS" (add_node adds nid and flags), %pS being
 * dbg_caller; size 0 prints end = base - 1 as the kernel does; marking
 * prints nothing; LPAE uses 16 digits.
 */
TEST(debug_lines_range_ops)
{
	setup(false);
	mb.debug = true;
	mb.dbg_caller = "arm_memblock_init+0x1c/0x1f0";
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_add_node(&mb, 0x30000000, 0x1000000, 0, MEMBLOCK_HOTPLUG);
	memblock_remove(&mb, 0x30000000, 0x1000);
	memblock_reserve(&mb, 0x10000000, 0x1000);
	memblock_reserve(&mb, 0x1000, 0);
	memblock_phys_free(&mb, 0x10000000, 0x1000);
	memblock_mark_nomap(&mb, 0x10000000, 0x1000);
	CHECK_STR(log_buf.buf,
		  "memblock_add: [0x10000000-0x1fffffff] arm_memblock_init+0x1c/0x1f0\n"
		  "memblock_add_node: [0x30000000-0x30ffffff] nid=0 flags=1 arm_memblock_init+0x1c/0x1f0\n"
		  "memblock_remove: [0x30000000-0x30000fff] arm_memblock_init+0x1c/0x1f0\n"
		  "memblock_reserve: [0x10000000-0x10000fff] arm_memblock_init+0x1c/0x1f0\n"
		  "memblock_reserve: [0x00001000-0x00000fff] arm_memblock_init+0x1c/0x1f0\n"
		  "memblock_phys_free: [0x10000000-0x10000fff] arm_memblock_init+0x1c/0x1f0\n");

	setup(true);
	mb.debug = true;
	memblock_add(&mb, 0x100000000ULL, 0x1000);
	CHECK_STR(log_buf.buf, "memblock_add: [0x0000000100000000-0x0000000100000fff] 0x0\n");
	mm_log_reset(&log_buf, true);
	mb.debug = false;
	memblock_add(&mb, 0x200000000ULL, 0x1000);
	CHECK_STR(log_buf.buf, "");
}

/*
 * MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE:
 *
 *  |   +------+ +------+                                   |
 *  |   |  r1  |.|  r2  |     (one byte apart)              |
 *  +---+------+-+------+-----------------------------------+
 *
 * Expect: kept apart normally, merged with the bug.
 */
TEST(bug_merge_off_by_one)
{
	setup(false);
	memblock_add(&mb, 0x1000, 0x1000);
	memblock_add(&mb, 0x2001, 0x1000);
	CHECK_EQ(mb.memory.cnt, 2);
	mm_bug_set(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, true);
	setup(false);
	memblock_add(&mb, 0x1000, 0x1000);
	memblock_add(&mb, 0x2001, 0x1000);
	mm_bug_set(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, false);
	CHECK_EQ(mb.memory.cnt, 1);
}

/*
 * MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST:
 *
 *  |   +------+          +-----A+                          |
 *  |   |  m1  |          |  m2  |                          |
 *  +---+------+----------+------+--------------------------+
 *
 * Expect: the top of m2 normally, the top of m1 with the bug.
 */
TEST(bug_topdown_skip_last)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x1000000);
	memblock_add(&mb, 0x20000000, 0x1000000);
	CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), 0x20fff000);
	mm_bug_set(MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST, true);
	CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), 0x10fff000);
	mm_bug_set(MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST, false);
}

/*
 * MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE (the memory doubling of
 * double_memory_array):
 *
 *  | +---------+   +-+ +-+ ... +A1+   +....+                |
 *  +-+---------+---+-+-+-+-----+--+---+----+----------------+
 *
 * Expect: the array is placed as usual but not reserved.
 */
TEST(bug_double_no_reserve)
{
	setup(false);
	fill_memory();
	memblock_allow_resize(&mb);
	mm_bug_set(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, true);
	memblock_add(&mb, 0x30000000, 0x1000);
	mm_bug_set(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, false);
	CHECK_EQ(mb.memory.array_phys, 0x200fc000);
	CHECK(!memblock_is_reserved(&mb, 0x200fc000));
}

/*
 * MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL and MM_BUG_MEMBLOCK_TOTAL_SIZE:
 *
 *  |   +..........+----------+                             |
 *  |   .  removed |    r1    |                             |
 *  +---+----------+----------+-----------------------------+
 *
 * Expect: normally only the top half remains; with KEEPS_TAIL the last
 * page of the removed half stays too; with TOTAL_SIZE the removal leaves
 * total_size unchanged.
 */
TEST(bug_remove_tail_and_total_size)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	memblock_remove(&mb, 0x10000000, 0x08000000);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.total_size, 0x08000000);

	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	mm_bug_set(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL, true);
	memblock_remove(&mb, 0x10000000, 0x08000000);
	mm_bug_set(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL, false);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(mb.memory.regions[0].base, 0x17fff000);
	CHECK_EQ(mb.memory.regions[0].size, 0x1000);
	CHECK_EQ(mb.memory.total_size, 0x08001000);

	setup(false);
	memblock_add(&mb, 0x10000000, 0x10000000);
	mm_bug_set(MM_BUG_MEMBLOCK_TOTAL_SIZE, true);
	memblock_remove(&mb, 0x10000000, 0x08000000);
	mm_bug_set(MM_BUG_MEMBLOCK_TOTAL_SIZE, false);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.total_size, 0x10000000);
}

/*
 * Reuse: both arrays doubled, then memblock_init again (twice), then
 * memblock_destroy (twice):
 *
 *  | +---------+   +-+ +-+ ... +-+   +r+ +r+ ... +r+        |
 *  +-+---------+---+-+-+-+-----+-+---+-+-+-+-----+-+--------+
 *
 * Expect: back to the static arrays and the dummies; LeakSanitizer
 * finds nothing.
 */
TEST(reuse_after_init)
{
	for (int round = 0; round < 2; round++) {
		setup(round);
		fill_memory();
		memblock_allow_resize(&mb);
		memblock_add(&mb, 0x30000000, 0x1000);
		reserve_distinct(130, 0x40000000);
		CHECK(mb.memory.regions != mb.init_memory);
		CHECK(mb.reserved.regions != mb.init_reserved);
	}
	memblock_init(&mb, false, NULL);
	CHECK(mb.memory.regions == mb.init_memory);
	CHECK(mb.reserved.regions == mb.init_reserved);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.max, 128);
	CHECK_EQ(mb.reserved.regions[0].size, 0);
	CHECK_EQ(mb.memory.array_phys, 0);
	CHECK(!mb.can_resize);
	setup(false);
	fill_memory();
	memblock_allow_resize(&mb);
	memblock_add(&mb, 0x30000000, 0x1000);
	memblock_destroy(&mb);
	memblock_destroy(&mb);
	CHECK(mb.memory.regions == mb.init_memory);
	CHECK_EQ(mb.memory.cnt, 1);
}

TEST_MAIN()
