/*
 * The iomem resource tree as boot fills it (Linux v6.1 kernel/resource.c
 * request_resource, r_show): "System RAM" per memory range and the
 * kernel's code and data inside the range that holds them.  Devices are
 * not modelled.  Resources are kept in the order /proc/iomem lists them.
 */
#ifndef MM_RESOURCE_H
#define MM_RESOURCE_H

#include "mm_types.h"

struct resource {
	phys_addr_t start, end;		/* end inclusive */
	const char *name;
	int depth;			/* 0: child of iomem_resource */
};

struct iomem_resources {
	struct resource *res;
	size_t nr, cap;
};

void iomem_reset(struct iomem_resources *io);
void iomem_free(struct iomem_resources *io);
/* Append a resource after the ones before it in /proc/iomem order. */
void iomem_add(struct iomem_resources *io, phys_addr_t start, phys_addr_t end, const char *name,
	       int depth);

/* /proc/iomem; writes at most cap bytes (NUL-terminated), returns the full length. */
size_t show_iomem(const struct iomem_resources *io, char *buf, size_t cap);

#endif
