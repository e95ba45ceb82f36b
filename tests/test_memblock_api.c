/*
 * The rest of v6.1's memblock API, as tools/testing/memblock exercises it:
 * memblock_trim_memory, memblock_enforce_memory_limit, the _raw and
 * zeroing allocators, memblock_alloc_from / _low / _node,
 * memblock_alloc_range_nid, memblock_free by linear-map pointer,
 * memblock_bottom_up() and movable_node.  Pictures follow
 * tools/testing/memblock (`rr` reserved, `A` the result, `hh` hotplug).
 */
#include "test.h"

#include "memblock.h"
#include "mm_errno.h"
#include "phys_mem.h"

static struct memblock mb;
static struct mm_log log_buf;
static struct memblock_op last_op;

static void observe(const struct memblock *m, const struct memblock_op *op, void *ctx)
{
	last_op = *op;
}

static void setup(bool lpae)
{
	memblock_init(&mb, lpae, &log_buf);
	mm_log_reset(&log_buf, true);
	mb.observer = observe;
}

/*
 * Trim to 2 MiB:
 *
 *  | r1 (aligned) |   | r2 (unaligned base) |   | r3 (smaller than 2M) |
 *
 * Expect: r1 kept, r2's base rounded up, r3 dropped; nothing merges; the
 * dropped region leaves total_size, the trimmed bytes of r2 stay in it.
 */
TEST(trim_memory)
{
	setup(false);
	memblock_add(&mb, 0x40000000, 0x400000);
	memblock_add(&mb, 0x40500000, 0x400000);
	memblock_add(&mb, 0x41000000, 0x100000);
	memblock_trim_memory(&mb, SZ_2M);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_TRIM);
	CHECK_EQ(last_op.align, SZ_2M);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(mb.memory.regions[0].base, 0x40000000);
	CHECK_EQ(mb.memory.regions[0].size, 0x400000);
	CHECK_EQ(mb.memory.regions[1].base, 0x40600000);
	CHECK_EQ(mb.memory.regions[1].size, 0x200000);
	CHECK_EQ(mb.memory.total_size, 0x800000);	/* 0x400000 + 0x400000: r2's trim is not subtracted */

	/* the region that ends unaligned keeps its aligned start */
	setup(false);
	memblock_add(&mb, 0x40000000, 0x2ff000);
	memblock_trim_memory(&mb, SZ_2M);
	CHECK_EQ(mb.memory.regions[0].size, SZ_2M);

	/* adding to an emptied array sets total_size afresh */
	setup(false);
	memblock_add(&mb, 0x40001000, 0x1000);
	memblock_trim_memory(&mb, SZ_2M);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.regions[0].size, 0);
	memblock_add(&mb, 0x80000000, SZ_1M);
	CHECK_EQ(mb.memory.total_size, SZ_1M);
}

/*
 * Trimmed regions that end up touching stay apart, as the kernel does
 * not merge after trimming:
 *
 *  | r1 (nid 0, hotplug) |r2 (no flag)|
 */
TEST(trim_memory_keeps_regions_apart)
{
	setup(false);
	memblock_add(&mb, 0x40000000, 0x600000);
	memblock_mark_hotplug(&mb, 0x40000000, 0x400000);
	memblock_clear_hotplug(&mb, 0x40000000, 0x400000);	/* equal flags again, still split */
	CHECK_EQ(mb.memory.cnt, 1);
	memblock_mark_hotplug(&mb, 0x40000000, 0x400000);
	memblock_trim_memory(&mb, SZ_2M);
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(mb.memory.regions[1].base, 0x40400000);
}

/* A start whose round_up() wraps past the top is dropped (the kernel would make [0, end)). */
TEST(trim_memory_wrapping_start)
{
	setup(false);
	memblock_add(&mb, 0x10000000, 0x1000);
	memblock_add(&mb, 0xfff00100, 0xfef00);
	memblock_trim_memory(&mb, SZ_1M);
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.regions[0].size, 0);
}

/*
 * Keep the first 384 MiB of two 256 MiB banks:
 *
 *  | bank 1 (256M) |   | bank 2 (first 128M kept)  rr  |
 *
 * Expect: memory and reserved both cut at bank 2 + 128 MiB; a limit of 0
 * or past the total does nothing.
 */
TEST(enforce_memory_limit)
{
	setup(false);
	memblock_add(&mb, 0x40000000, SZ_256M);
	memblock_add(&mb, 0x60000000, SZ_256M);
	memblock_reserve(&mb, 0x67000000, 0x2000000);
	memblock_enforce_memory_limit(&mb, 0);
	CHECK_EQ(mb.memory.total_size, 2 * SZ_256M);
	memblock_enforce_memory_limit(&mb, SZ_1G);
	CHECK_EQ(mb.memory.total_size, 2 * SZ_256M);
	memblock_enforce_memory_limit(&mb, 384 * SZ_1M);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ENFORCE_LIMIT);
	CHECK_EQ(last_op.size, 384 * SZ_1M);
	CHECK_EQ(memblock_end_of_DRAM(&mb), 0x68000000);
	CHECK_EQ(mb.reserved.cnt, 1);
	CHECK_EQ(mb.reserved.regions[0].base + mb.reserved.regions[0].size, 0x68000000);
}

/* Zeroing allocators clear the block in simulated RAM; the _raw ones leave what was there. */
TEST(raw_and_zeroing_allocators)
{
	struct phys_mem *pm = phys_mem_new();
	phys_addr_t pa;

	setup(false);
	mb.ram = pm;
	memblock_add(&mb, 0x40000000, SZ_1M);
	CHECK_EQ(phys_write32(pm, 0x400ff000, 0xdeadbeef), 0);
	pa = memblock_alloc_raw(&mb, 0x1000, 0x1000);
	CHECK_EQ(pa, 0x400ff000);
	CHECK_EQ(phys_read32(pm, pa), 0xdeadbeef);
	memblock_phys_free(&mb, pa, 0x1000);
	pa = memblock_alloc_try_nid_raw(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	CHECK_EQ(phys_read32(pm, pa), 0xdeadbeef);
	memblock_phys_free(&mb, pa, 0x1000);
	pa = memblock_alloc(&mb, 0x1000, 0x1000);
	CHECK_EQ(pa, 0x400ff000);
	CHECK_EQ(phys_read32(pm, pa), 0);
	phys_mem_free(pm);
}

/*
 * memblock_alloc_from(): above min_addr, or (memblock_alloc_internal's
 * retry) anywhere when nothing is free there; memblock_alloc_low(): below
 * ARCH_LOW_ADDRESS_LIMIT even on LPAE with memory above 4 GiB.
 */
TEST(alloc_from_and_low)
{
	setup(true);
	memblock_add(&mb, 0x40000000, SZ_1G);
	memblock_add(&mb, 0x100000000ULL, SZ_1G);
	memblock_set_bottom_up(&mb, true);
	CHECK(memblock_bottom_up(&mb));
	CHECK_EQ(memblock_alloc_from(&mb, 0x1000, 0x1000, 0x60000000), 0x60000000);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_ALLOC);
	CHECK_EQ(last_op.start, 0x60000000);
	CHECK_EQ(memblock_alloc_from(&mb, 0x1000, 0x1000, 0x200000000ULL), 0x40000000);
	memblock_set_bottom_up(&mb, false);
	CHECK(!memblock_bottom_up(&mb));
	CHECK_EQ(memblock_alloc_low(&mb, SZ_1M, 0x1000), 0x7ff00000);
	CHECK_EQ(last_op.end, 0xffffffffULL);
	CHECK_EQ(memblock_alloc(&mb, SZ_1M, 0x1000), 0x13ff00000ULL);
}

/*
 * Node allocations on a kernel without NUMA, where every region is node
 * 0: nid 0, NUMA_NO_NODE and MAX_NUMNODES (1, read as NUMA_NO_NODE) find
 * memory, nid 2 only through the fallback to any node, which an
 * exact-nid allocation does not take.
 */
TEST(alloc_node_and_exact_nid)
{
	setup(false);
	memblock_add(&mb, 0x40000000, SZ_16M);
	CHECK_EQ(memblock_alloc_node(&mb, 0x1000, 0x1000, 0), 0x40fff000);
	CHECK_EQ(memblock_alloc_node(&mb, 0x1000, 0x1000, 2), 0x40ffe000);
	CHECK_EQ(memblock_alloc_exact_nid_raw(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 2), 0);
	CHECK_EQ(last_op.ret, -MM_ENOMEM);
	CHECK(last_op.exact_nid);
	CHECK_EQ(memblock_alloc_exact_nid_raw(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 0),
		 0x40ffd000);
	CHECK_EQ(memblock_alloc_exact_nid_raw(&mb, 0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1),
		 0x40ffc000);
	CHECK_EQ(memblock_alloc_range_nid(&mb, SZ_1M, SZ_1M, 0, 0x40800000, 2, true), 0);
	CHECK_EQ(memblock_alloc_range_nid(&mb, SZ_1M, SZ_1M, 0, 0x40800000, 2, false), 0x40700000);
}

/* The allocators' debug lines: memblock_alloc_range_nid prints none of its own, CMA relies on it. */
TEST(debug_lines)
{
	setup(false);
	memblock_add(&mb, 0x40000000, SZ_16M);
	mb.debug = true;
	memblock_set_caller(&mb, CS_EARLY_ALLOC);
	memblock_alloc_range_nid(&mb, 0x1000, 0x1000, 0, 0x41000000, NUMA_NO_NODE, true);
	memblock_alloc_try_nid_raw(&mb, 0x1000, 0x40, 0, 0, 0);
	memblock_alloc_exact_nid_raw(&mb, 0x1000, 0x40, 0, 0, 0);
	memblock_free(&mb, memblock_virt(&mb, 0x40ffe000), 0x1000);
	CHECK_STR(log_buf.buf,
		  "memblock_reserve: [0x40fff000-0x40ffffff] memblock_alloc_range_nid\n"
		  "memblock_alloc_try_nid_raw: 4096 bytes align=0x40 nid=0 from=0x00000000 max_addr=0x00000000 early_alloc\n"
		  "memblock_reserve: [0x40ffe000-0x40ffefff] memblock_alloc_range_nid\n"
		  "memblock_alloc_exact_nid_raw: 4096 bytes align=0x40 nid=0 from=0x00000000 max_addr=0x00000000 early_alloc\n"
		  "memblock_reserve: [0x40ffd000-0x40ffdfff] memblock_alloc_range_nid\n"
		  "memblock_phys_free: [0x40ffe000-0x40ffefff] early_alloc\n");
	/* with a build, the %pS of the call site */
	mm_log_reset(&log_buf, true);
	mb.build = &kernel_build_armmp;
	memblock_set_caller(&mb, CS_EARLY_ALLOC);
	memblock_alloc(&mb, 0x1000, 0x1000);
	CHECK_STR(log_buf.buf,
		  "memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=-1 from=0x00000000 max_addr=0x00000000 early_alloc+0x2c/0x58\n"
		  "memblock_reserve: [0x40ffe000-0x40ffefff] memblock_alloc_range_nid+0xd0/0x168\n");
}

/*
 * memblock_free() takes a linear-map pointer: __pa() through the map
 * setup_arch sets (LPAE: the high word carries into the address).
 */
TEST(free_by_linear_map_pointer)
{
	setup(true);
	memblock_set_linear_map(&mb, 0xc0000000, 0x80000000);
	memblock_add(&mb, 0x80000000, SZ_1G);
	memblock_reserve(&mb, 0x80100000, 0x3000);
	CHECK_EQ(memblock_virt(&mb, 0x80101000), 0xc0101000);
	CHECK_EQ(memblock_phys(&mb, 0xc0101000), 0x80101000);
	CHECK_EQ(memblock_free(&mb, 0xc0101000, 0x1000), 0);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_FREE);
	CHECK_EQ(last_op.base, 0x80101000);
	CHECK_EQ(mb.reserved.cnt, 2);
	/* 0x880000000's linear address wraps in 32 bits, so its pointer names lowmem */
	memblock_set_linear_map(&mb, 0xc0000000, 0x880000000ULL);
	CHECK_EQ(memblock_phys(&mb, 0xc0000000), 0x880000000ULL);
	CHECK_EQ(memblock_phys(&mb, 0x00000000), 0x7c0000000ULL);
}

/*
 * movable_node: allocations and for_each_free_mem_range skip hotpluggable
 * memory.
 *
 *  |   memory                  | hh hotplug hh |
 */
TEST(movable_node_skips_hotplug)
{
	phys_addr_t s, e;
	uint64_t idx = 0;

	setup(false);
	memblock_add(&mb, 0x40000000, SZ_256M);
	memblock_mark_hotplug(&mb, 0x48000000, (128 * SZ_1M));
	CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), 0x4ffff000);
	memblock_set_movable_node(&mb, true);
	CHECK_EQ(last_op.kind, MEMBLOCK_OP_SET_MOVABLE_NODE);
	CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000), 0x47fff000);
	CHECK(memblock_next_free_range(&mb, &idx, MEMBLOCK_NONE, &s, &e));
	CHECK_EQ(s, 0x40000000);
	CHECK_EQ(e, 0x47fff000);
	CHECK(!memblock_next_free_range(&mb, &idx, MEMBLOCK_NONE, &s, &e));
	/* asked for hotplug memory, it is found */
	idx = 0;
	CHECK(memblock_next_free_range(&mb, &idx, MEMBLOCK_HOTPLUG, &s, &e));
	CHECK(memblock_next_free_range(&mb, &idx, MEMBLOCK_HOTPLUG, &s, &e));
	CHECK_EQ(s, 0x48000000);
}

TEST_MAIN()
