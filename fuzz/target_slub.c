/*
 * Fuzz target slub: a configuration (profile, 1..8 CPUs, a small board,
 * slub_debug= and SLUB's other boot parameters, the seed of SLUB's
 * randomness; slub_ops.c), mm_kernel_boot(), then up to SLUB_MAX_OPS slab
 * operations: create and destroy caches, kmem_cache_alloc, kmalloc of any
 * size, frees, kfree, CPU switches, shrink, writes by the holder, ksize,
 * /proc/slabinfo, and, on caches whose slub_debug checks are on,
 * deliberately wrong frees and stores for slub_debug to catch.  The byte
 * layout is in docs/fuzz-input-format.md, section "slub target".
 *
 * After every SLUB call the harness hands what happened to
 * slub_checks_after() (fuzz/slub_checks.h), the SLUB oracle's hook; the
 * end of the input runs slub_checks_end().  The harness holds only what
 * SLUB handed out: the model's own pages (slabs, large kmallocs) reach the
 * buddy oracle through the page observer.
 *
 * Wrong operations stay inside what the kernel survives with slub_debug's
 * consistency checks on (SLAB_CONSISTENCY_CHECKS, so debug caches never
 * have cpu slabs): a double free and a store after free only on objects of
 * the harness's own caches (nothing else allocates from them) that are
 * free and still in a slab of that cache; a pointer inside an object; a
 * store into a red zone; kmem_cache_free into another cache (the kernel
 * frees into the object's own cache, with a WARN).
 *
 * The boot is released at the end of run(), so the next input starts from
 * nothing whatever this one touched (AFL++ stability).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "kmem_access.h"
#include "mm_errno.h"
#include "oracle.h"
#include "slab.h"
#include "slub_checks.h"
#include "slub_ops.h"

#define MAX_CACHES 16
#define MAX_OBJECTS 512
#define NR_FREED 32
#define DTB_CAP 1024

struct object {
	uint32_t va;
	struct kmem_cache *s;		/* NULL: from kmalloc */
	size_t size;			/* bytes the holder may use */
};

/* A freed object of one of the harness's caches (for wrong operations on it). */
struct freed {
	uint32_t va;
	struct kmem_cache *s;
};

static struct {
	struct mm_kernel *k;
	struct kmem_cache *caches[MAX_CACHES];	/* by name: mmfuzz-<index> */
	struct object held[MAX_OBJECTS];
	unsigned nr_held;
	struct freed freed[NR_FREED];
	unsigned next_freed;
	const char *reject;
} st;

static struct slub_input input;
static uint64_t dtb[DTB_CAP / sizeof(uint64_t)];
static char slabinfo[64 * 1024];

/* The checks after a call, told how many reports SLUB made during it. */
static void after(struct slub_event *ev, unsigned long reports_before)
{
	ev->reports = st.k->slub.nr_reports - reports_before;
	slub_checks_after(st.k, ev);
}

/* A user cache (top bit clear) or a kmalloc cache of any kind (top bit set); NULL when none. */
static struct kmem_cache *pick_cache(uint8_t sel)
{
	if (sel & 0x80)
		return st.k->slub.kmalloc_caches[(sel >> 4) & 3][slub_kmalloc_indexes[(sel & 0x0f) % 9]];
	return st.caches[sel % MAX_CACHES];
}

static bool user_cache(const struct kmem_cache *s)
{
	for (unsigned i = 0; s && i < MAX_CACHES; i++)
		if (st.caches[i] == s)
			return true;
	return false;
}

static struct object *pick_held(uint8_t idx)
{
	return st.nr_held ? &st.held[idx % st.nr_held] : NULL;
}

static void forget(struct object *o)
{
	*o = st.held[--st.nr_held];
}

static bool is_held(uint32_t va)
{
	for (unsigned i = 0; i < st.nr_held; i++)
		if (st.held[i].va == va)
			return true;
	return false;
}

/* The cache whose slab holds va (the harness reads the page only to choose its inputs). */
static struct kmem_cache *slab_cache_of(uint32_t va)
{
	const struct arm_layout *l = &st.k->setup->layout;
	const struct page *page;

	if (va < l->page_offset || va >= l->high_memory)
		return NULL;
	page = pfn_to_page(&st.k->memmap, (unsigned long)(layout_va_to_pa(l, va) >> PAGE_SHIFT));
	if (page && (page->compound_head & 1))
		page = pfn_to_page(&st.k->memmap, page->compound_head >> 1);
	return page && PageSlab(page) ? page->slab_cache : NULL;
}

static bool consistency_checked(const struct kmem_cache *s)
{
	return s && st.k->slub.slub_debug_enabled && (s->flags & SLAB_CONSISTENCY_CHECKS);
}

static void op_create(const struct slub_op *op)
{
	static const slab_flags_t flag_bits[8] = {
		SLAB_HWCACHE_ALIGN, SLAB_POISON, SLAB_RED_ZONE, SLAB_STORE_USER,
		SLAB_CONSISTENCY_CHECKS, SLAB_RECLAIM_ACCOUNT, SLAB_CACHE_DMA, SLAB_TYPESAFE_BY_RCU,
	};
	unsigned id = op->a % MAX_CACHES;
	slab_flags_t flags = 0;
	unsigned long reports = st.k->slub.nr_reports;
	char name[16];
	struct slub_event ev = { .kind = EV_CREATE, .size = op->size };

	/* a second live cache of one name: sysfs (not modelled) would refuse it */
	if (st.caches[id])
		return;
	for (int i = 0; i < 8; i++)
		if (op->c & (1u << i))
			flags |= flag_bits[i];
	snprintf(name, sizeof(name), "mmfuzz-%u", id);
	ev.name = name;
	ev.align = op->b ? 1u << ((op->b - 1) % 12) : 0;
	ev.flags = flags;
	ev.ctor = op->d < 0x40 ? op->d : 0;
	ev.s = st.caches[id] = kmem_cache_create(st.k, name, op->size, ev.align, flags, ev.ctor);
	after(&ev, reports);
}

static void op_destroy(uint8_t sel)
{
	unsigned id = sel % MAX_CACHES;
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_DESTROY, .s = st.caches[id] };

	if (!ev.s)
		return;
	st.caches[id] = NULL;
	for (unsigned i = 0; i < NR_FREED; i++)
		if (st.freed[i].s == ev.s)
			st.freed[i] = (struct freed){ 0 };
	kmem_cache_destroy(st.k, ev.s);
	after(&ev, reports);
}

static void hold(uint32_t va, struct kmem_cache *s, size_t size)
{
	st.held[st.nr_held++] = (struct object){ va, s, size };
}

static void op_alloc(uint8_t sel, gfp_t gfp)
{
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_ALLOC, .s = pick_cache(sel), .gfp = gfp };

	if (!ev.s || st.nr_held == MAX_OBJECTS)
		return;
	ev.object = kmem_cache_alloc(st.k, ev.s, gfp);
	ev.size = ev.s->object_size;
	if (ev.object)
		hold(ev.object, ev.s, ev.size);
	after(&ev, reports);
}

static void op_kmalloc(const struct slub_op *op)
{
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_KMALLOC, .size = op->size, .gfp = op->gfp };

	if (st.nr_held == MAX_OBJECTS)
		return;
	ev.object = kmalloc(st.k, op->size, op->gfp);
	if (!ZERO_OR_NULL_PTR(ev.object))
		hold(ev.object, NULL, op->size);
	after(&ev, reports);
}

static void remember_freed(const struct object *o)
{
	if (!user_cache(o->s))
		return;
	st.freed[st.next_freed++ % NR_FREED] = (struct freed){ o->va, o->s };
}

/* Free through the cache it came from (kfree for kmalloc's), or kfree whatever it is. */
static void free_object(struct object *o, bool use_kfree)
{
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .object = o->va, .s = o->s, .size = o->size };

	if (o->s && !use_kfree) {
		ev.kind = EV_FREE;
		kmem_cache_free(st.k, o->s, o->va);
	} else {
		ev.kind = EV_KFREE;
		kfree(st.k, o->va);
	}
	remember_freed(o);
	forget(o);
	after(&ev, reports);
}

static void op_free_many(uint8_t pattern)
{
	struct kmem_cache *s;

	switch (pattern % 3) {
	case 0:
		/* every other one, from the top: holes all over the slabs */
		for (unsigned i = st.nr_held; i-- > 0;)
			if (i % 2)
				free_object(&st.held[i], false);
		break;
	case 1:
		/* everything of one cache: slabs empty out */
		s = pick_cache(pattern >> 2);
		for (unsigned i = st.nr_held; i-- > 0;)
			if (st.held[i].s == s || (!st.held[i].s && slab_cache_of(st.held[i].va) == s))
				free_object(&st.held[i], false);
		break;
	default:
		/* the newest half */
		for (unsigned n = st.nr_held / 2; n-- > 0;)
			free_object(&st.held[st.nr_held - 1], false);
		break;
	}
}

static void op_shrink(uint8_t sel)
{
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_SHRINK, .s = pick_cache(sel) };

	if (!ev.s)
		return;
	ev.result = kmem_cache_shrink(st.k, ev.s);
	after(&ev, reports);
}

static void op_set_cpu(uint8_t cpu)
{
	struct slub_event ev = { .kind = EV_SET_CPU, .size = cpu % st.k->slub.nr_cpu_ids };

	ev.result = slub_set_cpu(st.k, (unsigned int)ev.size);
	slub_checks_after(st.k, &ev);
}

static void op_write(uint8_t idx, uint8_t val)
{
	struct object *o = pick_held(idx);
	struct slub_event ev;

	if (!o)
		return;
	ev = (struct slub_event){ .kind = EV_WRITE, .object = o->va, .s = o->s, .size = o->size };
	ev.result = kmem_write(st.k, o->va, val, o->size);
	slub_checks_after(st.k, &ev);
}

static void op_ksize(uint8_t idx)
{
	struct object *o = pick_held(idx);
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_KSIZE };

	if (!o)
		return;
	ev.object = o->va;
	ev.s = o->s;
	ev.size = ksize(st.k, o->va);
	/* the kernel lets a caller use all of it (ksize unpoisoned it) */
	if (ev.size > o->size)
		o->size = ev.size;
	after(&ev, reports);
}

/* A freed object of a consistency-checked own cache, still free in a slab of that cache. */
static const struct freed *pick_free_object(uint8_t idx)
{
	const struct freed *f = &st.freed[idx % NR_FREED];

	if (!f->va || !user_cache(f->s) || !consistency_checked(f->s) || is_held(f->va) ||
	    slab_cache_of(f->va) != f->s)
		return NULL;
	return f;
}

static void wrong_free(uint32_t va, struct kmem_cache *s)
{
	unsigned long reports = st.k->slub.nr_reports;
	struct slub_event ev = { .kind = EV_WRONG_FREE, .object = va, .s = s };

	if (s)
		kmem_cache_free(st.k, s, va);
	else
		kfree(st.k, va);
	after(&ev, reports);
}

static void wrong_write(uint32_t va, uint8_t val, size_t len)
{
	struct slub_event ev = { .kind = EV_WRONG_WRITE, .object = va, .size = len };

	ev.result = kmem_write_unchecked(st.k, va, val, len);
	slub_checks_after(st.k, &ev);
}

static void op_wrong(const struct slub_op *op)
{
	const struct freed *f;
	struct object *o = pick_held(op->b);
	struct kmem_cache *s = o ? slab_cache_of(o->va) : NULL, *other;

	switch ((enum slub_wrong_kind)(op->a % WRONG_NR)) {
	case WRONG_DOUBLE_FREE:
		if ((f = pick_free_object(op->b)))
			wrong_free(f->va, f->s);
		break;
	case WRONG_CACHE:
		other = pick_cache(op->c);
		if (!s || !other || other == s)
			break;
		/* freed, into its own cache */
		wrong_free(o->va, other);
		forget(o);
		break;
	case WRONG_MID_OBJECT:
		if (consistency_checked(s) && s->object_size > 1)
			wrong_free(o->va + 1 + op->c % (s->object_size - 1), NULL);
		break;
	case WRONG_USE_AFTER_FREE:
		if ((f = pick_free_object(op->b)) && (f->s->flags & __OBJECT_POISON))
			wrong_write(f->va + op->c % f->s->object_size, (uint8_t)(op->c | 1), 1 + op->c % 4);
		break;
	case WRONG_REDZONE:
		if (!consistency_checked(s) || !(s->flags & SLAB_RED_ZONE))
			break;
		/* then its free is refused (the object stays allocated) */
		if (op->c & 1)
			wrong_write(o->va - 1 - op->c % s->red_left_pad, 0, 1);
		else
			wrong_write(o->va + s->object_size + op->c % (s->inuse - s->object_size), 0, 1);
		wrong_free(o->va, NULL);
		break;
	case WRONG_NR:
		break;
	}
}

static void run_op(const struct slub_op *op)
{
	switch (op->kind) {
	case SLUB_CREATE:
		op_create(op);
		break;
	case SLUB_ALLOC:
		op_alloc(op->a, op->gfp);
		break;
	case SLUB_KMALLOC:
		op_kmalloc(op);
		break;
	case SLUB_FREE:
	case SLUB_KFREE:
		if (st.nr_held)
			free_object(pick_held(op->a), op->kind == SLUB_KFREE);
		break;
	case SLUB_ALLOC_MANY:
		for (unsigned i = 0; i < op->b; i++)
			op_alloc(op->a, op->gfp);
		break;
	case SLUB_FREE_MANY:
		op_free_many(op->a);
		break;
	case SLUB_SET_CPU:
		op_set_cpu(op->a);
		break;
	case SLUB_SHRINK:
		op_shrink(op->a);
		break;
	case SLUB_DESTROY:
		op_destroy(op->a);
		break;
	case SLUB_WRITE:
		op_write(op->a, op->b);
		break;
	case SLUB_KSIZE:
		op_ksize(op->a);
		break;
	case SLUB_WRONG:
		op_wrong(op);
		break;
	case SLUB_SLABINFO:
		show_slabinfo(st.k, slabinfo, sizeof(slabinfo));
		break;
	case SLUB_NR_OPS:
		break;
	}
}

static int slub_run(const uint8_t *data, size_t size)
{
	int len, ret;

	if (!st.k && !(st.k = mm_kernel_new()))
		abort();
	st.reject = NULL;
	if (slub_decode(data, size, &input) < 0) {
		st.reject = "slub: input shorter than its header";
		return -1;
	}
	len = slub_board_dtb(&input, dtb, sizeof(dtb));
	if (len >= 0)
		slub_checks_begin(st.k, &input, dtb, (size_t)len, data, size);
	ret = len < 0 ? -MM_EINPUT : mm_kernel_boot(st.k, dtb, (size_t)len, &input.cfg);
	if (ret < 0) {
		st.reject = ret == -MM_EPANIC ? "slub: the board's boot panicked" : "slub: mm_kernel_boot refused the board";
	} else {
		slub_checks_boot(st.k);
		for (unsigned i = 0; i < input.nr_ops; i++)
			run_op(&input.ops[i]);
		slub_checks_end(st.k);
	}
	/* forgotten now, not at the next input: its coverage must not depend on this one */
	memset(st.caches, 0, sizeof(st.caches));
	memset(st.freed, 0, sizeof(st.freed));
	st.nr_held = st.next_freed = 0;
	mm_kernel_release(st.k);
	return st.reject ? -1 : 0;
}

static const char *slub_last_reject(void)
{
	return st.reject ? st.reject : "";
}

/*
 * Two CPUs, slub_debug on the harness's caches: a debug and a plain
 * cache, allocations, kmalloc small and large, frees, a CPU switch,
 * shrink, slabinfo, a double free, destroy.
 */
static const uint8_t warm_up[] = {
	0x04, 0x06, 0x01, 0x00,
	SLUB_CREATE, 0x00, 0x40, 0x00, 0x00, 0x1f, 0x00,
	SLUB_CREATE, 0x01, 0x20, 0x00, 0x00, 0x01, 0x00,
	SLUB_ALLOC_MANY, 0x05, 0x00, 0x00,
	SLUB_ALLOC_MANY, 0x05, 0x01, 0x00,
	SLUB_KMALLOC, 0x00, 0x80, 0x00, 0x00,
	SLUB_KMALLOC, 0x03, 0x10, 0x00, 0x00,
	SLUB_FREE, 0x00, SLUB_KFREE, 0x03, SLUB_SET_CPU, 0x01, SLUB_FREE_MANY, 0x00,
	SLUB_WRONG, 0x00, 0x00, 0x00, SLUB_WRITE, 0x00, 0x5a, SLUB_KSIZE, 0x00,
	SLUB_SHRINK, 0x00, SLUB_SLABINFO, SLUB_FREE_MANY, 0x01, SLUB_DESTROY, 0x01,
};

const struct fuzz_target fuzz_target_slub = {
	.name = "slub",
	.run = slub_run,
	.max_len = 1024,
	.last_reject = slub_last_reject,
	.warm_up = warm_up,
	.warm_up_len = sizeof(warm_up),
};
