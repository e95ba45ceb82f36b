/*
 * Early device-tree scan (Linux v6.1 drivers/of/fdt.c:
 * early_init_dt_scan_root, early_init_dt_scan_chosen,
 * early_init_dt_scan_memory, early_init_dt_add_memory_arch,
 * early_init_dt_check_for_usable_mem_range), using libfdt.
 *
 * The scan is split in two so that bad input leaves no state behind:
 * dt_parse() reads and validates the whole blob into a `struct dt_info`
 * (no memblock call), and the dt_apply_*() steps replay it into memblock in
 * the kernel's order.  dt_parse() rejects what the kernel would misread or
 * silently drop (see docs/departures.md): cell counts other than 1 or 2,
 * reg-like properties whose length is not a whole number of tuples, ranges
 * whose base + size overflows 64 bits, duplicate or looping phandles, and
 * anything fdt_check_full() refuses.
 *
 * Debian 12's libfdt is 1.6.1.  To stay clear of its known bugs this code
 * calls fdt_check_full() first and never calls fdt_path_offset() (empty-path
 * over-read, circular alias recursion), fdt_get_alias(), fdt_num_mem_rsv()
 * or fdt_get_mem_rsv() (unchecked reserve-map count); nodes are found with
 * fdt_subnode_offset() from the root and the reserve map is read by hand.
 */
#ifndef MM_FDT_SCAN_H
#define MM_FDT_SCAN_H

#include "memblock.h"
#include "mm_types.h"
#include "unflatten.h"

#define COMMAND_LINE_SIZE 1024		/* arch/arm/include/uapi/asm/setup.h */
#define MAX_USABLE_RANGES 2
#define DT_MAX_MEM_RANGES 1024		/* model cap on memory tuples; more is MM_EINPUT */
#define DT_MAX_MEMRSV 256		/* model cap on /memreserve/ entries */
#define MAX_RESERVED_REGIONS 64		/* drivers/of/of_reserved_mem.c */
#define DT_MAX_RMEM_NODES 128		/* model cap on /reserved-memory children parsed */
#define DT_MAX_ALLOC_RANGES 16		/* model cap on alloc-ranges tuples per node */
#define DT_NAME_MAX 64

struct dt_mem_range {
	uint64_t base, size;		/* as read from the blob, before any rounding */
	bool hotpluggable;
	int node;			/* structure offset of the memory node */
};

struct dt_memrsv {
	uint64_t address, size;
};

/* One available child of /reserved-memory, as read (not yet acted on). */
struct dt_rmem_node {
	char name[DT_NAME_MAX];		/* node name with unit address */
	int node;
	bool has_reg;			/* `reg` present (a zero-length reg is neither static nor dynamic) */
	int nr_reg;			/* static tuples; 0 = dynamic (or neither) */
	uint64_t reg_base[DT_MAX_ALLOC_RANGES];
	uint64_t reg_size[DT_MAX_ALLOC_RANGES];
	bool has_size;			/* dynamic: `size` present */
	bool size_len_ok;		/* `size` is exactly #size-cells long */
	uint64_t size;
	bool has_alignment;
	bool alignment_len_ok;		/* `alignment` is exactly #address-cells long */
	uint64_t alignment;
	bool has_alloc_ranges;		/* present, even when empty (then nothing can be allocated) */
	int nr_alloc_ranges;
	uint64_t alloc_base[DT_MAX_ALLOC_RANGES];
	uint64_t alloc_size[DT_MAX_ALLOC_RANGES];
	bool no_map, reusable, cma_default, shared_dma_pool, restricted_dma_pool;
	bool has_phandle;
	uint32_t phandle;
};

struct dt_info {
	uint32_t totalsize;
	uint32_t addr_cells, size_cells;	/* root #address-cells / #size-cells */

	/* /chosen */
	bool has_chosen;
	bool has_bootargs;
	char bootargs[COMMAND_LINE_SIZE];	/* truncated like strscpy() */
	bool has_initrd;
	uint64_t initrd_start, initrd_end;
	int nr_usable;				/* linux,usable-memory-range tuples kept */
	uint64_t usable_base[MAX_USABLE_RANGES], usable_size[MAX_USABLE_RANGES];

	/* memory nodes, in structure order; linux,usable-memory already chosen over reg */
	int nr_mem;
	struct dt_mem_range mem[DT_MAX_MEM_RANGES];

	/* header /memreserve/ block, up to the terminating zero-size entry */
	int nr_memrsv;
	struct dt_memrsv memrsv[DT_MAX_MEMRSV];

	/* what unflatten_device_tree() will copy */
	struct dt_unflatten unflat;

	/* /reserved-memory */
	bool has_reserved_memory;
	bool reserved_memory_root_ok;		/* same cells as / and has `ranges` */
	int nr_rmem;
	struct dt_rmem_node rmem[DT_MAX_RMEM_NODES];
};

/*
 * Validate `fdt` (bufsize bytes available) and read everything the early
 * memory code needs into *info.  Returns 0 or a negative MM_EDTB_* code;
 * on failure *why (if non-NULL) points to a static one-line explanation.
 */
int dt_parse(const void *fdt, size_t bufsize, struct dt_info *info, const char **why);

/*
 * PHYS_OFFSET as the decompressor chooses it (fdt_check_mem_start with
 * AUTO_ZRELADDR): (load_addr & 0xf8000000) when that lies inside a memory
 * bank below 4 GiB, else the lowest bank start below 4 GiB rounded up to
 * 2 MiB.  Returns 0 when there is no usable bank.
 */
uint64_t dt_guess_phys_offset(const struct dt_info *info, uint64_t load_addr);

/*
 * early_init_dt_scan_memory + early_init_dt_add_memory_arch: add each memory
 * range (page rounding, PHYS_ADDR_MAX clipping, PHYS_OFFSET clipping with the
 * kernel's "Ignoring memory" warnings) and mark hotpluggable ranges.
 */
void dt_apply_memory(const struct dt_info *info, struct memblock *mb, phys_addr_t phys_offset);

/* early_init_dt_check_for_usable_mem_range: cap to the first range, add the second. */
void dt_apply_usable_mem_range(const struct dt_info *info, struct memblock *mb);

#endif
