/*
 * The default software IO TLB (Linux v6.1 kernel/dma/swiotlb.c
 * swiotlb_init_remap, swiotlb_adjust_nareas, round_up_default_nslabs,
 * limit_nareas, swiotlb_memblock_alloc, swiotlb_print_info), as ARM's
 * mem_init() sets it up on LPAE builds when RAM ends above 4 GiB.  Only
 * the memblock allocations and the printed lines are modelled; the
 * swiotlb= parameter is not.
 */
#ifndef MM_SWIOTLB_H
#define MM_SWIOTLB_H

#include "memblock.h"

struct io_tlb_mem {
	phys_addr_t start, end;		/* the bounce buffer; 0, 0 when none */
	unsigned long nslabs;
};

/*
 * swiotlb_init(addressing_limit, SWIOTLB_VERBOSE) for nr_cpus possible
 * CPUs.  Failures are warnings, as in the kernel: the buffer is then absent
 * or not set up.
 */
void swiotlb_init(struct memblock *mb, bool addressing_limit, unsigned int nr_cpus,
		  struct io_tlb_mem *mem);

#endif
