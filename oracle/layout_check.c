/* See layout_check.h.  Every value is recomputed here from its definition. */
#include "layout_check.h"

#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#define MIB(x) ((uint64_t)(x) << 20)
#define VMALLOC_END_VA 0xff800000u
#define VMALLOC_OFFSET_SZ MIB(8)
#define PMD_BYTES MIB(2)

/* A copy of memblock.memory. */
struct mem_copy {
	struct memblock_region *r;
	unsigned long nr, cap;
};

struct layout_watch {
	memblock_observer_fn next;
	void *next_ctx;
	struct mem_copy cur;		/* memory after the latest operation */
	struct mem_copy before_remove;	/* memory before the latest remove */
	bool last_was_remove;
	phys_addr_t removed_base;
	struct mem_copy seen;		/* what the latest adjust_lowmem_bounds computed from */
	bool have_seen, frozen;
	phys_addr_t seen_limit;		/* the limit it set */
	int nr_limits;			/* memblock_set_current_limit() calls seen */
};

static void copy_memory(struct mem_copy *dst, const struct memblock_type *src)
{
	if (src->cnt > dst->cap) {
		struct memblock_region *bigger = realloc(dst->r, src->cnt * sizeof(*bigger));

		if (!bigger)
			abort();
		dst->r = bigger;
		dst->cap = src->cnt;
	}
	if (src->cnt)
		memcpy(dst->r, src->regions, src->cnt * sizeof(*dst->r));
	dst->nr = src->cnt;
}

static void copy_copy(struct mem_copy *dst, const struct mem_copy *src)
{
	struct memblock_type t = { .cnt = src->nr, .regions = src->r };

	copy_memory(dst, &t);
}

struct layout_watch *layout_watch_new(void)
{
	return calloc(1, sizeof(struct layout_watch));
}

void layout_watch_free(struct layout_watch *w)
{
	if (!w)
		return;
	free(w->cur.r);
	free(w->before_remove.r);
	free(w->seen.r);
	free(w);
}

void layout_watch_reset(struct layout_watch *w, memblock_observer_fn next, void *next_ctx)
{
	w->next = next;
	w->next_ctx = next_ctx;
	w->cur.nr = w->before_remove.nr = w->seen.nr = 0;
	w->last_was_remove = false;
	w->have_seen = w->frozen = false;
	w->nr_limits = 0;
}

void layout_watch_freeze(struct layout_watch *w)
{
	w->frozen = true;
}

void layout_watch_observe(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	struct layout_watch *w = ctx;

	if (w->next)
		w->next(mb, op, w->next_ctx);
	if (w->frozen)
		return;
	if (op->kind == MEMBLOCK_OP_SET_LIMIT) {
		/* adjust_lowmem_bounds removes [memblock_limit, end) just before setting the limit. */
		if (w->last_was_remove && w->removed_base == op->end)
			copy_copy(&w->seen, &w->before_remove);
		else
			copy_memory(&w->seen, &mb->memory);
		w->have_seen = true;
		w->seen_limit = op->end;
		/*
		 * setup_arch runs adjust_lowmem_bounds twice; the next limit is
		 * paging_init's, which may come before any mapping when the
		 * kernel's sections cover all of lowmem.
		 */
		if (++w->nr_limits == 2)
			w->frozen = true;
	}
	w->last_was_remove = op->kind == MEMBLOCK_OP_REMOVE;
	if (w->last_was_remove) {
		copy_copy(&w->before_remove, &w->cur);
		w->removed_base = op->base;
	}
	copy_memory(&w->cur, &mb->memory);
}

static void check_field(const char *field, uint64_t expected, uint64_t actual, const char *how)
{
	if (expected != actual)
		oracle_fail("layout", 0, expected, actual, "%s (%s)", field, how);
}

/*
 * PAGE_OFFSET is where user space ends: VMSPLIT_3G leaves user space 3 GiB,
 * 3G_OPT 2.75 GiB (so 1 GiB of RAM fits in lowmem beside vmalloc), 2G and
 * 1G their number (arch/arm/Kconfig's help texts), counted here in 256 MiB.
 */
uint32_t layout_naive_page_offset(enum vmsplit split)
{
	static const unsigned user_quarter_gib[] = { [VMSPLIT_3G] = 12, [VMSPLIT_3G_OPT] = 11,
						     [VMSPLIT_2G] = 8, [VMSPLIT_1G] = 4 };

	return (uint32_t)user_quarter_gib[split] << 28;
}

/* early_vmalloc(): the argument is an unsigned long (32 bits), then clamped to [16 MiB, max]. */
static uint64_t clamp_vmalloc(uint64_t arg, uint32_t page_offset)
{
	uint64_t size = (uint32_t)arg;
	uint64_t max = VMALLOC_END_VA - (page_offset + MIB(32) + VMALLOC_OFFSET_SZ);

	if (size < MIB(16))
		size = MIB(16);
	if (size > max)
		size = max;
	return size;
}

static void check_constants(const struct arm_layout *l)
{
	const struct layout_config *cfg = &l->cfg;
	uint32_t po = layout_naive_page_offset(cfg->split);

	check_field("page_offset", po, l->page_offset, "CONFIG_PAGE_OFFSET of the split");
	check_field("task_size", po - MIB(16), l->task_size, "PAGE_OFFSET - 16 MiB");
	check_field("modules_vaddr", po - MIB(16), l->modules_vaddr, "PAGE_OFFSET - 16 MiB");
	check_field("modules_end", cfg->highmem ? po - PMD_BYTES : po, l->modules_end,
		    "PAGE_OFFSET, less a PMD with HIGHMEM");
	check_field("pkmap_base", po - PMD_BYTES, l->pkmap_base, "PAGE_OFFSET - PMD_SIZE");
	check_field("fixaddr_start", 0xffc80000u, l->fixaddr_start, "FIXADDR_START");
	check_field("fixaddr_top", 0xffeff000u, l->fixaddr_top, "FIXADDR_END - PAGE_SIZE");
	check_field("vmalloc_end", VMALLOC_END_VA, l->vmalloc_end, "VMALLOC_END");
	check_field("vectors_base", 0xffff0000u, l->vectors_base, "high vectors");
}

static void check_sections(const struct arm_layout *l, phys_addr_t phys_offset)
{
	const struct kernel_sections *ks = &l->ks;
	const struct kernel_image *img = &l->cfg.image;
	uint64_t sect = l->cfg.lpae ? MIB(2) : MIB(1);
	const phys_addr_t order[] = { ks->stext, ks->etext, ks->start_rodata, ks->end_rodata,
				      ks->init_begin, ks->init_end, ks->sdata, ks->edata,
				      ks->bss_start, ks->bss_stop, ks->end };

	check_field("ks.etext - ks.stext", img->code, ks->etext - ks->stext, "kernel code size");
	check_field("ks.end_rodata - ks.start_rodata", img->rodata,
		    ks->end_rodata - ks->start_rodata, "rodata size");
	check_field("ks.init_end - ks.init_begin", img->init, ks->init_end - ks->init_begin,
		    "init size");
	check_field("ks.edata - ks.sdata", img->rwdata, ks->edata - ks->sdata, "rwdata size");
	check_field("ks.bss_stop - ks.bss_start", img->bss, ks->bss_stop - ks->bss_start,
		    "bss size");
	for (unsigned i = 1; i < MM_ARRAY_SIZE(order); i++)
		if (order[i] < order[i - 1])
			oracle_fail("layout", order[i], order[i - 1], order[i],
				    "kernel section %u of 11 starts before the previous one ends", i);
	if (ks->stext < phys_offset + img->text_offset)
		oracle_fail("layout", ks->stext, phys_offset + img->text_offset, ks->stext,
			    "ks.stext below PHYS_OFFSET + TEXT_OFFSET");
	check_field("ks.init_begin % SECTION_SIZE", 0, ks->init_begin & (sect - 1),
		    "STRICT_KERNEL_RWX aligns .init to a section");
	check_field("ks.kernel_sec_start", phys_offset, ks->kernel_sec_start,
		    "head.S maps from PHYS_OFFSET");
	check_field("ks.kernel_sec_end", MM_ALIGN_UP(ks->end, sect), ks->kernel_sec_end,
		    "_end rounded up to a section");
}

static bool skipped(const struct memblock_region *r)
{
	return r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED);
}

void layout_check(const struct arm_layout *l, const struct memblock *mb,
		  const struct layout_watch *w, const struct layout_inputs *in)
{
	const struct layout_config *cfg = &l->cfg;
	uint32_t po = layout_naive_page_offset(cfg->split);
	uint64_t phys_mask = cfg->lpae ? ~0ULL : 0xffffffffULL;
	uint64_t vmalloc_size = MIB(240), vmalloc_limit, lowmem = 0, mlimit = 0;
	uint32_t high_memory, vmalloc_start;
	const struct memblock_region *seen = w->seen.r;
	unsigned long nr_seen = w->seen.nr;

	if (oracle_level == ORACLE_OFF)
		return;
	check_constants(l);
	check_field("phys_offset", in->phys_offset & phys_mask, l->phys_offset, "PHYS_OFFSET");
	if (cfg->vmalloc_size)
		vmalloc_size = clamp_vmalloc(cfg->vmalloc_size, po);
	if (in->has_vmalloc)
		vmalloc_size = clamp_vmalloc(in->vmalloc_arg, po);
	check_field("vmalloc_size", vmalloc_size, l->vmalloc_size, "early_vmalloc clamp");
	vmalloc_limit = (uint64_t)VMALLOC_END_VA - vmalloc_size - VMALLOC_OFFSET_SZ - po +
			(in->phys_offset & phys_mask);
	check_field("vmalloc_limit", vmalloc_limit, l->vmalloc_limit,
		    "VMALLOC_END - vmalloc_size - 8 MiB - PAGE_OFFSET + PHYS_OFFSET, 64-bit");
	check_field("arm_dma_limit",
		    cfg->dma_zone_size ? (in->phys_offset + cfg->dma_zone_size - 1) & phys_mask
				       : 0xffffffffULL,
		    l->arm_dma_limit, "setup_dma_zone");
	check_sections(l, in->phys_offset & phys_mask);

	if (!w->have_seen) {
		oracle_fail("layout", 0, 1, 0, "adjust_lowmem_bounds never set memblock's limit");
		return;
	}
	for (unsigned long i = 0; i < nr_seen; i++) {
		uint64_t start = seen[i].base, end = seen[i].base + seen[i].size;

		if (skipped(&seen[i]) || start >= vmalloc_limit)
			continue;
		if (end > lowmem)
			lowmem = end < vmalloc_limit ? end : vmalloc_limit;
		if (!mlimit && (start & (PMD_BYTES - 1)))
			mlimit = start;
		else if (!mlimit && (end & (PMD_BYTES - 1)))
			mlimit = lowmem;
	}
	if (!mlimit)
		mlimit = lowmem;
	mlimit &= ~(PMD_BYTES - 1);
	high_memory = (uint32_t)(lowmem - 1 - in->phys_offset + po) + 1;
	vmalloc_start = (uint32_t)((high_memory + VMALLOC_OFFSET_SZ) & ~(VMALLOC_OFFSET_SZ - 1));

	check_field("arm_lowmem_limit", lowmem, l->arm_lowmem_limit,
		    "highest usable region end below vmalloc_limit");
	check_field("high_memory", high_memory, l->high_memory, "__va(arm_lowmem_limit - 1) + 1");
	check_field("vmalloc_start", vmalloc_start, l->vmalloc_start,
		    "high_memory + 8 MiB, 8 MiB aligned");
	check_field("memblock_limit", mlimit, l->memblock_limit,
		    "first non-PMD-aligned usable edge below vmalloc_limit, rounded down to 2 MiB");
	check_field("memblock current limit set by adjust_lowmem_bounds", mlimit, w->seen_limit,
		    "memblock_set_current_limit(memblock_limit)");
	if (!cfg->highmem && memblock_end_of_DRAM(mb) > lowmem &&
	    memblock_end_of_DRAM(mb) > mlimit)
		check_field("memblock_end_of_DRAM without HIGHMEM", mlimit,
			    memblock_end_of_DRAM(mb),
			    "RAM above memblock_limit is removed (Ignoring RAM)");
}

void layout_check_limits(const struct arm_layout *l, const struct memblock *mb)
{
	if (oracle_level == ORACLE_OFF)
		return;
	check_field("memblock.current_limit after paging_init", l->arm_lowmem_limit,
		    mb->current_limit, "map_lowmem sets arm_lowmem_limit");
	check_field("max_low_pfn", (uint32_t)(l->arm_lowmem_limit >> 12), l->max_low_pfn,
		    "PFN_DOWN(current limit)");
	check_field("min_low_pfn", (uint32_t)((memblock_start_of_DRAM(mb) + 4095) >> 12),
		    l->min_low_pfn, "PFN_UP(start of DRAM)");
	check_field("max_pfn", (uint32_t)(memblock_end_of_DRAM(mb) >> 12), l->max_pfn,
		    "PFN_DOWN(end of DRAM)");
}
