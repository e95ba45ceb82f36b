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
	size_t boot_log_len;		/* the log's length when the operations began */
	char *log, *filtered_log, *log_but_holes, *buddyinfo, *pagetypeinfo, *zoneinfo;
};

static struct mm_kernel *kernels[MEMORY_MODEL_NR];
static struct snapshot snaps[MEMORY_MODEL_NR];
static char refusal[160];
static unsigned long full_pairs;

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
 * Lines whose text depends on the memmap's size or place: the totals that
 * subtract the memmap ("Memory:", "Built ... Total pages", the hash table
 * sizes and the THP min_free_kbytes bump, capped at 5% of free lowmem),
 * memblock=debug lines and the swiotlb buffer's place and size (allocation
 * addresses; LPAE's buffer halves until it fits what lowmem the memmap
 * left), the models' own messages
 * about the memmap, and memmap_init's "pages in unavailable ranges": the
 * SPARSEMEM models also initialise the hole up to the end of the last
 * section, FLATMEM stops at the last range (v6.1 memmap_init).  Without
 * identical reservations the free lists differ, so what the operations
 * print (a cma_alloc that finds its range busy) may too: only the boot's
 * lines are compared then.
 */
static bool model_dependent_line(const char *line, size_t len, bool same_reservations)
{
	static const char *const keys[] = { "unavailable ranges", "Memory: ", "Total pages",
					    "raising min_free_kbytes", "memblock", "memmap",
					    "mem_map", "vmemmap", "sparse", "section",
					    "hash table entries", "IO TLB: " };
	/* With identical reservations only memmap_init's hole count may differ. */
	size_t nr_keys = same_reservations ? 1 : sizeof(keys) / sizeof(keys[0]);

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
	filter_log(s->log, TEXT_CAP, text_buf(&s->log_but_holes), true);
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

/* Two logs that differ: the report quotes the first line where they part. */
static void log_diff(const char *what, const char *x, const char *y, int a, int b)
{
	size_t i = 0, start = 0, line = 1;

	for (; x[i] && x[i] == y[i]; i++)
		if (x[i] == '\n') {
			start = i + 1;
			line++;
		}
	oracle_fail("differential boot log", 0, strlen(x), strlen(y),
		    "%s: %s vs %s (lengths shown), line %zu: \"%.*s\" vs \"%.*s\"", what,
		    memory_model_name((enum memory_model)a), memory_model_name((enum memory_model)b),
		    line, (int)strcspn(x + start, "\n"), x + start, (int)strcspn(y + start, "\n"),
		    y + start);
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

/* Tier 2: identical reservations, so identical everything. */
static void compare_all(int a, int b)
{
	const struct snapshot *x = &snaps[a], *y = &snaps[b];
	size_t at;

	full_pairs++;
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
	if (strcmp(x->buddyinfo, y->buddyinfo) || strcmp(x->pagetypeinfo, y->pagetypeinfo) ||
	    strcmp(x->zoneinfo, y->zoneinfo))
		DIFF("differential /proc views", "buddyinfo/pagetypeinfo/zoneinfo", 0, 1);
	if (!x->log_dropped && !y->log_dropped && strcmp(x->log_but_holes, y->log_but_holes) != 0)
		log_diff("whole log but the hole counts (identical reservations)", x->log_but_holes,
			 y->log_but_holes, a, b);
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

int differential_run(const void *fdt, size_t size, const struct kernel_config *cfg,
		     diff_ops_fn ops, void *ctx)
{
	struct kernel_config c = *cfg;
	int booted = 0, refused = 0, ret0 = 0;

	refusal[0] = '\0';
	c.setup.boot.log = true;
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct snapshot *s = &snaps[m];

		if (!kernels[m]) {
			kernels[m] = mm_kernel_new();
			if (!kernels[m])
				abort();
		}
		c.model = (enum memory_model)m;
		s->trace.n = s->lists.n = 0;
		s->ret = mm_kernel_boot(kernels[m], fdt, size, &c);
		if (m == 0)
			ret0 = s->ret;
		if (s->ret < 0)
			note_refusal(kernels[m], s->ret);
		/*
		 * -MM_EINPUT is a model declining a layout it cannot represent
		 * (VMEMMAP over 36-bit memory): that model sits this input out.
		 * Any other refusal must be unanimous.
		 */
		if (s->ret == -MM_EINPUT)
			continue;
		if (s->ret < 0 && s->ret != -MM_EPANIC) {
			refused++;
			if (s->ret != ret0)
				oracle_fail("differential refusal", (uint64_t)m, (uint64_t)-ret0,
					    (uint64_t)-s->ret, "%s refused differently from %s",
					    memory_model_name((enum memory_model)m),
					    memory_model_name(MEMORY_MODEL_FLATMEM));
			continue;
		}
		if (refused)
			oracle_fail("differential refusal", (uint64_t)m, (uint64_t)-ret0, 0,
				    "%s booted where %s refused", memory_model_name((enum memory_model)m),
				    memory_model_name(MEMORY_MODEL_FLATMEM));
		if (s->ret < 0)
			continue;
		s->boot_log_len = kernels[m]->log ? kernels[m]->log->len : 0;
		ops(kernels[m], &s->trace, ctx);
		take_snapshot(s, kernels[m]);
		/* the comparisons read snapshots only: one model's host memory at a time */
		mm_kernel_release(kernels[m]);
		booted++;
	}
	for (int a = 0; booted && a < MEMORY_MODEL_NR; a++)
		for (int b = a + 1; b < MEMORY_MODEL_NR; b++) {
			if (snaps[a].ret < 0 || snaps[b].ret < 0)
				continue;
			compare_geometry(a, b);
			if (same_regions(snaps[a].reserved, snaps[a].nr_reserved, snaps[b].reserved,
					 snaps[b].nr_reserved))
				compare_all(a, b);
		}
	/* every boot is forgotten now (refused ones too), so the next input's coverage does not depend on this one */
	for (int m = 0; m < MEMORY_MODEL_NR; m++)
		mm_kernel_release(kernels[m]);
	if (!booted)
		return ret0 < 0 ? ret0 : -MM_EINPUT;
	return booted;
}
