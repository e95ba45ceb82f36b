/*
 * memblock: the boot-time physical memory allocator (Linux v6.1
 * mm/memblock.c, include/linux/memblock.h), as an explicit object instead
 * of the kernel's global `memblock`.
 *
 * Departures, all deliberate:
 *  - State lives in `struct memblock`, so several models can coexist.
 *  - Arguments are truncated to the simulated phys_addr_t width on entry
 *    (classic ARM32 has a 32-bit phys_addr_t, LPAE a 64-bit one).
 *  - Region arrays are host memory; the doubled array's *simulated* address
 *    is found and reserved exactly as the kernel does, but its bytes are not
 *    written into simulated RAM.
 *  - No slab: memblock_double_array always takes memory from memblock.
 *  - NUMA is a runtime switch (ARM32 has none: memblock_set_region_node
 *    is a no-op there and every region's node reads as 0).
 *  - Every top-level operation is reported to an optional observer (the
 *    oracle) with its arguments, result and any array doublings it caused.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "kernel_build.h"
#include "mm_types.h"
#include "phys_mem.h"
#include "printk.h"

#define INIT_MEMBLOCK_REGIONS 128
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS
#define MAX_NUMNODES 1
#define NUMA_NO_NODE (-1)

/* Special `end` values of the allocation API. */
#define MEMBLOCK_ALLOC_ACCESSIBLE 0
#define MEMBLOCK_ALLOC_ANYWHERE(mb) ((mb)->phys_max)
/* v6.1 memblock_find_in_range_node() also reads this `end` as current_limit. */
#define MEMBLOCK_ALLOC_NOLEAKTRACE 1
/* memblock_alloc_low()'s limit: ARM's ARCH_LOW_ADDRESS_LIMIT, 0xffffffffUL */
#define ARCH_LOW_ADDRESS_LIMIT 0xffffffffULL

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
	MEMBLOCK_DRIVER_MANAGED = 0x8,
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
	/* Model bookkeeping: simulated address of a doubled array (0 = static). */
	phys_addr_t array_phys;
};

/* One array doubling, as seen by an observer. */
struct memblock_resize {
	int type;			/* 0 = memory, 1 = reserved */
	unsigned long new_max;
	phys_addr_t new_phys;		/* where the new array lives */
	phys_addr_t new_alloc_size;	/* PAGE_ALIGN(new_max * region size) */
	phys_addr_t old_phys;		/* 0 when the old array was the static one */
	phys_addr_t old_alloc_size;
	phys_addr_t avoid_base;		/* range the search had to avoid (reserved only) */
	phys_addr_t avoid_size;
};

enum memblock_op_kind {
	MEMBLOCK_OP_ADD,
	MEMBLOCK_OP_ADD_NODE,
	MEMBLOCK_OP_REMOVE,
	MEMBLOCK_OP_RESERVE,
	MEMBLOCK_OP_FREE,		/* memblock_phys_free */
	MEMBLOCK_OP_MARK,		/* mark_hotplug / mark_mirror / mark_nomap */
	MEMBLOCK_OP_CLEAR,		/* clear_hotplug / clear_nomap */
	MEMBLOCK_OP_ALLOC_RANGE,	/* memblock_phys_alloc_range (and _try_nid) */
	MEMBLOCK_OP_ALLOC,		/* memblock_alloc_try_nid (virt API, current_limit) */
	MEMBLOCK_OP_CAP_RANGE,		/* memblock_cap_memory_range */
	MEMBLOCK_OP_SET_LIMIT,		/* memblock_set_current_limit */
	MEMBLOCK_OP_SET_BOTTOM_UP,
	MEMBLOCK_OP_ALLOW_RESIZE,
	MEMBLOCK_OP_TRIM,		/* memblock_trim_memory: align */
	MEMBLOCK_OP_ENFORCE_LIMIT,	/* memblock_enforce_memory_limit: size is the limit */
	MEMBLOCK_OP_SET_MOVABLE_NODE,	/* base: 0 or 1 */
	MEMBLOCK_OP_NR
};

#define MEMBLOCK_MAX_RESIZES_PER_OP 8

struct memblock_op {
	enum memblock_op_kind kind;
	phys_addr_t base, size;		/* as truncated to phys_addr_t */
	phys_addr_t align, start, end;	/* allocations; end also the limit */
	int nid;
	enum memblock_flags flags;	/* MARK/CLEAR flag, or ADD flags */
	bool exact_nid;
	int ret;			/* 0 or -MM_E*; allocations: 0 or -MM_ENOMEM */
	phys_addr_t result;		/* allocations: address, 0 on failure */
	int nr_resizes;
	struct memblock_resize resizes[MEMBLOCK_MAX_RESIZES_PER_OP];
};

struct memblock;
typedef void (*memblock_observer_fn)(const struct memblock *mb,
				     const struct memblock_op *op, void *ctx);

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;

	/* simulated build */
	phys_addr_t phys_max;		/* PHYS_ADDR_MAX: 32- or 64-bit */
	unsigned int region_size;	/* sizeof(struct memblock_region): 12 or 24 */
	bool numa;			/* record nids (ARM32: false) */

	/* state the kernel keeps in file-scope variables */
	bool can_resize;		/* memblock_allow_resize() called */
	bool movable_node;		/* movable_node_is_enabled(): hotpluggable memory is not allocated from */
	bool system_has_some_mirror;
	/*
	 * mm/page_alloc.c's mirrored_kernelcore (kernelcore=mirror): without
	 * it memblock_mark_mirror() does nothing.  Configuration: set by the
	 * caller after memblock_init(), never written by memblock.
	 */
	bool mirrored_kernelcore;
	bool debug;			/* memblock=debug */
	bool panicked;			/* a BUG_ON/panic path was hit; further ops refused */
	const char *panic_msg;
	const char *dbg_caller;		/* what %pS prints in debug lines */
	const struct kernel_build *build;	/* its %pS offsets (NULL: bare names) */
	struct phys_mem *ram;		/* what the zeroing allocators clear (NULL: none) */
	/* the linear map memblock_free() reads its pointer through (identity until set) */
	uint32_t page_offset;
	phys_addr_t phys_offset;
	struct mm_log *log;

	memblock_observer_fn observer;
	void *observer_ctx;

	/* model internals */
	struct memblock_op *cur_op;
	int op_depth;
	struct memblock_region init_memory[INIT_MEMBLOCK_REGIONS];
	struct memblock_region init_reserved[INIT_MEMBLOCK_RESERVED_REGIONS];
};

/*
 * Reset to the kernel's static initial state.  phys_64bit selects the
 * simulated phys_addr_t width (LPAE).  Frees any doubled arrays, so a
 * memblock can be reused for the next fuzz input at a cost proportional
 * to what the previous input touched.  `log` may be NULL.  The first call
 * needs a zeroed struct (static, calloc or = {0}); observer and
 * observer_ctx are kept across calls.
 */
void memblock_init(struct memblock *mb, bool phys_64bit, struct mm_log *log);
/* Release host memory held by doubled arrays. */
void memblock_destroy(struct memblock *mb);
/*
 * Model-only: make dst an exact copy of src's memblock state, so a harness
 * can restore a prepared state instead of replaying the calls that built
 * it.  src must still use the static arrays (returns false and leaves dst
 * alone otherwise).  dst keeps its own log, observer and observer_ctx.
 */
bool memblock_copy_static(struct memblock *dst, const struct memblock *src);

int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags);
int memblock_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_phys_free(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/* memblock_free(ptr, size): memblock_phys_free(__pa(ptr), size) for a linear-map pointer. */
int memblock_free(struct memblock *mb, uint32_t ptr, phys_addr_t size);

int memblock_mark_hotplug(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/* v6.1: a no-op returning 0 unless mb->mirrored_kernelcore. */
int memblock_mark_mirror(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(struct memblock *mb, phys_addr_t base, phys_addr_t size);

/*
 * Allocation.  Every allocator returns the physical address, 0 on failure
 * (the kernel's virtual API returns the linear-map pointer to it).  align
 * must be a power of two (0 = SMP_CACHE_BYTES, with the kernel's warning).
 *
 * memblock_alloc_range_nid(): the core, as CMA calls it: plain bounds
 * (current_limit not applied), no debug line of its own.
 */
phys_addr_t memblock_alloc_range_nid(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end, int nid, bool exact_nid);
phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end);
phys_addr_t memblock_phys_alloc_try_nid(struct memblock *mb, phys_addr_t size,
					phys_addr_t align, int nid);
phys_addr_t memblock_phys_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align);
/*
 * The virtual API: below current_limit, retried without min_addr.  The
 * zeroing allocators clear the block in mb->ram; the _raw ones leave it.
 */
phys_addr_t memblock_alloc_try_nid(struct memblock *mb, phys_addr_t size,
				   phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid);
phys_addr_t memblock_alloc_try_nid_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				       phys_addr_t min_addr, phys_addr_t max_addr, int nid);
phys_addr_t memblock_alloc_exact_nid_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align,
					 phys_addr_t min_addr, phys_addr_t max_addr, int nid);
/* The kernel's inline wrappers of memblock_alloc_try_nid{,_raw}. */
phys_addr_t memblock_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align);
phys_addr_t memblock_alloc_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align);
phys_addr_t memblock_alloc_from(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				phys_addr_t min_addr);
phys_addr_t memblock_alloc_low(struct memblock *mb, phys_addr_t size, phys_addr_t align);
phys_addr_t memblock_alloc_node(struct memblock *mb, phys_addr_t size, phys_addr_t align, int nid);

/* Name the kernel call site of the next operations in memblock=debug lines. */
void memblock_set_caller(struct memblock *mb, enum call_site cs);

void memblock_cap_memory_range(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/*
 * memblock_trim_memory(): round every memory region inward to align (as
 * round_up/round_down compute it, any align), dropping those left empty;
 * like v6.1, memory.total_size is not updated for the trimmed parts.
 */
void memblock_trim_memory(struct memblock *mb, phys_addr_t align);
/* memblock_enforce_memory_limit(): keep the first `limit` bytes of memory; cut memory and reserved there. */
void memblock_enforce_memory_limit(struct memblock *mb, phys_addr_t limit);
void memblock_set_current_limit(struct memblock *mb, phys_addr_t limit);
void memblock_set_bottom_up(struct memblock *mb, bool enable);
/*
 * The movable_node early parameter (model-only setter): with
 * CONFIG_MEMORY_HOTPLUG, which Debian's armmp builds lack, memblock then
 * allocates from no MEMBLOCK_HOTPLUG region and ZONE_MOVABLE starts at the
 * first of them.
 */
void memblock_set_movable_node(struct memblock *mb, bool enable);
bool memblock_bottom_up(const struct memblock *mb);
/* PAGE_OFFSET and PHYS_OFFSET of the linear map (setup_arch, once the layout is known). */
void memblock_set_linear_map(struct memblock *mb, uint32_t page_offset, phys_addr_t phys_offset);
/* __va() and __pa() of that map, in the simulated build's widths. */
uint32_t memblock_virt(const struct memblock *mb, phys_addr_t pa);
phys_addr_t memblock_phys(const struct memblock *mb, uint32_t va);
void memblock_allow_resize(struct memblock *mb);

/* Queries (no observer call). */
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_phys_mem_size(const struct memblock *mb);
phys_addr_t memblock_reserved_size(const struct memblock *mb);
bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_map_memory(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_region_memory(const struct memblock *mb, phys_addr_t base, phys_addr_t size);
bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr);
bool memblock_overlaps_region(const struct memblock_type *type, phys_addr_t base, phys_addr_t size);

/*
 * Free-range iteration (for_each_free_mem_range and its _reverse twin):
 * memory minus reserved, skipping regions as should_skip_region() does for
 * `flags`.  *idx starts at 0 (forward) or ~0ULL (reverse); returns false
 * when done.
 */
bool memblock_next_free_range(const struct memblock *mb, uint64_t *idx,
			      enum memblock_flags flags, phys_addr_t *out_start,
			      phys_addr_t *out_end);
bool memblock_prev_free_range(const struct memblock *mb, uint64_t *idx,
			      enum memblock_flags flags, phys_addr_t *out_start,
			      phys_addr_t *out_end);

/*
 * Text exactly as /sys/kernel/debug/memblock/{memory,reserved} prints it.
 * Writes at most cap bytes (NUL-terminated); returns the full length.
 */
size_t memblock_debugfs_show(const struct memblock *mb, const struct memblock_type *type,
			     char *buf, size_t cap);

#endif
