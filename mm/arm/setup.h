/*
 * The memory half of ARM32 setup_arch() (Linux v6.1
 * arch/arm/kernel/setup.c setup_arch), one layer on top of another:
 *
 *   setup_machine_fdt (DT scan, DTB reservation) → parse_early_param
 *   → setup_dma_zone → adjust_lowmem_bounds → arm_memblock_init
 *   → adjust_lowmem_bounds → paging_init → bootmem_init's find_limits
 *
 * The device-tree stages are mm/boot.c's (mm_boot_scan, mm_boot_reserve);
 * this file adds the layout and page-table layers around them.
 */
#ifndef MM_SETUP_H
#define MM_SETUP_H

#include "boot.h"
#include "layout.h"
#include "mmu.h"
#include "phys_mem.h"
#include "resource.h"

struct setup_config {
	struct mm_boot_config boot;
	struct layout_config layout;	/* layout.lpae must equal boot.lpae */
	bool stop_before_paging;	/* skip paging_init (and keep find_limits on memblock_limit) */
};

struct setup_observers {
	memblock_observer_fn memblock;
	void *memblock_ctx;
	mmu_observer_fn mmu;
	void *mmu_ctx;
};

struct mm_setup {
	struct mm_boot *boot;		/* DT scan, memblock, reserved memory, log */
	struct arm_layout layout;
	struct phys_mem *pm;		/* simulated RAM holding the page tables */
	struct mm_mmu mmu;
	struct iomem_resources iomem;	/* request_standard_resources() */
	const char *why;		/* rejection reason when setup_arch() < 0 */
};

/* Large (logs, tables, RAM pages): allocate once, reuse per input. */
struct mm_setup *mm_setup_new(void);
void mm_setup_free(struct mm_setup *s);
/*
 * Forget the last boot now rather than at the next one: simulated RAM and
 * doubled memblock arrays.  A harness calls it at the end of each input, so
 * that the next input's work (and coverage) does not depend on this one.
 */
void mm_setup_release(struct mm_setup *s);

/*
 * Boot one blob.  obs may be NULL.  Returns 0; a negative MM_EDTB_* /
 * MM_EINPUT code when the blob or configuration is refused (s->why says
 * why, nothing else is meaningful); -MM_EPANIC when the simulated kernel
 * panicked in paging_init (state up to the panic is kept).
 */
int setup_arch(struct mm_setup *s, const void *fdt, size_t size, const struct setup_config *cfg,
	       const struct setup_observers *obs);

/*
 * request_standard_resources(), which setup_arch() runs after paging_init
 * (so after bootmem_init): a memblock-allocated "System RAM" resource per
 * memory range, "Kernel code" and "Kernel data" inside theirs.  Returns 0,
 * or -MM_EPANIC when an allocation fails (the kernel panics).
 */
int request_standard_resources(struct mm_setup *s);

#endif
