/*
 * struct page as the model keeps it (Linux v6.1 include/linux/mm_types.h,
 * page-flags.h, page-flags-layout.h, page_ref.h).
 *
 * Host representation: fields the page allocator uses, with host pointers
 * for the list links.  The kernel's struct page is 36 bytes on Debian's
 * armhf build; that size (mm_profile.struct_page_size) is what memmap
 * accounting and simulated addresses use, whatever sizeof(struct page) is
 * on the host.
 *
 * page->flags keeps the kernel's layout: PG_* bits from bit 0, and the
 * SECTION | NODE | ZONE fields packed from the top of a 32-bit word
 * (SECTIONS_WIDTH 8 only for non-VMEMMAP SPARSEMEM, NODES_WIDTH 0,
 * ZONES_WIDTH 2).
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <stdint.h>

#include "list.h"

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_workingset,
	PG_waiters,
	PG_error,
	PG_slab,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_writeback,
	PG_head,
	PG_mappedtodisk,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	__NR_PAGEFLAGS
};

#define ZONES_WIDTH 2
#define NODES_WIDTH 0
#define SECTIONS_WIDTH_SPARSE 8		/* MAX_PHYSMEM_BITS 36 - SECTION_SIZE_BITS 28 */
#define ZONES_PGSHIFT (32 - ZONES_WIDTH)	/* FLATMEM / VMEMMAP */
#define SECTIONS_PGSHIFT (32 - SECTIONS_WIDTH_SPARSE)	/* SPARSEMEM without VMEMMAP */
#define ZONES_PGSHIFT_SPARSE (SECTIONS_PGSHIFT - ZONES_WIDTH)

/* page_type (aliases _mapcount): a type is set when its bit is CLEAR under PAGE_TYPE_BASE. */
#define PAGE_TYPE_BASE 0xf0000000u
#define PG_buddy 0x00000080u
#define PAGE_MAPCOUNT_RESERVE (-128)

struct kmem_cache;

/*
 * A slab is its head page (mm/slab.h's struct slab overlay): PG_slab,
 * slab_cache, freelist, the counters word and slab_list (lru), or next and
 * slabs while it sits on a per-cpu partial list.
 */
struct page {
	uint32_t flags;
	uint32_t freelist;		/* slab: first free object (simulated address), 0 = none */
	union {
		struct list_head lru;	/* buddy free list links; a slab's slab_list */
		struct {		/* a slab on a per-cpu partial list */
			struct page *next;
			int slabs;	/* slabs on the list from here on */
		};
	};
	union {
		uint32_t private;	/* buddy order while PageBuddy */
		uint32_t counters;	/* slab */
		struct {
			unsigned inuse : 16;
			unsigned objects : 15;
			unsigned frozen : 1;
		};
	};
	uint32_t page_type;		/* aliases _mapcount: 0xffffffff = -1 = no type */
	int32_t _refcount;
	uint32_t compound_head;		/* bit 0 set on tail pages (then the rest is the head's pfn << 1) */
	uint8_t compound_order;		/* on the head page */
	uint8_t initialised;		/* model: set once memmap_init (or its deferred twin) wrote it */
	struct kmem_cache *slab_cache;	/* slab: its cache (the kernel's slab->slab_cache) */
};

#endif
