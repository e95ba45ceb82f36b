/* See resource.h (Linux v6.1 kernel/resource.c r_show's format). */
#include "resource.h"

#include <stdio.h>
#include <stdlib.h>

#include "host_mem.h"

void iomem_reset(struct iomem_resources *io)
{
	io->nr = 0;
}

void iomem_free(struct iomem_resources *io)
{
	free(io->res);
	*io = (struct iomem_resources){ 0 };
}

void iomem_add(struct iomem_resources *io, phys_addr_t start, phys_addr_t end, const char *name,
	       int depth)
{
	host_reserve(&io->res, &io->cap, io->nr + 1, sizeof(*io->res));
	io->res[io->nr++] = (struct resource){ start, end, name, depth };
}

size_t show_iomem(const struct iomem_resources *io, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap)
		buf[0] = '\0';
	for (size_t i = 0; i < io->nr; i++) {
		const struct resource *r = &io->res[i];
		/* iomem_resource ends at -1, so the width is 8 hex digits (or more) */
		int n = snprintf(len < cap ? buf + len : NULL, len < cap ? cap - len : 0,
				 "%*s%08llx-%08llx : %s\n", r->depth * 2, "", (unsigned long long)r->start,
				 (unsigned long long)r->end, r->name);

		if (n > 0)
			len += (size_t)n;
	}
	return len;
}
