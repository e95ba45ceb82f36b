/*
 * Second, naive reading of a device-tree blob, written from the devicetree
 * specification (header, reserve map, FDT_BEGIN_NODE/PROP/END tokens)
 * without libfdt, compared with what mm/of/fdt_scan.c read; and the memblock
 * memory set the kernel's rules should produce from it.
 */
#ifndef ORACLE_FDT_CHECK_H
#define ORACLE_FDT_CHECK_H

#include <stddef.h>

#include "fdt_scan.h"
#include "memblock.h"

/* Compare dt_parse()'s verdict (ret) and result (info, when ret == 0) with the naive reading. */
void fdt_check_parse(const void *fdt, size_t size, int ret, const struct dt_info *info);

/*
 * After dt_apply_memory() + dt_apply_usable_mem_range() on an empty
 * memblock: memblock.memory must be exactly the naive expectation.
 */
void fdt_check_memory(const struct dt_info *info, const struct memblock *mb, phys_addr_t phys_offset);

#endif
