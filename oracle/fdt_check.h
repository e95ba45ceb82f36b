/*
 * Second, naive reading of a device-tree blob, written from the devicetree
 * specification (header, reserve map, FDT_BEGIN_NODE/PROP/END tokens)
 * without libfdt, compared with what mm/of/fdt_scan.c read; and the memblock
 * memory set the kernel's rules should produce from it.
 */
#ifndef ORACLE_FDT_CHECK_H
#define ORACLE_FDT_CHECK_H

#include <stddef.h>

#include "boot.h"
#include "fdt_scan.h"
#include "memblock.h"

/*
 * Compare dt_parse()'s verdict (ret, why) and result (info, when ret == 0)
 * with the naive reading.  A refusal must carry a reason and one of the
 * MM_E* codes the model's rules give the problems the naive reader finds
 * (the model stops at the first it meets, so any of them).
 */
void fdt_check_parse(const void *fdt, size_t size, int ret, const struct dt_info *info,
		     const char *why);

/*
 * PHYS_OFFSET as mm/boot.c must derive it from the configuration and the
 * blob: cfg->phys_offset, else fdt_check_mem_start()'s guess from the load
 * address and the memory banks (shared doc §2).  False when the model must
 * refuse the blob instead (a guess of 0 and no bank below 4 GiB).
 * fdt_naive_phys_offset() reads the blob; the _last_ form uses the reading
 * of the last fdt_check_parse().
 */
bool fdt_naive_phys_offset(const void *fdt, size_t size, const struct mm_boot_config *cfg,
			   uint64_t *po);
bool fdt_check_last_phys_offset(const struct mm_boot_config *cfg, uint64_t *po);

/*
 * After dt_apply_memory() + dt_apply_usable_mem_range() on an empty
 * memblock: memblock.memory must be exactly the naive expectation.
 */
void fdt_check_memory(const struct dt_info *info, const struct memblock *mb, phys_addr_t phys_offset);

#endif
