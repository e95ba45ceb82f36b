/* See memblock_ops.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "memblock_ops.h"

#include <stdio.h>

#include "byte_reader.h"
#include "value_pick.h"

static const char *const opcode_names[MBOPS_NR] = {
	[MBOPS_ADD] = "add",
	[MBOPS_ADD_NODE] = "add_node",
	[MBOPS_REMOVE] = "remove",
	[MBOPS_RESERVE] = "reserve",
	[MBOPS_PHYS_FREE] = "phys_free",
	[MBOPS_FREE_ALLOC] = "free_alloc",
	[MBOPS_MARK_HOTPLUG] = "mark_hotplug",
	[MBOPS_CLEAR_HOTPLUG] = "clear_hotplug",
	[MBOPS_MARK_MIRROR] = "mark_mirror",
	[MBOPS_MARK_NOMAP] = "mark_nomap",
	[MBOPS_CLEAR_NOMAP] = "clear_nomap",
	[MBOPS_PHYS_ALLOC_RANGE] = "phys_alloc_range",
	[MBOPS_PHYS_ALLOC_TRY_NID] = "phys_alloc_try_nid",
	[MBOPS_ALLOC_TRY_NID] = "alloc_try_nid",
	[MBOPS_ALLOC] = "alloc",
	[MBOPS_CAP_MEMORY_RANGE] = "cap_memory_range",
	[MBOPS_SET_CURRENT_LIMIT] = "set_current_limit",
	[MBOPS_SET_BOTTOM_UP] = "set_bottom_up",
	[MBOPS_ALLOW_RESIZE] = "allow_resize",
	[MBOPS_ADD_BURST] = "add_burst",
	[MBOPS_RESERVE_BURST] = "reserve_burst",
	[MBOPS_ALLOC_TRY_NID_RAW] = "alloc_try_nid_raw",
	[MBOPS_ALLOC_EXACT_NID_RAW] = "alloc_exact_nid_raw",
	[MBOPS_ALLOC_FROM] = "alloc_from",
	[MBOPS_ALLOC_LOW] = "alloc_low",
	[MBOPS_ALLOC_NODE] = "alloc_node",
	[MBOPS_ALLOC_RANGE_NID] = "alloc_range_nid",
	[MBOPS_FREE_ALLOC_VIRT] = "free_alloc_virt",
	[MBOPS_TRIM_MEMORY] = "trim_memory",
	[MBOPS_ENFORCE_MEMORY_LIMIT] = "enforce_memory_limit",
	[MBOPS_MOVABLE_NODE] = "movable_node",
};

static void decode_config(struct byte_reader *br, struct mbops_config *cfg)
{
	uint8_t c = br_u8(br);

	cfg->lpae = c & 0x01;
	cfg->numa = c & 0x02;
	cfg->bottom_up = c & 0x04;
	cfg->allow_resize = c & 0x08;
	cfg->preset = (enum mbops_preset)((c >> 4) & 7);
	cfg->debug = c & 0x80;
}

static void decode_range(struct value_picker *vp, struct byte_reader *br, struct mbops_op *op)
{
	op->base = vp_addr(vp, br);
	op->size = vp_size(vp, br);
	vp_note_range(vp, op->base, op->size);
}

static void decode_operands(struct value_picker *vp, struct byte_reader *br, struct mbops_op *op)
{
	switch (op->opcode) {
	case MBOPS_ADD_NODE:
		decode_range(vp, br, op);
		op->nid = vp_nid(br);
		op->flags = br_u8(br) & 0xf;
		break;
	case MBOPS_FREE_ALLOC:
	case MBOPS_FREE_ALLOC_VIRT:
		op->alloc_ref = br_u8(br);
		op->part = br_u8(br) % 4;
		break;
	case MBOPS_PHYS_ALLOC_RANGE:
		op->size = vp_size(vp, br);
		op->align = vp_align(br);
		op->start = vp_addr(vp, br);
		op->end = vp_addr(vp, br);
		break;
	case MBOPS_PHYS_ALLOC_TRY_NID:
		op->size = vp_size(vp, br);
		op->align = vp_align(br);
		op->nid = vp_nid(br);
		break;
	case MBOPS_ALLOC_RANGE_NID:
		op->flags = br_u8(br) & 1;	/* exact_nid */
		/* fall through */
	case MBOPS_ALLOC_TRY_NID:
	case MBOPS_ALLOC_TRY_NID_RAW:
	case MBOPS_ALLOC_EXACT_NID_RAW:
		op->size = vp_size(vp, br);
		op->align = vp_align(br);
		op->start = vp_addr(vp, br);
		op->end = vp_addr(vp, br);
		op->nid = vp_nid(br);
		break;
	case MBOPS_ALLOC_FROM:
		op->start = vp_addr(vp, br);
		/* fall through */
	case MBOPS_ALLOC:
	case MBOPS_ALLOC_LOW:
		op->size = vp_size(vp, br);
		op->align = vp_align(br);
		break;
	case MBOPS_ALLOC_NODE:
		op->size = vp_size(vp, br);
		op->align = vp_align(br);
		op->nid = vp_nid(br);
		break;
	case MBOPS_TRIM_MEMORY:
		op->align = vp_size(vp, br);	/* any value: the kernel's masks take it as it is */
		break;
	case MBOPS_ENFORCE_MEMORY_LIMIT:
		op->size = vp_size(vp, br);
		break;
	case MBOPS_MOVABLE_NODE:
		op->flags = br_u8(br) & 1;
		break;
	case MBOPS_SET_CURRENT_LIMIT:
		op->base = vp_addr(vp, br);
		vp_note_range(vp, op->base, 0);
		break;
	case MBOPS_SET_BOTTOM_UP:
		op->flags = br_u8(br) & 3;
		break;
	case MBOPS_ALLOW_RESIZE:
		break;
	case MBOPS_ADD_BURST:
	case MBOPS_RESERVE_BURST:
		decode_range(vp, br, op);
		op->stride = op->size + vp_size(vp, br);
		op->count = 1 + br_u8(br) % MBOPS_MAX_BURST;
		break;
	default:
		decode_range(vp, br, op);
		break;
	}
}

void mbops_decode(const uint8_t *data, size_t size, struct mbops_program *prog)
{
	struct byte_reader br;
	struct value_picker vp;

	br_init(&br, data, size);
	decode_config(&br, &prog->cfg);
	vp_init(&vp, 0);
	prog->nr_ops = 0;
	while (prog->nr_ops < MBOPS_MAX_OPS) {
		struct mbops_op *op = &prog->ops[prog->nr_ops];
		uint8_t code = br_u8(&br);

		if (br.exhausted)
			break;
		*op = (struct mbops_op){ .opcode = (enum mbops_opcode)(code % MBOPS_NR),
					 .offset = (uint32_t)(br.pos - 1) };
		decode_operands(&vp, &br, op);
		/* An operation cut short by the end of the input is dropped, not zero-filled. */
		if (br.exhausted)
			break;
		prog->nr_ops++;
	}
}

int mbops_format(const struct mbops_op *op, char *buf, size_t cap)
{
	static const char *const parts[4] = { "whole", "first half", "second half", "whole + 4 KiB" };
	const char *name = opcode_names[op->opcode];
	unsigned long long base = op->base, size = op->size, align = op->align;
	unsigned long long start = op->start, end = op->end;

	switch (op->opcode) {
	case MBOPS_ADD_NODE:
		return snprintf(buf, cap, "%s(base=%#llx, size=%#llx, nid=%d, flags=%#x)", name, base,
				size, op->nid, op->flags);
	case MBOPS_FREE_ALLOC:
		return snprintf(buf, cap, "%s(allocation %u of the last 16, %s)", name, op->alloc_ref,
				parts[op->part]);
	case MBOPS_PHYS_ALLOC_RANGE:
		return snprintf(buf, cap, "%s(size=%#llx, align=%#llx, start=%#llx, end=%#llx)", name,
				size, align, start, end);
	case MBOPS_PHYS_ALLOC_TRY_NID:
		return snprintf(buf, cap, "%s(size=%#llx, align=%#llx, nid=%d)", name, size, align,
				op->nid);
	case MBOPS_ALLOC_TRY_NID:
		return snprintf(buf, cap, "%s(size=%#llx, align=%#llx, min=%#llx, max=%#llx, nid=%d)",
				name, size, align, start, end, op->nid);
	case MBOPS_ALLOC:
		return snprintf(buf, cap, "%s(size=%#llx, align=%#llx)", name, size, align);
	case MBOPS_SET_CURRENT_LIMIT:
		return snprintf(buf, cap, "%s(%#llx)", name, base);
	case MBOPS_SET_BOTTOM_UP:
		return snprintf(buf, cap, "%s(%s)", name, op->flags ? "true" : "false");
	case MBOPS_ALLOW_RESIZE:
		return snprintf(buf, cap, "%s()", name);
	case MBOPS_ADD_BURST:
	case MBOPS_RESERVE_BURST:
		return snprintf(buf, cap, "%s(%u x size=%#llx from base=%#llx, every %#llx)", name,
				op->count, size, base, (unsigned long long)op->stride);
	default:
		return snprintf(buf, cap, "%s(base=%#llx, size=%#llx)", name, base, size);
	}
}
