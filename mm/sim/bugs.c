/* See bugs.h: the switch board for deliberate bugs (model-only, no kernel counterpart). */
#include "bugs.h"

#include <string.h>

unsigned long long mm_bugs_enabled;

static const char *const bug_names[MM_BUG_NR] = {
	[MM_BUG_NONE] = "none",
	[MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE] = "memblock-merge-off-by-one",
	[MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST] = "memblock-topdown-skip-last",
	[MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE] = "memblock-double-no-reserve",
	[MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL] = "memblock-remove-keeps-tail",
	[MM_BUG_MEMBLOCK_TOTAL_SIZE] = "memblock-total-size",
	[MM_BUG_MEMBLOCK_MIRROR_UNGUARDED] = "memblock-mirror-unguarded",
	[MM_BUG_MEMBLOCK_PANIC_NOT_STICKY] = "memblock-panic-not-sticky",
	[MM_BUG_MEMBLOCK_BOTTOM_UP_STICKY] = "memblock-bottom-up-sticky",
	[MM_BUG_FDT_IGNORE_USABLE_MEMORY] = "fdt-ignore-usable-memory",
	[MM_BUG_FDT_MEMRSV_SKIP_FIRST] = "fdt-memrsv-skip-first",
	[MM_BUG_FDT_USABLE_RANGE_WRONG_CODE] = "fdt-usable-range-wrong-code",
	[MM_BUG_FDT_REFUSAL_WITHOUT_REASON] = "fdt-refusal-without-reason",
	[MM_BUG_FDT_GUESS_IGNORES_LOAD_ADDRESS] = "fdt-guess-ignores-load-address",
	[MM_BUG_PGD_WRONG_HALF] = "pgd-wrong-half",
	[MM_BUG_LPAE_SPLIT_LOSES_TAIL] = "lpae-split-loses-tail",
	[MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION] = "lowmem-limit-off-by-section",
	[MM_BUG_MERGE_ACROSS_ZONE] = "merge-across-zone",
	[MM_BUG_BUDDY_WRONG_ORDER] = "buddy-wrong-order",
	[MM_BUG_STEAL_KEEPS_TYPE] = "steal-keeps-type",
	[MM_BUG_NR_FREE_DRIFT] = "nr-free-drift",
	[MM_BUG_HOLE_COUNTED_PRESENT] = "hole-counted-present",
	[MM_BUG_SECTION_ROOT_INDEX] = "section-root-index",
	[MM_BUG_FREE_ALL_WRONG_ORDER] = "free-all-wrong-order",
	[MM_BUG_RESERVE_END_NO_WRAP] = "reserve-end-no-wrap",
	[MM_BUG_MEM_MAP_NOT_MOVED_BACK] = "mem-map-not-moved-back",
	[MM_BUG_USEMAP_SIZE_NO_OFFSET] = "usemap-size-no-offset",
	[MM_BUG_SPARSE_BUFFER_NO_ROUNDUP] = "sparse-buffer-no-roundup",
	[MM_BUG_FREE_UNUSED_MEMMAP_SKIPPED] = "free-unused-memmap-skipped",
	[MM_BUG_MOVABLE_PFN_UNALIGNED] = "movable-pfn-unaligned",
	[MM_BUG_MEMMAP_INIT_SHORT] = "memmap-init-short",
	[MM_BUG_MOBILITY_THRESHOLD] = "mobility-threshold",
	[MM_BUG_STEAL_RANGE_FIRST_ONLY] = "steal-range-first-only",
	[MM_BUG_HIGHMEM_MIN_UNCLAMPED] = "highmem-min-unclamped",
	[MM_BUG_LOWMEM_RESERVE_RATIO] = "lowmem-reserve-ratio",
	[MM_BUG_TOTALHIGH_MISSES_CMA] = "totalhigh-misses-cma",
	[MM_BUG_MEMORY_LINE_RESERVED] = "memory-line-reserved",
	[MM_BUG_FALLBACK_SMALLEST_FIRST] = "fallback-smallest-first",
	[MM_BUG_SECTION_USAGE_SHARED] = "section-usage-shared",
	[MM_BUG_SPARSE_USEMAP_ALIAS] = "sparse-usemap-alias",
	[MM_BUG_SLUB_FREELIST_PAST_OBJECT] = "slub-freelist-past-object",
	[MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE] = "slub-size-class-off-by-one",
	[MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE] = "slub-cpu-partial-unfreeze-twice",
	[MM_BUG_SLUB_REDZONE_SHORT] = "slub-redzone-short",
	[MM_BUG_SLUB_HARDENED_WRONG_ADDR] = "slub-hardened-wrong-addr",
};

void mm_bug_set(enum mm_bug bug, bool on)
{
	if (bug <= MM_BUG_NONE || bug >= MM_BUG_NR)
		return;
	if (on)
		mm_bugs_enabled |= 1ULL << bug;
	else
		mm_bugs_enabled &= ~(1ULL << bug);
}

enum mm_bug mm_bug_from_name(const char *name)
{
	for (int i = 1; i < MM_BUG_NR; i++)
		if (bug_names[i] && strcmp(bug_names[i], name) == 0)
			return (enum mm_bug)i;
	return MM_BUG_NONE;
}

const char *mm_bug_name(enum mm_bug bug)
{
	if (bug < 0 || bug >= MM_BUG_NR || !bug_names[bug])
		return "?";
	return bug_names[bug];
}
