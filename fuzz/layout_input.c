/* See layout_input.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "layout_input.h"

#include <stdio.h>

#include "byte_reader.h"
#include "mmu.h"

/* Config byte. */
#define CFG_SPLIT_MASK 0x03
#define CFG_NO_HIGHMEM 0x04
#define CFG_VMALLOC 0x08
#define CFG_IMAGE 0x10
#define CFG_DMA_ZONE 0x20

static uint64_t part_size(uint64_t base, int8_t delta)
{
	int64_t v = (int64_t)base + (int64_t)delta * 0x10000;

	return v < 0 ? 0 : (uint64_t)v;
}

static void decode_config(struct byte_reader *br, struct layout_config *lc)
{
	uint8_t c = br_u8(br);
	static const enum vmsplit splits[4] = { VMSPLIT_3G, VMSPLIT_3G_OPT, VMSPLIT_2G,
						VMSPLIT_1G };

	*lc = (struct layout_config){ .split = splits[c & CFG_SPLIT_MASK],
				      .highmem = !(c & CFG_NO_HIGHMEM) };
	layout_default_image(&lc->image);
	if (c & CFG_VMALLOC) {
		uint8_t v = br_u8(br);

		/* 0: below the 16 MiB floor; 255: an unsigned long truncation case. */
		lc->vmalloc_size = v == 0 ? 1 : v == 255 ? SZ_4G + 32 * SZ_1M : v * SZ_8M;
	}
	if (c & CFG_IMAGE) {
		lc->image.code = part_size(lc->image.code, (int8_t)br_u8(br));
		lc->image.rwdata = part_size(lc->image.rwdata, (int8_t)br_u8(br));
		lc->image.rodata = part_size(lc->image.rodata, (int8_t)br_u8(br));
		lc->image.init = part_size(lc->image.init, (int8_t)br_u8(br));
		lc->image.bss = part_size(lc->image.bss, (int8_t)br_u8(br));
	}
	if (c & CFG_DMA_ZONE)
		lc->dma_zone_size = ((uint64_t)br_u8(br) + 1) * SZ_16M;
}

void layout_input_decode(const uint8_t *data, size_t size, struct layout_input *in)
{
	struct byte_reader br;

	br_init(&br, data, size);
	decode_config(&br, &in->layout);
	in->dt_len = br_u16(&br);
	if (in->dt_len > br_remaining(&br))
		in->dt_len = br_remaining(&br);
	in->dt = data + br.pos;
	br.pos += in->dt_len;
	in->nr_ops = 0;
	while (in->nr_ops < LAYOUT_MAX_OPS && br_remaining(&br) >= LAYOUT_OP_BYTES) {
		struct layout_op *op = &in->ops[in->nr_ops++];

		op->offset = (uint32_t)br.pos;
		op->b0 = br_u8(&br);
		op->b1 = br_u8(&br);
		op->va = br_u16(&br);
		op->pa = br_u16(&br);
		op->len = br_u8(&br);
	}
}

static const char *const mem_type_names[MT_NR] = {
	"MT_DEVICE", "MT_DEVICE_NONSHARED", "MT_DEVICE_CACHED", "MT_DEVICE_WC", "MT_UNCACHED",
	"MT_CACHECLEAN", "MT_MINICLEAN", "MT_LOW_VECTORS", "MT_HIGH_VECTORS", "MT_MEMORY_RWX",
	"MT_MEMORY_RW", "MT_MEMORY_RO", "MT_ROM", "MT_MEMORY_RWX_NONCACHED", "MT_MEMORY_RW_DTCM",
	"MT_MEMORY_RWX_ITCM", "MT_MEMORY_RW_SO", "MT_MEMORY_DMA_READY",
};

int layout_op_format(const struct layout_op *op, char *buf, size_t cap)
{
	static const char *const len_units[4] = { "4 KiB", "1 MiB", "64 KiB", "16 MiB" };
	unsigned va_mode = (op->b1 >> LAYOUT_OP_VA_SHIFT) & 3, pa_mode = (op->b1 >> LAYOUT_OP_PA_SHIFT) & 3;
	char va[80], pa[80];

	switch (va_mode) {
	case 0:
		snprintf(va, sizeof(va), "VMALLOC_START + (%#x << 16 mod vmalloc span)", op->va);
		break;
	case 1:
		snprintf(va, sizeof(va), "%#llx", (unsigned long long)op->va << 16);
		break;
	case 2:
		snprintf(va, sizeof(va), "end of last accepted + %u pages", op->va & 0xff);
		break;
	default:
		snprintf(va, sizeof(va), "%#llx", (unsigned long long)op->va << 12);
		break;
	}
	switch (pa_mode) {
	case 0:
		snprintf(pa, sizeof(pa), "%#llx", (unsigned long long)op->pa << 16);
		break;
	case 1:
		snprintf(pa, sizeof(pa), "%#llx", (unsigned long long)op->pa << 20);
		break;
	case 2:
		snprintf(pa, sizeof(pa), "PHYS_OFFSET + %#llx", (unsigned long long)op->pa << 12);
		break;
	default:
		snprintf(pa, sizeof(pa), "end of last accepted + %u pages", op->pa & 0xff);
		break;
	}
	return snprintf(buf, cap, "%s(%s, va=%s%s, pa=%s, length=%u x %s%s)",
			op->b0 & LAYOUT_OP_IOTABLE ? "iotable_init" : "create_mapping",
			mem_type_names[(op->b0 & 0x7f) % MT_NR], va,
			op->b1 & LAYOUT_OP_SUBPAGE ? " + 0x234" : "", pa, op->len + 1u,
			len_units[(op->b1 >> LAYOUT_OP_LEN_SHIFT) & 3],
			op->b1 & LAYOUT_OP_ODD_LEN ? " - 0x7ff" : "");
}
