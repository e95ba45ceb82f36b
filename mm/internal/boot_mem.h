/*
 * Internal interface of the memory-model and zone layer (memory_model.c,
 * sparse.c, sparse_vmemmap.c, memmap_lazy.c, free_area_init.c, mem_init.c,
 * watermarks.c, kernel.c), in the role of the kernel's mm/internal.h for
 * these files.  Not a public header: the oracle must not include it.
 *
 * Deferred struct-page initialisation: boot records *what* it would write
 * into the memmap as sorted pfn ranges (struct boot_mem) and the memory
 * model materialises a struct page from them on first access.  Eager mode
 * writes every struct page as the kernel's loops do; tests prove both give
 * the same state.
 */
#ifndef MM_BOOT_MEM_H
#define MM_BOOT_MEM_H

#include "kernel.h"

/* A sorted, disjoint list of pfn ranges with a tag (zone, hole...). */
struct pfn_range {
	unsigned long start, end;
	int zone;
	bool hole;		/* init_unavailable_range: initialised PageReserved */
};

struct pfn_ranges {
	struct pfn_range *r;
	size_t nr, cap;
};

/* Appends [start, end) (must not precede the last range); merges with an adjacent equal-tagged one. */
void pfn_ranges_add(struct pfn_ranges *v, unsigned long start, unsigned long end, int zone, bool hole);
const struct pfn_range *pfn_ranges_find(const struct pfn_ranges *v, unsigned long pfn);
/* Sort by start and merge overlapping or touching ranges (tags of the first kept). */
void pfn_ranges_normalise(struct pfn_ranges *v);
void pfn_ranges_free(struct pfn_ranges *v);

/* How far boot has gone in writing the memmap (each step includes the previous). */
enum boot_mem_phase {
	BOOT_MEM_NONE,		/* nothing written: struct pages read as zero */
	BOOT_MEM_INIT,		/* memmap_init / init_unavailable_range */
	BOOT_MEM_RESERVED,	/* memmap_init_reserved_pages */
	BOOT_MEM_FREED,		/* memblock_free_all + free_highpages released their ranges */
	BOOT_MEM_CMA,		/* CMA pageblocks released */
};

/*
 * What the filler writes to every struct page of [start, end): the steps up
 * to the current phase folded into one lookup (memmap_lazy.c).
 */
struct fill_seg {
	unsigned long start, end;
	int zone;
	unsigned int what;	/* FILL_* bits of memmap_lazy.c */
};

struct boot_mem {
	bool eager;
	enum boot_mem_phase phase;
	struct pfn_ranges mem;		/* for_each_mem_pfn_range, zone -1 */
	struct pfn_ranges valid;	/* pfn_valid() as ranges */
	struct pfn_ranges init;		/* pfns memmap_init writes: zone, hole */
	struct pfn_ranges reserved;	/* reserve_bootmem_region pfns (valid only) */
	struct pfn_ranges freed;	/* pfns handed to the buddy allocator at mem_init */
	struct pfn_ranges cma;		/* pfns of activated CMA pageblocks */
	struct pfn_ranges scratch;
	unsigned long zone_movable_pfn;	/* 0: no ZONE_MOVABLE */
	enum zone_type movable_zone;
	unsigned long *usemap[MAX_NR_ZONES];	/* host storage behind zone->pageblock_flags (FLATMEM) */
	size_t usemap_longs[MAX_NR_ZONES];
	unsigned long *cma_bitmap[8];		/* host storage behind mm_kernel.cma[i].bitmap */
	size_t cma_bitmap_longs[8];
	struct fill_seg *seg;		/* cover [0, ULONG_MAX), rebuilt at each phase */
	size_t nr_seg, cap_seg, seg_hint;
};

struct boot_mem *boot_mem_new(void);
void boot_mem_free(struct boot_mem *bm);
void boot_mem_reset(struct boot_mem *bm, bool eager);

/* memory_model.c: host storage and deferred initialisation. */
struct memmap_host *memmap_host_new(void);
void memmap_host_free(struct memmap_host *h);
typedef void (*memmap_fill_fn)(void *ctx, unsigned long pfn, struct page *page);
void memmap_set_filler(struct memmap *mm, memmap_fill_fn fn, void *ctx);
/* Call fn on every struct page materialised so far (phase changes update them). */
void memmap_for_each_materialised(const struct memmap *mm, memmap_fill_fn fn, void *ctx);
size_t memmap_nr_materialised(const struct memmap *mm);
/* __init_single_page(): zone/section links, refcount 1, mapcount -1, empty lru. */
void memmap_init_single_page(const struct memmap *mm, struct page *page, unsigned long pfn,
			     enum zone_type zone);
/* Does pfn have host storage in this model (inside mem_map, or a section with a memmap)? */
bool memmap_has_page(const struct memmap *mm, unsigned long pfn);
/* Host section tables for sparse.c: the static array (root < 0) or EXTREME root storage. */
struct mem_section *memmap_host_table(struct memmap *mm, int root);
void memmap_set_flat_range(struct memmap *mm, unsigned long start, unsigned long end);

/* sparse.c */
int sparse_init(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu);
struct mem_section *sparse_section(const struct memmap *mm, unsigned long nr);
/* A memblock allocation honouring the kernel's mask arithmetic for a non-power-of-two align. */
phys_addr_t sparse_memmap_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				phys_addr_t min_addr, bool exact_nid);
phys_addr_t sparse_max_dma_pa_min(const struct arm_layout *l);

/* sparse_vmemmap.c */
int vmemmap_choose_window(struct memmap *mm, struct mm_mmu *mmu, unsigned long first_section,
			  unsigned long last_section);
/* Map the memmap of section nr: PTE tables and backing pages from memblock. */
int vmemmap_populate_section(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu,
			     unsigned long nr, uint32_t *buf_virt, uint32_t buf_end);

/* memmap_lazy.c: pfn_valid ranges, the filler, phase changes. */
void boot_mem_compute_valid(struct mm_kernel *k);
void boot_mem_enter_phase(struct mm_kernel *k, enum boot_mem_phase phase);
bool pfn_ranges_contains(const struct pfn_ranges *v, unsigned long pfn);

/* free_area_init.c */
int free_area_init(struct mm_kernel *k);
void build_all_zonelists_print(struct mm_kernel *k);
extern const char *const zone_names[MAX_NR_ZONES];

/* memblock_free_all.c: 0, or -MM_EPANIC when the kernel would free pfns without a memory map */
int memblock_free_all(struct mm_kernel *k);
/* for_each_free_mem_range(MEMBLOCK_NONE) in pfns: the part below max_low_pfn, or (high) the part above. */
bool next_free_pfns(struct mm_kernel *k, uint64_t *idx, bool high, unsigned long *s, unsigned long *e);
/* The end of the piece of [s, e) from s whose pfns all have a struct page, or all lack one. */
unsigned long storage_piece_end(const struct mm_kernel *k, unsigned long s, unsigned long e);

/* arm/mem_init.c: 0, or memblock_free_all's panic */
int mem_init(struct mm_kernel *k);
/* free_initrd_mem() and free_initmem(): 0 or -MM_EPANIC (free_reserved_area's refusal) */
int free_initrd_mem(struct mm_kernel *k);
int free_initmem(struct mm_kernel *k);
void free_highpages_reference(struct mm_kernel *k);
void free_highpages_fast(struct mm_kernel *k);
void mem_init_print_info(struct mm_kernel *k);

/* free_reserved_area.c: pages freed, or -MM_EPANIC for a page that is not reserved */
long free_reserved_area(struct mm_kernel *k, uint32_t start, uint32_t end, const char *s);

/* cma.c: core_initcall cma_init_reserved_areas; -MM_EPANIC for an area over pfns without a struct page. */
int cma_init_reserved_areas(struct mm_kernel *k);

/* watermarks.c */
void setup_per_cpu_pageset(struct mm_kernel *k);
void init_per_zone_wmark_min(struct mm_kernel *k);
void hugepage_init_min_free_kbytes(struct mm_kernel *k);

#endif
