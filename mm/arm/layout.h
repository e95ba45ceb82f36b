/*
 * The ARM32 kernel's memory layout (Linux v6.1 arch/arm/include/asm/memory.h,
 * pgtable.h, highmem.h, fixmap.h; arch/arm/mm/mmu.c early_vmalloc,
 * adjust_lowmem_bounds; arch/arm/mm/init.c arm_memblock_init, find_limits;
 * arch/arm/kernel/setup.c setup_arch ordering; arch/arm/kernel/vmlinux.lds.S
 * for where the image's sections fall).
 *
 * Every configuration knob is a runtime value so one binary explores all
 * combinations.
 */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#include "boot.h"
#include "kernel_build.h"
#include "memblock.h"
#include "mm_types.h"

enum vmsplit { VMSPLIT_3G, VMSPLIT_3G_OPT, VMSPLIT_2G, VMSPLIT_1G };

/* Sizes of the kernel image's parts, as the boot "Memory:" line reports them. */
struct kernel_image {
	phys_addr_t text_offset;	/* TEXT_OFFSET: _text at PHYS_OFFSET + this */
	phys_addr_t code, rwdata, rodata, init, bss;
};

struct layout_config {
	enum vmsplit split;
	bool lpae;
	bool highmem;			/* CONFIG_HIGHMEM */
	uint64_t vmalloc_size;		/* vmalloc= (0: the kernel default 240 MiB) */
	struct kernel_image image;	/* layout_build_image() gives a build's (mm/sim/kernel_build.h) */
	phys_addr_t dma_zone_size;	/* machine dma_zone_size (0: none, the DT-generic case) */
	phys_addr_t initrd_start, initrd_size;	/* physical; size 0 = none */
};

/* Where the image's parts fall once linked at PAGE_OFFSET + text_offset. */
struct kernel_sections {
	phys_addr_t stext, etext;		/* physical */
	phys_addr_t start_rodata, end_rodata;
	phys_addr_t init_begin, init_end;
	phys_addr_t sdata, edata;
	phys_addr_t bss_start, bss_stop;
	phys_addr_t end;			/* _end */
	phys_addr_t kernel_sec_start, kernel_sec_end;	/* section-rounded, as head.S records */
};

struct arm_layout {
	struct layout_config cfg;
	/* virtual constants of the split */
	uint32_t page_offset, task_size, modules_vaddr, modules_end;
	uint32_t pkmap_base, fixaddr_start, fixaddr_top, vmalloc_end, vectors_base;
	/* PHYS_OFFSET and the results of adjust_lowmem_bounds */
	phys_addr_t phys_offset;
	uint64_t vmalloc_size;			/* after early_vmalloc's clamping */
	phys_addr_t vmalloc_limit;		/* physical, computed in 64 bits */
	phys_addr_t arm_lowmem_limit;
	phys_addr_t memblock_limit;
	uint32_t high_memory;			/* virtual */
	uint32_t vmalloc_start;
	phys_addr_t arm_dma_limit;
	struct kernel_sections ks;
	/* reserve_initrd_mem(): the accepted initrd, virtual (both 0 when none or refused) */
	uint32_t initrd_start, initrd_end;
	/* find_limits */
	unsigned long min_low_pfn, max_low_pfn, max_pfn;
};

void layout_build_image(struct kernel_image *img, const struct kernel_build *b);
/* Debian's armmp build (TEXT_OFFSET 0x208000) */
void layout_default_image(struct kernel_image *img);

/*
 * Refuse what Kconfig or head.S would not build: VMSPLIT_3G_OPT with LPAE,
 * a TEXT_OFFSET not of the form 0xXXXX8000, an image that does not fit
 * below VMALLOC_END.  Returns 0 or -MM_EINVAL
 * with *why set.  layout_init() on a refused config is defined but
 * meaningless.
 */
int layout_check_config(const struct layout_config *cfg, const char **why);

/*
 * Fill the split's constants, the image sections, setup_dma_zone()'s
 * arm_dma_limit and cfg->vmalloc_size (clamped without messages; see
 * early_vmalloc).  The lowmem fields stay 0 until adjust_lowmem_bounds().
 */
void layout_init(struct arm_layout *l, const struct layout_config *cfg, phys_addr_t phys_offset);

/* early_vmalloc(): vmalloc=arg with the kernel's clamping and warnings (log may be NULL). */
void early_vmalloc(struct arm_layout *l, uint64_t arg, struct mm_log *log);

uint32_t layout_pa_to_va(const struct arm_layout *l, phys_addr_t pa);	/* __va: 32-bit wrap */
phys_addr_t layout_va_to_pa(const struct arm_layout *l, uint32_t va);	/* __pa */
bool layout_virt_addr_valid(const struct arm_layout *l, const struct memblock *mb, uint32_t va);
/* ARM's pfn_valid(): the pfn round-trips and its pageblock overlaps memory (NOMAP too). */
bool layout_pfn_valid(const struct arm_layout *l, const struct memblock *mb, unsigned long pfn);

/* adjust_lowmem_bounds(): may mark NOMAP / remove highmem (!HIGHMEM) and sets the limits. */
void adjust_lowmem_bounds(struct arm_layout *l, struct memblock *mb);

/* arm_memblock_init() reservations in the kernel's order (image, initrd, swapper_pg_dir), then the device-tree ones and the default CMA area. */
void arm_memblock_init(struct arm_layout *l, struct mm_boot *b);

/* find_limits(): min_low_pfn, max_low_pfn (from current_limit) and max_pfn, as bootmem_init. */
void find_limits(struct arm_layout *l, const struct memblock *mb);

/* The 4.x-style "Virtual kernel memory layout:" block (6.1 no longer prints it). */
size_t layout_print(const struct arm_layout *l, char *buf, size_t cap);

#endif
