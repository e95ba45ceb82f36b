/*
 * The device-tree half of ARM32 setup_arch() (Linux v6.1
 * arch/arm/kernel/setup.c setup_arch, arch/arm/kernel/devtree.c
 * setup_machine_fdt, drivers/of/fdt.c early_init_dt_scan_nodes,
 * early_init_fdt_reserve_self): DTB → memblock, in the kernel's order.
 *
 *   dt_parse → PHYS_OFFSET → dt_apply_memory → dt_apply_usable_mem_range
 *   → DTB reservation → parse_early_param (mem=, memblock=debug, cma=, vmalloc=)
 *   → early_init_fdt_scan_reserved_mem
 *
 * setup_arch() (setup.h) runs the same two stages with the layout layer
 * (adjust_lowmem_bounds, arm_memblock_init's kernel image, initrd and
 * swapper_pg_dir reservations, the default CMA area) in between;
 * mm_boot_dt() is the device-tree layer alone.
 */
#ifndef MM_BOOT_H
#define MM_BOOT_H

#include "cmdline.h"
#include "fdt_scan.h"
#include "memblock.h"
#include "of_reserved_mem.h"
#include "printk.h"

struct mm_boot_config {
	bool lpae;			/* 64-bit phys_addr_t, 2 MiB pageblocks */
	uint64_t load_addr;		/* decompressor PC, for the PHYS_OFFSET guess */
	uint64_t phys_offset;		/* 0 = guess from the memory banks */
	uint64_t dtb_phys;		/* where the bootloader put the DTB; 0 = not reserved */
	bool bottom_up;			/* memblock_set_bottom_up() before the scan */
	bool log;			/* keep the kernel log (off in fuzzing for speed) */
	const struct kernel_build *build;	/* memblock=debug's %pS offsets (NULL: bare names) */
	/* movable_node on a CONFIG_MEMORY_HOTPLUG build (Debian's armmp has none) */
	bool movable_node;
};

/* Points of mm_boot_scan() where an observer (the oracle) may look. */
enum mm_boot_stage {
	MM_BOOT_MEMBLOCK_READY,		/* memblock_init done, nothing added yet */
	MM_BOOT_PARSED,			/* dt_parse done; ret is its result */
	MM_BOOT_MEMORY_ADDED,		/* memory nodes and usable-memory range applied */
	MM_BOOT_PARAMS_APPLIED,		/* DTB reservation and early parameters applied */
};

struct mm_boot;
typedef void (*mm_boot_stage_fn)(struct mm_boot *b, enum mm_boot_stage stage, int ret, void *ctx);

struct mm_boot {
	struct mm_boot_config cfg;
	/* optional, kept across boots: called at each enum mm_boot_stage */
	mm_boot_stage_fn stage_hook;
	void *stage_ctx;
	struct memblock mb;
	struct dt_info dt;
	struct early_params ep;
	struct reserved_mem_state rs;
	phys_addr_t phys_offset;
	const char *why;		/* rejection reason, when mm_boot_dt() < 0 */
	struct mm_log log;
};

/* A boot object is large (logs, tables): allocate once, reuse per input. */
struct mm_boot *mm_boot_new(void);
void mm_boot_free(struct mm_boot *b);

/*
 * The pipeline's two stages, shared with setup_arch() (setup.h), which
 * slots the layout layer between them.  mm_boot_scan(): reset, dt_parse,
 * PHYS_OFFSET, memory nodes, usable-memory range, the DTB reservation,
 * early parameters; returns 0 or the rejection mm_boot_dt() documents.
 * mm_boot_reserve(): arm_memblock_init's early_init_fdt_scan_reserved_mem.
 */
int mm_boot_scan(struct mm_boot *b, const void *fdt, size_t size, const struct mm_boot_config *cfg,
		 memblock_observer_fn observer, void *observer_ctx);
void mm_boot_reserve(struct mm_boot *b);

/*
 * Run the pipeline on one blob.  Observer (may be NULL) sees every memblock
 * operation.  Returns 0, or a negative MM_E* code when the blob is rejected
 * (then b->why says why and memblock is left in its initial state).
 */
int mm_boot_dt(struct mm_boot *b, const void *fdt, size_t size, const struct mm_boot_config *cfg,
	       memblock_observer_fn observer, void *observer_ctx);

/* CMA_MIN_ALIGNMENT_BYTES of the simulated build: pageblock size (8 MiB classic, 2 MiB LPAE). */
phys_addr_t mm_boot_pageblock_bytes(const struct mm_boot_config *cfg);

#endif
