/*
 * See fdt_check.h.  The reader below follows the devicetree specification
 * (v0.4, chapter 5) byte by byte: every access goes through rd32()/rd64()
 * or in_blob(), which refuse anything outside the blob.  Node lookups by
 * name follow libfdt's path rule (a name without '@' also matches
 * "name@unit"), because the kernel finds /chosen and /reserved-memory that
 * way.
 */
#include "fdt_check.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mm_errno.h"
#include "oracle.h"

#define FDT_MAGIC_VALUE 0xd00dfeedu
#define TOKEN_BEGIN_NODE 1u
#define TOKEN_END_NODE 2u
#define TOKEN_PROP 3u
#define TOKEN_NOP 4u
#define TOKEN_END 9u

/* Expected refusal codes, as bits (see struct naive's codes). */
#define HEADER (1u << MM_EDTB_HEADER)
#define TRUNCATED (1u << MM_EDTB_TRUNCATED)
#define STRUCTURAL ((1u << MM_EDTB_STRUCTURE) | (1u << MM_EDTB_TRUNCATED))
#define MEMRSV (1u << MM_EDTB_MEMRSV)
#define PROPERTY (1u << MM_EDTB_PROPERTY)
#define PHANDLE (1u << MM_EDTB_PHANDLE)
#define INPUT (1u << MM_EINPUT)
#define CELLS (1u << MM_EDTB_CELLS)
#define REG (1u << MM_EDTB_REG)
#define RANGE (1u << MM_EDTB_RANGE)

struct nnode {
	int offset;		/* of its FDT_BEGIN_NODE, from the structure block start */
	const char *name;	/* NUL-terminated inside the blob */
	int parent;		/* index, -1 for the root */
	bool has_child;		/* properties after a child are invisible, as to libfdt */
	int first_prop, nr_props;	/* its visible properties, one run of props[] */
};

struct nprop {
	const char *name;	/* NUL-terminated inside the strings block */
	const uint8_t *data;
	uint32_t len;
};

struct phandle_of {
	uint32_t phandle;
	int node;
};

struct naive {
	const uint8_t *b;
	uint64_t size;		/* min(buffer size, totalsize) once the header is read */
	const char *malformed;	/* first structural defect, or NULL */
	/*
	 * Every MM_E* code (bit -code) the model may answer with: one per
	 * problem found, since the model stops at whichever it meets first.
	 */
	uint32_t codes;
	const char *problem;	/* the first one found */

	uint32_t totalsize, off_struct, off_strings, off_rsv, version;
	uint64_t struct_end, strings_size;

	int nr_nodes, nr_props;

	struct dt_info want;

	/* kept from blob to blob: allocating them per blob cost more than the reading */
	struct nnode *nodes;
	struct nprop *props;
	struct phandle_of *phandles;	/* sorted by phandle */
	int cap_nodes, cap_props, nr_phandles, cap_phandles;
};

static bool in_blob(const struct naive *n, uint64_t off, uint64_t len)
{
	return off <= n->size && len <= n->size - off;
}

static bool rd32(const struct naive *n, uint64_t off, uint32_t *v)
{
	if (!in_blob(n, off, 4))
		return false;
	*v = (uint32_t)n->b[off] << 24 | (uint32_t)n->b[off + 1] << 16 |
	     (uint32_t)n->b[off + 2] << 8 | n->b[off + 3];
	return true;
}

static bool rd64(const struct naive *n, uint64_t off, uint64_t *v)
{
	uint32_t hi, lo;

	if (!rd32(n, off, &hi) || !rd32(n, off + 4, &lo))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Length of the NUL-terminated string at off that must end before limit; -1 if it does not. */
static int64_t str_len(const struct naive *n, uint64_t off, uint64_t limit)
{
	const uint8_t *nul;

	if (limit > n->size)
		limit = n->size;
	if (off >= limit)
		return -1;
	nul = memchr(n->b + off, '\0', limit - off);
	return nul ? nul - (n->b + off) : -1;
}

/* A problem the model promises to refuse with one of `codes`. */
static void expect(struct naive *n, uint32_t codes, const char *why)
{
	if (!n->codes)
		n->problem = why;
	n->codes |= codes;
}

/* A structural defect: reading stops; libfdt or the model's own walk refuses it with `codes`. */
static void malformed(struct naive *n, const char *why, uint32_t codes)
{
	if (!n->malformed)
		n->malformed = why;
	expect(n, codes, why);
}

static bool read_header(struct naive *n, size_t bufsize)
{
	uint32_t magic, last_comp, size_struct = 0, size_strings;
	uint64_t hdr;

	n->size = bufsize;
	if (bufsize < 40) {
		malformed(n, "blob shorter than the 40-byte header", TRUNCATED);
		return false;
	}
	rd32(n, 0, &magic);
	rd32(n, 4, &n->totalsize);
	rd32(n, 8, &n->off_struct);
	rd32(n, 12, &n->off_strings);
	rd32(n, 16, &n->off_rsv);
	rd32(n, 20, &n->version);
	rd32(n, 24, &last_comp);
	rd32(n, 32, &size_strings);
	rd32(n, 36, &size_struct);
	if (magic != FDT_MAGIC_VALUE) {
		malformed(n, "bad magic", HEADER);
		return false;
	}
	/* Version 16 lacks size_dt_struct; older ones use another property layout. */
	if (last_comp > 17 || n->version < last_comp) {
		malformed(n, "incompatible version", HEADER);
		return false;
	}
	/* The model refuses v2..v15 layouts; libfdt's bounds checks may speak first. */
	if (n->version < 16) {
		expect(n, HEADER | TRUNCATED, "device-tree version before 16");
		return false;
	}
	hdr = n->version >= 17 ? 40 : 36;
	if (n->totalsize > bufsize || n->totalsize < hdr) {
		malformed(n, "totalsize outside the buffer", TRUNCATED);
		return false;
	}
	n->size = n->totalsize;
	if (n->off_rsv < hdr || n->off_rsv > n->totalsize) {
		malformed(n, "reserve map outside the blob", TRUNCATED);
		return false;
	}
	if (n->version < 17)
		size_struct = n->totalsize >= n->off_struct ? n->totalsize - n->off_struct : 0;
	if (n->off_struct < hdr || !in_blob(n, n->off_struct, size_struct)) {
		malformed(n, "structure block outside the blob", TRUNCATED);
		return false;
	}
	if (n->off_strings < hdr || !in_blob(n, n->off_strings, size_strings)) {
		malformed(n, "strings block outside the blob", TRUNCATED);
		return false;
	}
	n->struct_end = (uint64_t)n->off_struct + size_struct;
	n->strings_size = size_strings;
	return true;
}

/*
 * The reserve map (model rule, docs/departures.md): 8-byte aligned, every
 * entry up to the terminator inside the blob and, when the structure
 * block follows the map, before it.  libfdt's fdt_check_full counts the
 * entries first and calls a map running past the blob truncated.
 */
static void read_rsvmap(struct naive *n)
{
	uint64_t limit = n->off_struct >= n->off_rsv ? n->off_struct : n->totalsize;

	if (n->off_rsv % 8) {
		expect(n, MEMRSV | TRUNCATED, "reserve map not 8-byte aligned");
		return;
	}
	for (uint64_t at = n->off_rsv;; at += 16) {
		uint64_t address, size;

		if (!rd64(n, at, &address) || !rd64(n, at + 8, &size)) {
			expect(n, MEMRSV | TRUNCATED, "reserve map not terminated inside the blob");
			return;
		}
		if (at + 16 > limit)
			expect(n, MEMRSV, "reserve map runs into the structure block");
		if (size == 0)
			return;
		if (address + size < address)
			expect(n, RANGE, "/memreserve/ entry overflows 64 bits");
		if (n->want.nr_memrsv == DT_MAX_MEMRSV)
			expect(n, INPUT, "more /memreserve/ entries than the model keeps");
		if (n->want.nr_memrsv < DT_MAX_MEMRSV) {
			n->want.memrsv[n->want.nr_memrsv].address = address;
			n->want.memrsv[n->want.nr_memrsv].size = size;
		}
		n->want.nr_memrsv++;
	}
}

static void add_node(struct naive *n, int offset, const char *name, int parent)
{
	if (n->nr_nodes == n->cap_nodes) {
		n->cap_nodes = n->cap_nodes ? 2 * n->cap_nodes : 64;
		n->nodes = realloc(n->nodes, sizeof(*n->nodes) * (size_t)n->cap_nodes);
		if (!n->nodes)
			abort();
	}
	n->nodes[n->nr_nodes++] = (struct nnode){ offset, name, parent, false, n->nr_props, 0 };
	if (parent >= 0)
		n->nodes[parent].has_child = true;
}

static void add_prop(struct naive *n, int node, const char *name, const uint8_t *data,
		     uint32_t len)
{
	if (n->nr_props == n->cap_props) {
		n->cap_props = n->cap_props ? 2 * n->cap_props : 256;
		n->props = realloc(n->props, sizeof(*n->props) * (size_t)n->cap_props);
		if (!n->props)
			abort();
	}
	n->props[n->nr_props++] = (struct nprop){ name, data, len };
	n->nodes[node].nr_props++;
}

/* Walk the structure block: one root, balanced nodes, then FDT_END. */
static void read_structure(struct naive *n)
{
	uint64_t at = n->off_struct;
	int cur = -1;		/* innermost open node */
	bool root_done = false;

	for (;;) {
		uint32_t token, len, nameoff;
		int64_t l;

		if (at + 4 > n->struct_end || !rd32(n, at, &token)) {
			malformed(n, "structure block ends without FDT_END", STRUCTURAL);
			return;
		}
		if (at == n->off_struct && token != TOKEN_BEGIN_NODE)
			expect(n, STRUCTURAL, "structure block does not start with the root node");
		/* Debian's libfdt 1.6.1 fdt_check_full: only FDT_END may follow the root, not even a NOP */
		if (token != TOKEN_END && root_done) {
			malformed(n, "something after the root node", STRUCTURAL);
			return;
		}
		switch (token) {
		case TOKEN_BEGIN_NODE:
			l = str_len(n, at + 4, n->struct_end);
			if (l < 0) {
				malformed(n, "node name not terminated", STRUCTURAL);
				return;
			}
			/* libfdt's fdt_check_full (Debian's 1.6.1) wants the root's name empty */
			if (cur < 0 && l)
				expect(n, STRUCTURAL, "root node name not empty");
			add_node(n, (int)(at - n->off_struct), (const char *)n->b + at + 4, cur);
			cur = n->nr_nodes - 1;
			at += 4 + (uint64_t)l + 1;
			break;
		case TOKEN_END_NODE:
			if (cur < 0) {
				malformed(n, "FDT_END_NODE without a node", STRUCTURAL);
				return;
			}
			cur = n->nodes[cur].parent;
			root_done = cur < 0;
			at += 4;
			break;
		case TOKEN_PROP:
			if (cur < 0) {
				malformed(n, "property outside any node", STRUCTURAL);
				return;
			}
			if (at + 12 > n->struct_end || !rd32(n, at + 4, &len) ||
			    !rd32(n, at + 8, &nameoff)) {
				malformed(n, "property header truncated", STRUCTURAL);
				return;
			}
			if (len > n->struct_end - (at + 12)) {
				malformed(n, "property value runs past the structure block", STRUCTURAL);
				return;
			}
			if (nameoff >= n->strings_size ||
			    str_len(n, (uint64_t)n->off_strings + nameoff,
				    (uint64_t)n->off_strings + n->strings_size) < 0) {
				malformed(n, "property name outside the strings block", STRUCTURAL);
				return;
			}
			if (!n->nodes[cur].has_child)
				add_prop(n, cur, (const char *)n->b + n->off_strings + nameoff,
					 n->b + at + 12, len);
			at += 12 + (uint64_t)len;
			break;
		case TOKEN_NOP:
			at += 4;
			break;
		case TOKEN_END:
			if (cur >= 0 || !root_done)
				malformed(n, "FDT_END inside a node or before the root", STRUCTURAL);
			return;
		default:
			malformed(n, "unknown structure token", STRUCTURAL);
			return;
		}
		at = (at + 3) & ~(uint64_t)3;
	}
}

/* The first-character test only spares a strcmp() call per property. */
static const struct nprop *get_prop(const struct naive *n, int node, const char *name)
{
	const struct nnode *nd = &n->nodes[node];

	for (int i = nd->first_prop; i < nd->first_prop + nd->nr_props; i++)
		if (n->props[i].name[0] == name[0] && strcmp(n->props[i].name, name) == 0)
			return &n->props[i];
	return NULL;
}

/* libfdt's name match: exact, or "name@unit" when the wanted name has no '@'. */
static bool name_matches(const char *have, const char *want)
{
	size_t l;

	if (have[0] != want[0])
		return false;	/* spares the calls below for most nodes */
	l = strlen(want);
	return strncmp(have, want, l) == 0 &&
	       (have[l] == '\0' || (have[l] == '@' && !strchr(want, '@')));
}

static int find_child(const struct naive *n, int parent, const char *name)
{
	for (int i = 0; i < n->nr_nodes; i++)
		if (n->nodes[i].parent == parent && name_matches(n->nodes[i].name, name))
			return i;
	return -1;
}

/* A property equal to the C string `want`, its NUL inside the property. */
static bool prop_is(const struct nprop *p, const char *want)
{
	size_t l = strlen(want) + 1;

	return p && p->len >= l && memcmp(p->data, want, l) == 0;
}

static bool available(const struct naive *n, int node)
{
	const struct nprop *st = get_prop(n, node, "status");

	return !st || prop_is(st, "okay") || prop_is(st, "ok");
}

static uint64_t cells(const uint8_t *p, uint32_t nr)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < nr; i++, p += 4)
		v = v << 32 | (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return v;
}

static uint32_t tuple_len(const struct naive *n)
{
	return 4 * (n->want.addr_cells + n->want.size_cells);
}

/* False when the cells are unusable (the model stops there). */
static bool read_root_cells(struct naive *n)
{
	const struct nprop *a = get_prop(n, 0, "#address-cells");
	const struct nprop *s = get_prop(n, 0, "#size-cells");

	n->want.addr_cells = 1;
	n->want.size_cells = 1;
	if (a && a->len >= 4)
		n->want.addr_cells = (uint32_t)cells(a->data, 1);
	if (s && s->len >= 4)
		n->want.size_cells = (uint32_t)cells(s->data, 1);
	if ((a && a->len != 4) || (s && s->len != 4) || n->want.addr_cells - 1 > 1 ||
	    n->want.size_cells - 1 > 1)
	{
		expect(n, CELLS, "root #address-cells/#size-cells not one cell of 1 or 2");
		return false;
	}
	return true;
}

static void read_chosen(struct naive *n)
{
	struct dt_info *w = &n->want;
	int node = find_child(n, 0, "chosen");
	const struct nprop *p, *q;

	if (node < 0)
		node = find_child(n, 0, "chosen@0");
	w->has_chosen = node >= 0;
	if (node < 0)
		return;

	p = get_prop(n, node, "linux,initrd-start");
	q = get_prop(n, node, "linux,initrd-end");
	if ((p && p->len != 4 && p->len != 8) || (q && q->len != 4 && q->len != 8))
		expect(n, PROPERTY, "linux,initrd-start/-end not 1 or 2 cells long");
	if (p && q) {
		w->has_initrd = true;
		w->initrd_start = cells(p->data, p->len / 4);
		w->initrd_end = cells(q->data, q->len / 4);
	}

	p = get_prop(n, node, "bootargs");
	if (p && p->len > 0) {
		/* strscpy(cmdline, p, min(len, COMMAND_LINE_SIZE)) */
		size_t count = p->len < COMMAND_LINE_SIZE ? p->len : COMMAND_LINE_SIZE;
		size_t l = strnlen((const char *)p->data, p->len);

		if (l == p->len)
			expect(n, PROPERTY, "bootargs not NUL-terminated");
		if (l > count - 1)
			l = count - 1;
		w->has_bootargs = true;
		memcpy(w->bootargs, p->data, l);
		w->bootargs[l] = '\0';
	}

	p = get_prop(n, node, "linux,usable-memory-range");
	if (p) {
		if (p->len % tuple_len(n))
			expect(n, REG, "linux,usable-memory-range not whole tuples");
		for (uint32_t at = 0; at + tuple_len(n) <= p->len && w->nr_usable < MAX_USABLE_RANGES;
		     at += tuple_len(n)) {
			w->usable_base[w->nr_usable] = cells(p->data + at, w->addr_cells);
			w->usable_size[w->nr_usable] = cells(p->data + at + 4 * w->addr_cells,
							     w->size_cells);
			w->nr_usable++;
		}
	}
}

static void read_memory(struct naive *n)
{
	struct dt_info *w = &n->want;

	for (int node = 1; node < n->nr_nodes; node++) {
		const struct nprop *reg;
		bool hotplug;

		if (n->nodes[node].parent != 0 ||
		    !prop_is(get_prop(n, node, "device_type"), "memory") || !available(n, node))
			continue;
		reg = get_prop(n, node, "linux,usable-memory");
		if (!reg)
			reg = get_prop(n, node, "reg");
		if (!reg)
			continue;
		if (reg->len % tuple_len(n))
			expect(n, REG, "memory reg not whole tuples");
		hotplug = get_prop(n, node, "hotpluggable") != NULL;
		for (uint32_t at = 0; at + tuple_len(n) <= reg->len; at += tuple_len(n)) {
			uint64_t base = cells(reg->data + at, w->addr_cells);
			uint64_t size = cells(reg->data + at + 4 * w->addr_cells, w->size_cells);

			if (size == 0)
				continue;
			if (base + size < base)
				expect(n, RANGE, "memory range overflows 64 bits");
			if (w->nr_mem < DT_MAX_MEM_RANGES)
				w->mem[w->nr_mem] = (struct dt_mem_range){ base, size, hotplug,
									   n->nodes[node].offset };
			else
				expect(n, INPUT, "more memory ranges than the model keeps");
			w->nr_mem++;
		}
	}
}

/* Tuples of a reg-like property; returns -1 when absent. */
static int read_tuples(struct naive *n, const struct nprop *p, uint64_t *base, uint64_t *size)
{
	int nr = 0;

	if (!p)
		return -1;
	if (p->len % tuple_len(n))
		expect(n, REG, "reserved-memory reg or alloc-ranges not whole tuples");
	for (uint32_t at = 0; at + tuple_len(n) <= p->len; at += tuple_len(n), nr++) {
		if (nr < DT_MAX_ALLOC_RANGES) {
			base[nr] = cells(p->data + at, n->want.addr_cells);
			size[nr] = cells(p->data + at + 4 * n->want.addr_cells, n->want.size_cells);
		}
	}
	if (nr > DT_MAX_ALLOC_RANGES)
		expect(n, INPUT, "more reg/alloc-ranges tuples than the model keeps");
	return nr;
}

static bool compatible(const struct naive *n, int node, const char *want)
{
	const struct nprop *p = get_prop(n, node, "compatible");
	uint32_t at = 0;

	while (p && at < p->len) {
		size_t l = strnlen((const char *)p->data + at, p->len - at);

		if (l == p->len - at)
			return false;	/* unterminated: the kernel would read past it */
		if (strcasecmp((const char *)p->data + at, want) == 0)
			return true;
		at += (uint32_t)l + 1;
	}
	return false;
}

static bool one_cell_equal(const struct nprop *p, uint32_t want)
{
	return p && p->len >= 4 && cells(p->data, 1) == want;
}

static void read_rmem_child(struct naive *n, int node, struct dt_rmem_node *r)
{
	const uint32_t ac = n->want.addr_cells, sc = n->want.size_cells;
	const struct nprop *p;
	int nr;

	if (strlen(n->nodes[node].name) >= DT_NAME_MAX)
		expect(n, INPUT, "reserved-memory node name longer than the model keeps");
	snprintf(r->name, sizeof(r->name), "%s", n->nodes[node].name);
	r->node = n->nodes[node].offset;
	nr = read_tuples(n, get_prop(n, node, "reg"), r->reg_base, r->reg_size);
	r->has_reg = nr >= 0;
	r->nr_reg = nr > 0 ? nr : 0;
	nr = read_tuples(n, get_prop(n, node, "alloc-ranges"), r->alloc_base, r->alloc_size);
	r->has_alloc_ranges = nr >= 0;
	r->nr_alloc_ranges = nr > 0 ? nr : 0;

	p = get_prop(n, node, "size");
	r->has_size = p != NULL;
	r->size_len_ok = p && p->len == 4 * sc;
	r->size = r->size_len_ok ? cells(p->data, sc) : 0;
	p = get_prop(n, node, "alignment");
	r->has_alignment = p != NULL;
	r->alignment_len_ok = p && p->len == 4 * ac;
	r->alignment = r->alignment_len_ok ? cells(p->data, ac) : 0;
	if (r->alignment & (r->alignment - 1))
		expect(n, PROPERTY, "reserved-memory alignment not a power of two");

	r->no_map = get_prop(n, node, "no-map") != NULL;
	r->reusable = get_prop(n, node, "reusable") != NULL;
	r->cma_default = get_prop(n, node, "linux,cma-default") != NULL;
	r->shared_dma_pool = compatible(n, node, "shared-dma-pool");
	r->restricted_dma_pool = compatible(n, node, "restricted-dma-pool");

	/* fdt_get_phandle(): "phandle", else "linux,phandle", each only when one cell long */
	p = get_prop(n, node, "phandle");
	if (!p || p->len != 4)
		p = get_prop(n, node, "linux,phandle");
	r->has_phandle = p && p->len == 4;
	r->phandle = r->has_phandle ? (uint32_t)cells(p->data, 1) : 0;
}

static void read_reserved_memory(struct naive *n)
{
	struct dt_info *w = &n->want;
	int root = find_child(n, 0, "reserved-memory");

	w->has_reserved_memory = root >= 0;
	if (root < 0)
		return;
	w->reserved_memory_root_ok =
		one_cell_equal(get_prop(n, root, "#size-cells"), w->size_cells) &&
		one_cell_equal(get_prop(n, root, "#address-cells"), w->addr_cells) &&
		get_prop(n, root, "ranges");
	if (!w->reserved_memory_root_ok)
		return;
	for (int node = 0; node < n->nr_nodes; node++) {
		if (n->nodes[node].parent != root || !available(n, node))
			continue;
		if (w->nr_rmem < DT_MAX_RMEM_NODES)
			read_rmem_child(n, node, &w->rmem[w->nr_rmem]);
		else
			expect(n, INPUT, "more reserved-memory nodes than the model keeps");
		w->nr_rmem++;
	}
}

/* A node's phandle (phandle, else linux,phandle); false when it has none or it is refused. */
static bool node_phandle(struct naive *n, int node, uint32_t *ph)
{
	const struct nprop *a = get_prop(n, node, "phandle"), *b = get_prop(n, node, "linux,phandle");

	if (!a && !b)
		return false;
	if ((a && a->len != 4) || (b && b->len != 4)) {
		expect(n, PHANDLE, "phandle not one cell long");
		return false;
	}
	*ph = (uint32_t)cells((a ? a : b)->data, 1);
	if (a && b && cells(b->data, 1) != *ph)
		expect(n, PHANDLE, "phandle and linux,phandle disagree");
	if (*ph == 0 || *ph == 0xffffffffu)
		expect(n, PHANDLE, "phandle 0 or 0xffffffff");
	return true;
}

static int cmp_phandle(const void *a, const void *b)
{
	const struct phandle_of *x = a, *y = b;

	return (x->phandle > y->phandle) - (x->phandle < y->phandle);
}

/* The node holding phandle ph (n->phandles sorted), or -1. */
static int node_of_phandle(const struct naive *n, uint32_t ph)
{
	const struct phandle_of key = { ph, 0 };
	const struct phandle_of *hit = !n->nr_phandles ? NULL : bsearch(&key, n->phandles, (size_t)n->nr_phandles,
					       sizeof(key), cmp_phandle);

	return hit ? hit->node : -1;
}

/*
 * Does following memory-region references from `node` come back to a
 * node on the current path?  on_path marks the path, done the nodes
 * already explored without finding one.
 */
static bool region_loop(struct naive *n, int node, unsigned char *on_path, unsigned char *done)
{
	const struct nprop *refs = get_prop(n, node, "memory-region");

	if (on_path[node])
		return true;
	if (done[node] || !refs)
		return false;
	on_path[node] = 1;
	for (uint32_t at = 0; at + 4 <= refs->len; at += 4) {
		int to = node_of_phandle(n, (uint32_t)cells(refs->data + at, 1));

		if (to >= 0 && region_loop(n, to, on_path, done))
			return true;
	}
	on_path[node] = 0;
	done[node] = 1;
	return false;
}

/*
 * The model's phandle rules (docs/departures.md): every node's phandle one
 * cell, not 0 or ~0, agreeing with linux,phandle, unique; every
 * memory-region whole cells naming existing phandles; no loop of
 * references reachable from an available reserved-memory child.
 */
static void check_phandles(struct naive *n)
{
	unsigned char *on_path, *done;
	uint32_t ph;
	int rmem_root = find_child(n, 0, "reserved-memory");

	n->nr_phandles = 0;
	for (int node = 0; node < n->nr_nodes; node++) {
		if (!node_phandle(n, node, &ph))
			continue;
		if (n->nr_phandles == n->cap_phandles) {
			n->cap_phandles = n->cap_phandles ? 2 * n->cap_phandles : 64;
			n->phandles = realloc(n->phandles, sizeof(*n->phandles) * (size_t)n->cap_phandles);
			if (!n->phandles)
				abort();
		}
		n->phandles[n->nr_phandles++] = (struct phandle_of){ ph, node };
	}
	if (n->nr_phandles)
		qsort(n->phandles, (size_t)n->nr_phandles, sizeof(*n->phandles), cmp_phandle);
	for (int i = 1; i < n->nr_phandles; i++)
		if (n->phandles[i].phandle == n->phandles[i - 1].phandle)
			expect(n, PHANDLE, "two nodes share a phandle");
	for (int node = 0; node < n->nr_nodes; node++) {
		const struct nprop *refs = get_prop(n, node, "memory-region");

		if (refs && refs->len % 4)
			expect(n, PHANDLE, "memory-region not whole cells");
		for (uint32_t at = 0; refs && at + 4 <= refs->len; at += 4)
			if (node_of_phandle(n, (uint32_t)cells(refs->data + at, 1)) < 0)
				expect(n, PHANDLE, "memory-region names a missing phandle");
	}
	if (n->codes & PHANDLE || rmem_root < 0 || !n->want.reserved_memory_root_ok)
		return;
	on_path = calloc((size_t)n->nr_nodes, 1);
	done = calloc((size_t)n->nr_nodes, 1);
	if (!on_path || !done)
		abort();
	for (int node = 0; node < n->nr_nodes; node++)
		if (n->nodes[node].parent == rmem_root && available(n, node) &&
		    region_loop(n, node, on_path, done))
			expect(n, PHANDLE, "memory-region references loop");
	free(on_path);
	free(done);
}

/*
 * Clear n for the next blob.  The arrays of n->want (over 100 KiB) and the
 * node and property arrays are written entry by entry up to their counts
 * before anything reads them, so only the counts and the other scalars
 * need clearing.
 */
static void naive_clear(struct naive *n)
{
	struct dt_info *w = &n->want;

	memset(n, 0, offsetof(struct naive, want));
	w->totalsize = w->addr_cells = w->size_cells = 0;
	w->has_chosen = w->has_bootargs = w->has_initrd = false;
	w->bootargs[0] = '\0';
	w->initrd_start = w->initrd_end = 0;
	w->nr_usable = w->nr_mem = w->nr_memrsv = w->nr_rmem = 0;
	w->has_reserved_memory = w->reserved_memory_root_ok = false;
}

static void naive_read(struct naive *n, const void *fdt, size_t size)
{
	naive_clear(n);
	n->b = fdt;
	if (!fdt) {
		expect(n, TRUNCATED, "no blob");
		return;
	}
	if (!read_header(n, size))
		return;
	read_rsvmap(n);
	if (!n->malformed)
		read_structure(n);
	if (n->malformed || n->nr_nodes == 0)
		return;
	n->want.totalsize = n->totalsize;
	if (!read_root_cells(n))
		return;
	read_chosen(n);
	read_memory(n);
	read_reserved_memory(n);
	check_phandles(n);
}

static bool fail_u64(const char *inv, uint64_t addr, uint64_t want, uint64_t got,
		     const char *what, int idx)
{
	if (want == got)
		return false;
	oracle_fail(inv, addr, want, got, "%s %d", what, idx);
	return true;
}

static bool compare_rmem(const struct dt_rmem_node *w, const struct dt_rmem_node *g, int i)
{
	if (strcmp(w->name, g->name) != 0) {
		oracle_fail("fdt reserved-memory name", (uint64_t)g->node, 0, 1,
			    "node %d: expected \"%s\", actual \"%s\"", i, w->name, g->name);
		return true;
	}
	if (fail_u64("fdt reserved-memory node offset", 0, (uint64_t)w->node, (uint64_t)g->node,
		     "node", i) ||
	    fail_u64("fdt reserved-memory reg", (uint64_t)g->node, w->has_reg, g->has_reg,
		     "present, node", i) ||
	    fail_u64("fdt reserved-memory reg", (uint64_t)g->node, (uint64_t)w->nr_reg,
		     (uint64_t)g->nr_reg, "count, node", i) ||
	    fail_u64("fdt reserved-memory alloc-ranges", (uint64_t)g->node, w->has_alloc_ranges,
		     g->has_alloc_ranges, "present, node", i) ||
	    fail_u64("fdt reserved-memory alloc-ranges", (uint64_t)g->node,
		     (uint64_t)w->nr_alloc_ranges, (uint64_t)g->nr_alloc_ranges, "count, node", i))
		return true;
	for (int k = 0; k < w->nr_reg && k < DT_MAX_ALLOC_RANGES; k++)
		if (fail_u64("fdt reserved-memory reg base", w->reg_base[k], w->reg_base[k],
			     g->reg_base[k], "node", i) ||
		    fail_u64("fdt reserved-memory reg size", w->reg_base[k], w->reg_size[k],
			     g->reg_size[k], "node", i))
			return true;
	for (int k = 0; k < w->nr_alloc_ranges && k < DT_MAX_ALLOC_RANGES; k++)
		if (fail_u64("fdt reserved-memory alloc-ranges base", w->alloc_base[k],
			     w->alloc_base[k], g->alloc_base[k], "node", i) ||
		    fail_u64("fdt reserved-memory alloc-ranges size", w->alloc_base[k],
			     w->alloc_size[k], g->alloc_size[k], "node", i))
			return true;
	return fail_u64("fdt reserved-memory size", 0, w->has_size | w->size_len_ok << 1,
			g->has_size | g->size_len_ok << 1, "present | length ok << 1, node", i) ||
	       fail_u64("fdt reserved-memory size", 0, w->size, g->size, "value, node", i) ||
	       fail_u64("fdt reserved-memory alignment", 0,
			w->has_alignment | w->alignment_len_ok << 1,
			g->has_alignment | g->alignment_len_ok << 1,
			"present | length ok << 1, node", i) ||
	       fail_u64("fdt reserved-memory alignment", 0, w->alignment, g->alignment,
			"value, node", i) ||
	       fail_u64("fdt reserved-memory flags", 0,
			w->no_map | w->reusable << 1 | w->cma_default << 2 |
				w->shared_dma_pool << 3 | w->restricted_dma_pool << 4,
			g->no_map | g->reusable << 1 | g->cma_default << 2 |
				g->shared_dma_pool << 3 | g->restricted_dma_pool << 4,
			"no-map|reusable<<1|cma-default<<2|shared<<3|restricted<<4, node", i) ||
	       fail_u64("fdt reserved-memory phandle", 0, w->has_phandle ? w->phandle : 0,
			g->has_phandle ? g->phandle : 0, "node", i) ||
	       fail_u64("fdt reserved-memory phandle", 0, w->has_phandle, g->has_phandle,
			"present, node", i);
}

static void compare_info(const struct dt_info *w, const struct dt_info *g)
{
	if (fail_u64("fdt totalsize", 0, w->totalsize, g->totalsize, "header", 0) ||
	    fail_u64("fdt root address-cells", 0, w->addr_cells, g->addr_cells, "root", 0) ||
	    fail_u64("fdt root size-cells", 0, w->size_cells, g->size_cells, "root", 0) ||
	    fail_u64("fdt memrsv count", 0, (uint64_t)w->nr_memrsv, (uint64_t)g->nr_memrsv,
		     "entries", w->nr_memrsv))
		return;
	for (int i = 0; i < w->nr_memrsv; i++)
		if (fail_u64("fdt memrsv address", w->memrsv[i].address, w->memrsv[i].address,
			     g->memrsv[i].address, "entry", i) ||
		    fail_u64("fdt memrsv size", w->memrsv[i].address, w->memrsv[i].size,
			     g->memrsv[i].size, "entry", i))
			return;

	if (fail_u64("fdt chosen", 0, w->has_chosen, g->has_chosen, "present", 0) ||
	    fail_u64("fdt chosen initrd", 0, w->has_initrd, g->has_initrd, "present", 0) ||
	    (w->has_initrd &&
	     (fail_u64("fdt chosen initrd", 0, w->initrd_start, g->initrd_start, "start", 0) ||
	      fail_u64("fdt chosen initrd", 0, w->initrd_end, g->initrd_end, "end", 0))) ||
	    fail_u64("fdt chosen bootargs", 0, w->has_bootargs, g->has_bootargs, "present", 0))
		return;
	if (strcmp(w->bootargs, g->bootargs) != 0) {
		oracle_fail("fdt chosen bootargs", 0, strlen(w->bootargs), strlen(g->bootargs),
			    "text differs (lengths shown)");
		return;
	}
	if (fail_u64("fdt usable-memory-range count", 0, (uint64_t)w->nr_usable,
		     (uint64_t)g->nr_usable, "ranges", 0))
		return;
	for (int i = 0; i < w->nr_usable; i++)
		if (fail_u64("fdt usable-memory-range base", w->usable_base[i], w->usable_base[i],
			     g->usable_base[i], "range", i) ||
		    fail_u64("fdt usable-memory-range size", w->usable_base[i], w->usable_size[i],
			     g->usable_size[i], "range", i))
			return;

	if (fail_u64("fdt memory range count", 0, (uint64_t)w->nr_mem, (uint64_t)g->nr_mem,
		     "ranges", 0))
		return;
	for (int i = 0; i < w->nr_mem; i++) {
		const struct dt_mem_range *a = &w->mem[i], *b = &g->mem[i];

		if (fail_u64("fdt memory range base", a->base, a->base, b->base, "range", i) ||
		    fail_u64("fdt memory range size", a->base, a->size, b->size, "range", i) ||
		    fail_u64("fdt memory range hotpluggable", a->base, a->hotpluggable,
			     b->hotpluggable, "range", i) ||
		    fail_u64("fdt memory range node", a->base, (uint64_t)a->node,
			     (uint64_t)b->node, "range", i))
			return;
	}

	if (fail_u64("fdt reserved-memory", 0, w->has_reserved_memory, g->has_reserved_memory,
		     "present", 0) ||
	    fail_u64("fdt reserved-memory root", 0, w->reserved_memory_root_ok,
		     g->reserved_memory_root_ok, "cells and ranges ok", 0) ||
	    fail_u64("fdt reserved-memory count", 0, (uint64_t)w->nr_rmem, (uint64_t)g->nr_rmem,
		     "children", 0))
		return;
	for (int i = 0; i < w->nr_rmem; i++)
		if (compare_rmem(&w->rmem[i], &g->rmem[i], i))
			return;
}

/* One reading at a time; static, as allocating it per blob cost more than the reading. */
static struct naive scratch;

void fdt_check_parse(const void *fdt, size_t size, int ret, const struct dt_info *info,
		     const char *why)
{
	struct naive *n = &scratch;

	if (oracle_level == ORACLE_OFF)
		return;
	naive_read(n, fdt, size);

	if (ret > 0 || ret <= -MM_ERRNO_MAX || strcmp(mm_strerror(ret), "unknown error") == 0) {
		oracle_fail("fdt parse return code", 0, 0, (uint64_t)(int64_t)ret,
			    "not 0 or a negative MM_E* code");
	} else if (ret < 0) {
		if (!(n->codes & (1u << -ret)))
			oracle_fail("fdt refusal code", 0, n->codes, 1u << -ret,
				    "model says \"%s\" (%s); the naive reader expects %s (code bits shown)",
				    mm_strerror(ret), why ? why : "no reason",
				    n->codes ? n->problem : "no refusal");
		else if (!why || !*why)
			oracle_fail("fdt refusal reason", 0, 1, 0, "refused with \"%s\" but no reason",
				    mm_strerror(ret));
	} else if (n->codes) {
		oracle_fail("fdt blob accepted", 0, n->codes, 0,
			    "the model accepted a blob it promises to refuse: %s (code bits shown)",
			    n->problem);
	} else {
		compare_info(&n->want, info);
	}
}

/*
 * fdt_check_mem_start() as the model follows it (docs/departures.md): the
 * low 32 bits of each direct, available memory bank (linux,usable-memory
 * first), clipped to the first linux,usable-memory-range when there is
 * one; the load address masked to 128 MiB wins when it lies in a bank and
 * no usable range is given; else the lowest bank rounded up to 2 MiB in
 * 32 bits, or 0 when no bank is usable.
 */
static uint64_t guess_phys_offset(const struct dt_info *dt, uint64_t load_addr)
{
	uint32_t pc_guess = (uint32_t)load_addr & 0xf8000000u;
	uint64_t lowest = UINT64_MAX, clip_lo = 0, clip_hi = UINT64_MAX;
	bool usable = dt->nr_usable > 0;

	if (usable) {
		if (!dt->usable_size[0] || dt->usable_base[0] > 0xffffffffu)
			return pc_guess;
		clip_lo = dt->usable_base[0];
		clip_hi = clip_lo + dt->usable_size[0];
	}
	for (int i = 0; i < dt->nr_mem && i < DT_MAX_MEM_RANGES; i++) {
		uint64_t lo = dt->mem[i].base, hi = lo + dt->mem[i].size;

		if (lo > 0xffffffffu)
			continue;
		if (!usable && pc_guess >= lo && pc_guess < hi)
			return pc_guess;
		lo = lo > clip_lo ? lo : clip_lo;
		hi = hi < clip_hi ? hi : clip_hi;
		if (lo < hi && lo < lowest)
			lowest = lo;
	}
	if (lowest == UINT64_MAX)
		return 0;
	return (uint32_t)(lowest + SZ_2M - 1) & ~(uint32_t)(SZ_2M - 1);
}

/*
 * mm/boot.c's rule: the configured PHYS_OFFSET, else the guess; a guess
 * of 0 is refused unless some bank starts below 4 GiB.
 */
static bool phys_offset_of(const struct dt_info *dt, const struct mm_boot_config *cfg,
			   uint64_t *po)
{
	bool low_bank = false;

	if (cfg->phys_offset) {
		*po = cfg->phys_offset;
		return true;
	}
	*po = guess_phys_offset(dt, cfg->load_addr);
	for (int i = 0; i < dt->nr_mem && i < DT_MAX_MEM_RANGES; i++)
		low_bank |= dt->mem[i].base <= 0xffffffffu;
	return *po || low_bank;
}

bool fdt_check_last_phys_offset(const struct mm_boot_config *cfg, uint64_t *po)
{
	return phys_offset_of(&scratch.want, cfg, po);
}

bool fdt_naive_phys_offset(const void *fdt, size_t size, const struct mm_boot_config *cfg,
			   uint64_t *po)
{
	naive_read(&scratch, fdt, size);
	return phys_offset_of(&scratch.want, cfg, po);
}

#define SET_CAP_REGIONS (2 * DT_MAX_MEM_RANGES + 8)

struct mem_ival {
	uint64_t start, end;
	unsigned int flags;
};

/* Expected memblock.memory, as a sorted list of merged [start, end) with flags. */
struct mem_set {
	struct mem_ival v[SET_CAP_REGIONS], tmp[SET_CAP_REGIONS];
	uint64_t pts[2 * SET_CAP_REGIONS + 2];
	int n;
	unsigned long max;	/* array capacity; 0 = unlimited (resizing allowed) */
	uint64_t phys_max;
};

static const struct mem_ival *containing(const struct mem_set *m, uint64_t a)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].start <= a && a < m->v[i].end)
			return &m->v[i];
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

enum set_op { SET_ADD, SET_HOTPLUG, SET_CAP };

/* Pointwise rebuild, like memblock_check.c but for memory only and without NOMAP. */
static void set_apply(struct mem_set *m, enum set_op op, uint64_t lo, uint64_t hi)
{
	int np = 0, nt = 0;

	m->pts[np++] = lo;
	m->pts[np++] = hi;
	for (int i = 0; i < m->n; i++) {
		m->pts[np++] = m->v[i].start;
		m->pts[np++] = m->v[i].end;
	}
	qsort(m->pts, (size_t)np, sizeof(m->pts[0]), cmp_u64);
	for (int i = 0; i + 1 < np; i++) {
		uint64_t a = m->pts[i], b = m->pts[i + 1];
		const struct mem_ival *old = containing(m, a);
		bool present = old != NULL, inside = a >= lo && a < hi;
		unsigned int f = old ? old->flags : 0;

		if (a == b)
			continue;
		if (op == SET_ADD && inside && !present) {
			present = true;
			f = MEMBLOCK_NONE;
		} else if (op == SET_HOTPLUG && inside && present) {
			f |= MEMBLOCK_HOTPLUG;
		} else if (op == SET_CAP && !inside) {
			present = false;
		}
		if (!present)
			continue;
		if (nt && m->tmp[nt - 1].end == a && m->tmp[nt - 1].flags == f)
			m->tmp[nt - 1].end = b;
		else
			m->tmp[nt++] = (struct mem_ival){ a, b, f };
	}
	memcpy(m->v, m->tmp, sizeof(m->v[0]) * (size_t)nt);
	m->n = nt;
}

static unsigned long set_cnt(const struct mem_set *m)
{
	return m->n ? (unsigned long)m->n : 1;
}

/* memblock_add() with the array unable to grow: refused when the new pieces do not fit. */
static void set_add(struct mem_set *m, uint64_t base, uint64_t size)
{
	unsigned long gaps = 0;
	uint64_t cur, end;

	base &= m->phys_max;
	size &= m->phys_max;
	if (size > m->phys_max - base)
		size = m->phys_max - base;
	if (!size || m->n >= SET_CAP_REGIONS - 2)
		return;
	end = base + size;
	for (cur = base; cur < end;) {
		const struct mem_ival *iv = containing(m, cur);
		uint64_t next = end;

		if (iv) {
			cur = iv->end;
			continue;
		}
		gaps++;
		for (int i = 0; i < m->n; i++)
			if (m->v[i].start > cur && m->v[i].start < next)
				next = m->v[i].start;
		cur = next;
	}
	if (m->n && gaps && m->max && set_cnt(m) + gaps > m->max)
		return;
	set_apply(m, SET_ADD, base, end);
}

/* early_init_dt_add_memory_arch() in the kernel's u64 arithmetic. */
static void add_memory_arch(struct mem_set *m, uint64_t base, uint64_t size, uint64_t min_addr)
{
	uint64_t in_page = base & (PAGE_SIZE - 1);

	if (size < PAGE_SIZE - in_page)
		return;
	if (in_page) {
		size -= PAGE_SIZE - in_page;
		base += PAGE_SIZE - in_page;
	}
	size &= PAGE_MASK;
	if (base > m->phys_max)
		return;
	if (base + size - 1 > m->phys_max)
		size = m->phys_max - base + 1;
	if (base + size < min_addr)
		return;
	if (base < min_addr) {
		size -= min_addr - base;
		base = min_addr;
	}
	set_add(m, base, size);
}

/* The isolate step of mark_hotplug / cap_memory_range needs room for two more regions. */
static bool set_isolate_room(const struct mem_set *m, uint64_t size)
{
	return !size || !m->max || set_cnt(m) + 2 <= m->max;
}

static uint64_t capped(const struct mem_set *m, uint64_t base, uint64_t size)
{
	return size < m->phys_max - base ? size : m->phys_max - base;
}

void fdt_check_memory(const struct dt_info *info, const struct memblock *mb, phys_addr_t phys_offset)
{
	/* static for the same reason as fdt_check_parse()'s reading; the arrays are written before read */
	static struct mem_set set;
	struct mem_set *m = &set;
	const struct memblock_type *mt = &mb->memory;
	int n;

	if (oracle_level == ORACLE_OFF)
		return;
	m->n = 0;
	m->phys_max = mb->phys_max;
	m->max = mb->can_resize ? 0 : INIT_MEMBLOCK_REGIONS;

	for (int i = 0; i < info->nr_mem && i < DT_MAX_MEM_RANGES; i++) {
		const struct dt_mem_range *r = &info->mem[i];
		uint64_t b = r->base & m->phys_max, s;

		add_memory_arch(m, r->base, r->size, phys_offset & m->phys_max);
		if (!r->hotpluggable)
			continue;
		/* marked as read from the blob, truncated to phys_addr_t */
		s = capped(m, b, r->size & m->phys_max);
		if (set_isolate_room(m, s))
			set_apply(m, SET_HOTPLUG, b, b + s);
	}
	if (info->nr_usable > 0) {
		uint64_t b = info->usable_base[0] & m->phys_max;
		uint64_t s = info->usable_size[0] & m->phys_max;

		/* the size is tested as given and capped only inside the isolation */
		if (s && m->n && set_isolate_room(m, capped(m, b, s)))
			set_apply(m, SET_CAP, b, b + capped(m, b, s));
		for (int i = 1; i < info->nr_usable && (info->usable_size[i] & m->phys_max); i++)
			set_add(m, info->usable_base[i], info->usable_size[i]);
	}

	n = m->n ? m->n : 1;
	if (mt->cnt != (unsigned long)n) {
		oracle_fail("fdt memory cnt", mt->cnt ? mt->regions[0].base : 0, (uint64_t)n,
			    mt->cnt, "memblock.memory after the device-tree scan");
	} else {
		for (int i = 0; i < m->n; i++) {
			const struct memblock_region *r = &mt->regions[i];

			if (r->base != m->v[i].start) {
				oracle_fail("fdt memory region base", r->base, m->v[i].start, r->base,
					    "memory[%d]", i);
				break;
			}
			if (r->size != m->v[i].end - m->v[i].start) {
				oracle_fail("fdt memory region size", r->base,
					    m->v[i].end - m->v[i].start, r->size, "memory[%d]", i);
				break;
			}
			if (r->flags != m->v[i].flags) {
				oracle_fail("fdt memory region flags", r->base, m->v[i].flags,
					    r->flags, "memory[%d]", i);
				break;
			}
		}
		if (m->n == 0 && mt->regions[0].size != 0)
			oracle_fail("fdt memory region size", mt->regions[0].base, 0,
				    mt->regions[0].size, "memory should be empty");
	}
}
