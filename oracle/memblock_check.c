/*
 * See memblock_check.h.  The shadow is a plain list of [start, end) byte
 * intervals per type; every operation is applied pointwise and the list is
 * rebuilt in one walk over the part of the sorted list it can change.  Ends never
 * exceed phys_max because memblock caps every size to phys_max - base, so
 * 64-bit arithmetic suffices for LPAE too.
 *
 * After each operation at ORACLE_FULL every region is compared; at
 * ORACLE_CHEAP (the fuzz harnesses between sweeps) the counters and the
 * regions around the span the operation changed.  The checks of results,
 * allocations and doublings are the same at both levels.
 *
 * One kernel detail the pointwise view needs help with: cap_memory_range
 * splits NOMAP regions at the cap boundaries and never re-merges them, so
 * each type keeps a list of boundaries where two equal neighbours are
 * legitimately left apart until the next merging operation.
 */
#include "memblock_check.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm_errno.h"
#include "oracle.h"

enum { MEMORY = 0, RESERVED = 1 };

static const char *const type_name[2] = { "memory", "reserved" };

struct ival {
	phys_addr_t start, end;
	unsigned int flags;
	int nid;		/* 0 when !numa: the kernel ignores it then */
};

struct attr {
	bool present;
	unsigned int flags;
	int nid;
};

struct shadow_type {
	struct ival *v;
	size_t n, cap;
	phys_addr_t total;	/* sum of the intervals' sizes, kept with v */
	phys_addr_t stale;	/* what total_size still counts of regions trimmed since it was set */
	phys_addr_t *split;	/* unmerged boundaries between equal neighbours */
	size_t nsplit, splitcap;
	bool merge_all;		/* split points were just forgotten: the next rebuild merges everywhere */
	unsigned long max;
	phys_addr_t array_phys;
	/* span the current operation changed, for the per-operation check */
	bool touched;
	phys_addr_t touch_lo, touch_hi;
};

struct memblock_shadow {
	struct shadow_type t[2];
	phys_addr_t phys_max;
	unsigned int region_size;
	bool numa, can_resize, bottom_up, mirror, movable_node;
	phys_addr_t current_limit;
	bool dead;		/* a panic ended this input */
	/* the arrays at the panic: nothing may change them afterwards */
	unsigned long dead_cnt[2];
	phys_addr_t dead_total[2];

	/* scratch for rebuild() */
	struct ival *tmp;
	size_t tmpcap;

	/* the operation being checked */
	const struct memblock_op *op;
	bool consumed[MEMBLOCK_MAX_RESIZES_PER_OP];
	int nr_expected;	/* doublings the simulation performed */
	bool panic;		/* the simulation hit a BUG_ON */
};

enum pointwise { PW_ADD, PW_REMOVE, PW_SET, PW_CLEAR, PW_CAP };

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	p = realloc(p, c * elem);
	if (!p)
		abort();
	*cap = c;
	return p;
}

static void push_ival(struct ival **v, size_t *n, size_t *cap, struct ival iv)
{
	*v = grow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = iv;
}

static void push_split(struct shadow_type *t, phys_addr_t p)
{
	t->split = grow(t->split, &t->splitcap, t->nsplit + 1, sizeof(*t->split));
	t->split[t->nsplit++] = p;
}

static void touch(struct shadow_type *t, phys_addr_t lo, phys_addr_t hi)
{
	if (!t->touched || lo < t->touch_lo)
		t->touch_lo = lo;
	if (!t->touched || hi > t->touch_hi)
		t->touch_hi = hi;
	t->touched = true;
}

static bool is_split(const struct shadow_type *t, phys_addr_t p)
{
	for (size_t i = 0; i < t->nsplit; i++)
		if (t->split[i] == p)
			return true;
	return false;
}

static unsigned long type_cnt(const struct shadow_type *t)
{
	return t->n ? t->n : 1;	/* the empty array holds one dummy region */
}

static phys_addr_t type_total(const struct memblock_shadow *s, const struct shadow_type *t)
{
	return (t->total + t->stale) & s->phys_max;
}

/* The shadow's intervals are sorted and disjoint, so a binary search finds the one holding addr. */
static const struct ival *find_ival(const struct shadow_type *t, phys_addr_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].end <= addr)
			lo = mid + 1;
		else if (t->v[mid].start > addr)
			hi = mid;
		else
			return &t->v[mid];
	}
	return NULL;
}

static bool overlaps(const struct shadow_type *t, phys_addr_t start, phys_addr_t end)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].start < end && start < t->v[i].end)
			return true;
	return false;
}

/* Smallest interval start strictly above addr, or limit (a binary search, as in find_ival). */
static phys_addr_t next_start_above(const struct shadow_type *t, phys_addr_t addr, phys_addr_t limit)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].start > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < t->n && t->v[lo].start < limit ? t->v[lo].start : limit;
}

static bool same_attr(const struct ival *a, const struct ival *b)
{
	return a->flags == b->flags && a->nid == b->nid;
}

static struct attr pointwise(enum pointwise how, struct attr a, bool inside,
			     unsigned int flags, int nid)
{
	switch (how) {
	case PW_ADD:
		if (inside && !a.present)
			a = (struct attr){ true, flags, nid };
		break;
	case PW_REMOVE:
		if (inside)
			a.present = false;
		break;
	case PW_SET:
		if (inside && a.present)
			a.flags |= flags;
		break;
	case PW_CLEAR:
		if (inside && a.present)
			a.flags &= ~flags;
		break;
	case PW_CAP:
		if (!inside && !(a.flags & MEMBLOCK_NOMAP))
			a.present = false;
		break;
	}
	return a;
}

/* An unmerged boundary still separates two touching intervals with equal attributes. */
static bool split_still_holds(const struct shadow_type *t, phys_addr_t p)
{
	const struct ival *left = p ? find_ival(t, p - 1) : NULL, *right = find_ival(t, p);

	return left && right && left->end == p && right->start == p && same_attr(left, right);
}

static phys_addr_t min_pa(phys_addr_t a, phys_addr_t b)
{
	return a < b ? a : b;
}

static phys_addr_t max_pa(phys_addr_t a, phys_addr_t b)
{
	return a > b ? a : b;
}

/* One operation in pointwise form: `how` applied to every byte of [lo, hi). */
struct change {
	enum pointwise how;
	phys_addr_t lo, hi;
	unsigned int flags;
	int nid;
};

/*
 * Give the piece [a, b) (wholly inside or wholly outside [lo, hi), and
 * empty when a >= b) its new attribute and append it to s->tmp, merged with
 * an equal neighbour unless a recorded split point keeps them apart.
 */
static void put_piece(struct memblock_shadow *s, const struct shadow_type *t, size_t *nt,
		      const struct change *c, phys_addr_t a, phys_addr_t b, struct attr at)
{
	struct ival seg;

	if (a >= b)
		return;
	at = pointwise(c->how, at, a >= c->lo && a < c->hi, c->flags, c->nid);
	if (!at.present)
		return;
	seg = (struct ival){ a, b, at.flags, at.nid };
	if (*nt && s->tmp[*nt - 1].end == a && same_attr(&s->tmp[*nt - 1], &seg) &&
	    !is_split(t, a))
		s->tmp[*nt - 1].end = b;
	else
		push_ival(&s->tmp, nt, &s->tmpcap, seg);
}

/* Index of the first interval whose end is at or above addr (n when none). */
static size_t first_ending_at_or_above(const struct shadow_type *t, phys_addr_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first nt intervals of s->tmp become the type's (the old array is the next scratch). */
static void install_tmp(struct memblock_shadow *s, struct shadow_type *t, size_t nt)
{
	struct ival *swap = t->v;
	size_t swapcap = t->cap;

	t->v = s->tmp;
	t->cap = s->tmpcap;
	s->tmp = swap;
	s->tmpcap = swapcap;
	t->n = nt;
	t->total = 0;
	for (size_t i = 0; i < nt; i++)
		t->total += t->v[i].end - t->v[i].start;
}

/*
 * Walk the type in address order, cutting every interval (and every gap,
 * of which only the part inside [lo, hi) can change) at lo and hi, give
 * each piece its new attribute, merge equal neighbours (except at recorded
 * split points) and forget split points that no longer separate equal
 * neighbours.
 *
 * Only a cap, or a merge after split points were forgotten, changes
 * anything outside [lo, hi), so other operations walk a window: the
 * intervals that end at or above lo and start at or below hi, plus one
 * neighbour each side.  Intervals outside it keep their attribute and
 * cannot merge with a new piece (they do not touch [lo, hi)), so they are
 * copied as they are.
 */
static void rebuild(struct memblock_shadow *s, int type, enum pointwise how,
		    phys_addr_t lo, phys_addr_t hi, unsigned int flags, int nid)
{
	struct shadow_type *t = &s->t[type];
	const struct change c = { how, lo, hi, flags, s->numa ? nid : 0 };
	const struct attr absent = { false, 0, 0 };
	size_t first = 0, last = t->n, nt = 0, keep = 0;
	phys_addr_t prev_end;

	if (how == PW_CAP || t->merge_all) {
		touch(t, 0, s->phys_max);
		t->merge_all = false;
	} else {
		touch(t, lo, hi);
		first = first_ending_at_or_above(t, lo);
		first = first ? first - 1 : 0;
		last = first_ending_at_or_above(t, hi);
		last = last + 2 < t->n ? last + 2 : t->n;
	}

	s->tmp = grow(s->tmp, &s->tmpcap, t->n + 2, sizeof(*s->tmp));
	if (first)
		memcpy(s->tmp, t->v, first * sizeof(*t->v));
	nt = first;
	prev_end = first ? t->v[first - 1].end : 0;
	for (size_t i = first; i < last; i++) {
		const struct ival *v = &t->v[i];
		const struct attr old = { true, v->flags, v->nid };

		put_piece(s, t, &nt, &c, max_pa(prev_end, lo), min_pa(v->start, hi), absent);
		put_piece(s, t, &nt, &c, v->start, min_pa(v->end, lo), old);
		put_piece(s, t, &nt, &c, max_pa(v->start, lo), min_pa(v->end, hi), old);
		put_piece(s, t, &nt, &c, max_pa(v->start, hi), v->end, old);
		prev_end = v->end;
	}
	if (last == t->n)
		put_piece(s, t, &nt, &c, max_pa(prev_end, lo), hi, absent);
	s->tmp = grow(s->tmp, &s->tmpcap, nt + (t->n - last), sizeof(*s->tmp));
	if (last < t->n)
		memcpy(s->tmp + nt, t->v + last, (t->n - last) * sizeof(*t->v));
	nt += t->n - last;

	install_tmp(s, t, nt);
	for (size_t k = 0; k < t->nsplit; k++) {
		bool still = split_still_holds(t, t->split[k]);

		for (size_t i = 0; i < keep; i++)
			if (t->split[i] == t->split[k])
				still = false;
		if (still)
			t->split[keep++] = t->split[k];
	}
	t->nsplit = keep;
}

/* memblock_merge_regions() walks the whole array: every unmerged boundary closes. */
static void forget_splits(struct memblock_shadow *s, struct shadow_type *t)
{
	if (t->nsplit) {
		touch(t, 0, s->phys_max);
		t->merge_all = true;
	}
	t->nsplit = 0;
}

/* Kernel memblock_cap_size(): the end never passes phys_max. */
static phys_addr_t cap_size(const struct memblock_shadow *s, phys_addr_t base, phys_addr_t size)
{
	return size < s->phys_max - base ? size : s->phys_max - base;
}

/* Number of maximal runs of [lo, hi) that the type does not cover. */
static unsigned long count_gaps(const struct shadow_type *t, phys_addr_t lo, phys_addr_t hi)
{
	unsigned long gaps = 0;
	phys_addr_t cur = lo;

	while (cur < hi) {
		const struct ival *iv = find_ival(t, cur);

		if (iv) {
			cur = iv->end;
		} else {
			gaps++;
			cur = next_start_above(t, cur, hi);
		}
	}
	return gaps;
}

static phys_addr_t round_down_pa(phys_addr_t x, phys_addr_t align)
{
	return x & ~(align - 1);
}

/*
 * Lowest (bottom-up) or highest (top-down) aligned place for size bytes in
 * [start, end) inside one allocatable memory interval and outside
 * reserved: memblock_find_in_range_node() by exhaustion.  0 = none.
 */
static phys_addr_t find_node(const struct memblock_shadow *s, phys_addr_t size, phys_addr_t align,
			     phys_addr_t start, phys_addr_t end, int nid, bool mirror_only)
{
	const struct shadow_type *mem = &s->t[MEMORY], *rsv = &s->t[RESERVED];
	phys_addr_t best = 0;
	bool found = false;

	if (end == 0 || end == 1)	/* MEMBLOCK_ALLOC_ACCESSIBLE / _NOLEAKTRACE */
		end = s->current_limit;
	if (start < PAGE_SIZE)
		start = PAGE_SIZE;
	if (end < start)
		end = start;

	for (size_t i = 0; i < mem->n; i++) {
		const struct ival *m = &mem->v[i];
		phys_addr_t cur = m->start;

		if (m->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (s->movable_node && (m->flags & MEMBLOCK_HOTPLUG))
			continue;
		if (mirror_only && !(m->flags & MEMBLOCK_MIRROR))
			continue;
		if (nid != NUMA_NO_NODE && nid != m->nid)
			continue;
		while (cur < m->end) {
			const struct ival *r = find_ival(rsv, cur);
			phys_addr_t piece_end, a, b, cand;

			if (r) {
				cur = r->end;
				continue;
			}
			piece_end = next_start_above(rsv, cur, m->end);
			a = cur < start ? start : cur > end ? end : cur;
			b = piece_end < start ? start : piece_end > end ? end : piece_end;
			cur = piece_end;
			if (s->bottom_up) {
				phys_addr_t up = (a - 1) | (align - 1);

				if (up >= s->phys_max)	/* round_up() wraps: no place */
					continue;
				cand = up + 1;
				if (cand < b && b - cand >= size && (!found || cand < best)) {
					best = cand;
					found = true;
				}
			} else {
				if (b < size)
					continue;
				cand = round_down_pa(b - size, align);
				if (cand >= a && (!found || cand > best)) {
					best = cand;
					found = true;
				}
			}
		}
	}
	return found ? best : 0;
}

/* memblock_find_in_range(): any node, mirror first when the system has some. */
static phys_addr_t find_in_range(const struct memblock_shadow *s, phys_addr_t start,
				 phys_addr_t end, phys_addr_t size, phys_addr_t align)
{
	phys_addr_t ret = find_node(s, size, align, start, end, NUMA_NO_NODE, s->mirror);

	if (!ret && s->mirror)
		ret = find_node(s, size, align, start, end, NUMA_NO_NODE, false);
	return ret;
}

phys_addr_t memblock_shadow_find(const struct memblock_shadow *s, phys_addr_t size,
				 phys_addr_t align, phys_addr_t start, phys_addr_t end)
{
	return find_in_range(s, start, end, size, align);
}

static int sim_add(struct memblock_shadow *s, int type, phys_addr_t base, phys_addr_t size,
		   unsigned int flags, int nid);
static int sim_remove(struct memblock_shadow *s, int type, phys_addr_t base, phys_addr_t size);

static phys_addr_t page_align(phys_addr_t x)
{
	return (x + PAGE_SIZE - 1) & PAGE_MASK;
}

/* Match an expected doubling with the next unconsumed report of that type. */
static void expect_resize(struct memblock_shadow *s, int type, const struct memblock_resize *want)
{
	const struct memblock_op *op = s->op;
	const struct memblock_resize *got = NULL;
	const char *name = type_name[type];

	s->nr_expected++;
	for (int i = 0; i < op->nr_resizes && i < MEMBLOCK_MAX_RESIZES_PER_OP; i++) {
		if (!s->consumed[i] && op->resizes[i].type == type) {
			s->consumed[i] = true;
			got = &op->resizes[i];
			break;
		}
	}
	if (!got && op->nr_resizes > MEMBLOCK_MAX_RESIZES_PER_OP)
		return;	/* only the first records are kept; the count is checked later */
	if (!got) {
		oracle_fail("memblock resize missing", want->new_phys, want->new_max, 0,
			    "%s array should double to %lu entries", name, want->new_max);
		return;
	}
	if (got->new_max != want->new_max)
		oracle_fail("memblock resize max", got->new_phys, want->new_max, got->new_max,
			    "%s array", name);
	if (got->new_alloc_size != want->new_alloc_size)
		oracle_fail("memblock resize size", got->new_phys, want->new_alloc_size,
			    got->new_alloc_size, "%s array", name);
	if (got->old_phys != want->old_phys ||
	    (want->old_phys && got->old_alloc_size != want->old_alloc_size))
		oracle_fail("memblock resize old array", got->old_phys, want->old_phys,
			    got->old_phys, "%s array, old size expected 0x%llx actual 0x%llx", name,
			    (unsigned long long)want->old_alloc_size,
			    (unsigned long long)got->old_alloc_size);
	if (got->avoid_base != want->avoid_base || got->avoid_size != want->avoid_size)
		oracle_fail("memblock resize avoid range", got->avoid_base, want->avoid_base,
			    got->avoid_base, "%s array, avoid size expected 0x%llx actual 0x%llx",
			    name, (unsigned long long)want->avoid_size,
			    (unsigned long long)got->avoid_size);
	if (got->new_phys & (PAGE_SIZE - 1))
		oracle_fail("memblock resize alignment", got->new_phys, 0,
			    got->new_phys & (PAGE_SIZE - 1), "%s array not page aligned", name);
	else if (got->new_phys + want->new_alloc_size > s->current_limit)
		oracle_fail("memblock resize limit", got->new_phys, s->current_limit,
			    got->new_phys + want->new_alloc_size, "%s array above current_limit", name);
	else if (!find_ival(&s->t[MEMORY], got->new_phys) ||
		 (find_ival(&s->t[MEMORY], got->new_phys)->flags & MEMBLOCK_NOMAP))
		oracle_fail("memblock resize in memory", got->new_phys, 1, 0,
			    "%s array outside mappable memory", name);
	else if (overlaps(&s->t[RESERVED], got->new_phys, got->new_phys + want->new_alloc_size))
		oracle_fail("memblock resize not reserved", got->new_phys, 0, 1,
			    "%s array placed over a reservation", name);
	if (got->new_phys != want->new_phys)
		oracle_fail("memblock resize candidate", got->new_phys, want->new_phys,
			    got->new_phys, "%s array, %s", name,
			    s->bottom_up ? "bottom-up lowest" : "top-down highest");
}

/* memblock_double_array(); false when it fails (no resize allowed or no room). */
static bool sim_double(struct memblock_shadow *s, int type, phys_addr_t avoid_base,
		       phys_addr_t avoid_size)
{
	struct shadow_type *t = &s->t[type];
	struct memblock_resize want = { .type = type };
	phys_addr_t addr, old_phys = t->array_phys;

	if (!s->can_resize)
		return false;
	if (type != RESERVED)
		avoid_base = avoid_size = 0;
	want.new_max = t->max * 2;
	want.new_alloc_size = page_align((phys_addr_t)want.new_max * s->region_size);
	want.old_phys = old_phys;
	want.old_alloc_size = page_align((phys_addr_t)t->max * s->region_size);
	want.avoid_base = avoid_base;
	want.avoid_size = avoid_size;

	addr = find_in_range(s, avoid_base + avoid_size, s->current_limit, want.new_alloc_size,
			     PAGE_SIZE);
	if (!addr && avoid_size)
		addr = find_in_range(s, 0, avoid_base < s->current_limit ? avoid_base :
				     s->current_limit, want.new_alloc_size, PAGE_SIZE);
	if (!addr)
		return false;
	want.new_phys = addr;
	expect_resize(s, type, &want);

	t->max = want.new_max;
	t->array_phys = addr;
	if (old_phys && sim_remove(s, RESERVED, old_phys, want.old_alloc_size) == -MM_EPANIC)
		return true;
	if (sim_add(s, RESERVED, addr, want.new_alloc_size, 0, MAX_NUMNODES) != 0)
		s->panic = true;	/* BUG_ON(memblock_reserve(new array)) */
	return true;
}

/* memblock_add_range(). */
static int sim_add(struct memblock_shadow *s, int type, phys_addr_t base, phys_addr_t size,
		   unsigned int flags, int nid)
{
	struct shadow_type *t = &s->t[type];
	unsigned long nr_new;

	size = cap_size(s, base, size);
	if (!size)
		return 0;
	if (t->n == 0) {
		/* adding to the empty array sets total_size afresh */
		t->stale = 0;
		rebuild(s, type, PW_ADD, base, base + size, flags, nid);
		return 0;
	}
	nr_new = count_gaps(t, base, base + size);
	if (!nr_new)
		return 0;
	while (type_cnt(t) + nr_new > t->max) {
		if (!sim_double(s, type, base, size))
			return -MM_ENOMEM;
		if (s->panic)
			return -MM_EPANIC;
	}
	/* the insert pass BUG()s if a doubling's own reservation split a gap past max */
	if (type_cnt(t) + count_gaps(t, base, base + size) > t->max) {
		s->panic = true;
		return -MM_EPANIC;
	}
	forget_splits(s, t);
	rebuild(s, type, PW_ADD, base, base + size, flags, nid);
	return 0;
}

/* The room check of memblock_isolate_range(). */
static int sim_isolate_room(struct memblock_shadow *s, int type, phys_addr_t base, phys_addr_t size)
{
	struct shadow_type *t = &s->t[type];

	if (!size)
		return 0;
	while (type_cnt(t) + 2 > t->max) {
		if (!sim_double(s, type, base, size))
			return -MM_ENOMEM;
		if (s->panic)
			return -MM_EPANIC;
	}
	return 0;
}

/* memblock_remove_range(). */
static int sim_remove(struct memblock_shadow *s, int type, phys_addr_t base, phys_addr_t size)
{
	int ret;

	size = cap_size(s, base, size);
	ret = sim_isolate_room(s, type, base, size);
	if (ret || !size)
		return ret;
	rebuild(s, type, PW_REMOVE, base, base + size, 0, 0);
	return 0;
}

/* memblock_setclr_flag() on memory. */
static int sim_setclr(struct memblock_shadow *s, bool set, unsigned int flag, phys_addr_t base,
		      phys_addr_t size)
{
	int ret;

	size = cap_size(s, base, size);
	ret = sim_isolate_room(s, MEMORY, base, size);
	if (ret)
		return ret;
	forget_splits(s, &s->t[MEMORY]);
	rebuild(s, MEMORY, set ? PW_SET : PW_CLEAR, base, base + size, flag, 0);
	return 0;
}

/* memblock_cap_memory_range(). */
static int sim_cap(struct memblock_shadow *s, phys_addr_t base, phys_addr_t size)
{
	struct shadow_type *mem = &s->t[MEMORY];
	phys_addr_t end, cut[2];
	int ret;

	/* the kernel tests the size as given, and caps it only inside the isolation */
	if (!size || type_total(s, mem) == 0)
		return 0;
	end = base + cap_size(s, base, size);
	ret = sim_isolate_room(s, MEMORY, base, end - base);
	if (ret)
		return ret;
	/* a NOMAP region straddling a boundary stays split in two */
	cut[0] = base;
	cut[1] = end;
	for (int k = 0; k < 2; k++) {
		const struct ival *iv = find_ival(mem, cut[k]);

		if (iv && iv->start < cut[k] && (iv->flags & MEMBLOCK_NOMAP))
			push_split(mem, cut[k]);
	}
	rebuild(s, MEMORY, PW_CAP, base, end, 0, 0);
	if (sim_remove(s, RESERVED, 0, base) == -MM_EPANIC)
		return -MM_EPANIC;
	/* base + size wraps in the simulated phys_addr_t, as the kernel's does */
	return sim_remove(s, RESERVED, (base + size) & s->phys_max, s->phys_max) == -MM_EPANIC ?
	       -MM_EPANIC : 0;
}

static int cmp_pa(const void *a, const void *b)
{
	phys_addr_t x = *(const phys_addr_t *)a, y = *(const phys_addr_t *)b;

	return (x > y) - (x < y);
}

/*
 * memblock_trim_memory(): each region (an interval cut at its split
 * points) rounded inward with round_up()/round_down()'s masks, dropped
 * when empty or when its start's round_up() wraps past the top.  Nothing
 * merges, and total_size loses only the dropped regions, so the bytes
 * trimmed off the kept ones stay counted.
 */
static void sim_trim(struct memblock_shadow *s, phys_addr_t align)
{
	struct shadow_type *t = &s->t[MEMORY];
	phys_addr_t kernel_total = type_total(s, t), dropped = 0, *cuts = NULL, *splits = NULL;
	size_t nt = 0, nsplit = 0, cutcap = 0, splitcap = 0, c = 0;

	touch(t, 0, s->phys_max);
	cuts = grow(cuts, &cutcap, t->nsplit + 1, sizeof(*cuts));
	if (t->nsplit) {
		memcpy(cuts, t->split, t->nsplit * sizeof(*cuts));
		qsort(cuts, t->nsplit, sizeof(*cuts), cmp_pa);
	}
	s->tmp = grow(s->tmp, &s->tmpcap, t->n + t->nsplit + 1, sizeof(*s->tmp));
	for (size_t i = 0; i < t->n; i++) {
		const struct ival *v = &t->v[i];
		phys_addr_t a = v->start;

		while (c < t->nsplit && cuts[c] <= v->start)
			c++;
		while (a < v->end) {
			phys_addr_t b = c < t->nsplit && cuts[c] < v->end ? cuts[c++] : v->end;
			phys_addr_t na = (((a - 1) | (align - 1)) + 1) & s->phys_max;
			phys_addr_t nb = b & ~(align - 1);

			/* a round_up() that wraps past the top leaves nothing (model departure) */
			if (na >= a && na < nb) {
				if (nt && s->tmp[nt - 1].end == na) {
					splits = grow(splits, &splitcap, nsplit + 1, sizeof(*splits));
					splits[nsplit++] = na;
				}
				s->tmp[nt++] = (struct ival){ na, nb, v->flags, v->nid };
			} else {
				dropped += b - a;
			}
			a = b;
		}
	}
	free(cuts);
	install_tmp(s, t, nt);
	t->stale = (kernel_total - dropped - t->total) & s->phys_max;
	free(t->split);
	t->split = splits;
	t->nsplit = nsplit;
	t->splitcap = splitcap;
}

/* memblock_enforce_memory_limit(): memory and reserved cut where the first `limit` bytes end. */
static int sim_enforce(struct memblock_shadow *s, phys_addr_t limit)
{
	const struct shadow_type *mem = &s->t[MEMORY];
	phys_addr_t max_addr = s->phys_max;
	int ret;

	if (!limit)
		return 0;
	for (size_t i = 0; i < mem->n; i++) {
		phys_addr_t size = mem->v[i].end - mem->v[i].start;

		if (limit <= size) {
			max_addr = mem->v[i].start + limit;
			break;
		}
		limit -= size;
	}
	if (max_addr == s->phys_max)
		return 0;
	ret = sim_remove(s, MEMORY, max_addr, s->phys_max);
	if (ret == -MM_EPANIC)
		return ret;
	if (sim_remove(s, RESERVED, max_addr, s->phys_max) == -MM_EPANIC)
		return -MM_EPANIC;
	return 0;
}

/* memblock_reserve() of an allocation; true when it went in. */
static bool sim_reserve_found(struct memblock_shadow *s, phys_addr_t found, phys_addr_t size)
{
	return found && sim_add(s, RESERVED, found, size, 0, MAX_NUMNODES) == 0;
}

/* memblock_alloc_range_nid(). */
static phys_addr_t sim_alloc_range_nid(struct memblock_shadow *s, phys_addr_t size,
				       phys_addr_t align, phys_addr_t start, phys_addr_t end,
				       int nid, bool exact_nid)
{
	bool mirror = s->mirror;
	phys_addr_t found;

	if (nid == MAX_NUMNODES)
		nid = NUMA_NO_NODE;
	for (;;) {
		found = find_node(s, size, align, start, end, nid, mirror);
		if (sim_reserve_found(s, found, size))
			return found;
		if (s->panic)
			return 0;
		if (nid != NUMA_NO_NODE && !exact_nid) {
			found = find_node(s, size, align, start, end, NUMA_NO_NODE, mirror);
			if (sim_reserve_found(s, found, size))
				return found;
			if (s->panic)
				return 0;
		}
		if (!mirror)
			return 0;
		mirror = false;
	}
}

/* Properties any successful allocation has, checked against the pre-op shadow. */
static void check_alloc_result(struct memblock_shadow *s, const struct memblock_op *op,
			       phys_addr_t align, phys_addr_t end)
{
	phys_addr_t r = op->result, rend = op->result + op->size;
	const struct ival *m = find_ival(&s->t[MEMORY], r);

	if (end == 0 || end == 1)
		end = s->current_limit;
	if (r & (align - 1))
		oracle_fail("memblock alloc alignment", r, 0, r & (align - 1),
			    "align 0x%llx", (unsigned long long)align);
	else if (r < PAGE_SIZE)
		oracle_fail("memblock alloc first page", r, PAGE_SIZE, r, "size 0x%llx",
			    (unsigned long long)op->size);
	else if (op->kind == MEMBLOCK_OP_ALLOC_RANGE && r < op->start)
		oracle_fail("memblock alloc below start", r, op->start, r, "size 0x%llx",
			    (unsigned long long)op->size);
	else if (rend > end || rend < r)
		oracle_fail("memblock alloc limit", r, end, rend, "size 0x%llx",
			    (unsigned long long)op->size);
	else if (!m || m->end < rend || (m->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED)))
		oracle_fail("memblock alloc in memory", r, 1, 0,
			    "[0x%llx, 0x%llx) not inside one allocatable memory region",
			    (unsigned long long)r, (unsigned long long)rend);
	else if (overlaps(&s->t[RESERVED], r, rend))
		oracle_fail("memblock alloc not reserved", r, 0, 1,
			    "[0x%llx, 0x%llx) overlaps a reservation", (unsigned long long)r,
			    (unsigned long long)rend);
}

static void sim_alloc(struct memblock_shadow *s, const struct memblock_op *op)
{
	phys_addr_t align = op->align & s->phys_max;
	phys_addr_t end = op->end & s->phys_max, want;

	if (!align)
		align = SMP_CACHE_BYTES;
	if (!mm_is_power_of_2(align)) {
		/* model departure: refused instead of the kernel's garbage rounding */
		if (op->result || op->ret != -MM_EINVAL)
			oracle_fail("memblock alloc alignment", op->result, (uint64_t)-MM_EINVAL,
				    (uint64_t)(int64_t)op->ret, "align 0x%llx is not a power of two",
				    (unsigned long long)align);
		return;
	}
	if (op->kind == MEMBLOCK_OP_ALLOC && end > s->current_limit)
		end = s->current_limit;
	if (op->result && op->size)
		check_alloc_result(s, op, align, end);

	want = sim_alloc_range_nid(s, op->size, align, op->start, end, op->nid, op->exact_nid);
	if (!want && !s->panic && op->kind == MEMBLOCK_OP_ALLOC && op->start)
		want = sim_alloc_range_nid(s, op->size, align, 0, end, op->nid, op->exact_nid);
	if (s->panic)
		return;
	if (want != op->result)
		oracle_fail("memblock alloc candidate", op->result, want, op->result,
			    "size 0x%llx align 0x%llx range [0x%llx, 0x%llx) %s",
			    (unsigned long long)op->size, (unsigned long long)align,
			    (unsigned long long)op->start, (unsigned long long)end,
			    s->bottom_up ? "bottom-up lowest" : "top-down highest");
	if ((op->ret == 0) != (op->result != 0))
		oracle_fail("memblock alloc return", op->result, op->result ? 0 : (uint64_t)-MM_ENOMEM,
			    (uint64_t)(int64_t)op->ret, "ret and result disagree");
}

/*
 * Regions first..last (clamped to the array) of one type against the
 * shadow, then the type's counters.  The full check passes the whole array,
 * the per-operation check the operation's neighbourhood with cnt already
 * known to agree.
 */
static void compare_type(struct memblock_shadow *s, const struct memblock *mb, int type,
			 unsigned long first, unsigned long last)
{
	const struct shadow_type *t = &s->t[type];
	const struct memblock_type *mt = type == MEMORY ? &mb->memory : &mb->reserved;
	const char *name = type_name[type];
	unsigned long n;

	if (mt->cnt == 0 || mt->cnt > mt->max || !mt->regions) {
		oracle_fail("memblock cnt", 0, type_cnt(t), mt->cnt, "%s: cnt %lu, max %lu", name,
			    mt->cnt, mt->max);
		return;
	}
	if (last >= mt->cnt)
		last = mt->cnt - 1;
	for (unsigned long i = first; i <= last; i++) {
		const struct memblock_region *r = &mt->regions[i];

		if (r->size == 0 && !(mt->cnt == 1 && r->base == 0 && r->flags == 0)) {
			oracle_fail("memblock region empty", r->base, 1, 0, "%s[%lu] has size 0",
				    name, i);
			return;
		}
		if (r->size > s->phys_max - r->base) {
			oracle_fail("memblock region end", r->base, s->phys_max, r->base + r->size,
				    "%s[%lu] runs past phys_max", name, i);
			return;
		}
		if (i == 0)
			continue;
		if (r[-1].base + r[-1].size > r->base) {
			oracle_fail("memblock regions sorted", r->base, r[-1].base + r[-1].size,
				    r->base, "%s[%lu] starts inside or before %s[%lu]", name, i,
				    name, i - 1);
			return;
		}
		if (r[-1].base + r[-1].size == r->base && r[-1].flags == r->flags &&
		    (!s->numa || r[-1].nid == r->nid) && !is_split(t, r->base)) {
			oracle_fail("memblock regions merged", r->base, 0, 1,
				    "%s[%lu] and %s[%lu] touch with equal attributes", name, i - 1,
				    name, i);
			return;
		}
	}

	n = mt->cnt < t->n ? mt->cnt : t->n;
	for (unsigned long i = first; i <= last && i < n; i++) {
		const struct memblock_region *r = &mt->regions[i];
		const struct ival *iv = &t->v[i];

		if (r->base != iv->start) {
			oracle_fail("memblock region base", r->base, iv->start, r->base,
				    "%s[%lu]", name, i);
			return;
		}
		if (r->size != iv->end - iv->start) {
			oracle_fail("memblock region size", r->base, iv->end - iv->start, r->size,
				    "%s[%lu]", name, i);
			return;
		}
		if (r->flags != iv->flags) {
			oracle_fail("memblock region flags", r->base, iv->flags, r->flags,
				    "%s[%lu]", name, i);
			return;
		}
		if (s->numa && r->nid != iv->nid) {
			oracle_fail("memblock region nid", r->base, (uint64_t)iv->nid,
				    (uint64_t)r->nid, "%s[%lu]", name, i);
			return;
		}
	}
	if (mt->cnt != type_cnt(t)) {
		if (t->n > n)
			oracle_fail("memblock region missing", t->v[n].start, type_cnt(t), mt->cnt,
				    "%s[%lu] of size 0x%llx absent; cnt shown", name, n,
				    (unsigned long long)(t->v[n].end - t->v[n].start));
		else
			oracle_fail("memblock region extra", mt->regions[n].base, type_cnt(t),
				    mt->cnt, "%s[%lu] of size 0x%llx unexpected; cnt shown", name, n,
				    (unsigned long long)mt->regions[n].size);
		return;
	}
	/* with every region equal this is the sum of the regions' sizes */
	if (mt->total_size != type_total(s, t))
		oracle_fail("memblock total_size", 0, type_total(s, t), mt->total_size, "%s", name);
	else if (mt->max != t->max)
		oracle_fail("memblock array max", mt->array_phys, t->max, mt->max, "%s", name);
	else if (mt->array_phys != t->array_phys)
		oracle_fail("memblock array address", mt->array_phys, t->array_phys,
			    mt->array_phys, "%s", name);
}

/*
 * The per-operation comparison at ORACLE_CHEAP: the counters, and the
 * regions around what the operation changed (one neighbour each side, so
 * merges and ordering at the edges are seen).  A count that disagrees gets
 * the full comparison, which names the first differing region.
 */
static void compare_touched(struct memblock_shadow *s, const struct memblock *mb, int type)
{
	const struct shadow_type *t = &s->t[type];
	const struct memblock_type *mt = type == MEMORY ? &mb->memory : &mb->reserved;
	size_t i = 0, j;

	if (mt->cnt != type_cnt(t)) {
		compare_type(s, mb, type, 0, ULONG_MAX);
		return;
	}
	if (!t->touched) {
		compare_type(s, mb, type, 1, 0);	/* first > last: the counters only */
		return;
	}
	while (i < t->n && t->v[i].end < t->touch_lo)
		i++;
	for (j = i; j < t->n && t->v[j].start <= t->touch_hi; j++)
		;
	/* [i, j) touch the span; j is the right neighbour */
	compare_type(s, mb, type, i ? i - 1 : 0, j);
}

static void compare_queries(struct memblock_shadow *s, const struct memblock *mb)
{
	const struct shadow_type *mem = &s->t[MEMORY];
	phys_addr_t first = mem->n ? mem->v[0].start : 0;
	phys_addr_t last = mem->n ? mem->v[mem->n - 1].end : 0;

	if (memblock_phys_mem_size(mb) != type_total(s, mem))
		oracle_fail("memblock phys_mem_size", 0, type_total(s, mem),
			    memblock_phys_mem_size(mb), "memory");
	else if (memblock_reserved_size(mb) != type_total(s, &s->t[RESERVED]))
		oracle_fail("memblock reserved_size", 0, type_total(s, &s->t[RESERVED]),
			    memblock_reserved_size(mb), "reserved");
	else if (memblock_start_of_DRAM(mb) != first)
		oracle_fail("memblock start_of_DRAM", first, first, memblock_start_of_DRAM(mb),
			    "memory");
	else if (memblock_end_of_DRAM(mb) != last)
		oracle_fail("memblock end_of_DRAM", last, last, memblock_end_of_DRAM(mb), "memory");
}

/*
 * for_each_free_mem_range(NONE) by exhaustion, into s->tmp: allocatable
 * memory (hotplug skipped with movable_node) minus reserved.
 */
static size_t naive_free_ranges(struct memblock_shadow *s)
{
	const struct shadow_type *mem = &s->t[MEMORY], *rsv = &s->t[RESERVED];
	size_t n = 0;

	for (size_t i = 0; i < mem->n; i++) {
		const struct ival *m = &mem->v[i];
		phys_addr_t cur = m->start;

		if (m->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (s->movable_node && (m->flags & MEMBLOCK_HOTPLUG))
			continue;
		while (cur < m->end) {
			const struct ival *r = find_ival(rsv, cur);
			phys_addr_t e;

			if (r) {
				cur = r->end;
				continue;
			}
			e = next_start_above(rsv, cur, m->end);
			push_ival(&s->tmp, &n, &s->tmpcap, (struct ival){ cur, e, 0, 0 });
			cur = e;
		}
	}
	return n;
}

static void compare_free_ranges(struct memblock_shadow *s, const struct memblock *mb)
{
	size_t n = naive_free_ranges(s), i = 0;
	phys_addr_t a, b;
	uint64_t idx = 0;

	while (i <= n && memblock_next_free_range(mb, &idx, MEMBLOCK_NONE, &a, &b)) {
		if (i == n || a != s->tmp[i].start || b != s->tmp[i].end) {
			oracle_fail("memblock free range", a, i < n ? s->tmp[i].end : 0, b,
				    "forward range %zu", i);
			return;
		}
		i++;
	}
	if (i != n) {
		oracle_fail("memblock free range", s->tmp[i].start, n, i, "forward iteration ended early");
		return;
	}
	idx = ~0ULL;
	while (i > 0 && memblock_prev_free_range(mb, &idx, MEMBLOCK_NONE, &a, &b)) {
		i--;
		if (a != s->tmp[i].start || b != s->tmp[i].end) {
			oracle_fail("memblock free range", a, s->tmp[i].end, b, "reverse range %zu", i);
			return;
		}
	}
	if (i != 0 || memblock_prev_free_range(mb, &idx, MEMBLOCK_NONE, &a, &b))
		oracle_fail("memblock free range", 0, 0, 1, "reverse iteration length differs");
}

static void load_type(struct memblock_shadow *s, int type, const struct memblock_type *mt)
{
	struct shadow_type *t = &s->t[type];

	t->n = 0;
	t->nsplit = 0;
	t->merge_all = false;
	t->total = 0;
	for (unsigned long i = 0; i < mt->cnt && mt->regions; i++) {
		const struct memblock_region *r = &mt->regions[i];
		struct ival iv = { r->base, r->base + r->size, r->flags, s->numa ? r->nid : 0 };

		if (!r->size)
			continue;
		if (t->n && t->v[t->n - 1].end == iv.start && same_attr(&t->v[t->n - 1], &iv))
			push_split(t, iv.start);
		push_ival(&t->v, &t->n, &t->cap, iv);
		t->total += r->size;
	}
	t->stale = (mt->total_size - t->total) & s->phys_max;
	t->max = mt->max;
	t->array_phys = mt->array_phys;
}

static void note_arrays(struct memblock_shadow *s, const struct memblock *mb)
{
	s->dead_cnt[MEMORY] = mb->memory.cnt;
	s->dead_cnt[RESERVED] = mb->reserved.cnt;
	s->dead_total[MEMORY] = mb->memory.total_size;
	s->dead_total[RESERVED] = mb->reserved.total_size;
}

static void load(struct memblock_shadow *s, const struct memblock *mb)
{
	s->phys_max = mb->phys_max;
	s->region_size = mb->region_size;
	s->numa = mb->numa;
	s->can_resize = mb->can_resize;
	s->bottom_up = mb->bottom_up;
	s->mirror = mb->system_has_some_mirror;
	s->movable_node = mb->movable_node;
	s->current_limit = mb->current_limit;
	s->dead = mb->panicked;
	note_arrays(s, mb);
	load_type(s, MEMORY, &mb->memory);
	load_type(s, RESERVED, &mb->reserved);
}

struct memblock_shadow *memblock_shadow_new(void)
{
	struct memblock_shadow *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	return s;
}

void memblock_shadow_free(struct memblock_shadow *s)
{
	if (!s)
		return;
	for (int i = 0; i < 2; i++) {
		free(s->t[i].v);
		free(s->t[i].split);
	}
	free(s->tmp);
	free(s);
}

void memblock_shadow_reset(struct memblock_shadow *s, const struct memblock *mb)
{
	load(s, mb);
}

unsigned long memblock_shadow_regions(const struct memblock_shadow *s, int type,
				      struct memblock_region *out, unsigned long cap)
{
	const struct shadow_type *t = &s->t[type];

	for (size_t i = 0; i < t->n && i < cap; i++)
		out[i] = (struct memblock_region){ t->v[i].start, t->v[i].end - t->v[i].start,
						   (enum memblock_flags)t->v[i].flags, t->v[i].nid };
	return t->n;
}

/* Both types region by region (only around the operation when touched_only), then the queries. */
static void check(struct memblock_shadow *s, const struct memblock *mb, bool touched_only)
{
	unsigned failures = oracle_failures();

	if (s->dead)
		return;
	for (int type = MEMORY; type <= RESERVED; type++) {
		if (touched_only)
			compare_touched(s, mb, type);
		else
			compare_type(s, mb, type, 0, ULONG_MAX);
	}
	/* the queries index the arrays: only ask them about a sane state */
	if (oracle_failures() != failures)
		return;
	compare_queries(s, mb);
	if (!touched_only && oracle_level >= ORACLE_FULL)
		compare_free_ranges(s, mb);
	if (mb->current_limit != s->current_limit)
		oracle_fail("memblock current_limit", 0, s->current_limit, mb->current_limit,
			    "SET_LIMIT");
	if (mb->bottom_up != s->bottom_up || mb->can_resize != s->can_resize)
		oracle_fail("memblock mode", 0, s->bottom_up | s->can_resize << 1,
			    mb->bottom_up | mb->can_resize << 1, "bottom_up | can_resize << 1");
}

void memblock_shadow_check(struct memblock_shadow *s, const struct memblock *mb)
{
	check(s, mb, false);
}

static int apply_op(struct memblock_shadow *s, const struct memblock *mb,
		    const struct memblock_op *op, bool *has_ret)
{
	phys_addr_t base = op->base & s->phys_max, size = op->size & s->phys_max;

	*has_ret = true;
	switch (op->kind) {
	case MEMBLOCK_OP_ADD:
		return sim_add(s, MEMORY, base, size, MEMBLOCK_NONE, MAX_NUMNODES);
	case MEMBLOCK_OP_ADD_NODE:
		return sim_add(s, MEMORY, base, size, op->flags, op->nid);
	case MEMBLOCK_OP_REMOVE:
		return sim_remove(s, MEMORY, base, size);
	case MEMBLOCK_OP_RESERVE:
		return sim_add(s, RESERVED, base, size, MEMBLOCK_NONE, MAX_NUMNODES);
	case MEMBLOCK_OP_FREE:
		return sim_remove(s, RESERVED, base, size);
	case MEMBLOCK_OP_MARK:
		/*
		 * v6.1 memblock_mark_mirror: nothing at all without kernelcore=mirror,
		 * a boot parameter the caller sets and memblock only reads
		 */
		if (op->flags == MEMBLOCK_MIRROR) {
			if (!mb->mirrored_kernelcore)
				return 0;
			s->mirror = true;
		}
		return sim_setclr(s, true, op->flags, base, size);
	case MEMBLOCK_OP_CLEAR:
		return sim_setclr(s, false, op->flags, base, size);
	case MEMBLOCK_OP_ALLOC_RANGE:
	case MEMBLOCK_OP_ALLOC:
		*has_ret = false;
		sim_alloc(s, op);
		return s->panic ? -MM_EPANIC : 0;
	case MEMBLOCK_OP_CAP_RANGE:
		*has_ret = false;
		return sim_cap(s, base, size);
	case MEMBLOCK_OP_SET_LIMIT:
		*has_ret = false;
		s->current_limit = op->end & s->phys_max;
		return 0;
	case MEMBLOCK_OP_SET_BOTTOM_UP:
		*has_ret = false;
		s->bottom_up = op->base != 0;	/* the enable argument */
		return 0;
	case MEMBLOCK_OP_ALLOW_RESIZE:
		*has_ret = false;
		s->can_resize = true;
		return 0;
	case MEMBLOCK_OP_TRIM:
		*has_ret = false;
		sim_trim(s, op->align & s->phys_max);
		return 0;
	case MEMBLOCK_OP_ENFORCE_LIMIT:
		*has_ret = false;
		return sim_enforce(s, size);
	case MEMBLOCK_OP_SET_MOVABLE_NODE:
		*has_ret = false;
		s->movable_node = op->base;
		return 0;
	case MEMBLOCK_OP_NR:
		break;
	}
	*has_ret = false;
	oracle_fail("memblock op kind", 0, MEMBLOCK_OP_NR, op->kind, "unknown operation");
	return 0;
}

/* After a BUG_ON every operation is refused and changes nothing. */
static void check_after_panic(struct memblock_shadow *s, const struct memblock *mb,
			      const struct memblock_op *op)
{
	if (op->ret != -MM_EPANIC || op->result || op->nr_resizes)
		oracle_fail("memblock stopped after a panic", op->base, (uint64_t)-MM_EPANIC,
			    (uint64_t)(int64_t)op->ret, "op %d returned result 0x%llx, %d doublings",
			    op->kind, (unsigned long long)op->result, op->nr_resizes);
	else if (mb->memory.cnt != s->dead_cnt[MEMORY] || mb->reserved.cnt != s->dead_cnt[RESERVED] ||
		 mb->memory.total_size != s->dead_total[MEMORY] ||
		 mb->reserved.total_size != s->dead_total[RESERVED])
		oracle_fail("memblock stopped after a panic", op->base, s->dead_total[RESERVED],
			    mb->reserved.total_size,
			    "op %d changed the arrays (memory cnt %lu -> %lu, reserved cnt %lu -> %lu; "
			    "reserved total shown)", op->kind, s->dead_cnt[MEMORY], mb->memory.cnt,
			    s->dead_cnt[RESERVED], mb->reserved.cnt);
}

void memblock_shadow_observe(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	struct memblock_shadow *s = ctx;
	unsigned failures = oracle_failures();
	bool has_ret;
	int ret;

	if (oracle_level == ORACLE_OFF)
		return;
	if (s->dead) {
		check_after_panic(s, mb, op);
		return;
	}
	s->op = op;
	s->panic = false;
	s->nr_expected = 0;
	memset(s->consumed, 0, sizeof(s->consumed));
	s->t[MEMORY].touched = s->t[RESERVED].touched = false;

	ret = apply_op(s, mb, op, &has_ret);

	if (s->panic || op->ret == -MM_EPANIC) {
		if (!s->panic)
			oracle_fail("memblock panic", op->base, 0, 1,
				    "the model panicked where the kernel would not (%s)",
				    mb->panic_msg ? mb->panic_msg : "?");
		else if (op->ret != -MM_EPANIC || !mb->panicked)
			oracle_fail("memblock panic", op->base, 1,
				    (op->ret == -MM_EPANIC) | (uint64_t)mb->panicked << 1,
				    "the kernel hits BUG_ON here: the operation must return -MM_EPANIC "
				    "and memblock stay stopped (actual: returned | panicked << 1)");
		s->dead = true;
		note_arrays(s, mb);
		return;
	}
	for (int i = 0; i < op->nr_resizes && i < MEMBLOCK_MAX_RESIZES_PER_OP; i++)
		if (!s->consumed[i])
			oracle_fail("memblock resize unexpected", op->resizes[i].new_phys, 0,
				    op->resizes[i].new_max, "%s array doubled without need",
				    type_name[op->resizes[i].type == RESERVED]);
	if (s->nr_expected != op->nr_resizes && oracle_failures() == failures)
		oracle_fail("memblock resize count", 0, (uint64_t)s->nr_expected,
			    (uint64_t)op->nr_resizes, "doublings in one operation");
	if (has_ret && ret != op->ret)
		oracle_fail("memblock return", op->base, (uint64_t)(int64_t)ret,
			    (uint64_t)(int64_t)op->ret, "op %d size 0x%llx", op->kind,
			    (unsigned long long)op->size);
	/* CHEAP looks around the operation; the harness schedules full sweeps */
	check(s, mb, oracle_level < ORACLE_FULL);

	/* after a report, follow the model so later checks stay meaningful */
	if (oracle_failures() != failures)
		load(s, mb);
}
