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

/* Header byte 0. */
#define PA_C0_PROFILE_MASK 0x03	/* enum pa_profile */
#define PA_C0_MODEL_SHIFT 2		/* enum memory_model, 2 bits */
#define PA_C0_DIFFERENTIAL 0x10
#define PA_C0_NO_HIGHMEM 0x20
#define PA_C0_BUILDER 0x40
#define PA_C0_BOTTOM_UP 0x80
/* Header byte 1. */
#define PA_C1_SPLIT_MASK 0x03		/* enum vmsplit */
#define PA_C1_MINFREE_SHIFT 2		/* index into the min_free_kbytes table, 3 bits */
#define PA_C1_MINFREE_MASK 0x07
#define PA_C1_VMALLOC 0x20		/* a vmalloc= byte follows */
#define PA_C1_KERNELCORE 0x40		/* a kernelcore= byte follows (after vmalloc's) */
#define PA_C1_MOVABLECORE 0x80		/* a movablecore= byte follows (after kernelcore's) */
#define PA_CORE_UNIT (16 * SZ_1M)	/* kernelcore= / movablecore= byte: v × 16 MiB, 0 = not given */

/* Profiles by their index in byte 0 (mm_profile_by_index; 3 reads as 0). */
enum pa_profile { PA_ARMMP, PA_ARMMP_LPAE, PA_MULTI_V7 };

/* The preset boards (pa_board_dtb). */
enum pa_board {
	PA_BOARD_256M,
	PA_BOARD_2G,
	PA_BOARD_1G_VIRT,
	PA_BOARD_512M_CMA_NOMAP,
	PA_BOARD_TWO_BANKS_HOLE,
	PA_BOARD_3G_HIGHMEM,
	PA_BOARD_LPAE_HIGH,
	PA_BOARD_64M_ODD,
	PA_BOARD_2G_CMA,
	PA_BOARD_1G_ZONE_SPLIT,
	PA_NR_BOARDS
};

/* The gfp byte: a kind in the low nibble, modifiers above. */
enum pa_gfp_kind {
	PA_GFP_KERNEL,
	PA_GFP_ATOMIC,
	PA_GFP_KERNEL_DMA,
	PA_GFP_HIGHUSER_MOVABLE,
	PA_GFP_USER,
	PA_GFP_HIGHUSER,
	PA_GFP_NOWAIT,
	PA_GFP_KERNEL_RECLAIMABLE,
	PA_GFP_KERNEL_MOVABLE,
	PA_GFP_ATOMIC_DMA,
	PA_GFP_NOWAIT_HIGHMEM,
	PA_GFP_KERNEL_HIGH,
	PA_GFP_ATOMIC_NOMEMALLOC,
	PA_GFP_KERNEL_MEMALLOC,
	PA_GFP_USER_MOVABLE,
	PA_GFP_DMA,
	PA_NR_GFP_KINDS
};
#define PA_GFP_MOD_COMP 0x10
#define PA_GFP_MOD_ZERO 0x20
#define PA_GFP_MOD_NOWARN 0x40
#define PA_GFP_MOD_HIGH 0x80

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

/* The flags of gfp kind idx (enum pa_gfp_kind, taken modulo PA_NR_GFP_KINDS). */
gfp_t pa_gfp_flags(unsigned idx);

/* The operation as a call with its operands, e.g. "alloc_pages(GFP_KERNEL|__GFP_COMP, order 2)". */
int pa_format(const struct pa_op *op, char *buf, size_t cap);
/* A gfp byte: kinds[low nibble] plus the PA_GFP_MOD_* modifiers of bits 4..7. */
gfp_t decode_gfp_byte(uint8_t b, const gfp_t kinds[PA_NR_GFP_KINDS]);

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
