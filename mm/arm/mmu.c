/*
 * Kernel page tables (Linux v6.1 arch/arm/mm/mmu.c: paging_init up to
 * bootmem_init, prepare_page_table, map_lowmem, map_kernel,
 * early_fixmap_shutdown, devicemaps_init, fill_pmd_gaps, pci_reserve_io,
 * kmap_init, create_mapping, __create_mapping, alloc_init_pmd/pte,
 * arm_pte_alloc, early_alloc, iotable_init, vm_reserve_area_early;
 * arch/arm/mm/dma-mapping.c dma_contiguous_remap; arch/arm/mm/ioremap.c
 * add_static_vm_early; mm/vmalloc.c vm_area_add_early's overlap BUG).
 * The format-specific parts live behind pgtable.h.
 *
 * Departures:
 *  - head.S's tables are not replayed: swapper_pg_dir starts cleared (plus
 *    the LPAE pgd's four table entries), because every section head.S
 *    writes is overwritten (kernel image) or cleared (identity map, DTB,
 *    early fixmap) before paging_init returns.
 *  - Vector, static_vm and zero-page contents are not written (only zeroed,
 *    as memblock_alloc does).
 *  - Not modelled: earlycon's permanent fixmap entries (early_fixmap_shutdown
 *    remaps none), DEBUG_LL, TCM, XIP, KASAN (all off in Debian's armmp).
 *  - create_mapping refuses, with a "model: ..." reason, requests the
 *    kernel would loop on or corrupt memory with: an empty length, a range
 *    wrapping past 4 GiB, a type outside mem_types[].  map_desc.pfn and
 *    .length are truncated to the kernel's 32-bit unsigned long.
 *  - The static vm list is capped at MMU_MAX_STATIC_VM (-MM_ENOSPC).
 */
#include <stdio.h>
#include <string.h>

#include "bugs.h"
#include "mm_errno.h"
#include "pgtable.h"

#define VECTORS_BASE 0xffff0000u
#define FDT_FIXED_BASE 0xff800000u
#define PCI_IO_VIRT_BASE 0xfee00000u

static const char why_user[] =
	"BUG: not creating mapping for 0x%08llx at 0x%08lx in user region";
static const char why_pages[] =
	"BUG: map for 0x%08llx at 0x%08lx can not be mapped using pages, ignoring.";
static const char warn_vmalloc[] =
	"BUG: mapping for 0x%08llx at 0x%08lx out of vmalloc space";

static int panic_alloc(struct mm_mmu *mmu, const char *func, phys_addr_t size, phys_addr_t align)
{
	mm_printk(mmu->log, "Kernel panic - not syncing: %s: Failed to allocate %llu bytes align=0x%llx\n",
		  func, (unsigned long long)size, (unsigned long long)align);
	return -MM_EPANIC;
}

/* memblock_alloc() clears what it hands out; the tables rely on it. */
static int early_alloc(struct mm_mmu *mmu, phys_addr_t sz, phys_addr_t *pa)
{
	memblock_set_caller(mmu->mb, CS_EARLY_ALLOC);
	*pa = memblock_alloc(mmu->mb, sz, sz);
	if (!*pa)
		return panic_alloc(mmu, "early_alloc", sz, sz);
	phys_zero(mmu->pm, *pa, sz);
	return 0;
}

static int arm_pte_alloc(struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr, uint64_t prot,
			 phys_addr_t *ptep, const char **why)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	phys_addr_t pte;
	int ret;

	if (ops->pmd_none(mmu, pmdp)) {
		ret = early_alloc(mmu, ops->pte_alloc_size, &pte);
		if (!ret)
			ret = ops->pmd_populate(mmu, pmdp, pte, prot);
		if (ret)
			return ret;
	}
	/* A section where a table must go: the kernel's BUG_ON(pmd_bad(*pmd)). */
	if (ops->pmd_bad(mmu, pmdp)) {
		*why = "kernel BUG at arch/arm/mm/mmu.c: arm_pte_alloc: pmd_bad";
		mm_printk(mmu->log, "%s\n", *why);
		return -MM_EPANIC;
	}
	*ptep = ops->pte_offset(mmu, pmdp, addr);
	return 0;
}

static int alloc_init_pte(struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr, uint32_t end,
			  uint32_t pfn, const struct mem_type_desc *type, const char **why)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	bool lose_tail = mmu->format == PGTABLE_LPAE && mm_bug_on(MM_BUG_LPAE_SPLIT_LOSES_TAIL);
	phys_addr_t ptep;
	unsigned int nr;
	int ret = arm_pte_alloc(mmu, pmdp, addr, type->prot_l1, &ptep, why);

	if (ret)
		return ret;
	nr = (end - addr) >> PAGE_SHIFT;
	return ops->set_ptes(mmu, ptep, PFN_PHYS(pfn) | type->prot_pte, lose_tail ? nr - 1 : nr);
}

static uint32_t pmd_addr_end(uint32_t addr, uint32_t end)
{
	uint32_t boundary = (addr + PMD_SIZE_BOTH) & ~(PMD_SIZE_BOTH - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

static int alloc_init_pmd(struct mm_mmu *mmu, uint32_t addr, uint32_t end, phys_addr_t phys,
			  const struct mem_type_desc *type, const char **why)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	phys_addr_t pmdp = ops->pmd_off_k(mmu, addr);
	uint32_t next;
	int ret;

	do {
		/* Classic folds the pmd into the 2 MiB pgd entry the caller already cut. */
		next = mmu->format == PGTABLE_LPAE ? pmd_addr_end(addr, end) : end;
		if (type->prot_sect && ((addr | next | phys) & (ops->section_size - 1)) == 0)
			ret = ops->map_sections(mmu, pmdp, addr, next, phys, type->prot_sect);
		else
			ret = alloc_init_pte(mmu, pmdp, addr, next, (uint32_t)(phys >> PAGE_SHIFT), type, why);
		if (ret)
			return ret;
		phys += next - addr;
		pmdp += 8;
		addr = next;
	} while (addr != end);
	return 0;
}

static uint32_t pgd_addr_end(const struct pgtable_ops *ops, uint32_t addr, uint32_t end)
{
	uint32_t boundary = (addr + ops->pgdir_size) & ~(ops->pgdir_size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

static int __create_mapping(struct mm_mmu *mmu, const struct map_desc *md,
			    const struct mem_type_desc *type, const char **why)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	uint32_t pfn = (uint32_t)md->pfn;
	uint32_t addr = md->virtual & (uint32_t)PAGE_MASK;
	uint32_t length = ((uint32_t)md->length + (md->virtual & ~(uint32_t)PAGE_MASK) +
			   (uint32_t)PAGE_SIZE - 1) & (uint32_t)PAGE_MASK;
	phys_addr_t phys = PFN_PHYS(pfn);
	uint32_t end = addr + length, next;
	int ret;

	if (mmu->format == PGTABLE_CLASSIC) {
		phys &= PHYS_MAX_32;
		if (pfn >= 0x100000)
			return pgtable_classic_map_36bit(mmu, md, type, why);
	}
	if (type->prot_l1 == 0 && ((addr | phys | length) & (ops->section_size - 1))) {
		*why = why_pages;
		return -MM_EINVAL;
	}
	if (length == 0) {
		*why = "model: empty mapping (the kernel would walk the whole address space)";
		return -MM_EINVAL;
	}
	if (end != 0 && end < addr) {
		*why = "model: mapping wraps past 4 GiB";
		return -MM_EINVAL;
	}
	do {
		next = pgd_addr_end(ops, addr, end);
		ret = alloc_init_pmd(mmu, addr, next, phys, type, why);
		if (ret)
			return ret;
		phys += next - addr;
		addr = next;
	} while (addr != end);
	return 0;
}

static void log_mapping(struct mm_mmu *mmu, const char *fmt, const struct map_desc *md)
{
	char line[160];

	snprintf(line, sizeof(line), fmt, (unsigned long long)PFN_PHYS(md->pfn),
		 (unsigned long)md->virtual);
	mm_printk(mmu->log, "%s\n", line);
}

int create_mapping(struct mm_mmu *mmu, const struct map_desc *md)
{
	const struct arm_layout *l = mmu->layout;
	struct mmu_mapping_event ev = { .md = *md };
	const struct mem_type_desc *type = mem_type_get(mmu->format, md->type);

	if (md->virtual != VECTORS_BASE && md->virtual < l->task_size) {
		ev.why = why_user;
		ev.ret = -MM_EINVAL;
	} else if (!type) {
		ev.why = "model: no such memory type";
		ev.ret = -MM_EINVAL;
	} else {
		if (md->type == MT_DEVICE && md->virtual >= l->page_offset &&
		    md->virtual < l->fixaddr_start &&
		    (md->virtual < l->vmalloc_start || md->virtual >= l->vmalloc_end))
			log_mapping(mmu, warn_vmalloc, md);
		ev.ret = __create_mapping(mmu, md, type, &ev.why);
	}
	/* The kernel's refusals are warnings in its log; the model's own are not. */
	if (ev.ret == -MM_EINVAL && strncmp(ev.why, "model:", 6) != 0)
		log_mapping(mmu, ev.why, md);
	if (mmu->observer)
		mmu->observer(mmu, &ev, mmu->observer_ctx);
	return ev.ret;
}

/* A refusal is the kernel's warning and carries on; anything else stops the boot. */
static int fatal(int ret)
{
	return ret == -MM_EINVAL ? 0 : ret;
}

static int map(struct mm_mmu *mmu, phys_addr_t pa, uint32_t va, phys_addr_t len, enum mem_type t)
{
	struct map_desc md = { .virtual = va, .pfn = pa >> PAGE_SHIFT, .length = len, .type = t };

	return fatal(create_mapping(mmu, &md));
}

/* add_static_vm_early(): keep the list sorted; vm_area_add_early BUGs on overlap. */
static int add_static_vm(struct mm_mmu *mmu, uint32_t addr, uint32_t size)
{
	int i, pos = mmu->nr_static_vm;

	for (i = 0; i < mmu->nr_static_vm; i++) {
		const struct mmu_static_vm *vm = &mmu->static_vm[i];

		if (vm->addr >= addr ? vm->addr < addr + size : vm->addr + vm->size > addr) {
			mm_printk(mmu->log, "kernel BUG at mm/vmalloc.c: vm_area_add_early: overlap\n");
			return -MM_EPANIC;
		}
	}
	if (mmu->nr_static_vm == MMU_MAX_STATIC_VM)
		return -MM_ENOSPC;
	for (i = 0; i < mmu->nr_static_vm; i++)
		if (mmu->static_vm[i].addr > addr) {
			pos = i;
			break;
		}
	memmove(&mmu->static_vm[pos + 1], &mmu->static_vm[pos],
		(size_t)(mmu->nr_static_vm - pos) * sizeof(mmu->static_vm[0]));
	mmu->static_vm[pos] = (struct mmu_static_vm){ addr, size };
	mmu->nr_static_vm++;
	return pos;
}

static int alloc_static_vms(struct mm_mmu *mmu, enum call_site cs, const char *func, int nr)
{
	bool lpae = mmu->format == PGTABLE_LPAE;
	phys_addr_t size = (phys_addr_t)STATIC_VM_SIZE(lpae) * (phys_addr_t)nr;
	phys_addr_t pa;

	memblock_set_caller(mmu->mb, cs);
	pa = memblock_alloc(mmu->mb, size, STATIC_VM_ALIGN(lpae));
	if (!pa)
		return panic_alloc(mmu, func, size, STATIC_VM_ALIGN(lpae));
	phys_zero(mmu->pm, pa, size);
	return 0;
}

int iotable_init(struct mm_mmu *mmu, const struct map_desc *io_desc, int nr)
{
	int ret;

	if (nr < 0)
		return -MM_EINVAL;
	if (nr == 0)
		return 0;
	if (nr > MMU_MAX_STATIC_VM - mmu->nr_static_vm)
		return -MM_ENOSPC;
	ret = alloc_static_vms(mmu, CS_IOTABLE_INIT, "iotable_init", nr);
	for (int i = 0; !ret && i < nr; i++) {
		const struct map_desc *md = &io_desc[i];
		uint32_t off = md->virtual & ~(uint32_t)PAGE_MASK;
		int r = create_mapping(mmu, md);

		if (fatal(r))
			return r;
		ret = add_static_vm(mmu, md->virtual & (uint32_t)PAGE_MASK,
				    ((uint32_t)md->length + off + (uint32_t)PAGE_SIZE - 1) & (uint32_t)PAGE_MASK);
		if (ret > 0)
			ret = 0;
	}
	return ret;
}

static int vm_reserve_area_early(struct mm_mmu *mmu, uint32_t addr, uint32_t size, const char *func)
{
	int ret = alloc_static_vms(mmu, CS_VM_RESERVE_AREA_EARLY, func, 1);

	return ret ? ret : add_static_vm(mmu, addr, size);
}

/*
 * pmd_clear() for every pmd in [from, to) (2 MiB steps from a 2 MiB-aligned
 * from), one contiguous pmd array (pmd_table_span of VA) at a time.
 */
static int clear_pmds(struct mm_mmu *mmu, uint32_t from, uint32_t to)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	uint64_t addr = from;

	while (addr < to) {
		uint64_t span_end = (addr | (ops->pmd_table_span - 1)) + 1;
		uint64_t end = span_end < to ? span_end : to;
		unsigned int nr = (unsigned int)((end - addr + PMD_SIZE_BOTH - 1) / PMD_SIZE_BOTH);
		int ret = ops->pmd_clear_run(mmu, ops->pmd_off_k(mmu, (uint32_t)addr), nr);

		if (ret)
			return ret;
		addr += (uint64_t)nr * PMD_SIZE_BOTH;
	}
	return 0;
}

static int prepare_page_table(struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;
	const struct memblock_type *mem = &mmu->mb->memory;
	phys_addr_t end = 0;
	int ret;

	ret = clear_pmds(mmu, 0, l->modules_vaddr);
	if (!ret)
		ret = clear_pmds(mmu, l->modules_vaddr, l->page_offset);
	if (ret)
		return ret;
	/* regions[0], NOMAP or not: the kernel reads the array directly. */
	if (mem->cnt)
		end = mem->regions[0].base + mem->regions[0].size;
	if (end >= l->arm_lowmem_limit)
		end = l->arm_lowmem_limit;
	return clear_pmds(mmu, layout_pa_to_va(l, end), l->vmalloc_start);
}

static int map_lowmem(struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;
	const struct memblock_type *mem = &mmu->mb->memory;
	phys_addr_t ks = l->ks.kernel_sec_start, ke = l->ks.kernel_sec_end;
	phys_addr_t limit = l->arm_lowmem_limit;
	int ret;

	if (mm_bug_on(MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION))
		limit += pgtable_ops_of(mmu)->section_size;
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		phys_addr_t start = r->base, end = r->base + r->size;

		/* for_each_mem_range() skips what should_skip_region() skips for MEMBLOCK_NONE. */
		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (end > limit)
			end = limit;
		if (start >= end)
			break;
		/* Case 5: the kernel covers the whole range; the kernel stops here. */
		if (start > ks && end < ke)
			break;
		if (ks >= start && ks <= end) {
			/* Case 6: the kernel sits inside; map both sides, then stop. */
			if (start < ks && end > ke) {
				ret = map(mmu, start, layout_pa_to_va(l, start), ks - start, MT_MEMORY_RW);
				if (!ret)
					ret = map(mmu, ke, layout_pa_to_va(l, ke), end - ke, MT_MEMORY_RW);
				return ret;
			}
			if (ks == start)	/* case 1 */
				start = ke;
			if (ke == end)		/* case 3 */
				end = ks;
		} else if (ks < start && ke > start && ke < end) {
			start = ke;		/* case 2 */
		} else if (ks > start && ks < end && ke > end) {
			end = ks;		/* case 4 */
		}
		ret = map(mmu, start, layout_pa_to_va(l, start), end - start, MT_MEMORY_RW);
		if (ret)
			return ret;
	}
	return 0;
}

static int map_kernel(struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;
	phys_addr_t x_start = l->ks.kernel_sec_start;
	phys_addr_t x_end = MM_ALIGN_UP(l->ks.init_end, pgtable_ops_of(mmu)->section_size);
	phys_addr_t nx_end = l->ks.kernel_sec_end;
	int ret = map(mmu, x_start, layout_pa_to_va(l, x_start), x_end - x_start, MT_MEMORY_RWX);

	/* A small RW tail may already sit inside the last RWX section. */
	if (ret || x_end == nx_end)
		return ret;
	return map(mmu, x_end, layout_pa_to_va(l, x_end), nx_end - x_end, MT_MEMORY_RW);
}

static int dma_contiguous_remap(struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;

	for (int i = 0; i < mmu->nr_dma_remap && i < MMU_MAX_DMA_REMAP; i++) {
		phys_addr_t start = mmu->dma_remap[i].base;
		phys_addr_t end = start + mmu->dma_remap[i].size;
		struct map_desc md;
		int ret;

		if (end > l->arm_lowmem_limit)
			end = l->arm_lowmem_limit;
		if (start >= end)
			continue;
		/* The old section entries go before the page mapping replaces them. */
		ret = clear_pmds(mmu, layout_pa_to_va(l, start), layout_pa_to_va(l, end));
		if (ret)
			return ret;
		md = (struct map_desc){ .virtual = layout_pa_to_va(l, start), .pfn = start >> PAGE_SHIFT,
					.length = end - start, .type = MT_MEMORY_DMA_READY };
		ret = iotable_init(mmu, &md, 1);
		if (ret)
			return ret;
	}
	return 0;
}

/* Classic only: reserve the unused 1 MiB half of a pmd a static mapping half fills. */
static int fill_pmd_gaps(struct mm_mmu *mmu)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	const uint32_t section = ops->section_size;
	uint32_t next = 0;

	for (int i = 0; i < mmu->nr_static_vm; i++) {
		uint32_t addr = mmu->static_vm[i].addr, size = mmu->static_vm[i].size;
		int ret;

		if (addr < next)
			continue;
		if ((addr & (PMD_SIZE_BOTH - 1)) == section && ops->pmd_none(mmu, ops->pmd_off_k(mmu, addr))) {
			ret = vm_reserve_area_early(mmu, addr & ~(PMD_SIZE_BOTH - 1), section, "vm_reserve_area_early");
			if (ret < 0)
				return ret;
			if (ret <= i)
				i++;
		}
		addr += size;
		if ((addr & (PMD_SIZE_BOTH - 1)) == section &&
		    phys_read32(mmu->pm, ops->pmd_off_k(mmu, addr) + 4) == 0) {
			ret = vm_reserve_area_early(mmu, addr, section, "vm_reserve_area_early");
			if (ret < 0)
				return ret;
			if (ret <= i)
				i++;
		}
		next = (addr + PMD_SIZE_BOTH - 1) & ~(PMD_SIZE_BOTH - 1);
	}
	return 0;
}

/* Reserve the PCI I/O window unless a static mapping already holds its start. */
static int pci_reserve_io(struct mm_mmu *mmu)
{
	int ret;

	for (int i = 0; i < mmu->nr_static_vm; i++) {
		const struct mmu_static_vm *vm = &mmu->static_vm[i];

		if (vm->addr > PCI_IO_VIRT_BASE)
			break;
		if (vm->addr + vm->size > PCI_IO_VIRT_BASE)
			return 0;
	}
	ret = vm_reserve_area_early(mmu, PCI_IO_VIRT_BASE, SZ_2M, "vm_reserve_area_early");
	return ret < 0 ? ret : 0;
}

static int devicemaps_init(struct mm_mmu *mmu)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	phys_addr_t vectors;
	int ret;

	ret = early_alloc(mmu, 2 * PAGE_SIZE, &vectors);
	if (ret)
		return ret;
	mmu->vectors_phys = vectors;
	/* Everything from vmalloc up, except the top pmd (early fixmap, already cleared). */
	ret = clear_pmds(mmu, mmu->layout->vmalloc_start, 0xffeff000u & ~(PMD_SIZE_BOTH - 1));
	if (!ret && mmu->dtb_phys)
		ret = map(mmu, (uint32_t)mmu->dtb_phys & ~(ops->section_size - 1), FDT_FIXED_BASE,
			  2 * (phys_addr_t)ops->section_size, MT_MEMORY_RO);
	/* KUSER_HELPERS: user-readable high vectors; then the kernel-only stubs page. */
	if (!ret)
		ret = map(mmu, vectors, VECTORS_BASE, PAGE_SIZE, MT_HIGH_VECTORS);
	if (!ret)
		ret = map(mmu, vectors + PAGE_SIZE, VECTORS_BASE + PAGE_SIZE, PAGE_SIZE, MT_LOW_VECTORS);
	if (!ret && mmu->map_io)
		ret = iotable_init(mmu, mmu->map_io, mmu->nr_map_io);
	if (!ret && mmu->format == PGTABLE_CLASSIC)
		ret = fill_pmd_gaps(mmu);
	if (!ret)
		ret = pci_reserve_io(mmu);
	return ret;
}

static int early_pte_alloc(struct mm_mmu *mmu, uint32_t addr, phys_addr_t *table)
{
	const struct pgtable_ops *ops = pgtable_ops_of(mmu);
	const char *why = NULL;
	phys_addr_t ptep;
	int ret = arm_pte_alloc(mmu, ops->pmd_off_k(mmu, addr), addr, ops->kernel_table_prot, &ptep, &why);

	if (!ret)
		*table = ptep & PAGE_MASK;
	return ret;
}

static int kmap_init(struct mm_mmu *mmu)
{
	int ret = 0;

	if (mmu->layout->cfg.highmem)
		ret = early_pte_alloc(mmu, mmu->layout->pkmap_base, &mmu->pkmap_pte_phys);
	return ret ? ret : early_pte_alloc(mmu, mmu->layout->fixaddr_start, &mmu->fixmap_pte_phys);
}

int paging_init(struct mm_mmu *mmu)
{
	const struct pgtable_ops *ops;
	int ret;

	if (!mmu->pm || !mmu->mb || !mmu->layout ||
	    (mmu->format == PGTABLE_LPAE) != mmu->layout->cfg.lpae ||
	    mmu->nr_dma_remap < 0 || mmu->nr_dma_remap > MMU_MAX_DMA_REMAP)
		return -MM_EINVAL;
	ops = pgtable_ops_of(mmu);
	mmu->pgd_phys = mmu->layout->phys_offset + mmu->layout->cfg.image.text_offset - ops->pgd_size;
	mmu->vectors_phys = mmu->zero_page_phys = 0;
	mmu->pkmap_pte_phys = mmu->fixmap_pte_phys = 0;
	mmu->nr_static_vm = 0;

	ret = ops->pgd_init(mmu);
	if (!ret)
		ret = prepare_page_table(mmu);
	if (!ret)
		ret = map_lowmem(mmu);
	if (ret)
		return ret;
	/* From here early_alloc may use all of lowmem. */
	memblock_set_current_limit(mmu->mb, mmu->layout->arm_lowmem_limit);
	ret = map_kernel(mmu);
	if (!ret)
		ret = dma_contiguous_remap(mmu);
	/* early_fixmap_shutdown: drop the early fixmap's pmd (no earlycon entries to carry over). */
	if (!ret)
		ret = ops->pmd_clear(mmu, ops->pmd_off_k(mmu, 0xffeff000u));
	if (!ret)
		ret = devicemaps_init(mmu);
	if (!ret)
		ret = kmap_init(mmu);
	if (!ret)
		ret = early_alloc(mmu, PAGE_SIZE, &mmu->zero_page_phys);
	return ret;
}

bool mmu_translate(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa)
{
	return pgtable_ops_of(mmu)->translate(mmu, va, pa);
}
