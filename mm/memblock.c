/*
 * Linux v6.1 mm/memblock.c: region arrays (memblock_add_range,
 * memblock_isolate_range, memblock_remove_range, memblock_merge_regions,
 * memblock_double_array, memblock_setclr_flag), free-range iteration
 * (__next_mem_range[_rev], should_skip_region), allocation
 * (memblock_find_in_range_node, memblock_alloc_range_nid,
 * memblock_alloc_internal, memblock_alloc_try_nid{,_raw},
 * memblock_alloc_exact_nid_raw, memblock_phys_alloc_*), memblock_free,
 * memblock_cap_memory_range and the queries.
 *
 * Departures (see also memblock.h):
 *  - phys_addr_t arithmetic wraps at mb->phys_max, as the simulated
 *    build's would; every argument is truncated on entry.
 *  - Without mb->numa every region's nid is stored as MAX_NUMNODES and
 *    reads as 0, as memblock_get_region_node() of a kernel without NUMA
 *    returns (the kernel stores nothing).
 *  - An alignment that is not a power of two is refused (-MM_EINVAL,
 *    address 0): the kernel's round_down() silently assumes one.
 *  - WARN/dump_stack output is not reproducible: a zero alignment logs a
 *    one-line model message instead of a stack dump; WARN_ONs are silent.
 *  - The BUG_ON after reserving a doubled array sets mb->panicked; from
 *    then on every operation is refused with -MM_EPANIC.
 *  - Debug lines print %pS as mb->dbg_caller ("0x0" when unset) for the
 *    public call (memblock_set_caller: the build's function+offset/size,
 *    or the bare name), and the same for the nested calls
 *    (memblock_alloc_range_nid, memblock_double_array, memblock_free).
 *    The doubling line, which the kernel prints without "\n", gets one.
 *  - memblock_trim_memory() drops a region whose start rounds up past
 *    PHYS_ADDR_MAX; the kernel's round_up() wraps to 0 and leaves a region
 *    [0, end) out of order.
 *  - Each doubling is recorded in cur_op->resizes (old_phys and
 *    old_alloc_size are 0 for the static array); nr_resizes counts them
 *    all, even past MEMBLOCK_MAX_RESIZES_PER_OP, where recording stops.
 */
#include "memblock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "mm_errno.h"

static const char memory_name[] = "memory";
static const char reserved_name[] = "reserved";

static phys_addr_t pa_wrap(const struct memblock *mb, phys_addr_t x)
{
	return x & mb->phys_max;
}

static phys_addr_t cap_size(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t room = mb->phys_max - base;

	return size < room ? size : room;
}

static phys_addr_t pa_min(phys_addr_t a, phys_addr_t b)
{
	return a < b ? a : b;
}

static phys_addr_t pa_max(phys_addr_t a, phys_addr_t b)
{
	return a > b ? a : b;
}

static phys_addr_t pa_clamp(phys_addr_t x, phys_addr_t lo, phys_addr_t hi)
{
	return pa_min(pa_max(x, lo), hi);
}

static bool phys_64bit(const struct memblock *mb)
{
	return mb->phys_max == PHYS_MAX_64;
}

static const char *top_caller(const struct memblock *mb)
{
	return mb->dbg_caller ? mb->dbg_caller : "0x0";
}

static int region_nid(const struct memblock *mb, int nid)
{
	return mb->numa ? nid : MAX_NUMNODES;
}

static void dbg_range(struct memblock *mb, const char *func, phys_addr_t base,
		      phys_addr_t size, const char *caller)
{
	char b[19], e[19];

	if (!mb->debug)
		return;
	mm_printk(mb->log, "%s: [%s-%s] %s\n", func, mm_fmt_pa(b, base, phys_64bit(mb)),
		  mm_fmt_pa(e, pa_wrap(mb, base + size - 1), phys_64bit(mb)), caller);
}

static void warn_mirror(struct memblock *mb, phys_addr_t size)
{
	char s[19];

	mm_printk(mb->log, "Could not allocate %s bytes of mirrored memory\n",
		  mm_fmt_pa(s, size, phys_64bit(mb)));
}

/*
 * The kernel's memmove of region arrays, field by field: under ASan a
 * memmove call is a byte loop (internal_memmove) after a shadow scan of both
 * ranges, which on a full array was an eighth of memblock_ops' time.  A
 * struct assignment would be a memcpy call per region, and without
 * always_inline clang keeps copy_region a call.
 */
static inline __attribute__((always_inline)) void copy_region(struct memblock_region *dst,
							   const struct memblock_region *src)
{
	dst->base = src->base;
	dst->size = src->size;
	dst->flags = src->flags;
	dst->nid = src->nid;
}

static void move_regions(struct memblock_region *dst, const struct memblock_region *src,
			 unsigned long n)
{
	if (dst < src)
		for (unsigned long i = 0; i < n; i++)
			copy_region(&dst[i], &src[i]);
	else
		for (unsigned long i = n; i-- > 0;)
			copy_region(&dst[i], &src[i]);
}

static void memblock_remove_region(const struct memblock *mb, struct memblock_type *type,
				   unsigned long r)
{
	/* total_size wraps in the build's phys_addr_t (a trim leaves it above the regions' sum) */
	if (!mm_bug_on(MM_BUG_MEMBLOCK_TOTAL_SIZE))
		type->total_size = pa_wrap(mb, type->total_size - type->regions[r].size);
	move_regions(&type->regions[r], &type->regions[r + 1], type->cnt - (r + 1));
	type->cnt--;

	/* An empty array keeps one zero-sized dummy entry. */
	if (type->cnt == 0) {
		type->cnt = 1;
		type->regions[0] = (struct memblock_region){ 0, 0, MEMBLOCK_NONE, MAX_NUMNODES };
	}
}

static void memblock_insert_region(const struct memblock *mb, struct memblock_type *type,
				   unsigned long idx, phys_addr_t base, phys_addr_t size,
				   int nid, enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	move_regions(rgn + 1, rgn, type->cnt - idx);
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	rgn->nid = nid;
	type->cnt++;
	type->total_size = pa_wrap(mb, type->total_size + size);
}

static bool regions_touch(const struct memblock_region *this, const struct memblock_region *next)
{
	phys_addr_t end = this->base + this->size;

	if (mm_bug_on(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE) && end + 1 == next->base)
		return true;
	return end == next->base;
}

static void memblock_merge_regions(const struct memblock *mb, struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		if (!regions_touch(this, next) || this->flags != next->flags ||
		    (mb->numa && this->nid != next->nid)) {
			i++;
			continue;
		}
		this->size += next->size;
		move_regions(next, next + 1, type->cnt - (i + 2));
		type->cnt--;
	}
}

static bool should_skip_region(const struct memblock *mb, const struct memblock_region *m,
			       int nid, enum memblock_flags flags)
{
	/* memblock_get_region_node() is 0 in a kernel without NUMA */
	if (nid != NUMA_NO_NODE && nid != (mb->numa ? m->nid : 0))
		return true;
	if (mb->movable_node && (m->flags & MEMBLOCK_HOTPLUG) && !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !(m->flags & MEMBLOCK_MIRROR))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && (m->flags & MEMBLOCK_NOMAP))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && (m->flags & MEMBLOCK_DRIVER_MANAGED))
		return true;
	return false;
}

static uint64_t idx_pack(long ia, long ib)
{
	return (uint64_t)(uint32_t)ia | (uint64_t)(uint32_t)ib << 32;
}

/* Start of the gap before reserved region ib (gap ib lies between ib-1 and ib). */
static phys_addr_t gap_start(const struct memblock_type *b, long ib)
{
	return ib ? b->regions[ib - 1].base + b->regions[ib - 1].size : 0;
}

static phys_addr_t gap_end(const struct memblock *mb, const struct memblock_type *b, long ib)
{
	return ib < (long)b->cnt ? b->regions[ib].base : mb->phys_max;
}

static void set_out(phys_addr_t *out_start, phys_addr_t *out_end, phys_addr_t s, phys_addr_t e)
{
	if (out_start)
		*out_start = s;
	if (out_end)
		*out_end = e;
}

/* __next_mem_range(memory, reserved): lockstep walk of memory and the gaps between reservations. */
static bool next_free(const struct memblock *mb, uint64_t *idx, int nid,
		      enum memblock_flags flags, phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *a = &mb->memory, *b = &mb->reserved;
	long ia = (int32_t)(uint32_t)*idx;
	long ib = (int32_t)(uint32_t)(*idx >> 32);

	if (ia < 0 || ib < 0 || ib > (long)b->cnt)
		goto done;
	for (; ia < (long)a->cnt; ia++) {
		const struct memblock_region *m = &a->regions[ia];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		if (should_skip_region(mb, m, nid, flags))
			continue;
		for (; ib <= (long)b->cnt; ib++) {
			phys_addr_t r_start = gap_start(b, ib), r_end = gap_end(mb, b, ib);

			if (r_start >= m_end)
				break;
			if (m_start < r_end) {
				set_out(out_start, out_end, pa_max(m_start, r_start),
					pa_min(m_end, r_end));
				if (m_end <= r_end)
					ia++;
				else
					ib++;
				*idx = idx_pack(ia, ib);
				return true;
			}
		}
	}
done:
	*idx = ~0ULL;
	return false;
}

/* __next_mem_range_rev(memory, reserved). */
static bool prev_free(const struct memblock *mb, uint64_t *idx, int nid,
		      enum memblock_flags flags, phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *a = &mb->memory, *b = &mb->reserved;
	long ia = (int32_t)(uint32_t)*idx;
	long ib = (int32_t)(uint32_t)(*idx >> 32);

	if (*idx == ~0ULL) {
		ia = (long)a->cnt - 1;
		ib = (long)b->cnt;
	}
	if (ia >= (long)a->cnt || ib < 0 || ib > (long)b->cnt)
		goto done;
	for (; ia >= 0; ia--) {
		const struct memblock_region *m = &a->regions[ia];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		if (should_skip_region(mb, m, nid, flags))
			continue;
		for (; ib >= 0; ib--) {
			phys_addr_t r_start = gap_start(b, ib), r_end = gap_end(mb, b, ib);

			if (r_end <= m_start)
				break;
			if (m_end > r_start) {
				set_out(out_start, out_end, pa_max(m_start, r_start),
					pa_min(m_end, r_end));
				if (m_start >= r_start)
					ia--;
				else
					ib--;
				*idx = idx_pack(ia, ib);
				return true;
			}
		}
	}
done:
	*idx = ~0ULL;
	return false;
}

bool memblock_next_free_range(const struct memblock *mb, uint64_t *idx,
			      enum memblock_flags flags, phys_addr_t *out_start,
			      phys_addr_t *out_end)
{
	return next_free(mb, idx, NUMA_NO_NODE, flags, out_start, out_end);
}

bool memblock_prev_free_range(const struct memblock *mb, uint64_t *idx,
			      enum memblock_flags flags, phys_addr_t *out_start,
			      phys_addr_t *out_end)
{
	return prev_free(mb, idx, NUMA_NO_NODE, flags, out_start, out_end);
}

static phys_addr_t find_bottom_up(const struct memblock *mb, phys_addr_t start, phys_addr_t end,
				  phys_addr_t size, phys_addr_t align, int nid,
				  enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	uint64_t i = 0;

	while (next_free(mb, &i, nid, flags, &this_start, &this_end)) {
		this_start = pa_clamp(this_start, start, end);
		this_end = pa_clamp(this_end, start, end);
		/* round_up may wrap to 0, which the caller reads as failure, as in the kernel */
		cand = pa_wrap(mb, MM_ALIGN_UP(this_start, align));
		if (cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

static phys_addr_t find_top_down(const struct memblock *mb, phys_addr_t start, phys_addr_t end,
				 phys_addr_t size, phys_addr_t align, int nid,
				 enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	bool highest = true;
	uint64_t i = ~0ULL;

	while (prev_free(mb, &i, nid, flags, &this_start, &this_end)) {
		if (highest && mm_bug_on(MM_BUG_MEMBLOCK_TOPDOWN_SKIP_LAST)) {
			highest = false;
			continue;
		}
		highest = false;
		this_start = pa_clamp(this_start, start, end);
		this_end = pa_clamp(this_end, start, end);
		if (this_end < size)
			continue;
		cand = MM_ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

static phys_addr_t memblock_find_in_range_node(const struct memblock *mb, phys_addr_t size,
					       phys_addr_t align, phys_addr_t start,
					       phys_addr_t end, int nid,
					       enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = mb->current_limit;
	/* never hand out the first page */
	start = pa_max(start, PAGE_SIZE);
	end = pa_max(start, end);
	if (mb->bottom_up)
		return find_bottom_up(mb, start, end, size, align, nid, flags);
	return find_top_down(mb, start, end, size, align, nid, flags);
}

static enum memblock_flags choose_memblock_flags(const struct memblock *mb)
{
	return mb->system_has_some_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
}

static phys_addr_t memblock_find_in_range(struct memblock *mb, phys_addr_t start,
					  phys_addr_t end, phys_addr_t size, phys_addr_t align)
{
	enum memblock_flags flags = choose_memblock_flags(mb);
	phys_addr_t ret;

	for (;;) {
		ret = memblock_find_in_range_node(mb, size, align, start, end, NUMA_NO_NODE, flags);
		if (ret || !(flags & MEMBLOCK_MIRROR))
			return ret;
		warn_mirror(mb, size);
		flags &= ~MEMBLOCK_MIRROR;
	}
}

/*
 * memblock_insert_region()'s BUG_ON(cnt >= max).  memblock_add_range()
 * counts the pieces before doubling and inserts after it without counting
 * again; when the doubling freed the old array inside the range being
 * added, the second pass finds one more gap than the first counted, and a
 * count that was exactly at the new max hits this BUG.
 */
static int insert_or_bug(struct memblock *mb, struct memblock_type *type, unsigned long idx,
			 phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags)
{
	if (type->cnt >= type->max) {
		mb->panicked = true;
		mb->panic_msg = "kernel BUG in memblock_insert_region: region array full";
		mm_printk(mb->log, "kernel BUG at mm/memblock.c (memblock_insert_region)!\n");
		return -MM_EPANIC;
	}
	memblock_insert_region(mb, type, idx, base, size, nid, flags);
	return 0;
}

static int memblock_add_range(struct memblock *mb, struct memblock_type *type,
			      phys_addr_t base, phys_addr_t size, int nid,
			      enum memblock_flags flags);
static int memblock_remove_range(struct memblock *mb, struct memblock_type *type,
				 phys_addr_t base, phys_addr_t size);

static int reserve_nested(struct memblock *mb, phys_addr_t base, phys_addr_t size,
			  const char *caller)
{
	dbg_range(mb, "memblock_reserve", base, size, caller);
	return memblock_add_range(mb, &mb->reserved, base, size, MAX_NUMNODES, MEMBLOCK_NONE);
}

/* memblock_alloc_range_nid's own memblock_reserve line names it. */
static const char *nested(const struct memblock *mb)
{
	return build_sym(mb->build, CS_MEMBLOCK_ALLOC_RANGE_NID);
}

static void record_resize(struct memblock *mb, const struct memblock_resize *r)
{
	struct memblock_op *op = mb->cur_op;

	/* Count every doubling; only the first MEMBLOCK_MAX_RESIZES_PER_OP are kept. */
	if (!op)
		return;
	if (op->nr_resizes < MEMBLOCK_MAX_RESIZES_PER_OP)
		op->resizes[op->nr_resizes] = *r;
	op->nr_resizes++;
}

static int memblock_double_array(struct memblock *mb, struct memblock_type *type,
				 phys_addr_t new_area_start, phys_addr_t new_area_size)
{
	struct memblock_region *new_array, *old_array = type->regions;
	bool old_static = old_array == mb->init_memory || old_array == mb->init_reserved;
	phys_addr_t old_size = (phys_addr_t)type->max * mb->region_size;
	phys_addr_t new_size = old_size * 2;
	struct memblock_resize r = {
		.type = type == &mb->reserved,
		.new_max = type->max * 2,
		.new_alloc_size = MM_ALIGN_UP(new_size, PAGE_SIZE),
		.old_phys = type->array_phys,
		.old_alloc_size = old_static ? 0 : MM_ALIGN_UP(old_size, PAGE_SIZE),
	};
	char b[19], e[19];

	/* Resizing waits until the early reservations are known. */
	if (!mb->can_resize)
		return -MM_ENOMEM;

	/* Only the reserved array must keep clear of the range being added. */
	if (type != &mb->reserved)
		new_area_start = new_area_size = 0;
	r.avoid_base = new_area_start;
	r.avoid_size = new_area_size;

	r.new_phys = memblock_find_in_range(mb, pa_wrap(mb, new_area_start + new_area_size),
					    mb->current_limit, r.new_alloc_size, PAGE_SIZE);
	if (!r.new_phys && new_area_size)
		r.new_phys = memblock_find_in_range(mb, 0, pa_min(new_area_start, mb->current_limit),
						    r.new_alloc_size, PAGE_SIZE);
	new_array = r.new_phys ? malloc(r.new_max * sizeof(*new_array)) : NULL;
	if (!new_array) {
		mm_printk(mb->log, "memblock: Failed to double %s array from %ld to %ld entries !\n",
			  type->name, (long)type->max, (long)type->max * 2);
		return -MM_ENOMEM;
	}
	if (mb->debug)
		mm_printk(mb->log, "memblock: %s is doubled to %ld at [%s-%s]\n", type->name,
			  (long)type->max * 2, mm_fmt_pa(b, r.new_phys, phys_64bit(mb)),
			  mm_fmt_pa(e, pa_wrap(mb, r.new_phys + new_size - 1), phys_64bit(mb)));

	/* Switch arrays first: the array being doubled may be the one the reserve below needs. */
	memcpy(new_array, old_array, type->cnt * sizeof(*new_array));
	type->regions = new_array;
	type->max *= 2;
	type->array_phys = r.new_phys;
	record_resize(mb, &r);

	if (!old_static) {
		free(old_array);
		dbg_range(mb, "memblock_phys_free", r.old_phys, r.old_alloc_size,
			  build_sym(mb->build, CS_MEMBLOCK_FREE));
		memblock_remove_range(mb, &mb->reserved, r.old_phys, r.old_alloc_size);
		if (mb->panicked)
			return -MM_EPANIC;
	}

	if (!mm_bug_on(MM_BUG_MEMBLOCK_DOUBLE_NO_RESERVE) &&
	    reserve_nested(mb, r.new_phys, r.new_alloc_size,
			   build_sym(mb->build, CS_MEMBLOCK_DOUBLE_ARRAY))) {
		if (!mb->panicked) {
			mb->panicked = true;
			mb->panic_msg = "kernel BUG in memblock_double_array: "
					"memblock_reserve of the new array failed";
			mm_printk(mb->log, "kernel BUG at mm/memblock.c (memblock_double_array)!\n");
		}
		return -MM_EPANIC;
	}
	return 0;
}

static int memblock_add_range(struct memblock *mb, struct memblock_type *type,
			      phys_addr_t base, phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	phys_addr_t obase = base, end;
	unsigned long idx, nr_new;
	bool insert = false;
	int ret;

	size = cap_size(mb, base, size);
	end = base + size;
	nid = region_nid(mb, nid);
	if (!size)
		return 0;

	if (type->regions[0].size == 0) {
		type->regions[0] = (struct memblock_region){ base, size, flags, nid };
		type->total_size = size;
		return 0;
	}

	/* Pass one counts the pieces to insert (growing the array), pass two inserts them. */
	for (;;) {
		base = obase;
		nr_new = 0;
		for (idx = 0; idx < type->cnt; idx++) {
			phys_addr_t rbase = type->regions[idx].base;
			phys_addr_t rend = rbase + type->regions[idx].size;

			if (rbase >= end)
				break;
			if (rend <= base)
				continue;
			/* the part below an overlapping region is new */
			if (rbase > base) {
				nr_new++;
				if (insert && insert_or_bug(mb, type, idx++, base, rbase - base,
							    nid, flags))
					return -MM_EPANIC;
			}
			base = pa_min(rend, end);
		}
		if (base < end) {
			nr_new++;
			if (insert && insert_or_bug(mb, type, idx, base, end - base, nid, flags))
				return -MM_EPANIC;
		}
		if (!nr_new)
			return 0;
		if (insert) {
			memblock_merge_regions(mb, type);
			return 0;
		}
		while (type->cnt + nr_new > type->max) {
			ret = memblock_double_array(mb, type, obase, size);
			if (ret)
				return ret;
		}
		insert = true;
	}
}

/* Split regions at base and base+size; [*start_rgn, *end_rgn) are then the ones inside. */
static int memblock_isolate_range(struct memblock *mb, struct memblock_type *type,
				  phys_addr_t base, phys_addr_t size,
				  unsigned long *start_rgn, unsigned long *end_rgn)
{
	phys_addr_t end;
	unsigned long idx;
	int ret;

	size = cap_size(mb, base, size);
	end = base + size;
	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;

	/* at most two new regions */
	while (type->cnt + 2 > type->max) {
		ret = memblock_double_array(mb, type, base, size);
		if (ret)
			return ret;
	}

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* crosses base: keep the top half here, insert the bottom before it */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size = pa_wrap(mb, type->total_size - (base - rbase));
			memblock_insert_region(mb, type, idx, rbase, base - rbase, rgn->nid,
					       rgn->flags);
		} else if (rend > end) {
			/* crosses end: split, then look at the new bottom half again */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size = pa_wrap(mb, type->total_size - (end - rbase));
			memblock_insert_region(mb, type, idx, rbase, end - rbase, rgn->nid,
					       rgn->flags);
			idx--;
		} else {
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

/* The deliberate bug keeps the last page of a region that was split off from above. */
static bool keep_tail_page(struct memblock_type *type, unsigned long i)
{
	struct memblock_region *rgn = &type->regions[i];
	phys_addr_t end = rgn->base + rgn->size;

	if (!mm_bug_on(MM_BUG_MEMBLOCK_REMOVE_KEEPS_TAIL) || i + 1 >= type->cnt ||
	    type->regions[i + 1].base != end || rgn->size <= PAGE_SIZE)
		return false;
	type->total_size -= rgn->size - PAGE_SIZE;
	rgn->base = end - PAGE_SIZE;
	rgn->size = PAGE_SIZE;
	return true;
}

static int memblock_remove_range(struct memblock *mb, struct memblock_type *type,
				 phys_addr_t base, phys_addr_t size)
{
	unsigned long start_rgn, end_rgn, i;
	int ret;

	ret = memblock_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (i = end_rgn; i-- > start_rgn;)
		if (i + 1 != end_rgn || !keep_tail_page(type, i))
			memblock_remove_region(mb, type, i);
	return 0;
}

static int memblock_setclr_flag(struct memblock *mb, phys_addr_t base, phys_addr_t size,
				bool set, enum memblock_flags flag)
{
	struct memblock_type *type = &mb->memory;
	unsigned long start_rgn, end_rgn, i;
	int ret;

	ret = memblock_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (i = start_rgn; i < end_rgn; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(mb, type);
	return 0;
}

/* memblock_alloc_range_nid(): find, reserve, retry without the node, then without mirror. */
static phys_addr_t alloc_range_nid(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				   phys_addr_t start, phys_addr_t end, int nid, bool exact_nid)
{
	enum memblock_flags flags = choose_memblock_flags(mb);
	phys_addr_t found;

	if (nid == MAX_NUMNODES)
		nid = NUMA_NO_NODE;
	if (!align) {
		/* the kernel dump_stack()s here */
		mm_printk(mb->log, "memblock: zero alignment, using SMP_CACHE_BYTES (dump_stack)\n");
		align = SMP_CACHE_BYTES;
	}
	for (;;) {
		found = memblock_find_in_range_node(mb, size, align, start, end, nid, flags);
		if (found && !reserve_nested(mb, found, size, nested(mb)))
			return found;
		if (mb->panicked)
			return 0;
		if (nid != NUMA_NO_NODE && !exact_nid) {
			found = memblock_find_in_range_node(mb, size, align, start, end,
							    NUMA_NO_NODE, flags);
			if (found && !reserve_nested(mb, found, size, nested(mb)))
				return found;
			if (mb->panicked)
				return 0;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		flags &= ~MEMBLOCK_MIRROR;
		warn_mirror(mb, size);
	}
}

/* Operation bookkeeping: only the outermost public call is reported. */
static bool op_begin(struct memblock *mb, struct memblock_op *op, enum memblock_op_kind kind)
{
	/* resizes[] is read only up to nr_resizes, so its slots are not cleared per call */
	op->kind = kind;
	op->base = op->size = 0;
	op->align = op->start = op->end = 0;
	op->nid = NUMA_NO_NODE;
	op->flags = MEMBLOCK_NONE;
	op->exact_nid = false;
	op->ret = 0;
	op->result = 0;
	op->nr_resizes = 0;
	if (mb->op_depth++ == 0)
		mb->cur_op = op;
	return !mb->panicked || mm_bug_on(MM_BUG_MEMBLOCK_PANIC_NOT_STICKY);
}

static void op_end(struct memblock *mb, struct memblock_op *op)
{
	if (mb->panicked) {
		op->ret = -MM_EPANIC;
		op->result = 0;
	}
	if (--mb->op_depth == 0) {
		mb->cur_op = NULL;
		if (mb->observer)
			mb->observer(mb, op, mb->observer_ctx);
	}
}

static int range_op(struct memblock *mb, enum memblock_op_kind kind, phys_addr_t base,
		    phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, kind);

	base = pa_wrap(mb, base);
	size = pa_wrap(mb, size);
	op.base = base;
	op.size = size;
	op.nid = nid;
	op.flags = flags;
	if (ok) {
		switch (kind) {
		case MEMBLOCK_OP_ADD:
			dbg_range(mb, "memblock_add", base, size, top_caller(mb));
			op.ret = memblock_add_range(mb, &mb->memory, base, size, nid, flags);
			break;
		case MEMBLOCK_OP_ADD_NODE:
			if (mb->debug) {
				char b[19], e[19];

				mm_printk(mb->log, "memblock_add_node: [%s-%s] nid=%d flags=%x %s\n",
					  mm_fmt_pa(b, base, phys_64bit(mb)),
					  mm_fmt_pa(e, pa_wrap(mb, base + size - 1), phys_64bit(mb)),
					  nid, (unsigned)flags, top_caller(mb));
			}
			op.ret = memblock_add_range(mb, &mb->memory, base, size, nid, flags);
			break;
		case MEMBLOCK_OP_REMOVE:
			dbg_range(mb, "memblock_remove", base, size, top_caller(mb));
			op.ret = memblock_remove_range(mb, &mb->memory, base, size);
			break;
		case MEMBLOCK_OP_RESERVE:
			dbg_range(mb, "memblock_reserve", base, size, top_caller(mb));
			op.ret = memblock_add_range(mb, &mb->reserved, base, size, nid, flags);
			break;
		case MEMBLOCK_OP_FREE:
			dbg_range(mb, "memblock_phys_free", base, size, top_caller(mb));
			op.ret = memblock_remove_range(mb, &mb->reserved, base, size);
			break;
		case MEMBLOCK_OP_MARK:
			if (flags == MEMBLOCK_MIRROR) {
				/* v6.1 marks nothing unless kernelcore=mirror was given */
				if (!mb->mirrored_kernelcore && !mm_bug_on(MM_BUG_MEMBLOCK_MIRROR_UNGUARDED))
					break;
				mb->system_has_some_mirror = true;
			}
			op.ret = memblock_setclr_flag(mb, base, size, true, flags);
			break;
		default:
			op.ret = memblock_setclr_flag(mb, base, size, false, flags);
			break;
		}
	}
	op_end(mb, &op);
	return op.ret;
}

int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_ADD, base, size, MAX_NUMNODES, MEMBLOCK_NONE);
}

int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags)
{
	return range_op(mb, MEMBLOCK_OP_ADD_NODE, base, size, nid, flags);
}

int memblock_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_REMOVE, base, size, NUMA_NO_NODE, MEMBLOCK_NONE);
}

int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_RESERVE, base, size, MAX_NUMNODES, MEMBLOCK_NONE);
}

int memblock_phys_free(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_FREE, base, size, NUMA_NO_NODE, MEMBLOCK_NONE);
}

int memblock_free(struct memblock *mb, uint32_t ptr, phys_addr_t size)
{
	return memblock_phys_free(mb, memblock_phys(mb, ptr), size);
}

int memblock_mark_hotplug(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_MARK, base, size, NUMA_NO_NODE, MEMBLOCK_HOTPLUG);
}

int memblock_clear_hotplug(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_CLEAR, base, size, NUMA_NO_NODE, MEMBLOCK_HOTPLUG);
}

int memblock_mark_mirror(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_MARK, base, size, NUMA_NO_NODE, MEMBLOCK_MIRROR);
}

int memblock_mark_nomap(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_MARK, base, size, NUMA_NO_NODE, MEMBLOCK_NOMAP);
}

int memblock_clear_nomap(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return range_op(mb, MEMBLOCK_OP_CLEAR, base, size, NUMA_NO_NODE, MEMBLOCK_NOMAP);
}

static bool alloc_begin(struct memblock *mb, struct memblock_op *op, enum memblock_op_kind kind,
			phys_addr_t size, phys_addr_t align, phys_addr_t start,
			phys_addr_t end, int nid)
{
	bool ok = op_begin(mb, op, kind);

	op->size = size;
	op->align = align;
	op->start = start;
	op->end = end;
	op->nid = nid;
	return ok;
}

static bool align_ok(struct memblock *mb, struct memblock_op *op)
{
	char a[19];

	if (!op->align || mm_is_power_of_2(op->align))
		return true;
	mm_printk(mb->log, "memblock: alignment %s is not a power of two, refused\n",
		  mm_fmt_pa(a, op->align, phys_64bit(mb)));
	op->ret = -MM_EINVAL;
	return false;
}

static void alloc_end(struct memblock *mb, struct memblock_op *op, phys_addr_t found)
{
	op->result = found;
	if (!found && !op->ret)
		op->ret = -MM_ENOMEM;
	op_end(mb, op);
}

static void dbg_alloc(struct memblock *mb, const char *func, const struct memblock_op *op,
		      bool with_nid)
{
	char s[19], e[19];
	char nid[24] = "";

	if (!mb->debug)
		return;
	if (with_nid)
		snprintf(nid, sizeof(nid), " nid=%d", op->nid);
	mm_printk(mb->log, "%s: %llu bytes align=0x%llx%s from=%s max_addr=%s %s\n", func,
		  (unsigned long long)op->size, (unsigned long long)op->align, nid,
		  mm_fmt_pa(s, op->start, phys_64bit(mb)), mm_fmt_pa(e, op->end, phys_64bit(mb)),
		  top_caller(mb));
}

phys_addr_t memblock_alloc_range_nid(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end, int nid, bool exact_nid)
{
	struct memblock_op op;
	phys_addr_t found = 0;

	/* called directly (CMA): no debug line of its own */
	if (alloc_begin(mb, &op, MEMBLOCK_OP_ALLOC_RANGE, pa_wrap(mb, size), pa_wrap(mb, align),
			pa_wrap(mb, start), pa_wrap(mb, end), nid)) {
		op.exact_nid = exact_nid;
		if (align_ok(mb, &op))
			found = alloc_range_nid(mb, op.size, op.align, op.start, op.end, nid, exact_nid);
	}
	alloc_end(mb, &op, found);
	return op.result;
}

phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end)
{
	struct memblock_op op;
	phys_addr_t found = 0;

	if (alloc_begin(mb, &op, MEMBLOCK_OP_ALLOC_RANGE, pa_wrap(mb, size), pa_wrap(mb, align),
			pa_wrap(mb, start), pa_wrap(mb, end), NUMA_NO_NODE)) {
		dbg_alloc(mb, "memblock_phys_alloc_range", &op, false);
		if (align_ok(mb, &op))
			found = alloc_range_nid(mb, op.size, op.align, op.start, op.end, NUMA_NO_NODE,
						false);
	}
	alloc_end(mb, &op, found);
	return op.result;
}

phys_addr_t memblock_phys_alloc_try_nid(struct memblock *mb, phys_addr_t size,
					phys_addr_t align, int nid)
{
	struct memblock_op op;
	phys_addr_t found = 0;

	/* no debug line of its own in v6.1 */
	if (alloc_begin(mb, &op, MEMBLOCK_OP_ALLOC_RANGE, pa_wrap(mb, size), pa_wrap(mb, align), 0,
			MEMBLOCK_ALLOC_ACCESSIBLE, nid) &&
	    align_ok(mb, &op))
		found = alloc_range_nid(mb, op.size, op.align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
	alloc_end(mb, &op, found);
	return op.result;
}

phys_addr_t memblock_phys_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
}

/*
 * memblock_alloc_try_nid(), _try_nid_raw() and _exact_nid_raw(): print
 * their line, then memblock_alloc_internal() (below current_limit, retried
 * without min_addr), then clear the memory unless raw.
 */
static phys_addr_t alloc_virt(struct memblock *mb, const char *func, phys_addr_t size,
			      phys_addr_t align, phys_addr_t min_addr, phys_addr_t max_addr, int nid,
			      bool exact_nid, bool raw)
{
	struct memblock_op op;
	phys_addr_t found = 0, max;

	if (alloc_begin(mb, &op, MEMBLOCK_OP_ALLOC, pa_wrap(mb, size), pa_wrap(mb, align),
			pa_wrap(mb, min_addr), pa_wrap(mb, max_addr), nid)) {
		op.exact_nid = exact_nid;
		dbg_alloc(mb, func, &op, true);
		if (align_ok(mb, &op)) {
			max = pa_min(op.end, mb->current_limit);
			found = alloc_range_nid(mb, op.size, op.align, op.start, max, nid, exact_nid);
			if (!found && op.start && !mb->panicked)
				found = alloc_range_nid(mb, op.size, op.align, 0, max, nid, exact_nid);
		}
	}
	alloc_end(mb, &op, found);
	if (op.result && !raw && mb->ram)
		phys_zero(mb->ram, op.result, op.size);
	return op.result;
}

phys_addr_t memblock_alloc_try_nid(struct memblock *mb, phys_addr_t size,
				   phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid)
{
	return alloc_virt(mb, "memblock_alloc_try_nid", size, align, min_addr, max_addr, nid, false,
			  false);
}

phys_addr_t memblock_alloc_try_nid_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				       phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	return alloc_virt(mb, "memblock_alloc_try_nid_raw", size, align, min_addr, max_addr, nid,
			  false, true);
}

phys_addr_t memblock_alloc_exact_nid_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align,
					 phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	return alloc_virt(mb, "memblock_alloc_exact_nid_raw", size, align, min_addr, max_addr, nid,
			  true, true);
}

phys_addr_t memblock_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

phys_addr_t memblock_alloc_raw(struct memblock *mb, phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid_raw(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
					  NUMA_NO_NODE);
}

phys_addr_t memblock_alloc_from(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				phys_addr_t min_addr)
{
	return memblock_alloc_try_nid(mb, size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE,
				      NUMA_NO_NODE);
}

phys_addr_t memblock_alloc_low(struct memblock *mb, phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(mb, size, align, 0, ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

phys_addr_t memblock_alloc_node(struct memblock *mb, phys_addr_t size, phys_addr_t align, int nid)
{
	return memblock_alloc_try_nid(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* Keep memory inside [base, base+size) (NOMAP outside survives); drop reserved outside. */
static int cap_memory_range(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *mem = &mb->memory;
	unsigned long start_rgn, end_rgn, i;
	int ret, ret2;

	if (!size)
		return 0;
	if (!mem->total_size) {
		mm_printk(mb->log, "memblock_cap_memory_range: No memory registered yet\n");
		return 0;
	}
	ret = memblock_isolate_range(mb, mem, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (i = mem->cnt; i-- > end_rgn;)
		if (!(mem->regions[i].flags & MEMBLOCK_NOMAP))
			memblock_remove_region(mb, mem, i);
	for (i = start_rgn; i-- > 0;)
		if (!(mem->regions[i].flags & MEMBLOCK_NOMAP))
			memblock_remove_region(mb, mem, i);

	/* the kernel ignores these results; report the first failure */
	ret = memblock_remove_range(mb, &mb->reserved, 0, base);
	if (mb->panicked)
		return -MM_EPANIC;
	ret2 = memblock_remove_range(mb, &mb->reserved, pa_wrap(mb, base + size), mb->phys_max);
	return ret ? ret : ret2;
}

void memblock_cap_memory_range(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, MEMBLOCK_OP_CAP_RANGE);

	op.base = pa_wrap(mb, base);
	op.size = pa_wrap(mb, size);
	if (ok)
		op.ret = cap_memory_range(mb, op.base, op.size);
	op_end(mb, &op);
}

void memblock_set_caller(struct memblock *mb, enum call_site cs)
{
	mb->dbg_caller = build_sym(mb->build, cs);
}

static void trim_memory(struct memblock *mb, phys_addr_t align)
{
	struct memblock_type *mem = &mb->memory;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		struct memblock_region *r = &mem->regions[i];
		phys_addr_t orig_start = r->base, orig_end = pa_wrap(mb, r->base + r->size);
		/* round_up() and round_down() as masks: any align, wrapping in phys_addr_t */
		phys_addr_t start = pa_wrap(mb, ((orig_start - 1) | (align - 1)) + 1);
		phys_addr_t end = orig_end & ~(align - 1);

		if (start == orig_start && end == orig_end)
			continue;
		/* a start whose round_up() wraps would make [0, end): dropped instead */
		if (start >= orig_start && start < end) {
			r->base = start;
			r->size = end - start;
		} else {
			memblock_remove_region(mb, mem, i--);
		}
	}
}

void memblock_trim_memory(struct memblock *mb, phys_addr_t align)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, MEMBLOCK_OP_TRIM);

	op.align = pa_wrap(mb, align);
	if (ok)
		trim_memory(mb, op.align);
	op_end(mb, &op);
}

/* __find_max_addr(): where the first `limit` bytes of memory end; PHYS_ADDR_MAX if they do not. */
static phys_addr_t find_max_addr(const struct memblock *mb, phys_addr_t limit)
{
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return mb->phys_max;
}

void memblock_enforce_memory_limit(struct memblock *mb, phys_addr_t limit)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, MEMBLOCK_OP_ENFORCE_LIMIT);
	phys_addr_t max_addr;
	int ret;

	op.size = pa_wrap(mb, limit);
	if (ok && op.size) {
		max_addr = find_max_addr(mb, op.size);
		/* the kernel ignores the results; report the first failure */
		if (max_addr != mb->phys_max) {
			ret = memblock_remove_range(mb, &mb->memory, max_addr, mb->phys_max);
			if (!mb->panicked) {
				int ret2 = memblock_remove_range(mb, &mb->reserved, max_addr, mb->phys_max);

				op.ret = ret ? ret : ret2;
			}
		}
	}
	op_end(mb, &op);
}

void memblock_set_current_limit(struct memblock *mb, phys_addr_t limit)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, MEMBLOCK_OP_SET_LIMIT);

	op.end = pa_wrap(mb, limit);
	if (ok)
		mb->current_limit = op.end;
	op_end(mb, &op);
}

/* A switch of memblock's state, reported as an operation with base = enable. */
static void set_switch(struct memblock *mb, enum memblock_op_kind kind, bool *field, bool enable)
{
	struct memblock_op op;
	bool ok = op_begin(mb, &op, kind);

	op.base = enable;
	/* the bug switch: once bottom-up, memblock stays bottom-up */
	if (ok && !(kind == MEMBLOCK_OP_SET_BOTTOM_UP && mm_bug_on(MM_BUG_MEMBLOCK_BOTTOM_UP_STICKY) && *field))
		*field = enable;
	op_end(mb, &op);
}

void memblock_set_bottom_up(struct memblock *mb, bool enable)
{
	set_switch(mb, MEMBLOCK_OP_SET_BOTTOM_UP, &mb->bottom_up, enable);
}

void memblock_set_movable_node(struct memblock *mb, bool enable)
{
	set_switch(mb, MEMBLOCK_OP_SET_MOVABLE_NODE, &mb->movable_node, enable);
}

bool memblock_bottom_up(const struct memblock *mb)
{
	return mb->bottom_up;
}

void memblock_set_linear_map(struct memblock *mb, uint32_t page_offset, phys_addr_t phys_offset)
{
	mb->page_offset = page_offset;
	mb->phys_offset = pa_wrap(mb, phys_offset);
}

uint32_t memblock_virt(const struct memblock *mb, phys_addr_t pa)
{
	/* __phys_to_virt() works in unsigned long: the high word is dropped */
	return (uint32_t)pa - (uint32_t)mb->phys_offset + mb->page_offset;
}

phys_addr_t memblock_phys(const struct memblock *mb, uint32_t va)
{
	/* __pv_offset is a u64 (LPAE adds it with carry into the high word) */
	return pa_wrap(mb, (uint64_t)va + (mb->phys_offset - (uint64_t)mb->page_offset));
}

void memblock_allow_resize(struct memblock *mb)
{
	struct memblock_op op;

	if (op_begin(mb, &op, MEMBLOCK_OP_ALLOW_RESIZE))
		mb->can_resize = true;
	op_end(mb, &op);
}

phys_addr_t memblock_start_of_DRAM(const struct memblock *mb)
{
	return mb->memory.regions[0].base;
}

phys_addr_t memblock_end_of_DRAM(const struct memblock *mb)
{
	const struct memblock_region *r = &mb->memory.regions[mb->memory.cnt - 1];

	return r->base + r->size;
}

phys_addr_t memblock_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

phys_addr_t memblock_reserved_size(const struct memblock *mb)
{
	return mb->reserved.total_size;
}

static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long left = 0, right = type->cnt;

	do {
		unsigned long mid = (left + right) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			right = mid;
		else if (addr >= r->base + r->size)
			left = mid + 1;
		else
			return (long)mid;
	} while (left < right);
	return -1;
}

bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_search(&mb->memory, pa_wrap(mb, addr)) != -1;
}

bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_search(&mb->reserved, pa_wrap(mb, addr)) != -1;
}

bool memblock_is_map_memory(const struct memblock *mb, phys_addr_t addr)
{
	long i = memblock_search(&mb->memory, pa_wrap(mb, addr));

	return i != -1 && !(mb->memory.regions[i].flags & MEMBLOCK_NOMAP);
}

bool memblock_is_region_memory(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	long idx;
	const struct memblock_region *r;

	base = pa_wrap(mb, base);
	size = cap_size(mb, base, pa_wrap(mb, size));
	idx = memblock_search(&mb->memory, base);
	if (idx == -1)
		return false;
	r = &mb->memory.regions[idx];
	return r->base + r->size >= base + size;
}

static bool overlaps(const struct memblock *mb, const struct memblock_type *type,
		     phys_addr_t base, phys_addr_t size)
{
	unsigned long i;

	base = pa_wrap(mb, base);
	size = cap_size(mb, base, pa_wrap(mb, size));
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return overlaps(mb, &mb->reserved, base, size);
}

/*
 * The type carries no phys_addr_t width, so the size is capped at 2^64 - 1.
 * For arguments already truncated to the simulated width the answer equals
 * the kernel's: a region never ends past PHYS_ADDR_MAX.
 */
bool memblock_overlaps_region(const struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	static const struct memblock wide = { .phys_max = PHYS_MAX_64 };

	return overlaps(&wide, type, base, size);
}

static void type_reset(struct memblock_type *type, struct memblock_region *init,
		       const char *name)
{
	if (type->regions != init)
		free(type->regions);
	type->regions = init;
	type->cnt = 1;
	type->max = INIT_MEMBLOCK_REGIONS;
	type->total_size = 0;
	type->name = name;
	type->array_phys = 0;
	init[0] = (struct memblock_region){ 0, 0, MEMBLOCK_NONE, MAX_NUMNODES };
}

void memblock_init(struct memblock *mb, bool phys_64bit, struct mm_log *log)
{
	/* Only the dummy entries of the static arrays are rewritten: nothing reads past cnt. */
	type_reset(&mb->memory, mb->init_memory, memory_name);
	type_reset(&mb->reserved, mb->init_reserved, reserved_name);
	mb->phys_max = phys_64bit ? PHYS_MAX_64 : PHYS_MAX_32;
	mb->region_size = phys_64bit ? 24 : 12;
	mb->bottom_up = false;
	mb->current_limit = mb->phys_max;
	mb->numa = false;
	mb->can_resize = false;
	mb->movable_node = false;
	mb->system_has_some_mirror = false;
	mb->mirrored_kernelcore = false;
	mb->debug = false;
	mb->panicked = false;
	mb->panic_msg = NULL;
	mb->dbg_caller = NULL;
	mb->build = NULL;
	mb->ram = NULL;
	mb->page_offset = 0;
	mb->phys_offset = 0;
	mb->log = log;
	mb->cur_op = NULL;
	mb->op_depth = 0;
}

void memblock_destroy(struct memblock *mb)
{
	type_reset(&mb->memory, mb->init_memory, memory_name);
	type_reset(&mb->reserved, mb->init_reserved, reserved_name);
}

static void type_copy_static(struct memblock_type *dst, struct memblock_region *init,
			     const struct memblock_type *src)
{
	type_reset(dst, init, src->name);
	dst->cnt = src->cnt;
	dst->max = src->max;
	dst->total_size = src->total_size;
	memcpy(init, src->regions, src->cnt * sizeof(*init));
}

bool memblock_copy_static(struct memblock *dst, const struct memblock *src)
{
	if (src->memory.regions != src->init_memory || src->reserved.regions != src->init_reserved)
		return false;
	type_copy_static(&dst->memory, dst->init_memory, &src->memory);
	type_copy_static(&dst->reserved, dst->init_reserved, &src->reserved);
	dst->bottom_up = src->bottom_up;
	dst->current_limit = src->current_limit;
	dst->phys_max = src->phys_max;
	dst->region_size = src->region_size;
	dst->numa = src->numa;
	dst->can_resize = src->can_resize;
	dst->movable_node = src->movable_node;
	dst->system_has_some_mirror = src->system_has_some_mirror;
	dst->mirrored_kernelcore = src->mirrored_kernelcore;
	dst->debug = src->debug;
	dst->panicked = src->panicked;
	dst->panic_msg = src->panic_msg;
	dst->dbg_caller = src->dbg_caller;
	dst->build = src->build;
	dst->page_offset = src->page_offset;
	dst->phys_offset = src->phys_offset;
	dst->cur_op = NULL;
	dst->op_depth = 0;
	return true;
}
