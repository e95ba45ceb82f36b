/*
 * Facts of one linked kernel build that the Kconfig values (mm_profile.h)
 * do not fix: the image's section sizes and TEXT_OFFSET, the static
 * per-CPU area, the sizes of the structures the early boot allocates per
 * device-tree node and property, and where each memblock caller sits in
 * the binary (what memblock=debug's %pS prints).  No kernel counterpart:
 * the kernel has one build; the model picks one per profile.
 *
 * Sources: Debian 12's linux-image-6.1.0-57-armmp and -armmp-lpae
 * (6.1.192-3) booted under QEMU by the kernel-oracle tool; each value says
 * which line of that boot it comes from (mm/sim/kernel_build.c).
 */
#ifndef MM_KERNEL_BUILD_H
#define MM_KERNEL_BUILD_H

#include "mm_types.h"

/*
 * The kernel functions that call memblock during boot, one entry per call
 * site (a function with several calls has several entries).
 */
enum call_site {
	CS_EARLY_INIT_DT_ADD_MEMORY_ARCH,
	CS_EARLY_INIT_DT_SCAN_MEMORY,
	CS_EARLY_INIT_DT_CHECK_FOR_USABLE_MEM_RANGE,
	CS_SETUP_ARCH_DTB,			/* early_init_fdt_reserve_self, inlined */
	CS_EARLY_MEM,				/* mem=: the first one removes all memory */
	CS_ARM_ADD_MEMORY,			/* mem=: each adds its range */
	CS_ADJUST_LOWMEM_BOUNDS,
	CS_ARM_MEMBLOCK_INIT_KERNEL,		/* the image */
	CS_RESERVE_INITRD_MEM,
	CS_ARM_MEMBLOCK_INIT_PG_DIR,		/* arm_mm_memblock_reserve, inlined */
	CS_FDT_SCAN_MEMRESERVE,			/* /memreserve/ entries */
	CS_FDT_RESERVE_REG,			/* early_init_dt_reserve_memory, inlined */
	CS_RMEM_ALLOC,				/* early_init_dt_alloc_reserved_memory_arch */
	CS_FDT_INIT_RESERVED_MEM,
	CS_CMA_DECLARE_CONTIGUOUS_NID,		/* a fixed area's memblock_reserve */
	CS_MEMBLOCK_ALLOC_RANGE_NID,		/* its memblock_reserve */
	CS_MEMBLOCK_DOUBLE_ARRAY,
	CS_MEMBLOCK_FREE,			/* memblock_free → memblock_phys_free */
	CS_EARLY_ALLOC,
	CS_IOTABLE_INIT,
	CS_VM_RESERVE_AREA_EARLY,
	CS_MEMMAP_ALLOC,			/* FLATMEM mem_map, memblock_alloc_try_nid_raw */
	CS_SETUP_USEMAP,
	CS_SPARSE_INIT,				/* sparse_init's usemaps, roots and maps */
	CS_REQUEST_STANDARD_RESOURCES,		/* inlined into setup_arch */
	CS_UNFLATTEN_DEVICE_TREE,		/* early_init_dt_alloc_memory_arch */
	CS_SAVED_COMMAND_LINE,			/* setup_command_line, inlined into start_kernel */
	CS_STATIC_COMMAND_LINE,
	CS_PCPU_ALLOC_INFO,			/* pcpu_embed_first_chunk: the alloc info */
	CS_PCPU_AREAS,
	CS_PCPU_FC_ALLOC,
	CS_PCPU_FC_FREE,			/* the unused tail of each unit */
	CS_PCPU_FREE_ALLOC_INFO,
	CS_PCPU_FREE_AREAS,
	CS_PCPU_GROUP_OFFSETS,			/* pcpu_setup_first_chunk */
	CS_PCPU_GROUP_SIZES,
	CS_PCPU_UNIT_MAP,
	CS_PCPU_UNIT_OFF,
	CS_PCPU_CHUNK_LISTS,
	CS_PCPU_CHUNK,				/* pcpu_alloc_first_chunk */
	CS_PCPU_ALLOC_MAP,
	CS_PCPU_BOUND_MAP,
	CS_PCPU_MD_BLOCKS,
	CS_ALLOC_LARGE_SYSTEM_HASH,
	CS_SWIOTLB_TLB,				/* swiotlb_init_remap: the bounce buffer */
	CS_SWIOTLB_SLOTS,
	CS_SWIOTLB_AREAS,
	CS_FREE_UNUSED_MEMMAP,			/* inlined into memblock_free_all */
	CS_FREE_INITRD_MEM,
	CALL_SITE_NR
};

struct kernel_build {
	const char *name;
	/* TEXT_OFFSET and the byte sizes behind the "Memory:" line's five figures */
	phys_addr_t text_offset;
	phys_addr_t code, rwdata, rodata, init, bss;
	/* __per_cpu_end - __per_cpu_start; sizeof(struct pcpu_chunk) */
	unsigned int percpu_static_size, pcpu_chunk_size;
	/* sizeof(struct device_node), sizeof(struct property) (CONFIG_OF_KOBJ) */
	unsigned int device_node_size, property_size;
	/* %pS of each call site ("early_alloc+0x2c/0x58"); NULL: not known */
	const char *const *sym;
};

extern const struct kernel_build kernel_build_armmp, kernel_build_armmp_lpae, kernel_build_multi_v7;

/* What memblock=debug prints for the call site: the build's %pS, or the bare function name. */
const char *build_sym(const struct kernel_build *b, enum call_site cs);

#endif
