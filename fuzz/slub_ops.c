/* See slub_ops.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "slub_ops.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "byte_reader.h"
#include "page_alloc_ops.h"

#define C0_PROFILE_MASK 0x03
#define C0_CPUS_SHIFT 2
#define C0_BOARD_SHIFT 5
#define C0_NOMERGE 0x80

static const char *const debug_choices[SLUB_NR_DEBUG] = {
	"",
	"slub_debug",
	"slub_debug=F",
	"slub_debug=FZ",
	"slub_debug=FP",
	"slub_debug=FU",
	"slub_debug=FZPU,mmfuzz-*",
	"slub_debug=FZP,kmalloc-64,kmalloc-128",
	"slub_debug=Z",
	"slub_debug=P",
	"slub_debug=U",
	"slub_debug=FZPO",
	"slub_debug=-",
	"slub_debug=F,kmalloc-*;FZ,mmfuzz-*",
	"slub_debug=FT,mmfuzz-0",
	"slub_debug=Fx,dma-kmalloc-*",
};

static const unsigned int max_order_choices[4] = { 0, 0, 1, 2 };	/* [0]: not given */
static const unsigned int min_objects_choices[4] = { 0, 1, 4, 32 };

static const struct {
	uint64_t base, size;
	const char *name;
} boards[SLUB_NR_BOARDS] = {
	{ 0x40000000, 256 * SZ_1M, "256 MiB at 0x40000000" },
	{ 0x40000000, 64 * SZ_1M, "64 MiB at 0x40000000" },
	{ 0x40000000, SZ_1G, "1 GiB at 0x40000000" },
	{ 0x80000000, 128 * SZ_1M, "128 MiB at 0x80000000" },
};

const uint8_t slub_kmalloc_indexes[9] = { 6, 7, 2, 8, 9, 10, 11, 12, 13 };

static const char *const kind_prefixes[4] = { "kmalloc-", "kmalloc-cg-", "kmalloc-rcl-", "dma-kmalloc-" };
static const char *const op_names[SLUB_NR_OPS] = {
	"kmem_cache_create", "kmem_cache_alloc", "kmalloc", "free", "kfree", "kmem_cache_alloc many",
	"free many", "set CPU", "kmem_cache_shrink", "kmem_cache_destroy", "write", "ksize", "wrong",
	"/proc/slabinfo",
};
static const char *const wrong_names[WRONG_NR] = {
	"double free", "free into another cache", "free inside an object", "store after free",
	"store into a red zone",
};

static const gfp_t gfp_kinds[PA_NR_GFP_KINDS] = {
	GFP_KERNEL,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_DMA,
	GFP_KERNEL | __GFP_ACCOUNT,
	GFP_KERNEL | __GFP_ZERO,
	GFP_USER,
	GFP_KERNEL,
	GFP_ATOMIC | __GFP_DMA,
	GFP_NOWAIT | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_ACCOUNT | __GFP_RECLAIMABLE,
	GFP_HIGHUSER,			/* kmalloc_fix_flags territory */
	GFP_KERNEL | __GFP_DMA32,
	GFP_KERNEL | __GFP_MOVABLE,
	GFP_KERNEL | __GFP_NOFAIL,
};

const char *slub_debug_choice(unsigned idx)
{
	return debug_choices[idx % SLUB_NR_DEBUG];
}

const char *slub_board_name(unsigned idx)
{
	return boards[idx % SLUB_NR_BOARDS].name;
}

void slub_cache_name(uint8_t sel, char *buf, size_t cap)
{
	unsigned idx = slub_kmalloc_indexes[(sel & 0x0f) % 9], size = idx == 2 ? 192 : 1u << idx;

	if (!(sel & 0x80))
		snprintf(buf, cap, "mmfuzz-%u", sel % 16u);
	else if (size >= 1024)
		snprintf(buf, cap, "%s%uk", kind_prefixes[(sel >> 4) & 3], size >> 10);
	else
		snprintf(buf, cap, "%s%u", kind_prefixes[(sel >> 4) & 3], size);
}

int slub_format(const struct slub_op *op, char *buf, size_t cap)
{
	char gfp[256], cache[32];

	gfp_flags_string(gfp, sizeof(gfp), op->gfp);
	slub_cache_name(op->a, cache, sizeof(cache));
	switch (op->kind) {
	case SLUB_CREATE:
		return snprintf(buf, cap, "kmem_cache_create(mmfuzz-%u, %u bytes, align %u, flags byte %#x, ctor %u)",
				op->a % 16u, op->size, op->b ? 1u << ((op->b - 1) % 12) : 0, op->c,
				op->d < 0x40 ? op->d : 0);
	case SLUB_ALLOC:
		return snprintf(buf, cap, "kmem_cache_alloc(%s, %s)", cache, gfp);
	case SLUB_ALLOC_MANY:
		return snprintf(buf, cap, "kmem_cache_alloc(%s, %s) x %u", cache, gfp, op->b);
	case SLUB_KMALLOC:
		return snprintf(buf, cap, "kmalloc(%u, %s)", op->size, gfp);
	case SLUB_SHRINK:
		return snprintf(buf, cap, "kmem_cache_shrink(%s)", cache);
	case SLUB_DESTROY:
		return snprintf(buf, cap, "kmem_cache_destroy(mmfuzz-%u)", op->a % 16u);
	case SLUB_FREE_MANY:
		return snprintf(buf, cap, "free many: %s", op->a % 3 == 0 ? "every other held object"
							 : op->a % 3 == 1 ? "all of one cache" : "the newest half");
	case SLUB_WRITE:
		return snprintf(buf, cap, "write held object %u with %#x", op->a, op->b);
	case SLUB_WRONG:
		return snprintf(buf, cap, "wrong: %s (index %u, argument %u)", wrong_names[op->a % WRONG_NR], op->b,
				op->c);
	case SLUB_SLABINFO:
		return snprintf(buf, cap, "%s", op_names[op->kind]);
	default:
		return snprintf(buf, cap, "%s %u", op_names[op->kind % SLUB_NR_OPS], op->a);
	}
}

/* Typical sizes from the low range, anything to 32 KiB with the top bit. */
static uint32_t decode_object_size(uint16_t v)
{
	return (v & 0x8000) ? 1u + (v & 0x7fff) : 1u + (v & 0x1ff);
}

/* mode & 3: a byte, a u16, a size class boundary -1/0/+1, or whole pages (up to 4 MiB, minus a few bytes). */
static uint32_t decode_kmalloc_size(uint8_t mode, uint16_t v)
{
	static const uint32_t classes[11] = { 64, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384, 4u << 20 };

	switch (mode & 3) {
	case 0:
		return v & 0xff;
	case 1:
		return v;
	case 2:
		return classes[v % 11] + (uint32_t)((mode >> 2) % 3) - 1;
	default:
		return ((uint32_t)(v % 1024) + 1) * 4096 - ((mode >> 2) & 0x3f);
	}
}

static void decode_op(struct byte_reader *br, struct slub_op *op)
{
	uint32_t offset = (uint32_t)br->pos;

	*op = (struct slub_op){ .kind = (enum slub_op_kind)(br_u8(br) % SLUB_NR_OPS), .offset = offset };
	switch (op->kind) {
	case SLUB_CREATE:
		op->a = br_u8(br);
		op->size = decode_object_size(br_u16(br));
		op->b = br_u8(br);
		op->c = br_u8(br);
		op->d = br_u8(br);
		break;
	case SLUB_ALLOC_MANY:
		op->b = (uint8_t)(1 + br_u8(br) % 32);
		/* fall through */
	case SLUB_ALLOC:
		op->a = br_u8(br);
		op->gfp = decode_gfp_byte(br_u8(br), gfp_kinds);
		break;
	case SLUB_KMALLOC:
		op->a = br_u8(br);
		op->size = decode_kmalloc_size(op->a, br_u16(br));
		op->gfp = decode_gfp_byte(br_u8(br), gfp_kinds);
		break;
	case SLUB_WRITE:
		op->a = br_u8(br);
		op->b = br_u8(br);
		break;
	case SLUB_WRONG:
		op->a = br_u8(br);
		op->b = br_u8(br);
		op->c = br_u8(br);
		break;
	case SLUB_SLABINFO:
		break;
	default:
		op->a = br_u8(br);
		break;
	}
}

int slub_decode(const uint8_t *data, size_t size, struct slub_input *in)
{
	struct byte_reader br;
	const struct mm_profile *p;
	struct layout_config *lc = &in->cfg.setup.layout;
	uint8_t c0, c1;
	int n;

	if (size < 4)
		return -1;
	br_init(&br, data, size);
	c0 = br_u8(&br);
	c1 = br_u8(&br);
	memset(&in->cfg, 0, sizeof(in->cfg));
	p = mm_profile_by_index(c0 & C0_PROFILE_MASK);
	if (!p)
		p = mm_profile_by_index(0);
	in->cfg.profile = p;
	in->cfg.model = MEMORY_MODEL_FLATMEM;
	in->cfg.nr_cpus = ((c0 >> C0_CPUS_SHIFT) & 7) + 1;
	in->cfg.random_seed = br_u16(&br);
	in->cfg.setup.boot.lpae = lc->lpae = p->lpae;
	lc->split = VMSPLIT_3G;
	lc->highmem = true;
	layout_default_image(&lc->image);
	in->board = (c0 >> C0_BOARD_SHIFT) & 3;
	in->cfg.setup.boot.load_addr = boards[in->board].base + 0x8000;
	in->cfg.setup.boot.dtb_phys = boards[in->board].base + 16 * SZ_1M + 0x1000;

	n = snprintf(in->bootargs, sizeof(in->bootargs), "console=ttyS0%s", c0 & C0_NOMERGE ? " slab_nomerge" : "");
	if ((c1 >> 4) & 3)
		n += snprintf(in->bootargs + n, sizeof(in->bootargs) - (size_t)n, " slub_max_order=%u",
			      max_order_choices[(c1 >> 4) & 3]);
	if (c1 >> 6)
		n += snprintf(in->bootargs + n, sizeof(in->bootargs) - (size_t)n, " slub_min_objects=%u",
			      min_objects_choices[c1 >> 6]);
	if (c1 & 0x0f)
		snprintf(in->bootargs + n, sizeof(in->bootargs) - (size_t)n, " %s", debug_choices[c1 & 0x0f]);

	in->nr_ops = 0;
	while (in->nr_ops < SLUB_MAX_OPS && br_remaining(&br))
		decode_op(&br, &in->ops[in->nr_ops++]);
	return 0;
}

int slub_board_dtb(const struct slub_input *in, void *buf, size_t cap)
{
	fdt64_t reg[2] = { cpu_to_fdt64(boards[in->board].base), cpu_to_fdt64(boards[in->board].size) };

	fdt_create(buf, (int)cap);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_u32(buf, "#address-cells", 2);
	fdt_property_u32(buf, "#size-cells", 2);
	fdt_property_string(buf, "compatible", "mmfuzz,slub-board");
	fdt_begin_node(buf, "chosen");
	fdt_property_string(buf, "bootargs", in->bootargs);
	fdt_end_node(buf);
	fdt_begin_node(buf, "memory");
	fdt_property_string(buf, "device_type", "memory");
	fdt_property(buf, "reg", reg, sizeof(reg));
	fdt_end_node(buf);
	fdt_end_node(buf);
	if (fdt_finish(buf) < 0)
		return -1;
	return (int)fdt_totalsize(buf);
}
