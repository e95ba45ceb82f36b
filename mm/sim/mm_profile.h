/*
 * Build profiles: the Kconfig facts of a kernel build that change the page
 * allocator's behaviour, as named runtime presets (shared doc §0).  One
 * binary explores every profile and memory model.
 *
 *   debian-armmp       classic, MAX_ORDER 12, pageblock order 11, FLATMEM
 *   debian-armmp-lpae  LPAE,    MAX_ORDER 12, pageblock order 9,  FLATMEM, THP
 *   multi_v7           classic, MAX_ORDER 11, pageblock order 10 (upstream
 *                      multi_v7_defconfig-like: no ARCH_FORCE_MAX_ORDER)
 *
 * The memory model is chosen separately (enum memory_model) because the
 * model offers all of them on every profile for the cross-model
 * differential, although Debian builds FLATMEM only.
 */
#ifndef MM_PROFILE_H
#define MM_PROFILE_H

#include <stdbool.h>

#include "kernel_build.h"

#define MAX_ORDER_LIMIT 12	/* the largest MAX_ORDER any profile uses */

enum memory_model {
	MEMORY_MODEL_FLATMEM,
	MEMORY_MODEL_SPARSEMEM,		/* ARM32 static: 256 MiB sections, one per root */
	MEMORY_MODEL_SPARSEMEM_EXTREME,	/* generic EXTREME: roots allocated from memblock */
	MEMORY_MODEL_SPARSEMEM_VMEMMAP,	/* not offered by ARM32 Linux; the model has it */
	MEMORY_MODEL_NR
};

struct mm_profile {
	const char *name;
	bool lpae;
	unsigned int max_order;		/* orders 0 .. max_order-1 */
	unsigned int pageblock_order;
	unsigned int struct_page_size;	/* bytes the kernel's struct page takes (36) */
	unsigned int cma_size_mbytes;	/* CONFIG_CMA_SIZE_MBYTES */
	bool thp;			/* TRANSPARENT_HUGEPAGE (min_free_kbytes bump) */
	unsigned int nr_cpus;		/* online CPUs for pcp sizing */
	const struct kernel_build *build;	/* image sizes, per-CPU area, %pS offsets */
};

const struct mm_profile *mm_profile_find(const char *name);
const struct mm_profile *mm_profile_by_index(unsigned int i);	/* NULL past the end */
const char *memory_model_name(enum memory_model m);

#endif
