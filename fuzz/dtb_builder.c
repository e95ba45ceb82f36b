/* See dtb_builder.h; the byte layout is documented in docs/fuzz-input-format.md. */
#include "dtb_builder.h"

#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "byte_reader.h"
#include "mm_errno.h"
#include "value_pick.h"

#define DB_MAX_MEMRSV 16
#define DB_MAX_MEM 8
#define DB_MAX_BANKS 4
#define DB_MAX_RMEM 16
#define DB_MAX_ALLOC 3
/* Longer than COMMAND_LINE_SIZE, so the parser's truncation is reachable. */
#define DB_BOOTARGS_CAP 1536

enum db_record {
	REC_MEMRESERVE,
	REC_MEMORY,
	REC_RMEM_STATIC,
	REC_RMEM_DYNAMIC,
	REC_BOOTARGS,
	REC_INITRD,
	REC_USABLE_RANGE,
	REC_RMEM_ROOT,
};

/* Record flag bits (the tag byte's upper five bits). */
#define MEM_DISABLED 0x01
#define MEM_OKAY 0x02
#define MEM_HOTPLUG 0x04
#define MEM_USABLE 0x08
#define MEM_NO_UNIT 0x10
#define RMEM_NO_MAP 0x01
#define RMEM_DMA_POOL 0x02
#define RMEM_REUSABLE 0x04
#define RMEM_CMA_DEFAULT 0x08
#define RMEM_DISABLED 0x10
#define INITRD_64BIT 0x01
#define ROOT_OTHER_ADDR_CELLS 0x01
#define ROOT_OTHER_SIZE_CELLS 0x02
#define ROOT_NO_RANGES 0x04

/* Shape byte of reserved-memory records. */
#define STATIC_ODD_LENGTH 0x02
#define DYN_ALIGNMENT 0x04
#define DYN_SIZE_TOO_LONG 0x08
#define DYN_NO_SIZE 0x10

struct db_range {
	uint64_t base, size;
};

struct db_memory {
	unsigned flags;
	int nr_reg, nr_usable;
	struct db_range reg[DB_MAX_BANKS], usable[DB_MAX_BANKS];
};

struct db_rmem {
	bool dynamic;
	unsigned flags, shape;
	int nr_reg, nr_alloc;
	struct db_range reg[2];
	uint64_t size, align;
	struct db_range alloc[DB_MAX_ALLOC];
};

struct db_input {
	unsigned addr_cells, size_cells;
	bool chosen_last, load_in_first_bank;
	int nr_memrsv, nr_mem, nr_rmem, nr_usable;
	struct db_range memrsv[DB_MAX_MEMRSV];
	struct db_memory mem[DB_MAX_MEM];
	struct db_rmem rmem[DB_MAX_RMEM];
	bool has_rmem_root;
	unsigned rmem_root_flags;
	bool has_bootargs, has_initrd, initrd_64bit;
	size_t bootargs_len;
	char bootargs[DB_BOOTARGS_CAP];
	uint64_t initrd_start, initrd_end;
	struct db_range usable[2];
};

static struct db_input in;

static struct db_range pick_range(struct value_picker *vp, struct byte_reader *br)
{
	struct db_range r;

	r.base = vp_addr(vp, br);
	r.size = vp_size(vp, br);
	vp_note_range(vp, r.base, r.size);
	return r;
}

static void decode_header(struct byte_reader *br, struct value_picker *vp,
			  struct mm_boot_config *cfg)
{
	uint8_t h = br_u8(br);

	*cfg = (struct mm_boot_config){ .lpae = h & 0x01, .bottom_up = h & 0x08 };
	vp_init(vp, 0x40000000);
	in.addr_cells = h & 0x02 ? 2 : 1;
	in.size_cells = h & 0x04 ? 2 : 1;
	in.chosen_last = h & 0x80;
	in.load_in_first_bank = false;
	switch ((h >> 4) & 3) {
	case 0:
		break;
	case 1:
		cfg->load_addr = vp_addr(vp, br);
		break;
	case 2:
		cfg->phys_offset = MM_ALIGN_DOWN(vp_addr(vp, br), SZ_2M);
		vp_note_range(vp, cfg->phys_offset, 0);
		break;
	default:
		in.load_in_first_bank = true;
		break;
	}
	if (h & 0x40)
		cfg->dtb_phys = vp_addr(vp, br);
}

static void decode_memory(struct byte_reader *br, struct value_picker *vp, unsigned flags)
{
	uint8_t n = br_u8(br);
	struct db_memory m = { .flags = flags, .nr_reg = 1 + n % DB_MAX_BANKS };

	for (int i = 0; i < m.nr_reg; i++)
		m.reg[i] = pick_range(vp, br);
	if (flags & MEM_USABLE) {
		m.nr_usable = 1 + (n >> 2) % DB_MAX_BANKS;
		for (int i = 0; i < m.nr_usable; i++)
			m.usable[i] = pick_range(vp, br);
	}
	if (in.nr_mem < DB_MAX_MEM)
		in.mem[in.nr_mem++] = m;
}

static void decode_rmem(struct byte_reader *br, struct value_picker *vp, unsigned flags,
			bool dynamic)
{
	uint8_t n = br_u8(br);
	struct db_rmem r = { .dynamic = dynamic, .flags = flags, .shape = n };

	if (!dynamic) {
		r.nr_reg = 1 + n % 2;
		for (int i = 0; i < r.nr_reg; i++)
			r.reg[i] = pick_range(vp, br);
	} else {
		r.size = vp_size(vp, br);
		if (n & DYN_ALIGNMENT)
			r.align = vp_align(br);
		r.nr_alloc = n % (DB_MAX_ALLOC + 1);
		for (int i = 0; i < r.nr_alloc; i++)
			r.alloc[i] = pick_range(vp, br);
	}
	in.has_rmem_root = true;
	if (in.nr_rmem < DB_MAX_RMEM)
		in.rmem[in.nr_rmem++] = r;
}

static void append_arg(const char *s)
{
	size_t len = strlen(s);

	if (in.bootargs_len + len + 2 > DB_BOOTARGS_CAP)
		return;
	if (in.bootargs_len)
		in.bootargs[in.bootargs_len++] = ' ';
	memcpy(in.bootargs + in.bootargs_len, s, len + 1);
	in.bootargs_len += len;
}

/* memparse() syntax: hex, decimal, or the largest exact K/M/G suffix (upper or lower case). */
static void format_size(char *out, size_t cap, uint64_t v, unsigned style)
{
	static const char suffix[2][3] = { { 'G', 'M', 'K' }, { 'g', 'm', 'k' } };

	if (style == 0) {
		snprintf(out, cap, "0x%llx", (unsigned long long)v);
		return;
	}
	if (style >= 2 && v) {
		for (int i = 0; i < 3; i++) {
			unsigned shift = 30 - 10 * i;

			if ((v & ((1ULL << shift) - 1)) == 0) {
				snprintf(out, cap, "%llu%c", (unsigned long long)(v >> shift),
					 suffix[style - 2][i]);
				return;
			}
		}
	}
	snprintf(out, cap, "%llu", (unsigned long long)v);
}

static void decode_token(struct byte_reader *br, struct value_picker *vp)
{
	uint8_t k = br_u8(br);
	unsigned style = (k >> 4) & 3;
	char tok[96], a[24], b[24], c[24];
	uint64_t size, base;
	int n;

	switch ((k & 0x0f) % 12) {
	case 0:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		snprintf(tok, sizeof(tok), "mem=%s", a);
		break;
	case 1:
		size = vp_size(vp, br);
		base = vp_addr(vp, br);
		vp_note_range(vp, base, size);
		format_size(a, sizeof(a), size, style);
		format_size(b, sizeof(b), base, style);
		snprintf(tok, sizeof(tok), "mem=%s@%s", a, b);
		break;
	case 2:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		snprintf(tok, sizeof(tok), "cma=%s", a);
		break;
	case 3:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		format_size(b, sizeof(b), vp_addr(vp, br), style);
		snprintf(tok, sizeof(tok), "cma=%s@%s", a, b);
		break;
	case 4:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		format_size(b, sizeof(b), vp_addr(vp, br), style);
		format_size(c, sizeof(c), vp_addr(vp, br), style);
		snprintf(tok, sizeof(tok), "cma=%s@%s-%s", a, b, c);
		break;
	case 5:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		snprintf(tok, sizeof(tok), "vmalloc=%s", a);
		break;
	case 6:
		snprintf(tok, sizeof(tok), "memblock=debug");
		break;
	case 7:
		snprintf(tok, sizeof(tok), "console=ttyS0,115200");
		break;
	case 8:
		snprintf(tok, sizeof(tok), "root=/dev/mmcblk0p2 rw");
		break;
	case 9:
		format_size(a, sizeof(a), vp_size(vp, br), style);
		snprintf(tok, sizeof(tok), "\"mem=%s\"", a);
		break;
	case 10:
		snprintf(tok, sizeof(tok), style & 1 ? "mem=" : "memblock=");
		break;
	default:
		/* Printable junk without spaces: quotes, '=' and '@' included. */
		n = 1 + br_u8(br) % 8;
		for (int i = 0; i < n; i++)
			tok[i] = (char)(0x21 + br_u8(br) % 94);
		tok[n] = '\0';
		break;
	}
	append_arg(tok);
}

static void decode_bootargs(struct byte_reader *br, struct value_picker *vp)
{
	int n = 1 + br_u8(br) % 8;

	in.has_bootargs = true;
	for (int i = 0; i < n; i++)
		decode_token(br, vp);
}

static void decode_record(struct byte_reader *br, struct value_picker *vp, uint8_t tag)
{
	unsigned flags = tag >> 3;
	struct db_range r;
	uint8_t n;

	switch ((enum db_record)(tag & 7)) {
	case REC_MEMRESERVE:
		r = pick_range(vp, br);
		if (in.nr_memrsv < DB_MAX_MEMRSV)
			in.memrsv[in.nr_memrsv++] = r;
		break;
	case REC_MEMORY:
		decode_memory(br, vp, flags);
		break;
	case REC_RMEM_STATIC:
		decode_rmem(br, vp, flags, false);
		break;
	case REC_RMEM_DYNAMIC:
		decode_rmem(br, vp, flags, true);
		break;
	case REC_BOOTARGS:
		decode_bootargs(br, vp);
		break;
	case REC_INITRD:
		r = pick_range(vp, br);
		in.has_initrd = true;
		in.initrd_64bit = flags & INITRD_64BIT;
		in.initrd_start = r.base;
		in.initrd_end = r.base + r.size;
		break;
	case REC_USABLE_RANGE:
		n = br_u8(br);
		in.nr_usable = 1 + n % 2;
		for (int i = 0; i < in.nr_usable; i++)
			in.usable[i] = pick_range(vp, br);
		break;
	case REC_RMEM_ROOT:
		in.has_rmem_root = true;
		in.rmem_root_flags = flags;
		break;
	}
}

static void decode(const uint8_t *data, size_t size, struct mm_boot_config *cfg)
{
	struct byte_reader br;
	struct value_picker vp;

	in.nr_memrsv = in.nr_mem = in.nr_rmem = in.nr_usable = 0;
	in.has_rmem_root = in.has_bootargs = in.has_initrd = false;
	in.rmem_root_flags = 0;
	in.bootargs_len = 0;
	in.bootargs[0] = '\0';

	br_init(&br, data, size);
	decode_header(&br, &vp, cfg);
	for (;;) {
		uint8_t tag = br_u8(&br);

		if (br.exhausted)
			break;
		decode_record(&br, &vp, tag);
	}
	if (in.load_in_first_bank && in.nr_mem)
		cfg->load_addr = in.mem[0].reg[0].base + 0x8000;
}

/* Big-endian cells of (base, size) tuples, truncated to the cell counts like a real tree. */
static int prop_ranges(void *fdt, const char *name, const struct db_range *r, int nr,
		       unsigned ac, unsigned sc, bool extra_cell)
{
	fdt32_t cells[(DB_MAX_BANKS * 4) + 1];
	int n = 0;

	for (int i = 0; i < nr; i++) {
		if (ac == 2)
			cells[n++] = cpu_to_fdt32(r[i].base >> 32);
		cells[n++] = cpu_to_fdt32((uint32_t)r[i].base);
		if (sc == 2)
			cells[n++] = cpu_to_fdt32(r[i].size >> 32);
		cells[n++] = cpu_to_fdt32((uint32_t)r[i].size);
	}
	if (extra_cell)
		cells[n++] = 0;
	return fdt_property(fdt, name, cells, n * (int)sizeof(fdt32_t));
}

static int prop_number(void *fdt, const char *name, uint64_t v, unsigned cells)
{
	return cells == 2 ? fdt_property_u64(fdt, name, v) : fdt_property_u32(fdt, name, (uint32_t)v);
}

static int emit_chosen(void *fdt)
{
	unsigned cells = in.initrd_64bit ? 2 : 1;
	int err;

	if (!in.has_bootargs && !in.has_initrd && !in.nr_usable)
		return 0;
	err = fdt_begin_node(fdt, "chosen");
	if (!err && in.has_bootargs)
		err = fdt_property_string(fdt, "bootargs", in.bootargs);
	if (!err && in.has_initrd)
		err = prop_number(fdt, "linux,initrd-start", in.initrd_start, cells);
	if (!err && in.has_initrd)
		err = prop_number(fdt, "linux,initrd-end", in.initrd_end, cells);
	if (!err && in.nr_usable)
		err = prop_ranges(fdt, "linux,usable-memory-range", in.usable, in.nr_usable,
				  in.addr_cells, in.size_cells, false);
	return err ? err : fdt_end_node(fdt);
}

static unsigned long long cell_value(uint64_t v, unsigned cells)
{
	return cells == 2 ? v : (uint32_t)v;
}

static int emit_memory(void *fdt, int idx)
{
	const struct db_memory *m = &in.mem[idx];
	char name[48];
	int err;

	if (m->flags & MEM_NO_UNIT)
		snprintf(name, sizeof(name), "memory");
	else
		snprintf(name, sizeof(name), "memory@%llx",
			 cell_value(m->reg[0].base, in.addr_cells));
	/* Sibling names must stay unique; a repeat gets the record's index. */
	for (int i = 0; i < idx; i++) {
		const struct db_memory *o = &in.mem[i];

		if ((o->flags & MEM_NO_UNIT) == (m->flags & MEM_NO_UNIT) &&
		    ((m->flags & MEM_NO_UNIT) ||
		     cell_value(o->reg[0].base, in.addr_cells) ==
			     cell_value(m->reg[0].base, in.addr_cells))) {
			snprintf(name, sizeof(name), "memory%d@%llx", idx,
				 cell_value(m->reg[0].base, in.addr_cells));
			break;
		}
	}
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property_string(fdt, "device_type", "memory");
	if (!err)
		err = prop_ranges(fdt, "reg", m->reg, m->nr_reg, in.addr_cells, in.size_cells,
				  false);
	if (!err && m->nr_usable)
		err = prop_ranges(fdt, "linux,usable-memory", m->usable, m->nr_usable,
				  in.addr_cells, in.size_cells, false);
	if (!err && (m->flags & MEM_HOTPLUG))
		err = fdt_property(fdt, "hotpluggable", NULL, 0);
	if (!err && (m->flags & (MEM_DISABLED | MEM_OKAY)))
		err = fdt_property_string(fdt, "status",
					  m->flags & MEM_DISABLED ? "disabled" : "okay");
	return err ? err : fdt_end_node(fdt);
}

static int emit_rmem_child(void *fdt, int idx, unsigned ac, unsigned sc)
{
	const struct db_rmem *r = &in.rmem[idx];
	char name[48];
	int err;

	if (r->dynamic)
		snprintf(name, sizeof(name), "pool%d", idx);
	else
		snprintf(name, sizeof(name), "region%d@%llx", idx, cell_value(r->reg[0].base, ac));
	err = fdt_begin_node(fdt, name);
	if (!err && (r->flags & RMEM_DMA_POOL))
		err = fdt_property_string(fdt, "compatible", "shared-dma-pool");
	if (!r->dynamic) {
		if (!err)
			err = prop_ranges(fdt, "reg", r->reg, r->nr_reg, ac, sc,
					  r->shape & STATIC_ODD_LENGTH);
	} else {
		if (!err && !(r->shape & DYN_NO_SIZE)) {
			if (r->shape & DYN_SIZE_TOO_LONG) {
				fdt32_t cells[3] = { cpu_to_fdt32(r->size >> 32),
						     cpu_to_fdt32((uint32_t)r->size), 0 };

				err = fdt_property(fdt, "size", cells + (2 - sc), (int)(sc + 1) * 4);
			} else {
				err = prop_number(fdt, "size", r->size, sc);
			}
		}
		if (!err && (r->shape & DYN_ALIGNMENT))
			err = prop_number(fdt, "alignment", r->align, ac);
		if (!err && r->nr_alloc)
			err = prop_ranges(fdt, "alloc-ranges", r->alloc, r->nr_alloc, ac, sc, false);
	}
	if (!err && (r->flags & RMEM_REUSABLE))
		err = fdt_property(fdt, "reusable", NULL, 0);
	if (!err && (r->flags & RMEM_NO_MAP))
		err = fdt_property(fdt, "no-map", NULL, 0);
	if (!err && (r->flags & RMEM_CMA_DEFAULT))
		err = fdt_property(fdt, "linux,cma-default", NULL, 0);
	if (!err && (r->flags & RMEM_DISABLED))
		err = fdt_property_string(fdt, "status", "disabled");
	return err ? err : fdt_end_node(fdt);
}

static int emit_reserved_memory(void *fdt)
{
	unsigned f = in.rmem_root_flags;
	/* A mismatching root makes the kernel ignore the node; children still use its cells. */
	unsigned ac = f & ROOT_OTHER_ADDR_CELLS ? 3 - in.addr_cells : in.addr_cells;
	unsigned sc = f & ROOT_OTHER_SIZE_CELLS ? 3 - in.size_cells : in.size_cells;
	int err;

	if (!in.has_rmem_root)
		return 0;
	err = fdt_begin_node(fdt, "reserved-memory");
	if (!err)
		err = fdt_property_u32(fdt, "#address-cells", ac);
	if (!err)
		err = fdt_property_u32(fdt, "#size-cells", sc);
	if (!err && !(f & ROOT_NO_RANGES))
		err = fdt_property(fdt, "ranges", NULL, 0);
	for (int i = 0; !err && i < in.nr_rmem; i++)
		err = emit_rmem_child(fdt, i, ac, sc);
	return err ? err : fdt_end_node(fdt);
}

static int emit(void *buf, size_t cap)
{
	/* libfdt's name de-duplication memcmp()s at every byte of the strings block, per property */
	int err = fdt_create_with_flags(buf, (int)cap, FDT_CREATE_FLAG_NO_NAME_DEDUP);

	for (int i = 0; !err && i < in.nr_memrsv; i++)
		err = fdt_add_reservemap_entry(buf, in.memrsv[i].base, in.memrsv[i].size);
	if (!err)
		err = fdt_finish_reservemap(buf);
	if (!err)
		err = fdt_begin_node(buf, "");
	if (!err)
		err = fdt_property_u32(buf, "#address-cells", in.addr_cells);
	if (!err)
		err = fdt_property_u32(buf, "#size-cells", in.size_cells);
	if (!err)
		err = fdt_property_string(buf, "compatible", "mmfuzz,board");
	if (!err && !in.chosen_last)
		err = emit_chosen(buf);
	for (int i = 0; !err && i < in.nr_mem; i++)
		err = emit_memory(buf, i);
	if (!err)
		err = emit_reserved_memory(buf);
	if (!err && in.chosen_last)
		err = emit_chosen(buf);
	if (!err)
		err = fdt_end_node(buf);
	return err ? err : fdt_finish(buf);
}

int dtb_build(const uint8_t *data, size_t size, void *buf, size_t cap,
	      struct mm_boot_config *cfg, const char **why)
{
	/* fdt_create_with_flags() clears the whole buffer: start with a size the input can plausibly fill. */
	size_t first = 4096 + 128 * size;
	int err;

	decode(data, size, cfg);
	if (cap > INT32_MAX)
		cap = INT32_MAX;
	err = emit(buf, first < cap ? first : cap);
	if (err == -FDT_ERR_NOSPACE && first < cap)
		err = emit(buf, cap);
	if (err) {
		*why = err == -FDT_ERR_NOSPACE ? "dtb_struct: tree does not fit the build buffer"
					       : "dtb_struct: libfdt refused the tree";
		return -MM_EINPUT;
	}
	return (int)fdt_totalsize(buf);
}
