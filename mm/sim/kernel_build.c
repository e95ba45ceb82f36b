/*
 * The kernel builds the model reproduces (see kernel_build.h).  Every
 * value below was read off Debian 12's 6.1.0-57 armmp / armmp-lpae
 * (6.1.192-3) booted by the kernel-oracle tool with memblock=debug:
 *
 *  - TEXT_OFFSET 0x208000 (Debian's config has ARCH_MESON=y, and
 *    arch/arm/Makefile moves multiplatform kernels with it there):
 *    /proc/iomem's "Kernel code" starts at PHYS_OFFSET + 0x208000.
 *  - The section sizes are the "Memory:" line's K figures.  Code, rodata
 *    and init are whole KiB (iomem's "Kernel code" ends at __init_begin,
 *    which the section rounding of _etext + rodata reproduces); rwdata and
 *    bss are only known as a sum (iomem's "Kernel data" is _sdata.._end),
 *    so each gets its K figure plus a share of the remainder under 1 KiB.
 *  - The static per-CPU size is the "percpu: Embedded ... s<static>" figure;
 *    struct pcpu_chunk is pcpu_alloc_first_chunk's first allocation (96
 *    bytes) less its one-word populated bitmap.
 *  - device_node/property: the only pair that gives the unflattened tree
 *    copy (early_init_dt_alloc_memory_arch's size) of two different device
 *    trees (the 1g and two-banks-hole layouts: 20704 and 20980 bytes).
 *  - %pS: the memblock=debug lines of the layouts, plus LPAE boots of the
 *    cma-pool, nomap-memreserve and two-banks-hole layouts and of mem=512M.
 */
#include "kernel_build.h"

static const char *const call_site_names[CALL_SITE_NR] = {
	[CS_EARLY_INIT_DT_ADD_MEMORY_ARCH] = "early_init_dt_add_memory_arch",
	[CS_EARLY_INIT_DT_SCAN_MEMORY] = "early_init_dt_scan_memory",
	[CS_EARLY_INIT_DT_CHECK_FOR_USABLE_MEM_RANGE] = "early_init_dt_check_for_usable_mem_range",
	[CS_SETUP_ARCH_DTB] = "setup_arch",
	[CS_EARLY_MEM] = "early_mem",
	[CS_ARM_ADD_MEMORY] = "arm_add_memory",
	[CS_ADJUST_LOWMEM_BOUNDS] = "adjust_lowmem_bounds",
	[CS_ARM_MEMBLOCK_INIT_KERNEL] = "arm_memblock_init",
	[CS_RESERVE_INITRD_MEM] = "reserve_initrd_mem",
	[CS_ARM_MEMBLOCK_INIT_PG_DIR] = "arm_memblock_init",
	[CS_FDT_SCAN_MEMRESERVE] = "early_init_fdt_scan_reserved_mem",
	[CS_FDT_RESERVE_REG] = "early_init_fdt_scan_reserved_mem",
	[CS_RMEM_ALLOC] = "early_init_dt_alloc_reserved_memory_arch",
	[CS_FDT_INIT_RESERVED_MEM] = "fdt_init_reserved_mem",
	[CS_CMA_DECLARE_CONTIGUOUS_NID] = "cma_declare_contiguous_nid",
	[CS_MEMBLOCK_ALLOC_RANGE_NID] = "memblock_alloc_range_nid",
	[CS_MEMBLOCK_DOUBLE_ARRAY] = "memblock_double_array",
	[CS_MEMBLOCK_FREE] = "memblock_free",
	[CS_EARLY_ALLOC] = "early_alloc",
	[CS_IOTABLE_INIT] = "iotable_init",
	[CS_VM_RESERVE_AREA_EARLY] = "vm_reserve_area_early",
	[CS_MEMMAP_ALLOC] = "memmap_alloc",
	[CS_SETUP_USEMAP] = "setup_usemap",
	[CS_SPARSE_INIT] = "sparse_init",
	[CS_REQUEST_STANDARD_RESOURCES] = "setup_arch",
	[CS_UNFLATTEN_DEVICE_TREE] = "early_init_dt_alloc_memory_arch",
	[CS_SAVED_COMMAND_LINE] = "start_kernel",
	[CS_STATIC_COMMAND_LINE] = "start_kernel",
	[CS_PCPU_ALLOC_INFO] = "pcpu_embed_first_chunk",
	[CS_PCPU_AREAS] = "pcpu_embed_first_chunk",
	[CS_PCPU_FC_ALLOC] = "pcpu_embed_first_chunk",
	[CS_PCPU_FC_FREE] = "pcpu_embed_first_chunk",
	[CS_PCPU_FREE_ALLOC_INFO] = "pcpu_embed_first_chunk",
	[CS_PCPU_FREE_AREAS] = "pcpu_embed_first_chunk",
	[CS_PCPU_GROUP_OFFSETS] = "pcpu_setup_first_chunk",
	[CS_PCPU_GROUP_SIZES] = "pcpu_setup_first_chunk",
	[CS_PCPU_UNIT_MAP] = "pcpu_setup_first_chunk",
	[CS_PCPU_UNIT_OFF] = "pcpu_setup_first_chunk",
	[CS_PCPU_CHUNK_LISTS] = "pcpu_setup_first_chunk",
	[CS_PCPU_CHUNK] = "pcpu_alloc_first_chunk",
	[CS_PCPU_ALLOC_MAP] = "pcpu_alloc_first_chunk",
	[CS_PCPU_BOUND_MAP] = "pcpu_alloc_first_chunk",
	[CS_PCPU_MD_BLOCKS] = "pcpu_alloc_first_chunk",
	[CS_ALLOC_LARGE_SYSTEM_HASH] = "alloc_large_system_hash",
	[CS_SWIOTLB_TLB] = "swiotlb_init_remap",
	[CS_SWIOTLB_SLOTS] = "swiotlb_init_remap",
	[CS_SWIOTLB_AREAS] = "swiotlb_init_remap",
	[CS_FREE_UNUSED_MEMMAP] = "memblock_free_all",
	[CS_FREE_INITRD_MEM] = "free_initrd_mem",
};

static const char *const armmp_sym[CALL_SITE_NR] = {
	[CS_EARLY_MEM] = "early_mem+0x6c/0xe4",
	[CS_ARM_ADD_MEMORY] = "arm_add_memory+0x168/0x174",
	[CS_ARM_MEMBLOCK_INIT_KERNEL] = "arm_memblock_init+0x30/0x74",
	[CS_RESERVE_INITRD_MEM] = "reserve_initrd_mem+0xd4/0x174",
	[CS_ARM_MEMBLOCK_INIT_PG_DIR] = "arm_memblock_init+0x38/0x74",
	[CS_FDT_SCAN_MEMRESERVE] = "early_init_fdt_scan_reserved_mem+0x78/0x414",
	[CS_FDT_RESERVE_REG] = "early_init_fdt_scan_reserved_mem+0x2f8/0x414",
	[CS_RMEM_ALLOC] = "early_init_dt_alloc_reserved_memory_arch+0x2c/0x70",
	[CS_MEMBLOCK_ALLOC_RANGE_NID] = "memblock_alloc_range_nid+0xd0/0x168",
	[CS_EARLY_ALLOC] = "early_alloc+0x2c/0x58",
	[CS_IOTABLE_INIT] = "iotable_init+0x40/0xf4",
	[CS_VM_RESERVE_AREA_EARLY] = "vm_reserve_area_early+0x38/0x7c",
	/* memmap_alloc is inlined into free_area_init in this build */
	[CS_MEMMAP_ALLOC] = "free_area_init+0x94c/0xe24",
	[CS_SETUP_USEMAP] = "setup_usemap+0x60/0x8c",
	[CS_REQUEST_STANDARD_RESOURCES] = "setup_arch+0x310/0x8c0",
	[CS_UNFLATTEN_DEVICE_TREE] = "early_init_dt_alloc_memory_arch+0x38/0x68",
	[CS_SAVED_COMMAND_LINE] = "start_kernel+0x170/0x71c",
	[CS_STATIC_COMMAND_LINE] = "start_kernel+0x1a0/0x71c",
	[CS_PCPU_ALLOC_INFO] = "pcpu_embed_first_chunk+0x3bc/0x884",
	[CS_PCPU_AREAS] = "pcpu_embed_first_chunk+0x5cc/0x884",
	[CS_PCPU_FC_ALLOC] = "pcpu_embed_first_chunk+0x684/0x884",
	[CS_PCPU_FC_FREE] = "pcpu_embed_first_chunk+0x780/0x884",
	[CS_PCPU_FREE_ALLOC_INFO] = "pcpu_embed_first_chunk+0x814/0x884",
	[CS_PCPU_FREE_AREAS] = "pcpu_embed_first_chunk+0x870/0x884",
	[CS_PCPU_GROUP_OFFSETS] = "pcpu_setup_first_chunk+0x344/0x918",
	[CS_PCPU_GROUP_SIZES] = "pcpu_setup_first_chunk+0x370/0x918",
	[CS_PCPU_UNIT_MAP] = "pcpu_setup_first_chunk+0x3b0/0x918",
	[CS_PCPU_UNIT_OFF] = "pcpu_setup_first_chunk+0x3ec/0x918",
	[CS_PCPU_CHUNK_LISTS] = "pcpu_setup_first_chunk+0x7d8/0x918",
	[CS_PCPU_CHUNK] = "pcpu_alloc_first_chunk+0x7c/0x26c",
	[CS_PCPU_ALLOC_MAP] = "pcpu_alloc_first_chunk+0xd4/0x26c",
	[CS_PCPU_BOUND_MAP] = "pcpu_alloc_first_chunk+0x104/0x26c",
	[CS_PCPU_MD_BLOCKS] = "pcpu_alloc_first_chunk+0x134/0x26c",
	[CS_ALLOC_LARGE_SYSTEM_HASH] = "alloc_large_system_hash+0x1b8/0x2d8",
	[CS_FREE_UNUSED_MEMMAP] = "memblock_free_all+0xe0/0x374",
};

static const char *const armmp_lpae_sym[CALL_SITE_NR] = {
	[CS_EARLY_MEM] = "early_mem+0x78/0xf0",
	[CS_ARM_ADD_MEMORY] = "arm_add_memory+0xf4/0x100",
	[CS_ARM_MEMBLOCK_INIT_KERNEL] = "arm_memblock_init+0x44/0x88",
	[CS_RESERVE_INITRD_MEM] = "reserve_initrd_mem+0xf0/0x190",
	[CS_ARM_MEMBLOCK_INIT_PG_DIR] = "arm_memblock_init+0x4c/0x88",
	[CS_FDT_SCAN_MEMRESERVE] = "early_init_fdt_scan_reserved_mem+0x74/0x46c",
	[CS_FDT_RESERVE_REG] = "early_init_fdt_scan_reserved_mem+0x334/0x46c",
	[CS_RMEM_ALLOC] = "early_init_dt_alloc_reserved_memory_arch+0x5c/0xbc",
	[CS_MEMBLOCK_ALLOC_RANGE_NID] = "memblock_alloc_range_nid+0xe4/0x198",
	[CS_EARLY_ALLOC] = "early_alloc+0x3c/0x68",
	[CS_IOTABLE_INIT] = "iotable_init+0x50/0x10c",
	[CS_VM_RESERVE_AREA_EARLY] = "vm_reserve_area_early+0x48/0x8c",
	[CS_MEMMAP_ALLOC] = "memmap_alloc+0x44/0x4c",
	[CS_SETUP_USEMAP] = "setup_usemap+0x70/0x9c",
	[CS_REQUEST_STANDARD_RESOURCES] = "setup_arch+0x39c/0xa28",
	[CS_UNFLATTEN_DEVICE_TREE] = "early_init_dt_alloc_memory_arch+0x3c/0x70",
	[CS_SAVED_COMMAND_LINE] = "start_kernel+0x184/0x744",
	[CS_STATIC_COMMAND_LINE] = "start_kernel+0x1bc/0x744",
	[CS_PCPU_ALLOC_INFO] = "pcpu_embed_first_chunk+0x3d0/0x8e0",
	[CS_PCPU_AREAS] = "pcpu_embed_first_chunk+0x5f0/0x8e0",
	[CS_PCPU_FC_ALLOC] = "pcpu_embed_first_chunk+0x6e8/0x8e0",
	[CS_PCPU_FC_FREE] = "pcpu_embed_first_chunk+0x7e4/0x8e0",
	[CS_PCPU_FREE_ALLOC_INFO] = "pcpu_embed_first_chunk+0x870/0x8e0",
	[CS_PCPU_FREE_AREAS] = "pcpu_embed_first_chunk+0x8cc/0x8e0",
	[CS_PCPU_GROUP_OFFSETS] = "pcpu_setup_first_chunk+0x35c/0x95c",
	[CS_PCPU_GROUP_SIZES] = "pcpu_setup_first_chunk+0x390/0x95c",
	[CS_PCPU_UNIT_MAP] = "pcpu_setup_first_chunk+0x3d8/0x95c",
	[CS_PCPU_UNIT_OFF] = "pcpu_setup_first_chunk+0x41c/0x95c",
	[CS_PCPU_CHUNK_LISTS] = "pcpu_setup_first_chunk+0x818/0x95c",
	[CS_PCPU_CHUNK] = "pcpu_alloc_first_chunk+0xa0/0x2b8",
	[CS_PCPU_ALLOC_MAP] = "pcpu_alloc_first_chunk+0x110/0x2b8",
	[CS_PCPU_BOUND_MAP] = "pcpu_alloc_first_chunk+0x148/0x2b8",
	[CS_PCPU_MD_BLOCKS] = "pcpu_alloc_first_chunk+0x184/0x2b8",
	[CS_ALLOC_LARGE_SYSTEM_HASH] = "alloc_large_system_hash+0x1d0/0x2ec",
	[CS_SWIOTLB_TLB] = "swiotlb_init_remap+0xd4/0x2a0",
	[CS_SWIOTLB_SLOTS] = "swiotlb_init_remap+0x1d0/0x2a0",
	[CS_SWIOTLB_AREAS] = "swiotlb_init_remap+0x230/0x2a0",
	[CS_FREE_UNUSED_MEMMAP] = "memblock_free_all+0xf8/0x3ac",
};

/* "11264K kernel code, 1700K rwdata, 3736K rodata, 2048K init, 376K bss"; _sdata.._end 0x207608 */
#define ARMMP_IMAGE_AND_STRUCTS							\
	.text_offset = 0x208000,						\
	.code = 11264 * SZ_1K, .rodata = 3736 * SZ_1K, .init = 2048 * SZ_1K,	\
	.rwdata = 1700 * SZ_1K + 768, .bss = 376 * SZ_1K + 776,		\
	.percpu_static_size = 45012, .pcpu_chunk_size = 92,			\
	.device_node_size = 108, .property_size = 48

const struct kernel_build kernel_build_armmp = {
	.name = "debian-6.1.0-57-armmp",
	ARMMP_IMAGE_AND_STRUCTS,
	.sym = armmp_sym,
};

/* "12288K kernel code, 1716K rwdata, 3760K rodata, 2048K init, 383K bss"; _sdata.._end 0x20d288 */
const struct kernel_build kernel_build_armmp_lpae = {
	.name = "debian-6.1.0-57-armmp-lpae",
	.text_offset = 0x208000,
	.code = 12288 * SZ_1K, .rodata = 3760 * SZ_1K, .init = 2048 * SZ_1K,
	.rwdata = 1716 * SZ_1K + 836, .bss = 383 * SZ_1K + 836,
	.percpu_static_size = 45204, .pcpu_chunk_size = 92,
	.device_node_size = 108, .property_size = 48,
	.sym = armmp_lpae_sym,
};

/*
 * No real build: multi_v7_defconfig has ARCH_MESON=y too, hence the same
 * TEXT_OFFSET; the rest is armmp's, and %pS prints bare function names.
 */
const struct kernel_build kernel_build_multi_v7 = {
	.name = "multi_v7",
	ARMMP_IMAGE_AND_STRUCTS,
	.sym = NULL,
};

const char *build_sym(const struct kernel_build *b, enum call_site cs)
{
	if ((unsigned int)cs >= CALL_SITE_NR)
		return "0x0";
	if (b && b->sym && b->sym[cs])
		return b->sym[cs];
	return call_site_names[cs];
}
