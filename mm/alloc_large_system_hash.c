/*
 * See alloc_large_system_hash.h.  32-bit ARM: no scale adaptation (that is
 * for 64-bit), arch_reserved_kernel_pages() is 0, hashdist is off (no NUMA).
 *
 * Departure: the entry count is computed in 64 bits, so a dhash_entries=
 * or ihash_entries= above 2^31 takes the 1/16-of-memory cap where the
 * kernel's 32-bit roundup_pow_of_two() would wrap to 0.
 */
#include "alloc_large_system_hash.h"

#include "mm_errno.h"

static uint64_t roundup_pow_of_two(uint64_t n)
{
	uint64_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static int ilog2(uint64_t n)
{
	return 63 - __builtin_clzll(n);
}

phys_addr_t alloc_large_system_hash(struct memblock *mb, const struct hash_pages *hp,
				    const char *tablename, unsigned long bucketsize,
				    unsigned long numentries, int scale, int flags, unsigned int *shift,
				    unsigned long low_limit, unsigned long high_limit, int *ret)
{
	uint64_t entries = numentries, max = high_limit, size;
	phys_addr_t table = 0;
	int log2qty;

	*ret = 0;
	if (!entries) {
		/* one bucket per 2^scale bytes of lowmem, rounded up to a MiB */
		entries = MM_ALIGN_UP((uint64_t)hp->nr_kernel_pages, SZ_1M / PAGE_SIZE);
		if (scale > PAGE_SHIFT)
			entries >>= scale - PAGE_SHIFT;
		else
			entries <<= PAGE_SHIFT - scale;
		if (flags & HASH_SMALL) {
			if (!(entries >> *shift))
				entries = 1ULL << *shift;
		} else if (entries * bucketsize < PAGE_SIZE) {
			entries = PAGE_SIZE / bucketsize;
		}
	}
	entries = roundup_pow_of_two(entries);
	/* at most 1/16 of all memory */
	if (!max)
		max = (((uint64_t)hp->nr_all_pages << PAGE_SHIFT) >> 4) / bucketsize;
	if (max > 0x80000000ULL)
		max = 0x80000000ULL;
	if (entries < low_limit)
		entries = low_limit;
	if (entries > max)
		entries = max;
	log2qty = entries ? ilog2(entries) : 0;

	memblock_set_caller(mb, CS_ALLOC_LARGE_SYSTEM_HASH);
	do {
		size = (uint64_t)bucketsize << log2qty;
		table = (flags & HASH_ZERO) ? memblock_alloc(mb, size, SMP_CACHE_BYTES)
					    : memblock_alloc_raw(mb, size, SMP_CACHE_BYTES);
	} while (!table && size > PAGE_SIZE && --log2qty);
	if (!table) {
		mm_printk(mb->log, "Kernel panic - not syncing: Failed to allocate %s hash table\n",
			  tablename);
		*ret = -MM_EPANIC;
		return 0;
	}
	/* 32-bit longs: "%ld" of 1UL << 31 prints negative, as the kernel's would */
	mm_printk(mb->log, "%s hash table entries: %ld (order: %d, %lu bytes, linear)\n", tablename,
		  (long)(int32_t)(1U << log2qty), ilog2(size) - PAGE_SHIFT,
		  (unsigned long)(uint32_t)size);
	*shift = (unsigned int)log2qty;
	return table;
}

int vfs_caches_init_early(struct memblock *mb, const struct hash_pages *hp,
			  unsigned long dhash_entries, unsigned long ihash_entries)
{
	unsigned int shift = 0;
	int ret;

	/* struct hlist_bl_head and struct hlist_head: one pointer each */
	alloc_large_system_hash(mb, hp, "Dentry cache", 4, dhash_entries, 13, HASH_EARLY | HASH_ZERO,
				&shift, 0, 0, &ret);
	if (!ret)
		alloc_large_system_hash(mb, hp, "Inode-cache", 4, ihash_entries, 14,
					HASH_EARLY | HASH_ZERO, &shift, 0, 0, &ret);
	return ret;
}
