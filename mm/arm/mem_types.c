/*
 * The kernel's mem_types[] as build_mem_type_table() leaves it (Linux v6.1
 * arch/arm/mm/mmu.c mem_types, build_mem_type_table) for the CPU the
 * hold-out kernel runs on: ARMv7, SMP, SCTLR.XP and SCTLR.TRE set,
 * cache policy forced to writealloc, initial PMD shared, no ECC.  The
 * run-time adjustment is folded into two constant tables, one per format.
 *
 * What the folding applied, for both formats: XN on the device sections and
 * on MT_MEMORY_RW/RO; TEX remap device encodings (TEX(1) for the device
 * sections, B for write-combine); the shared bit on the memory and
 * cached/WC device types; writealloc (prot_pte) and WBWA (prot_sect) on the
 * memory types; PMD_DOMAIN() of each type's domain.  Classic only: APX +
 * AP_WRITE (kernel read-only) on ROM, the cache-clean areas and
 * MT_MEMORY_RO.  LPAE only: the access flag on every prot_pte and on every
 * non-empty prot_sect (MT_MINICLEAN is an empty row there).
 */
#include "pgtable.h"

#define PROT_PTE_DEVICE (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_XN)
#define PROT_SECT_DEVICE (L1_TYPE_SECT | L1_SECT_AP_WRITE)
#define KERN_PTE (L_PTE_MT_WRITEALLOC | L_PTE_SHARED)
#define MEM_PTE (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY)
#define TABLE(dom) (L1_TYPE_TABLE | L1_DOMAIN(dom))

static const struct mem_type_desc classic_types[MT_NR] = {
	[MT_DEVICE] = {
		PROT_PTE_DEVICE | L_PTE_MT_DEV_SHARED | L_PTE_SHARED, TABLE(DOMAIN_IO),
		PROT_SECT_DEVICE | L1_SECT_S | L1_SECT_XN | L1_SECT_TEX(1) | L1_DOMAIN(DOMAIN_IO),
		DOMAIN_IO, "shared device; TEX remap index 4, never executable" },
	[MT_DEVICE_NONSHARED] = {
		PROT_PTE_DEVICE | L_PTE_MT_DEV_NONSHARED, TABLE(DOMAIN_IO),
		PROT_SECT_DEVICE | L1_SECT_XN | L1_SECT_TEX(1) | L1_DOMAIN(DOMAIN_IO),
		DOMAIN_IO, "non-shared device" },
	[MT_DEVICE_CACHED] = {
		PROT_PTE_DEVICE | L_PTE_MT_DEV_CACHED | L_PTE_SHARED, TABLE(DOMAIN_IO),
		PROT_SECT_DEVICE | L1_SECT_WB | L1_SECT_XN | L1_SECT_S | L1_DOMAIN(DOMAIN_IO),
		DOMAIN_IO, "ioremap_cache: write-back, shared (SMP)" },
	[MT_DEVICE_WC] = {
		PROT_PTE_DEVICE | L_PTE_MT_DEV_WC | L_PTE_SHARED, TABLE(DOMAIN_IO),
		PROT_SECT_DEVICE | L1_SECT_XN | L1_SECT_B | L1_SECT_S | L1_DOMAIN(DOMAIN_IO),
		DOMAIN_IO, "ioremap_wc: normal uncached (B under TEX remap)" },
	[MT_UNCACHED] = {
		PROT_PTE_DEVICE, TABLE(DOMAIN_IO),
		L1_TYPE_SECT | L1_SECT_XN | L1_DOMAIN(DOMAIN_IO),
		DOMAIN_IO, "strongly ordered; the section form has no AP bits" },
	[MT_CACHECLEAN] = {
		0, 0,
		L1_TYPE_SECT | L1_SECT_XN | L1_SECT_APX | L1_SECT_AP_WRITE | L1_SECT_WB,
		DOMAIN_KERNEL, "cache-flush area: sections only, kernel read-only" },
	[MT_MINICLEAN] = {
		0, 0,
		L1_TYPE_SECT | L1_SECT_XN | L1_SECT_MINICACHE | L1_SECT_APX | L1_SECT_AP_WRITE,
		DOMAIN_KERNEL, "minicache flush area: sections only" },
	[MT_LOW_VECTORS] = {
		MEM_PTE | L_PTE_RDONLY | KERN_PTE, TABLE(DOMAIN_VECTORS), 0,
		DOMAIN_VECTORS, "vectors, kernel read-only; pages only" },
	[MT_HIGH_VECTORS] = {
		MEM_PTE | L_PTE_USER | L_PTE_RDONLY | KERN_PTE, TABLE(DOMAIN_VECTORS), 0,
		DOMAIN_VECTORS, "vectors + kuser helpers, user read-only; pages only" },
	[MT_MEMORY_RWX] = {
		MEM_PTE | KERN_PTE, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_AP_WRITE | L1_SECT_S | L1_SECT_WBWA,
		DOMAIN_KERNEL, "kernel text: executable" },
	[MT_MEMORY_RW] = {
		MEM_PTE | L_PTE_XN | KERN_PTE, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_AP_WRITE | L1_SECT_XN | L1_SECT_S | L1_SECT_WBWA,
		DOMAIN_KERNEL, "lowmem: never executable" },
	[MT_MEMORY_RO] = {
		MEM_PTE | L_PTE_XN | L_PTE_RDONLY | KERN_PTE, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_XN | L1_SECT_APX | L1_SECT_AP_WRITE | L1_SECT_S | L1_SECT_WBWA,
		DOMAIN_KERNEL, "FDT mapping: read-only, never executable" },
	[MT_ROM] = {
		0, 0,
		L1_TYPE_SECT | L1_SECT_APX | L1_SECT_AP_WRITE | L1_SECT_WBWA,
		DOMAIN_KERNEL, "XIP ROM: sections only, kernel read-only" },
	[MT_MEMORY_RWX_NONCACHED] = {
		MEM_PTE | L_PTE_MT_BUFFERABLE | L_PTE_SHARED, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_AP_WRITE | L1_SECT_S | L1_SECT_B,
		DOMAIN_KERNEL, "normal non-cacheable, executable" },
	[MT_MEMORY_RW_DTCM] = {
		MEM_PTE | L_PTE_XN, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_XN,
		DOMAIN_KERNEL, "DTCM: untouched by the policy" },
	[MT_MEMORY_RWX_ITCM] = {
		MEM_PTE, TABLE(DOMAIN_KERNEL), 0,
		DOMAIN_KERNEL, "ITCM: pages only" },
	[MT_MEMORY_RW_SO] = {
		MEM_PTE | L_PTE_MT_UNCACHED | L_PTE_XN, TABLE(DOMAIN_KERNEL),
		L1_TYPE_SECT | L1_SECT_AP_WRITE | L1_SECT_S | L1_SECT_XN,
		DOMAIN_KERNEL, "strongly ordered memory" },
	[MT_MEMORY_DMA_READY] = {
		MEM_PTE | L_PTE_XN | KERN_PTE, TABLE(DOMAIN_KERNEL), 0,
		DOMAIN_KERNEL, "CMA remap of lowmem: pages only" },
};

#define LPAE_DEV_PTE (LPAE_PRESENT | LPAE_AF | LPAE_SW_DIRTY | LPAE_XN)
#define LPAE_MEM_PTE (LPAE_PRESENT | LPAE_AF | LPAE_SW_DIRTY)
#define LPAE_KERN_PTE (LPAE_MT_WRITEALLOC | LPAE_SH_INNER)
#define LPAE_SECT (LPAE_TYPE_SECT | LPAE_AF)

static const struct mem_type_desc lpae_types[MT_NR] = {
	[MT_DEVICE] = {
		LPAE_DEV_PTE | LPAE_MT_DEV_SHARED | LPAE_SH_INNER, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_SH_INNER | LPAE_XN,
		DOMAIN_IO, "device pages (AttrIndx 4); the block form is index 0, strongly ordered" },
	[MT_DEVICE_NONSHARED] = {
		LPAE_DEV_PTE | LPAE_MT_DEV_NONSHARED, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_XN,
		DOMAIN_IO, "non-shared device" },
	[MT_DEVICE_CACHED] = {
		LPAE_DEV_PTE | LPAE_MT_DEV_CACHED | LPAE_SH_INNER, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_MT_WRITEBACK | LPAE_XN | LPAE_SH_INNER,
		DOMAIN_IO, "ioremap_cache: write-back" },
	[MT_DEVICE_WC] = {
		LPAE_DEV_PTE | LPAE_MT_DEV_WC | LPAE_SH_INNER, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_XN | LPAE_MT_BUFFERABLE | LPAE_SH_INNER,
		DOMAIN_IO, "ioremap_wc: normal non-cacheable" },
	[MT_UNCACHED] = {
		LPAE_DEV_PTE, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_XN,
		DOMAIN_IO, "strongly ordered" },
	[MT_CACHECLEAN] = {
		LPAE_AF, 0,
		LPAE_SECT | LPAE_XN | LPAE_MT_WRITEBACK,
		DOMAIN_KERNEL, "sections only; no read-only bit under LPAE" },
	[MT_MINICLEAN] = {
		LPAE_AF, 0, 0,
		DOMAIN_KERNEL, "absent under LPAE: the AF loop leaves only AF in prot_pte" },
	[MT_LOW_VECTORS] = {
		LPAE_MEM_PTE | LPAE_SW_RDONLY | LPAE_KERN_PTE, LPAE_TYPE_TABLE, 0,
		DOMAIN_VECTORS, "vectors, kernel read-only; pages only" },
	[MT_HIGH_VECTORS] = {
		LPAE_MEM_PTE | LPAE_AP_USER | LPAE_SW_RDONLY | LPAE_KERN_PTE, LPAE_TYPE_TABLE, 0,
		DOMAIN_VECTORS, "vectors + kuser helpers, user read-only; pages only" },
	[MT_MEMORY_RWX] = {
		LPAE_MEM_PTE | LPAE_KERN_PTE, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_SH_INNER | LPAE_MT_WRITEALLOC,
		DOMAIN_KERNEL, "kernel text: executable" },
	[MT_MEMORY_RW] = {
		LPAE_MEM_PTE | LPAE_XN | LPAE_KERN_PTE, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_XN | LPAE_SH_INNER | LPAE_MT_WRITEALLOC,
		DOMAIN_KERNEL, "lowmem: never executable" },
	[MT_MEMORY_RO] = {
		LPAE_MEM_PTE | LPAE_XN | LPAE_SW_RDONLY | LPAE_KERN_PTE, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_SW_RDONLY | LPAE_AP2 | LPAE_XN | LPAE_SH_INNER | LPAE_MT_WRITEALLOC,
		DOMAIN_KERNEL, "FDT mapping: read-only (AP2), never executable" },
	[MT_ROM] = {
		LPAE_AF, 0,
		LPAE_SECT | LPAE_MT_WRITEALLOC,
		DOMAIN_KERNEL, "sections only; the kernel sets no read-only bit under LPAE" },
	[MT_MEMORY_RWX_NONCACHED] = {
		LPAE_MEM_PTE | LPAE_MT_BUFFERABLE | LPAE_SH_INNER, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_SH_INNER | LPAE_MT_BUFFERABLE,
		DOMAIN_KERNEL, "normal non-cacheable, executable" },
	[MT_MEMORY_RW_DTCM] = {
		LPAE_MEM_PTE | LPAE_XN, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_XN,
		DOMAIN_KERNEL, "DTCM: untouched by the policy" },
	[MT_MEMORY_RWX_ITCM] = {
		LPAE_MEM_PTE, LPAE_TYPE_TABLE, 0,
		DOMAIN_KERNEL, "ITCM: pages only" },
	[MT_MEMORY_RW_SO] = {
		LPAE_MEM_PTE | LPAE_MT_UNCACHED | LPAE_XN, LPAE_TYPE_TABLE,
		LPAE_SECT | LPAE_SH_INNER | LPAE_MT_UNCACHED | LPAE_XN,
		DOMAIN_KERNEL, "strongly ordered memory" },
	[MT_MEMORY_DMA_READY] = {
		LPAE_MEM_PTE | LPAE_XN | LPAE_KERN_PTE, LPAE_TYPE_TABLE, 0,
		DOMAIN_KERNEL, "CMA remap of lowmem: pages only" },
};

const struct mem_type_desc *mem_type_get(enum pgtable_format fmt, enum mem_type type)
{
	if ((unsigned int)type >= MT_NR)
		return NULL;
	return fmt == PGTABLE_LPAE ? &lpae_types[type] : &classic_types[type];
}
