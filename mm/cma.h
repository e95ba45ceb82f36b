/*
 * Contiguous memory areas after boot (Linux v6.1 include/linux/cma.h,
 * mm/cma.h struct cma): the areas the device tree and cma= declared,
 * activated by cma_init_reserved_areas() and served by cma_alloc().
 */
#ifndef MM_CMA_H
#define MM_CMA_H

#include <stdbool.h>

#include "mm_types.h"

struct mm_kernel;
struct page;

struct cma {
	phys_addr_t base;
	unsigned long count;		/* pages */
	unsigned long *bitmap;		/* one bit per page (order_per_bit 0) */
	char name[64];
};

/* cma_alloc()/cma_release() on area idx; no migration: busy ranges fail. */
struct page *cma_alloc(struct mm_kernel *k, int idx, unsigned long count, unsigned int align);
bool cma_release(struct mm_kernel *k, int idx, const struct page *pages, unsigned long count);

#endif
