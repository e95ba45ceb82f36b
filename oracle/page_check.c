/* See page_check.h.  Every expected value is recomputed here from its definition. */
#include "page_check.h"

#include "page_alloc.h"
#include "mmu_check.h"
#include "oracle.h"

#define PG_RESERVED_BIT (1u << PG_reserved)
/* __fix_to_virt(FIX_KMAP_BEGIN + idx): FIX_KMAP_BEGIN is 1 on ARM (after FIX_EARLYCON_MEM_BASE). */
#define FIX_KMAP_BEGIN 1

static const struct memblock *mb_of(const struct mm_kernel *k)
{
	return &k->setup->boot->mb;
}

static unsigned long pageblock_pages(const struct mm_kernel *k)
{
	return 1UL << k->profile->pageblock_order;
}

static bool sparse_model(const struct mm_kernel *k)
{
	return k->memmap.model != MEMORY_MODEL_FLATMEM;
}

/* Validity is uniform over these aligned blocks: a pageblock (FLATMEM) or a section. */
static unsigned long validity_block(const struct mm_kernel *k)
{
	return sparse_model(k) ? PAGES_PER_SECTION : pageblock_pages(k);
}

static unsigned long clamp_ul(unsigned long v, unsigned long lo, unsigned long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The [PFN_UP(base), PFN_DOWN(end)) whole pages of region i (for_each_mem_pfn_range). */
static bool region_pfns(const struct memblock_region *r, unsigned long *start, unsigned long *end)
{
	*start = (unsigned long)PFN_UP(r->base);
	*end = (unsigned long)PFN_DOWN(r->base + r->size);
	return *start < *end;
}

static unsigned long whole_pages(const struct memblock_region *regions, unsigned long nr,
				 unsigned long start, unsigned long end)
{
	unsigned long n = 0, s, e;

	for (unsigned long i = 0; i < nr; i++) {
		if (!region_pfns(&regions[i], &s, &e))
			continue;
		s = clamp_ul(s, start, end);
		e = clamp_ul(e, start, end);
		n += e - s;
	}
	return n;
}

unsigned long naive_present_pages(const struct memblock *mb, unsigned long start, unsigned long end)
{
	return whole_pages(mb->memory.regions, mb->memory.cnt, start, end);
}

/*
 * Whole pages of memblock.memory as sparse_init() and free_area_init()
 * read it, before memblock_free_all() merged regions: a region split at a
 * sub-page address loses the page across the split until then.
 */
static unsigned long init_present_pages(const struct mm_kernel *k, unsigned long start,
					unsigned long end)
{
	return whole_pages(k->zone_memory, k->nr_zone_memory, start, end);
}

static bool pfn_round_trips(const struct memblock *mb, unsigned long pfn)
{
	return ((PFN_PHYS(pfn) & mb->phys_max) >> PAGE_SHIFT) == pfn;
}

bool naive_pfn_valid(const struct mm_kernel *k, unsigned long pfn)
{
	const struct memblock *mb = mb_of(k);

	if (!pfn_round_trips(mb, pfn))
		return false;
	if (sparse_model(k)) {
		unsigned long nr = pfn >> PFN_SECTION_SHIFT;

		if (nr >= NR_MEM_SECTIONS)
			return false;
		return init_present_pages(k, nr << PFN_SECTION_SHIFT,
					  (nr + 1) << PFN_SECTION_SHIFT) != 0;
	}
	/* ARM: the pageblock around pfn overlaps a memory region (memblock_overlaps_region caps the size). */
	phys_addr_t base = PFN_PHYS(pfn & ~(pageblock_pages(k) - 1));
	phys_addr_t size = PFN_PHYS(pageblock_pages(k));

	if (size > mb->phys_max - base)
		size = mb->phys_max - base;
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		if (r->base < base + size && base < r->base + r->size)
			return true;
	}
	return false;
}

/* Zone sizing reads memblock.memory before memblock_free_all() merges it. */
void naive_zones_compute(const struct mm_kernel *k, struct naive_zones *z)
{
	const struct memblock_region *regions = k->zone_memory;
	const struct arm_layout *l = &k->setup->layout;
	unsigned long max_low = (unsigned long)PFN_DOWN(l->arm_lowmem_limit);
	unsigned long dma_limit = (unsigned long)(l->arm_dma_limit >> PAGE_SHIFT);
	unsigned long dram_end = 0, running, s, e;

	z->node_start = ~0UL;
	z->node_end = 0;
	for (unsigned long i = 0; i < k->nr_zone_memory; i++) {
		const struct memblock_region *r = &regions[i];

		if (r->base + r->size > PFN_PHYS(dram_end))
			dram_end = (unsigned long)PFN_DOWN(r->base + r->size);
		if (!region_pfns(r, &s, &e))
			continue;
		if (s < z->node_start)
			z->node_start = s;
		if (e > z->node_end)
			z->node_end = e;
	}
	if (z->node_start > z->node_end)
		z->node_start = z->node_end = 0;

	z->max_zone_pfn[ZONE_DMA] = dma_limit < max_low ? dma_limit : max_low;
	z->max_zone_pfn[ZONE_NORMAL] = max_low;
	/* Without CONFIG_HIGHMEM the kernel has no HighMem zone: the model leaves its limit 0. */
	z->max_zone_pfn[ZONE_HIGHMEM] = l->cfg.highmem ? dram_end : 0;
	z->max_zone_pfn[ZONE_MOVABLE] = 0;

	running = k->nr_zone_memory ? (unsigned long)PFN_DOWN(regions[0].base) : 0;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long low = running, high = running;

		if (i != ZONE_MOVABLE) {
			high = z->max_zone_pfn[i] > running ? z->max_zone_pfn[i] : running;
			running = high;
		} else {
			low = high = 0;
		}
		s = clamp_ul(z->node_start, low, high);
		e = clamp_ul(z->node_end, low, high);
		if (low == high || e < z->node_start || s > z->node_end) {
			s = e = 0;
		} else {
			s = s > z->node_start ? s : z->node_start;
			e = e < z->node_end ? e : z->node_end;
		}
		z->start[i] = s;
		z->end[i] = e;
		z->present[i] = init_present_pages(k, s, e);
	}
}

int naive_zone_of(const struct naive_zones *z, unsigned long pfn)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (pfn >= z->start[i] && pfn < z->end[i])
			return i;
	return -1;
}

/*
 * Between zone sizing and the end of boot only memblock_free_all()'s
 * memblock_clear_hotplug(0, PHYS_ADDR_MAX) touches memblock.memory: it
 * clears HOTPLUG and merges neighbours.  So every final region is a run of
 * touching zone-sizing regions whose flags, HOTPLUG aside, are its own.
 */
static void check_zone_memory(const struct mm_kernel *k)
{
	const struct memblock_type *t = &mb_of(k)->memory;
	const struct memblock_region *snap = k->zone_memory;
	unsigned long j = 0;

	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];
		phys_addr_t at = r->base;

		if (r->flags & MEMBLOCK_HOTPLUG)
			oracle_fail("memblock_clear_hotplug at hand-over", r->base, 0, r->flags,
				    "final memory region %lu still HOTPLUG", i);
		while (j < k->nr_zone_memory && at < r->base + r->size && snap[j].base == at &&
		       (snap[j].flags & ~MEMBLOCK_HOTPLUG) == r->flags && snap[j].nid == r->nid) {
			at += snap[j].size;
			j++;
		}
		if (at != r->base + r->size) {
			oracle_fail("memblock.memory after zone sizing", at, r->base + r->size, at,
				    "final region %lu [0x%llx, +0x%llx) is not a merge of the zone-sizing regions",
				    i, (unsigned long long)r->base, (unsigned long long)r->size);
			return;
		}
	}
	if (j != k->nr_zone_memory)
		oracle_fail("memblock.memory after zone sizing", snap[j].base, k->nr_zone_memory, j,
			    "zone-sizing regions left over after the final regions");
}

void page_check_zones(const struct mm_kernel *k)
{
	const struct pglist_data *node = &k->node;
	struct naive_zones z;

	check_zone_memory(k);
	naive_zones_compute(k, &z);
	if (node->node_start_pfn != z.node_start)
		oracle_fail("node_start_pfn", 0, z.node_start, node->node_start_pfn,
			    "first whole page of memory");
	if (node->node_spanned_pages != z.node_end - z.node_start)
		oracle_fail("node_spanned_pages", 0, z.node_end - z.node_start,
			    node->node_spanned_pages, "node span");
	if (node->node_present_pages != z.present[0] + z.present[1] + z.present[2] + z.present[3])
		oracle_fail("node_present_pages", 0,
			    z.present[0] + z.present[1] + z.present[2] + z.present[3],
			    node->node_present_pages, "whole pages of memory regions");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zn = &node->node_zones[i];

		if (i != ZONE_MOVABLE && k->max_zone_pfn[i] != z.max_zone_pfn[i])
			oracle_fail("max_zone_pfn", (uint64_t)i, z.max_zone_pfn[i], k->max_zone_pfn[i],
				    "zone %d limit from arm_dma_limit/lowmem/end of DRAM", i);
		if (zn->spanned_pages != z.end[i] - z.start[i])
			oracle_fail("zone spanned_pages", (uint64_t)i, z.end[i] - z.start[i],
				    zn->spanned_pages, "zone %d", i);
		else if (zn->spanned_pages && zn->zone_start_pfn != z.start[i])
			oracle_fail("zone_start_pfn", (uint64_t)i, z.start[i], zn->zone_start_pfn,
				    "zone %d", i);
		if (zn->present_pages != z.present[i])
			oracle_fail("zone present_pages", (uint64_t)i, z.present[i], zn->present_pages,
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

/* __pa of a lowmem virtual address. */
static phys_addr_t naive_pa(const struct arm_layout *l, uint32_t va)
{
	return (phys_addr_t)(uint32_t)(va - l->page_offset) + l->phys_offset;
}

static uint32_t naive_va(const struct arm_layout *l, phys_addr_t pa)
{
	return (uint32_t)(pa - l->phys_offset) + l->page_offset;
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
static bool reserved_covers(const struct memblock *mb, phys_addr_t pa, phys_addr_t len)
{
	for (unsigned long i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base <= pa && pa + len <= r->base + r->size)
			return true;
	}
	return false;
}

static void check_memmap_bytes(const struct mm_kernel *k, unsigned long pfn, uint32_t va,
			       uint32_t len)
{
	const struct arm_layout *l = &k->setup->layout;
	const struct mm_setup *s = k->setup;
	struct mmu_walk w;

	if (k->memmap.model != MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
		if (!reserved_covers(mb_of(k), naive_pa(l, va), len))
			oracle_fail("memmap inside memblock.reserved", PFN_PHYS(pfn),
				    naive_pa(l, va), len,
				    "struct pages of the pageblock at pfn 0x%lx (pa, len)", pfn);
		return;
	}
	for (uint32_t page = va & ~0xfffu; page - (va & ~0xfffu) < len + (va & 0xfffu);
	     page += 0x1000) {
		mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, page, &w);
		if (w.fault || !reserved_covers(mb_of(k), w.pa & ~(PAGE_SIZE - 1), PAGE_SIZE))
			oracle_fail("vmemmap backed by memblock.reserved", PFN_PHYS(pfn), page,
				    w.fault ? 0 : w.pa,
				    "vmemmap page for pfn 0x%lx (%s)", pfn,
				    w.fault ? w.why : "backing page not reserved");
	}
}

static uint32_t expected_page_virt(const struct mm_kernel *k, unsigned long pfn)
{
	const struct memmap *mm = &k->memmap;
	uint32_t sp = k->profile->struct_page_size;
	const struct mem_section *ms;

	switch (mm->model) {
	case MEMORY_MODEL_FLATMEM:
		return mm->mem_map_virt + (uint32_t)(pfn - mm->arch_pfn_offset) * sp;
	case MEMORY_MODEL_SPARSEMEM_VMEMMAP:
		return mm->vmemmap_base + (uint32_t)pfn * sp;
	default:
		ms = section_entry(mm, pfn >> PFN_SECTION_SHIFT);
		return ms ? (ms->section_mem_map & SECTION_MAP_MASK) + (uint32_t)pfn * sp : 0;
	}
}

/* Once per section: its entry's flags, and that the model finds that same entry. */
static void check_section(const struct mm_kernel *k, unsigned long nr)
{
	const struct memmap *mm = &k->memmap;
	const struct mem_section *ms = section_entry(mm, nr);
	bool present = naive_pfn_valid(k, nr << PFN_SECTION_SHIFT);
	uint32_t want = SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_IS_ONLINE |
			SECTION_IS_EARLY;

	if (mm->model != MEMORY_MODEL_SPARSEMEM && mm->model != MEMORY_MODEL_SPARSEMEM_EXTREME)
		return;
	if (!present) {
		if (ms && ms->section_mem_map)
			oracle_fail("section_mem_map of an absent section", nr, 0, ms->section_mem_map,
				    "section %lu holds no whole page of memory", nr);
		return;
	}
	if (!ms || (ms->section_mem_map & ~SECTION_MAP_MASK) != want)
		oracle_fail("section_mem_map flags", nr, want,
			    ms ? ms->section_mem_map & ~SECTION_MAP_MASK : 0,
			    "present section %lu: PRESENT|HAS_MEM_MAP|ONLINE|EARLY", nr);
	if (__nr_to_section(mm, nr) != ms)
		oracle_fail("__nr_to_section", nr, (uint64_t)(uintptr_t)ms,
			    (uint64_t)(uintptr_t)__nr_to_section(mm, nr),
			    "the model's lookup of section %lu is not its table entry", nr);
	if (mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME) {
		unsigned long root = nr / SECTIONS_PER_ROOT_EXTREME;

		if (!reserved_covers(mb_of(k), naive_pa(&k->setup->layout, mm->roots_virt[root]),
				     PAGE_SIZE))
			oracle_fail("section root inside memblock.reserved", root,
				    mm->roots_virt[root], 0, "root %lu", root);
	}
}

static unsigned flags_zone(const struct mm_kernel *k, const struct page *page)
{
	unsigned shift = k->memmap.model == MEMORY_MODEL_SPARSEMEM ||
					 k->memmap.model == MEMORY_MODEL_SPARSEMEM_EXTREME
				 ? ZONES_PGSHIFT_SPARSE
				 : ZONES_PGSHIFT;

	return (page->flags >> shift) & ((1u << ZONES_WIDTH) - 1);
}

static void check_valid_pfn(const struct mm_kernel *k, const struct naive_zones *z,
			    unsigned long pfn, bool in_memory)
{
	const struct memmap *mm = &k->memmap;
	const struct arm_layout *l = &k->setup->layout;
	struct page *page = pfn_to_page(mm, pfn);
	uint32_t virt = expected_page_virt(k, pfn);
	int zone = naive_zone_of(z, pfn);
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
			    "%s arithmetic for pfn 0x%lx", memory_model_name(mm->model), pfn);
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
	if (flags_zone(k, page) != (unsigned)zone)
		oracle_fail("page->flags zone", PFN_PHYS(pfn), (uint64_t)zone, flags_zone(k, page),
			    "pfn 0x%lx", pfn);
	if (page_zone(k, page) != &k->node.node_zones[zone])
		oracle_fail("page_zone", PFN_PHYS(pfn), (uint64_t)zone,
			    (uint64_t)(page_zone(k, page) - k->node.node_zones), "pfn 0x%lx", pfn);
	if (lowmem_pfn(l, pfn)) {
		uint32_t va = page_address(k, page);

		if (va != naive_va(l, PFN_PHYS(pfn)))
			oracle_fail("page_address", PFN_PHYS(pfn), naive_va(l, PFN_PHYS(pfn)), va,
				    "lowmem pfn 0x%lx", pfn);
		else if (layout_va_to_pa(l, va) != PFN_PHYS(pfn))
			oracle_fail("virt_to_page", va, PFN_PHYS(pfn), layout_va_to_pa(l, va),
				    "__pa(page_address) of pfn 0x%lx", pfn);
	}
}

static void check_invalid_pfn(const struct mm_kernel *k, unsigned long pfn)
{
	if (memmap_pfn_valid(&k->memmap, mb_of(k), pfn))
		oracle_fail("pfn_valid", PFN_PHYS(pfn), 0, 1, "pfn 0x%lx has no memory in its %s", pfn,
			    sparse_model(k) ? "section" : "pageblock");
}

/*
 * pfn_valid at a pfn outside the whole-page span of memory.  Usually
 * invalid, but FLATMEM's pfn_valid asks whether any byte of memory lies in
 * the pfn's pageblock, so a partial page at an end of memory makes the
 * next pageblock valid too: compare with the naive rule, not with "no".
 */
static void probe_pfn_valid(const struct mm_kernel *k, unsigned long pfn)
{
	if (!naive_pfn_valid(k, pfn))
		check_invalid_pfn(k, pfn);
	else if (!memmap_pfn_valid(&k->memmap, mb_of(k), pfn))
		oracle_fail("pfn_valid", PFN_PHYS(pfn), 1, 0,
			    "pfn 0x%lx past the whole pages of memory, memory in its pageblock", pfn);
}

/* One validity block (aligned), restricted to [start, end). */
static void check_block(const struct mm_kernel *k, const struct naive_zones *z,
			unsigned long block, unsigned long start, unsigned long end)
{
	unsigned long n = validity_block(k);
	unsigned long s = block > start ? block : start;
	unsigned long e = block + n < end ? block + n : end;
	uint32_t sp = k->profile->struct_page_size;

	if (sparse_model(k) && (block % PAGES_PER_SECTION) == 0)
		check_section(k, block >> PFN_SECTION_SHIFT);
	if (!naive_pfn_valid(k, block)) {
		check_invalid_pfn(k, s);
		check_invalid_pfn(k, e - 1);
		return;
	}
	/* The model's pfn_valid is probed at the block's ends; validity is uniform inside. */
	if (!memmap_pfn_valid(&k->memmap, mb_of(k), s) || !memmap_pfn_valid(&k->memmap, mb_of(k), e - 1))
		oracle_fail("pfn_valid", PFN_PHYS(s), 1, 0, "pfns 0x%lx and 0x%lx", s, e - 1);
	for (unsigned long pfn = s; pfn < e;) {
		/* Runs of pfns with the same presence: whole pages of one memory region, or a gap. */
		unsigned long run_end = e;
		bool in_memory = false;
		const struct memblock *mb = mb_of(k);

		for (unsigned long i = 0; i < mb->memory.cnt; i++) {
			unsigned long rs, re;

			if (!region_pfns(&mb->memory.regions[i], &rs, &re))
				continue;
			if (pfn >= rs && pfn < re) {
				in_memory = true;
				run_end = re < run_end ? re : run_end;
			} else if (rs > pfn && rs < run_end) {
				run_end = rs;
			}
		}
		for (; pfn < run_end; pfn++)
			check_valid_pfn(k, z, pfn, in_memory);
	}
	/* Struct pages of a pageblock are contiguous in every model. */
	for (unsigned long pb = s; pb < e;) {
		unsigned long pb_end = (pb | (pageblock_pages(k) - 1)) + 1;

		if (pb_end > e)
			pb_end = e;
		check_memmap_bytes(k, pb, expected_page_virt(k, pb), (uint32_t)(pb_end - pb) * sp);
		pb = pb_end;
	}
}

void page_check_range(const struct mm_kernel *k, unsigned long start, unsigned long end)
{
	unsigned long n = validity_block(k);
	struct naive_zones z;

	if (start >= end)
		return;
	naive_zones_compute(k, &z);
	for (unsigned long block = start & ~(n - 1); block < end; block += n) {
		check_block(k, &z, block, start, end);
		if (block + n < block)
			break;
	}
}

void page_check_pfns(const struct mm_kernel *k, unsigned long pfn, unsigned long nr)
{
	const struct memblock *mb = mb_of(k);
	struct naive_zones z;

	naive_zones_compute(k, &z);
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		if (sparse_model(k) && (p == pfn || (p % PAGES_PER_SECTION) == 0))
			check_section(k, p >> PFN_SECTION_SHIFT);
		if (!naive_pfn_valid(k, p)) {
			check_invalid_pfn(k, p);
			continue;
		}
		check_valid_pfn(k, &z, p, naive_present_pages(mb, p, p + 1) != 0);
	}
}

static void check_flatmem_map(const struct mm_kernel *k, const struct naive_zones *z)
{
	const struct memmap *mm = &k->memmap;
	unsigned long max_order_pages = 1UL << (k->profile->max_order - 1);
	unsigned long want_start = z->node_start & ~(max_order_pages - 1);
	unsigned long want_end = (z->node_end + max_order_pages - 1) & ~(max_order_pages - 1);
	unsigned long offset = (unsigned long)PFN_DOWN(k->setup->layout.phys_offset);

	if (mm->arch_pfn_offset != offset)
		oracle_fail("ARCH_PFN_OFFSET", 0, offset, mm->arch_pfn_offset, "PHYS_PFN_OFFSET");
	if (mm->map_start_pfn != want_start || mm->map_end_pfn != want_end)
		oracle_fail("mem_map coverage", 0, want_start, mm->map_start_pfn,
			    "expected [0x%lx, 0x%lx), model [0x%lx, 0x%lx)", want_start, want_end,
			    mm->map_start_pfn, mm->map_end_pfn);
}

void page_check_full(const struct mm_kernel *k)
{
	unsigned long n = validity_block(k);
	struct naive_zones z;
	unsigned long lo, hi;

	page_check_zones(k);
	naive_zones_compute(k, &z);
	if (k->memmap.model == MEMORY_MODEL_FLATMEM)
		check_flatmem_map(k, &z);
	lo = z.node_start & ~(n - 1);
	hi = (z.node_end + n - 1) & ~(n - 1);
	page_check_range(k, lo, hi);
	/* Outside the span: probe the neighbouring blocks and the far limits. */
	if (lo >= n)
		probe_pfn_valid(k, lo - 1);
	probe_pfn_valid(k, hi);
	probe_pfn_valid(k, hi + n);
	if (!k->profile->lpae)
		check_invalid_pfn(k, 1UL << (32 - PAGE_SHIFT));
	if (sparse_model(k)) {
		for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
			unsigned long pfn = nr << PFN_SECTION_SHIFT;

			if (pfn < lo || pfn >= hi)
				check_block(k, &z, pfn, pfn, pfn + PAGES_PER_SECTION);
		}
		check_invalid_pfn(k, NR_MEM_SECTIONS << PFN_SECTION_SHIFT);
	}
}

void page_check_kmap(const struct mm_kernel *k, const struct page *page, uint32_t vaddr)
{
	const struct mm_setup *s = k->setup;
	const struct arm_layout *l = &s->layout;
	unsigned long pfn = page_to_pfn(&k->memmap, page);
	uint32_t pkmap_end = l->pkmap_base + LAST_PKMAP * (uint32_t)PAGE_SIZE;
	struct mmu_walk w;

	if (lowmem_pfn(l, pfn)) {
		if (vaddr != naive_va(l, PFN_PHYS(pfn)))
			oracle_fail("kmap of lowmem", PFN_PHYS(pfn), naive_va(l, PFN_PHYS(pfn)), vaddr,
				    "kmap must return page_address (__va)");
		return;
	}
	if (vaddr < l->pkmap_base || vaddr >= pkmap_end || (vaddr & 0xfff))
		oracle_fail("kmap address in the pkmap window", PFN_PHYS(pfn), l->pkmap_base, vaddr,
			    "highmem pfn 0x%lx", pfn);
	mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, vaddr, &w);
	if (w.fault || w.pa != PFN_PHYS(pfn))
		oracle_fail("kmap mapping", vaddr, PFN_PHYS(pfn), w.fault ? 0 : w.pa,
			    "the pkmap PTE must map the page (%s)", w.why);
	if (page_address(k, page) != vaddr)
		oracle_fail("page_address of a kmapped page", PFN_PHYS(pfn), vaddr,
			    page_address(k, page), "highmem pfn 0x%lx", pfn);
}

void page_check_kmap_local(const struct mm_kernel *k, const struct page *page, uint32_t vaddr,
			   unsigned int depth)
{
	const struct mm_setup *s = k->setup;
	const struct arm_layout *l = &s->layout;
	unsigned long pfn = page_to_pfn(&k->memmap, page);
	uint32_t want = l->fixaddr_top - ((FIX_KMAP_BEGIN + depth) << PAGE_SHIFT);
	struct mmu_walk w;

	if (lowmem_pfn(l, pfn)) {
		if (vaddr != naive_va(l, PFN_PHYS(pfn)))
			oracle_fail("kmap_local of lowmem", PFN_PHYS(pfn), naive_va(l, PFN_PHYS(pfn)),
				    vaddr, "kmap_local_page must return page_address (__va)");
		return;
	}
	if (vaddr != want)
		oracle_fail("kmap_local fixmap slot", PFN_PHYS(pfn), want, vaddr,
			    "nesting depth %u", depth);
	mmu_walk(s->pm, s->mmu.format, s->mmu.pgd_phys, vaddr, &w);
	if (w.fault || w.pa != PFN_PHYS(pfn))
		oracle_fail("kmap_local mapping", vaddr, PFN_PHYS(pfn), w.fault ? 0 : w.pa,
			    "the fixmap PTE must map the page (%s)", w.why);
}
