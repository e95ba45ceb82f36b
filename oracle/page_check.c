/* See page_check.h.  Every expected value comes from the kernel watch's recomputation. */
#include "page_check.h"

#include "page_alloc.h"
#include "memmap_check.h"
#include "mmu_check.h"
#include "oracle.h"

#define PG_RESERVED_BIT (1u << PG_reserved)
/* __fix_to_virt(FIX_KMAP_BEGIN + idx): FIX_KMAP_BEGIN is 1 on ARM (after FIX_EARLYCON_MEM_BASE). */
#define FIX_KMAP_BEGIN 1

static const struct memblock *mb_of(const struct kernel_watch *w)
{
	return &w->k->setup->boot->mb;
}

static unsigned long pageblock_pages(const struct kernel_watch *w)
{
	return 1UL << w->cfg.profile->pageblock_order;
}

static bool sparse_model(const struct kernel_watch *w)
{
	return w->cfg.model != MEMORY_MODEL_FLATMEM;
}

/* Validity is uniform over these aligned blocks: a pageblock (FLATMEM) or a section. */
static unsigned long validity_block(const struct kernel_watch *w)
{
	return sparse_model(w) ? PAGES_PER_SECTION : pageblock_pages(w);
}

/* The [PFN_UP(base), PFN_DOWN(end)) whole pages of a region (for_each_mem_pfn_range). */
static bool region_pfns(const struct memblock_region *r, unsigned long *start, unsigned long *end)
{
	*start = (unsigned long)PFN_UP(r->base);
	*end = (unsigned long)PFN_DOWN(r->base + r->size);
	return *start < *end;
}

void page_check_zones(const struct kernel_watch *w)
{
	const struct mm_kernel *k = w->k;
	const struct pglist_data *node = &k->node;
	const struct naive_zones *z = &w->zones;
	unsigned long present = 0;

	if (node->node_start_pfn != z->node_start)
		oracle_fail("node_start_pfn", 0, z->node_start, node->node_start_pfn,
			    "first whole page of memory");
	if (node->node_spanned_pages != z->node_end - z->node_start)
		oracle_fail("node_spanned_pages", 0, z->node_end - z->node_start,
			    node->node_spanned_pages, "node span");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		present += z->present[i];
	if (node->node_present_pages != present)
		oracle_fail("node_present_pages", 0, present, node->node_present_pages,
			    "whole pages of memory regions");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zn = &node->node_zones[i];

		if (k->max_zone_pfn[i] != z->max_zone_pfn[i])
			oracle_fail("max_zone_pfn", (uint64_t)i, z->max_zone_pfn[i], k->max_zone_pfn[i],
				    "zone %d limit from arm_dma_limit/lowmem/end of DRAM/kernelcore", i);
		if (zn->spanned_pages != z->end[i] - z->start[i])
			oracle_fail("zone spanned_pages", (uint64_t)i, z->end[i] - z->start[i],
				    zn->spanned_pages, "zone %d", i);
		else if (zn->spanned_pages && zn->zone_start_pfn != z->start[i])
			oracle_fail("zone_start_pfn", (uint64_t)i, z->start[i], zn->zone_start_pfn,
				    "zone %d", i);
		if (zn->present_pages != z->present[i])
			oracle_fail("zone present_pages", (uint64_t)i, z->present[i], zn->present_pages,
				    "zone %d: whole pages of memory regions inside the span", i);
	}
}

/* The section table entry, read directly (static table or EXTREME root). */
static const struct mem_section *section_entry(const struct memmap *mm, unsigned long nr)
{
	if (mm->model == MEMORY_MODEL_SPARSEMEM)
		return mm->mem_section_static ? &mm->mem_section_static[nr] : NULL;
	if (mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME) {
		const struct mem_section *root = mm->roots[nr / SECTIONS_PER_ROOT_EXTREME];

		return root ? &root[nr % SECTIONS_PER_ROOT_EXTREME] : NULL;
	}
	return NULL;
}

/*
 * Lowmem pages lie wholly below arm_lowmem_limit, which a memory region's
 * unaligned end can leave mid-page: max_low_pfn is PFN_DOWN of it, so that
 * last partial page is HighMem.
 */
static bool lowmem_pfn(const struct arm_layout *l, unsigned long pfn)
{
	return PFN_PHYS(pfn + 1) <= l->arm_lowmem_limit;
}

/* Does one memblock.reserved region hold all of [pa, pa + len)? */
static bool reserved_covers(const struct kernel_watch *w, phys_addr_t pa, phys_addr_t len)
{
	for (unsigned long i = 0; i < w->nr_final[1]; i++) {
		const struct memblock_region *r = &w->final[1][i];

		if (r->base <= pa && pa + len <= r->base + r->size)
			return true;
	}
	return false;
}

static void check_memmap_bytes(const struct kernel_watch *w, unsigned long pfn, uint32_t va,
			       uint32_t len)
{
	const struct mm_setup *s = w->k->setup;
	struct mmu_walk walk;

	if (w->cfg.model != MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
		if (!reserved_covers(w, naive_pa(w, va), len))
			oracle_fail("memmap inside memblock.reserved", PFN_PHYS(pfn), naive_pa(w, va), len,
				    "struct pages of the pageblock at pfn 0x%lx (pa, len)", pfn);
		return;
	}
	for (uint32_t page = va & ~0xfffu; page - (va & ~0xfffu) < len + (va & 0xfffu);
	     page += 0x1000) {
		mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, page, &walk);
		if (walk.fault || !reserved_covers(w, walk.pa & ~(PAGE_SIZE - 1), PAGE_SIZE))
			oracle_fail("vmemmap backed by memblock.reserved", PFN_PHYS(pfn), page,
				    walk.fault ? 0 : walk.pa, "vmemmap page for pfn 0x%lx (%s)", pfn,
				    walk.fault ? walk.why : "backing page not reserved");
	}
}

/* Once per section: its entry against the derivation, and that the model finds that same entry. */
static void check_section(const struct kernel_watch *w, unsigned long nr)
{
	const struct memmap *mm = &w->k->memmap;
	const struct mem_section *ms = section_entry(mm, nr);
	uint32_t want = memmap_expected_section(w, nr);

	if (mm->model != MEMORY_MODEL_SPARSEMEM && mm->model != MEMORY_MODEL_SPARSEMEM_EXTREME)
		return;
	if ((ms ? ms->section_mem_map : 0) != want) {
		oracle_fail(want ? "section_mem_map" : "section_mem_map of an absent section", nr, want,
			    ms ? ms->section_mem_map : 0,
			    "section %lu: (its map from memblock - start pfn * 36) | PRESENT|HAS_MEM_MAP|ONLINE|EARLY",
			    nr);
		return;
	}
	if (!want)
		return;
	if (__nr_to_section(mm, nr) != ms)
		oracle_fail("__nr_to_section", nr, (uint64_t)(uintptr_t)ms,
			    (uint64_t)(uintptr_t)__nr_to_section(mm, nr),
			    "the model's lookup of section %lu is not its table entry", nr);
	if (mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME) {
		unsigned long root = nr / SECTIONS_PER_ROOT_EXTREME;

		if (!reserved_covers(w, naive_pa(w, mm->roots_virt[root]), PAGE_SIZE))
			oracle_fail("section root inside memblock.reserved", root,
				    mm->roots_virt[root], 0, "root %lu", root);
	}
}

static unsigned flags_zone(const struct kernel_watch *w, const struct page *page)
{
	unsigned shift = w->cfg.model == MEMORY_MODEL_SPARSEMEM ||
					 w->cfg.model == MEMORY_MODEL_SPARSEMEM_EXTREME
				 ? ZONES_PGSHIFT_SPARSE
				 : ZONES_PGSHIFT;

	return (page->flags >> shift) & ((1u << ZONES_WIDTH) - 1);
}

static void check_valid_pfn(const struct kernel_watch *w, unsigned long pfn, bool in_memory)
{
	const struct mm_kernel *k = w->k;
	const struct memmap *mm = &k->memmap;
	const struct arm_layout *l = &k->setup->layout;
	struct page *page = pfn_to_page(mm, pfn);
	uint32_t virt = memmap_expected_virt(w, pfn);
	int zone = naive_zone_of(&w->zones, pfn);
	bool present = zone >= 0 && in_memory;

	if (!page) {
		oracle_fail("pfn_to_page", PFN_PHYS(pfn), 1, 0, "no struct page for valid pfn 0x%lx", pfn);
		return;
	}
	if (page_to_pfn(mm, page) != pfn)
		oracle_fail("page_to_pfn(pfn_to_page)", PFN_PHYS(pfn), pfn, page_to_pfn(mm, page),
			    "round trip");
	if (pfn_to_page_virt(mm, pfn) != virt)
		oracle_fail("pfn_to_page_virt", PFN_PHYS(pfn), virt, pfn_to_page_virt(mm, pfn),
			    "%s: where the memory map's allocations put pfn 0x%lx",
			    memory_model_name(mm->model), pfn);
	if (!page->initialised) {
		if (present)
			oracle_fail("struct page initialised", PFN_PHYS(pfn), 1, 0,
				    "present pfn 0x%lx never written by memmap_init", pfn);
		return;
	}
	if (mm->model == MEMORY_MODEL_SPARSEMEM || mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME) {
		unsigned long nr = page->flags >> SECTIONS_PGSHIFT;

		if (nr != (pfn >> PFN_SECTION_SHIFT))
			oracle_fail("page->flags section", PFN_PHYS(pfn), pfn >> PFN_SECTION_SHIFT, nr,
				    "pfn 0x%lx", pfn);
	}
	if (!present) {
		if (!(page->flags & PG_RESERVED_BIT))
			oracle_fail("hole page Reserved", PFN_PHYS(pfn), 1, 0,
				    "initialised pfn 0x%lx outside memory is not PageReserved", pfn);
		return;
	}
	if (flags_zone(w, page) != (unsigned)zone)
		oracle_fail("page->flags zone", PFN_PHYS(pfn), (uint64_t)zone, flags_zone(w, page),
			    "pfn 0x%lx", pfn);
	if (page_zone(k, page) != &k->node.node_zones[zone])
		oracle_fail("page_zone", PFN_PHYS(pfn), (uint64_t)zone,
			    (uint64_t)(page_zone(k, page) - k->node.node_zones), "pfn 0x%lx", pfn);
	if (lowmem_pfn(l, pfn)) {
		uint32_t va = page_address(k, page);

		if (va != naive_va(w, PFN_PHYS(pfn)))
			oracle_fail("page_address", PFN_PHYS(pfn), naive_va(w, PFN_PHYS(pfn)), va,
				    "lowmem pfn 0x%lx", pfn);
		else if (layout_va_to_pa(l, va) != PFN_PHYS(pfn))
			oracle_fail("virt_to_page", va, PFN_PHYS(pfn), layout_va_to_pa(l, va),
				    "__pa(page_address) of pfn 0x%lx", pfn);
	}
}

static void check_invalid_pfn(const struct kernel_watch *w, unsigned long pfn)
{
	if (memmap_pfn_valid(&w->k->memmap, mb_of(w), pfn))
		oracle_fail("pfn_valid", PFN_PHYS(pfn), 0, 1, "pfn 0x%lx has no memory in its %s", pfn,
			    sparse_model(w) ? "section" : "pageblock");
}

/*
 * pfn_valid at a pfn outside the whole-page span of memory.  Usually
 * invalid, but FLATMEM's pfn_valid asks whether any byte of memory lies in
 * the pfn's pageblock, so a partial page at an end of memory makes the
 * next pageblock valid too: compare with the naive rule, not with "no".
 */
static void probe_pfn_valid(const struct kernel_watch *w, unsigned long pfn)
{
	if (!naive_pfn_valid(w, pfn))
		check_invalid_pfn(w, pfn);
	else if (!memmap_pfn_valid(&w->k->memmap, mb_of(w), pfn))
		oracle_fail("pfn_valid", PFN_PHYS(pfn), 1, 0,
			    "pfn 0x%lx past the whole pages of memory, memory in its pageblock", pfn);
}

/* One validity block (aligned), restricted to [start, end). */
static void check_block(const struct kernel_watch *w, unsigned long block, unsigned long start,
			unsigned long end)
{
	unsigned long n = validity_block(w);
	unsigned long s = block > start ? block : start;
	unsigned long e = block + n < end ? block + n : end;
	uint32_t sp = w->cfg.profile->struct_page_size;

	if (sparse_model(w) && (block % PAGES_PER_SECTION) == 0)
		check_section(w, block >> PFN_SECTION_SHIFT);
	if (!naive_pfn_valid(w, block)) {
		check_invalid_pfn(w, s);
		check_invalid_pfn(w, e - 1);
		return;
	}
	/* The model's pfn_valid is probed at the block's ends; validity is uniform inside. */
	if (!memmap_pfn_valid(&w->k->memmap, mb_of(w), s) ||
	    !memmap_pfn_valid(&w->k->memmap, mb_of(w), e - 1))
		oracle_fail("pfn_valid", PFN_PHYS(s), 1, 0, "pfns 0x%lx and 0x%lx", s, e - 1);
	for (unsigned long pfn = s; pfn < e;) {
		/* Runs of pfns with the same presence: whole pages of one memory region, or a gap. */
		unsigned long run_end = e;
		bool in_memory = false;

		for (unsigned long i = 0; i < w->nr_final[0]; i++) {
			unsigned long rs, re;

			if (!region_pfns(&w->final[0][i], &rs, &re))
				continue;
			if (pfn >= rs && pfn < re) {
				in_memory = true;
				run_end = re < run_end ? re : run_end;
			} else if (rs > pfn && rs < run_end) {
				run_end = rs;
			}
		}
		for (; pfn < run_end; pfn++)
			check_valid_pfn(w, pfn, in_memory);
	}
	/* Struct pages of a pageblock are contiguous in every model. */
	for (unsigned long pb = s; pb < e;) {
		unsigned long pb_end = (pb | (pageblock_pages(w) - 1)) + 1;

		if (pb_end > e)
			pb_end = e;
		check_memmap_bytes(w, pb, memmap_expected_virt(w, pb), (uint32_t)(pb_end - pb) * sp);
		pb = pb_end;
	}
}

void page_check_range(const struct kernel_watch *w, unsigned long start, unsigned long end)
{
	unsigned long n = validity_block(w);

	if (start >= end)
		return;
	for (unsigned long block = start & ~(n - 1); block < end; block += n) {
		check_block(w, block, start, end);
		if (block + n < block)
			break;
	}
}

void page_check_pfns(const struct kernel_watch *w, unsigned long pfn, unsigned long nr)
{
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		if (sparse_model(w) && (p == pfn || (p % PAGES_PER_SECTION) == 0))
			check_section(w, p >> PFN_SECTION_SHIFT);
		if (!naive_pfn_valid(w, p)) {
			check_invalid_pfn(w, p);
			continue;
		}
		check_valid_pfn(w, p, naive_present_pages(w, p, p + 1) != 0);
	}
}

void page_check_full(const struct kernel_watch *w)
{
	unsigned long n = validity_block(w);
	const struct naive_zones *z = &w->zones;
	unsigned long lo, hi;

	page_check_zones(w);
	memmap_check_tables(w);
	lo = z->node_start & ~(n - 1);
	hi = (z->node_end + n - 1) & ~(n - 1);
	page_check_range(w, lo, hi);
	/* Outside the span: probe the neighbouring blocks and the far limits. */
	if (lo >= n)
		probe_pfn_valid(w, lo - 1);
	probe_pfn_valid(w, hi);
	probe_pfn_valid(w, hi + n);
	if (!w->cfg.setup.boot.lpae)
		check_invalid_pfn(w, 1UL << (32 - PAGE_SHIFT));
	if (sparse_model(w)) {
		for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
			unsigned long pfn = nr << PFN_SECTION_SHIFT;

			if (pfn < lo || pfn >= hi)
				check_block(w, pfn, pfn, pfn + PAGES_PER_SECTION);
		}
		check_invalid_pfn(w, NR_MEM_SECTIONS << PFN_SECTION_SHIFT);
	}
}

void page_check_kmap(const struct kernel_watch *w, const struct page *page, uint32_t vaddr)
{
	const struct mm_kernel *k = w->k;
	const struct mm_setup *s = k->setup;
	const struct arm_layout *l = &s->layout;
	unsigned long pfn = page_to_pfn(&k->memmap, page);
	uint32_t pkmap_end = l->pkmap_base + LAST_PKMAP * (uint32_t)PAGE_SIZE;
	struct mmu_walk walk;

	if (lowmem_pfn(l, pfn)) {
		if (vaddr != naive_va(w, PFN_PHYS(pfn)))
			oracle_fail("kmap of lowmem", PFN_PHYS(pfn), naive_va(w, PFN_PHYS(pfn)), vaddr,
				    "kmap must return page_address (__va)");
		return;
	}
	if (vaddr < l->pkmap_base || vaddr >= pkmap_end || (vaddr & 0xfff))
		oracle_fail("kmap address in the pkmap window", PFN_PHYS(pfn), l->pkmap_base, vaddr,
			    "highmem pfn 0x%lx", pfn);
	mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, vaddr, &walk);
	if (walk.fault || walk.pa != PFN_PHYS(pfn))
		oracle_fail("kmap mapping", vaddr, PFN_PHYS(pfn), walk.fault ? 0 : walk.pa,
			    "the pkmap PTE must map the page (%s)", walk.why);
	if (page_address(k, page) != vaddr)
		oracle_fail("page_address of a kmapped page", PFN_PHYS(pfn), vaddr,
			    page_address(k, page), "highmem pfn 0x%lx", pfn);
}

void page_check_kmap_local(const struct kernel_watch *w, const struct page *page, uint32_t vaddr,
			   unsigned int depth)
{
	const struct mm_kernel *k = w->k;
	const struct mm_setup *s = k->setup;
	const struct arm_layout *l = &s->layout;
	unsigned long pfn = page_to_pfn(&k->memmap, page);
	uint32_t want = l->fixaddr_top - ((FIX_KMAP_BEGIN + depth) << PAGE_SHIFT);
	struct mmu_walk walk;

	if (lowmem_pfn(l, pfn)) {
		if (vaddr != naive_va(w, PFN_PHYS(pfn)))
			oracle_fail("kmap_local of lowmem", PFN_PHYS(pfn), naive_va(w, PFN_PHYS(pfn)),
				    vaddr, "kmap_local_page must return page_address (__va)");
		return;
	}
	if (vaddr != want)
		oracle_fail("kmap_local fixmap slot", PFN_PHYS(pfn), want, vaddr,
			    "nesting depth %u", depth);
	mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, vaddr, &walk);
	if (walk.fault || walk.pa != PFN_PHYS(pfn))
		oracle_fail("kmap_local mapping", vaddr, PFN_PHYS(pfn), walk.fault ? 0 : walk.pa,
			    "the fixmap PTE must map the page (%s)", walk.why);
}
