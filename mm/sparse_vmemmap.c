/*
 * SPARSEMEM_VMEMMAP population (Linux v6.1 mm/sparse-vmemmap.c
 * vmemmap_populate_basepages, vmemmap_populate_range,
 * vmemmap_populate_address, vmemmap_pmd_populate, vmemmap_pte_populate,
 * vmemmap_alloc_block, vmemmap_alloc_block_zero, vmemmap_alloc_block_buf,
 * __earlyonly_bootmem_alloc; mm/sparse.c sparse_buffer_alloc).
 *
 * ARM32 offers no VMEMMAP, so the window is the model's choice: the top of
 * the vmalloc area, ending at VMALLOC_END or below the lowest early static
 * vm area inside the vmalloc area, 2 MiB (PMD) aligned, just large enough
 * for the sections from the first to the last present one (36 B per pfn);
 * vmemmap = window start - first section's pfn * 36.  A window that would
 * reach below VMALLOC_START is refused (-MM_EINPUT).  Pages are mapped with
 * base-page PTEs of MT_MEMORY_RW's protection (PAGE_KERNEL's memory type),
 * PTE tables and backing pages taken from memblock as the generic code
 * does; the window is not entered in the static vm list.
 */
#include "boot_mem.h"
#include "mm_errno.h"
#include "pgtable.h"
#include "printk.h"

#define PMD_BYTES 0x200000u

int vmemmap_choose_window(struct memmap *mm, struct mm_mmu *mmu, unsigned long first_section,
			  unsigned long last_section)
{
	const struct arm_layout *l = mm->layout;
	uint64_t bytes = (uint64_t)(last_section - first_section + 1) * PAGES_PER_SECTION *
			 mm->profile->struct_page_size;
	uint64_t size = MM_ALIGN_UP(bytes, PMD_BYTES);
	uint64_t end = l->vmalloc_end;

	for (int i = 0; i < mmu->nr_static_vm; i++) {
		uint32_t a = mmu->static_vm[i].addr;

		if (a >= l->vmalloc_start && a < end)
			end = a;
	}
	end &= ~(uint64_t)(PMD_BYTES - 1);
	if (size > end || end - size < l->vmalloc_start) {
		mm_printk(mmu->log, "model: vmemmap window of %llu bytes does not fit in the vmalloc area\n",
			  (unsigned long long)size);
		return -MM_EINPUT;
	}
	mm->vmemmap_base = (uint32_t)(end - size) -
			   (uint32_t)(first_section << PFN_SECTION_SHIFT) * mm->profile->struct_page_size;
	return 0;
}

/*
 * vmemmap_alloc_block(): __earlyonly_bootmem_alloc(size, size, __pa(MAX_DMA_ADDRESS)),
 * whose goal is an unsigned long: LPAE's __pa above 4 GiB is cut to 32 bits.
 */
static phys_addr_t vmemmap_alloc_block(struct memmap *mm, struct memblock *mb, phys_addr_t size)
{
	return sparse_memmap_alloc(mb, size, size, (uint32_t)sparse_max_dma_pa_min(mm->layout), false);
}

/* vmemmap_alloc_block_buf(): the sparse buffer first. */
static phys_addr_t vmemmap_alloc_block_buf(struct memmap *mm, struct memblock *mb, uint32_t *buf,
					   uint32_t buf_end)
{
	const struct arm_layout *l = mm->layout;

	if (buf && *buf) {
		uint64_t ptr = MM_ALIGN_UP((uint64_t)*buf, PAGE_SIZE);

		if (ptr + PAGE_SIZE <= buf_end) {
			if (ptr > *buf)
				memblock_phys_free(mb, layout_va_to_pa(l, *buf), ptr - *buf);
			*buf = (uint32_t)(ptr + PAGE_SIZE);
			return layout_va_to_pa(l, (uint32_t)ptr);
		}
	}
	return vmemmap_alloc_block(mm, mb, PAGE_SIZE);
}

static bool pte_none(const struct mm_mmu *mmu, phys_addr_t ptep)
{
	if (mmu->format == PGTABLE_LPAE)
		return phys_read64(mmu->pm, ptep) == 0;
	return phys_read32(mmu->pm, ptep) == 0;
}

static int vmemmap_fail(struct mm_mmu *mmu)
{
	mm_printk(mmu->log, "sparse_init_nid: node[0] memory map backing failed. Some memory will not be available.");
	mm_printk(mmu->log, "Kernel panic - not syncing: model: sections without a memmap (memmap_init would fault)\n");
	return -MM_EPANIC;
}

int vmemmap_populate_section(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu,
			     unsigned long nr, uint32_t *buf, uint32_t buf_end)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	const struct mem_type_desc *type = mem_type_get(mmu->format, MT_MEMORY_RW);
	uint32_t sp = mm->profile->struct_page_size;
	uint32_t start = mm->vmemmap_base + (uint32_t)(nr << PFN_SECTION_SHIFT) * sp;
	uint32_t end = start + (uint32_t)PAGES_PER_SECTION * sp;

	for (uint32_t addr = start; addr != end; addr += (uint32_t)PAGE_SIZE) {
		phys_addr_t pmdp = ops->pmd_off_k(mmu, addr), ptep, pa;

		if (ops->pmd_none(mmu, pmdp)) {
			pa = vmemmap_alloc_block(mm, mb, PAGE_SIZE);
			if (!pa)
				return vmemmap_fail(mmu);
			phys_zero(mmu->pm, pa, PAGE_SIZE);
			if (ops->pmd_populate(mmu, pmdp, pa, ops->kernel_table_prot) < 0)
				return -MM_EPANIC;
		} else if (ops->pmd_bad(mmu, pmdp)) {
			mm_printk(mmu->log, "Kernel panic - not syncing: model: vmemmap window over a section mapping\n");
			return -MM_EPANIC;
		}
		ptep = ops->pte_offset(mmu, pmdp, addr);
		if (!pte_none(mmu, ptep))
			continue;
		pa = vmemmap_alloc_block_buf(mm, mb, buf, buf_end);
		if (!pa)
			return vmemmap_fail(mmu);
		if (ops->set_pte_ext(mmu, ptep, pa | type->prot_pte, 0) < 0)
			return -MM_EPANIC;
	}
	return 0;
}
