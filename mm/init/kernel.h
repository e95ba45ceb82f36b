/*
 * The booted kernel, memory side (Linux v6.1 init/main.c start_kernel's
 * memory steps, from setup_arch to /init).  Holds every layer's state:
 *
 *   setup_arch (mm/arm/setup.c) → bootmem_init: find_limits,
 *   zone_sizes_init → free_area_init (zones, memmap, usemaps, memmap_init)
 *   → request_standard_resources, unflatten_device_tree
 *   → setup_command_line, setup_per_cpu_areas → build_all_zonelists
 *   → vfs_caches_init_early → mem_init: swiotlb (LPAE), memblock_free_all,
 *   free_highpages → kmem_cache_init (SLUB, mm/slab.h) → initcalls: CMA activation,
 *   init_per_zone_wmark_min, THP bump, free_initrd_mem → free_initmem
 */
#ifndef MM_KERNEL_H
#define MM_KERNEL_H

#include "alloc_large_system_hash.h"
#include "cma.h"
#include "gfp.h"
#include "highmem.h"
#include "memory_model.h"
#include "mm_profile.h"
#include "mmzone.h"
#include "page_alloc.h"
#include "percpu.h"
#include "setup.h"
#include "slab.h"
#include "swiotlb.h"

struct boot_mem;

/* How far mm_kernel_boot() goes: to /init unless told to stop earlier. */
enum boot_stop {
	BOOT_TO_INIT,		/* the initcalls, free_initrd_mem, free_initmem: what /init sees */
	BOOT_TO_MEM_INIT,	/* start_kernel up to mem_init's "Memory:" line and the pagesets */
	BOOT_TO_SETUP_ARCH,	/* the end of setup_arch: zones sized, device tree unflattened */
};

struct kernel_config {
	struct setup_config setup;
	const struct mm_profile *profile;
	enum memory_model model;
	unsigned long min_free_kbytes;		/* 0: computed as init_per_zone_wmark_min does */
	uint64_t kernelcore, movablecore;	/* bytes; 0 = not given (no ZONE_MOVABLE) */
	unsigned int nr_cpus;		/* nr_cpu_ids = online CPUs, 1..NR_CPUS, as DT cpu nodes would give; 0: the profile's */
	enum boot_stop stop_at;
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
	unsigned int nr_cpus;
	bool page_group_by_mobility_disabled;
	struct hash_pages hash_pages;	/* nr_kernel_pages, nr_all_pages */
	struct pcpu_first_chunk pcpu;
	struct io_tlb_mem io_tlb;
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
 * Boot to cfg->stop_at (by default the state /init sees).  Returns 0, a
 * negative MM_EDTB_* / MM_EINPUT code for refused input, or -MM_EPANIC.
 * The observable result must equal a plain full boot whatever caching or
 * deferral the implementation uses.
 */
int mm_kernel_boot(struct mm_kernel *k, const void *fdt, size_t size, const struct kernel_config *cfg);

#endif
