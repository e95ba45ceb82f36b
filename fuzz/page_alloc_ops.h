/*
 * The page_alloc decoder: bytes → a kernel configuration (profile, memory
 * model, split, HIGHMEM, vmalloc=, min_free_kbytes), a board (a preset
 * device tree or a dtb_builder record stream) and up to PA_MAX_OPS page
 * allocator operations.  docs/fuzz-input-format.md, "page_alloc target",
 * gives the byte layout.
 */
#ifndef FUZZ_PAGE_ALLOC_OPS_H
#define FUZZ_PAGE_ALLOC_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

#define PA_MAX_OPS 200
#define PA_NR_BOARDS 10
#define PA_NR_GFP_KINDS 16

enum pa_op_kind {
	PA_ALLOC,		/* alloc_pages(gfp, order) */
	PA_FREE,		/* free a held block (a split run: one page from either end) */
	PA_SPLIT,		/* split_page() a held non-compound block */
	PA_CMA_ALLOC,		/* cma_alloc(area, count, align) */
	PA_CMA_RELEASE,
	PA_KMAP,
	PA_KUNMAP,
	PA_KMAP_LOCAL,
	PA_KUNMAP_LOCAL,	/* the innermost kmap_local */
	PA_PAGE_ADDRESS,
	PA_FREE_RUN,		/* give back a whole split run in a pattern */
	PA_ALLOC_MANY,		/* the same allocation `count` times */
	PA_FREE_ALTERNATE,	/* free every other held block (fragmentation) */
	PA_NR_OPS
};

struct pa_op {
	enum pa_op_kind kind;
	gfp_t gfp;
	uint8_t order;
	uint8_t arg;		/* held-block index, pattern or CMA area */
	uint8_t count;		/* PA_ALLOC_MANY repeats; CMA page-count selector */
	uint8_t align;		/* CMA alignment order */
	uint8_t gfp_byte;	/* what gfp was decoded from, for pa_format */
	uint32_t offset;	/* of the operation's first byte in the input */
};

struct pa_input {
	struct kernel_config cfg;
	bool differential;
	bool use_builder;	/* the board is dtb_builder bytes */
	unsigned board;		/* preset index otherwise */
	const uint8_t *dt;	/* dtb_builder bytes (inside the input) */
	size_t dt_len;
	unsigned nr_ops;
	struct pa_op ops[PA_MAX_OPS];
};

/* Decode; returns 0, or -1 when the input is too short to name a configuration. */
int pa_decode(const uint8_t *data, size_t size, struct pa_input *in);

/* The gfp kinds of the table (index → flags), for seeds and docs. */
gfp_t pa_gfp_kind(unsigned idx);

/* The operation as a call with its operands, e.g. "alloc_pages(GFP_KERNEL|__GFP_COMP, order 2)". */
int pa_format(const struct pa_op *op, char *buf, size_t cap);

/*
 * The preset boards' device trees (built once, cached): 256 MiB, 2 GiB,
 * 1 GiB, 512 MiB with a CMA pool and a no-map region, two banks with a
 * hole, 3 GiB highmem-heavy, LPAE banks above 4 GiB, 64 MiB off a 2 MiB
 * boundary, 2 GiB with cma=, 1 GiB with a zone boundary inside a MAX_ORDER
 * block.  Returns the blob and its size; the boot configuration's
 * load_addr/dtb_phys are filled in.
 */
const void *pa_board_dtb(unsigned idx, size_t *size, struct mm_boot_config *boot);
const char *pa_board_name(unsigned idx);

/*
 * target_page_alloc.c, for tests: run every differential-flagged input in
 * differential mode instead of on the schedule; differential runs so far.
 */
void pa_differential_every_input(bool on);
unsigned long pa_differential_runs(void);

#endif
