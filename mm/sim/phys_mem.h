/*
 * Simulated physical memory: a sparse set of 4 KiB host pages, created on
 * first write; untouched memory reads as zero.  No kernel counterpart (it
 * stands for the RAM itself).  Resetting costs in proportion to the pages
 * the last input touched, never to the simulated RAM size, so 4 GiB boards
 * and LPAE banks above 4 GiB are as cheap as 64 MiB ones.
 */
#ifndef MM_PHYS_MEM_H
#define MM_PHYS_MEM_H

#include "mm_types.h"

/* Model cap on distinct pages one input may touch (page tables, vectors, zero page...). */
#define PHYS_MEM_MAX_PAGES 16384

struct phys_mem;

struct phys_mem *phys_mem_new(void);
void phys_mem_free(struct phys_mem *pm);
/* Forget every page written since the last reset (host pages are kept for reuse). */
void phys_mem_reset(struct phys_mem *pm);

/* Number of pages currently materialised. */
size_t phys_mem_nr_pages(const struct phys_mem *pm);

/* The host page backing pfn, or NULL if untouched (and create is false, or the cap is hit). */
uint8_t *phys_mem_page(struct phys_mem *pm, uint64_t pfn, bool create);

uint32_t phys_read32(const struct phys_mem *pm, phys_addr_t pa);	/* little-endian, 4-aligned */
uint64_t phys_read64(const struct phys_mem *pm, phys_addr_t pa);	/* little-endian, 8-aligned */
/* Writes return 0, or -MM_ENOMEM when PHYS_MEM_MAX_PAGES would be exceeded. */
int phys_write32(struct phys_mem *pm, phys_addr_t pa, uint32_t v);
int phys_write64(struct phys_mem *pm, phys_addr_t pa, uint64_t v);
/*
 * Write zeros to [pa, pa + len) exactly as a run of writes would: pages are
 * materialised.  Returns 0 or -MM_ENOMEM (then nothing was written).
 */
int phys_write_zeros(struct phys_mem *pm, phys_addr_t pa, phys_addr_t len);
/* Zero a range: touched pages inside it are cleared (untouched stay absent). */
void phys_zero(struct phys_mem *pm, phys_addr_t pa, phys_addr_t size);

/* Call fn on every materialised page with pfn in [first_pfn, first_pfn + nr) (order unspecified). */
typedef void (*phys_page_fn)(uint8_t *page, uint64_t pfn, void *ctx);
void phys_mem_for_each_page(struct phys_mem *pm, uint64_t first_pfn, uint64_t nr, phys_page_fn fn, void *ctx);

/*
 * Called with each page as it is materialised (after it is zeroed), e.g.
 * to poison host memory standing for free simulated pages.  One hook;
 * NULL removes it, and so does phys_mem_reset(), which also unpoisons the
 * host pages it recycles.
 */
typedef void (*phys_new_page_fn)(void *ctx, uint64_t pfn, uint8_t *page);
void phys_mem_set_new_page_hook(struct phys_mem *pm, phys_new_page_fn fn, void *ctx);

/* Little-endian stores into a host page from phys_mem_page(), for runs of table entries. */
static inline void phys_put_le32(uint8_t *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__builtin_memcpy(p, &v, sizeof(v));	/* one store, one ASan check */
#else
	for (unsigned int b = 0; b < 4; b++)
		p[b] = (uint8_t)(v >> (8 * b));
#endif
}

static inline void phys_put_le64(uint8_t *p, uint64_t v)
{
	phys_put_le32(p, (uint32_t)v);
	phys_put_le32(p + 4, (uint32_t)(v >> 32));
}

#endif
