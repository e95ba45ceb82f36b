/*
 * The booted kernel, memory side (Linux v6.1 init/main.c start_kernel's
 * memory steps: setup_arch, build_all_zonelists, mm_init → mem_init,
 * then the initcalls that touch memory).  Holds every layer's state:
 *
 *   setup_arch (mm/setup.c) → bootmem_init: find_limits, zone_sizes_init
 *   → free_area_init (zones, memmap, usemaps, memmap_init)
 *   → build_all_zonelists → mem_init: memblock_free_all, free_highpages
 *   → kmem_cache_init (SLUB, mm/slab.h)
 *   → initcalls: CMA activation, init_per_zone_wmark_min, THP bump
 */
#ifndef MM_KERNEL_H
#define MM_KERNEL_H

#include "cma.h"
#include "gfp.h"
#include "highmem.h"
#include "memory_model.h"
#include "mm_profile.h"
#include "mmzone.h"
#include "page_alloc.h"
#include "setup.h"
#include "slab.h"

struct boot_mem;

struct kernel_config {
	struct setup_config setup;
	const struct mm_profile *profile;
	enum memory_model model;
	unsigned long min_free_kbytes;		/* 0: computed as init_per_zone_wmark_min does */
	uint64_t kernelcore, movablecore;	/* bytes; 0 = not given (no ZONE_MOVABLE) */
	bool eager_memmap;		/* model: write every struct page at boot (reference for the deferred init) */
	bool reference_free_highpages;	/* model: free_highpages one page at a time (reference for the fast path) */
	/* optional caller's veto after setup_arch: a reason ends the boot, -MM_EINPUT with setup->why */
	const char *(*vet_setup)(const struct mm_setup *s);
	/* optional observers (the oracle's): memblock's for the whole boot, the mmu's for paging_init */
	struct setup_observers observers;
	/*
	 * model, for the cross-model differential: ranges memblock_free_all()
	 * reserves once free_unused_memmap() is done, before memory goes to the
	 * buddy allocator (every model's memmap reserved in each, so that all
	 * of them free the same pages).  Not in v6.1.
	 */
	const struct memblock_region *extra_reserved;
	unsigned long nr_extra_reserved;
	unsigned int nr_cpus;		/* nr_cpu_ids, 1..NR_CPUS (0: 1), as DT cpu nodes would give */
	uint64_t random_seed;		/* model: seeds get_random_long() (SLUB's freelist keys and shuffles) */
	struct page_alloc_observer page_observer;	/* optional: pages the model takes for itself */
};

struct mm_kernel {
	struct kernel_config cfg;
	unsigned long nr_boots;		/* mm_kernel_boot calls so far (observers tell boots apart) */
	const struct mm_profile *profile;
	struct mm_setup *setup;
	struct memmap memmap;
	struct pglist_data node;
	unsigned long max_zone_pfn[MAX_NR_ZONES];
	unsigned long totalram_pages, totalhigh_pages, totalcma_pages;
	unsigned long min_free_kbytes;
	bool page_group_by_mobility_disabled;
	int nr_cma;
	struct cma cma[8];
	struct kmap_state kmap;
	struct slub slub;
	struct mm_log *log;		/* the setup's log */
	struct boot_mem *bm;		/* model: what boot wrote into the memmap (mm/boot_mem.h) */
};

/* is_highmem_idx(): HighMem, or Movable carved out of highmem (movable_zone == ZONE_HIGHMEM). */
bool zone_is_highmem_idx(const struct mm_kernel *k, int zone);

struct mm_kernel *mm_kernel_new(void);
void mm_kernel_free(struct mm_kernel *k);
/* mm_setup_release() plus the memory map's chunks: see there. */
void mm_kernel_release(struct mm_kernel *k);

/*
 * Boot to the state after the memory initcalls.  Returns 0, a negative
 * MM_EDTB_* / MM_EINPUT code for refused input, or -MM_EPANIC.  The
 * observable result must equal a plain full boot whatever caching or
 * deferral the implementation uses.
 */
int mm_kernel_boot(struct mm_kernel *k, const void *fdt, size_t size, const struct kernel_config *cfg);

#endif
