/*
 * Early kernel parameters that change memory (Linux v6.1 init/main.c
 * parse_early_param/do_early_param, lib/cmdline.c memparse,
 * arch/arm/kernel/setup.c early_mem + arm_add_memory, arch/arm/mm/mmu.c
 * early_vmalloc, kernel/dma/contiguous.c early_cma, mm/memblock.c
 * early_memblock).
 *
 * Only the parameters that matter to memory are recognised (and SLUB's
 * __setup ones, recorded for mm_kernel_boot's parse_args step); the rest of
 * the command line is skipped like unknown early parameters are.  Arguments are
 * split on spaces with double quotes grouping, as next_arg() does.
 */
#ifndef MM_CMDLINE_H
#define MM_CMDLINE_H

#include <limits.h>

#include "memblock.h"
#include "mm_types.h"

#define CMDLINE_MAX_MEM 16	/* model cap on mem= occurrences honoured */
#define CMDLINE_MAX_SLUB_DEBUG 4	/* model cap on slub_debug occurrences honoured */
#define CMDLINE_SLUB_DEBUG_LEN 128	/* model cap on one slub_debug value (longer ones are cut) */
#define CMDLINE_NOT_GIVEN LONG_MIN

struct cmdline_mem {
	uint64_t size;
	uint64_t start;		/* PHYS_OFFSET when no @start was given */
	bool has_start;
};

struct early_params {
	bool memblock_debug;		/* memblock=debug */
	int mem_before_debug;		/* mem= occurrences parsed before memblock=debug took effect */
	int nr_mem;			/* mem= occurrences, in order */
	struct cmdline_mem mem[CMDLINE_MAX_MEM];
	bool has_vmalloc;		/* vmalloc=<size> (raw, unclamped) */
	uint64_t vmalloc_size;
	bool has_cma;			/* cma=size[@base[-limit]] */
	uint64_t cma_size, cma_base, cma_limit;
	bool cma_fixed;			/* an @base was given */
	/* bare `cma` (no value) occurrences after exactly k mem=, for early_cma's error lines */
	unsigned char cma_noval_after[CMDLINE_MAX_MEM + 1];
	/*
	 * SLUB's __setup parameters, which parse_args() hands to
	 * obsolete_checksetup() by prefix ('-' matching '_'), recorded here:
	 * each slub_debug occurrence's text after "slub_debug" ("" or "=..."),
	 * the last slub_{min,max}_order= / slub_min_objects= (CMDLINE_NOT_GIVEN: none), and
	 * slab/slub_[no]merge (-1: none, 0: nomerge, 1: merge).
	 */
	int nr_slub_debug;
	char slub_debug[CMDLINE_MAX_SLUB_DEBUG][CMDLINE_SLUB_DEBUG_LEN];
	long slub_min_order, slub_max_order, slub_min_objects;
	int slab_merge;
};

/* memparse(): number (0x hex, leading-0 octal) with optional K/M/G/T/P/E suffix. */
uint64_t memparse(const char *s, const char **end);

/* Parse cmdline (NUL-terminated) into *ep. Never fails: malformed values are ignored as the kernel ignores them. */
void parse_early_params(const char *cmdline, struct early_params *ep);

/*
 * Apply mem= in order, as early_mem() does: the first occurrence removes all
 * memory, then each adds its page-aligned range via arm_add_memory().  Also
 * replays, at their place in the command line, memblock=debug (mb->debug)
 * and the log lines of a bare `cma`.
 */
void apply_mem_params(const struct early_params *ep, struct memblock *mb, phys_addr_t phys_offset);

/* arm_add_memory(): returns 0 or -MM_EINVAL. */
int arm_add_memory(struct memblock *mb, uint64_t start, uint64_t size, phys_addr_t phys_offset);

#endif
