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
#include "fuzz/harness_common.h"
#include "oracle_recorder.h"
#include "bite_helpers.h"


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

/* Firmware marks a bank mirrored on a kernel booted without kernelcore=mirror. */
static void scenario_mirror_unasked(void)
{
	memblock_add(&mb, 0x40000000, 0x10000000);
	memblock_add(&mb, 0x60000000, 0x10000000);
	memblock_mark_mirror(&mb, 0x60000000, 0x10000000);
	memblock_alloc(&mb, SZ_1M, PAGE_SIZE);
}

/*
 * 127 half-page memory regions and one page, 128 reserved pages: adding
 * one more region doubles memory, whose new array's reservation must
 * double reserved, which finds no room -- the kernel's BUG_ON.  Then a
 * caller that never returned tries more.
 */
static void scenario_panic_then_more(void)
{
	for (int i = 0; i < 127; i++)
		memblock_add(&mb, 0x10000000 + (phys_addr_t)i * 0x2000, 0x800);
	memblock_add(&mb, 0x20000000, 0x1000);
	for (int i = 0; i < 128; i++)
		memblock_reserve(&mb, 0x80000000 + (phys_addr_t)i * 0x2000, 0x1000);
	memblock_allow_resize(&mb);
	memblock_add(&mb, 0x30000000, 0x1000);
	memblock_reserve(&mb, 0x10000000, 0x800);
}

/* A bottom-up stretch of early allocations, then top-down again. */
static void scenario_bottom_up_then_top_down(void)
{
	memblock_add(&mb, 0x40000000, 0x20000000);
	memblock_reserve(&mb, 0x40008000, 0x01000000);
	memblock_set_bottom_up(&mb, true);
	memblock_alloc(&mb, PAGE_SIZE, PAGE_SIZE);
	memblock_set_bottom_up(&mb, false);
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

/* The scenario on a classic and on an LPAE memblock. */
static bool run_memblock_both(enum mm_bug bug, void (*scenario)(void), const char *invariant)
{
	bool classic = run_memblock(bug, scenario, false, invariant);

	return run_memblock(bug, scenario, true, invariant) && classic;
}

TEST(bite_memblock_merge_off_by_one)
{
	CHECK(run_memblock_both(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, scenario_boot, "memblock region size"));
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
	CHECK(run_memblock_both(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, scenario_many_reservations, "memblock region missing"));
}

TEST(bite_memblock_remove_keeps_tail)
{
	/* the kept page touches the upper half with equal attributes */
	CHECK(run_memblock_both(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL, scenario_remove_hole, "memblock regions merged"));
}

TEST(bite_memblock_total_size)
{
	CHECK(run_memblock_both(MM_BUG_MEMBLOCK_TOTAL_SIZE, scenario_remove_hole, "memblock total_size"));
}

TEST(bite_memblock_mirror_unguarded)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_MIRROR_UNGUARDED, scenario_mirror_unasked, false,
			   "memblock region flags"));
}

TEST(bite_memblock_panic_not_sticky)
{
	CHECK(run_memblock(MM_BUG_MEMBLOCK_PANIC_NOT_STICKY, scenario_panic_then_more, false,
			   "memblock stopped after a panic"));
}

TEST(bite_memblock_bottom_up_sticky)
{
	CHECK(run_memblock_both(MM_BUG_MEMBLOCK_BOTTOM_UP_STICKY, scenario_bottom_up_then_top_down, "memblock mode"));
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

/*
 * Parse the blob of `size` bytes in blob[] with the bug on, then off; an
 * accepted blob also goes through the memory stage.  Off, the blob must be
 * accepted (refused when `refuse`) without a report.
 */
static bool run_fdt_blob(enum mm_bug bug, size_t size, bool refuse, const char *invariant)
{
	struct dt_info *info = calloc(1, sizeof(*info));
	bool ok = true;

	for (int on = 1; on >= 0; on--) {
		const char *why = NULL;
		int ret;

		start_recording();
		mm_bug_set(bug, on);
		ret = dt_parse(blob, size, info, &why);
		mm_bug_set(bug, false);
		fdt_check_parse(blob, size, ret, info, why);
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
		if (!on && ((ret != 0) != refuse || nr_msgs)) {
			fprintf(stderr, "  %s off: ret %d, %s\n", mm_bug_name(bug), ret, first_msg);
			ok = false;
		}
	}
	memblock_destroy(&mb);
	free(info);
	oracle_set_fail_handler(NULL);
	return ok;
}

static bool run_fdt(enum mm_bug bug, const char *invariant)
{
	return run_fdt_blob(bug, board_with_usable_memory_and_memreserve(), false, invariant);
}

TEST(bite_fdt_ignore_usable_memory)
{
	CHECK(run_fdt(MM_BUG_FDT_IGNORE_USABLE_MEMORY, "fdt memory range size"));
}

TEST(bite_fdt_memrsv_skip_first)
{
	CHECK(run_fdt(MM_BUG_FDT_MEMRSV_SKIP_FIRST, "fdt memrsv count"));
}

/* A board with one memory node of `reg_len` bytes of reg; /chosen holds `prop` (when not NULL). */
static size_t board_with(const fdt32_t *reg, int reg_len, const char *prop, const void *value,
			 int len)
{
	void *fdt = blob;

	fdt_create(fdt, sizeof(blob));
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", 1);
	fdt_property_u32(fdt, "#size-cells", 1);
	if (prop) {
		fdt_begin_node(fdt, "chosen");
		fdt_property(fdt, prop, value, len);
		fdt_end_node(fdt);
	}
	fdt_begin_node(fdt, "memory@40000000");
	fdt_property_string(fdt, "device_type", "memory");
	fdt_property(fdt, "reg", reg, reg_len);
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt_totalsize(fdt);
}

static size_t board_with_chosen_prop(const char *prop, const void *value, int len)
{
	const fdt32_t bank[] = { cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x20000000) };

	return board_with(bank, sizeof(bank), prop, value, len);
}

TEST(bite_fdt_usable_range_wrong_code)
{
	const fdt32_t ragged[] = { cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x10000000),
				   cpu_to_fdt32(0x1000) };

	CHECK(run_fdt_blob(MM_BUG_FDT_USABLE_RANGE_WRONG_CODE,
			   board_with_chosen_prop("linux,usable-memory-range", ragged, sizeof(ragged)),
			   true, "fdt refusal code"));
}

TEST(bite_fdt_refusal_without_reason)
{
	CHECK(run_fdt_blob(MM_BUG_FDT_REFUSAL_WITHOUT_REASON,
			   board_with_chosen_prop("bootargs", "console=ttyS0", 13), true,
			   "fdt refusal reason"));
}

/*
 * Two banks, the zImage loaded into the upper one: the decompressor keeps
 * its PC-derived PHYS_OFFSET 0x80000000 rather than the lowest bank's.
 */
TEST(bite_fdt_guess_ignores_load_address)
{
	const fdt32_t reg[] = { cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x10000000),
				cpu_to_fdt32(0x80000000), cpu_to_fdt32(0x20000000) };
	struct mm_boot_config cfg = { .load_addr = 0x80008000 };
	enum mm_bug bug = MM_BUG_FDT_GUESS_IGNORES_LOAD_ADDRESS;
	size_t size = board_with(reg, sizeof(reg), NULL, NULL, 0);
	const char *why;

	for (int on = 1; on >= 0; on--) {
		start_recording();
		mm_bug_set(bug, on);
		CHECK_EQ(harness_boot_dt(blob, size, &cfg, &why), 0);
		mm_bug_set(bug, false);
		if (on)
			CHECK(nr_msgs && strstr(first_msg, "PHYS_OFFSET"));
		else
			CHECK_EQ(nr_msgs, 0);
		if (!on && nr_msgs)
			fprintf(stderr, "  off: %s\n", first_msg);
	}
	oracle_set_fail_handler(NULL);
}

TEST(every_layer_bug_has_a_bite_test)
{
	/* A new memblock-/fdt- bug in mm/sim/bugs.h must get a scenario above. */
	static const enum mm_bug covered[] = {
		MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST,
		MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE, MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL,
		MM_BUG_MEMBLOCK_TOTAL_SIZE, MM_BUG_MEMBLOCK_MIRROR_UNGUARDED,
		MM_BUG_MEMBLOCK_PANIC_NOT_STICKY, MM_BUG_MEMBLOCK_BOTTOM_UP_STICKY,
		MM_BUG_FDT_IGNORE_USABLE_MEMORY,
		MM_BUG_FDT_MEMRSV_SKIP_FIRST, MM_BUG_FDT_USABLE_RANGE_WRONG_CODE,
		MM_BUG_FDT_REFUSAL_WITHOUT_REASON, MM_BUG_FDT_GUESS_IGNORES_LOAD_ADDRESS,
	};

	bites_cover("memblock-", covered, sizeof(covered) / sizeof(covered[0]));
	bites_cover("fdt-", covered, sizeof(covered) / sizeof(covered[0]));
}

TEST_MAIN()
