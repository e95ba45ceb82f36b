/*
 * The layout target's input format (docs/fuzz-input-format.md, "layout
 * target"): a configuration byte and its optional bytes, a device tree in
 * dtb_builder.c's format, then 7-byte mapping operations.  Decoding is a
 * pure function of the bytes; the operations' address modes are resolved
 * against the booted layout when they run (fuzz/target_layout.c).
 */
#ifndef FUZZ_LAYOUT_INPUT_H
#define FUZZ_LAYOUT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"

#define LAYOUT_MAX_OPS 64
#define LAYOUT_OP_BYTES 7

/* Operation byte 0 and 1. */
#define LAYOUT_OP_IOTABLE 0x80
#define LAYOUT_OP_VA_SHIFT 0
#define LAYOUT_OP_PA_SHIFT 2
#define LAYOUT_OP_LEN_SHIFT 4
#define LAYOUT_OP_SUBPAGE 0x40
#define LAYOUT_OP_ODD_LEN 0x80

struct layout_op {
	uint8_t b0, b1;		/* iotable flag and mem_type; VA/PA/length modes and tweaks */
	uint16_t va, pa;
	uint8_t len;
	uint32_t offset;	/* of b0 in the input */
};

struct layout_input {
	struct layout_config layout;	/* lpae and the 3G_OPT fold follow from the device tree's header */
	const uint8_t *dt;		/* dtb_builder bytes, inside the input */
	size_t dt_len;
	unsigned nr_ops;
	struct layout_op ops[LAYOUT_MAX_OPS];
};

void layout_input_decode(const uint8_t *data, size_t size, struct layout_input *in);

/* The operation with its modes spelled out, e.g. "create_mapping(MT_DEVICE, va=VMALLOC_START + (0x12 << 16) mod span, ...)". */
int layout_op_format(const struct layout_op *op, char *buf, size_t cap);

#endif
