/*
 * mem_init() on ARM (Linux v6.1 arch/arm/mm/init.c mem_init,
 * free_highpages, free_initmem, free_initrd_mem; mm/page_alloc.c
 * free_highmem_page, mem_init_print_info).
 *
 * free_highpages() frees one page at a time in the kernel.  The fast path
 * frees, per zone, the blocks those order-0 frees end up merged into, in
 * the order that rebuilds the kernel's free lists exactly (see
 * free_highpages_fast); free_highpages_reference() is the per-page loop.
 */
#include "boot_mem.h"

#include <stdio.h>
#include <stdlib.h>

#include "bugs.h"
#include "host_mem.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "printk.h"

#define PG_RESERVED_BIT (1u << PG_reserved)

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

static unsigned long max_ul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

static bool has_highmem(const struct mm_kernel *k)
{
	return k->setup->layout.cfg.highmem;
}

static void free_highmem_page(struct mm_kernel *k, struct page *page)
{
	page->flags &= ~PG_RESERVED_BIT;
	page->_refcount = 1;
	__free_pages(k, page, 0);
	page_zone(k, page)->managed_pages++;
	k->totalram_pages++;
	k->totalhigh_pages++;
}

void free_highpages_reference(struct mm_kernel *k)
{
	unsigned long s, e;
	uint64_t idx = 0;

	if (!has_highmem(k))
		return;
	while (next_free_pfns(k, &idx, true, &s, &e))
		for (unsigned long pfn = s; pfn < e; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);

			if (page)
				free_highmem_page(k, page);
		}
}

struct hblock {
	unsigned long pfn;
	unsigned int order;
	bool tail;
};

struct hblocks {
	struct hblock *b;
	size_t nr, cap;
};

static void hblocks_add(struct hblocks *v, unsigned long pfn, unsigned int order, bool tail)
{
	host_reserve(&v->b, &v->cap, v->nr + 1, sizeof(*v->b));
	v->b[v->nr++] = (struct hblock){ pfn, order, tail };
}

/*
 * The blocks sequential order-0 frees of the run [s, e) merge into (the
 * aligned decomposition capped at MAX_ORDER-1: nothing above a freed page
 * is free yet, and a block's buddy outside the run never becomes free),
 * each with the place buddy_merge_likely() gave it when its last page was
 * freed: the tail when the block's parent has a free buddy of the parent's
 * order, i.e. when that buddy lies below the parent, inside the run.
 */
static void decompose_run(const struct mm_kernel *k, unsigned long s, unsigned long e, struct hblocks *out)
{
	unsigned int max = k->profile->max_order - 1;
	unsigned long run_start = s;

	while (s < e) {
		unsigned int order = s ? (unsigned int)__builtin_ctzl(s) : max;
		bool tail = false;

		order = order < max ? order : max;
		while (s + (1UL << order) > e)
			order--;
		if (order + 2 < k->profile->max_order) {
			unsigned long parent = s & ~(1UL << order);
			unsigned long pbuddy = parent ^ (1UL << (order + 1));

			tail = pbuddy < parent && pbuddy >= run_start;
		}
		hblocks_add(out, s, order, tail);
		s += 1UL << order;
	}
}

/* The zone's highmem runs: free ranges clipped to the zone, touching ones joined. */
static void collect_zone_blocks(struct mm_kernel *k, const struct zone *zone, struct hblocks *v)
{
	unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone), s, e, run_s = 0, run_e = 0;
	uint64_t idx = 0;

	v->nr = 0;
	while (next_free_pfns(k, &idx, true, &s, &e)) {
		unsigned long p;

		for (s = max_ul(s, zs), e = min_ul(e, ze); s < e; s = p) {
			p = storage_piece_end(k, s, e);
			if (!memmap_has_page(&k->memmap, s))
				continue;
			if (run_s < run_e && run_e == s) {
				run_e = p;
				continue;
			}
			if (run_s < run_e)
				decompose_run(k, run_s, run_e, v);
			run_s = s;
			run_e = p;
		}
	}
	if (run_s < run_e)
		decompose_run(k, run_s, run_e, v);
}

/*
 * free_highpages() without touching every page.  A list ends up holding
 * its head-inserted blocks newest (highest pfn) first, then its
 * tail-inserted ones oldest first; __free_pages_core() appends, so freeing
 * the head-inserted blocks in descending pfn order and then the
 * tail-inserted ones in ascending order rebuilds every list.  No block
 * merges on the way (its buddy is never wholly free), and every block's
 * pageblocks are MIGRATE_MOVABLE (they start inside memory), so the head's
 * migratetype is the one the last page's free used.
 */
void free_highpages_fast(struct mm_kernel *k)
{
	struct hblocks v = { 0 };

	if (!has_highmem(k))
		return;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];
		unsigned long pages = 0;

		if (!zone->spanned_pages || zone->zone_start_pfn + zone->spanned_pages <= k->setup->layout.max_low_pfn)
			continue;
		collect_zone_blocks(k, zone, &v);
		for (size_t i = v.nr; i-- > 0;)
			if (!v.b[i].tail)
				__free_pages_core(k, pfn_to_page(&k->memmap, v.b[i].pfn), v.b[i].order);
		for (size_t i = 0; i < v.nr; i++) {
			if (v.b[i].tail)
				__free_pages_core(k, pfn_to_page(&k->memmap, v.b[i].pfn), v.b[i].order);
			pages += 1UL << v.b[i].order;
		}
		k->totalram_pages += pages;
		k->totalhigh_pages += pages;
	}
	free(v.b);
}

void mem_init_print_info(struct mm_kernel *k)
{
	const struct kernel_sections *ks = &k->setup->layout.ks;
	unsigned long physpages = k->node.node_present_pages, nr_free = 0;
	char high[40] = "";

	for (int z = 0; z < MAX_NR_ZONES; z++)
		nr_free += k->node.node_zones[z].nr_free_pages;
	if (has_highmem(k))
		snprintf(high, sizeof(high), ", %luK highmem", k->totalhigh_pages << (PAGE_SHIFT - 10));
	mm_printk(k->log,
		  "Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved%s)\n",
		  nr_free << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		  (unsigned long)((ks->etext - ks->stext) >> 10), (unsigned long)((ks->edata - ks->sdata) >> 10),
		  (unsigned long)((ks->end_rodata - ks->start_rodata) >> 10),
		  (unsigned long)((ks->init_end - ks->init_begin) >> 10),
		  (unsigned long)((ks->bss_stop - ks->bss_start) >> 10),
		  (physpages - k->totalram_pages -
		   (mm_bug_on(MM_BUG_MEMORY_LINE_RESERVED) ? 0 : k->totalcma_pages)) << (PAGE_SHIFT - 10),
		  k->totalcma_pages << (PAGE_SHIFT - 10), high);
}

int mem_init(struct mm_kernel *k)
{
	const struct arm_layout *l = &k->setup->layout;
	int ret;

	/* LPAE: bounce buffers when RAM ends above the DMA zone (arm_dma_pfn_limit) */
	if (l->cfg.lpae)
		swiotlb_init(&k->setup->boot->mb, l->max_pfn > (unsigned long)(l->arm_dma_limit >> PAGE_SHIFT),
			     k->nr_cpus, &k->io_tlb);
	ret = memblock_free_all(k);
	if (ret < 0)
		return ret;
	if (k->bm->eager || k->cfg.reference_free_highpages)
		free_highpages_reference(k);
	else
		free_highpages_fast(k);
	mem_init_print_info(k);
	return 0;
}

/* The accepted initrd, rounded out to whole pages (none when reserve_initrd_mem refused it). */
int free_initrd_mem(struct mm_kernel *k)
{
	const struct arm_layout *l = &k->setup->layout;
	uint32_t start = l->initrd_start & (uint32_t)PAGE_MASK;
	uint32_t end = (l->initrd_end + (uint32_t)PAGE_SIZE - 1) & (uint32_t)PAGE_MASK;

	if (!l->initrd_start)
		return 0;
	return free_reserved_area(k, start, end, "initrd") < 0 ? -MM_EPANIC : 0;
}

/* free_initmem_default(): __init_begin to __init_end. */
int free_initmem(struct mm_kernel *k)
{
	const struct arm_layout *l = &k->setup->layout;
	uint32_t start = layout_pa_to_va(l, l->ks.init_begin), end = layout_pa_to_va(l, l->ks.init_end);

	if (mm_bug_on(MM_BUG_INITMEM_FREE_SHORT))
		end -= (uint32_t)PAGE_SIZE;
	return free_reserved_area(k, start, end, "unused kernel image (initmem)") < 0 ? -MM_EPANIC : 0;
}
