/*
 * The header's /memreserve/ entries and /reserved-memory (Linux v6.1
 * drivers/of/fdt.c early_init_fdt_scan_reserved_mem,
 * early_init_dt_reserve_memory; drivers/of/of_reserved_mem.c
 * fdt_scan_reserved_mem, __reserved_mem_reserve_reg,
 * fdt_reserved_mem_save_node, __reserved_mem_alloc_size,
 * early_init_dt_alloc_reserved_memory_arch, fdt_init_reserved_mem,
 * __rmem_check_for_overlap; kernel/dma/contiguous.c rmem_cma_setup;
 * kernel/dma/coherent.c rmem_dma_setup; mm/cma.c cma_init_reserved_mem).
 *
 * Works from a parsed `struct dt_info`; CMA areas are recorded here for the
 * page allocator to turn into MIGRATE_CMA pageblocks later.
 */
#ifndef MM_OF_RESERVED_MEM_H
#define MM_OF_RESERVED_MEM_H

#include "cmdline.h"
#include "fdt_scan.h"
#include "memblock.h"

#define CONFIG_CMA_AREAS 7
#define MAX_CMA_AREAS (1 + CONFIG_CMA_AREAS)

enum rmem_setup {
	RMEM_SETUP_NONE,	/* no matching compatible (-ENOENT): stays reserved */
	RMEM_SETUP_CMA,		/* rmem_cma_setup accepted it */
	RMEM_SETUP_DMA,		/* rmem_dma_setup accepted it */
	RMEM_SETUP_FAILED,	/* matched but refused: reservation released */
	RMEM_SETUP_NOALLOC,	/* dynamic allocation failed */
};

struct reserved_mem {
	char name[DT_NAME_MAX];
	int rmem_index;			/* index into dt_info.rmem */
	uint32_t phandle;
	phys_addr_t base, size;
	enum rmem_setup setup;
};

struct cma_area {
	char name[DT_NAME_MAX];
	phys_addr_t base, size;
	bool from_dt;			/* declared by /reserved-memory (else the default/cmdline area) */
};

struct reserved_mem_state {
	int nr_reserved_mem;
	struct reserved_mem reserved_mem[MAX_RESERVED_REGIONS];
	int nr_cma;
	struct cma_area cma[MAX_CMA_AREAS];
	int default_cma;		/* index in cma[] of dma_contiguous_default_area, or -1 */
};

/*
 * early_init_fdt_scan_reserved_mem(): /memreserve/ → memblock_reserve, then
 * /reserved-memory static and dynamic nodes, their setup hooks and the
 * kernel's info lines.  `pageblock_bytes` is CMA_MIN_ALIGNMENT_BYTES
 * (8 MiB classic armmp, 2 MiB LPAE).  ep supplies whether cma= was given.
 */
void early_init_fdt_scan_reserved_mem(const struct dt_info *info, const struct early_params *ep,
				      struct memblock *mb, phys_addr_t pageblock_bytes,
				      struct reserved_mem_state *rs);

#endif
