/*
 * /memreserve/ and /reserved-memory: Linux v6.1 drivers/of/fdt.c
 * early_init_fdt_scan_reserved_mem, fdt_scan_reserved_mem,
 * __reserved_mem_reserve_reg, early_init_dt_reserve_memory (pr_fmt
 * "OF: fdt: "); drivers/of/of_reserved_mem.c fdt_reserved_mem_save_node,
 * __reserved_mem_alloc_size, early_init_dt_alloc_reserved_memory_arch,
 * __rmem_check_for_overlap (with lib/sort.c's heapsort), fdt_init_reserved_mem,
 * __reserved_mem_init_node (pr_fmt "OF: reserved mem: ");
 * kernel/dma/contiguous.c rmem_cma_setup and kernel/dma/coherent.c
 * rmem_dma_setup (no prefix); mm/cma.c cma_init_reserved_mem ("cma: ").
 *
 * Departures: works from struct dt_info instead of the blob; only the
 * "shared-dma-pool" setup hooks exist (CMA first, then the coherent pool,
 * the link order of kernel/dma/); "restricted-dma-pool" (swiotlb) is
 * treated as matching nothing because Debian's armmp configs do not build
 * CONFIG_DMA_RESTRICTED_POOL; pr_debug lines are not logged because they
 * are off by default in the real boot.
 */
#include "of_reserved_mem.h"

#include <stdio.h>
#include <string.h>

#include "mm_errno.h"
#include "printk.h"

struct rmem_ctx {
	const struct dt_info *info;
	struct memblock *mb;
	struct reserved_mem_state *rs;
	phys_addr_t pageblock_bytes;
	bool cmdline_cma;		/* size_cmdline != -1 */
	bool lpae;
};

static phys_addr_t to_phys(const struct rmem_ctx *c, uint64_t v)
{
	return v & c->mb->phys_max;
}

static const char *pa(const struct rmem_ctx *c, char buf[19], phys_addr_t v)
{
	return mm_fmt_pa(buf, v, c->lpae);
}

/* early_init_dt_reserve_memory() */
static int reserve_memory(struct rmem_ctx *c, phys_addr_t base, phys_addr_t size, bool nomap)
{
	struct memblock *mb = c->mb;

	memblock_set_caller(mb, CS_FDT_RESERVE_REG);
	if (nomap) {
		/* Refuse to unmap memory something else already reserved. */
		if (memblock_overlaps_region(&mb->memory, base, size) &&
		    memblock_is_region_reserved(mb, base, size))
			return -MM_EBUSY;
		return memblock_mark_nomap(mb, base, size);
	}
	return memblock_reserve(mb, base, size);
}

/* fdt_reserved_mem_save_node() */
static void save_node(struct rmem_ctx *c, int idx, phys_addr_t base, phys_addr_t size)
{
	struct reserved_mem_state *rs = c->rs;
	struct reserved_mem *rmem;

	if (rs->nr_reserved_mem == MAX_RESERVED_REGIONS) {
		mm_printk(c->mb->log, "OF: reserved mem: not enough space for all defined regions.\n");
		return;
	}
	rmem = &rs->reserved_mem[rs->nr_reserved_mem++];
	memcpy(rmem->name, c->info->rmem[idx].name, sizeof(rmem->name));
	rmem->rmem_index = idx;
	rmem->phandle = 0;
	rmem->base = base;
	rmem->size = size;
	rmem->setup = RMEM_SETUP_NONE;
}

/* __reserved_mem_reserve_reg(): every tuple reserved, the first one saved. */
static void reserve_reg(struct rmem_ctx *c, int idx)
{
	const struct dt_rmem_node *n = &c->info->rmem[idx];
	char b[19];

	for (int i = 0; i < n->nr_reg; i++) {
		phys_addr_t base = to_phys(c, n->reg_base[i]);
		phys_addr_t size = to_phys(c, n->reg_size[i]);

		if (!size || reserve_memory(c, base, size, n->no_map) != 0)
			mm_printk(c->mb->log,
				  "OF: fdt: Reserved memory: failed to reserve memory for node '%s': base %s, size %lu MiB\n",
				  n->name, pa(c, b, base), (unsigned long)(uint32_t)(size / SZ_1M));
		if (i == 0)
			save_node(c, idx, base, size);
	}
}

/* fdt_scan_reserved_mem() */
static void scan_reserved_mem(struct rmem_ctx *c)
{
	const struct dt_info *info = c->info;

	if (!info->has_reserved_memory)
		return;
	if (!info->reserved_memory_root_ok) {
		mm_printk(c->mb->log, "OF: fdt: Reserved memory: unsupported node format, ignoring\n");
		return;
	}
	for (int i = 0; i < info->nr_rmem; i++) {
		const struct dt_rmem_node *n = &info->rmem[i];

		if (n->has_reg)
			reserve_reg(c, i);
		else if (n->has_size)
			save_node(c, i, 0, 0);
	}
}

static int rmem_cmp(const struct reserved_mem *a, const struct reserved_mem *b)
{
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return 0;
}

static void rmem_swap(struct reserved_mem *a, struct reserved_mem *b)
{
	struct reserved_mem t = *a;

	*a = *b;
	*b = t;
}

/*
 * lib/sort.c sort(): bottom-up heapsort, not stable.  Reproduced step for
 * step because the final order of equal keys (several dynamic (0, 0)
 * nodes) decides the order of their allocations.
 */
static void rmem_sort(struct reserved_mem *v, size_t num)
{
	size_t n = num, a = num / 2;

	if (!a)
		return;
	for (;;) {
		size_t b, c, d;

		if (a)
			a--;
		else if (--n)
			rmem_swap(&v[0], &v[n]);
		else
			break;

		/* Find the leaf the sift-down path ends at, one compare per level. */
		for (b = a; c = 2 * b + 1, (d = c + 1) < n;)
			b = rmem_cmp(&v[c], &v[d]) >= 0 ? c : d;
		if (d == n)
			b = c;
		/* Back up to where v[a] belongs, then rotate it into place. */
		while (b != a && rmem_cmp(&v[a], &v[b]) >= 0)
			b = (b - 1) / 2;
		c = b;
		while (b != a) {
			b = (b - 1) / 2;
			rmem_swap(&v[b], &v[c]);
		}
	}
}

/* __rmem_check_for_overlap(): sorts the table, reports but keeps overlaps. */
static void check_for_overlap(struct rmem_ctx *c)
{
	struct reserved_mem_state *rs = c->rs;
	char b1[19], b2[19], b3[19], b4[19];

	if (rs->nr_reserved_mem < 2)
		return;
	rmem_sort(rs->reserved_mem, (size_t)rs->nr_reserved_mem);
	for (int i = 0; i < rs->nr_reserved_mem - 1; i++) {
		const struct reserved_mem *this = &rs->reserved_mem[i];
		const struct reserved_mem *next = &rs->reserved_mem[i + 1];
		phys_addr_t this_end = to_phys(c, this->base + this->size);
		phys_addr_t next_end = to_phys(c, next->base + next->size);

		if (this_end > next->base)
			mm_printk(c->mb->log,
				  "OF: reserved mem: OVERLAP DETECTED!\n%s (%s--%s) overlaps with %s (%s--%s)\n",
				  this->name, pa(c, b1, this->base), pa(c, b2, this_end),
				  next->name, pa(c, b3, next->base), pa(c, b4, next_end));
	}
}

/* early_init_dt_alloc_reserved_memory_arch() */
static int alloc_reserved_memory_arch(struct rmem_ctx *c, phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end, bool nomap,
				      phys_addr_t *res_base)
{
	struct memblock *mb = c->mb;
	phys_addr_t base;
	int err = 0;

	end = end ? end : MEMBLOCK_ALLOC_ANYWHERE(mb);
	align = align ? align : SMP_CACHE_BYTES;
	memblock_set_caller(mb, CS_RMEM_ALLOC);
	base = memblock_phys_alloc_range(mb, size, align, start, end);
	if (!base)
		return -MM_ENOMEM;
	*res_base = base;
	if (nomap) {
		err = memblock_mark_nomap(mb, base, size);
		if (err)
			memblock_phys_free(mb, base, size);
	}
	return err;
}

/* __reserved_mem_alloc_size() */
static int alloc_size(struct rmem_ctx *c, struct reserved_mem *rmem)
{
	const struct dt_rmem_node *n = &c->info->rmem[rmem->rmem_index];
	phys_addr_t base = 0, align = 0, size;
	int ret = 0;

	if (!n->has_size)
		return -MM_EINVAL;
	if (!n->size_len_ok) {
		mm_printk(c->mb->log, "OF: reserved mem: invalid size property in '%s' node.\n", n->name);
		return -MM_EINVAL;
	}
	size = to_phys(c, n->size);
	if (n->has_alignment) {
		if (!n->alignment_len_ok) {
			mm_printk(c->mb->log, "OF: reserved mem: invalid alignment property in '%s' node.\n",
				  n->name);
			return -MM_EINVAL;
		}
		align = to_phys(c, n->alignment);
	}
	/* A CMA pool must cover whole pageblocks. */
	if (n->shared_dma_pool && n->reusable && !n->no_map && align < c->pageblock_bytes)
		align = c->pageblock_bytes;

	if (n->has_alloc_ranges) {
		/* A range whose mark_nomap failed still leaves `base` set, as in the kernel. */
		for (int i = 0; i < n->nr_alloc_ranges; i++) {
			phys_addr_t start = to_phys(c, n->alloc_base[i]);
			phys_addr_t end = to_phys(c, start + n->alloc_size[i]);

			ret = alloc_reserved_memory_arch(c, size, align, start, end, n->no_map, &base);
			if (ret == 0)
				break;
		}
	} else {
		alloc_reserved_memory_arch(c, size, align, 0, 0, n->no_map, &base);
	}
	if (base == 0) {
		mm_printk(c->mb->log, "OF: reserved mem: failed to allocate memory for node '%s': size %lu MiB\n",
			  n->name, (unsigned long)(uint32_t)(size / SZ_1M));
		return -MM_ENOMEM;
	}
	rmem->base = base;
	rmem->size = size;
	return 0;
}

/* mm/cma.c cma_init_reserved_mem() */
static int cma_init_reserved_mem(struct rmem_ctx *c, const struct reserved_mem *rmem)
{
	struct reserved_mem_state *rs = c->rs;
	struct cma_area *cma;

	if (rs->nr_cma == MAX_CMA_AREAS) {
		mm_printk(c->mb->log, "cma: Not enough slots for CMA reserved regions!\n");
		return -MM_ENOSPC;
	}
	if (!rmem->size || !memblock_is_region_reserved(c->mb, rmem->base, rmem->size))
		return -MM_EINVAL;
	if ((rmem->base | rmem->size) & (c->pageblock_bytes - 1))
		return -MM_EINVAL;
	cma = &rs->cma[rs->nr_cma++];
	memcpy(cma->name, rmem->name, sizeof(cma->name));
	cma->base = rmem->base;
	cma->size = rmem->size;
	cma->from_dt = true;
	return 0;
}

/* kernel/dma/contiguous.c rmem_cma_setup() */
static int rmem_cma_setup(struct rmem_ctx *c, const struct reserved_mem *rmem)
{
	const struct dt_rmem_node *n = &c->info->rmem[rmem->rmem_index];
	char b[19];
	int err;

	if (c->cmdline_cma && n->cma_default) {
		mm_printk(c->mb->log,
			  "Reserved memory: bypass %s node, using cmdline CMA params instead\n",
			  rmem->name);
		return -MM_EBUSY;
	}
	if (!n->reusable || n->no_map)
		return -MM_EINVAL;
	if ((rmem->base | rmem->size) & (c->pageblock_bytes - 1)) {
		mm_printk(c->mb->log, "Reserved memory: incorrect alignment of CMA region\n");
		return -MM_EINVAL;
	}
	err = cma_init_reserved_mem(c, rmem);
	if (err) {
		mm_printk(c->mb->log, "Reserved memory: unable to setup CMA region\n");
		return err;
	}
	if (n->cma_default)
		c->rs->default_cma = c->rs->nr_cma - 1;
	mm_printk(c->mb->log, "Reserved memory: created CMA memory pool at %s, size %ld MiB\n",
		  pa(c, b, rmem->base), (long)(uint32_t)rmem->size / (long)SZ_1M);
	return 0;
}

/* kernel/dma/coherent.c rmem_dma_setup(), CONFIG_ARM branch */
static int rmem_dma_setup(struct rmem_ctx *c, const struct reserved_mem *rmem)
{
	const struct dt_rmem_node *n = &c->info->rmem[rmem->rmem_index];
	char b[19];

	if (n->reusable)
		return -MM_EINVAL;
	if (!n->no_map) {
		mm_printk(c->mb->log, "Reserved memory: regions without no-map are not yet supported\n");
		return -MM_EINVAL;
	}
	mm_printk(c->mb->log, "Reserved memory: created DMA memory pool at %s, size %ld MiB\n",
		  pa(c, b, rmem->base), (long)(uint32_t)rmem->size / (long)SZ_1M);
	return 0;
}

/* __reserved_mem_init_node(): the matching setup hooks in table order. */
static int init_node(struct rmem_ctx *c, struct reserved_mem *rmem)
{
	const struct dt_rmem_node *n = &c->info->rmem[rmem->rmem_index];
	int ret;

	if (!n->shared_dma_pool)
		return -MM_ENOENT;
	ret = rmem_cma_setup(c, rmem);
	if (ret == 0) {
		rmem->setup = RMEM_SETUP_CMA;
	} else {
		ret = rmem_dma_setup(c, rmem);
		if (ret == 0)
			rmem->setup = RMEM_SETUP_DMA;
	}
	if (ret == 0)
		mm_printk(c->mb->log, "OF: reserved mem: initialized node %s, compatible id %s\n",
			  rmem->name, "shared-dma-pool");
	return ret;
}

/* fdt_init_reserved_mem() */
static void init_reserved_mem(struct rmem_ctx *c)
{
	struct reserved_mem_state *rs = c->rs;
	struct memblock *mb = c->mb;

	check_for_overlap(c);
	for (int i = 0; i < rs->nr_reserved_mem; i++) {
		struct reserved_mem *rmem = &rs->reserved_mem[i];
		const struct dt_rmem_node *n = &c->info->rmem[rmem->rmem_index];
		int err = 0;

		if (n->has_phandle)
			rmem->phandle = n->phandle;
		if (rmem->size == 0)
			err = alloc_size(c, rmem);
		if (err) {
			rmem->setup = RMEM_SETUP_NOALLOC;
			continue;
		}
		err = init_node(c, rmem);
		if (err != 0 && err != -MM_ENOENT) {
			rmem->setup = RMEM_SETUP_FAILED;
			mm_printk(mb->log, "OF: reserved mem: node %s compatible matching fail\n", rmem->name);
			memblock_set_caller(mb, CS_FDT_INIT_RESERVED_MEM);
			if (n->no_map)
				memblock_clear_nomap(mb, rmem->base, rmem->size);
			else
				memblock_phys_free(mb, rmem->base, rmem->size);
			continue;
		}
	}
}

void early_init_fdt_scan_reserved_mem(const struct dt_info *info, const struct early_params *ep,
				      struct memblock *mb, phys_addr_t pageblock_bytes,
				      struct reserved_mem_state *rs)
{
	struct rmem_ctx c = {
		.info = info,
		.mb = mb,
		.rs = rs,
		.pageblock_bytes = pageblock_bytes,
		.lpae = mb->phys_max == PHYS_MAX_64,
	};

	/* size_cmdline is a phys_addr_t that starts at -1: cma=<all ones> reads as "not given". */
	c.cmdline_cma = ep && ep->has_cma && (ep->cma_size & mb->phys_max) != mb->phys_max;
	rs->nr_reserved_mem = 0;
	rs->nr_cma = 0;
	rs->default_cma = -1;

	for (int i = 0; i < info->nr_memrsv; i++) {
		memblock_set_caller(mb, CS_FDT_SCAN_MEMRESERVE);
		memblock_reserve(mb, info->memrsv[i].address, info->memrsv[i].size);
	}
	scan_reserved_mem(&c);
	init_reserved_mem(&c);
}
