/*
 * Early device-tree scan: Linux v6.1 drivers/of/fdt.c early_init_dt_scan_root,
 * early_init_dt_scan_chosen (bootargs, initrd), early_init_dt_scan_memory,
 * early_init_dt_add_memory_arch, early_init_dt_check_for_usable_mem_range,
 * the /memreserve/ read of early_init_fdt_scan_reserved_mem, the property
 * reads of fdt_scan_reserved_mem / __reserved_mem_reserve_reg /
 * __reserved_mem_alloc_size, and arch/arm/boot/compressed/
 * fdt_check_mem_start.c for the PHYS_OFFSET guess.
 *
 * Departures (docs/departures.md has the full list): dt_parse() reads the
 * whole blob up front and rejects what the kernel would misread (bad cells,
 * partial tuples, 64-bit overflow, unterminated strings, bad phandles)
 * instead of acting on it.  Strings the kernel strcmp()s are only matched
 * when their NUL lies inside the property, because the kernel would read
 * past it.
 *
 * libfdt 1.6.1 is used only through fdt_check_full(), fdt_getprop(),
 * fdt_get_name(), fdt_subnode_offset(), fdt_first/next_subnode() and
 * fdt_next_node().  fdt_path_offset() over-reads on an empty path and
 * recurses on circular aliases, fdt_get_alias() shares that path, and
 * fdt_num_mem_rsv()/fdt_get_mem_rsv() trust an unterminated reserve map;
 * so nodes are found from the root by name and the reserve map is read by
 * hand with bounds checks.
 */
#include "fdt_scan.h"

#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "bugs.h"
#include "mm_errno.h"
#include "printk.h"

#define OF_ROOT_NODE_ADDR_CELLS_DEFAULT 1
#define OF_ROOT_NODE_SIZE_CELLS_DEFAULT 1

struct parse {
	const void *fdt;
	struct dt_info *info;
	const char *why;
	int tuple_len;			/* (addr + size cells) * 4 */
};

static int reject(struct parse *p, int code, const char *why)
{
	p->why = mm_bug_on(MM_BUG_FDT_REFUSAL_WITHOUT_REASON) && code == MM_EDTB_PROPERTY ? NULL : why;
	return -code;
}

static uint64_t read_cells(const void *cells, uint32_t n)
{
	const uint8_t *b = cells;
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld((const fdt32_t *)(b + 4 * i));
	return v;
}

/* A string property as the kernel's strcmp() sees it, when its NUL is inside. */
static bool prop_str_eq(const char *s, int len, const char *want)
{
	size_t n = strlen(want) + 1;

	return s && len >= 0 && (size_t)len >= n && memcmp(s, want, n) == 0;
}

/* of_fdt_device_is_available(): status absent, "okay" or "ok". */
static bool node_available(const void *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	return !status || prop_str_eq(status, len, "okay") || prop_str_eq(status, len, "ok");
}

/* of_fdt_is_compatible(): strcasecmp() against each string of the list. */
static bool node_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *cp = fdt_getprop(fdt, node, "compatible", &len);

	while (cp && len > 0) {
		size_t l = strnlen(cp, (size_t)len);

		if (l == (size_t)len)
			return false;	/* unterminated tail: the kernel would over-read */
		if (strcasecmp(cp, compat) == 0)
			return true;
		cp += l + 1;
		len -= (int)(l + 1);
	}
	return false;
}

/* 1.6.1's check does not make every property name a NUL-terminated string inside the strings block. */
static bool name_in_strings(const uint8_t *blob, uint32_t nameoff)
{
	uint64_t start = fdt_off_dt_strings(blob);
	uint64_t size = fdt_size_dt_strings(blob);	/* in the header since version 3 */

	if (start > fdt_totalsize(blob) || size > fdt_totalsize(blob) - start || nameoff >= size)
		return false;
	/* memchr, not a byte loop: names are read for every property of every input */
	return memchr(blob + start + nameoff, '\0', size - nameoff) != NULL;
}

/*
 * libfdt 1.6.1's fdt_next_tag() adds a property's length as an int, so a
 * length near 2^32 wraps and fdt_check_full() walks on as if the blob were
 * sound (fixed upstream later), and its name check leaves names that run
 * off the strings block.  Walk the structure block once ourselves, in
 * 64-bit arithmetic, before handing the blob to libfdt.
 */
static bool struct_block_sane(const uint8_t *blob, size_t bufsize)
{
	uint64_t totalsize = fdt_totalsize(blob);
	uint64_t off = fdt_off_dt_struct(blob);
	uint64_t end = totalsize;
	uint32_t tag;

	if (fdt_version(blob) >= 17)
		end = off + fdt_size_dt_struct(blob);
	if (end > totalsize || end > bufsize || off % 4)
		return false;
	for (;;) {
		if (off + 4 > end)
			return false;
		memcpy(&tag, blob + off, 4);
		tag = fdt32_to_cpu(tag);
		off += 4;
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const uint8_t *nul = off < end ? memchr(blob + off, '\0', end - off) : NULL;

			if (!nul)
				return false;
			off = ((uint64_t)(nul - blob) + 1 + 3) & ~3ULL;
			break;
		}
		case FDT_PROP: {
			uint32_t len, nameoff;

			if (off + 8 > end)
				return false;
			memcpy(&len, blob + off, 4);
			memcpy(&nameoff, blob + off + 4, 4);
			if (!name_in_strings(blob, fdt32_to_cpu(nameoff)))
				return false;
			off += 8 + (uint64_t)fdt32_to_cpu(len);
			if (off > end)
				return false;
			off = (off + 3) & ~3ULL;
			break;
		}
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		case FDT_END:
			return true;
		default:
			return false;
		}
	}
}

static int check_blob(struct parse *p, size_t bufsize)
{
	int err, next;

	/* fdt_check_header() reads a v17 header before checking the size. */
	if (bufsize < sizeof(struct fdt_header))
		return reject(p, MM_EDTB_TRUNCATED, "blob shorter than a device-tree header");
	err = fdt_check_header(p->fdt);
	/*
	 * Versions 2 and 3 lay the structure block out differently (full-path
	 * names, 8-byte aligned values) and libfdt 1.6.1's fdt_check_full()
	 * dereferences NULL on such a blob; no ARM bootloader emits them.
	 */
	if (err == 0 && fdt_version(p->fdt) < 16)
		return reject(p, MM_EDTB_HEADER, "device-tree version before 16 (old layouts are refused)");
	if (err == 0 && fdt_totalsize(p->fdt) <= bufsize && !struct_block_sane(p->fdt, bufsize))
		return reject(p, MM_EDTB_STRUCTURE, "structure block malformed: a property runs past its block or names a string outside the strings block");
	if (err == 0)
		err = fdt_check_full(p->fdt, bufsize);
	switch (err) {
	case 0:
		break;
	case -FDT_ERR_TRUNCATED:
		return reject(p, MM_EDTB_TRUNCATED, "fdt_check_full: a block runs past the end of the blob");
	case -FDT_ERR_BADMAGIC:
		return reject(p, MM_EDTB_HEADER, "fdt_check_full: bad magic");
	case -FDT_ERR_BADVERSION:
		return reject(p, MM_EDTB_HEADER, "fdt_check_full: unsupported version");
	case -FDT_ERR_BADSTATE:
		return reject(p, MM_EDTB_HEADER, "fdt_check_full: blob is in sequential-write state");
	default:
		return reject(p, MM_EDTB_STRUCTURE, "fdt_check_full: malformed structure block");
	}
	if (fdt_next_tag(p->fdt, 0, &next) != FDT_BEGIN_NODE)
		return reject(p, MM_EDTB_STRUCTURE, "structure block does not start with the root node");
	return 0;
}

static int root_cells(struct parse *p, const char *name, uint32_t dflt, uint32_t *out)
{
	int len;
	const void *prop = fdt_getprop(p->fdt, 0, name, &len);

	*out = dflt;
	if (!prop)
		return 0;
	if (len != 4)
		return reject(p, MM_EDTB_CELLS, "root #address-cells/#size-cells is not one cell long");
	*out = fdt32_ld(prop);
	if (*out != 1 && *out != 2)
		return reject(p, MM_EDTB_CELLS, "root #address-cells/#size-cells is not 1 or 2");
	return 0;
}

static int read_memrsv(struct parse *p)
{
	const uint8_t *blob = p->fdt;
	uint32_t total = fdt_totalsize(p->fdt);
	uint32_t off = fdt_off_mem_rsvmap(p->fdt);
	uint32_t structoff = fdt_off_dt_struct(p->fdt);
	uint32_t limit = (structoff >= off) ? structoff : total;
	struct dt_info *info = p->info;
	bool skip_first = mm_bug_on(MM_BUG_FDT_MEMRSV_SKIP_FIRST);

	info->nr_memrsv = 0;
	if (off % 8)
		return reject(p, MM_EDTB_MEMRSV, "reserve map is not 8-byte aligned");
	if (limit > total)
		limit = total;
	for (uint64_t at = off;; at += 16) {
		uint64_t address, size;

		if (at + 16 > limit)
			return reject(p, MM_EDTB_MEMRSV, "reserve map runs into the structure block or past the blob");
		address = fdt64_ld((const fdt64_t *)(blob + at));
		size = fdt64_ld((const fdt64_t *)(blob + at + 8));
		if (size == 0)
			return 0;
		if (address + size < address)
			return reject(p, MM_EDTB_RANGE, "/memreserve/ entry address + size overflows 64 bits");
		if (skip_first) {
			skip_first = false;
			continue;
		}
		if (info->nr_memrsv == DT_MAX_MEMRSV)
			return reject(p, MM_EINPUT, "more /memreserve/ entries than the model keeps");
		info->memrsv[info->nr_memrsv].address = address;
		info->memrsv[info->nr_memrsv].size = size;
		info->nr_memrsv++;
	}
}

/* A 1- or 2-cell property read as of_read_number(prop, len / 4). */
static int read_number_prop(struct parse *p, int node, const char *name, bool *found,
			    uint64_t *out)
{
	int len;
	const void *prop = fdt_getprop(p->fdt, node, name, &len);

	*found = prop != NULL;
	if (!prop)
		return 0;
	if (len != 4 && len != 8)
		return reject(p, MM_EDTB_PROPERTY, "linux,initrd-start/-end is not 1 or 2 cells long");
	*out = read_cells(prop, (uint32_t)len / 4);
	return 0;
}

static int read_chosen(struct parse *p)
{
	struct dt_info *info = p->info;
	int node, len, ret;
	bool has_start, has_end;
	uint64_t start = 0, end = 0;
	const char *args;
	const uint8_t *usable;

	info->has_bootargs = false;
	info->bootargs[0] = '\0';
	info->has_initrd = false;
	info->nr_usable = 0;
	node = fdt_subnode_offset(p->fdt, 0, "chosen");
	if (node < 0)
		node = fdt_subnode_offset(p->fdt, 0, "chosen@0");
	info->has_chosen = node >= 0;
	unflatten_dt_count(p->fdt, node, &info->unflat);
	if (node < 0)
		return 0;

	ret = read_number_prop(p, node, "linux,initrd-start", &has_start, &start);
	if (!ret)
		ret = read_number_prop(p, node, "linux,initrd-end", &has_end, &end);
	if (ret)
		return ret;
	if (has_start && has_end) {
		info->has_initrd = true;
		info->initrd_start = start;
		info->initrd_end = end;
	}

	args = fdt_getprop(p->fdt, node, "bootargs", &len);
	if (args && len > 0) {
		size_t n = strnlen(args, (size_t)len);

		if (n == (size_t)len)
			return reject(p, MM_EDTB_PROPERTY, "/chosen bootargs is not NUL-terminated");
		if (n > COMMAND_LINE_SIZE - 1)
			n = COMMAND_LINE_SIZE - 1;
		memcpy(info->bootargs, args, n);
		info->bootargs[n] = '\0';
		info->has_bootargs = true;
	}

	usable = fdt_getprop(p->fdt, node, "linux,usable-memory-range", &len);
	if (usable) {
		if (len % p->tuple_len)
			return reject(p, mm_bug_on(MM_BUG_FDT_USABLE_RANGE_WRONG_CODE) ? MM_EDTB_PROPERTY : MM_EDTB_REG,
				      "linux,usable-memory-range is not a whole number of tuples");
		for (int at = 0; at < len && info->nr_usable < MAX_USABLE_RANGES; at += p->tuple_len) {
			info->usable_base[info->nr_usable] = read_cells(usable + at, info->addr_cells);
			info->usable_size[info->nr_usable] =
				read_cells(usable + at + 4 * info->addr_cells, info->size_cells);
			info->nr_usable++;
		}
	}
	return 0;
}

static int read_memory_node(struct parse *p, int node)
{
	struct dt_info *info = p->info;
	int len;
	const uint8_t *reg = NULL;
	bool hotpluggable;

	if (!mm_bug_on(MM_BUG_FDT_IGNORE_USABLE_MEMORY))
		reg = fdt_getprop(p->fdt, node, "linux,usable-memory", &len);
	if (!reg)
		reg = fdt_getprop(p->fdt, node, "reg", &len);
	if (!reg)
		return 0;
	if (len % p->tuple_len)
		return reject(p, MM_EDTB_REG, "memory node reg is not a whole number of tuples");
	hotpluggable = fdt_getprop(p->fdt, node, "hotpluggable", NULL) != NULL;

	for (int at = 0; at < len; at += p->tuple_len) {
		uint64_t base = read_cells(reg + at, info->addr_cells);
		uint64_t size = read_cells(reg + at + 4 * info->addr_cells, info->size_cells);
		struct dt_mem_range *r;

		if (size == 0)
			continue;
		if (base + size < base)
			return reject(p, MM_EDTB_RANGE, "memory range base + size overflows 64 bits");
		if (info->nr_mem == DT_MAX_MEM_RANGES)
			return reject(p, MM_EINPUT, "more memory ranges than the model keeps");
		r = &info->mem[info->nr_mem++];
		r->base = base;
		r->size = size;
		r->hotpluggable = hotpluggable;
		r->node = node;
	}
	return 0;
}

static int read_memory(struct parse *p)
{
	int node, ret;

	p->info->nr_mem = 0;
	fdt_for_each_subnode(node, p->fdt, 0) {
		int len;
		const char *type = fdt_getprop(p->fdt, node, "device_type", &len);

		if (!prop_str_eq(type, len, "memory") || !node_available(p->fdt, node))
			continue;
		ret = read_memory_node(p, node);
		if (ret)
			return ret;
	}
	return 0;
}

static bool child_cells_match(const void *fdt, int node, const char *name, uint32_t want)
{
	int len;
	const void *prop = fdt_getprop(fdt, node, name, &len);

	return prop && len >= 4 && fdt32_ld(prop) == want;
}

/* Tuples of a reg-like property into base[]/size[]; *nr = -1 when absent. */
static int read_tuples(struct parse *p, int node, const char *name, uint64_t *base,
		       uint64_t *size, int *nr, const char *bad_len)
{
	const struct dt_info *info = p->info;
	int len;
	const uint8_t *prop = fdt_getprop(p->fdt, node, name, &len);

	*nr = -1;
	if (!prop)
		return 0;
	if (len % p->tuple_len)
		return reject(p, MM_EDTB_REG, bad_len);
	if (len / p->tuple_len > DT_MAX_ALLOC_RANGES)
		return reject(p, MM_EINPUT, "more reg/alloc-ranges tuples in a reserved-memory node than the model keeps");
	*nr = 0;
	for (int at = 0; at < len; at += p->tuple_len, (*nr)++) {
		base[*nr] = read_cells(prop + at, info->addr_cells);
		size[*nr] = read_cells(prop + at + 4 * info->addr_cells, info->size_cells);
	}
	return 0;
}

static int read_rmem_child(struct parse *p, int node, struct dt_rmem_node *r)
{
	const struct dt_info *info = p->info;
	int len, ret, nr;
	const char *name = fdt_get_name(p->fdt, node, &len);
	const void *prop;

	if (!name || len < 0)
		return reject(p, MM_EDTB_STRUCTURE, "reserved-memory child without a name");
	if (len >= DT_NAME_MAX)
		return reject(p, MM_EINPUT, "reserved-memory node name longer than the model keeps");
	memcpy(r->name, name, (size_t)len);
	r->name[len] = '\0';
	r->node = node;

	ret = read_tuples(p, node, "reg", r->reg_base, r->reg_size, &nr,
			  "reserved-memory reg is not a whole number of tuples");
	if (ret)
		return ret;
	r->has_reg = nr >= 0;
	r->nr_reg = nr > 0 ? nr : 0;

	ret = read_tuples(p, node, "alloc-ranges", r->alloc_base, r->alloc_size, &nr,
			  "alloc-ranges is not a whole number of tuples");
	if (ret)
		return ret;
	r->has_alloc_ranges = nr >= 0;
	r->nr_alloc_ranges = nr > 0 ? nr : 0;

	prop = fdt_getprop(p->fdt, node, "size", &len);
	r->has_size = prop != NULL;
	r->size_len_ok = prop && len == (int)(4 * info->size_cells);
	r->size = r->size_len_ok ? read_cells(prop, info->size_cells) : 0;

	prop = fdt_getprop(p->fdt, node, "alignment", &len);
	r->has_alignment = prop != NULL;
	r->alignment_len_ok = prop && len == (int)(4 * info->addr_cells);
	r->alignment = r->alignment_len_ok ? read_cells(prop, info->addr_cells) : 0;
	if (r->alignment && !mm_is_power_of_2(r->alignment))
		return reject(p, MM_EDTB_PROPERTY, "reserved-memory alignment is not a power of two");

	r->no_map = fdt_getprop(p->fdt, node, "no-map", NULL) != NULL;
	r->reusable = fdt_getprop(p->fdt, node, "reusable", NULL) != NULL;
	r->cma_default = fdt_getprop(p->fdt, node, "linux,cma-default", NULL) != NULL;
	r->shared_dma_pool = node_compatible(p->fdt, node, "shared-dma-pool");
	r->restricted_dma_pool = node_compatible(p->fdt, node, "restricted-dma-pool");
	r->has_phandle = false;
	r->phandle = 0;
	return 0;
}

static int read_reserved_memory(struct parse *p)
{
	struct dt_info *info = p->info;
	int root, child, ret;

	info->nr_rmem = 0;
	info->reserved_memory_root_ok = false;
	root = fdt_subnode_offset(p->fdt, 0, "reserved-memory");
	info->has_reserved_memory = root >= 0;
	if (root < 0)
		return 0;
	info->reserved_memory_root_ok =
		child_cells_match(p->fdt, root, "#size-cells", info->size_cells) &&
		child_cells_match(p->fdt, root, "#address-cells", info->addr_cells) &&
		fdt_getprop(p->fdt, root, "ranges", NULL) != NULL;
	if (!info->reserved_memory_root_ok)
		return 0;

	fdt_for_each_subnode(child, p->fdt, root) {
		if (!node_available(p->fdt, child))
			continue;
		if (info->nr_rmem == DT_MAX_RMEM_NODES)
			return reject(p, MM_EINPUT, "more reserved-memory nodes than the model keeps");
		ret = read_rmem_child(p, child, &info->rmem[info->nr_rmem]);
		if (ret)
			return ret;
		info->nr_rmem++;
	}
	return 0;
}

/* Phandle checks: every node's phandle, then memory-region references. */

struct phandle_ent {
	uint32_t phandle;
	int node;
};

struct graph {
	struct phandle_ent *ents;	/* sorted by phandle */
	int nr;
	int *state;			/* per entry: 0 new, 1 on the DFS path, 2 done */
	int *stack_ent, *stack_ref;
};

static int cmp_phandle(const void *a, const void *b)
{
	const struct phandle_ent *x = a, *y = b;

	return (x->phandle > y->phandle) - (x->phandle < y->phandle);
}

static int find_phandle(const struct graph *g, uint32_t ph)
{
	int lo = 0, hi = g->nr - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (g->ents[mid].phandle == ph)
			return mid;
		if (g->ents[mid].phandle < ph)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int node_phandle(struct parse *p, int node, bool *has, uint32_t *out)
{
	int len1, len2;
	const void *a = fdt_getprop(p->fdt, node, "phandle", &len1);
	const void *b = fdt_getprop(p->fdt, node, "linux,phandle", &len2);

	*has = a || b;
	if (!*has)
		return 0;
	if ((a && len1 != 4) || (b && len2 != 4))
		return reject(p, MM_EDTB_PHANDLE, "phandle property is not one cell long");
	*out = fdt32_ld(a ? a : b);
	if (a && b && fdt32_ld(b) != *out)
		return reject(p, MM_EDTB_PHANDLE, "phandle and linux,phandle disagree");
	if (*out == 0 || *out == 0xffffffffu)
		return reject(p, MM_EDTB_PHANDLE, "phandle value 0 or 0xffffffff");
	return 0;
}

/* A node's memory-region: number of references, or a negative rejection. */
static int memory_region(struct parse *p, int node, const uint8_t **refs)
{
	int len;

	*refs = fdt_getprop(p->fdt, node, "memory-region", &len);
	if (!*refs)
		return 0;
	if (len % 4)
		return reject(p, MM_EDTB_PHANDLE, "memory-region is not a whole number of phandles");
	return len / 4;
}

static int collect_phandles(struct parse *p, struct graph *g)
{
	int node, depth = 0, ret;

	g->nr = 0;
	for (node = 0; node >= 0; node = fdt_next_node(p->fdt, node, &depth)) {
		bool has;
		uint32_t ph;

		ret = node_phandle(p, node, &has, &ph);
		if (ret)
			return ret;
		if (has) {
			g->ents[g->nr].phandle = ph;
			g->ents[g->nr].node = node;
			g->nr++;
		}
	}
	qsort(g->ents, (size_t)g->nr, sizeof(*g->ents), cmp_phandle);
	for (int i = 1; i < g->nr; i++)
		if (g->ents[i].phandle == g->ents[i - 1].phandle)
			return reject(p, MM_EDTB_PHANDLE, "two nodes share a phandle");
	return 0;
}

static int check_dangling(struct parse *p, const struct graph *g)
{
	int node, depth = 0;

	for (node = 0; node >= 0; node = fdt_next_node(p->fdt, node, &depth)) {
		const uint8_t *refs;
		int n = memory_region(p, node, &refs);

		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			if (find_phandle(g, fdt32_ld((const fdt32_t *)(refs + 4 * i))) < 0)
				return reject(p, MM_EDTB_PHANDLE, "memory-region references a missing phandle");
	}
	return 0;
}

/* Iterative DFS over memory-region edges from phandle entry `start`. */
static int dfs_from(struct parse *p, struct graph *g, int start)
{
	int top = 1;

	if (g->state[start] == 2)
		return 0;
	g->state[start] = 1;
	g->stack_ent[0] = start;
	g->stack_ref[0] = 0;
	while (top) {
		int e = g->stack_ent[top - 1];
		int i = g->stack_ref[top - 1]++;
		const uint8_t *refs;
		int n = memory_region(p, g->ents[e].node, &refs);
		int to;

		if (n < 0)
			return n;
		if (i >= n) {
			g->state[e] = 2;
			top--;
			continue;
		}
		to = find_phandle(g, fdt32_ld((const fdt32_t *)(refs + 4 * i)));
		if (g->state[to] == 1)
			return reject(p, MM_EDTB_PHANDLE, "memory-region references loop");
		if (g->state[to] == 0) {
			g->state[to] = 1;
			g->stack_ent[top] = to;
			g->stack_ref[top] = 0;
			top++;
		}
	}
	return 0;
}

/*
 * A reserved-memory child's memory-region chain must end; references were
 * already checked to resolve, so find_phandle() cannot fail here.
 */
static int check_loop_from(struct parse *p, struct graph *g, struct dt_rmem_node *r)
{
	const uint8_t *refs;
	int n, ret;

	ret = node_phandle(p, r->node, &r->has_phandle, &r->phandle);
	if (ret)
		return ret;
	if (r->has_phandle)
		return dfs_from(p, g, find_phandle(g, r->phandle));
	n = memory_region(p, r->node, &refs);
	for (int i = 0; i < n; i++) {
		ret = dfs_from(p, g, find_phandle(g, fdt32_ld((const fdt32_t *)(refs + 4 * i))));
		if (ret)
			return ret;
	}
	return n < 0 ? n : 0;
}

static int check_phandles(struct parse *p)
{
	struct graph g = { 0 };
	int node, depth = 0, nr_nodes = 0, ret;

	for (node = 0; node >= 0; node = fdt_next_node(p->fdt, node, &depth))
		nr_nodes++;
	g.ents = malloc(sizeof(*g.ents) * (size_t)nr_nodes);
	g.state = calloc((size_t)nr_nodes, sizeof(*g.state));
	g.stack_ent = malloc(sizeof(int) * (size_t)nr_nodes);
	g.stack_ref = malloc(sizeof(int) * (size_t)nr_nodes);
	if (!g.ents || !g.state || !g.stack_ent || !g.stack_ref) {
		ret = reject(p, MM_ENOMEM, "out of host memory while checking phandles");
		goto out;
	}
	ret = collect_phandles(p, &g);
	if (!ret)
		ret = check_dangling(p, &g);
	for (int i = 0; !ret && i < p->info->nr_rmem; i++)
		ret = check_loop_from(p, &g, &p->info->rmem[i]);
out:
	free(g.ents);
	free(g.state);
	free(g.stack_ent);
	free(g.stack_ref);
	return ret;
}

static void clear_counts(struct dt_info *info)
{
	info->has_chosen = false;
	info->has_bootargs = false;
	info->bootargs[0] = '\0';
	info->has_initrd = false;
	info->nr_usable = 0;
	info->nr_mem = 0;
	info->nr_memrsv = 0;
	info->has_reserved_memory = false;
	info->reserved_memory_root_ok = false;
	info->nr_rmem = 0;
	memset(&info->unflat, 0, sizeof(info->unflat));
}

static int parse_blob(struct parse *p, size_t bufsize)
{
	struct dt_info *info = p->info;
	int ret = check_blob(p, bufsize);

	if (ret)
		return ret;
	info->totalsize = fdt_totalsize(p->fdt);
	ret = root_cells(p, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT, &info->addr_cells);
	if (!ret)
		ret = root_cells(p, "#size-cells", OF_ROOT_NODE_SIZE_CELLS_DEFAULT, &info->size_cells);
	if (ret)
		return ret;
	p->tuple_len = (int)(4 * (info->addr_cells + info->size_cells));
	ret = read_memrsv(p);
	if (!ret)
		ret = read_chosen(p);
	if (!ret)
		ret = read_memory(p);
	if (!ret)
		ret = read_reserved_memory(p);
	if (!ret)
		ret = check_phandles(p);
	return ret;
}

int dt_parse(const void *fdt, size_t bufsize, struct dt_info *info, const char **why)
{
	struct parse p = { .fdt = fdt, .info = info };
	void *copy = NULL;
	int ret;

	clear_counts(info);
	/* libfdt refuses blobs that are not 8-byte aligned (FDT_ERR_ALIGNMENT). */
	if (fdt && ((uintptr_t)fdt & 7)) {
		copy = malloc(bufsize ? bufsize : 1);
		if (!copy) {
			p.why = "out of host memory";
			ret = -MM_ENOMEM;
			goto out;
		}
		memcpy(copy, fdt, bufsize);
		p.fdt = copy;
	}
	if (!fdt)
		ret = reject(&p, MM_EDTB_TRUNCATED, "no blob");
	else
		ret = parse_blob(&p, bufsize);
out:
	free(copy);
	if (ret)
		clear_counts(info);
	if (why)
		*why = ret ? p.why : NULL;
	return ret;
}

/*
 * fdt_check_mem_start(): the decompressor only looks at the low 32 bits of
 * each bank, and its 2 MiB round-up is done in 32 bits.
 */
uint64_t dt_guess_phys_offset(const struct dt_info *info, uint64_t load_addr)
{
	uint32_t mem_start = mm_bug_on(MM_BUG_FDT_GUESS_IGNORES_LOAD_ADDRESS) ? 0 : (uint32_t)load_addr & 0xf8000000u;
	uint32_t lowest = 0xffffffffu;
	uint64_t usable_base = 0, usable_end = 0;
	bool usable = info->nr_usable > 0;

	if (usable) {
		if (info->usable_size[0] == 0 || info->usable_base[0] >> 32)
			return mem_start;
		usable_base = info->usable_base[0];
		usable_end = usable_base + info->usable_size[0];
	}
	for (int i = 0; i < info->nr_mem; i++) {
		const struct dt_mem_range *r = &info->mem[i];
		uint64_t base, end;

		if (r->base >> 32)
			continue;
		base = r->base;
		end = base + r->size;
		if (usable) {
			if (base < usable_base)
				base = usable_base;
			if (end > usable_end)
				end = usable_end;
			if (end <= base)
				continue;
		} else if (mem_start >= base && mem_start < end) {
			return mem_start;
		}
		if (base < lowest)
			lowest = (uint32_t)base;
	}
	if (lowest == 0xffffffffu)
		return 0;
	return (uint32_t)((lowest + (uint32_t)SZ_2M - 1) & ~((uint32_t)SZ_2M - 1));
}

/* early_init_dt_add_memory_arch() (generic), PHYS_OFFSET as MIN_MEMBLOCK_ADDR. */
static void add_memory_arch(struct memblock *mb, uint64_t base, uint64_t size,
			    phys_addr_t phys_offset)
{
	const uint64_t max_addr = mb->phys_max;
	const uint64_t min_addr = phys_offset & mb->phys_max;
	const uint64_t in_page = base & (PAGE_SIZE - 1);

	if (size < PAGE_SIZE - in_page) {
		mm_printk(mb->log, "OF: fdt: Ignoring memory block 0x%llx - 0x%llx\n",
			  (unsigned long long)base, (unsigned long long)(base + size));
		return;
	}
	if (in_page) {
		size -= PAGE_SIZE - in_page;
		base += PAGE_SIZE - in_page;
	}
	size &= PAGE_MASK;
	if (base > max_addr) {
		mm_printk(mb->log, "OF: fdt: Ignoring memory block 0x%llx - 0x%llx\n",
			  (unsigned long long)base, (unsigned long long)(base + size));
		return;
	}
	if (base + size - 1 > max_addr) {
		mm_printk(mb->log, "OF: fdt: Ignoring memory range 0x%llx - 0x%llx\n",
			  (unsigned long long)(max_addr + 1), (unsigned long long)(base + size));
		size = max_addr - base + 1;
	}
	if (base + size < min_addr) {
		mm_printk(mb->log, "OF: fdt: Ignoring memory block 0x%llx - 0x%llx\n",
			  (unsigned long long)base, (unsigned long long)(base + size));
		return;
	}
	if (base < min_addr) {
		mm_printk(mb->log, "OF: fdt: Ignoring memory range 0x%llx - 0x%llx\n",
			  (unsigned long long)base, (unsigned long long)min_addr);
		size -= min_addr - base;
		base = min_addr;
	}
	memblock_set_caller(mb, CS_EARLY_INIT_DT_ADD_MEMORY_ARCH);
	memblock_add(mb, base, size);
}

void dt_apply_memory(const struct dt_info *info, struct memblock *mb, phys_addr_t phys_offset)
{
	/* early_init_dt_scan_nodes() warns here, between the /chosen and memory scans. */
	if (!info->has_chosen)
		mm_printk(mb->log, "OF: fdt: No chosen node found, continuing without\n");
	for (int i = 0; i < info->nr_mem; i++) {
		const struct dt_mem_range *r = &info->mem[i];

		add_memory_arch(mb, r->base, r->size, phys_offset);
		if (!r->hotpluggable)
			continue;
		/* The kernel marks the range as read, not as rounded and clipped. */
		memblock_set_caller(mb, CS_EARLY_INIT_DT_SCAN_MEMORY);
		if (memblock_mark_hotplug(mb, r->base, r->size))
			mm_printk(mb->log, "OF: fdt: failed to mark hotplug range 0x%llx - 0x%llx\n",
				  (unsigned long long)r->base,
				  (unsigned long long)(r->base + r->size));
	}
}

void dt_apply_usable_mem_range(const struct dt_info *info, struct memblock *mb)
{
	/* struct memblock_region holds phys_addr_t: the cells are truncated on read. */
	if (info->nr_usable == 0)
		return;
	memblock_set_caller(mb, CS_EARLY_INIT_DT_CHECK_FOR_USABLE_MEM_RANGE);
	memblock_cap_memory_range(mb, info->usable_base[0] & mb->phys_max,
				  info->usable_size[0] & mb->phys_max);
	for (int i = 1; i < info->nr_usable && (info->usable_size[i] & mb->phys_max); i++)
		memblock_add(mb, info->usable_base[i] & mb->phys_max,
			     info->usable_size[i] & mb->phys_max);
}
