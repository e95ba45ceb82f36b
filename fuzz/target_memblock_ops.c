/*
 * Fuzz target memblock_ops: a decoded operation sequence run on one reused
 * memblock with the shadow oracle attached.  A memblock that panicked ends
 * the input normally: the kernel would have stopped there.
 */
#include <stdlib.h>

#include "bugs.h"
#include "fuzz_target.h"
#include "harness_common.h"
#include "memblock_ops.h"
#include "oracle.h"

struct alloc_ring {
	unsigned nr, pos;
	phys_addr_t base[MBOPS_MAX_ALLOCS], size[MBOPS_MAX_ALLOCS];
};

static struct memblock mb;
static struct mm_log debug_log;
static struct mbops_program prog;

/*
 * The near-full preset's 126 adds cost more than most whole inputs, so
 * every configuration's result is built at once, with the oracle watching
 * every call, and then restored by copy.  All variants are built together
 * (again when the bug switches change or the oracle level rises above the
 * one they were checked at) so that which configurations earlier inputs
 * used never shows in an input's coverage.
 */
#define CONFIG_VARIANTS 32
struct preset_snapshot {
	struct memblock mb;
	struct mm_log *log;
};
static struct preset_snapshot near_full[CONFIG_VARIANTS];
static bool near_full_valid;
static unsigned long long near_full_bugs;
static int near_full_level;

static void remember(struct alloc_ring *ar, phys_addr_t base, phys_addr_t size)
{
	if (!base)
		return;
	ar->base[ar->pos] = base;
	ar->size[ar->pos] = size;
	ar->pos = (ar->pos + 1) % MBOPS_MAX_ALLOCS;
	if (ar->nr < MBOPS_MAX_ALLOCS)
		ar->nr++;
}

/* Free all or part of an earlier allocation, by physical address or (FREE_ALLOC_VIRT) linear-map pointer. */
static void free_alloc(const struct mbops_op *op, const struct alloc_ring *ar)
{
	phys_addr_t base, size;

	if (!ar->nr)
		return;
	base = ar->base[op->alloc_ref % ar->nr];
	size = ar->size[op->alloc_ref % ar->nr];
	switch (op->part) {
	case 0:
		break;
	case 1:
		size /= 2;
		break;
	case 2:
		base += size / 2;
		size -= size / 2;
		break;
	default:
		size += PAGE_SIZE;
		break;
	}
	if (op->opcode == MBOPS_FREE_ALLOC_VIRT)
		memblock_free(&mb, memblock_virt(&mb, base), size);
	else
		memblock_phys_free(&mb, base, size);
}

/* Board-like starting points, so short inputs already work on real layouts. */
static unsigned apply_preset(enum mbops_preset preset)
{
	switch (preset) {
	case MBOPS_PRESET_NONE:
		return 0;
	case MBOPS_PRESET_256M_AT_0:
		memblock_add(&mb, 0, SZ_256M);
		return 1;
	case MBOPS_PRESET_VIRT_1G:
		memblock_add(&mb, 0x40000000, SZ_1G);
		return 1;
	case MBOPS_PRESET_KEYSTONE:
		memblock_add(&mb, 0x80000000, 2 * SZ_1G);
		memblock_add(&mb, 0x880000000ULL, 2 * SZ_1G);
		return 2;
	case MBOPS_PRESET_TWO_BANKS_HOLE:
		memblock_add(&mb, 0x40000000, SZ_256M);
		memblock_add(&mb, 0x60000000, SZ_256M);
		return 2;
	case MBOPS_PRESET_VIRT_BOOTED:
		memblock_add(&mb, 0x40000000, SZ_1G);
		memblock_reserve(&mb, 0x40004000, 0x4000);
		memblock_reserve(&mb, 0x40008000, 0xe00000);
		memblock_reserve(&mb, 0x48000000, SZ_1M);
		memblock_set_current_limit(&mb, 0x70000000);
		return 5;
	case MBOPS_PRESET_FIRMWARE_HOLES:
		memblock_add(&mb, 0x80000000, 2 * SZ_256M);
		memblock_mark_nomap(&mb, 0x80000000, SZ_2M);
		memblock_remove(&mb, 0x90000000, SZ_1M);
		memblock_reserve(&mb, 0x9e000000, 2 * SZ_16M);
		return 4;
	default:
		/*
		 * Two short of INIT_MEMBLOCK_REGIONS: the next few adds double the
		 * array.  Added from the top down, each add stops at the first
		 * region instead of walking them all.
		 */
		for (unsigned i = INIT_MEMBLOCK_REGIONS - 2; i-- > 0;)
			memblock_add(&mb, 0x40000000 + (phys_addr_t)i * SZ_2M, SZ_1M);
		return INIT_MEMBLOCK_REGIONS - 2;
	}
}

static unsigned run_burst(const struct mbops_op *op, unsigned budget)
{
	unsigned n = op->count < budget ? op->count : budget;

	for (unsigned i = 0; i < n && !mb.panicked; i++) {
		phys_addr_t base = op->base + (phys_addr_t)i * op->stride;

		if (op->opcode == MBOPS_ADD_BURST)
			memblock_add(&mb, base, op->size);
		else
			memblock_reserve(&mb, base, op->size);
	}
	return n;
}

static void run_op(const struct mbops_op *op, struct alloc_ring *ar)
{
	phys_addr_t pa;

	switch (op->opcode) {
	case MBOPS_ADD:
		memblock_add(&mb, op->base, op->size);
		break;
	case MBOPS_ADD_NODE:
		memblock_add_node(&mb, op->base, op->size, op->nid, (enum memblock_flags)op->flags);
		break;
	case MBOPS_REMOVE:
		memblock_remove(&mb, op->base, op->size);
		break;
	case MBOPS_RESERVE:
		memblock_reserve(&mb, op->base, op->size);
		break;
	case MBOPS_PHYS_FREE:
		memblock_phys_free(&mb, op->base, op->size);
		break;
	case MBOPS_FREE_ALLOC:
		free_alloc(op, ar);
		break;
	case MBOPS_MARK_HOTPLUG:
		memblock_mark_hotplug(&mb, op->base, op->size);
		break;
	case MBOPS_CLEAR_HOTPLUG:
		memblock_clear_hotplug(&mb, op->base, op->size);
		break;
	case MBOPS_MARK_MIRROR:
		memblock_mark_mirror(&mb, op->base, op->size);
		break;
	case MBOPS_MARK_NOMAP:
		memblock_mark_nomap(&mb, op->base, op->size);
		break;
	case MBOPS_CLEAR_NOMAP:
		memblock_clear_nomap(&mb, op->base, op->size);
		break;
	case MBOPS_PHYS_ALLOC_RANGE:
		pa = memblock_phys_alloc_range(&mb, op->size, op->align, op->start, op->end);
		remember(ar, pa, op->size);
		break;
	case MBOPS_PHYS_ALLOC_TRY_NID:
		pa = memblock_phys_alloc_try_nid(&mb, op->size, op->align, op->nid);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_TRY_NID:
		pa = memblock_alloc_try_nid(&mb, op->size, op->align, op->start, op->end, op->nid);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC:
		pa = memblock_alloc(&mb, op->size, op->align);
		remember(ar, pa, op->size);
		break;
	case MBOPS_CAP_MEMORY_RANGE:
		memblock_cap_memory_range(&mb, op->base, op->size);
		break;
	case MBOPS_SET_CURRENT_LIMIT:
		memblock_set_current_limit(&mb, op->base);
		break;
	case MBOPS_SET_BOTTOM_UP:
		/* bit 1: kernelcore=mirror, a boot parameter memblock only reads */
		mb.mirrored_kernelcore = op->flags & 2;
		memblock_set_bottom_up(&mb, op->flags & 1);
		break;
	case MBOPS_ALLOW_RESIZE:
		memblock_allow_resize(&mb);
		break;
	case MBOPS_ALLOC_TRY_NID_RAW:
		pa = memblock_alloc_try_nid_raw(&mb, op->size, op->align, op->start, op->end, op->nid);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_EXACT_NID_RAW:
		pa = memblock_alloc_exact_nid_raw(&mb, op->size, op->align, op->start, op->end, op->nid);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_FROM:
		pa = memblock_alloc_from(&mb, op->size, op->align, op->start);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_LOW:
		pa = memblock_alloc_low(&mb, op->size, op->align);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_NODE:
		pa = memblock_alloc_node(&mb, op->size, op->align, op->nid);
		remember(ar, pa, op->size);
		break;
	case MBOPS_ALLOC_RANGE_NID:
		pa = memblock_alloc_range_nid(&mb, op->size, op->align, op->start, op->end, op->nid,
					      op->flags);
		remember(ar, pa, op->size);
		break;
	case MBOPS_FREE_ALLOC_VIRT:
		free_alloc(op, ar);
		break;
	case MBOPS_TRIM_MEMORY:
		memblock_trim_memory(&mb, op->align);
		break;
	case MBOPS_ENFORCE_MEMORY_LIMIT:
		memblock_enforce_memory_limit(&mb, op->size);
		break;
	case MBOPS_MOVABLE_NODE:
		memblock_set_movable_node(&mb, op->flags);
		break;
	default:
		break;
	}
}

static unsigned config_variant(const struct mbops_config *cfg)
{
	return cfg->lpae | cfg->numa << 1 | cfg->bottom_up << 2 | cfg->allow_resize << 3 |
	       cfg->debug << 4;
}

static struct mbops_config variant_config(unsigned v, enum mbops_preset preset)
{
	return (struct mbops_config){ .lpae = v & 1, .numa = v >> 1 & 1, .bottom_up = v >> 2 & 1,
				      .allow_resize = v >> 3 & 1, .debug = v >> 4 & 1,
				      .preset = preset };
}

static void reset_memblock(const struct mbops_config *cfg)
{
	if (cfg->debug)
		mm_log_reset(&debug_log, true);
	memblock_init(&mb, cfg->lpae, cfg->debug ? &debug_log : NULL);
}

/* The configuration, then the preset, each call seen by the oracle. */
static unsigned run_start(const struct mbops_config *cfg)
{
	reset_memblock(cfg);
	mb.numa = cfg->numa;
	mb.debug = cfg->debug;
	harness_attach(&mb);
	if (cfg->bottom_up)
		memblock_set_bottom_up(&mb, true);
	if (cfg->allow_resize)
		memblock_allow_resize(&mb);
	return apply_preset(cfg->preset);
}

static void build_near_full(void)
{
	if (near_full_valid && near_full_bugs == mm_bugs_enabled && near_full_level >= oracle_level)
		return;
	near_full_bugs = mm_bugs_enabled;
	near_full_level = oracle_level;
	for (unsigned v = 0; v < CONFIG_VARIANTS; v++) {
		struct mbops_config cfg = variant_config(v, MBOPS_PRESET_NEAR_FULL);
		struct preset_snapshot *snap = &near_full[v];

		run_start(&cfg);
		harness_finish(&mb);
		if (!memblock_copy_static(&snap->mb, &mb))
			abort();	/* 126 regions never double an array */
		if (cfg.debug) {
			if (!snap->log && !(snap->log = malloc(sizeof(*snap->log))))
				abort();
			mm_log_copy(snap->log, &debug_log);
		}
	}
	memblock_destroy(&mb);
	near_full_valid = true;
}

/* Start state: the near-full preset restored from its snapshot, anything else run. */
static unsigned start_input(const struct mbops_config *cfg)
{
	const struct preset_snapshot *snap = &near_full[config_variant(cfg)];

	build_near_full();
	if (cfg->preset != MBOPS_PRESET_NEAR_FULL)
		return run_start(cfg);
	reset_memblock(cfg);
	memblock_copy_static(&mb, &snap->mb);
	if (cfg->debug)
		mm_log_copy(&debug_log, snap->log);
	harness_attach(&mb);
	return INIT_MEMBLOCK_REGIONS - 2;
}

static int memblock_ops_run(const uint8_t *data, size_t size)
{
	const struct mbops_config *cfg = &prog.cfg;
	struct alloc_ring ar = { 0 };
	unsigned calls;

	mbops_decode(data, size, &prog);
	calls = start_input(cfg);

	for (int i = 0; i < prog.nr_ops && !mb.panicked && calls < MBOPS_MAX_CALLS; i++) {
		const struct mbops_op *op = &prog.ops[i];

		if (op->opcode == MBOPS_ADD_BURST || op->opcode == MBOPS_RESERVE_BURST) {
			calls += run_burst(op, MBOPS_MAX_CALLS - calls);
		} else {
			run_op(op, &ar);
			calls++;
		}
		harness_step(&mb, (unsigned)i + 1);
	}
	harness_finish(&mb);
	/* doubled arrays go now, not at the next input: libFuzzer reruns inputs that leave memory held */
	memblock_destroy(&mb);
	return 0;
}

static const char *memblock_ops_last_reject(void)
{
	return "memblock_ops rejects no input";
}

const struct fuzz_target fuzz_target_memblock_ops = {
	.name = "memblock_ops",
	.run = memblock_ops_run,
	.max_len = 4096,
	.last_reject = memblock_ops_last_reject,
};
