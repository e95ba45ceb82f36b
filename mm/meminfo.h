/*
 * /proc/meminfo (Linux v6.1 fs/proc/meminfo.c meminfo_proc_show): the
 * lines the model has state for, in the kernel's order and format:
 * MemTotal, MemFree, HighTotal, HighFree, LowTotal, LowFree, CmaTotal,
 * CmaFree.  The others need page cache, slab, page tables or vmalloc,
 * which the model does not keep.
 */
#ifndef MM_MEMINFO_H
#define MM_MEMINFO_H

#include <stddef.h>

struct mm_kernel;

size_t show_meminfo(const struct mm_kernel *k, char *buf, size_t cap);

#endif
