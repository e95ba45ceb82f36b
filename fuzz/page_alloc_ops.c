/* See page_alloc_ops.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "page_alloc_ops.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "byte_reader.h"

#define BOARD_DTB_MAX 2048

static const gfp_t gfp_kinds[PA_NR_GFP_KINDS] = {
	[PA_GFP_KERNEL] = GFP_KERNEL,
	[PA_GFP_ATOMIC] = GFP_ATOMIC,
	[PA_GFP_KERNEL_DMA] = GFP_KERNEL | __GFP_DMA,
	[PA_GFP_HIGHUSER_MOVABLE] = GFP_HIGHUSER_MOVABLE,
	[PA_GFP_USER] = GFP_USER,
	[PA_GFP_HIGHUSER] = GFP_HIGHUSER,
	[PA_GFP_NOWAIT] = GFP_NOWAIT,
	[PA_GFP_KERNEL_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE,
	[PA_GFP_KERNEL_MOVABLE] = GFP_KERNEL | __GFP_MOVABLE,
	[PA_GFP_ATOMIC_DMA] = GFP_ATOMIC | __GFP_DMA,
	[PA_GFP_NOWAIT_HIGHMEM] = GFP_NOWAIT | __GFP_HIGHMEM,
	[PA_GFP_KERNEL_HIGH] = GFP_KERNEL | __GFP_HIGH,
	[PA_GFP_ATOMIC_NOMEMALLOC] = GFP_ATOMIC | __GFP_NOMEMALLOC,
	[PA_GFP_KERNEL_MEMALLOC] = GFP_KERNEL | __GFP_MEMALLOC,
	[PA_GFP_USER_MOVABLE] = GFP_USER | __GFP_MOVABLE,
	[PA_GFP_DMA] = __GFP_DMA,
};

static const char *const gfp_kind_names[PA_NR_GFP_KINDS] = {
	[PA_GFP_KERNEL] = "GFP_KERNEL",
	[PA_GFP_ATOMIC] = "GFP_ATOMIC",
	[PA_GFP_KERNEL_DMA] = "GFP_KERNEL|__GFP_DMA",
	[PA_GFP_HIGHUSER_MOVABLE] = "GFP_HIGHUSER_MOVABLE",
	[PA_GFP_USER] = "GFP_USER",
	[PA_GFP_HIGHUSER] = "GFP_HIGHUSER",
	[PA_GFP_NOWAIT] = "GFP_NOWAIT",
	[PA_GFP_KERNEL_RECLAIMABLE] = "GFP_KERNEL|__GFP_RECLAIMABLE",
	[PA_GFP_KERNEL_MOVABLE] = "GFP_KERNEL|__GFP_MOVABLE",
	[PA_GFP_ATOMIC_DMA] = "GFP_ATOMIC|__GFP_DMA",
	[PA_GFP_NOWAIT_HIGHMEM] = "GFP_NOWAIT|__GFP_HIGHMEM",
	[PA_GFP_KERNEL_HIGH] = "GFP_KERNEL|__GFP_HIGH",
	[PA_GFP_ATOMIC_NOMEMALLOC] = "GFP_ATOMIC|__GFP_NOMEMALLOC",
	[PA_GFP_KERNEL_MEMALLOC] = "GFP_KERNEL|__GFP_MEMALLOC",
	[PA_GFP_USER_MOVABLE] = "GFP_USER|__GFP_MOVABLE",
	[PA_GFP_DMA] = "__GFP_DMA",
};

/* Modifier bits of the gfp byte's upper half, PA_GFP_MOD_COMP upwards. */
static const gfp_t gfp_modifiers[4] = { __GFP_COMP, __GFP_ZERO, __GFP_NOWARN, __GFP_HIGH };
static const char *const gfp_modifier_names[4] = { "__GFP_COMP", "__GFP_ZERO", "__GFP_NOWARN", "__GFP_HIGH" };

static const unsigned long min_free_table[8] = { 0, 128, 1024, 4096, 16384, 65536, 262144, 45 };

gfp_t pa_gfp_flags(unsigned idx)
{
	return gfp_kinds[idx % PA_NR_GFP_KINDS];
}

gfp_t decode_gfp_byte(uint8_t b, const gfp_t kinds[PA_NR_GFP_KINDS])
{
	gfp_t gfp = kinds[b & 0x0f];

	for (int i = 0; i < 4; i++)
		if (b & (PA_GFP_MOD_COMP << i))
			gfp |= gfp_modifiers[i];
	return gfp;
}

static gfp_t decode_gfp(uint8_t b)
{
	return decode_gfp_byte(b, gfp_kinds);
}

/* Mostly small orders, as real callers use; the upper half reaches every order. */
static uint8_t decode_order(uint8_t b, unsigned max_order)
{
	return b < 0x80 ? b & 3 : (uint8_t)((b & 0x7f) % max_order);
}

static void decode_op(struct byte_reader *br, struct pa_op *op, unsigned max_order)
{
	uint32_t offset = (uint32_t)br->pos;

	*op = (struct pa_op){ .kind = (enum pa_op_kind)(br_u8(br) % PA_NR_OPS), .offset = offset };
	switch (op->kind) {
	case PA_ALLOC_MANY:
		op->count = (uint8_t)(1 + br_u8(br) % 32);
		/* fall through */
	case PA_ALLOC:
		op->gfp_byte = br_u8(br);
		op->gfp = decode_gfp(op->gfp_byte);
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

int pa_format(const struct pa_op *op, char *buf, size_t cap)
{
	static const char *const patterns[3] = { "ascending", "descending", "even pages, then odd" };
	char gfp[160];
	size_t n = (size_t)snprintf(gfp, sizeof(gfp), "%s", gfp_kind_names[op->gfp_byte & 0x0f]);

	for (int i = 0; i < 4; i++)
		if (op->gfp_byte & (0x10 << i) && n < sizeof(gfp))
			n += (size_t)snprintf(gfp + n, sizeof(gfp) - n, "|%s", gfp_modifier_names[i]);
	switch (op->kind) {
	case PA_ALLOC:
		return snprintf(buf, cap, "alloc_pages(%s, order %u)", gfp, op->order);
	case PA_ALLOC_MANY:
		return snprintf(buf, cap, "%u x alloc_pages(%s, order %u)", op->count, gfp, op->order);
	case PA_FREE:
		return snprintf(buf, cap, "free held block %u (mod held; a split run gives its %s page)",
				op->arg, op->arg & 0x80 ? "last" : "first");
	case PA_SPLIT:
		return snprintf(buf, cap, "split_page(held block %u)", op->arg);
	case PA_CMA_ALLOC:
		return snprintf(buf, cap, "cma_alloc(area %u, %lu pages, align order %u)", op->arg,
				(1UL + (op->count & 63)) << ((op->count >> 6) * 3), op->align);
	case PA_CMA_RELEASE:
		return snprintf(buf, cap, "cma_release(held block %u)", op->arg);
	case PA_KMAP:
		return snprintf(buf, cap, "kmap(held block %u)", op->arg);
	case PA_KUNMAP:
		return snprintf(buf, cap, "kunmap(held block %u)", op->arg);
	case PA_KMAP_LOCAL:
		return snprintf(buf, cap, "kmap_local_page(held block %u)", op->arg);
	case PA_KUNMAP_LOCAL:
		return snprintf(buf, cap, "kunmap_local(innermost)");
	case PA_PAGE_ADDRESS:
		return snprintf(buf, cap, "page_address(held block %u)", op->arg);
	case PA_FREE_RUN:
		return snprintf(buf, cap, "free split run %u, %s", op->arg, patterns[(op->arg >> 6) % 3]);
	case PA_FREE_ALTERNATE:
		return snprintf(buf, cap, "free every other held block from %u", op->arg & 1);
	case PA_NR_OPS:
		break;
	}
	return snprintf(buf, cap, "?");
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
	p = mm_profile_by_index(c0 & PA_C0_PROFILE_MASK);
	if (!p)
		p = mm_profile_by_index(0);
	in->cfg.profile = p;
	in->cfg.model = (enum memory_model)((c0 >> PA_C0_MODEL_SHIFT) & 3);
	in->differential = c0 & PA_C0_DIFFERENTIAL;
	in->use_builder = c0 & PA_C0_BUILDER;
	in->cfg.min_free_kbytes = min_free_table[(c1 >> PA_C1_MINFREE_SHIFT) & PA_C1_MINFREE_MASK];
	in->cfg.setup.boot.lpae = lc->lpae = p->lpae;
	in->cfg.setup.boot.bottom_up = c0 & PA_C0_BOTTOM_UP;
	lc->split = (enum vmsplit)(c1 & PA_C1_SPLIT_MASK);
	if (lc->lpae && lc->split == VMSPLIT_3G_OPT)
		lc->split = VMSPLIT_3G;
	lc->highmem = !(c0 & PA_C0_NO_HIGHMEM);
	layout_default_image(&lc->image);
	if (c1 & PA_C1_VMALLOC)
		lc->vmalloc_size = ((uint64_t)br_u8(&br) + 1) * 4 * SZ_1M;
	if (c1 & PA_C1_KERNELCORE)
		in->cfg.kernelcore = (uint64_t)br_u8(&br) * PA_CORE_UNIT;
	if (c1 & PA_C1_MOVABLECORE)
		in->cfg.movablecore = (uint64_t)br_u8(&br) * PA_CORE_UNIT;

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
	[PA_BOARD_256M] = { .name = "256M", .bank = { { 0x60000000, SZ_256M } } },
	[PA_BOARD_2G] = { .name = "2G", .bank = { { 0x80000000, 2 * SZ_1G } } },
	[PA_BOARD_1G_VIRT] = { .name = "1G-virt", .bank = { { 0x40000000, SZ_1G } } },
	[PA_BOARD_512M_CMA_NOMAP] = { .name = "512M-cma-nomap", .bank = { { 0x40000000, 512 * SZ_1M } },
				      .cma_pool = true, .nomap = { 0x5f000000, SZ_1M } },
	[PA_BOARD_TWO_BANKS_HOLE] = { .name = "two-banks-hole",
				      .bank = { { 0x40000000, SZ_256M }, { 0x80000000, 512 * SZ_1M } } },
	[PA_BOARD_3G_HIGHMEM] = { .name = "3G-highmem",
				  .bank = { { 0x40000000, SZ_1G }, { 0x80000000, 2 * SZ_1G } } },
	[PA_BOARD_LPAE_HIGH] = { .name = "lpae-high",
				 .bank = { { 0x80000000, SZ_1G }, { 0x880000000ULL, 2 * SZ_1G } } },
	[PA_BOARD_64M_ODD] = { .name = "64M-odd", .bank = { { 0x40100000, 64 * SZ_1M } },
			       .memreserve = { 0x41000000, 0x10000 } },
	[PA_BOARD_2G_CMA] = { .name = "2G-cma", .bank = { { 0x80000000, 2 * SZ_1G } },
			      .bootargs = "console=ttyS0 cma=64M" },
	[PA_BOARD_1G_ZONE_SPLIT] = { .name = "1G-zone-split", .bank = { { 0x40000000, SZ_1G } },
				     .bootargs = "vmalloc=242M" },
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
