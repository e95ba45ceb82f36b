/*
 * Fuzz target page_alloc: a kernel configuration and board
 * (page_alloc_ops.c), mm_kernel_boot(), then up to PA_MAX_OPS buddy
 * allocator, CMA and kmap operations on the booted kernel.  The byte
 * layout and the check schedule are in docs/fuzz-input-format.md,
 * section "page_alloc target".  With the differential flag the same
 * input runs under every memory model (oracle/differential.c) when it is
 * on the differential schedule, one flagged input in DIFF_EVERY (it costs
 * eight boots); a flagged input off the schedule runs once, under its own
 * model.  Schedules are decided from the input's bytes
 * (fuzz_input_scheduled), and the replay driver runs everything.
 *
 * Check schedule: page_check_zones after boot; buddy_check_counters, the
 * touched block's checks and page_check_pfns of its first pfn after every
 * operation; buddy_check_lists after boot, every LIST_EVERY
 * operations and at the end of every input (not twice on one state); the full pfn sweep
 * (page_check_full + buddy_check_sweep over the node span) at the end of
 * one input in span / SWEEP_CREDIT: about SWEEP_CREDIT pfns swept per
 * input on average, whatever the board's size.
 *
 * Held pages are the harness's allocations plus the model's own (SLUB's
 * boot slabs), which the page observer reports (oracle/model_pages.h).
 * The model is rebooted per input, so no page is freed at the end (the
 * held table only mirrors what the model handed out); the boot itself is
 * released at the end (mm_kernel_release), so the next input starts from
 * nothing whatever this one touched: AFL++ stability.
 */
#include <stdlib.h>
#include <string.h>

#include "bootable.h"
#include "boot_check.h"
#include "buddy_check.h"
#include "differential.h"
#include "dtb_builder.h"
#include "fuzz_target.h"
#include "kernel_watch.h"
#include "memblock_check.h"
#include "mm_errno.h"
#include "model_pages.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "page_check.h"

#define MAX_HELD 256
#define LIST_EVERY 64
#define SWEEP_CREDIT 2048UL
#define FAIL_MARK 0xffffffffULL
#define DIFF_EVERY 32
#define LOG_EVERY 8
/* pfns whose struct pages a sweep keeps: a 4 GiB node's, 48 MiB of host memory */
#define SWEEP_KEEP_PFNS (1UL << 20)

enum held_kind { HELD_PAGES, HELD_SPLIT, HELD_CMA };

struct held {
	enum held_kind kind;
	unsigned long pfn, nr;		/* pages still held */
	unsigned int order;
	gfp_t gfp;
	int cma_idx;
	int kmaps;			/* outstanding kmap() of the first page */
	uint32_t kmap_vaddr;
};

struct pa_state {
	struct mm_kernel *k;
	struct kernel_watch *w;		/* the oracle's view of the boot being run */
	struct kernel_watch *own_w;	/* the plain run's watch */
	struct buddy_check *bc;
	struct held held[MAX_HELD];
	struct model_pages mp;		/* SLUB's boot slabs: held by the model itself */
	struct held_block blocks[2 * MAX_HELD];
	unsigned nr_held;
	unsigned long local_pfn[KM_MAX_IDX];
	uint32_t local_vaddr[KM_MAX_IDX];
	unsigned nr_local;
	const uint8_t *data;		/* the current input, for its schedules */
	size_t size;
	unsigned long nr_diffs;
	bool diff_always;
	const char *reject;
	struct diff_trace *trace;
};

static struct pa_state st;
static struct pa_input input;
static uint64_t blob[DTB_BUILD_MAX / sizeof(uint64_t)];

static void note(uint64_t v)
{
	if (st.trace)
		diff_note(st.trace, v);
}

/* The harness's blocks, then the model's own (SLUB's slabs, as the page observer reported them). */
static unsigned held_blocks(void)
{
	for (unsigned i = 0; i < st.nr_held; i++)
		st.blocks[i] = (struct held_block){ st.held[i].pfn, st.held[i].nr };
	return st.nr_held + model_pages_held(&st.mp, st.k, st.blocks + st.nr_held, MAX_HELD);
}

static bool checking(void)
{
	return oracle_level > ORACLE_OFF;
}

static void check_lists(void)
{
	if (checking())
		buddy_check_lists(st.bc, st.w, st.blocks, held_blocks());
}

static void full_sweep(void)
{
	const struct pglist_data *node = &st.k->node;
	unsigned long end = node->node_start_pfn + node->node_spanned_pages;

	if (oracle_level < ORACLE_FULL)
		return;
	/* A page past the node span that no range frees keeps its memmap_init state. */
	if (naive_present_end(st.w) > end)
		end = naive_present_end(st.w);
	memmap_sweep_begin(&st.k->memmap, SWEEP_KEEP_PFNS);
	page_check_full(st.w);
	memblock_shadow_check(st.w->shadow, &st.k->setup->boot->mb);
	buddy_check_lists(st.bc, st.w, st.blocks, held_blocks());
	buddy_check_proc(st.bc, st.k);
	buddy_check_sweep(st.bc, st.w, node->node_start_pfn, end);
	memmap_sweep_end(&st.k->memmap);
}

static struct page *page_at(unsigned long pfn)
{
	return pfn_to_page(&st.k->memmap, pfn);
}

static bool locally_mapped(const struct held *h)
{
	for (unsigned i = 0; i < st.nr_local; i++)
		if (st.local_pfn[i] >= h->pfn && st.local_pfn[i] < h->pfn + h->nr)
			return true;
	return false;
}

static void drop_kmaps(struct held *h)
{
	for (; h->kmaps > 0; h->kmaps--)
		kunmap(st.k, page_at(h->pfn));
}

static void forget(struct held *h)
{
	*h = st.held[--st.nr_held];
}

/* The held block an operation's argument names, or NULL when nothing is held. */
static struct held *held_pick(uint8_t arg)
{
	return st.nr_held ? &st.held[arg % st.nr_held] : NULL;
}

static void after_free(unsigned long pfn, unsigned long nr)
{
	if (checking()) {
		buddy_check_counters(st.k);
		buddy_check_freed(st.bc, st.w, pfn, nr);
		page_check_pfns(st.w, pfn, 1);
	}
}

static void op_alloc(gfp_t gfp, unsigned order)
{
	struct page *page;

	if (st.nr_held == MAX_HELD)
		return;
	if (checking())
		buddy_check_before_alloc(st.bc, st.w, gfp, order);
	page = alloc_pages(st.k, gfp, order);
	if (checking())
		buddy_check_counters(st.k);
	if (!page) {
		note(FAIL_MARK);
		return;
	}
	if (checking()) {
		buddy_check_alloc(st.bc, st.w, gfp, order, page, st.blocks, held_blocks());
		page_check_pfns(st.w, page_to_pfn(&st.k->memmap, page), 1);
	}
	st.held[st.nr_held++] = (struct held){ .kind = HELD_PAGES, .pfn = page_to_pfn(&st.k->memmap, page),
					       .nr = 1UL << order, .order = order, .gfp = gfp };
	note(st.held[st.nr_held - 1].pfn);
}

/* A split run gives back one page from its front (even arg) or its back. */
static void op_free(uint8_t arg)
{
	struct held *h = held_pick(arg);

	if (!h || h->kind == HELD_CMA || locally_mapped(h))
		return;
	drop_kmaps(h);
	if (h->kind == HELD_SPLIT && h->nr > 1) {
		unsigned long pfn = arg & 0x80 ? h->pfn + h->nr - 1 : h->pfn;

		if (pfn == h->pfn)
			h->pfn++;
		h->nr--;
		__free_pages(st.k, page_at(pfn), 0);
		note(pfn);
		after_free(pfn, 1);
		return;
	}
	__free_pages(st.k, page_at(h->pfn), h->kind == HELD_SPLIT ? 0 : h->order);
	note(h->pfn);
	after_free(h->pfn, h->nr);
	forget(h);
}

static void op_split(uint8_t arg)
{
	struct held *h;

	h = held_pick(arg);
	if (!h || h->kind != HELD_PAGES || !h->order || (h->gfp & __GFP_COMP) || locally_mapped(h))
		return;
	split_page(st.k, page_at(h->pfn), h->order);
	h->kind = HELD_SPLIT;
	if (!checking())
		return;
	for (unsigned long p = h->pfn; p < h->pfn + h->nr; p++)
		if (page_at(p)->_refcount != 1)
			oracle_fail("split_page refcounts", PFN_PHYS(p), 1, (uint64_t)page_at(p)->_refcount,
				    "every page of a split order-%u block", h->order);
}

/* Patterns: ascending, descending, even pages then odd ones. */
static void op_free_run(uint8_t arg)
{
	struct held *h = held_pick(arg);
	unsigned long pfn, nr;

	if (!h || h->kind != HELD_SPLIT || locally_mapped(h))
		return;
	drop_kmaps(h);
	pfn = h->pfn;
	nr = h->nr;
	forget(h);
	for (unsigned long n = 0; n < nr; n++) {
		unsigned long p;

		switch ((arg >> 6) % 3) {
		case 0:
			p = pfn + n;
			break;
		case 1:
			p = pfn + nr - 1 - n;
			break;
		default:
			p = pfn + (n < (nr + 1) / 2 ? 2 * n : 2 * (n - (nr + 1) / 2) + 1);
			break;
		}
		__free_pages(st.k, page_at(p), 0);
		if (checking())
			buddy_check_counters(st.k);
	}
	note(pfn);
	after_free(pfn, nr);
}

static void op_free_alternate(uint8_t arg)
{
	for (unsigned i = arg & 1; i < st.nr_held; i++)
		op_free((uint8_t)(i & 0x7f));
}

static void op_cma_alloc(const struct pa_op *op)
{
	unsigned long count = (1UL + (op->count & 63)) << ((op->count >> 6) * 3);
	int idx;
	struct page *page;

	if (!st.k->nr_cma || st.nr_held == MAX_HELD)
		return;
	idx = op->arg % st.k->nr_cma;
	page = cma_alloc(st.k, idx, count, op->align);
	if (checking())
		buddy_check_counters(st.k);
	if (!page) {
		note(FAIL_MARK);
		return;
	}
	st.held[st.nr_held++] = (struct held){ .kind = HELD_CMA, .pfn = page_to_pfn(&st.k->memmap, page),
					       .nr = count, .cma_idx = idx };
	note(st.held[st.nr_held - 1].pfn);
	if (checking()) {
		const struct cma *c = &st.k->cma[idx];
		unsigned long base = (unsigned long)PFN_DOWN(c->base), pfn = st.held[st.nr_held - 1].pfn;

		if (pfn < base || pfn + count > base + c->count || ((pfn - base) & ((1UL << op->align) - 1)))
			oracle_fail("cma_alloc range", PFN_PHYS(pfn), base, pfn,
				    "%lu pages, align order %u, area of %lu pages", count, op->align,
				    c->count);
		st.nr_held--;
		for (unsigned i = 0; i < st.nr_held; i++)
			if (st.held[i].pfn < pfn + count && pfn < st.held[i].pfn + st.held[i].nr)
				oracle_fail("cma_alloc returns unheld pages", PFN_PHYS(pfn), 0, 1,
					    "overlaps a held block at 0x%lx", st.held[i].pfn);
		st.nr_held++;
	}
}

static void op_cma_release(uint8_t arg)
{
	struct held *h = held_pick(arg);

	if (!h || h->kind != HELD_CMA || locally_mapped(h))
		return;
	drop_kmaps(h);
	if (!cma_release(st.k, h->cma_idx, page_at(h->pfn), h->nr))
		oracle_fail("cma_release", PFN_PHYS(h->pfn), 1, 0, "refused pages cma_alloc returned");
	note(h->pfn);
	after_free(h->pfn, h->nr);
	forget(h);
}

static void op_kmap(uint8_t arg)
{
	struct held *h;
	uint32_t va;
	int err = 0;

	h = held_pick(arg);
	if (!h)
		return;
	va = kmap(st.k, page_at(h->pfn), &err);
	note(va);
	if (!va)
		return;
	h->kmaps++;
	h->kmap_vaddr = va;
	if (checking())
		page_check_kmap(st.w, page_at(h->pfn), va);
}

static void op_kunmap(uint8_t arg)
{
	struct held *h;

	h = held_pick(arg);
	if (!h || h->kmaps <= 0)
		return;
	kunmap(st.k, page_at(h->pfn));
	h->kmaps--;
}

/* kmap_local of a lowmem page returns its __va and takes no fixmap slot. */
static unsigned fixmap_depth(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < st.nr_local; i++)
		if (st.local_vaddr[i] >= st.k->setup->layout.fixaddr_start)
			n++;
	return n;
}

static void op_kmap_local(uint8_t arg)
{
	struct held *h;
	uint32_t va;
	int err = 0;

	if (!st.nr_held || st.nr_local == KM_MAX_IDX)
		return;
	h = &st.held[arg % st.nr_held];
	va = kmap_local_page(st.k, page_at(h->pfn), &err);
	note(va);
	if (!va)
		return;
	if (checking())
		page_check_kmap_local(st.w, page_at(h->pfn), va, fixmap_depth());
	st.local_pfn[st.nr_local] = h->pfn;
	st.local_vaddr[st.nr_local++] = va;
}

static void op_kunmap_local(void)
{
	if (st.nr_local)
		kunmap_local(st.k, st.local_vaddr[--st.nr_local]);
}

static void op_page_address(uint8_t arg)
{
	struct held *h;

	h = held_pick(arg);
	if (!h)
		return;
	note(page_address(st.k, page_at(h->pfn)));
	if (checking() && h->kmaps > 0)
		page_check_kmap(st.w, page_at(h->pfn), h->kmap_vaddr);
}

static void run_op(const struct pa_op *op)
{
	switch (op->kind) {
	case PA_ALLOC:
		op_alloc(op->gfp, op->order);
		break;
	case PA_ALLOC_MANY:
		for (unsigned i = 0; i < op->count; i++)
			op_alloc(op->gfp, op->order);
		break;
	case PA_FREE:
		op_free(op->arg);
		break;
	case PA_SPLIT:
		op_split(op->arg);
		break;
	case PA_CMA_ALLOC:
		op_cma_alloc(op);
		break;
	case PA_CMA_RELEASE:
		op_cma_release(op->arg);
		break;
	case PA_KMAP:
		op_kmap(op->arg);
		break;
	case PA_KUNMAP:
		op_kunmap(op->arg);
		break;
	case PA_KMAP_LOCAL:
		op_kmap_local(op->arg);
		break;
	case PA_KUNMAP_LOCAL:
		op_kunmap_local();
		break;
	case PA_PAGE_ADDRESS:
		op_page_address(op->arg);
		break;
	case PA_FREE_RUN:
		op_free_run(op->arg);
		break;
	case PA_FREE_ALTERNATE:
		op_free_alternate(op->arg);
		break;
	case PA_NR_OPS:
		break;
	}
}

/* Full sweeps on the schedule of the header comment. */
static bool sweep_due(void)
{
	unsigned long span = st.k->node.node_spanned_pages;

	if (oracle_level < ORACLE_FULL)
		return false;
	return fuzz_input_scheduled(st.data, st.size, (span + SWEEP_CREDIT - 1) / SWEEP_CREDIT, 1);
}

/*
 * memblock_mark_hotplug() takes a DT node's unrounded range, so a mark
 * ending inside the last page of memory splits it; zone sizing leaves that
 * page out of the node, and memblock_free_all()'s memblock_clear_hotplug()
 * merge gives it back to be freed outside every zone.  (At the node's start
 * the same split leaves memblock.memory.regions[0] below the image, which
 * fuzz/bootable.c refuses: v6.1 cannot boot that.)  v6.1 survives this, but
 * what it does depends on the memory model and on memory it never
 * initialised: SPARSEMEM initialises the page as a hole of the last zone
 * (the section-rounded tail of memmap_init) and frees it onto that zone's
 * lists outside the span; FLATMEM leaves its struct page as the memory
 * held it, and on QEMU virt (zeroed) the free trips "BUG: Bad page state"
 * (nonzero mapcount), drops the page and counts it managed in zone 0
 * (measured with the kernel oracle, a 1 GiB board whose hotpluggable node
 * ends 3 bytes short of the end).  The model follows neither
 * (docs/departures.md, mm/arm/mem_init.c), so such boots are refused here,
 * not checked: repro/page_alloc/hotplug-mark-short-of-highmem-end-frees-page-outside-zone.
 */
static bool frees_outside_node(const struct mm_kernel *k)
{
	const struct memblock_type *mem = &k->setup->boot->mb.memory;
	unsigned long lo = k->node.node_start_pfn, hi = lo + k->node.node_spanned_pages;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		unsigned long s = (unsigned long)PFN_UP(mem->regions[i].base);
		unsigned long e = (unsigned long)PFN_DOWN(mem->regions[i].base + mem->regions[i].size);

		if (s < e && (s < lo || e > hi))
			return true;
	}
	return false;
}

/*
 * v6.1 quirk the model reproduces (FLATMEM, Debian's model):
 * free_unused_memmap() frees the struct pages of the gaps between memory's
 * pfn ranges, rounded out to pageblocks, trusting that rounding to keep
 * every pfn_valid() pageblock's (as ARM's pfn_valid says).  But
 * for_each_mem_pfn_range() counts whole pages only, while pfn_valid() calls
 * a pageblock valid when any byte of memory lies in it: memory ending a few
 * bytes into a pageblock before a gap (or starting a few bytes before one
 * after it, or a region smaller than a page inside it) leaves a valid
 * pageblock whose struct pages are freed memory, which the page allocator
 * hands out.  Such boots break the memmap-is-reserved invariant by design;
 * they are refused here, under every memory model alike (the rule reads
 * memblock only), so that the differential's models agree.
 */
static bool frees_valid_memmap(const struct mm_kernel *k)
{
	const struct memblock *mb = &k->setup->boot->mb;
	unsigned long pb = 1UL << k->profile->pageblock_order, prev_end = 0;

	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		unsigned long s = (unsigned long)PFN_UP(r->base) & ~(pb - 1);
		unsigned long e = (unsigned long)PFN_DOWN(r->base + r->size);

		if ((unsigned long)PFN_UP(r->base) >= e)
			continue;
		if (prev_end && prev_end < s &&
		    memblock_overlaps_region(&mb->memory, PFN_PHYS(prev_end), PFN_PHYS(s - prev_end)))
			return true;
		prev_end = (e + pb - 1) & ~(pb - 1);
	}
	return false;
}

/* Everything after a successful boot; shared by the plain and the differential run. */
static void run_ops(struct mm_kernel *k, struct kernel_watch *w, struct diff_trace *t, void *ctx)
{
	bool sweep;

	if (frees_outside_node(k)) {
		st.reject = "kernel quirk: a sub-page hotplug split at the node edge frees a page outside every zone";
		return;
	}
	if (frees_valid_memmap(k)) {
		st.reject = "kernel quirk: free_unused_memmap frees the struct pages of a pfn_valid pageblock (memory a few bytes into it)";
		return;
	}
	st.k = k;
	st.w = w;
	st.trace = t;
	st.nr_held = st.nr_local = 0;
	sweep = sweep_due();
	if (checking()) {
		page_check_zones(w);
		boot_check_counts(w);
		boot_check_log(w);
		buddy_check_counters(k);
		buddy_check_boot_types(st.bc, w);
		model_pages_boot_types(&st.mp, st.bc, w);
		check_lists();
	}
	for (unsigned i = 0; i < input.nr_ops; i++) {
		run_op(&input.ops[i]);
		if ((i + 1) % LIST_EVERY == 0)
			check_lists();
	}
	/* at the end, unless the last operation was just checked (or there was none) */
	if (sweep)
		full_sweep();
	else if (input.nr_ops % LIST_EVERY)
		check_lists();
	st.trace = NULL;
}

static bool differential_due(void)
{
	if (!input.differential)
		return false;
	if (!st.diff_always && !fuzz_input_scheduled(st.data, st.size, DIFF_EVERY, 2))
		return false;
	st.nr_diffs++;
	return true;
}

void pa_differential_every_input(bool on)
{
	st.diff_always = on;
}

unsigned long pa_differential_runs(void)
{
	return st.nr_diffs;
}

static void init_once(void)
{
	if (st.k)
		return;
	st.k = mm_kernel_new();
	st.own_w = kernel_watch_new();
	st.bc = buddy_check_new();
	if (!st.k || !st.bc)
		abort();
}

static int page_alloc_run(const uint8_t *data, size_t size)
{
	struct mm_kernel *k;
	const void *fdt;
	size_t fdt_len;
	int ret;

	init_once();
	k = st.k;
	st.reject = NULL;
	st.data = data;
	st.size = size;
	if (pa_decode(data, size, &input) < 0) {
		st.reject = "page_alloc: input shorter than its header";
		return -1;
	}
	/* a machine the kernel cannot survive ends at setup_arch, before it corrupts the model */
	input.cfg.vet_setup = setup_unbootable_to_init;
	input.cfg.page_observer = model_pages_observer(&st.mp);
	/* the boot lines are checked on a share of the inputs (logging costs) */
	input.cfg.setup.boot.log = checking() && fuzz_input_scheduled(data, size, LOG_EVERY, 3);
	if (input.use_builder) {
		bool lpae = input.cfg.setup.boot.lpae;

		ret = dtb_build(input.dt, input.dt_len, blob, sizeof(blob), &input.cfg.setup.boot,
				&st.reject);
		if (ret < 0)
			return -1;
		/* The profile decides the format, whatever the builder's header said. */
		input.cfg.setup.boot.lpae = lpae;
		fdt = blob;
		fdt_len = (size_t)ret;
	} else {
		fdt = pa_board_dtb(input.board, &fdt_len, &input.cfg.setup.boot);
	}

	if (differential_due()) {
		ret = differential_run(fdt, fdt_len, &input.cfg, run_ops, NULL);
		st.k = k;
		if (ret < 0)
			st.reject = differential_refusal() ? differential_refusal()
							   : "page_alloc: every model refused the board";
		return st.reject ? -1 : 0;
	}
	if (checking())
		kernel_watch_begin(st.own_w, k, &input.cfg, fdt, fdt_len);
	ret = mm_kernel_boot(k, fdt, fdt_len, &input.cfg);
	if (ret < 0 && ret != -MM_EPANIC) {
		st.reject = k->setup && k->setup->why ? k->setup->why : "mm_kernel_boot refused the input";
	} else if (ret == 0) {
		if (checking())
			kernel_watch_end(st.own_w);
		run_ops(k, st.own_w, NULL, NULL);
	}
	/* forgotten now, not at the next boot: the next input's coverage must not depend on this one */
	mm_kernel_release(k);
	return st.reject ? -1 : 0;
}

static const char *page_alloc_last_reject(void)
{
	return st.reject ? st.reject : "";
}

/*
 * Differential (every model's kernel gets created), the 2 GiB board, then
 * allocations, CMA, kmaps and frees: the first-use work of all of them.
 */
static const uint8_t warm_up[] = {
	0x10, 0x00, 0x01,
	0x00, 0x00, 0x00,	0x00, 0x03, 0x01,	0x03, 0x00, 0x05, 0x00,
	0x05, 0x00,		0x07, 0x01,		0x08,
	0x0b, 0x03, 0x00, 0x02,	0x0a, 0x02,		0x01, 0x00,
	0x04, 0x02,		0x0c, 0x00,
};

const struct fuzz_target fuzz_target_page_alloc = {
	.name = "page_alloc",
	.run = page_alloc_run,
	.max_len = 1024,
	.last_reject = page_alloc_last_reject,
	.warm_up = warm_up,
	.warm_up_len = sizeof(warm_up),
};
