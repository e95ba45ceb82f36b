/*
 * The ARM32 virtual layout and the lowmem/highmem split (Linux v6.1
 * arch/arm/include/asm/memory.h __pa/__va/virt_addr_valid, pgtable.h,
 * highmem.h, fixmap.h; arch/arm/Kconfig PAGE_OFFSET; arch/arm/mm/mmu.c
 * early_vmalloc, adjust_lowmem_bounds; arch/arm/mm/init.c setup_dma_zone,
 * find_limits, pfn_valid; arch/arm/kernel/vmlinux.lds.S and head.S for
 * where the image's sections fall and kernel_sec_start/end).
 *
 * Departures: the image is placed from the five sizes of its "Memory:"
 * line rather than linked, so those sizes come back out exactly; the head
 * text is assumed to fit below the next section boundary after _text, and
 * the exception and unwind tables in the padding before __init_begin.  The VIPT-aliasing
 * cache case of adjust_lowmem_bounds (pre-v7 CPUs) is not modelled.
 */
#include "layout.h"

#include "mm_errno.h"
#include "printk.h"

#define VMALLOC_OFFSET SZ_8M
#define VMALLOC_END 0xff800000u
#define FIXADDR_START 0xffc80000u
#define FIXADDR_TOP 0xffeff000u
#define VECTORS_BASE 0xffff0000u
#define PMD_SIZE SZ_2M

static uint32_t split_page_offset(enum vmsplit split)
{
	switch (split) {
	case VMSPLIT_1G:
		return 0x40000000u;
	case VMSPLIT_2G:
		return 0x80000000u;
	case VMSPLIT_3G_OPT:
		return 0xb0000000u;
	case VMSPLIT_3G:
	default:
		return 0xc0000000u;
	}
}

/* SECTION_SIZE: one first-level entry (1 MiB) classic, one PMD (2 MiB) LPAE. */
static phys_addr_t section_size(bool lpae)
{
	return lpae ? SZ_2M : SZ_1M;
}

static phys_addr_t phys_max(const struct arm_layout *l)
{
	return l->cfg.lpae ? PHYS_MAX_64 : PHYS_MAX_32;
}

void layout_build_image(struct kernel_image *img, const struct kernel_build *b)
{
	img->text_offset = b->text_offset;
	img->code = b->code;
	img->rwdata = b->rwdata;
	img->rodata = b->rodata;
	img->init = b->init;
	img->bss = b->bss;
}

void layout_default_image(struct kernel_image *img)
{
	layout_build_image(img, &kernel_build_armmp);
}

/* Virtual addresses as 64-bit values, so that a too-large image is detectable. */
struct image_va {
	uint64_t text, stext, etext, start_rodata, end_rodata;
	uint64_t init_begin, init_end, sdata, edata, bss_start, bss_stop, end;
};

/*
 * vmlinux.lds.S for a non-XIP kernel with STRICT_KERNEL_RWX and
 * DEBUG_ALIGN_RODATA: head text at PAGE_OFFSET + TEXT_OFFSET, .text from
 * the next section, rodata page-aligned after it, .init section-aligned,
 * data straight after __init_end, bss after data.
 */
static void place_image(const struct kernel_image *img, uint32_t page_offset, bool lpae,
			struct image_va *v)
{
	phys_addr_t sect = section_size(lpae);

	v->text = (uint64_t)page_offset + img->text_offset;
	v->stext = MM_ALIGN_UP(v->text + 1, sect);
	v->etext = v->stext + img->code;
	v->start_rodata = MM_ALIGN_UP(v->etext, PAGE_SIZE);
	v->end_rodata = v->start_rodata + img->rodata;
	v->init_begin = MM_ALIGN_UP(v->end_rodata, sect);
	v->init_end = v->init_begin + img->init;
	v->sdata = v->init_end;
	v->edata = v->sdata + img->rwdata;
	v->bss_start = v->edata;
	v->bss_stop = v->bss_start + img->bss;
	v->end = v->bss_stop;
}

int layout_check_config(const struct layout_config *cfg, const char **why)
{
	const struct kernel_image *img = &cfg->image;
	struct image_va v;
	const char *reason = NULL;

	if (cfg->split > VMSPLIT_1G)
		reason = "unknown memory split";
	else if (cfg->split == VMSPLIT_3G_OPT && cfg->lpae)
		reason = "VMSPLIT_3G_OPT depends on !ARM_LPAE";
	else if ((img->text_offset & 0xffff) != 0x8000)
		reason = "KERNEL_RAM_VADDR must start at 0xXXXX8000";
	else if ((img->code | img->rwdata | img->rodata | img->init | img->bss) >= SZ_1G)
		reason = "kernel image part larger than 1 GiB";
	if (!reason) {
		place_image(img, split_page_offset(cfg->split), cfg->lpae, &v);
		if (v.end > VMALLOC_END)
			reason = "kernel image runs past VMALLOC_END";
	}
	if (why)
		*why = reason;
	return reason ? -MM_EINVAL : 0;
}

/* setup_dma_zone(): DT machines set no dma_zone_size, so the limit is 4 GiB - 1. */
static void setup_dma_zone(struct arm_layout *l)
{
	if (l->cfg.dma_zone_size)
		l->arm_dma_limit = (l->phys_offset + l->cfg.dma_zone_size - 1) & phys_max(l);
	else
		l->arm_dma_limit = 0xffffffffu;
}

static phys_addr_t image_pa(const struct arm_layout *l, uint64_t va)
{
	return layout_va_to_pa(l, (uint32_t)va);
}

void layout_init(struct arm_layout *l, const struct layout_config *cfg, phys_addr_t phys_offset)
{
	struct kernel_sections *ks = &l->ks;
	phys_addr_t sect = section_size(cfg->lpae);
	struct image_va v;

	*l = (struct arm_layout){ .cfg = *cfg };
	l->page_offset = split_page_offset(cfg->split);
	l->task_size = l->page_offset - (uint32_t)SZ_16M;
	l->modules_vaddr = l->page_offset - (uint32_t)SZ_16M;
	l->modules_end = cfg->highmem ? l->page_offset - (uint32_t)PMD_SIZE : l->page_offset;
	l->pkmap_base = l->page_offset - (uint32_t)PMD_SIZE;
	l->fixaddr_start = FIXADDR_START;
	l->fixaddr_top = FIXADDR_TOP;
	l->vmalloc_end = VMALLOC_END;
	l->vectors_base = VECTORS_BASE;
	l->phys_offset = phys_offset & phys_max(l);
	l->vmalloc_size = 240 * SZ_1M;
	if (cfg->vmalloc_size)
		early_vmalloc(l, cfg->vmalloc_size, NULL);
	setup_dma_zone(l);

	place_image(&cfg->image, l->page_offset, cfg->lpae, &v);
	ks->stext = image_pa(l, v.stext);
	ks->etext = image_pa(l, v.etext);
	ks->start_rodata = image_pa(l, v.start_rodata);
	ks->end_rodata = image_pa(l, v.end_rodata);
	ks->init_begin = image_pa(l, v.init_begin);
	ks->init_end = image_pa(l, v.init_end);
	ks->sdata = image_pa(l, v.sdata);
	ks->edata = image_pa(l, v.edata);
	ks->bss_start = image_pa(l, v.bss_start);
	ks->bss_stop = image_pa(l, v.bss_stop);
	ks->end = image_pa(l, v.end);
	/* head.S maps whole sections from PAGE_OFFSET up to the one holding _end - 1. */
	ks->kernel_sec_start = l->phys_offset;
	ks->kernel_sec_end = (l->phys_offset + MM_ALIGN_UP(v.end - l->page_offset, sect)) & phys_max(l);
}

void early_vmalloc(struct arm_layout *l, uint64_t arg, struct mm_log *log)
{
	/* memparse()'s result lands in an unsigned long: 32 bits on ARM. */
	uint32_t reserve = (uint32_t)arg;
	uint32_t vmalloc_max = l->vmalloc_end - (l->page_offset + (uint32_t)SZ_16M * 2 +
						  (uint32_t)VMALLOC_OFFSET);

	if (reserve < SZ_16M) {
		reserve = SZ_16M;
		mm_printk(log, "vmalloc area is too small, limiting to %uMiB\n", reserve >> 20);
	}
	if (reserve > vmalloc_max) {
		reserve = vmalloc_max;
		mm_printk(log, "vmalloc area is too big, limiting to %uMiB\n", reserve >> 20);
	}
	l->vmalloc_size = reserve;
}

uint32_t layout_pa_to_va(const struct arm_layout *l, phys_addr_t pa)
{
	/* __phys_to_virt() casts to unsigned long first: the high word is dropped. */
	return (uint32_t)pa - (uint32_t)l->phys_offset + l->page_offset;
}

phys_addr_t layout_va_to_pa(const struct arm_layout *l, uint32_t va)
{
	/* __pv_offset is a u64; the LPAE stub adds it with carry into the high word. */
	uint64_t pv_offset = l->phys_offset - (uint64_t)l->page_offset;

	return ((uint64_t)va + pv_offset) & phys_max(l);
}

bool layout_pfn_valid(const struct arm_layout *l, const struct memblock *mb, unsigned long pfn)
{
	/* pageblock_nr_pages: order 11 (8 MiB) classic armmp, order 9 (2 MiB) LPAE */
	phys_addr_t pageblock = l->cfg.lpae ? SZ_2M : SZ_8M;
	uint32_t kpfn = (uint32_t)pfn;
	phys_addr_t addr = PFN_PHYS(kpfn) & phys_max(l);

	if (PFN_DOWN(addr) != kpfn || kpfn != pfn)
		return false;
	return memblock_overlaps_region(&mb->memory, MM_ALIGN_DOWN(addr, pageblock), pageblock);
}

bool layout_virt_addr_valid(const struct arm_layout *l, const struct memblock *mb, uint32_t va)
{
	uint32_t pfn;

	if (va < l->page_offset || va >= l->high_memory)
		return false;
	pfn = ((va - l->page_offset) >> PAGE_SHIFT) + (uint32_t)PFN_DOWN(l->phys_offset);
	return layout_pfn_valid(l, mb, pfn);
}

/* for_each_mem_range() with MEMBLOCK_NONE: NOMAP and driver-managed regions are skipped. */
static bool mem_range_skipped(const struct memblock_region *r)
{
	return r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED);
}

static void nomap_unaligned_head(const struct arm_layout *l, struct memblock *mb)
{
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		phys_addr_t start = mb->memory.regions[i].base;

		if (mem_range_skipped(&mb->memory.regions[i]))
			continue;
		if (start & (PMD_SIZE - 1))
			memblock_mark_nomap(mb, start,
					    (MM_ALIGN_UP(start, PMD_SIZE) - start) & phys_max(l));
		break;
	}
}

void adjust_lowmem_bounds(struct arm_layout *l, struct memblock *mb)
{
	phys_addr_t memblock_limit = 0, lowmem_limit = 0;
	/* The kernel's own __pa() in 64 bits: the bound may lie beyond phys_addr_t. */
	uint64_t vmalloc_limit = (uint64_t)l->vmalloc_end - l->vmalloc_size - VMALLOC_OFFSET -
				 l->page_offset + l->phys_offset;

	l->vmalloc_limit = vmalloc_limit;
	memblock_set_caller(mb, CS_ADJUST_LOWMEM_BOUNDS);
	nomap_unaligned_head(l, mb);

	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		phys_addr_t block_start = r->base, block_end = r->base + r->size;

		if (mem_range_skipped(r) || block_start >= vmalloc_limit)
			continue;
		if (block_end > lowmem_limit)
			lowmem_limit = block_end < vmalloc_limit ? block_end : vmalloc_limit;
		/* The first non-PMD-aligned edge caps early allocations (memblock_limit). */
		if (!memblock_limit) {
			if (block_start & (PMD_SIZE - 1))
				memblock_limit = block_start;
			else if (block_end & (PMD_SIZE - 1))
				memblock_limit = lowmem_limit;
		}
	}

	l->arm_lowmem_limit = lowmem_limit;
	l->high_memory = layout_pa_to_va(l, (lowmem_limit - 1) & phys_max(l)) + 1;
	if (!memblock_limit)
		memblock_limit = lowmem_limit;
	memblock_limit = MM_ALIGN_DOWN(memblock_limit, PMD_SIZE);

	if (!l->cfg.highmem && memblock_end_of_DRAM(mb) > lowmem_limit) {
		phys_addr_t end = memblock_end_of_DRAM(mb);
		char a[19], b[19];

		mm_printk(mb->log, "Ignoring RAM at %s-%s\n", mm_fmt_pa(a, memblock_limit, l->cfg.lpae),
			  mm_fmt_pa(b, end, l->cfg.lpae));
		mm_printk(mb->log, "Consider using a HIGHMEM enabled kernel.\n");
		memblock_remove(mb, memblock_limit, end - memblock_limit);
	}

	memblock_set_current_limit(mb, memblock_limit);
	l->memblock_limit = memblock_limit;
	l->vmalloc_start = (l->high_memory + (uint32_t)VMALLOC_OFFSET) & ~((uint32_t)VMALLOC_OFFSET - 1);
}

void find_limits(struct arm_layout *l, const struct memblock *mb)
{
	/* unsigned long pfns: 32 bits on ARM, even for a 64-bit current_limit. */
	l->max_low_pfn = (uint32_t)PFN_DOWN(mb->current_limit);
	l->min_low_pfn = (uint32_t)PFN_UP(memblock_start_of_DRAM(mb));
	l->max_pfn = (uint32_t)PFN_DOWN(memblock_end_of_DRAM(mb));
}
