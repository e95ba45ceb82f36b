/* See page_alloc_ops.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "page_alloc_ops.h"

#include <libfdt.h>
#include <string.h>

#include "byte_reader.h"

/* Configuration byte 0. */
#define C0_PROFILE_MASK 0x03
#define C0_MODEL_SHIFT 2
#define C0_DIFFERENTIAL 0x10
#define C0_NO_HIGHMEM 0x20
#define C0_BUILDER 0x40
#define C0_BOTTOM_UP 0x80
/* Configuration byte 1. */
#define C1_SPLIT_MASK 0x03
#define C1_MINFREE_SHIFT 2
#define C1_MINFREE_MASK 0x07
#define C1_VMALLOC 0x20

#define BOARD_DTB_MAX 2048

static const gfp_t gfp_kinds[PA_NR_GFP_KINDS] = {
	GFP_KERNEL,
	GFP_ATOMIC,
	GFP_KERNEL | __GFP_DMA,
	GFP_HIGHUSER_MOVABLE,
	GFP_USER,
	GFP_HIGHUSER,
	GFP_NOWAIT,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_MOVABLE,
	GFP_ATOMIC | __GFP_DMA,
	GFP_NOWAIT | __GFP_HIGHMEM,
	GFP_KERNEL | __GFP_HIGH,
	GFP_ATOMIC | __GFP_NOMEMALLOC,
	GFP_KERNEL | __GFP_MEMALLOC,
	GFP_USER | __GFP_MOVABLE,
	__GFP_DMA,
};

/* Modifier bits of the gfp byte's upper half. */
static const gfp_t gfp_modifiers[4] = { __GFP_COMP, __GFP_ZERO, __GFP_NOWARN, __GFP_HIGH };

static const unsigned long min_free_table[8] = { 0, 128, 1024, 4096, 16384, 65536, 262144, 45 };

gfp_t pa_gfp_kind(unsigned idx)
{
	return gfp_kinds[idx % PA_NR_GFP_KINDS];
}

static gfp_t decode_gfp(uint8_t b)
{
	gfp_t gfp = gfp_kinds[b & 0x0f];

	for (int i = 0; i < 4; i++)
		if (b & (0x10 << i))
			gfp |= gfp_modifiers[i];
	return gfp;
}

/* Mostly small orders, as real callers use; the upper half reaches every order. */
static uint8_t decode_order(uint8_t b, unsigned max_order)
{
	return b < 0x80 ? b & 3 : (uint8_t)((b & 0x7f) % max_order);
}

static void decode_op(struct byte_reader *br, struct pa_op *op, unsigned max_order)
{
	*op = (struct pa_op){ .kind = (enum pa_op_kind)(br_u8(br) % PA_NR_OPS) };
	switch (op->kind) {
	case PA_ALLOC_MANY:
		op->count = (uint8_t)(1 + br_u8(br) % 32);
		/* fall through */
	case PA_ALLOC:
		op->gfp = decode_gfp(br_u8(br));
		op->order = decode_order(br_u8(br), max_order);
		break;
	case PA_CMA_ALLOC:
		op->arg = br_u8(br);
		op->count = br_u8(br);
		op->align = (uint8_t)(br_u8(br) % 9);
		break;
	case PA_KUNMAP_LOCAL:
		break;
	default:
		op->arg = br_u8(br);
		break;
	}
}

int pa_decode(const uint8_t *data, size_t size, struct pa_input *in)
{
	struct byte_reader br;
	uint8_t c0, c1;
	const struct mm_profile *p;
	struct layout_config *lc = &in->cfg.setup.layout;

	if (size < 3)
		return -1;
	br_init(&br, data, size);
	c0 = br_u8(&br);
	c1 = br_u8(&br);
	memset(&in->cfg, 0, sizeof(in->cfg));
	p = mm_profile_by_index(c0 & C0_PROFILE_MASK);
	if (!p)
		p = mm_profile_by_index(0);
	in->cfg.profile = p;
	in->cfg.model = (enum memory_model)((c0 >> C0_MODEL_SHIFT) & 3);
	in->differential = c0 & C0_DIFFERENTIAL;
	in->use_builder = c0 & C0_BUILDER;
	in->cfg.min_free_kbytes = min_free_table[(c1 >> C1_MINFREE_SHIFT) & C1_MINFREE_MASK];
	in->cfg.setup.boot.lpae = lc->lpae = p->lpae;
	in->cfg.setup.boot.bottom_up = c0 & C0_BOTTOM_UP;
	lc->split = (enum vmsplit)(c1 & C1_SPLIT_MASK);
	if (lc->lpae && lc->split == VMSPLIT_3G_OPT)
		lc->split = VMSPLIT_3G;
	lc->highmem = !(c0 & C0_NO_HIGHMEM);
	layout_build_image(&lc->image, p->build);
	if (c1 & C1_VMALLOC)
		lc->vmalloc_size = ((uint64_t)br_u8(&br) + 1) * 4 * SZ_1M;

	if (in->use_builder) {
		in->dt_len = br_u16(&br);
		if (in->dt_len > br_remaining(&br))
			in->dt_len = br_remaining(&br);
		in->dt = data + br.pos;
		br.pos += in->dt_len;
	} else {
		in->board = br_u8(&br) % PA_NR_BOARDS;
	}

	in->nr_ops = 0;
	while (in->nr_ops < PA_MAX_OPS && br_remaining(&br)) {
		decode_op(&br, &in->ops[in->nr_ops], p->max_order);
		in->nr_ops++;
	}
	return 0;
}

struct board {
	const char *name;
	uint64_t bank[3][2];		/* base, size; size 0 ends the list */
	const char *bootargs;
	bool cma_pool;			/* 64 MiB reusable shared-dma-pool, linux,cma-default */
	uint64_t nomap[2];		/* a no-map reserved-memory region (size 0: none) */
	uint64_t memreserve[2];
};

static const struct board boards[PA_NR_BOARDS] = {
	{ .name = "256M", .bank = { { 0x60000000, 256 * SZ_1M } } },
	{ .name = "2G", .bank = { { 0x80000000, 2 * SZ_1G } } },
	{ .name = "1G-virt", .bank = { { 0x40000000, SZ_1G } } },
	{ .name = "512M-cma-nomap", .bank = { { 0x40000000, 512 * SZ_1M } }, .cma_pool = true,
	  .nomap = { 0x5f000000, SZ_1M } },
	{ .name = "two-banks-hole", .bank = { { 0x40000000, 256 * SZ_1M }, { 0x80000000, 512 * SZ_1M } } },
	{ .name = "3G-highmem", .bank = { { 0x40000000, SZ_1G }, { 0x80000000, 2 * SZ_1G } } },
	{ .name = "lpae-high", .bank = { { 0x80000000, SZ_1G }, { 0x880000000ULL, 2 * SZ_1G } } },
	{ .name = "64M-odd", .bank = { { 0x40100000, 64 * SZ_1M } }, .memreserve = { 0x41000000, 0x10000 } },
	{ .name = "2G-cma", .bank = { { 0x80000000, 2 * SZ_1G } }, .bootargs = "console=ttyS0 cma=64M" },
	{ .name = "1G-zone-split", .bank = { { 0x40000000, SZ_1G } }, .bootargs = "vmalloc=242M" },
};

static uint64_t dtb_cache[PA_NR_BOARDS][BOARD_DTB_MAX / 8];
static bool dtb_built;

static void prop_reg(void *fdt, const char *name, uint64_t base, uint64_t size)
{
	fdt64_t v[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	fdt_property(fdt, name, v, sizeof(v));
}

static void build_board(const struct board *b, void *buf)
{
	fdt_create(buf, BOARD_DTB_MAX);
	if (b->memreserve[1])
		fdt_add_reservemap_entry(buf, b->memreserve[0], b->memreserve[1]);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_u32(buf, "#address-cells", 2);
	fdt_property_u32(buf, "#size-cells", 2);
	fdt_property_string(buf, "compatible", "mmfuzz,page-alloc-board");
	if (b->bootargs) {
		fdt_begin_node(buf, "chosen");
		fdt_property_string(buf, "bootargs", b->bootargs);
		fdt_end_node(buf);
	}
	fdt_begin_node(buf, "memory");
	fdt_property_string(buf, "device_type", "memory");
	{
		fdt64_t reg[6];
		int n = 0;

		for (int i = 0; i < 3 && b->bank[i][1]; i++) {
			reg[n++] = cpu_to_fdt64(b->bank[i][0]);
			reg[n++] = cpu_to_fdt64(b->bank[i][1]);
		}
		fdt_property(buf, "reg", reg, n * (int)sizeof(fdt64_t));
	}
	fdt_end_node(buf);
	if (b->cma_pool || b->nomap[1]) {
		fdt_begin_node(buf, "reserved-memory");
		fdt_property_u32(buf, "#address-cells", 2);
		fdt_property_u32(buf, "#size-cells", 2);
		fdt_property(buf, "ranges", NULL, 0);
		if (b->cma_pool) {
			fdt_begin_node(buf, "linux,cma");
			fdt_property_string(buf, "compatible", "shared-dma-pool");
			fdt_property_u64(buf, "size", 64 * SZ_1M);
			fdt_property(buf, "reusable", NULL, 0);
			fdt_property(buf, "linux,cma-default", NULL, 0);
			fdt_end_node(buf);
		}
		if (b->nomap[1]) {
			fdt_begin_node(buf, "firmware@5f000000");
			prop_reg(buf, "reg", b->nomap[0], b->nomap[1]);
			fdt_property(buf, "no-map", NULL, 0);
			fdt_end_node(buf);
		}
		fdt_end_node(buf);
	}
	fdt_end_node(buf);
	fdt_finish(buf);
}

const void *pa_board_dtb(unsigned idx, size_t *size, struct mm_boot_config *boot)
{
	const struct board *b = &boards[idx % PA_NR_BOARDS];
	void *buf = dtb_cache[idx % PA_NR_BOARDS];

	/* all at once: which boards earlier inputs used must not show in coverage */
	if (!dtb_built) {
		for (unsigned i = 0; i < PA_NR_BOARDS; i++)
			build_board(&boards[i], dtb_cache[i]);
		dtb_built = true;
	}
	/* The bootloader's usual places: zImage at +32 KiB, the DTB at +16 MiB... of the first bank. */
	boot->load_addr = b->bank[0][0] + 0x8000;
	boot->dtb_phys = b->bank[0][0] + 16 * SZ_1M + 0x1000;
	*size = fdt_totalsize(buf);
	return buf;
}

const char *pa_board_name(unsigned idx)
{
	return boards[idx % PA_NR_BOARDS].name;
}
