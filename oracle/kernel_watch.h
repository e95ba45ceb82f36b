/*
 * What the oracle sees of one kernel boot (mm_kernel_boot), and what it
 * expects from it, recomputed from the inputs alone:
 *
 *  - while the model boots, the watch is memblock's observer (through the
 *    kernel configuration) and runs the memblock shadow and the layout
 *    watch on every operation; from bootmem_init's memblock_allow_resize()
 *    on it keeps memblock.memory as the shadow holds it (what zone sizing
 *    reads) and every later memblock operation;
 *  - PHYS_OFFSET is the oracle's own, from the blob and the configuration
 *    (fdt_naive_phys_offset);
 *  - kernel_watch_end() derives, from those and the configuration only,
 *    the node and zones (ZONE_MOVABLE from kernelcore=/movablecore=
 *    included), where each model's struct pages and usemaps live
 *    (memmap_check.h), the pageblock types boot leaves, the counts the
 *    hand-over and the initcalls produce (managed pages, totals, mobility
 *    grouping, min_free_kbytes, watermarks, lowmem_reserve; boot_check.h).
 *
 * The checks (page_check.h, buddy_check.h, memmap_check.h, boot_check.h)
 * compare the model's state with these expectations.
 */
#ifndef ORACLE_KERNEL_WATCH_H
#define ORACLE_KERNEL_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"

/* Zone and node geometry as free_area_init() must compute it. */
struct naive_zones {
	unsigned long node_start, node_end;		/* [first, last) whole-page pfn of memory */
	unsigned long low[MAX_NR_ZONES], high[MAX_NR_ZONES];	/* arch zone bounds (Movable: 0) */
	unsigned long max_zone_pfn[MAX_NR_ZONES];	/* Movable: its start pfn, 0 without it */
	unsigned long movable_pfn;			/* zone_movable_pfn, 0 = no ZONE_MOVABLE */
	enum zone_type movable_zone;			/* the zone ZONE_MOVABLE is carved from */
	unsigned long start[MAX_NR_ZONES], end[MAX_NR_ZONES];	/* zone span inside the node */
	unsigned long present[MAX_NR_ZONES];
};

/* One memblock operation from bootmem_init on, as observed. */
struct watched_op {
	enum memblock_op_kind kind;
	enum memblock_flags flags;
	phys_addr_t base, size, align, start, end, result;
	int ret;
	/*
	 * A reservation sparse_init may have made for a memory map it placed
	 * itself (a non-power-of-two alignment): where the shadow would have
	 * put it, from the state just before.
	 */
	phys_addr_t masked_candidate;
};

/* Counts boot and the initcalls must leave, per zone and in total (boot_check.h). */
struct naive_counts {
	unsigned long early_managed[MAX_NR_ZONES];	/* free_area_init_core: present - memmap */
	unsigned long total_pages;			/* build_all_zonelists' vm_total_pages */
	bool mobility_disabled;
	unsigned long handed_over[MAX_NR_ZONES];	/* freed by memblock_free_all + free_highpages */
	unsigned long handed_over_high;			/* the free_highpages part */
	unsigned long managed[MAX_NR_ZONES];		/* after the CMA initcall */
	unsigned long totalram, totalhigh, totalcma;
	unsigned long min_free_kbytes;
	unsigned long thp_raised_from;			/* the THP bump's old value, 0 when none */
	unsigned long wmark[MAX_NR_ZONES][NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES][MAX_NR_ZONES];
	bool cma_active[MM_ARRAY_SIZE(((struct mm_kernel *)0)->cma)];	/* per area: in one zone, so activated */
};

struct memblock_shadow;
struct layout_watch;

struct kernel_watch {
	/* kernel_watch_begin */
	const struct mm_kernel *k;
	struct kernel_config cfg;	/* the configuration as given */
	bool po_ok;			/* the oracle's PHYS_OFFSET rule lets the blob boot */
	uint64_t phys_offset;		/* the oracle's PHYS_OFFSET */
	/* observed while the model boots */
	struct memblock_shadow *shadow;
	struct layout_watch *layout;
	bool in_bootmem;		/* bootmem_init's memblock_allow_resize() was seen */
	struct memblock_region *memory;	/* memblock.memory at that moment, from the shadow */
	unsigned long nr_memory, cap_memory;
	struct watched_op *ops;		/* every memblock operation after it */
	unsigned long nr_ops, cap_ops;
	/* kernel_watch_end */
	bool ended;
	struct memblock_region *final[2];	/* the shadow's memory and reserved at the end of boot */
	unsigned long nr_final[2], cap_final[2];
	struct naive_zones zones;
	struct naive_counts counts;
	/* where the struct pages live (memmap_check.c) */
	uint32_t mem_map_virt;		/* FLATMEM: the struct page of pfn ARCH_PFN_OFFSET */
	unsigned long arch_pfn_offset;
	unsigned long map_start, map_end;	/* FLATMEM: pfns the memory map covers */
	uint32_t section_map[NR_MEM_SECTIONS];	/* SPARSEMEM: virt of the section's first page, 0 = none */
	uint32_t usage_virt[NR_MEM_SECTIONS];
	uint32_t vmemmap_base;		/* VMEMMAP: the model's window (its constraints are checked) */
};

struct kernel_watch *kernel_watch_new(void);
void kernel_watch_free(struct kernel_watch *w);

/*
 * Before mm_kernel_boot(k, fdt, size, cfg): start a watch of this boot and
 * hook the watch into cfg's observers (memblock's and the mmu's).
 */
void kernel_watch_begin(struct kernel_watch *w, const struct mm_kernel *k, struct kernel_config *cfg,
			const void *fdt, size_t size);
/*
 * After a boot that returned 0: the layout checks, then the expectations
 * above, checking on the way the memblock operations from bootmem_init on
 * (memmap_check_ops).  Cheap: O(memblock operations + sections + MAX_ORDER
 * blocks of free memory).
 */
void kernel_watch_end(struct kernel_watch *w);

/* Whole pages of the final memory regions in [start, end) (NOMAP included). */
unsigned long naive_present_pages(const struct kernel_watch *w, unsigned long start, unsigned long end);
/*
 * One past the last whole page of the final memory regions: past the node
 * span when the hotplug merge made whole a page zone sizing had split.
 */
unsigned long naive_present_end(const struct kernel_watch *w);
/* pfn_valid() as the model's memory model defines it (FLATMEM: ARM's pageblock rule; SPARSEMEM: a present section). */
bool naive_pfn_valid(const struct kernel_watch *w, unsigned long pfn);

/* The zone whose span holds pfn, or -1. */
int naive_zone_of(const struct naive_zones *z, unsigned long pfn);
/* is_highmem_idx() with the oracle's movable_zone. */
bool naive_highmem_zone(const struct kernel_watch *w, int zone);
/* Whole pages of the regions in [start, end). */
unsigned long naive_whole_pages(const struct memblock_region *regions, unsigned long nr,
				unsigned long start, unsigned long end);
/*
 * Pfns range i (0: the init sections, 1: the initrd) that v6.1 hands to the
 * buddy allocator at /init with free_reserved_area(), although
 * memblock.reserved keeps them; empty when the boot stopped earlier.
 */
void naive_boot_freed(const struct kernel_watch *w, int i, unsigned long *start, unsigned long *end);
/* __va / __pa with the oracle's PHYS_OFFSET and the split's PAGE_OFFSET. */
uint32_t naive_va(const struct kernel_watch *w, phys_addr_t pa);
phys_addr_t naive_pa(const struct kernel_watch *w, uint32_t va);

#endif
