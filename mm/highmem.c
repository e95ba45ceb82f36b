/*
 * Highmem mappings (Linux v6.1 mm/highmem.c kmap_high, map_new_virtual,
 * flush_all_zero_pkmaps, kunmap_high, page_address, __kmap_local_pfn_prot,
 * __kmap_local_page_prot, kunmap_local_indexed, kmap_local_idx_push/pop;
 * include/linux/highmem-internal.h kmap, kunmap; arch/arm/include/asm
 * highmem.h, fixmap.h).  PTEs are written with the kernel's kmap_prot
 * (PAGE_KERNEL, i.e. MT_MEMORY_RW's PTE bits) through pgtable.h into the
 * pkmap table (mmu.pkmap_pte_phys) and the fixmap table.
 *
 * One CPU (cpu 0's fixmap slots) and no sleeping: where kmap_high would
 * wait for a slot, kmap fails with -MM_EBUSY.  The kernel's BUG()s
 * (kunmap of an unmapped page, a 17th nested kmap_local, kunmap_local
 * with none outstanding) are logged and
 * refused with -MM_EPANIC / no change; its WARN_ON_ONCEs in
 * kunmap_local_indexed are logged and the unmap proceeds as the kernel's
 * does.  ARMv7 caches are VIPT, so kmap_local never reuses a pkmap slot
 * (arch_kmap_local_high_get is NULL).
 */
#include "highmem.h"

#include "kernel.h"
#include "mm_errno.h"
#include "page_alloc_internal.h"
#include "pgtable.h"
#include "printk.h"

#define NR_CPUS 8
#define FIX_KMAP_BEGIN 1	/* after FIX_EARLYCON_MEM_BASE */
#define FIX_KMAP_END (FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1)

static uint32_t fix_to_virt(const struct mm_kernel *k, unsigned int idx)
{
	return k->setup->layout.fixaddr_top - (idx << PAGE_SHIFT);
}

static uint32_t pkmap_addr(const struct mm_kernel *k, unsigned int nr)
{
	return k->setup->layout.pkmap_base + (nr << PAGE_SHIFT);
}

/* set_pte_at / pte_clear on a kernel address (ext 0). */
static int set_kernel_pte(struct mm_kernel *k, uint32_t va, unsigned long pfn, bool present)
{
	struct mm_mmu *mmu = &k->setup->mmu;
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	phys_addr_t ptep = ops->pte_offset(mmu, ops->pmd_off_k(mmu, va), va);
	uint64_t pte = present ? PFN_PHYS(pfn) | mem_type_get(mmu->format, MT_MEMORY_RW)->prot_pte : 0;

	return ops->set_pte_ext(mmu, ptep, pte, 0);
}

static int pkmap_slot_of(const struct mm_kernel *k, unsigned long pfn)
{
	for (int i = 0; i < LAST_PKMAP; i++)
		if (k->kmap.pkmap_count[i] > 0 && k->kmap.pkmap_page_pfn[i] == pfn)
			return i;
	return -1;
}

uint32_t page_address(const struct mm_kernel *k, const struct page *page)
{
	unsigned long pfn = page_pfn(k, page);
	int slot;

	if (!page_is_highmem(k, page))
		return layout_pa_to_va(&k->setup->layout, PFN_PHYS(pfn));
	slot = pkmap_slot_of(k, pfn);
	return slot < 0 ? 0 : pkmap_addr(k, (unsigned int)slot);
}

/* Unmap every slot nobody holds any more (count 1) before the search wraps. */
static void flush_all_zero_pkmaps(struct mm_kernel *k)
{
	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (k->kmap.pkmap_count[i] != 1)
			continue;
		k->kmap.pkmap_count[i] = 0;
		set_kernel_pte(k, pkmap_addr(k, i), 0, false);
	}
}

static uint32_t map_new_virtual(struct mm_kernel *k, unsigned long pfn)
{
	struct kmap_state *ks = &k->kmap;
	int count = LAST_PKMAP;

	for (;;) {
		ks->last_pkmap_nr = (ks->last_pkmap_nr + 1) & (LAST_PKMAP - 1);
		if (!ks->last_pkmap_nr) {
			flush_all_zero_pkmaps(k);
			count = LAST_PKMAP;
		}
		if (!ks->pkmap_count[ks->last_pkmap_nr])
			break;
		if (--count)
			continue;
		return 0;	/* the kernel would sleep until a kunmap */
	}
	set_kernel_pte(k, pkmap_addr(k, ks->last_pkmap_nr), pfn, true);
	ks->pkmap_count[ks->last_pkmap_nr] = 1;
	ks->pkmap_page_pfn[ks->last_pkmap_nr] = pfn;
	return pkmap_addr(k, ks->last_pkmap_nr);
}

uint32_t kmap(struct mm_kernel *k, struct page *page, int *err)
{
	uint32_t vaddr;

	*err = 0;
	if (!page_is_highmem(k, page))
		return page_address(k, page);
	if (!k->setup->mmu.pkmap_pte_phys) {
		*err = -MM_EINVAL;
		return 0;
	}
	vaddr = page_address(k, page);
	if (!vaddr)
		vaddr = map_new_virtual(k, page_pfn(k, page));
	if (!vaddr) {
		*err = -MM_EBUSY;
		return 0;
	}
	k->kmap.pkmap_count[(vaddr - k->setup->layout.pkmap_base) >> PAGE_SHIFT]++;
	return vaddr;
}

void kunmap(struct mm_kernel *k, struct page *page)
{
	uint32_t vaddr;
	int *count;

	if (!page_is_highmem(k, page))
		return;
	vaddr = page_address(k, page);
	count = vaddr ? &k->kmap.pkmap_count[(vaddr - k->setup->layout.pkmap_base) >> PAGE_SHIFT] : NULL;
	/* BUG_ON(!vaddr) and the count-reaching-0 BUG(). */
	if (!count || *count <= 1) {
		mm_printk(k->log, "kernel BUG at mm/highmem.c: kunmap_high: pfn %#lx not kmapped\n", page_pfn(k, page));
		return;
	}
	--*count;
}

uint32_t kmap_local_page(struct mm_kernel *k, struct page *page, int *err)
{
	struct kmap_state *ks = &k->kmap;
	unsigned long pfn = page_pfn(k, page);
	uint32_t vaddr;

	*err = 0;
	if (!page_is_highmem(k, page))
		return page_address(k, page);
	if (ks->nr_local >= KM_MAX_IDX) {
		mm_printk(k->log, "kernel BUG at mm/highmem.c: kmap_local_idx_push: nesting deeper than %d\n",
			  KM_MAX_IDX);
		*err = -MM_EPANIC;
		return 0;
	}
	vaddr = fix_to_virt(k, FIX_KMAP_BEGIN + ks->nr_local);
	set_kernel_pte(k, vaddr, pfn, true);
	ks->local_pfn[ks->nr_local++] = pfn;
	return vaddr;
}

void kunmap_local(struct mm_kernel *k, uint32_t vaddr)
{
	struct kmap_state *ks = &k->kmap;
	uint32_t addr = vaddr & (uint32_t)PAGE_MASK;

	/* Not a kmap_local slot: a lowmem address needs nothing (a user address only warns). */
	if (addr < fix_to_virt(k, FIX_KMAP_END) || addr > fix_to_virt(k, FIX_KMAP_BEGIN))
		return;
	if (!ks->nr_local) {
		mm_printk(k->log, "kernel BUG at mm/highmem.c: kmap_local_idx_pop: no kmap_local to undo\n");
		return;
	}
	if (addr != fix_to_virt(k, FIX_KMAP_BEGIN + ks->nr_local - 1))
		mm_printk(k->log, "WARNING: kunmap_local_indexed: unmap out of stack order\n");
	set_kernel_pte(k, addr, 0, false);
	ks->local_pfn[--ks->nr_local] = 0;
}
