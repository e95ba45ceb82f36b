/* See memmap_check.h.  The derivation walks the watched operations once, in boot order. */
#include "memmap_check.h"

#include "layout_check.h"
#include "memblock_check.h"
#include "oracle.h"

#define SECTION_FLAGS (SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_IS_ONLINE | SECTION_IS_EARLY)
#define ROOT_BYTES (SECTIONS_PER_ROOT_EXTREME * 16)	/* sizeof(struct mem_section) is 16 */
#define ROOT_ARRAY_BYTES (NR_MEM_SECTIONS / SECTIONS_PER_ROOT_EXTREME * 4)

struct cursor {
	struct kernel_watch *w;
	unsigned long i;
	bool failed;
};

static enum memory_model model_of(const struct kernel_watch *w)
{
	return w->cfg.model;
}

static bool sparse_static_or_extreme(const struct kernel_watch *w)
{
	return model_of(w) == MEMORY_MODEL_SPARSEMEM || model_of(w) == MEMORY_MODEL_SPARSEMEM_EXTREME;
}

static uint64_t page_bytes(const struct kernel_watch *w, uint64_t pages)
{
	return pages * w->cfg.profile->struct_page_size;
}

/* section_map_size(): a section's struct pages, to a page; to a PMD with VMEMMAP. */
static phys_addr_t section_map_size(const struct kernel_watch *w)
{
	uint64_t round = model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP ? SZ_2M : PAGE_SIZE;

	return MM_ALIGN_UP(page_bytes(w, PAGES_PER_SECTION), round);
}

/* mem_section_usage_size(): VMEMMAP's subsection bitmap, then 4 bits per pageblock in 32-bit words. */
static phys_addr_t usage_bytes(const struct kernel_watch *w)
{
	unsigned long bits = (PAGES_PER_SECTION >> w->cfg.profile->pageblock_order) * NR_PAGEBLOCK_BITS;

	return (bits + 31) / 32 * 4 + (model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP ? 16 : 0);
}

/* __pa(MAX_DMA_ADDRESS): PAGE_OFFSET + the DMA zone size when the machine has one, else __pa(~0). */
static phys_addr_t min_addr(const struct kernel_watch *w)
{
	uint64_t dma = w->cfg.setup.layout.dma_zone_size;
	uint32_t po = layout_naive_page_offset(w->cfg.setup.layout.split);

	return naive_pa(w, dma && dma < SZ_4G - po ? po + (uint32_t)dma : 0xffffffffu);
}

/* Sections holding a whole page of the memory zone sizing read (memory_present). */
static bool section_present(const struct kernel_watch *w, unsigned long nr)
{
	return naive_whole_pages(w->memory, w->nr_memory, nr * PAGES_PER_SECTION,
				 (nr + 1) * PAGES_PER_SECTION) != 0;
}

phys_addr_t memmap_masked_candidate(const struct kernel_watch *w, phys_addr_t size)
{
	phys_addr_t align = section_map_size(w), found;

	if (!sparse_static_or_extreme(w) || !size || size % align)
		return 0;
	found = memblock_shadow_find(w->shadow, size, align, min_addr(w), 0);
	return found ? found : memblock_shadow_find(w->shadow, size, align, 0, 0);
}

static void fail_op(struct cursor *c, const struct watched_op *op, const char *what,
		    phys_addr_t size, phys_addr_t align)
{
	c->failed = true;
	if (!op) {
		oracle_fail("memmap allocation", 0, size, 0, "%s: no memblock operation left", what);
		return;
	}
	oracle_fail("memmap allocation", op->base | op->result, size, op->size,
		    "%s: expected size 0x%llx align 0x%llx; op %d size 0x%llx align 0x%llx "
		    "[0x%llx, 0x%llx) at 0x%llx", what, (unsigned long long)size,
		    (unsigned long long)align, op->kind, (unsigned long long)op->size,
		    (unsigned long long)op->align, (unsigned long long)op->start,
		    (unsigned long long)op->end, (unsigned long long)(op->base | op->result));
}

static const struct watched_op *peek(const struct cursor *c)
{
	return !c->failed && c->i < c->w->nr_ops ? &c->w->ops[c->i] : NULL;
}

/* memblock_alloc_try_nid(size, align, from, ACCESSIBLE): a successful ALLOC op. */
static phys_addr_t expect_alloc(struct cursor *c, phys_addr_t size, phys_addr_t align,
				phys_addr_t from, const char *what)
{
	const struct watched_op *op = peek(c);

	if (c->failed)
		return 0;
	if (!op || op->kind != MEMBLOCK_OP_ALLOC || op->size != size || op->align != align ||
	    op->start != from || op->end != MEMBLOCK_ALLOC_ACCESSIBLE || !op->result) {
		fail_op(c, op, what, size, align);
		return 0;
	}
	c->i++;
	return op->result;
}

/* memblock_phys_free(base, size), unless size is 0. */
static void expect_free(struct cursor *c, phys_addr_t base, phys_addr_t size, const char *what)
{
	const struct watched_op *op = peek(c);

	if (c->failed || !size)
		return;
	if (!op || op->kind != MEMBLOCK_OP_FREE || op->base != base || op->size != size) {
		c->failed = true;
		oracle_fail("memmap free", base, size, op ? op->size : 0,
			    "%s: expected memblock_phys_free(0x%llx, 0x%llx); got op %d at 0x%llx",
			    what, (unsigned long long)base, (unsigned long long)size,
			    op ? (int)op->kind : -1, op ? (unsigned long long)op->base : 0ULL);
		return;
	}
	c->i++;
}

/*
 * memmap_alloc(size, align = size, __pa(MAX_DMA_ADDRESS)) with an
 * alignment that is no power of two: reservations at the masked
 * candidate; the first that succeeds is the map.  0 when none follows.
 */
static phys_addr_t expect_masked(struct cursor *c, phys_addr_t size, const char *what)
{
	const struct watched_op *op;

	while ((op = peek(c)) && op->kind == MEMBLOCK_OP_RESERVE && op->size == size) {
		c->i++;
		if (op->base != op->masked_candidate) {
			c->failed = true;
			oracle_fail("memmap placement", op->base, op->masked_candidate, op->base,
				    "%s: size 0x%llx aligned to 0x%llx with the kernel's mask arithmetic",
				    what, (unsigned long long)size,
				    (unsigned long long)section_map_size(c->w));
			return 0;
		}
		if (op->ret == 0)
			return op->base;
	}
	return 0;
}

static void derive_flatmem(struct cursor *c)
{
	struct kernel_watch *w = c->w;
	const struct naive_zones *z = &w->zones;
	unsigned long block = 1UL << (w->cfg.profile->max_order - 1), pb = 1UL << w->cfg.profile->pageblock_order;
	phys_addr_t pa;

	w->arch_pfn_offset = (unsigned long)PFN_DOWN(w->phys_offset);
	if (z->node_start == z->node_end)
		return;
	w->map_start = z->node_start & ~(block - 1);
	w->map_end = (z->node_end + block - 1) & ~(block - 1);
	pa = expect_alloc(c, page_bytes(w, w->map_end - w->map_start), SMP_CACHE_BYTES, 0, "FLATMEM mem_map");
	w->mem_map_virt = naive_va(w, pa);
	if (w->arch_pfn_offset == z->node_start)
		w->mem_map_virt += (uint32_t)page_bytes(w, z->node_start - w->map_start);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long blocks = (z->end[i] - z->start[i] + (z->start[i] & (pb - 1)) + pb - 1) / pb;

		if (z->end[i] > z->start[i])
			expect_alloc(c, (blocks * NR_PAGEBLOCK_BITS + 31) / 32 * 4, SMP_CACHE_BYTES, 0,
				     "zone usemap");
	}
}

/* memory_present, sparse_init_nid: roots, usage, the buffer, each present section's map. */
static void derive_sparse(struct cursor *c)
{
	struct kernel_watch *w = c->w;
	phys_addr_t size = section_map_size(w), usage, buf_pa = 0;
	unsigned long count = 0, done = 0;
	uint64_t buf = 0, end = 0;
	uint32_t root_virt = 0;

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++)
		count += section_present(w, nr);
	if (!count)
		return;
	if (model_of(w) == MEMORY_MODEL_SPARSEMEM_EXTREME) {
		expect_alloc(c, ROOT_ARRAY_BYTES, SMP_CACHE_BYTES, 0, "mem_section root array");
		root_virt = naive_va(w, expect_alloc(c, ROOT_BYTES, SMP_CACHE_BYTES, 0, "mem_section root"));
		if (root_virt != w->k->memmap.roots_virt[0] && !c->failed)
			oracle_fail("section root placement", 0, root_virt, w->k->memmap.roots_virt[0],
				    "root 0 from its memblock allocation");
	}
	usage = expect_alloc(c, usage_bytes(w) * count, SMP_CACHE_BYTES, 0, "mem_section_usage array");
	if (model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
		const struct watched_op *op = peek(c);

		/* the buffer may fail (result 0); the window's pages are walked by page_check */
		if (!op || op->kind != MEMBLOCK_OP_ALLOC || op->size != size * count || op->align != size ||
		    op->start != min_addr(w))
			fail_op(c, op, "sparse buffer", size * count, size);
		else
			c->i++;
		w->vmemmap_base = w->k->memmap.vmemmap_base;
	} else {
		buf_pa = expect_masked(c, size * count, "sparse buffer");
		buf = buf_pa ? naive_va(w, buf_pa) : 0;
		end = buf ? buf + size * count : 0;
	}
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS && !c->failed; nr++) {
		uint64_t ptr;

		if (!section_present(w, nr))
			continue;
		w->usage_virt[nr] = naive_va(w, usage) + (uint32_t)(usage_bytes(w) * done++);
		if (model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
			w->section_map[nr] = w->vmemmap_base + (uint32_t)page_bytes(w, nr * PAGES_PER_SECTION);
			continue;
		}
		/* sparse_buffer_alloc(): an arithmetic roundup, the skipped head freed */
		ptr = buf ? (buf + size - 1) / size * size : 0;
		if (buf && ptr + size <= end) {
			expect_free(c, naive_pa(w, (uint32_t)buf), ptr - buf, "sparse buffer head");
			w->section_map[nr] = (uint32_t)ptr;
			buf = ptr + size;
		} else {
			w->section_map[nr] = naive_va(w, expect_masked(c, size, "section memory map"));
			if (!w->section_map[nr] && !c->failed)
				fail_op(c, peek(c), "section memory map", size, size);
		}
	}
	if (model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
		/* vmemmap_populate: page tables and backing pages, and the buffer's tail */
		const struct watched_op *op;

		/* __earlyonly_bootmem_alloc takes its goal as an unsigned long */
		while ((op = peek(c)) &&
		       ((op->kind == MEMBLOCK_OP_ALLOC && op->size == PAGE_SIZE && op->align == PAGE_SIZE &&
			 op->start == (uint32_t)min_addr(w) && op->result) ||
			op->kind == MEMBLOCK_OP_FREE))
			c->i++;
	} else if (buf && end > buf) {
		expect_free(c, naive_pa(w, (uint32_t)buf), end - buf, "sparse buffer tail");
	}
}

/* mem_init → memblock_free_all → free_unused_memmap (FLATMEM): the map behind gaps between banks. */
static void expect_free_unused_memmap(struct cursor *c)
{
	struct kernel_watch *w = c->w;
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order, prev_end = 0;

	for (unsigned long i = 0; i < w->nr_memory && !c->failed; i++) {
		unsigned long s = (unsigned long)PFN_UP(w->memory[i].base) & ~(pb - 1);
		unsigned long e = (unsigned long)PFN_DOWN(w->memory[i].base + w->memory[i].size);

		if ((unsigned long)PFN_UP(w->memory[i].base) >= e)
			continue;
		if (prev_end && prev_end < s) {
			phys_addr_t from = MM_ALIGN_UP(naive_pa(w, memmap_expected_virt(w, prev_end)), PAGE_SIZE);
			phys_addr_t to = naive_pa(w, memmap_expected_virt(w, s)) & PAGE_MASK;

			if (from < to)
				expect_free(c, from, to - from, "free_unused_memmap");
		}
		prev_end = (e + pb - 1) & ~(pb - 1);
	}
}

/* Is [base, base + size) inside what one of the operations [first, last) allocated? */
static bool allocated_since(const struct kernel_watch *w, unsigned long first, unsigned long last,
			    phys_addr_t base, phys_addr_t size)
{
	for (unsigned long i = first; i < last; i++) {
		const struct watched_op *a = &w->ops[i];

		if (a->kind == MEMBLOCK_OP_ALLOC && a->result && base >= a->result &&
		    size <= a->size && base - a->result <= a->size - size)
			return true;
	}
	return false;
}

/*
 * start_kernel's early allocations between the memory map's and the
 * hand-over (request_standard_resources, unflatten_device_tree,
 * setup_command_line, the percpu first chunk, the VFS hash tables, LPAE's
 * swiotlb): they only allocate, and free back only parts of what they
 * allocated (percpu's unused units, its allocation info).  Their sizes and
 * order are checked against the real kernel by tests/fidelity, not here.
 */
static void skip_start_kernel_allocs(struct cursor *c)
{
	unsigned long first = c->i;
	const struct watched_op *op;

	while ((op = peek(c)) &&
	       (op->kind == MEMBLOCK_OP_ALLOC ||
		(op->kind == MEMBLOCK_OP_FREE && allocated_since(c->w, first, c->i, op->base, op->size))))
		c->i++;
}

void memmap_check_ops(struct kernel_watch *w)
{
	struct cursor c = { w, 0, false };
	const struct watched_op *op;

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++)
		w->section_map[nr] = w->usage_virt[nr] = 0;
	w->mem_map_virt = 0;
	w->map_start = w->map_end = 0;
	w->vmemmap_base = 0;
	if (model_of(w) == MEMORY_MODEL_FLATMEM)
		derive_flatmem(&c);
	else
		derive_sparse(&c);
	skip_start_kernel_allocs(&c);
	if (model_of(w) == MEMORY_MODEL_FLATMEM)
		expect_free_unused_memmap(&c);
	if (c.failed)
		return;
	/* the differential's padding (kernel_config.extra_reserved), reserved as configured */
	for (unsigned long i = 0; i < w->cfg.nr_extra_reserved; i++, c.i++) {
		const struct memblock_region *r = &w->cfg.extra_reserved[i];

		op = peek(&c);
		if (!op || op->kind != MEMBLOCK_OP_RESERVE || op->base != r->base || op->size != r->size) {
			oracle_fail("extra_reserved at hand-over", r->base, r->size, op ? op->size : 0,
				    "padding range %lu of %lu", i, w->cfg.nr_extra_reserved);
			return;
		}
	}
	/* memblock_free_all → memblock_clear_hotplug(0, -1), then nothing */
	op = peek(&c);
	if (!op || op->kind != MEMBLOCK_OP_CLEAR || op->flags != MEMBLOCK_HOTPLUG || op->base ||
	    op->size != (w->cfg.setup.boot.lpae ? ~0ULL : 0xffffffffULL))
		oracle_fail("memblock_clear_hotplug at hand-over", op ? op->base : 0, MEMBLOCK_OP_CLEAR,
			    op ? op->kind : MEMBLOCK_OP_NR, "the operation after the memory map's");
	else if (c.i + 1 != w->nr_ops)
		oracle_fail("memblock after hand-over", w->ops[c.i + 1].base, 0, w->ops[c.i + 1].kind,
			    "%lu operations after memblock_clear_hotplug", w->nr_ops - c.i - 1);
}

uint32_t memmap_expected_virt(const struct kernel_watch *w, unsigned long pfn)
{
	unsigned long nr = pfn >> PFN_SECTION_SHIFT;

	switch (model_of(w)) {
	case MEMORY_MODEL_FLATMEM:
		return w->mem_map_virt + (uint32_t)page_bytes(w, pfn - w->arch_pfn_offset);
	case MEMORY_MODEL_SPARSEMEM_VMEMMAP:
		return w->vmemmap_base + (uint32_t)page_bytes(w, pfn);
	default:
		if (nr >= NR_MEM_SECTIONS || !w->section_map[nr])
			return 0;
		return w->section_map[nr] + (uint32_t)page_bytes(w, pfn - nr * PAGES_PER_SECTION);
	}
}

uint32_t memmap_expected_section(const struct kernel_watch *w, unsigned long nr)
{
	if (nr >= NR_MEM_SECTIONS || !w->section_map[nr])
		return 0;
	return (w->section_map[nr] - (uint32_t)page_bytes(w, nr * PAGES_PER_SECTION)) | SECTION_FLAGS;
}

/* ARM32 has no VMEMMAP: the model's window need only be a sane place in the vmalloc area. */
static void check_vmemmap_window(const struct kernel_watch *w)
{
	const struct mm_kernel *k = w->k;
	const struct arm_layout *l = &k->setup->layout;
	unsigned long first = NR_MEM_SECTIONS, last = 0;
	uint64_t start, end;

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++)
		if (section_present(w, nr)) {
			first = nr < first ? nr : first;
			last = nr;
		}
	if (first == NR_MEM_SECTIONS)
		return;
	start = (uint32_t)(w->vmemmap_base + page_bytes(w, first * PAGES_PER_SECTION));
	end = start + page_bytes(w, (last - first + 1) * PAGES_PER_SECTION);
	if ((start & (SZ_2M - 1)) || start < l->vmalloc_start || end > l->vmalloc_end)
		oracle_fail("vmemmap window", start, l->vmalloc_start, start,
			    "[0x%llx, 0x%llx) must be PMD-aligned inside the vmalloc area up to 0x%x",
			    (unsigned long long)start, (unsigned long long)end, l->vmalloc_end);
	for (int i = 0; i < k->setup->mmu.nr_static_vm; i++) {
		const struct mmu_static_vm *vm = &k->setup->mmu.static_vm[i];

		if (vm->addr < end && start < (uint64_t)vm->addr + vm->size)
			oracle_fail("vmemmap window", start, 0, vm->addr,
				    "overlaps the static vm area at 0x%x", vm->addr);
	}
}

void memmap_check_tables(const struct kernel_watch *w)
{
	const struct memmap *mm = &w->k->memmap;

	if (model_of(w) == MEMORY_MODEL_FLATMEM) {
		if (mm->mem_map_virt != w->mem_map_virt || mm->arch_pfn_offset != w->arch_pfn_offset)
			oracle_fail("mem_map", mm->arch_pfn_offset, w->mem_map_virt, mm->mem_map_virt,
				    "from its memblock allocation and ARCH_PFN_OFFSET 0x%lx (model 0x%lx)",
				    w->arch_pfn_offset, mm->arch_pfn_offset);
		if (mm->map_start_pfn != w->map_start || mm->map_end_pfn != w->map_end)
			oracle_fail("mem_map coverage", 0, w->map_start, mm->map_start_pfn,
				    "expected [0x%lx, 0x%lx), model [0x%lx, 0x%lx)", w->map_start,
				    w->map_end, mm->map_start_pfn, mm->map_end_pfn);
		return;
	}
	if (model_of(w) == MEMORY_MODEL_SPARSEMEM_VMEMMAP)
		check_vmemmap_window(w);
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		const struct mem_section *ms = __nr_to_section(mm, nr);

		if ((ms ? ms->section_mem_map : 0) != memmap_expected_section(w, nr))
			oracle_fail("section_mem_map", nr, memmap_expected_section(w, nr),
				    ms ? ms->section_mem_map : 0,
				    "section %lu: (its map from memblock - start pfn * struct page) | flags", nr);
		if ((ms ? ms->usage_virt : 0) != w->usage_virt[nr])
			oracle_fail("section usage", nr, w->usage_virt[nr], ms ? ms->usage_virt : 0,
				    "section %lu: its slot of the usage array", nr);
	}
}
