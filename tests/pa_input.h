/*
 * Test-only builders that spell page_alloc target inputs as operations
 * (docs/fuzz-input-format.md, "page_alloc target"):
 *
 *	struct pa_bytes in = pa_input((struct pa_config){ .board = PA_BOARD_2G });
 *	pa_alloc(&in, PA_GFP_KERNEL, 0);
 *	pa_free(&in, 0);
 *	t->run(in.b, in.len);
 *
 * Held-block operations name a block by a byte that the target takes
 * modulo the number of blocks held.  Header-only because every
 * tests/test_*.c is its own executable.
 */
#ifndef TESTS_PA_INPUT_H
#define TESTS_PA_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/page_alloc_ops.h"

struct pa_bytes {
	size_t len;
	uint8_t b[1024];
};

/* The header; zero is debian-armmp, FLATMEM, VMSPLIT_3G, HIGHMEM, top-down, the 256 MiB board. */
struct pa_config {
	enum pa_profile profile;
	enum memory_model model;
	bool differential, no_highmem, bottom_up;
	enum vmsplit split;
	unsigned min_free;		/* index into the min_free_kbytes table */
	unsigned kernelcore, movablecore;	/* kernelcore= / movablecore= in 16 MiB, 0: not given */
	enum pa_board board;
};

/* The free-run patterns of PA_FREE_RUN. */
enum pa_run_order { PA_RUN_ASCENDING, PA_RUN_DESCENDING, PA_RUN_EVEN_THEN_ODD };

static inline void pa_byte(struct pa_bytes *in, unsigned v)
{
	if (in->len == sizeof(in->b))
		abort();
	in->b[in->len++] = (uint8_t)v;
}

/* The header bytes up to the board; builder adds PA_C0_BUILDER. */
static inline struct pa_bytes pa_header(struct pa_config c, bool builder)
{
	struct pa_bytes in = { 0 };

	pa_byte(&in, c.profile | (unsigned)c.model << PA_C0_MODEL_SHIFT |
			     (c.differential ? PA_C0_DIFFERENTIAL : 0) |
			     (c.no_highmem ? PA_C0_NO_HIGHMEM : 0) | (c.bottom_up ? PA_C0_BOTTOM_UP : 0) |
			     (builder ? PA_C0_BUILDER : 0));
	pa_byte(&in, c.split | c.min_free << PA_C1_MINFREE_SHIFT |
			     (c.kernelcore ? PA_C1_KERNELCORE : 0) |
			     (c.movablecore ? PA_C1_MOVABLECORE : 0));
	if (c.kernelcore)
		pa_byte(&in, c.kernelcore);
	if (c.movablecore)
		pa_byte(&in, c.movablecore);
	return in;
}

static inline struct pa_bytes pa_input(struct pa_config c)
{
	struct pa_bytes in = pa_header(c, false);

	pa_byte(&in, c.board);
	return in;
}

static inline void pa_le32(struct pa_bytes *in, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		pa_byte(in, v >> 8 * i & 0xff);
}

/*
 * A board of one memory bank instead of a preset (c.board is ignored):
 * dtb_builder bytes with classic cells, PHYS_OFFSET guessed, one memory
 * record whose base and size are raw 32-bit selectors.
 */
static inline struct pa_bytes pa_bank_input(struct pa_config c, uint32_t base, uint32_t size)
{
	struct pa_bytes in = pa_header(c, true);

	pa_byte(&in, 13);
	pa_byte(&in, 0);
	pa_byte(&in, 0x00);	/* dtb_builder header: classic, 1+1 cells, guessed */
	pa_byte(&in, 0x01);	/* a memory node, one reg tuple */
	pa_byte(&in, 0x00);
	pa_byte(&in, 0x80);
	pa_le32(&in, base);
	pa_byte(&in, 0x80);
	pa_le32(&in, size);
	return in;
}

/* An order byte: below 4 as it is, above through the byte's upper half. */
static inline unsigned pa_order(unsigned order)
{
	return order < 4 ? order : 0x80 | order;
}

/* gfp: an enum pa_gfp_kind, optionally | PA_GFP_MOD_*. */
static inline void pa_alloc(struct pa_bytes *in, unsigned gfp, unsigned order)
{
	pa_byte(in, PA_ALLOC);
	pa_byte(in, gfp);
	pa_byte(in, pa_order(order));
}

/* The same allocation count (1 to 32) times. */
static inline void pa_alloc_many(struct pa_bytes *in, unsigned count, unsigned gfp, unsigned order)
{
	pa_byte(in, PA_ALLOC_MANY);
	pa_byte(in, count - 1);
	pa_byte(in, gfp);
	pa_byte(in, pa_order(order));
}

static inline void pa_held_op(struct pa_bytes *in, enum pa_op_kind kind, unsigned held)
{
	pa_byte(in, kind);
	pa_byte(in, held);
}

/* Free a held block; of a split run, its first page. */
static inline void pa_free(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_FREE, held);
}

static inline void pa_split(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_SPLIT, held);
}

static inline void pa_kmap(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_KMAP, held);
}

static inline void pa_kmap_local(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_KMAP_LOCAL, held);
}

static inline void pa_kunmap_local(struct pa_bytes *in)
{
	pa_byte(in, PA_KUNMAP_LOCAL);
}

static inline void pa_page_address(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_PAGE_ADDRESS, held);
}

static inline void pa_cma_release(struct pa_bytes *in, unsigned held)
{
	pa_held_op(in, PA_CMA_RELEASE, held);
}

/* Free a whole split run in a pattern; the held block is (order << 6 | held) modulo those held. */
static inline void pa_free_run(struct pa_bytes *in, enum pa_run_order order, unsigned held)
{
	pa_held_op(in, PA_FREE_RUN, (unsigned)order << 6 | held);
}

/* Free every other held block, from the first (phase 0) or the second. */
static inline void pa_free_alternate(struct pa_bytes *in, unsigned phase)
{
	pa_held_op(in, PA_FREE_ALTERNATE, phase);
}

/* cma_alloc of `pages` (1 to 64 times a power of 8) from area, aligned to 2^align pages. */
static inline void pa_cma_alloc(struct pa_bytes *in, unsigned area, unsigned long pages,
				unsigned align)
{
	unsigned shift = 0;

	while (shift < 4 && ((pages & ((1UL << 3 * shift) - 1)) || pages >> 3 * shift > 64))
		shift++;
	if (shift == 4 || !pages)
		abort();
	pa_byte(in, PA_CMA_ALLOC);
	pa_byte(in, area);
	pa_byte(in, shift << 6 | (unsigned)((pages >> 3 * shift) - 1));
	pa_byte(in, align);
}

#endif
