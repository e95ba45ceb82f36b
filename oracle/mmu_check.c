/* See mmu_check.h.  Descriptor layouts are from the ARM ARM (ARMv7-A B3.5, B3.6). */
#include "mmu_check.h"

#include <stdlib.h>
#include <string.h>

#include "mm_errno.h"
#include "oracle.h"

#define ANY (-1)		/* expectation: either value is acceptable */
#define VECTORS_HIGH 0xffff0000u
#define SUPERSECTION_SIZE SZ_16M

/* Short-descriptor first level. */
#define L1_TYPE_MASK 3u
#define L1_TYPE_TABLE 1u
#define L1_TABLE_PXN (1u << 2)
#define L1_TABLE_BASE 0xfffffc00u
#define L1_SECT_PXN (1u << 0)		/* type 0b11: section with PXN */
#define L1_SECT_B (1u << 2)
#define L1_SECT_C (1u << 3)
#define L1_SECT_XN (1u << 4)
#define L1_SECT_AP_SHIFT 10
#define L1_SECT_TEX0 (1u << 12)
#define L1_SECT_APX (1u << 15)
#define L1_SECT_SUPER (1u << 18)
#define L1_SECT_BASE 0xfff00000u
#define L1_SUPER_BASE 0xff000000u

/* Short-descriptor second level. */
#define L2_TYPE_MASK 3u
#define L2_TYPE_LARGE 1u
#define L2_SMALL_XN (1u << 0)
#define L2_B (1u << 2)
#define L2_C (1u << 3)
#define L2_AP_SHIFT 4
#define L2_SMALL_TEX0 (1u << 6)
#define L2_APX (1u << 9)
#define L2_LARGE_TEX0 (1u << 12)
#define L2_LARGE_XN (1u << 15)
#define L2_SMALL_BASE 0xfffff000u
#define L2_LARGE_BASE 0xffff0000u

/* Long descriptors (LPAE). */
#define LD_VALID (1ULL << 0)
#define LD_TABLE (1ULL << 1)		/* table at levels 1-2, page at level 3 */
#define LD_ADDR 0x000000fffffff000ULL	/* output address bits [39:12] */
#define LD_ATTRINDX(d) (((d) >> 2) & 7)
#define LD_AP_USER (1ULL << 6)		/* AP[1] */
#define LD_AP_RDONLY (1ULL << 7)	/* AP[2] */
#define LD_AF (1ULL << 10)
#define LD_PXN (1ULL << 53)
#define LD_XN (1ULL << 54)
#define LD_PXNTABLE (1ULL << 59)
#define LD_XNTABLE (1ULL << 60)
#define LD_APTABLE_NOUSER (1ULL << 61)
#define LD_APTABLE_RDONLY (1ULL << 62)

/* Memory-attribute registers as Linux's proc-v7-2level.S / proc-v7-3level.S program them. */
#define V7_PRRR 0xff0a81a8u
#define V7_NMRR 0x40e040e0u
#define V7_MAIR0 0xeeaa4400u
#define V7_MAIR1 0xff000004u

struct mt_expect {
	const char *name;
	signed char exec, kread, kwrite, uread;
	unsigned classes;	/* bitmask of 1 << enum mmu_mem_class; 0 = any */
};

#define C_SO (1u << MEMC_STRONGLY_ORDERED)
#define C_DEV (1u << MEMC_DEVICE)
#define C_NC (1u << MEMC_NORMAL_UNCACHED)
#define C_WB (1u << MEMC_NORMAL_CACHED)

/*
 * What each memory type must mean to the MMU on ARMv7.  Device mappings may
 * be strongly ordered because LPAE section forms carry AttrIndx 0 for them.
 * Types whose page and section forms disagree in the kernel get ANY.
 */
static const struct mt_expect mt_expect[MT_NR] = {
	[MT_DEVICE] = { "MT_DEVICE", 0, 1, 1, 0, C_DEV | C_SO },
	[MT_DEVICE_NONSHARED] = { "MT_DEVICE_NONSHARED", 0, 1, 1, 0, C_DEV | C_SO },
	[MT_DEVICE_CACHED] = { "MT_DEVICE_CACHED", 0, 1, 1, 0, C_WB },
	[MT_DEVICE_WC] = { "MT_DEVICE_WC", 0, 1, 1, 0, C_NC },
	[MT_UNCACHED] = { "MT_UNCACHED", 0, ANY, ANY, 0, C_SO },
	[MT_CACHECLEAN] = { "MT_CACHECLEAN", 0, 1, 0, 0, C_WB },
	[MT_MINICLEAN] = { "MT_MINICLEAN", 0, 1, 0, 0, 0 },
	[MT_LOW_VECTORS] = { "MT_LOW_VECTORS", 1, 1, 0, 0, C_WB },
	[MT_HIGH_VECTORS] = { "MT_HIGH_VECTORS", 1, 1, 0, 1, C_WB },
	[MT_MEMORY_RWX] = { "MT_MEMORY_RWX", 1, 1, 1, 0, C_WB },
	[MT_MEMORY_RW] = { "MT_MEMORY_RW", 0, 1, 1, 0, C_WB },
	[MT_MEMORY_RO] = { "MT_MEMORY_RO", 0, 1, 0, 0, C_WB },
	[MT_ROM] = { "MT_ROM", 1, 1, 0, 0, C_WB },
	[MT_MEMORY_RWX_NONCACHED] = { "MT_MEMORY_RWX_NONCACHED", 1, 1, 1, 0, C_NC },
	[MT_MEMORY_RW_DTCM] = { "MT_MEMORY_RW_DTCM", 0, ANY, ANY, 0, 0 },
	[MT_MEMORY_RWX_ITCM] = { "MT_MEMORY_RWX_ITCM", 1, 1, 1, 0, 0 },
	[MT_MEMORY_RW_SO] = { "MT_MEMORY_RW_SO", 0, 1, 1, 0, C_SO },
	[MT_MEMORY_DMA_READY] = { "MT_MEMORY_DMA_READY", 0, 1, 1, 0, C_WB },
};

struct request {
	uint64_t va, len;	/* page-aligned virtual range, va + len <= 4 GiB */
	phys_addr_t pa;
	enum mem_type type;
};

struct mmu_check {
	struct request *req;	/* sorted by va */
	unsigned nr, cap;
	/*
	 * The 256 16 MiB VA slots: those accepted supersections of a type
	 * without a section form hold.  Nothing is mapped there, but the
	 * slots are not free either (their fault entries are not pmd_none).
	 */
	uint64_t inert[256 / 64];
};

const char *mmu_mem_class_name(enum mmu_mem_class c)
{
	static const char *const names[] = { "strongly-ordered", "device", "normal-uncached",
					     "normal-cached" };

	return (unsigned)c < MM_ARRAY_SIZE(names) ? names[c] : "?";
}

static enum mmu_mem_class class_from_tre(unsigned idx)
{
	unsigned tr = (V7_PRRR >> (2 * idx)) & 3;

	if (tr == 1)
		return MEMC_DEVICE;
	if (tr != 2)
		return MEMC_STRONGLY_ORDERED;	/* 0, and the reserved 3 treated alike */
	return ((V7_NMRR >> (2 * idx)) & 3) ? MEMC_NORMAL_CACHED : MEMC_NORMAL_UNCACHED;
}

static enum mmu_mem_class class_from_mair(unsigned idx)
{
	uint32_t mair = idx < 4 ? V7_MAIR0 : V7_MAIR1;
	unsigned attr = (mair >> (8 * (idx & 3))) & 0xff;

	if (attr == 0)
		return MEMC_STRONGLY_ORDERED;
	if ((attr & 0xf0) == 0)
		return MEMC_DEVICE;
	return (attr & 0x0f) == 0x4 ? MEMC_NORMAL_UNCACHED : MEMC_NORMAL_CACHED;
}

/* Short-descriptor AP[2:0] = APX:AP[1:0]. */
static void short_access(struct mmu_walk *w, unsigned apx, unsigned ap)
{
	switch ((apx << 2) | ap) {
	case 1:
		w->kread = w->kwrite = true;
		break;
	case 2:
		w->kread = w->kwrite = w->uread = true;
		break;
	case 3:
		w->kread = w->kwrite = w->uread = w->uwrite = true;
		break;
	case 5:
		w->kread = true;
		break;
	case 6:
	case 7:
		w->kread = w->uread = true;
		break;
	default:	/* 0: no access; 4: reserved */
		break;
	}
}

static void fault(struct mmu_walk *w, uint64_t unit, const char *why)
{
	w->fault = true;
	w->unit = unit;
	w->why = why;
}

static void walk_short(const struct phys_mem *pm, phys_addr_t pgd, uint32_t va, struct mmu_walk *w)
{
	uint32_t d1 = phys_read32(pm, pgd + (phys_addr_t)(va >> 20) * 4);
	uint32_t d2;
	bool pxn;
	unsigned idx;

	if ((d1 & L1_TYPE_MASK) == 0)
		return fault(w, SZ_1M, "L1 fault");
	if ((d1 & L1_TYPE_MASK) != L1_TYPE_TABLE) {
		idx = (d1 & L1_SECT_TEX0 ? 4 : 0) | (d1 & L1_SECT_C ? 2 : 0) | (d1 & L1_SECT_B ? 1 : 0);
		if (d1 & L1_SECT_SUPER) {
			w->unit = SUPERSECTION_SIZE;
			w->pa = (d1 & L1_SUPER_BASE) | ((phys_addr_t)((d1 >> 20) & 0xf) << 32) |
				((phys_addr_t)((d1 >> 5) & 0xf) << 36) | (va & (SUPERSECTION_SIZE - 1));
			w->why = "supersection";
		} else {
			w->unit = SZ_1M;
			w->pa = (d1 & L1_SECT_BASE) | (va & (SZ_1M - 1));
			w->why = "section";
		}
		short_access(w, !!(d1 & L1_SECT_APX), (d1 >> L1_SECT_AP_SHIFT) & 3);
		w->kexec = !(d1 & L1_SECT_XN) && !(d1 & L1_SECT_PXN);
		w->mem = class_from_tre(idx);
		return;
	}
	pxn = d1 & L1_TABLE_PXN;
	d2 = phys_read32(pm, (d1 & L1_TABLE_BASE) + ((va >> 12) & 0xff) * 4);
	if ((d2 & L2_TYPE_MASK) == 0)
		return fault(w, SZ_4K, "L2 fault");
	if ((d2 & L2_TYPE_MASK) == L2_TYPE_LARGE) {
		idx = (d2 & L2_LARGE_TEX0 ? 4 : 0) | (d2 & L2_C ? 2 : 0) | (d2 & L2_B ? 1 : 0);
		w->unit = 64 * SZ_1K;
		w->pa = (d2 & L2_LARGE_BASE) | (va & 0xffff);
		w->kexec = !(d2 & L2_LARGE_XN) && !pxn;
		w->why = "large page";
	} else {
		idx = (d2 & L2_SMALL_TEX0 ? 4 : 0) | (d2 & L2_C ? 2 : 0) | (d2 & L2_B ? 1 : 0);
		w->unit = SZ_4K;
		w->pa = (d2 & L2_SMALL_BASE) | (va & 0xfff);
		w->kexec = !(d2 & L2_SMALL_XN) && !pxn;
		w->why = "small page";
	}
	short_access(w, !!(d2 & L2_APX), (d2 >> L2_AP_SHIFT) & 3);
	w->mem = class_from_tre(idx);
}

static void walk_lpae(const struct phys_mem *pm, phys_addr_t pgd, uint32_t va, struct mmu_walk *w)
{
	static const unsigned shift[3] = { 30, 21, 12 };
	static const char *const invalid[3] = { "L1 invalid", "L2 invalid", "L3 invalid" };
	bool xn = false, pxn = false, nouser = false, rdonly = false;
	phys_addr_t table = pgd;

	for (int level = 0; level < 3; level++) {
		uint64_t unit = 1ULL << shift[level];
		unsigned idx = level == 0 ? va >> 30 : (va >> shift[level]) & 0x1ff;
		uint64_t d = phys_read64(pm, table + (phys_addr_t)idx * 8);

		if (!(d & LD_VALID))
			return fault(w, unit, invalid[level]);
		if (level < 2 && (d & LD_TABLE)) {
			xn |= d & LD_XNTABLE;
			pxn |= d & LD_PXNTABLE;
			nouser |= d & LD_APTABLE_NOUSER;
			rdonly |= d & LD_APTABLE_RDONLY;
			table = d & LD_ADDR;
			continue;
		}
		if (level == 2 && !(d & LD_TABLE))
			return fault(w, unit, "L3 reserved descriptor");
		if (!(d & LD_AF))
			return fault(w, unit, "access flag clear");
		w->unit = unit;
		w->pa = (d & LD_ADDR & ~(unit - 1)) | (va & (unit - 1));
		w->why = level == 2 ? "page" : "block";
		w->kread = true;
		w->kwrite = !rdonly && !(d & LD_AP_RDONLY);
		w->uread = !nouser && (d & LD_AP_USER);
		w->uwrite = w->uread && w->kwrite;
		w->kexec = !xn && !pxn && !(d & (LD_XN | LD_PXN));
		w->mem = class_from_mair(LD_ATTRINDX(d));
		return;
	}
}

void mmu_walk(const struct phys_mem *pm, enum pgtable_format fmt, phys_addr_t pgd_phys,
	      uint32_t va, struct mmu_walk *w)
{
	memset(w, 0, sizeof(*w));
	if (fmt == PGTABLE_LPAE)
		walk_lpae(pm, pgd_phys, va, w);
	else
		walk_short(pm, pgd_phys, va, w);
}

struct mmu_check *mmu_check_new(void)
{
	return calloc(1, sizeof(struct mmu_check));
}

void mmu_check_free(struct mmu_check *c)
{
	if (!c)
		return;
	free(c->req);
	free(c);
}

void mmu_check_reset(struct mmu_check *c)
{
	c->nr = 0;
	memset(c->inert, 0, sizeof(c->inert));
}

unsigned mmu_check_nr_requests(const struct mmu_check *c)
{
	return c->nr;
}

/* Index of the first request ending above va (requests are sorted and, when correct, disjoint). */
static unsigned first_ending_above(const struct mmu_check *c, uint64_t va)
{
	unsigned lo = 0, hi = c->nr;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (c->req[mid].va + c->req[mid].len <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool mmu_check_va_used(const struct mmu_check *c, uint64_t va, uint64_t len)
{
	for (unsigned i = 0; i < c->nr; i++)
		if (c->req[i].va < va + len && va < c->req[i].va + c->req[i].len)
			return true;
	for (uint64_t s = va / SUPERSECTION_SIZE; s * SUPERSECTION_SIZE < va + len && s < 256; s++)
		if (c->inert[s / 64] & (1ULL << (s % 64)))
			return true;
	return false;
}

/* Is [va, va + len) entirely inside the union of the requests? */
static bool covered(const struct mmu_check *c, uint64_t va, uint64_t len)
{
	uint64_t end = va + len;

	for (unsigned i = first_ending_above(c, va); i < c->nr && va < end; i++) {
		if (c->req[i].va > va)
			return false;
		if (c->req[i].va + c->req[i].len > va)
			va = c->req[i].va + c->req[i].len;
	}
	return va >= end;
}

static uint32_t section_size(const struct mm_mmu *mmu)
{
	return mmu->format == PGTABLE_LPAE ? SZ_2M : SZ_1M;
}

static const char *mt_name(enum mem_type t)
{
	return (unsigned)t < MT_NR ? mt_expect[t].name : "MT_?";
}

/* The range create_mapping covers, in the kernel's 32-bit unsigned long arithmetic. */
static void request_of(const struct map_desc *md, struct request *r)
{
	uint32_t offset = md->virtual & (uint32_t)(PAGE_SIZE - 1);
	uint32_t len = ((uint32_t)md->length + offset + (uint32_t)(PAGE_SIZE - 1)) &
		       ~(uint32_t)(PAGE_SIZE - 1);

	r->va = md->virtual - offset;
	r->len = len;
	r->pa = (phys_addr_t)(uint32_t)md->pfn << PAGE_SHIFT;
	r->type = md->type;
}

/*
 * Which refusal create_mapping must make, or NULL when it must map.  Besides
 * the kernel's own refusals, the model refuses what the kernel would loop
 * on (an empty or wrapping range) and LPAE's empty MT_MINICLEAN row.
 */
static const char *expected_refusal(const struct mm_mmu *mmu, const struct map_desc *md)
{
	uint32_t pfn = (uint32_t)md->pfn;
	uint64_t sect = section_size(mmu), phys;
	bool page_form = md->type != MT_CACHECLEAN && md->type != MT_MINICLEAN && md->type != MT_ROM;
	bool kernel_domain = md->type >= MT_MEMORY_RWX || md->type == MT_CACHECLEAN ||
			     md->type == MT_MINICLEAN;
	struct request r;

	if (md->virtual != VECTORS_HIGH && md->virtual < mmu->layout->task_size)
		return "user region";
	if (mmu->format == PGTABLE_LPAE && md->type == MT_MINICLEAN)
		return "no MT_MINICLEAN with LPAE";
	if (mmu->format == PGTABLE_CLASSIC && pfn >= 0x100000) {
		/* Supersections: kernel domain only; virtual, length and the low 32 bits of phys 16 MiB aligned. */
		uint32_t length = ((uint32_t)md->length + (uint32_t)(PAGE_SIZE - 1)) &
				  ~(uint32_t)(PAGE_SIZE - 1);

		if (!kernel_domain)
			return "supersection outside domain 0";
		if ((md->virtual | length | (pfn << PAGE_SHIFT)) & (SUPERSECTION_SIZE - 1))
			return "supersection alignment";
		return NULL;
	}
	request_of(md, &r);
	phys = mmu->format == PGTABLE_CLASSIC ? r.pa & 0xffffffffULL : r.pa;
	if (!page_form && ((r.va | phys | r.len) & (sect - 1)))
		return "section-only type not section aligned";
	if (r.len == 0)
		return "empty range";
	if (r.va + r.len > SZ_4G)
		return "range wraps past 4 GiB";
	return NULL;
}

static void add_request(struct mmu_check *c, const struct request *r)
{
	unsigned i;

	if (c->nr == c->cap) {
		unsigned cap = c->cap ? 2 * c->cap : 64;
		struct request *bigger = realloc(c->req, cap * sizeof(*bigger));

		if (!bigger)
			abort();
		c->req = bigger;
		c->cap = cap;
	}
	for (i = c->nr; i > 0 && c->req[i - 1].va > r->va; i--)
		c->req[i] = c->req[i - 1];
	c->req[i] = *r;
	c->nr++;
}

/*
 * Classic supersections of a type without a section form (prot_sect 0):
 * create_36bit_mapping writes fault entries, so nothing is mapped.
 */
static bool inert_supersections(const struct mm_mmu *mmu, const struct map_desc *md)
{
	return mmu->format == PGTABLE_CLASSIC && (uint32_t)md->pfn >= 0x100000 &&
	       (md->type == MT_MEMORY_RWX_ITCM || md->type == MT_MEMORY_DMA_READY);
}

static void mark_inert(struct mmu_check *c, const struct map_desc *md)
{
	struct request r;

	request_of(md, &r);
	for (uint64_t s = r.va / SUPERSECTION_SIZE; s * SUPERSECTION_SIZE < r.va + r.len && s < 256; s++)
		c->inert[s / 64] |= 1ULL << (s % 64);
}

/* An accepted request, remembered for mmu_check_va_used() alone (the oracle is off). */
static void record(struct mmu_check *c, const struct mm_mmu *mmu, const struct map_desc *md)
{
	struct request r;

	if (inert_supersections(mmu, md)) {
		mark_inert(c, md);
		return;
	}
	request_of(md, &r);
	add_request(c, &r);
}

static void remove_request(struct mmu_check *c, unsigned i)
{
	memmove(&c->req[i], &c->req[i + 1], (c->nr - i - 1) * sizeof(*c->req));
	c->nr--;
}

/*
 * A later request with the same translation replaces the part of an earlier
 * one it overlaps: dma_contiguous_remap maps CMA areas of the linear map
 * again as MT_MEMORY_DMA_READY, and map_lowmem maps a partial page at an
 * unaligned region edge whole, so neighbours may share it.  Any other
 * overlap is a broken invariant.
 */
static void supersede(struct mmu_check *c, const struct request *r)
{
	unsigned i = 0;

	while (i < c->nr) {
		struct request e = c->req[i];

		if (!(e.va < r->va + r->len && r->va < e.va + e.len)) {
			i++;
			continue;
		}
		if (e.pa - e.va != r->pa - r->va) {
			oracle_fail("mmu: requested mappings overlap in VA", r->va, e.va, r->va,
				    "new %s len 0x%llx, earlier %s len 0x%llx", mt_name(r->type),
				    (unsigned long long)r->len, mt_name(e.type),
				    (unsigned long long)e.len);
			i++;
			continue;
		}
		remove_request(c, i);
		if (e.va < r->va)
			add_request(c, &(struct request){ e.va, r->va - e.va, e.pa, e.type });
		if (e.va + e.len > r->va + r->len)
			add_request(c, &(struct request){ r->va + r->len,
							  e.va + e.len - (r->va + r->len),
							  e.pa + (r->va + r->len - e.va), e.type });
		i = 0;	/* the pieces were re-sorted; they no longer overlap r */
	}
}

void mmu_check_observe(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	struct mmu_check *c = ctx;
	const struct map_desc *md = &ev->md;
	const char *refuse;
	struct request r;

	if (ev->ret == -MM_EPANIC)
		return;
	if (oracle_level == ORACLE_OFF) {
		/* Still recorded: the fuzz target steers by mmu_check_va_used(). */
		if (ev->ret == 0)
			record(c, mmu, md);
		return;
	}
	if ((unsigned)md->type >= MT_NR) {
		oracle_fail("mmu: create_mapping with an unknown mem_type", md->virtual, 0,
			    (uint64_t)md->type, "reported by the observer");
		return;
	}
	refuse = expected_refusal(mmu, md);
	if (refuse && ev->ret == 0) {
		oracle_fail("mmu: create_mapping must refuse", md->virtual, (uint64_t)-MM_EINVAL, 0,
			    "%s, pa 0x%llx len 0x%llx %s", refuse,
			    (unsigned long long)(md->pfn << PAGE_SHIFT),
			    (unsigned long long)md->length, mt_name(md->type));
		return;
	}
	if (!refuse && ev->ret != 0) {
		oracle_fail("mmu: create_mapping refused a valid request", md->virtual, 0,
			    (uint64_t)(int64_t)ev->ret, "pa 0x%llx len 0x%llx %s: %s",
			    (unsigned long long)(md->pfn << PAGE_SHIFT),
			    (unsigned long long)md->length, mt_name(md->type),
			    ev->why ? ev->why : "");
		return;
	}
	if (ev->ret != 0)
		return;
	if (inert_supersections(mmu, md)) {
		mark_inert(c, md);
		return;
	}
	request_of(md, &r);
	if (r.va + r.len > SZ_4G) {
		oracle_fail("mmu: accepted mapping wraps past 4 GiB", r.va, SZ_4G, r.va + r.len,
			    "%s", mt_name(r.type));
		return;
	}
	supersede(c, &r);
	add_request(c, &r);
}

/* Compare one translation with a type's expectation; returns false after reporting. */
static bool attrs_match(const struct mm_mmu *mmu, const struct mmu_walk *w, enum mem_type t,
			uint64_t va)
{
	const struct mt_expect *e = &mt_expect[t];
	int kwrite = e->kwrite;

	/* LPAE kernels have no read-only section bits for these two (no APX in LPAE prot_sect). */
	if (mmu->format == PGTABLE_LPAE && (t == MT_ROM || t == MT_CACHECLEAN))
		kwrite = ANY;
	if (e->exec != ANY && w->kexec != e->exec) {
		oracle_fail("mmu: executable bit does not match mem_type", va, (uint64_t)e->exec,
			    w->kexec, "%s via %s", e->name, w->why);
		return false;
	}
	if (e->kread != ANY && w->kread != e->kread) {
		oracle_fail("mmu: kernel read access does not match mem_type", va,
			    (uint64_t)e->kread, w->kread, "%s via %s", e->name, w->why);
		return false;
	}
	if (kwrite != ANY && w->kwrite != kwrite) {
		oracle_fail("mmu: kernel write access does not match mem_type", va,
			    (uint64_t)kwrite, w->kwrite, "%s via %s", e->name, w->why);
		return false;
	}
	if (e->uread != ANY && w->uread != e->uread) {
		oracle_fail("mmu: user access does not match mem_type", va, (uint64_t)e->uread,
			    w->uread, "%s via %s", e->name, w->why);
		return false;
	}
	if (w->uwrite) {
		oracle_fail("mmu: kernel mapping writable from user mode", va, 0, 1, "%s via %s",
			    e->name, w->why);
		return false;
	}
	if (e->classes && !(e->classes & (1u << w->mem))) {
		oracle_fail("mmu: memory type class does not match mem_type", va, e->classes,
			    1u << w->mem, "%s mapped %s via %s", e->name,
			    mmu_mem_class_name(w->mem), w->why);
		return false;
	}
	return true;
}

static uint64_t unit_rest(uint64_t va, uint64_t unit)
{
	return unit - (va & (unit - 1));
}

static void check_requests(const struct mmu_check *c, const struct mm_mmu *mmu)
{
	for (unsigned i = 0; i < c->nr; i++) {
		const struct request *r = &c->req[i];
		struct mmu_walk w;

		for (uint64_t va = r->va; va < r->va + r->len; va += unit_rest(va, w.unit)) {
			phys_addr_t want = r->pa + (va - r->va);

			/* A classic mapping below 4 GiB has a 32-bit phys_addr_t: it wraps to 0. */
			if (mmu->format == PGTABLE_CLASSIC && r->pa < SZ_4G)
				want &= 0xffffffffULL;

			mmu_walk(mmu->pm, mmu->format, mmu->pgd_phys, (uint32_t)va, &w);
			if (w.fault) {
				oracle_fail("mmu: requested mapping faults", va, want, 0,
					    "%s len 0x%llx: %s", mt_name(r->type),
					    (unsigned long long)r->len, w.why);
				break;
			}
			if (w.pa != want) {
				oracle_fail("mmu: requested mapping translates to the wrong PA", va,
					    want, w.pa, "%s len 0x%llx via %s", mt_name(r->type),
					    (unsigned long long)r->len, w.why);
				break;
			}
			if (!attrs_match(mmu, &w, r->type, va))
				break;
		}
	}
}

/*
 * Every translation in the 4 GiB space must lie inside some accepted
 * request.  check_requests() walked every unit inside the requests, so the
 * sweep walks the gaps between them; a unit reaching from a gap into a
 * request is still seen from its gap.
 */
static void sweep_unrequested(const struct mmu_check *c, const struct mm_mmu *mmu)
{
	struct mmu_walk w;
	unsigned i = 0;
	uint64_t va = 0;

	while (va < SZ_4G) {
		while (i < c->nr && c->req[i].va + c->req[i].len <= va)
			i++;
		if (i < c->nr && c->req[i].va <= va) {
			va = c->req[i].va + c->req[i].len;
			continue;
		}
		mmu_walk(mmu->pm, mmu->format, mmu->pgd_phys, (uint32_t)va, &w);
		if (!w.fault && !covered(c, va, unit_rest(va, w.unit))) {
			oracle_fail("mmu: address mapped outside every requested mapping", va, 0,
				    w.pa, "%s, unit 0x%llx", w.why, (unsigned long long)w.unit);
			return;
		}
		va += unit_rest(va, w.unit);
	}
}

static uint32_t naive_va(const struct arm_layout *l, phys_addr_t pa)
{
	return (uint32_t)(pa - l->phys_offset + l->page_offset);
}

/*
 * Is every page of [pa, pa + len) in one of the first nr memory regions,
 * not NOMAP, below limit?  Regions count in whole pages: create_mapping
 * maps a partial page whole.
 */
static bool usable(const struct memblock *mb, unsigned long nr, phys_addr_t limit, phys_addr_t pa,
		   uint64_t len)
{
	phys_addr_t end = pa + len;

	if (end > MM_ALIGN_UP(limit, PAGE_SIZE))
		return false;
	for (unsigned long i = 0; i < nr && pa < end; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		phys_addr_t rbase = MM_ALIGN_DOWN(r->base, PAGE_SIZE);
		phys_addr_t rend = r->base + r->size;

		/* Round up, except at the very top of the 64-bit space. */
		if (rend <= ~0ULL - PAGE_SIZE)
			rend = MM_ALIGN_UP(rend, PAGE_SIZE);

		if (rend <= pa || (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED)))
			continue;
		if (rbase > pa)
			return false;
		pa = rend;
	}
	return pa >= end;
}

static bool check_linear_unit(const struct mm_mmu *mmu, uint64_t va, phys_addr_t pa,
			      const struct mmu_walk *w)
{
	const struct arm_layout *l = mmu->layout;
	phys_addr_t kx_end = MM_ALIGN_UP(l->ks.init_end, section_size(mmu));
	bool kernel_text = pa >= l->ks.kernel_sec_start && pa < kx_end;

	if (w->fault) {
		oracle_fail("linear map: usable lowmem not mapped at __va", va, pa, 0, "%s",
			    w->why);
		return false;
	}
	if (w->pa != pa) {
		oracle_fail("linear map: __va(pa) translates elsewhere", va, pa, w->pa, "%s",
			    w->why);
		return false;
	}
	if (!w->kread || !w->kwrite || w->uread || w->mem != MEMC_NORMAL_CACHED) {
		oracle_fail("linear map: lowmem must be kernel RW normal cached", va, 1, 0,
			    "kread %d kwrite %d user %d %s via %s", w->kread, w->kwrite, w->uread,
			    mmu_mem_class_name(w->mem), w->why);
		return false;
	}
	if (w->kexec == kernel_text)
		return true;
	oracle_fail(kernel_text ? "linear map: kernel text not executable"
				: "linear map: executable outside the kernel text",
		    va, kernel_text, w->kexec, "pa 0x%llx, text sections 0x%llx-0x%llx",
		    (unsigned long long)pa, (unsigned long long)l->ks.kernel_sec_start,
		    (unsigned long long)kx_end);
	return false;
}

static bool check_linear_range(const struct mm_mmu *mmu, phys_addr_t start, phys_addr_t end)
{
	struct mmu_walk w;

	for (phys_addr_t pa = start; pa < end; pa += unit_rest(pa, w.unit)) {
		uint64_t va = naive_va(mmu->layout, pa);

		mmu_walk(mmu->pm, mmu->format, mmu->pgd_phys, (uint32_t)va, &w);
		if (!check_linear_unit(mmu, va, pa, &w))
			return false;
	}
	return true;
}

/* A piece map_lowmem maps at __va(start) with create_mapping, which refuses a wrapped __va in the user region. */
static bool check_lowmem_piece(const struct mm_mmu *mmu, phys_addr_t start, phys_addr_t end)
{
	if (start >= end || naive_va(mmu->layout, start) < mmu->layout->task_size)
		return true;
	return check_linear_range(mmu, start, end);
}

/*
 * map_lowmem walks the usable regions in order, capped at arm_lowmem_limit,
 * up to the first one at or above it, and maps each but the part inside
 * the kernel's sections, which map_kernel maps.  Two kernel quirks end the
 * walk early: a region strictly inside the kernel's sections, and a region
 * holding them strictly inside.  Returns how many regions the walk covered.
 */
static unsigned long check_lowmem_regions(const struct mm_mmu *mmu, bool *ok)
{
	const struct arm_layout *l = mmu->layout;
	const struct memblock *mb = mmu->mb;
	phys_addr_t ks = l->ks.kernel_sec_start, ke = l->ks.kernel_sec_end;
	unsigned long i;

	*ok = true;
	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		phys_addr_t start = r->base, end = r->base + r->size, kstart, kend;

		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (end > l->arm_lowmem_limit)
			end = l->arm_lowmem_limit;
		if (start >= end)
			break;
		if (start > ks && end < ke)
			break;
		kstart = start > ks ? start : ks;
		kend = end < ke ? end : ke;
		*ok = check_lowmem_piece(mmu, start, end < ks ? end : ks) &&
		      check_lowmem_piece(mmu, start > ke ? start : ke, end) &&
		      (kstart >= kend || check_linear_range(mmu, kstart, kend));
		if (!*ok || (start < ks && end > ke))
			return i + 1;
	}
	return i;
}

/* dma_contiguous_remap maps each CMA area in lowmem, however map_lowmem's walk ended. */
static bool in_dma_remap(const struct mm_mmu *mmu, phys_addr_t pa, uint64_t len)
{
	for (int i = 0; i < mmu->nr_dma_remap && i < MMU_MAX_DMA_REMAP; i++) {
		const struct mmu_dma_remap *d = &mmu->dma_remap[i];

		if (pa >= d->base && pa + len <= d->base + d->size &&
		    pa + len <= mmu->layout->arm_lowmem_limit)
			return true;
	}
	return false;
}

static void check_linear_map(const struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;
	struct mmu_walk w;
	bool ok;
	unsigned long walked = check_lowmem_regions(mmu, &ok);

	if (!ok)
		return;
	/* The converse: what maps its own __pa above PAGE_OFFSET is walked lowmem, the kernel or CMA. */
	for (uint64_t va = l->page_offset; va < l->vmalloc_start; va += unit_rest(va, w.unit)) {
		phys_addr_t pa = va - l->page_offset + l->phys_offset;
		uint64_t n;

		mmu_walk(mmu->pm, mmu->format, mmu->pgd_phys, (uint32_t)va, &w);
		if (w.fault || w.pa != pa)
			continue;
		n = unit_rest(va, w.unit);
		if (pa >= l->ks.kernel_sec_start && pa + n <= l->ks.kernel_sec_end)
			continue;
		if (in_dma_remap(mmu, pa, n))
			continue;
		if (!usable(mmu->mb, walked, l->arm_lowmem_limit, pa, n)) {
			oracle_fail("linear map: maps memory that is not usable lowmem", va, 0, pa,
				    "%s, unit 0x%llx, arm_lowmem_limit 0x%llx", w.why,
				    (unsigned long long)w.unit,
				    (unsigned long long)l->arm_lowmem_limit);
			return;
		}
	}
}

static bool check_round_trip(const struct arm_layout *l, phys_addr_t pa)
{
	uint32_t va = layout_pa_to_va(l, pa);

	if (va != naive_va(l, pa)) {
		oracle_fail("phys/virt: __va(pa) is not pa - PHYS_OFFSET + PAGE_OFFSET", pa,
			    naive_va(l, pa), va, "layout_pa_to_va");
		return false;
	}
	if (layout_va_to_pa(l, va) != pa) {
		oracle_fail("phys/virt: __pa(__va(pa)) != pa", pa, pa, layout_va_to_pa(l, va),
			    "va 0x%x", va);
		return false;
	}
	return true;
}

static void check_phys_virt(const struct mm_mmu *mmu)
{
	const struct arm_layout *l = mmu->layout;
	const struct memblock *mb = mmu->mb;
	uint64_t step = section_size(mmu);

	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		/* Below PHYS_OFFSET __va wraps into user space: no linear address to return from. */
		phys_addr_t start = r->base < l->phys_offset ? l->phys_offset : r->base;
		phys_addr_t end = r->base + r->size;

		if (end > l->arm_lowmem_limit)
			end = l->arm_lowmem_limit;
		if (start >= end)
			continue;
		if (!check_round_trip(l, start) || !check_round_trip(l, end - 1))
			return;
		for (phys_addr_t pa = MM_ALIGN_UP(start, step); pa < end; pa += step)
			if (!check_round_trip(l, pa))
				return;
	}
}

/*
 * At ORACLE_FULL every check; at ORACLE_CHEAP (a fuzz target between its
 * scheduled sweeps) every requested unit and the __va/__pa round trips, but
 * not the 4 GiB sweep for unrequested mappings nor the linear map against
 * memblock.
 */
void mmu_check_full(struct mmu_check *c, const struct mm_mmu *mmu)
{
	unsigned before = oracle_failures();

	if (oracle_level == ORACLE_OFF)
		return;
	/* Each stage stops at its first failure; later stages would only repeat it. */
	check_requests(c, mmu);
	if (oracle_failures() == before && oracle_level >= ORACLE_FULL)
		sweep_unrequested(c, mmu);
	if (oracle_failures() == before && oracle_level >= ORACLE_FULL)
		check_linear_map(mmu);
	if (oracle_failures() == before)
		check_phys_virt(mmu);
}
