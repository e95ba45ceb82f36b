/*
 * The SLUB oracle's end of every call: the reports the kernel must have
 * printed (v6.1 slab_bug's "BUG <cache> (<print_tainted()>): <reason>",
 * a WARN's message, the taint each adds) and the pages SLUB gave back.
 */
#include "slub_shadow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oracle.h"

#define TAINT_BAD_PAGE 5
#define TAINT_WARN 9
#define TAINT_FLAGS_COUNT 19

/* print_tainted() (kernel/panic.c taint_flags: 'G' stands for "no proprietary module" at 0). */
static void print_tainted(unsigned long taint, char *buf, size_t len)
{
	int n;

	if (!taint) {
		snprintf(buf, len, "Not tainted");
		return;
	}
	n = snprintf(buf, len, "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT && n + i + 1 < (int)len; i++) {
		char set = i == TAINT_BAD_PAGE ? 'B' : i == TAINT_WARN ? 'W' : '?';

		buf[n + i] = taint & (1UL << i) ? set : i == 0 ? 'G' : ' ';
		buf[n + i + 1] = '\0';
	}
}

void slub_check_expect_bug(struct slub_check *c, const char *cache, const char *fmt, ...)
{
	char reason[128], taint[40];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	print_tainted(c->taint, taint, sizeof(taint));
	snprintf(c->expected, sizeof(c->expected), "BUG %.40s (%.39s): %.127s", cache, taint, reason);
	c->expected_prefix = false;
	c->reports++;
	c->taint |= 1UL << TAINT_BAD_PAGE;
}

void slub_check_expect_warn(struct slub_check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->expected, sizeof(c->expected), fmt, ap);
	va_end(ap);
	c->expected_prefix = true;
	c->reports++;
	c->taint |= 1UL << TAINT_WARN;
}

/*
 * A report matches its expectation: a WARN's message anywhere in it; a
 * BUG's headline exactly, up to the format's own newline, or up to the
 * pointer when the reason ends in "0x" (%p).
 */
static bool same_report(const char *got, const char *want, bool anywhere)
{
	size_t n = strlen(want);

	if (anywhere)
		return strstr(got, want) != NULL;
	return !strncmp(got, want, n) && (!got[n] || got[n] == '\n' || !strcmp(want + n - 2, "0x"));
}

/* Every page block SLUB gave back during the call held no live object (the buddy oracle checks it is free). */
static void check_returned(struct slub_check *c)
{
	for (size_t i = 0; i < c->mp.nr_returned; i++) {
		const struct model_page_block *b = &c->mp.returned[i];
		uint32_t va = naive_pfn_to_va(c->k, b->pfn);
		unsigned j = shadow_obj_from(c, va);

		if (j < c->nr_objs && c->objs[j].va < va + (PAGE_SIZE << b->order))
			oracle_fail("slub gives back no page with a live object", c->objs[j].va, 0, 1,
				    "order-%u block at pfn 0x%lx given back", b->order, b->pfn);
		for (unsigned m = 0; m < c->nr_marked; m++)
			if (c->marked[m].pfn == b->pfn)
				c->marked[m--] = c->marked[--c->nr_marked];
		for (unsigned d = 0; d < c->nr_dirt; d++)
			if (c->dirt[d].obj >= va && c->dirt[d].obj < va + (PAGE_SIZE << b->order))
				c->dirt[d--] = c->dirt[--c->nr_dirt];
	}
	c->mp.nr_returned = 0;
}

void slub_check_expect_any(struct slub_check *c, const struct shadow_cache *sc)
{
	c->any_reports = true;
	c->expected_cache = sc->name;
}

/* Reports of a call the oracle cannot follow (a lost freelist): any number, about that cache or expected. */
static void accept_any(struct slub_check *c, const struct slub *sl, const char *op)
{
	char head[KMEM_CACHE_NAME_MAX + 8];

	snprintf(head, sizeof(head), "BUG %s (", c->expected_cache);
	if (sl->nr_reports < c->reports ||
	    (sl->nr_reports > c->reports && strncmp(sl->last_report, head, strlen(head)) &&
	     !(c->expected[0] && same_report(sl->last_report, c->expected, c->expected_prefix))))
		oracle_fail("slub reports", 0, c->reports, sl->nr_reports, "after %s: \"%s\", only reports of %s expected",
			    op, sl->last_report, c->expected_cache);
	if (sl->nr_reports > c->reports)
		c->taint |= 1UL << TAINT_BAD_PAGE;
	c->reports = sl->nr_reports;
}

void slub_check_given_back_reports(struct slub_check *c)
{
	if (c->given_back_reported)
		return;
	for (size_t i = 0; i < c->mp.nr_returned; i++)
		if (c->mp.returned[i].who == PAGE_USER_SLAB)
			slub_debug_given_back(c, &c->mp.returned[i]);
	c->given_back_reported = true;
}

void slub_check_after_op(struct slub_check *c, const char *op)
{
	const struct slub *sl = &c->k->slub;

	slub_check_given_back_reports(c);
	if (c->any_reports)
		accept_any(c, sl, op);
	else if (sl->nr_reports != c->reports)
		oracle_fail("slub reports", 0, c->reports, sl->nr_reports, "after %s; last: \"%s\"%s%s", op,
			    sl->last_report, c->expected[0] ? ", expected: " : "", c->expected);
	else if (c->expected[0] && !same_report(sl->last_report, c->expected, c->expected_prefix))
		oracle_fail("slub report in the kernel's words", 0, 0, 1, "after %s: \"%s\", expected \"%s\"",
			    op, sl->last_report, c->expected);
	if (sl->tainted != c->taint)
		oracle_fail("slub taint", 0, c->taint, sl->tainted, "after %s", op);
	c->expected[0] = '\0';
	c->any_reports = false;
	c->given_back_reported = false;
	c->reports = sl->nr_reports;
	c->taken = c->mp.nr_taken;
	check_returned(c);
	slub_check_counters(c);
}
