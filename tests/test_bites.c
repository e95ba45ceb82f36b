/*
 * Bite tests: every deliberate bug in mm/sim/bugs.h, switched on, must make the
 * oracle report the invariant it breaks; switched off, the same scenario
 * must pass silently.
 */
#include "test.h"

#include <libfdt.h>

#include "bugs.h"
#include "fdt_scan.h"
#include "memblock.h"
#include "oracle/fdt_check.h"
#include "oracle/memblock_check.h"
#include "oracle/oracle.h"
#include "oracle_recorder.h"


/* memblock scenarios: a board's early boot, with the oracle attached. */

static struct memblock mb;

static void attach(struct memblock_shadow *s, bool lpae)
{
	memblock_init(&mb, lpae, NULL);
	mb.observer = memblock_shadow_observe;
	mb.observer_ctx = s;
	memblock_shadow_reset(s, &mb);
}

/* Two banks, reservations including unaligned firmware blobs, page-table allocations. */
static void scenario_boot(void)
{
	memblock_add(&mb, 0x40000000, 0x20000000);
	memblock_add(&mb, 0x80000000, 0x10000000);
	memblock_reserve(&mb, 0x40008000, 0x01000000);		/* kernel image */
	memblock_reserve(&mb, 0x48000000, 0x00400000);		/* initrd */
	memblock_reserve(&mb, 0x4a000000, 0x00000fff);		/* firmware log, unaligned */
	memblock_reserve(&mb, 0x4a001000, 0x00001000);
	memblock_set_current_limit(&mb, 0x70000000);
	for (int i = 0; i < 8; i++)
		memblock_alloc(&mb, PAGE_SIZE, PAGE_SIZE);	/* early page tables */
	memblock_phys_alloc_range(&mb, SZ_16M, 8 * SZ_1M, 0, 0x80000000 + SZ_256M);
}

/* Scattered reservations push the reserved array past 128 entries. */
static void scenario_many_reservations(void)
{
	memblock_add(&mb, 0x40000000, 0x40000000);
	memblock_allow_resize(&mb);
	for (int i = 0; i < 200; i++)
		memblock_reserve(&mb, 0x41000000 + (phys_addr_t)i * 2 * PAGE_SIZE, PAGE_SIZE);
	memblock_alloc(&mb, SZ_1M, PAGE_SIZE);
}

/* mem= style trimming: a hole punched in the middle of a bank. */
static void scenario_remove_hole(void)
{
	memblock_add(&mb, 0x40000000, 0x40000000);
	memblock_reserve(&mb, 0x40008000, 0x00800000);
	memblock_remove(&mb, 0x50000000, 0x08000000);
	memblock_phys_free(&mb, 0x40008000, 0x00100000);
	memblock_alloc(&mb, PAGE_SIZE, PAGE_SIZE);
}

static bool run_memblock(enum mm_bug bug, void (*scenario)(void), bool lpae,
			 const char *invariant)
{
	struct memblock_shadow *s = memblock_shadow_new();
	bool ok = true;

	for (int on = 1; on >= 0; on--) {
		start_recording();
		mm_bug_set(bug, on);
		attach(s, lpae);
		scenario();
		memblock_shadow_check(s, &mb);
		mm_bug_set(bug, false);
		if (on && (!nr_msgs || !strstr(first_msg, invariant))) {
			fprintf(stderr, "  %s on: expected \"%s\", got %u message(s): %s\n",
				mm_bug_name(bug), invariant, nr_msgs, first_msg);
			ok = false;
		}
		if (!on && nr_msgs) {
			fprintf(stderr, "  %s off: %s\n", mm_bug_name(bug), first_msg);
			ok = false;
		}
	}
	memblock_destroy(&mb);
	mb.observer = NULL;
	memblock_shadow_free(s);
	oracle_set_fail_handler(NULL);
	return ok;
}

TEST(bite_memblock_merge_off_by_one)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, scenario_boot, false,
			   "memblock region size"));
	CHECK(run_memblock(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, scenario_boot, true,
			   "memblock region size"));
}

TEST(bite_memblock_topdown_skip_last)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST, scenario_boot, false,
			   "memblock alloc candidate"));
	CHECK(run_memblock(MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST, scenario_remove_hole, true,
			   "memblock alloc candidate"));
}

TEST(bite_memblock_double_no_reserve)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, scenario_many_reservations, false,
			   "memblock region missing"));
	CHECK(run_memblock(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, scenario_many_reservations, true,
			   "memblock region missing"));
}

TEST(bite_memblock_remove_keeps_tail)
{
	/* the kept page touches the upper half with equal attributes */
	CHECK(run_memblock(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL, scenario_remove_hole, false,
			   "memblock regions merged"));
	CHECK(run_memblock(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL, scenario_remove_hole, true,
			   "memblock regions merged"));
}

TEST(bite_memblock_total_size)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_TOTAL_SIZE, scenario_remove_hole, false,
			   "memblock total_size"));
	CHECK(run_memblock(MM_BUG_MEMBLOCK_TOTAL_SIZE, scenario_remove_hole, true,
			   "memblock total_size"));
}

/* fdt scenarios: a board blob built with libfdt, parsed and checked. */

static uint64_t blob[4096];

static size_t board_with_usable_memory_and_memreserve(void)
{
	void *fdt = blob;
	fdt32_t reg[] = { cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x20000000) };
	fdt32_t usable[] = { cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x10000000) };

	fdt_create(fdt, sizeof(blob));
	fdt_add_reservemap_entry(fdt, 0x40000000, 0x1000);
	fdt_add_reservemap_entry(fdt, 0x4f000000, 0x100000);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", 1);
	fdt_property_u32(fdt, "#size-cells", 1);
	fdt_begin_node(fdt, "chosen");
	fdt_property_string(fdt, "bootargs", "console=ttyS0");
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@40000000");
	fdt_property_string(fdt, "device_type", "memory");
	fdt_property(fdt, "reg", reg, sizeof(reg));
	fdt_property(fdt, "linux,usable-memory", usable, sizeof(usable));
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt_totalsize(fdt);
}

static bool run_fdt(enum mm_bug bug, const char *invariant)
{
	size_t size = board_with_usable_memory_and_memreserve();
	struct dt_info *info = calloc(1, sizeof(*info));
	bool ok = true;

	for (int on = 1; on >= 0; on--) {
		int ret;

		start_recording();
		mm_bug_set(bug, on);
		ret = dt_parse(blob, size, info, NULL);
		mm_bug_set(bug, false);
		fdt_check_parse(blob, size, ret, info);
		if (ret == 0) {
			memblock_init(&mb, false, NULL);
			dt_apply_memory(info, &mb, 0x40000000);
			dt_apply_usable_mem_range(info, &mb);
			fdt_check_memory(info, &mb, 0x40000000);
		}
		if (on && (!nr_msgs || !strstr(first_msg, invariant))) {
			fprintf(stderr, "  %s on: expected \"%s\", got %u message(s): %s\n",
				mm_bug_name(bug), invariant, nr_msgs, first_msg);
			ok = false;
		}
		if (!on && (ret != 0 || nr_msgs)) {
			fprintf(stderr, "  %s off: ret %d, %s\n", mm_bug_name(bug), ret, first_msg);
			ok = false;
		}
	}
	memblock_destroy(&mb);
	free(info);
	oracle_set_fail_handler(NULL);
	return ok;
}

TEST(bite_fdt_ignore_usable_memory)
{
	CHECK(run_fdt(MM_BUG_FDT_IGNORE_USABLE_MEMORY, "fdt memory range size"));
}

TEST(bite_fdt_memrsv_skip_first)
{
	CHECK(run_fdt(MM_BUG_FDT_MEMRSV_SKIP_FIRST, "fdt memrsv count"));
}

TEST(every_layer_bug_has_a_bite_test)
{
	/* A new memblock-/fdt- bug in mm/sim/bugs.h must get a scenario above. */
	static const enum mm_bug covered[] = {
		MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST,
		MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL,
		MM_BUG_MEMBLOCK_TOTAL_SIZE, MM_BUG_FDT_IGNORE_USABLE_MEMORY,
		MM_BUG_FDT_MEMRSV_SKIP_FIRST,
	};

	for (int b = MM_BUG_NONE + 1; b < MM_BUG_NR; b++) {
		const char *name = mm_bug_name((enum mm_bug)b);
		bool found = false;

		if (strncmp(name, "memblock-", 9) != 0 && strncmp(name, "fdt-", 4) != 0)
			continue;
		for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++)
			found |= covered[i] == (enum mm_bug)b;
		if (!found)
			fprintf(stderr, "  no bite test for %s\n", name);
		CHECK(found);
	}
	CHECK_EQ(mm_bugs_enabled, 0);
}

TEST_MAIN()
