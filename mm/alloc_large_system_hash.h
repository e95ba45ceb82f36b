/*
 * Boot-time hash tables from memblock (Linux v6.1 mm/page_alloc.c
 * alloc_large_system_hash; fs/dcache.c dcache_init_early and fs/inode.c
 * inode_init_early, start_kernel's vfs_caches_init_early).  Only the
 * sizes, the memblock allocations and the printed lines are modelled.
 */
#ifndef MM_ALLOC_LARGE_SYSTEM_HASH_H
#define MM_ALLOC_LARGE_SYSTEM_HASH_H

#include "memblock.h"

#define HASH_EARLY 0x00000001	/* from memblock */
#define HASH_SMALL 0x00000002	/* sub-page allocation allowed, min shift passed via *shift */
#define HASH_ZERO 0x00000004	/* zero the table */

/* The two page counts free_area_init_core() left for the hash sizing. */
struct hash_pages {
	unsigned long nr_kernel_pages, nr_all_pages;
};

/*
 * alloc_large_system_hash() with HASH_EARLY: numentries 0 sizes the table
 * from nr_kernel_pages; returns its physical address (0 and -MM_EPANIC in
 * *ret when even one page cannot be had: the kernel panics) and stores
 * log2 of the entries in *shift.
 */
phys_addr_t alloc_large_system_hash(struct memblock *mb, const struct hash_pages *hp,
				    const char *tablename, unsigned long bucketsize,
				    unsigned long numentries, int scale, int flags, unsigned int *shift,
				    unsigned long low_limit, unsigned long high_limit, int *ret);

/* vfs_caches_init_early(): the dentry and inode hash tables (dhash_entries=, ihash_entries=). */
int vfs_caches_init_early(struct memblock *mb, const struct hash_pages *hp,
			  unsigned long dhash_entries, unsigned long ihash_entries);

#endif
