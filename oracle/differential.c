/* See differential.h.  Each model's observables are copied into a snapshot, then compared pairwise. */
#include "differential.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm_errno.h"
#include "page_alloc.h"
#include "oracle.h"

#define TEXT_CAP (MM_LOG_CAP + 1)
#define LIST_END (~0ULL)

struct diff_trace {
	uint64_t *v;
	size_t n, cap;
};

struct zone_obs {
	unsigned long start, spanned, present, max_pfn;
	unsigned long managed, nr_free_pages, nr_free_cma, nr_free[MAX_ORDER_LIMIT];
	unsigned long wmark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
};

struct snapshot {
	int ret;
	unsigned long node_start, node_spanned, node_present;
	struct zone_obs zone[MAX_NR_ZONES];
	unsigned long totalram, totalhigh, totalcma;
	struct memblock_region *memory, *reserved;
	unsigned long nr_memory, nr_reserved;
	struct diff_trace lists;	/* every free list's pfns, LIST_END after each list */
	struct diff_trace trace;	/* what the operations noted */
	bool log_dropped;		/* the model's log overflowed: logs are not compared */
	bool mobility_off;		/* page_group_by_mobility_disabled: from a memmap-sized estimate */
	unsigned long pageblock_pages;
	size_t boot_log_len;		/* the log's length when the operations began */
	char *log, *filtered_log, *log_but_memmap, *buddyinfo, *pagetypeinfo, *zoneinfo;
};

static struct mm_kernel *kernels[MEMORY_MODEL_NR];
static struct kernel_watch *watches[MEMORY_MODEL_NR];
static struct snapshot snaps[MEMORY_MODEL_NR];
static char refusal[160];
static unsigned long full_pairs;
/* the padded pass's reservations: every model's, widened to whole pages, merged */
static struct memblock_region *padding;
static unsigned long nr_padding, cap_padding;

unsigned long differential_full_pairs(void)
{
	return full_pairs;
}

void diff_note(struct diff_trace *t, uint64_t v)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		if (!t->v)
			abort();
	}
	t->v[t->n++] = v;
}

static char *text_buf(char **p)
{
	if (!*p) {
		*p = malloc(TEXT_CAP);
		if (!*p)
			abort();
	}
	(*p)[0] = '\0';
	return *p;
}

static void copy_regions(struct memblock_region **dst, unsigned long *nr, const struct memblock_type *t)
{
	*dst = realloc(*dst, (t->cnt + 1) * sizeof(**dst));
	if (!*dst)
		abort();
	memcpy(*dst, t->regions, t->cnt * sizeof(**dst));
	*nr = t->cnt;
}

/*
 * Lines whose text depends on the memmap's size or place: memblock=debug
 * lines (they print allocation addresses), the models' own messages about
 * the memmap, memmap_init's "pages in unavailable ranges" (the SPARSEMEM
 * models also initialise the hole up to the end of the last section,
 * FLATMEM stops at the last range: v6.1 memmap_init), the "Built ...
 * Total pages" line and the hash table sizes (free_area_init's
 * managed-page estimate, nr_kernel_pages, subtracts the memmap's size) and
 * every swiotlb line (mem_init allocates the buffer before the equal
 * reservations are made; LPAE's buffer halves until it fits what lowmem
 * the memmap left).  Without equal reservations, also the totals that
 * subtract the memmap ("Memory:", the THP min_free_kbytes bump, capped at
 * 5% of free lowmem); there the free lists differ too, so what the
 * operations print (a cma_alloc that finds its range busy) may as well:
 * only the boot's lines are compared then.
 */
static bool model_dependent_line(const char *line, size_t len, bool same_reservations)
{
	static const char *const keys[] = { "unavailable ranges", "Total pages", "memblock", "memmap",
					    "mem_map", "vmemmap", "sparse", "section",
					    "hash table entries", "IO TLB: ", "Memory: ",
					    "raising min_free_kbytes" };
	/* the last two depend on the memmap only through the reservations */
	size_t nr_keys = sizeof(keys) / sizeof(keys[0]) - (same_reservations ? 2 : 0);

	for (size_t i = 0; i < nr_keys; i++) {
		size_t kl = strlen(keys[i]);

		for (size_t j = 0; j + kl <= len; j++)
			if (memcmp(line + j, keys[i], kl) == 0)
				return true;
	}
	return false;
}

/* The first n bytes of in, model-dependent lines left out. */
static void filter_log(const char *in, size_t n, char *out, bool same_reservations)
{
	const char *end = in + strnlen(in, n);
	size_t o = 0;

	while (in < end && o + 1 < TEXT_CAP) {
		const char *nl = memchr(in, '\n', (size_t)(end - in));
		size_t len = nl ? (size_t)(nl - in) + 1 : (size_t)(end - in);

		if (!model_dependent_line(in, len, same_reservations) && o + len < TEXT_CAP) {
			memcpy(out + o, in, len);
			o += len;
		}
		in += len;
	}
	out[o] = '\0';
}

static void take_snapshot(struct snapshot *s, const struct mm_kernel *k)
{
	const struct pglist_data *node = &k->node;
	const struct memblock *mb = &k->setup->boot->mb;

	s->node_start = node->node_start_pfn;
	s->node_spanned = node->node_spanned_pages;
	s->node_present = node->node_present_pages;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zn = &node->node_zones[z];
		struct zone_obs *o = &s->zone[z];

		*o = (struct zone_obs){ .start = zn->spanned_pages ? zn->zone_start_pfn : 0,
					.spanned = zn->spanned_pages,
					.present = zn->present_pages,
					.max_pfn = k->max_zone_pfn[z],
					.managed = zn->managed_pages,
					.nr_free_pages = zn->nr_free_pages,
					.nr_free_cma = zn->nr_free_cma_pages };
		memcpy(o->wmark, zn->_watermark, sizeof(o->wmark));
		memcpy(o->lowmem_reserve, zn->lowmem_reserve, sizeof(o->lowmem_reserve));
		for (int ord = 0; ord < MAX_ORDER_LIMIT; ord++) {
			o->nr_free[ord] = zn->free_area[ord].nr_free;
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				const struct list_head *h = &zn->free_area[ord].free_list[mt];
				unsigned long guard = node->node_spanned_pages + 1;

				for (const struct list_head *e = h->next; e != h && guard--; e = e->next)
					diff_note(&s->lists, page_to_pfn(&k->memmap,
									 list_entry(e, struct page, lru)));
				diff_note(&s->lists, LIST_END);
			}
		}
	}
	s->totalram = k->totalram_pages;
	s->totalhigh = k->totalhigh_pages;
	s->totalcma = k->totalcma_pages;
	s->mobility_off = k->page_group_by_mobility_disabled;
	s->pageblock_pages = 1UL << k->profile->pageblock_order;
	copy_regions(&s->memory, &s->nr_memory, &mb->memory);
	copy_regions(&s->reserved, &s->nr_reserved, &mb->reserved);
	text_buf(&s->log);
	s->log_dropped = k->log && k->log->dropped;
	if (k->log) {
		size_t n = k->log->len < TEXT_CAP - 1 ? k->log->len : TEXT_CAP - 1;

		memcpy(s->log, k->log->buf, n);
		s->log[n] = '\0';
	}
	filter_log(s->log, s->boot_log_len, text_buf(&s->filtered_log), false);
	filter_log(s->log, TEXT_CAP, text_buf(&s->log_but_memmap), true);
	show_buddyinfo(k, text_buf(&s->buddyinfo), TEXT_CAP);
	show_pagetypeinfo(k, text_buf(&s->pagetypeinfo), TEXT_CAP);
	show_zoneinfo(k, text_buf(&s->zoneinfo), TEXT_CAP);
}

static bool same_regions(const struct memblock_region *a, unsigned long na,
			 const struct memblock_region *b, unsigned long nb)
{
	if (na != nb)
		return false;
	for (unsigned long i = 0; i < na; i++)
		if (a[i].base != b[i].base || a[i].size != b[i].size || a[i].flags != b[i].flags)
			return false;
	return true;
}

static bool same_values(const struct diff_trace *a, const struct diff_trace *b, size_t *at)
{
	size_t n = a->n < b->n ? a->n : b->n;

	for (*at = 0; *at < n; ++*at)
		if (a->v[*at] != b->v[*at])
			return false;
	return a->n == b->n;
}

#define DIFF(inv, what, va, vb)                                                             \
	oracle_fail(inv, 0, (uint64_t)(va), (uint64_t)(vb), "%s: %s vs %s", what,            \
		    memory_model_name((enum memory_model)a), memory_model_name((enum memory_model)b))

/* Two texts that differ: the report quotes the first line where they part. */
static void text_diff(const char *inv, const char *what, const char *x, const char *y, int a, int b)
{
	size_t i = 0, start = 0, line = 1;

	for (; x[i] && x[i] == y[i]; i++)
		if (x[i] == '\n') {
			start = i + 1;
			line++;
		}
	oracle_fail(inv, 0, strlen(x), strlen(y),
		    "%s: %s vs %s (lengths shown), line %zu: \"%.*s\" vs \"%.*s\"", what,
		    memory_model_name((enum memory_model)a), memory_model_name((enum memory_model)b),
		    line, (int)strcspn(x + start, "\n"), x + start, (int)strcspn(y + start, "\n"),
		    y + start);
}

static void log_diff(const char *what, const char *x, const char *y, int a, int b)
{
	text_diff("differential boot log", what, x, y, a, b);
}

/* Tier 1: what no memory model may change. */
static void compare_geometry(int a, int b)
{
	const struct snapshot *x = &snaps[a], *y = &snaps[b];

	if (!same_regions(x->memory, x->nr_memory, y->memory, y->nr_memory))
		DIFF("differential memblock.memory", "memory regions", x->nr_memory, y->nr_memory);
	if (x->node_start != y->node_start || x->node_spanned != y->node_spanned ||
	    x->node_present != y->node_present)
		DIFF("differential node span", "node start/spanned/present", x->node_spanned,
		     y->node_spanned);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone_obs *p = &x->zone[z], *q = &y->zone[z];

		if (p->start != q->start || p->spanned != q->spanned || p->present != q->present ||
		    p->max_pfn != q->max_pfn)
			DIFF("differential zone geometry", "zone start/spanned/present/max_zone_pfn",
			     p->spanned, q->spanned);
	}
	if (!x->log_dropped && !y->log_dropped && strcmp(x->filtered_log, y->filtered_log) != 0)
		log_diff("boot log lines independent of the memmap", x->filtered_log, y->filtered_log, a, b);
}

/* Does a boundary between two populated zones fall inside a pageblock? */
static bool zones_share_a_pageblock(const struct snapshot *s)
{
	const struct zone_obs *prev = NULL;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone_obs *o = &s->zone[z];

		if (!o->spanned)
			continue;
		if (prev && o->start == prev->start + prev->spanned && o->start % s->pageblock_pages)
			return true;
		prev = o;
	}
	return false;
}

/*
 * Where v6.1's models must agree once they reserve the same pages.  Not
 * when their mobility grouping differs: build_all_zonelists() decides it
 * from free_area_init()'s managed-page estimate, which subtracts the
 * memmap's size.  Nor FLATMEM against a SPARSEMEM model when two zones
 * share a pageblock: FLATMEM keeps each zone's pageblock bits apart
 * (zone->pageblock_flags, indexed from the zone start), so that pageblock
 * has a copy per zone, and memmap_init_range() sets MIGRATE_MOVABLE only
 * at pageblock-aligned pfns, leaving the upper zone's copy Unmovable;
 * SPARSEMEM's section usemap holds one copy for both.
 */
static bool must_agree(int a, int b)
{
	const struct snapshot *x = &snaps[a], *y = &snaps[b];
	bool one_flat = (a == MEMORY_MODEL_FLATMEM) != (b == MEMORY_MODEL_FLATMEM);

	if (x->mobility_off != y->mobility_off)
		return false;
	return !one_flat || !zones_share_a_pageblock(x);
}

/*
 * How much of a /proc view the pair must agree on.  /proc/pagetypeinfo's
 * "Number of blocks type" table counts the pageblocks pfn_to_online_page()
 * finds: ARM's FLATMEM pfn_valid asks for memory in the pageblock,
 * SPARSEMEM's for a present section, so the SPARSEMEM models also count the
 * hole pageblocks of a present section (as Unmovable: memmap_init never
 * typed them).  Against FLATMEM, only the free counts before it.
 */
static size_t view_compared(const char *view, const char *text, bool one_flat)
{
	const char *blocks = one_flat && strcmp(view, "/proc/pagetypeinfo") == 0
				     ? strstr(text, "\nNumber of blocks type")
				     : NULL;

	return blocks ? (size_t)(blocks - text) : strlen(text);
}

/* Tier 2, on the padded pass: identical reservations, so identical everything. */
static void compare_all(int a, int b)
{
	static const char *const views[] = { "/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/zoneinfo" };
	const struct snapshot *x = &snaps[a], *y = &snaps[b];
	const char *const xv[] = { x->buddyinfo, x->pagetypeinfo, x->zoneinfo };
	const char *const yv[] = { y->buddyinfo, y->pagetypeinfo, y->zoneinfo };
	bool one_flat = (a == MEMORY_MODEL_FLATMEM) != (b == MEMORY_MODEL_FLATMEM);
	size_t at;

	if (!must_agree(a, b))
		return;
	full_pairs++;
	if (!same_regions(x->reserved, x->nr_reserved, y->reserved, y->nr_reserved))
		DIFF("differential padded reservations", "memblock.reserved regions", x->nr_reserved,
		     y->nr_reserved);
	if (!same_values(&x->trace, &y->trace, &at))
		DIFF("differential operation results", "first differing result (index in detail)",
		     at < x->trace.n ? x->trace.v[at] : LIST_END, at < y->trace.n ? y->trace.v[at] : LIST_END);
	if (!same_values(&x->lists, &y->lists, &at))
		DIFF("differential free lists", "first differing list entry",
		     at < x->lists.n ? x->lists.v[at] : LIST_END, at < y->lists.n ? y->lists.v[at] : LIST_END);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (memcmp(&x->zone[z], &y->zone[z], sizeof(x->zone[z])) != 0)
			DIFF("differential zone counters",
			     "managed/NR_FREE/nr_free/watermarks/lowmem_reserve", x->zone[z].nr_free_pages,
			     y->zone[z].nr_free_pages);
	if (x->totalram != y->totalram || x->totalhigh != y->totalhigh || x->totalcma != y->totalcma)
		DIFF("differential totals", "totalram/totalhigh/totalcma", x->totalram, y->totalram);
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		size_t nx = view_compared(views[i], xv[i], one_flat), ny = view_compared(views[i], yv[i], one_flat);

		if (nx != ny || memcmp(xv[i], yv[i], nx) != 0)
			text_diff("differential /proc views", views[i], xv[i], yv[i], a, b);
	}
	if (!x->log_dropped && !y->log_dropped && strcmp(x->log_but_memmap, y->log_but_memmap) != 0)
		log_diff("whole log but the memmap's lines (identical reservations)", x->log_but_memmap,
			 y->log_but_memmap, a, b);
}

/* The first refusal's reason, for differential_refusal(). */
static void note_refusal(const struct mm_kernel *k, int ret)
{
	static const char panic[] = "Kernel panic - not syncing: ";
	const char *why = k->setup ? k->setup->why : NULL;

	if (refusal[0])
		return;
	/* the log is NUL-terminated at its length (mm_printk) */
	if (ret == -MM_EPANIC && k->log) {
		const char *line = strstr(k->log->buf, panic);

		if (line) {
			snprintf(refusal, sizeof(refusal), "%.*s", (int)strcspn(line, "\n"), line);
			return;
		}
	}
	snprintf(refusal, sizeof(refusal), "%s", why ? why : "the model refused the input");
}

const char *differential_refusal(void)
{
	return refusal[0] ? refusal : NULL;
}

/* Boot model m with c, run the operations and keep the snapshot; returns the boot's result. */
static int boot_and_run(int m, const void *fdt, size_t size, struct kernel_config *c, diff_ops_fn ops,
			void *ctx)
{
	struct snapshot *s = &snaps[m];

	if (!kernels[m]) {
		kernels[m] = mm_kernel_new();
		watches[m] = kernel_watch_new();
		if (!kernels[m])
			abort();
	}
	c->model = (enum memory_model)m;
	c->observers = (struct setup_observers){ 0 };
	if (oracle_level > ORACLE_OFF)
		kernel_watch_begin(watches[m], kernels[m], c, fdt, size);
	s->trace.n = s->lists.n = 0;
	s->ret = mm_kernel_boot(kernels[m], fdt, size, c);
	if (s->ret == 0) {
		s->boot_log_len = kernels[m]->log ? kernels[m]->log->len : 0;
		if (oracle_level > ORACLE_OFF)
			kernel_watch_end(watches[m]);
		ops(kernels[m], oracle_level > ORACLE_OFF ? watches[m] : NULL, &s->trace, ctx);
		take_snapshot(s, kernels[m]);
		/* the comparisons read snapshots only: one model's host memory at a time */
		mm_kernel_release(kernels[m]);
	}
	return s->ret;
}

static void add_padding(phys_addr_t base, phys_addr_t end)
{
	if (nr_padding == cap_padding) {
		cap_padding = cap_padding ? 2 * cap_padding : 64;
		padding = realloc(padding, cap_padding * sizeof(*padding));
		if (!padding)
			abort();
	}
	padding[nr_padding++] = (struct memblock_region){ .base = base, .size = end - base };
}

static int by_base(const void *a, const void *b)
{
	const struct memblock_region *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/*
 * The union of every booted model's memblock.reserved, each region widened
 * to whole pages (a partly reserved page is reserved in reserve_bootmem_region
 * and never freed), merged where they touch.
 */
static void collect_padding(void)
{
	unsigned long n = 0;

	nr_padding = 0;
	for (int m = 0; m < MEMORY_MODEL_NR; m++)
		for (unsigned long i = 0; snaps[m].ret == 0 && i < snaps[m].nr_reserved; i++) {
			const struct memblock_region *r = &snaps[m].reserved[i];

			add_padding(r->base & ~(phys_addr_t)(PAGE_SIZE - 1),
				    (r->base + r->size + PAGE_SIZE - 1) & ~(phys_addr_t)(PAGE_SIZE - 1));
		}
	if (!nr_padding)
		return;
	qsort(padding, nr_padding, sizeof(*padding), by_base);
	for (unsigned long i = 1; i < nr_padding; i++) {
		struct memblock_region *last = &padding[n];

		if (padding[i].base <= last->base + last->size) {
			if (padding[i].base + padding[i].size > last->base + last->size)
				last->size = padding[i].base + padding[i].size - last->base;
		} else {
			padding[++n] = padding[i];
		}
	}
	nr_padding = n + 1;
}

int differential_run(const void *fdt, size_t size, const struct kernel_config *cfg,
		     diff_ops_fn ops, void *ctx)
{
	struct kernel_config c = *cfg;
	int booted = 0, refused = 0, ret0 = 0, ret[MEMORY_MODEL_NR];

	refusal[0] = '\0';
	c.setup.boot.log = true;
	c.extra_reserved = NULL;
	c.nr_extra_reserved = 0;
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		ret[m] = boot_and_run(m, fdt, size, &c, ops, ctx);
		if (m == 0)
			ret0 = ret[m];
		if (ret[m] < 0)
			note_refusal(kernels[m], ret[m]);
		/*
		 * -MM_EINPUT is a model declining a layout it cannot represent
		 * (VMEMMAP over 36-bit memory): that model sits this input out.
		 * Any other refusal must be unanimous.
		 */
		if (ret[m] == -MM_EINPUT)
			continue;
		if (ret[m] < 0 && ret[m] != -MM_EPANIC) {
			refused++;
			if (ret[m] != ret0)
				oracle_fail("differential refusal", (uint64_t)m, (uint64_t)-ret0,
					    (uint64_t)-ret[m], "%s refused differently from %s",
					    memory_model_name((enum memory_model)m),
					    memory_model_name(MEMORY_MODEL_FLATMEM));
			continue;
		}
		if (refused)
			oracle_fail("differential refusal", (uint64_t)m, (uint64_t)-ret0, 0,
				    "%s booted where %s refused", memory_model_name((enum memory_model)m),
				    memory_model_name(MEMORY_MODEL_FLATMEM));
		booted += ret[m] == 0;
	}
	for (int a = 0; booted && a < MEMORY_MODEL_NR; a++)
		for (int b = a + 1; b < MEMORY_MODEL_NR; b++)
			if (ret[a] == 0 && ret[b] == 0)
				compare_geometry(a, b);

	/* Tier 2: boot again, every model's memmap reserved in each, and compare everything. */
	if (booted > 1) {
		collect_padding();
		c.extra_reserved = padding;
		c.nr_extra_reserved = nr_padding;
		for (int m = 0; m < MEMORY_MODEL_NR; m++)
			if (ret[m] == 0 && boot_and_run(m, fdt, size, &c, ops, ctx) != 0)
				oracle_fail("differential padded boot", (uint64_t)m, 0, (uint64_t)-snaps[m].ret,
					    "%s booted, then failed with every model's memmap reserved",
					    memory_model_name((enum memory_model)m));
		for (int a = 0; a < MEMORY_MODEL_NR; a++)
			for (int b = a + 1; b < MEMORY_MODEL_NR; b++)
				if (ret[a] == 0 && ret[b] == 0)
					compare_all(a, b);
	}
	/* every boot is forgotten now (refused ones too), so the next input's coverage does not depend on this one */
	for (int m = 0; m < MEMORY_MODEL_NR; m++)
		mm_kernel_release(kernels[m]);
	if (!booted)
		return ret0 < 0 ? ret0 : -MM_EINPUT;
	return booted;
}
