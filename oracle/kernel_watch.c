/* See kernel_watch.h.  The zones are recomputed here from the watched memory (shared doc §6). */
#include "kernel_watch.h"

#include <stdlib.h>
#include <string.h>

#include "boot_check.h"
#include "fdt_check.h"
#include "layout_check.h"
#include "memblock_check.h"
#include "memmap_check.h"
#include "oracle.h"

struct kernel_watch *kernel_watch_new(void)
{
	struct kernel_watch *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	w->shadow = memblock_shadow_new();
	w->layout = layout_watch_new();
	if (!w->layout)
		abort();
	return w;
}

void kernel_watch_free(struct kernel_watch *w)
{
	if (!w)
		return;
	memblock_shadow_free(w->shadow);
	layout_watch_free(w->layout);
	free(w->memory);
	free(w->ops);
	free(w->final[0]);
	free(w->final[1]);
	free(w);
}

static void observe_memblock(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	struct kernel_watch *w = ctx;
	int level;

	if (oracle_level == ORACLE_OFF)
		return;
	if (w->in_bootmem) {
		w->ops = oracle_grow(w->ops, &w->cap_ops, w->nr_ops + 1, sizeof(*w->ops));
		w->ops[w->nr_ops++] = (struct watched_op){
			op->kind, op->flags, op->base, op->size, op->align, op->start, op->end,
			op->result, op->ret,
			op->kind == MEMBLOCK_OP_RESERVE ? memmap_masked_candidate(w, op->size) : 0 };
	}
	/* the shadow looks around each operation; its full comparison runs on sweeps */
	level = oracle_level;
	oracle_level = ORACLE_CHEAP;
	layout_watch_observe(mb, op, w->layout);
	oracle_level = level;
	if (!w->in_bootmem && op->kind == MEMBLOCK_OP_ALLOW_RESIZE) {
		/* bootmem_init begins: memory as zone sizing will read it */
		unsigned long n = memblock_shadow_regions(w->shadow, 0, NULL, 0);

		w->memory = oracle_grow(w->memory, &w->cap_memory, n + 1, sizeof(*w->memory));
		w->nr_memory = memblock_shadow_regions(w->shadow, 0, w->memory, n);
		w->in_bootmem = true;
	}
}

/* paging_init has begun: its own limit change is not adjust_lowmem_bounds'. */
static void observe_mmu(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	struct kernel_watch *w = ctx;

	(void)mmu;
	(void)ev;
	layout_watch_freeze(w->layout);
}

void kernel_watch_begin(struct kernel_watch *w, const struct mm_kernel *k, struct kernel_config *cfg,
			const void *fdt, size_t size)
{
	/* the static initial state mm_boot_scan() resets memblock to */
	static struct memblock fresh;

	w->k = k;
	w->ended = false;
	w->in_bootmem = false;
	w->nr_memory = w->nr_ops = 0;
	cfg->observers = (struct setup_observers){ observe_memblock, w, observe_mmu, w };
	w->cfg = *cfg;
	w->po_ok = fdt_naive_phys_offset(fdt, size, &cfg->setup.boot, &w->phys_offset);
	/* PHYS_OFFSET is a phys_addr_t: a configured one past 4 GiB keeps its low 32 bits classic */
	if (!cfg->setup.boot.lpae)
		w->phys_offset = (uint32_t)w->phys_offset;
	memblock_init(&fresh, cfg->setup.boot.lpae, NULL);
	memblock_shadow_reset(w->shadow, &fresh);
	layout_watch_reset(w->layout, memblock_shadow_observe, w->shadow);
}

unsigned long naive_whole_pages(const struct memblock_region *regions, unsigned long nr,
				unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < nr; i++) {
		unsigned long s = (unsigned long)PFN_UP(regions[i].base);
		unsigned long e = (unsigned long)PFN_DOWN(regions[i].base + regions[i].size);

		s = s < start ? start : s;
		e = e > end ? end : e;
		if (s < e)
			n += e - s;
	}
	return n;
}

int naive_zone_of(const struct naive_zones *z, unsigned long pfn)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (pfn >= z->start[i] && pfn < z->end[i])
			return i;
	return -1;
}

bool naive_highmem_zone(const struct kernel_watch *w, int zone)
{
	if (!w->cfg.setup.layout.highmem)
		return false;
	return zone == ZONE_HIGHMEM || (zone == ZONE_MOVABLE && w->zones.movable_zone == ZONE_HIGHMEM);
}

uint32_t naive_va(const struct kernel_watch *w, phys_addr_t pa)
{
	return (uint32_t)(pa - w->phys_offset) + layout_naive_page_offset(w->cfg.setup.layout.split);
}

/* __pa: 64-bit arithmetic with LPAE (the stub adds with carry), 32-bit wrap classic. */
phys_addr_t naive_pa(const struct kernel_watch *w, uint32_t va)
{
	uint64_t pa = (uint64_t)(uint32_t)(va - layout_naive_page_offset(w->cfg.setup.layout.split)) +
		      w->phys_offset;

	return w->cfg.setup.boot.lpae ? pa : (uint32_t)pa;
}

/*
 * free_initmem() frees __init_begin..__init_end, free_initrd_mem() the
 * initrd rounded out to whole pages (arch/arm/mm/init.c), each as the
 * whole pages inside; virt_to_page() takes the initrd's linear address.
 */
void naive_boot_freed(const struct kernel_watch *w, int i, unsigned long *start, unsigned long *end)
{
	const struct arm_layout *l = &w->k->setup->layout;

	*start = *end = 0;
	if (w->cfg.stop_at != BOOT_TO_INIT)
		return;
	if (i == 0) {
		*start = (unsigned long)PFN_UP(l->ks.init_begin);
		*end = (unsigned long)PFN_DOWN(l->ks.init_end);
	} else if (l->initrd_start) {
		*start = (unsigned long)PFN_DOWN(naive_pa(w, l->initrd_start));
		*end = *start + (unsigned long)(PFN_UP(l->initrd_end) - PFN_DOWN(l->initrd_start));
	}
}

static unsigned long clamp_ul(unsigned long v, unsigned long lo, unsigned long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static unsigned long round_up_ul(unsigned long v, unsigned long to)
{
	return (v + to - 1) / to * to;
}

/*
 * find_zone_movable_pfns_for_nodes() for the one node: walking memory
 * upwards, pages below the movable zone's lowest pfn count as kernelcore
 * and are passed over; from there the next kernelcore pages left stay in
 * the kernel zones and ZONE_MOVABLE starts after them (where the walk
 * stops once they are used up), rounded up to MAX_ORDER_NR_PAGES.
 * movablecore= asks for the rest; the larger kernelcore wins.
 */
static unsigned long movable_start(const struct kernel_watch *w, const struct naive_zones *z)
{
	unsigned long max_block = 1UL << (w->cfg.profile->max_order - 1);
	unsigned long total = naive_whole_pages(w->memory, w->nr_memory, 0, ~0UL);
	unsigned long kernelcore = (unsigned long)(w->cfg.kernelcore >> PAGE_SHIFT);
	unsigned long movablecore = (unsigned long)(w->cfg.movablecore >> PAGE_SHIFT);
	unsigned long usable_start = z->low[z->movable_zone], remaining, start = 0;

	if (movablecore) {
		movablecore = round_up_ul(movablecore, max_block);
		movablecore = movablecore < total ? movablecore : total;
		kernelcore = kernelcore > total - movablecore ? kernelcore : total - movablecore;
	}
	if (!kernelcore || kernelcore >= total)
		return 0;
	remaining = kernelcore;
	for (unsigned long i = 0; i < w->nr_memory; i++) {
		unsigned long s = (unsigned long)PFN_UP(w->memory[i].base);
		unsigned long e = (unsigned long)PFN_DOWN(w->memory[i].base + w->memory[i].size);
		unsigned long take;

		s = s > start ? s : start;
		if (s >= e)
			continue;
		if (s < usable_start) {
			take = (e < usable_start ? e : usable_start) - s;
			remaining -= take < remaining ? take : remaining;
			if (e <= usable_start) {
				start = e;
				continue;
			}
			s = usable_start;
		}
		take = e - s < remaining ? e - s : remaining;
		start = s + take;
		remaining -= take;
		if (!remaining)
			break;
	}
	start = round_up_ul(start, max_block);
	return start >= z->node_end ? 0 : start;
}

/*
 * free_area_init(): arch zone bounds from max_zone_pfn (DMA up to
 * arm_dma_limit, Normal up to max_low_pfn, HighMem up to the end of DRAM
 * when configured), ZONE_MOVABLE carved out of the highest populated
 * bound, then each zone's span clamped into the node and its present
 * pages (whole pages of memory inside it, NOMAP counted).
 */
static void compute_zones(struct kernel_watch *w)
{
	const struct arm_layout *l = &w->k->setup->layout;
	struct naive_zones *z = &w->zones;
	unsigned long max_low = (unsigned long)PFN_DOWN(l->arm_lowmem_limit);
	unsigned long dma = (unsigned long)(l->arm_dma_limit >> PAGE_SHIFT);
	unsigned long running, dram_end = 0;

	memset(z, 0, sizeof(*z));
	z->node_start = ~0UL;
	for (unsigned long i = 0; i < w->nr_memory; i++) {
		const struct memblock_region *r = &w->memory[i];
		unsigned long s = (unsigned long)PFN_UP(r->base), e = (unsigned long)PFN_DOWN(r->base + r->size);

		if (PFN_DOWN(r->base + r->size) > dram_end)
			dram_end = (unsigned long)PFN_DOWN(r->base + r->size);
		if (s >= e)
			continue;
		z->node_start = s < z->node_start ? s : z->node_start;
		z->node_end = e > z->node_end ? e : z->node_end;
	}
	if (z->node_start > z->node_end)
		z->node_start = z->node_end = 0;

	z->max_zone_pfn[ZONE_DMA] = dma < max_low ? dma : max_low;
	z->max_zone_pfn[ZONE_NORMAL] = max_low;
	z->max_zone_pfn[ZONE_HIGHMEM] = w->cfg.setup.layout.highmem ? dram_end : 0;
	running = w->nr_memory ? (unsigned long)PFN_DOWN(w->memory[0].base) : 0;
	for (int i = 0; i < ZONE_MOVABLE; i++) {
		if (i == ZONE_HIGHMEM && !w->cfg.setup.layout.highmem)
			continue;
		z->low[i] = running;
		z->high[i] = z->max_zone_pfn[i] > running ? z->max_zone_pfn[i] : running;
		running = z->high[i];
	}
	z->movable_zone = ZONE_DMA;
	for (int i = ZONE_HIGHMEM; i > ZONE_DMA; i--)
		if (z->high[i] > z->low[i]) {
			z->movable_zone = (enum zone_type)i;
			break;
		}
	z->movable_pfn = movable_start(w, z);
	z->max_zone_pfn[ZONE_MOVABLE] = z->movable_pfn;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long s = clamp_ul(z->node_start, z->low[i], z->high[i]);
		unsigned long e = clamp_ul(z->node_end, z->low[i], z->high[i]);

		if (z->movable_pfn && i == ZONE_MOVABLE) {
			s = z->movable_pfn;
			e = z->node_end < z->high[z->movable_zone] ? z->node_end : z->high[z->movable_zone];
		} else if (z->movable_pfn && s < z->movable_pfn && e > z->movable_pfn) {
			e = z->movable_pfn;
		} else if (z->movable_pfn && s >= z->movable_pfn) {
			s = e;
		}
		if (s >= e || e < z->node_start || s > z->node_end)
			continue;
		z->start[i] = s;
		z->end[i] = e;
		z->present[i] = naive_whole_pages(w->memory, w->nr_memory, s, e);
	}
}

/* layout_check and layout_check_limits with the oracle's PHYS_OFFSET. */
static void check_layout(const struct kernel_watch *w)
{
	const struct mm_boot *b = w->k->setup->boot;
	struct layout_inputs in = {
		.phys_offset = w->phys_offset,
		.has_vmalloc = b->ep.has_vmalloc,
		.vmalloc_arg = b->ep.vmalloc_size,
	};

	if (!w->po_ok)
		oracle_fail("PHYS_OFFSET", 0, 0, b->phys_offset,
			    "a guess of 0 without a bank below 4 GiB must be refused");
	layout_check(&w->k->setup->layout, &b->mb, w->layout, &in);
	layout_check_limits(&w->k->setup->layout, &b->mb);
}

unsigned long naive_present_pages(const struct kernel_watch *w, unsigned long start, unsigned long end)
{
	return naive_whole_pages(w->final[0], w->nr_final[0], start, end);
}

unsigned long naive_present_end(const struct kernel_watch *w)
{
	unsigned long end = 0;

	for (unsigned long i = 0; i < w->nr_final[0]; i++) {
		const struct memblock_region *r = &w->final[0][i];

		if (PFN_DOWN(r->base + r->size) > PFN_UP(r->base) && PFN_DOWN(r->base + r->size) > end)
			end = (unsigned long)PFN_DOWN(r->base + r->size);
	}
	return end;
}

static bool pfn_round_trips(const struct kernel_watch *w, unsigned long pfn)
{
	uint64_t phys_max = w->cfg.setup.boot.lpae ? ~0ULL : 0xffffffffULL;

	return ((PFN_PHYS(pfn) & phys_max) >> PAGE_SHIFT) == pfn;
}

bool naive_pfn_valid(const struct kernel_watch *w, unsigned long pfn)
{
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;
	phys_addr_t base, end;

	if (!pfn_round_trips(w, pfn))
		return false;
	if (w->cfg.model != MEMORY_MODEL_FLATMEM) {
		unsigned long nr = pfn >> PFN_SECTION_SHIFT;

		return nr < NR_MEM_SECTIONS &&
		       naive_whole_pages(w->memory, w->nr_memory, nr << PFN_SECTION_SHIFT,
					 (nr + 1) << PFN_SECTION_SHIFT) != 0;
	}
	/* ARM: the pfn's pageblock overlaps a memory region (memblock_overlaps_region caps the end) */
	base = PFN_PHYS(pfn & ~(pb - 1));
	end = PFN_PHYS((pfn & ~(pb - 1)) + pb);
	if (!w->cfg.setup.boot.lpae && end > 0xffffffffULL)
		end = 0xffffffffULL;
	for (unsigned long i = 0; i < w->nr_final[0]; i++)
		if (w->final[0][i].base < end && base < w->final[0][i].base + w->final[0][i].size)
			return true;
	return false;
}

static void keep_final(struct kernel_watch *w, int type)
{
	unsigned long n = memblock_shadow_regions(w->shadow, type, NULL, 0);

	w->final[type] = oracle_grow(w->final[type], &w->cap_final[type], n + 1, sizeof(*w->final[type]));
	w->nr_final[type] = memblock_shadow_regions(w->shadow, type, w->final[type], n);
}

void kernel_watch_end(struct kernel_watch *w)
{
	if (oracle_level == ORACLE_OFF)
		return;
	if (!w->in_bootmem) {
		oracle_fail("kernel watch", 0, 1, 0, "the boot never reached bootmem_init's memblock_allow_resize");
		return;
	}
	keep_final(w, 0);
	keep_final(w, 1);
	check_layout(w);
	compute_zones(w);
	memmap_check_ops(w);
	boot_check_compute(w);
	w->ended = true;
}
