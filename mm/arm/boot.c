/*
 * The device-tree half of ARM32 boot: Linux v6.1 arch/arm/kernel/setup.c
 * setup_arch (setup_machine_fdt, the DTB reservation right after it,
 * parse_early_param), arch/arm/kernel/devtree.c setup_machine_fdt,
 * drivers/of/fdt.c early_init_dt_scan_nodes, arch/arm/mm/init.c
 * arm_memblock_init (its early_init_fdt_scan_reserved_mem call).
 *
 * Departures: the blob is validated completely before memblock is touched;
 * PHYS_OFFSET is an input (or the decompressor's guess) instead of where
 * the kernel was loaded; the layout layer's reservations (kernel image,
 * initrd, page tables, default CMA) are setup_arch()'s (setup.c), made
 * between mm_boot_scan() and mm_boot_reserve().
 */
#include "boot.h"

#include <stdlib.h>

#include "mm_errno.h"

struct mm_boot *mm_boot_new(void)
{
	struct mm_boot *b = calloc(1, sizeof(struct mm_boot));

	/* on its static arrays from the start, like a memblock that has booted and been released */
	if (b)
		memblock_init(&b->mb, false, NULL);
	return b;
}

void mm_boot_free(struct mm_boot *b)
{
	if (!b)
		return;
	memblock_destroy(&b->mb);
	free(b);
}

phys_addr_t mm_boot_pageblock_bytes(const struct mm_boot_config *cfg)
{
	return cfg->lpae ? SZ_2M : SZ_8M;
}

/* A guess of 0 is a real PHYS_OFFSET when a bank below 4 GiB starts at 0. */
static bool has_low_bank(const struct dt_info *info)
{
	for (int i = 0; i < info->nr_mem; i++)
		if (!(info->mem[i].base >> 32))
			return true;
	return false;
}

static void stage(struct mm_boot *b, enum mm_boot_stage st, int ret)
{
	if (b->stage_hook)
		b->stage_hook(b, st, ret, b->stage_ctx);
}

int mm_boot_scan(struct mm_boot *b, const void *fdt, size_t size, const struct mm_boot_config *cfg,
		 memblock_observer_fn observer, void *observer_ctx)
{
	struct memblock *mb = &b->mb;
	int ret;

	b->cfg = *cfg;
	b->why = NULL;
	b->phys_offset = 0;
	b->rs.nr_reserved_mem = 0;
	b->rs.nr_cma = 0;
	b->rs.default_cma = -1;
	mm_log_reset(&b->log, cfg->log);
	memblock_init(mb, cfg->lpae, cfg->log ? &b->log : NULL);
	mb->build = cfg->build;
	mb->observer = observer;
	mb->observer_ctx = observer_ctx;
	stage(b, MM_BOOT_MEMBLOCK_READY, 0);

	ret = dt_parse(fdt, size, &b->dt, &b->why);
	stage(b, MM_BOOT_PARSED, ret);
	if (ret < 0)
		return ret;

	b->phys_offset = cfg->phys_offset ? cfg->phys_offset
					  : dt_guess_phys_offset(&b->dt, cfg->load_addr);
	if (!cfg->phys_offset && b->phys_offset == 0 && !has_low_bank(&b->dt)) {
		b->why = b->dt.nr_mem ? "no memory bank below 4 GiB"
				      : "no memory in the device tree (a bootloader fills in /memory)";
		return -MM_EINPUT;
	}
	if (cfg->bottom_up)
		memblock_set_bottom_up(mb, true);

	/* setup_machine_fdt → early_init_dt_scan_nodes */
	dt_apply_memory(&b->dt, mb, b->phys_offset);
	dt_apply_usable_mem_range(&b->dt, mb);
	stage(b, MM_BOOT_MEMORY_ADDED, 0);

	/* setup_arch reserves the DTB before parse_early_param (so before memblock=debug). */
	if (cfg->dtb_phys) {
		memblock_set_caller(mb, CS_SETUP_ARCH_DTB);
		memblock_reserve(mb, cfg->dtb_phys, b->dt.totalsize);
	}

	parse_early_params(b->dt.bootargs, &b->ep);
	apply_mem_params(&b->ep, mb, b->phys_offset);
	if (cfg->movable_node)
		memblock_set_movable_node(mb, true);
	stage(b, MM_BOOT_PARAMS_APPLIED, 0);
	return 0;
}

void mm_boot_reserve(struct mm_boot *b)
{
	early_init_fdt_scan_reserved_mem(&b->dt, &b->ep, &b->mb, mm_boot_pageblock_bytes(&b->cfg),
					 &b->rs);
}

int mm_boot_dt(struct mm_boot *b, const void *fdt, size_t size, const struct mm_boot_config *cfg,
	       memblock_observer_fn observer, void *observer_ctx)
{
	int ret = mm_boot_scan(b, fdt, size, cfg, observer, observer_ctx);

	if (ret < 0)
		return ret;
	/* arm_memblock_init: setup_arch() makes the layout's reservations first. */
	mm_boot_reserve(b);
	return 0;
}
