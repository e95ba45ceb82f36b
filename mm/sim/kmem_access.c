/*
 * Simulated loads and stores through the linear map (see kmem_access.h),
 * and SLUB's own metadata accesses (slab_internal.h): the kernel builds
 * mm/slub.c and mm/slab_common.c without KASAN, so their loads and stores
 * of free objects and red zones are never reports.  Here the raw accessors
 * carry no_sanitize_address and use volatile byte accesses, which the
 * compiler can neither instrument nor turn into libc calls the ASan runtime
 * would check.  No kernel counterpart.
 */
#include "kmem_access.h"

#include <string.h>

#include "kasan_poison.h"
#include "kernel.h"
#include "mm_errno.h"
#include "phys_mem.h"
#include "slab_internal.h"

#define NO_ASAN __attribute__((no_sanitize_address))

static bool lowmem_range(const struct mm_kernel *k, uint32_t va, size_t len)
{
	const struct arm_layout *l = &k->setup->layout;

	return va >= l->page_offset && va < l->high_memory && len <= l->high_memory - va;
}

static struct phys_mem *pm_of(const struct mm_kernel *k)
{
	return k->setup->pm;
}

/*
 * The host byte behind va (inside lowmem, so the linear map's plain
 * offset), or NULL when its page was never touched and create is false.
 */
static uint8_t *host_byte(const struct mm_kernel *k, uint32_t va, bool create)
{
	const struct arm_layout *l = &k->setup->layout;
	phys_addr_t pa = l->phys_offset + (va - l->page_offset);
	uint8_t *page = phys_mem_page(pm_of(k), pa >> PAGE_SHIFT, create);

	return page ? page + (pa & (PAGE_SIZE - 1)) : NULL;
}

/* Bytes from va to the end of its page, at most len. */
static size_t chunk_len(uint32_t va, size_t len)
{
	size_t room = (size_t)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));

	return len < room ? len : room;
}

typedef void (*chunk_fn)(uint8_t *p, size_t len, void *ctx);

/* fn on each page's part of [va, va + len); with create, every page is made first (a refused write stores nothing). */
static int for_each_chunk(const struct mm_kernel *k, uint32_t va, size_t len, bool create, chunk_fn fn, void *ctx)
{
	if (!lowmem_range(k, va, len))
		return -MM_EINVAL;
	for (uint32_t a = va; create && a - va < len; a += (uint32_t)chunk_len(a, len - (a - va)))
		if (!host_byte(k, a, true))
			return -MM_ENOMEM;
	while (len) {
		size_t n = chunk_len(va, len);
		uint8_t *p = host_byte(k, va, false);

		if (p)
			fn(p, n, ctx);
		va += (uint32_t)n;
		len -= n;
	}
	return 0;
}

static void fill_checked(uint8_t *p, size_t len, void *ctx)
{
	memset(p, *(const uint8_t *)ctx, len);
}

/* Word stores where aligned: a new debug slab is filled whole. */
static NO_ASAN void fill_raw(uint8_t *p, size_t len, void *ctx)
{
	uint8_t val = *(const uint8_t *)ctx;
	uint64_t word = val * 0x0101010101010101ULL;
	size_t i = 0;

	for (; i < len && ((uintptr_t)(p + i) & 7); i++)
		((volatile uint8_t *)p)[i] = val;
	for (; i + 8 <= len; i += 8)
		*(volatile uint64_t *)(p + i) = word;
	for (; i < len; i++)
		((volatile uint8_t *)p)[i] = val;
}

/* A host buffer's cursor, for copies in either direction. */
struct copy_out {
	uint8_t *dst;
};

static NO_ASAN void copy_in_raw(uint8_t *p, size_t len, void *ctx)
{
	struct copy_out *c = ctx;
	volatile uint8_t *v = p;

	for (size_t i = 0; i < len; i++)
		v[i] = c->dst[i];
	c->dst += len;
}

static NO_ASAN void copy_raw(uint8_t *p, size_t len, void *ctx)
{
	struct copy_out *c = ctx;
	const volatile uint8_t *v = p;

	for (size_t i = 0; i < len; i++)
		c->dst[i] = v[i];
	c->dst += len;
}

int kmem_write(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len)
{
	return for_each_chunk(k, va, len, true, fill_checked, &val);
}

int kmem_write_unchecked(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len)
{
	return for_each_chunk(k, va, len, true, fill_raw, &val);
}

int kmem_peek(const struct mm_kernel *k, uint32_t va, void *buf, size_t len)
{
	struct copy_out c = { buf };

	if (!lowmem_range(k, va, len))
		return -MM_EINVAL;
	memset(buf, 0, len);
	while (len) {
		size_t n = chunk_len(va, len);
		uint8_t *p = host_byte(k, va, false);

		if (p)
			copy_raw(p, n, &c);
		else
			c.dst += n;
		va += (uint32_t)n;
		len -= n;
	}
	return 0;
}

/* A word never straddles a page: SLUB's links and track fields are 4-aligned. */
NO_ASAN uint32_t kmem_raw_read32(const struct mm_kernel *k, uint32_t va)
{
	const volatile uint8_t *p = lowmem_range(k, va, 4) ? host_byte(k, va, false) : NULL;

	if (!p)
		return 0;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

NO_ASAN void kmem_raw_write32(struct mm_kernel *k, uint32_t va, uint32_t v)
{
	volatile uint8_t *p = lowmem_range(k, va, 4) ? host_byte(k, va, true) : NULL;

	if (!p)
		return;
	for (int b = 0; b < 4; b++)
		p[b] = (uint8_t)(v >> (8 * b));
}

void kmem_raw_fill(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len)
{
	for_each_chunk(k, va, len, true, fill_raw, &val);
}

void kmem_raw_write(struct mm_kernel *k, uint32_t va, const void *buf, size_t len)
{
	struct copy_out c = { (uint8_t *)buf };

	for_each_chunk(k, va, len, true, copy_in_raw, &c);
}

void kmem_raw_read(const struct mm_kernel *k, uint32_t va, void *buf, size_t len)
{
	if (kmem_peek(k, va, buf, len) < 0)
		memset(buf, 0, len);
}

/* The first byte of p[0, n) that is not val, or n; whole words where aligned. */
static NO_ASAN size_t find_not(const uint8_t *p, size_t n, uint8_t val)
{
	uint64_t word = val * 0x0101010101010101ULL;
	size_t i = 0;

	if (!p)
		return val ? 0 : n;
	for (; i < n && ((uintptr_t)(p + i) & 7); i++)
		if (((const volatile uint8_t *)p)[i] != val)
			return i;
	for (; i + 8 <= n && *(const volatile uint64_t *)(p + i) == word; i += 8)
		;
	for (; i < n; i++)
		if (((const volatile uint8_t *)p)[i] != val)
			return i;
	return n;
}

uint32_t kmem_raw_find_not(const struct mm_kernel *k, uint32_t va, uint8_t val, size_t len)
{
	if (!lowmem_range(k, va, len))
		return 0;
	while (len) {
		size_t n = chunk_len(va, len), at = find_not(host_byte(k, va, false), n, val);

		if (at < n)
			return va + (uint32_t)at;
		va += (uint32_t)n;
		len -= n;
	}
	return 0;
}

int kmem_materialise(struct mm_kernel *k, unsigned long pfn, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (!phys_mem_page(pm_of(k), pfn + i, true))
			return -MM_ENOMEM;
	return 0;
}

static void poison_chunk(uint8_t *p, size_t len, void *ctx)
{
	mm_asan_poison(p, len);
}

static void unpoison_chunk(uint8_t *p, size_t len, void *ctx)
{
	mm_asan_unpoison(p, len);
}

void kasan_poison_range(struct mm_kernel *k, uint32_t va, size_t len)
{
	if (mm_asan_active())
		for_each_chunk(k, va, len, false, poison_chunk, NULL);
}

void kasan_unpoison_range(struct mm_kernel *k, uint32_t va, size_t len)
{
	if (mm_asan_active())
		for_each_chunk(k, va, len, false, unpoison_chunk, NULL);
}
