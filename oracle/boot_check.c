/* See boot_check.h.  Every figure is counted here from the watched memblock state and the zones. */
#include "boot_check.h"

#include <stdio.h>
#include <string.h>

#include "oracle.h"

static const char *const zone_label[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem", "Movable" };
static const unsigned long reserve_ratio[MAX_NR_ZONES] = { 256, 32, 0, 0 };

static unsigned long pageblock_pages(const struct kernel_watch *w)
{
	return 1UL << w->cfg.profile->pageblock_order;
}

static unsigned long overlap(unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
	unsigned long s = a > c ? a : c, e = b < d ? b : d;

	return s < e ? e - s : 0;
}

/* Credit the nr pages from pfn on to the zones their pfns lie in. */
static void credit_pages(const struct kernel_watch *w, unsigned long *per_zone, unsigned long pfn,
			 unsigned long nr)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		per_zone[z] += overlap(pfn, pfn + nr, w->zones.start[z], w->zones.end[z]);
}

/* __free_pages_memory(): MAX_ORDER blocks as large as alignment allows, each to its head's zone. */
static void hand_over_lowmem(struct kernel_watch *w, unsigned long start, unsigned long end)
{
	unsigned int top = w->cfg.profile->max_order - 1;

	while (start < end) {
		unsigned int order = top;
		int zone;

		while (order && (start & ((1UL << order) - 1)))
			order--;
		while (start + (1UL << order) > end)
			order--;
		zone = naive_zone_of(&w->zones, start);
		if (zone >= 0)
			w->counts.handed_over[zone] += 1UL << order;
		start += 1UL << order;
	}
}

/*
 * memblock_free_all() + free_highpages(): every range of memory (NOMAP
 * and driver-managed skipped) outside memblock.reserved, in whole pages;
 * below max_low_pfn as MAX_ORDER blocks, above it page by page.
 */
static void hand_over(struct kernel_watch *w)
{
	const struct memblock_region *mem = w->final[0], *rsv = w->final[1];
	unsigned long max_low = (unsigned long)PFN_DOWN(w->k->setup->layout.arm_lowmem_limit);

	for (unsigned long i = 0; i < w->nr_final[0]; i++) {
		phys_addr_t at = mem[i].base, end = mem[i].base + mem[i].size;

		if (mem[i].flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		while (at < end) {
			phys_addr_t next = end;
			unsigned long s, e;
			bool reserved = false;

			for (unsigned long r = 0; r < w->nr_final[1]; r++) {
				if (rsv[r].base <= at && at < rsv[r].base + rsv[r].size) {
					next = rsv[r].base + rsv[r].size < end ? rsv[r].base + rsv[r].size : end;
					reserved = true;
					break;
				}
				if (rsv[r].base > at && rsv[r].base < next)
					next = rsv[r].base;
			}
			s = (unsigned long)PFN_UP(at);
			e = (unsigned long)PFN_DOWN(next);
			at = next;
			if (reserved || s >= e)
				continue;
			hand_over_lowmem(w, s, e < max_low ? e : max_low);
			if (e > max_low && w->cfg.setup.layout.highmem) {
				unsigned long hs = s > max_low ? s : max_low;
				unsigned long before[MAX_NR_ZONES];

				memcpy(before, w->counts.handed_over, sizeof(before));
				credit_pages(w, w->counts.handed_over, hs, e - hs);
				for (int z = 0; z < MAX_NR_ZONES; z++)
					if (naive_highmem_zone(w, z))
						w->counts.handed_over_high += w->counts.handed_over[z] - before[z];
			}
		}
	}
}

/* cma_init_reserved_areas(): an area inside one zone becomes CMA pageblocks, any other is freed. */
static void activate_cma(struct kernel_watch *w)
{
	const struct reserved_mem_state *rs = &w->k->setup->boot->rs;
	struct naive_counts *n = &w->counts;
	int cap = (int)MM_ARRAY_SIZE(n->cma_active), nr = rs->nr_cma < cap ? rs->nr_cma : cap;

	for (int i = 0; i < rs->nr_cma; i++)
		n->totalcma += (unsigned long)(rs->cma[i].size >> PAGE_SHIFT);
	for (int i = 0; i < nr; i++) {
		unsigned long base = (unsigned long)PFN_DOWN(rs->cma[i].base);
		unsigned long count = (unsigned long)(rs->cma[i].size >> PAGE_SHIFT);
		int first = naive_zone_of(&w->zones, base);

		n->cma_active[i] = count && first >= 0 && first == naive_zone_of(&w->zones, base + count - 1);
		if (!n->cma_active[i]) {
			credit_pages(w, n->managed, base, count);
			n->totalcma -= count;
			continue;
		}
		for (unsigned long pfn = base; pfn < base + count; pfn += pageblock_pages(w))
			n->managed[naive_zone_of(&w->zones, pfn)] += pageblock_pages(w);
	}
}

static unsigned long naive_sqrt(unsigned long x)
{
	unsigned long lo = 0, hi = x < 0xffffffffUL ? x + 1 : 0xffffffffUL;

	while (lo + 1 < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if ((uint64_t)mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* nr_free_buffer_pages(): DMA and Normal, managed above the high watermark. */
static unsigned long buffer_pages(const struct naive_counts *n)
{
	unsigned long sum = 0;

	for (int z = 0; z <= ZONE_NORMAL; z++)
		if (n->managed[z] > n->wmark[z][WMARK_HIGH])
			sum += n->managed[z] - n->wmark[z][WMARK_HIGH];
	return sum;
}

/* __setup_per_zone_wmarks(): min in proportion to lowmem (HighMem clamped), deltas by 0.1 %. */
static void set_wmarks(const struct kernel_watch *w, struct naive_counts *n)
{
	unsigned long pages_min = n->min_free_kbytes / 4, lowmem = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!naive_highmem_zone(w, z))
			lowmem += n->managed[z];
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long managed = n->managed[z];
		uint64_t share = lowmem ? (uint64_t)pages_min * managed / lowmem : 0;
		uint64_t scaled = managed / 10000 * 10 + managed % 10000 * 10 / 10000;
		uint64_t delta = share / 4 > scaled ? share / 4 : scaled;
		unsigned long min = (unsigned long)share;

		if (naive_highmem_zone(w, z)) {
			min = managed / 1024;
			min = min < 32 ? 32 : min > 128 ? 128 : min;
		}
		n->wmark[z][WMARK_MIN] = min;
		n->wmark[z][WMARK_LOW] = min + (unsigned long)delta;
		n->wmark[z][WMARK_HIGH] = min + 2 * (unsigned long)delta;
		n->wmark[z][WMARK_PROMO] = min + 3 * (unsigned long)delta;
	}
}

/* The postcore and subsys initcalls: min_free_kbytes, watermarks, lowmem_reserve, the THP bump. */
static void initcalls(const struct kernel_watch *w, struct naive_counts *n)
{
	unsigned long pb = pageblock_pages(w), recommended;
	int nr_zones = 0;

	if (w->cfg.min_free_kbytes) {
		n->min_free_kbytes = w->cfg.min_free_kbytes;
	} else {
		n->min_free_kbytes = naive_sqrt(buffer_pages(n) * 4 * 16);
		n->min_free_kbytes = n->min_free_kbytes < 128 ? 128 :
				     n->min_free_kbytes > 262144 ? 262144 : n->min_free_kbytes;
	}
	set_wmarks(w, n);
	for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
		unsigned long upper = 0;

		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			upper += n->managed[j];
			n->lowmem_reserve[i][j] = reserve_ratio[i] && n->managed[i] ?
						  (long)(upper / reserve_ratio[i]) : 0;
		}
	}
	if (!w->cfg.profile->thp || n->totalram < (512UL << (20 - PAGE_SHIFT)))
		return;
	for (int z = 0; z <= ZONE_NORMAL; z++)
		nr_zones += w->zones.present[z] != 0;
	recommended = pb * (unsigned long)nr_zones * (2 + MIGRATE_PCPTYPES * MIGRATE_PCPTYPES);
	if (recommended > buffer_pages(n) / 20)
		recommended = buffer_pages(n) / 20;
	if (recommended * 4 > n->min_free_kbytes) {
		n->thp_raised_from = n->min_free_kbytes;
		n->min_free_kbytes = recommended * 4;
	}
	set_wmarks(w, n);
}

/* free_area_init_core's calc_memmap_size(): SPARSEMEM counts present pages when holes are many. */
static unsigned long memmap_pages(const struct kernel_watch *w, unsigned long spanned,
				  unsigned long present)
{
	unsigned long pages = spanned;

	if (w->cfg.model != MEMORY_MODEL_FLATMEM && spanned > present + present / 16)
		pages = present;
	return (unsigned long)PFN_UP((uint64_t)pages * w->cfg.profile->struct_page_size);
}

void boot_check_compute(struct kernel_watch *w)
{
	struct naive_counts *n = &w->counts;

	memset(n, 0, sizeof(*n));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long present = w->zones.present[z];
		unsigned long map = memmap_pages(w, w->zones.end[z] - w->zones.start[z], present);

		n->early_managed[z] = !naive_highmem_zone(w, z) && present >= map ? present - map : present;
		n->total_pages += n->early_managed[z];
	}
	n->mobility_disabled = n->total_pages < pageblock_pages(w) * MIGRATE_TYPES;
	hand_over(w);
	memcpy(n->managed, n->handed_over, sizeof(n->managed));
	activate_cma(w);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		n->totalram += n->managed[z];
		if (naive_highmem_zone(w, z))
			n->totalhigh += n->managed[z];
	}
	initcalls(w, n);
	/* /init: the initrd and the init sections, after the watermarks */
	for (int i = 0; i < 2; i++) {
		unsigned long s, e;

		naive_boot_freed(w, i, &s, &e);
		if (s < e) {
			credit_pages(w, n->managed, s, e - s);
			n->totalram += e - s;
		}
	}
}

static void check_ul(const char *what, int zone, unsigned long want, unsigned long got)
{
	if (want != got)
		oracle_fail(what, (uint64_t)zone, want, got, "zone %s",
			    zone >= 0 ? zone_label[zone] : "(none)");
}

void boot_check_counts(const struct kernel_watch *w)
{
	const struct mm_kernel *k = w->k;
	const struct naive_counts *n = &w->counts;

	if (oracle_level == ORACLE_OFF)
		return;
	if (k->page_group_by_mobility_disabled != n->mobility_disabled)
		oracle_fail("mobility grouping", 0, n->mobility_disabled, k->page_group_by_mobility_disabled,
			    "off below %lu total pages; total %lu", pageblock_pages(w) * MIGRATE_TYPES,
			    n->total_pages);
	if (k->totalram_pages != n->totalram || k->totalhigh_pages != n->totalhigh ||
	    k->totalcma_pages != n->totalcma)
		oracle_fail("totalram/totalhigh/totalcma", n->totalram, n->totalram, k->totalram_pages,
			    "highmem expected %lu actual %lu, cma expected %lu actual %lu", n->totalhigh,
			    k->totalhigh_pages, n->totalcma, k->totalcma_pages);
	check_ul("min_free_kbytes", -1, n->min_free_kbytes, k->min_free_kbytes);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zn = &k->node.node_zones[z];

		check_ul("zone managed_pages", z, n->managed[z], zn->managed_pages);
		for (int m = 0; m < NR_WMARK; m++)
			if (zn->_watermark[m] != n->wmark[z][m])
				oracle_fail("zone watermark", (uint64_t)m, n->wmark[z][m], zn->_watermark[m],
					    "zone %s, watermark %d (min, low, high, promo)", zone_label[z], m);
		check_ul("zone watermark_boost", z, 0, zn->watermark_boost);
		for (int j = 0; j < MAX_NR_ZONES; j++)
			if (zn->lowmem_reserve[j] != n->lowmem_reserve[z][j])
				oracle_fail("lowmem_reserve", (uint64_t)j, (uint64_t)n->lowmem_reserve[z][j],
					    (uint64_t)zn->lowmem_reserve[j], "zone %s against zone %s",
					    zone_label[z], zone_label[j]);
	}
}

/* The text from "Zone ranges:" to "Initmem setup node 0", as free_area_init prints it. */
static size_t zone_ranges_text(const struct kernel_watch *w, char *out, size_t cap)
{
	const struct naive_zones *z = &w->zones;
	size_t len = 0;

#define PUT(...) (len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, __VA_ARGS__))
	PUT("Zone ranges:\n");
	for (int i = 0; i < ZONE_MOVABLE; i++) {
		if (i == ZONE_HIGHMEM && !w->cfg.setup.layout.highmem)
			continue;
		if (z->low[i] == z->high[i])
			PUT("  %-8s empty\n", zone_label[i]);
		else
			PUT("  %-8s [mem 0x%016llx-0x%016llx]\n", zone_label[i],
			    (unsigned long long)z->low[i] << PAGE_SHIFT,
			    ((unsigned long long)z->high[i] << PAGE_SHIFT) - 1);
	}
	PUT("Movable zone start for each node\n");
	if (z->movable_pfn)
		PUT("  Node 0: 0x%016llx\n", (unsigned long long)z->movable_pfn << PAGE_SHIFT);
	PUT("Early memory node ranges\n");
	for (unsigned long i = 0; i < w->nr_memory; i++) {
		unsigned long s = (unsigned long)PFN_UP(w->memory[i].base);
		unsigned long e = (unsigned long)PFN_DOWN(w->memory[i].base + w->memory[i].size);

		if (s < e)
			PUT("  node   0: [mem 0x%016llx-0x%016llx]\n", (unsigned long long)s << PAGE_SHIFT,
			    ((unsigned long long)e << PAGE_SHIFT) - 1);
	}
	if (z->node_start != z->node_end)
		PUT("Initmem setup node 0 [mem 0x%016llx-0x%016llx]\n",
		    (unsigned long long)z->node_start << PAGE_SHIFT,
		    ((unsigned long long)z->node_end << PAGE_SHIFT) - 1);
	else
		PUT("Initmem setup node 0 as memoryless\n");
#undef PUT
	return len;
}

static void expect_text(const struct mm_log *log, const char *want, const char *what)
{
	const char *hit = strstr(log->buf, want);

	/* whole lines: at the start of the log or after a newline */
	while (hit && hit != log->buf && hit[-1] != '\n')
		hit = strstr(hit + 1, want);
	if (!hit)
		oracle_fail("boot log", 0, strlen(want), 0, "%s: no line \"%.160s\"", what, want);
}

void boot_check_log(const struct kernel_watch *w)
{
	const struct mm_log *log = &w->k->setup->boot->log;
	const struct naive_counts *n = &w->counts;
	const struct kernel_image *img = &w->cfg.setup.layout.image;
	unsigned long physpages = 0, handed = 0, cma_declared = 0;
	const struct reserved_mem_state *rs = &w->k->setup->boot->rs;
	char text[4096], high[48] = "";

	if (oracle_level == ORACLE_OFF || !log->enabled || log->dropped)
		return;
	zone_ranges_text(w, text, sizeof(text));
	expect_text(log, text, "free_area_init's zone and node ranges");
	snprintf(text, sizeof(text), "Built 1 zonelists, mobility grouping %s.  Total pages: %ld\n",
		 n->mobility_disabled ? "off" : "on", (long)n->total_pages);
	expect_text(log, text, "build_all_zonelists");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		physpages += w->zones.present[z];
		handed += n->handed_over[z];
	}
	for (int i = 0; i < rs->nr_cma; i++)
		cma_declared += (unsigned long)(rs->cma[i].size >> PAGE_SHIFT);
	if (w->cfg.setup.layout.highmem)
		snprintf(high, sizeof(high), ", %luK highmem", n->handed_over_high * 4);
	snprintf(text, sizeof(text),
		 "Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, "
		 "%luK bss, %luK reserved, %luK cma-reserved%s)\n",
		 handed * 4, physpages * 4, (unsigned long)(img->code >> 10),
		 (unsigned long)(img->rwdata >> 10), (unsigned long)(img->rodata >> 10),
		 (unsigned long)(img->init >> 10), (unsigned long)(img->bss >> 10),
		 (physpages - handed - cma_declared) * 4, cma_declared * 4, high);
	expect_text(log, text, "mem_init_print_info");
	if (w->cfg.min_free_kbytes && n->thp_raised_from) {
		snprintf(text, sizeof(text),
			 "raising min_free_kbytes from %lu to %lu to help transparent hugepage allocations\n",
			 n->thp_raised_from, n->min_free_kbytes);
		expect_text(log, text, "set_recommended_min_free_kbytes");
	}
}
