/*
 * See swiotlb.h.  64 MiB of 2 KiB slabs by default, one area per possible
 * CPU rounded up to a power of two, allocated from low memory (below
 * 4 GiB); the slot array and the area array follow from memblock.
 */
#include "swiotlb.h"

#define IO_TLB_SHIFT 11
#define IO_TLB_SEGSIZE 128
#define IO_TLB_DEFAULT_SIZE (64UL << 20)
#define IO_TLB_MIN_SLABS ((1UL << 20) >> IO_TLB_SHIFT)
#define IO_TLB_SLOT_SIZE 16	/* struct io_tlb_slot: phys_addr_t, size_t, unsigned int */
#define IO_TLB_AREA_SIZE 12	/* struct io_tlb_area: unsigned long, unsigned int, spinlock_t */

static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static unsigned int limit_nareas(unsigned int nareas, unsigned long nslots)
{
	return nslots < (unsigned long)nareas * IO_TLB_SEGSIZE ? (unsigned int)(nslots / IO_TLB_SEGSIZE)
							       : nareas;
}

void swiotlb_init(struct memblock *mb, bool addressing_limit, unsigned int nr_cpus,
		  struct io_tlb_mem *mem)
{
	unsigned long nslabs = IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT, default_nslabs;
	unsigned int default_nareas = (unsigned int)roundup_pow_of_two(nr_cpus ? nr_cpus : 1);
	unsigned int nareas = default_nareas;
	bool wide = mb->phys_max == PHYS_MAX_64;
	char b1[19], b2[19];
	phys_addr_t tlb, bytes;

	*mem = (struct io_tlb_mem){ 0 };
	if (!addressing_limit)
		return;
	/* swiotlb_adjust_nareas() */
	mm_printk(mb->log, "software IO TLB: area num %u.\n", default_nareas);
	if (nslabs < (unsigned long)IO_TLB_SEGSIZE * nareas) {
		nslabs = roundup_pow_of_two((unsigned long)IO_TLB_SEGSIZE * nareas);
		/* the kernel's format has no newline; the next record starts a line anyway */
		mm_printk(mb->log, "software IO TLB: SWIOTLB bounce buffer size roundup to %luMB\n",
			  (nslabs << IO_TLB_SHIFT) >> 20);
	}
	default_nslabs = nslabs;
	for (;;) {
		bytes = MM_ALIGN_UP((phys_addr_t)nslabs << IO_TLB_SHIFT, PAGE_SIZE);
		memblock_set_caller(mb, CS_SWIOTLB_TLB);
		tlb = memblock_alloc_low(mb, bytes, PAGE_SIZE);
		if (tlb)
			break;
		mm_printk(mb->log, "software IO TLB: swiotlb_memblock_alloc: Failed to allocate %llu bytes tlb structure\n",
			  (unsigned long long)bytes);
		if (nslabs <= IO_TLB_MIN_SLABS)
			return;
		nslabs = MM_ALIGN_UP(nslabs >> 1, IO_TLB_SEGSIZE);
		nareas = limit_nareas(nareas, nslabs);
	}
	if (default_nslabs != nslabs)
		mm_printk(mb->log, "software IO TLB: SWIOTLB bounce buffer size adjusted %lu -> %lu slabs\n",
			  default_nslabs, nslabs);
	bytes = MM_ALIGN_UP((phys_addr_t)nslabs * IO_TLB_SLOT_SIZE, PAGE_SIZE);
	memblock_set_caller(mb, CS_SWIOTLB_SLOTS);
	if (!memblock_alloc(mb, bytes, PAGE_SIZE)) {
		mm_printk(mb->log, "software IO TLB: swiotlb_init_remap: Failed to allocate %llu bytes align=0x%lx\n",
			  (unsigned long long)bytes, (unsigned long)PAGE_SIZE);
		return;
	}
	memblock_set_caller(mb, CS_SWIOTLB_AREAS);
	if (!memblock_alloc(mb, (phys_addr_t)IO_TLB_AREA_SIZE * default_nareas, SMP_CACHE_BYTES)) {
		mm_printk(mb->log, "software IO TLB: swiotlb_init_remap: Failed to allocate mem->areas.\n");
		return;
	}
	mem->start = tlb;
	mem->end = tlb + ((phys_addr_t)nslabs << IO_TLB_SHIFT);
	mem->nslabs = nslabs;
	mm_printk(mb->log, "software IO TLB: mapped [mem %s-%s] (%luMB)\n",
		  mm_fmt_pa(b1, mem->start, wide), mm_fmt_pa(b2, mem->end, wide),
		  (nslabs << IO_TLB_SHIFT) >> 20);
}
