/*
 * Fuzz target layout: a layout configuration (split, HIGHMEM, vmalloc=,
 * image sizes, DMA zone), a device tree and boot configuration
 * (dtb_builder.c) and a list of create_mapping/iotable_init operations,
 * run through setup_arch() with paging_init().  The byte layout is in
 * docs/fuzz-input-format.md, section "layout target".
 *
 * Check schedule: the memblock shadow on every memblock operation (at
 * ORACLE_CHEAP); paging_init's mapping events are held until the boot is
 * known to be one the kernel survives (see fuzz/bootable.h), then checked;
 * layout_check and the find_limits check once setup_arch() returns; the
 * MMU check right after paging_init, after every CHECK_EVERY decoded
 * mapping operations (inputs started at ORACLE_FULL) and after the last
 * one; a full memblock comparison at the end.  The MMU check always walks
 * every requested unit; its 4 GiB sweep for unrequested mappings and the
 * linear map against memblock (mmu_check_full at ORACLE_FULL) run on the
 * sweep inputs only: one input in SWEEP_EVERY started at ORACLE_FULL,
 * chosen from the input's bytes (fuzz_input_scheduled); the replay driver
 * sweeps every input.
 *
 * Mapping operations the kernel's callers would never issue are skipped,
 * not run: ranges that wrap past 4 GiB, touch lowmem's linear map, the
 * pkmap or fixmap/vectors PMDs, or share a PMD with an earlier accepted
 * mapping (the kernel BUGs or silently overwrites there), and physical
 * addresses the descriptors cannot hold.
 */
#include <stdlib.h>

#include "bootable.h"
#include "dtb_builder.h"
#include "fdt_check.h"
#include "fuzz_target.h"
#include "host_mem.h"
#include "layout_check.h"
#include "layout_input.h"
#include "memblock_check.h"
#include "mm_errno.h"
#include "mmu_check.h"
#include "oracle.h"
#include "setup.h"

#define CHECK_EVERY 8
#define SWEEP_EVERY 16
#define PMD_BYTES SZ_2M
#define FIXMAP_PMD 0xffc00000ULL

struct layout_state {
	struct mm_setup *setup;
	struct mmu_check *mmu;
	struct layout_watch *watch;
	struct memblock_shadow *shadow;
	const char *reject;
	bool deferring;
	struct mmu_mapping_event *deferred;
	unsigned nr_deferred;
	size_t cap_deferred;
	uint64_t last_va_end, last_pa_end;
};

static struct layout_state st;
static uint64_t blob[DTB_BUILD_MAX / sizeof(uint64_t)];

/* Whether the machine is one the kernel survives is decided after setup_arch (bootable.h). */
static void memblock_event(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	if (oracle_level > ORACLE_OFF)
		layout_watch_observe(mb, op, ctx);
}

/* paging_init's mappings wait until the boot is known to be one the kernel survives. */
static void mmu_event(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	layout_watch_freeze(st.watch);
	if (!st.deferring) {
		mmu_check_observe(mmu, ev, ctx);
		return;
	}
	host_reserve(&st.deferred, &st.cap_deferred, st.nr_deferred + 1, sizeof(*st.deferred));
	st.deferred[st.nr_deferred++] = *ev;
}

static void init_once(void)
{
	if (st.setup)
		return;
	st.setup = mm_setup_new();
	st.mmu = mmu_check_new();
	st.watch = layout_watch_new();
	st.shadow = memblock_shadow_new();
	if (!st.setup || !st.mmu || !st.watch || !st.shadow)
		abort();
}

static uint64_t decode_va(const struct arm_layout *l, unsigned mode, uint16_t v)
{
	uint64_t span = l->vmalloc_end > l->vmalloc_start ? l->vmalloc_end - l->vmalloc_start : 0;

	switch (mode) {
	case 0:
		return span ? l->vmalloc_start + (((uint64_t)v << 16) % span) : (uint64_t)v << 16;
	case 1:
		return (uint64_t)v << 16;
	case 2:
		return st.last_va_end + (uint64_t)(v & 0xff) * SZ_4K;
	default:
		return (uint64_t)v << 12;
	}
}

static uint64_t decode_pa(const struct arm_layout *l, unsigned mode, uint16_t v)
{
	switch (mode) {
	case 0:
		return (uint64_t)v << 16;
	case 1:
		return (uint64_t)v << 20;
	case 2:
		return l->phys_offset + ((uint64_t)v << 12);
	default:
		return st.last_pa_end + (uint64_t)(v & 0xff) * SZ_4K;
	}
}

static uint64_t decode_len(unsigned mode, uint8_t v)
{
	static const uint64_t unit[4] = { SZ_4K, SZ_1M, 0x10000, SZ_16M };

	return ((uint64_t)v + 1) * unit[mode];
}

static bool touches(uint64_t start, uint64_t end, uint64_t a, uint64_t b)
{
	return start < b && a < end;
}

/* Would a kernel caller plausibly make this request?  (See the header comment.) */
static bool worth_issuing(const struct mm_mmu *mmu, const struct map_desc *md)
{
	const struct arm_layout *l = mmu->layout;
	uint64_t pa = md->pfn << PAGE_SHIFT;
	uint64_t start = md->virtual & ~(PAGE_SIZE - 1);
	uint64_t end = MM_ALIGN_UP(md->virtual + md->length, PAGE_SIZE);

	/*
	 * Classic: phys_addr_t is 32 bits, so a range crossing a 4 GiB boundary
	 * wraps inside its window (create_36bit_mapping keeps the start's
	 * PA[35:32] and adds SUPERSECTION_SIZE to the low word), a v6.1
	 * behaviour the model reproduces and no platform's iotable asks for.
	 */
	if (mmu->format == PGTABLE_LPAE ? pa + md->length > (1ULL << 40) || md->type == MT_MINICLEAN
					: pa >= (1ULL << 36) || (pa + md->length - 1) >> 32 != pa >> 32)
		return false;
	if (md->virtual < l->task_size)
		return true;	/* refused before any table is touched */
	if (end > SZ_4G)
		return false;
	if (touches(start, end, l->page_offset, l->vmalloc_start) ||
	    touches(start, end, l->pkmap_base, l->pkmap_base + PMD_BYTES) ||
	    touches(start, end, FIXMAP_PMD, SZ_4G))
		return false;
	start = MM_ALIGN_DOWN(start, PMD_BYTES);
	end = MM_ALIGN_UP(end, PMD_BYTES);
	return !mmu_check_va_used(st.mmu, start, end - start);
}

/* Returns false once the simulated kernel has panicked. */
static bool run_op(const struct layout_op *op, struct mm_mmu *mmu)
{
	struct map_desc md;
	uint64_t phys;
	int ret;

	md.type = (enum mem_type)((op->b0 & 0x7f) % MT_NR);
	md.virtual = (uint32_t)decode_va(mmu->layout, (op->b1 >> LAYOUT_OP_VA_SHIFT) & 3, op->va);
	phys = decode_pa(mmu->layout, (op->b1 >> LAYOUT_OP_PA_SHIFT) & 3, op->pa);
	md.length = decode_len((op->b1 >> LAYOUT_OP_LEN_SHIFT) & 3, op->len);
	if (op->b1 & LAYOUT_OP_SUBPAGE)
		md.virtual += 0x234;
	if (op->b1 & LAYOUT_OP_ODD_LEN)
		md.length -= 0x7ff;
	md.pfn = phys >> PAGE_SHIFT;
	if (!worth_issuing(mmu, &md))
		return true;
	ret = op->b0 & LAYOUT_OP_IOTABLE ? iotable_init(mmu, &md, 1) : create_mapping(mmu, &md);
	if (ret == 0) {
		st.last_va_end = md.virtual + md.length;
		st.last_pa_end = phys + md.length;
	}
	return ret != -MM_EPANIC;
}

/* The MMU check at this input's level: FULL on sweep inputs, else CHEAP (see the top comment). */
static void check_mmu(struct mm_setup *s, bool sweep)
{
	oracle_level = sweep ? ORACLE_FULL : ORACLE_CHEAP;
	mmu_check_full(st.mmu, &s->mmu);
	oracle_level = ORACLE_CHEAP;
}

/* PHYS_OFFSET is the oracle's own, from the blob and the configuration (shared doc §2). */
static void check_layout(const struct mm_setup *s, const struct setup_config *cfg, int len,
			 bool paging_done)
{
	const struct mm_boot *b = s->boot;
	struct layout_inputs in = {
		.has_vmalloc = b->ep.has_vmalloc,
		.vmalloc_arg = b->ep.vmalloc_size,
	};

	if (!fdt_naive_phys_offset(blob, (size_t)len, &cfg->boot, &in.phys_offset))
		oracle_fail("PHYS_OFFSET", 0, 0, b->phys_offset,
			    "a guess of 0 without a bank below 4 GiB must be refused");
	layout_check(&s->layout, &b->mb, st.watch, &in);
	if (paging_done)
		layout_check_limits(&s->layout, &b->mb);
}

static int run_input(const uint8_t *data, size_t size, int input_level)
{
	struct setup_config cfg = { 0 };
	struct setup_observers obs = { .memblock = memblock_event, .mmu = mmu_event };
	static struct layout_input in;
	struct mm_setup *s;
	int len, ret;
	unsigned nr_ops = 0, checked_at = 0;
	bool alive = true, sweep = false;

	init_once();
	s = st.setup;
	st.reject = NULL;
	st.last_va_end = st.last_pa_end = 0;
	layout_input_decode(data, size, &in);
	cfg.layout = in.layout;
	len = dtb_build(in.dt, in.dt_len, blob, sizeof(blob), &cfg.boot, &st.reject);
	if (len < 0)
		return -1;
	cfg.layout.lpae = cfg.boot.lpae;
	if (cfg.layout.lpae && cfg.layout.split == VMSPLIT_3G_OPT)
		cfg.layout.split = VMSPLIT_3G;

	mmu_check_reset(st.mmu);
	obs.mmu_ctx = st.mmu;
	obs.memblock_ctx = st.watch;
	/* layout_init has not run yet: no stale layout may match the early operations. */
	s->layout.ks.end = s->layout.phys_offset = 0;
	if (oracle_level > ORACLE_OFF) {
		/* The shadow starts from the static initial state setup_arch resets memblock to. */
		memblock_init(&s->boot->mb, cfg.boot.lpae, NULL);
		memblock_shadow_reset(st.shadow, &s->boot->mb);
		layout_watch_reset(st.watch, memblock_shadow_observe, st.shadow);
	}
	st.deferring = true;
	st.nr_deferred = 0;
	ret = setup_arch(s, blob, (size_t)len, &cfg, &obs);
	st.deferring = false;
	if (ret < 0 && ret != -MM_EPANIC) {
		st.reject = s->why;
		return -1;
	}
	st.reject = setup_unbootable(s);
	if (st.reject)
		return -1;
	for (unsigned i = 0; i < st.nr_deferred; i++)
		mmu_check_observe(&s->mmu, &st.deferred[i], st.mmu);
	if (oracle_level > ORACLE_OFF)
		check_layout(s, &cfg, len, ret == 0);
	if (ret == -MM_EPANIC)
		return 0;
	if (input_level >= ORACLE_FULL)
		sweep = fuzz_input_scheduled(data, size, SWEEP_EVERY, 0);
	if (oracle_level > ORACLE_OFF)
		check_mmu(s, sweep);

	while (alive && nr_ops < in.nr_ops) {
		alive = run_op(&in.ops[nr_ops], &s->mmu);
		nr_ops++;
		if (alive && nr_ops % CHECK_EVERY == 0 && input_level >= ORACLE_FULL) {
			check_mmu(s, sweep);
			checked_at = nr_ops;
		}
	}
	if (oracle_level > ORACLE_OFF) {
		if (alive && checked_at != nr_ops)
			check_mmu(s, sweep);
		oracle_level = input_level;
		memblock_shadow_check(st.shadow, &s->boot->mb);
	}
	return 0;
}

/* Between checkpoints the memblock shadow runs at CHEAP, as in harness_common.c. */
static int layout_run(const uint8_t *data, size_t size)
{
	int input_level = oracle_level;
	int ret;

	if (oracle_level > ORACLE_OFF)
		oracle_level = ORACLE_CHEAP;
	ret = run_input(data, size, input_level);
	oracle_level = input_level;
	/* forgotten now, not at the next boot: the next input's coverage must not depend on this one */
	if (st.setup)
		mm_setup_release(st.setup);
	return ret;
}

static const char *layout_last_reject(void)
{
	return st.reject ? st.reject : "";
}

const struct fuzz_target fuzz_target_layout = {
	.name = "layout",
	.run = layout_run,
	.max_len = 4096,
	.last_reject = layout_last_reject,
};
