/*
 * Linux v6.1 mm/memblock.c memblock_debug_show(): the text of
 * /sys/kernel/debug/memblock/{memory,reserved}.  v6.1 prints only the
 * range of each region (flags and nid came later); an empty array shows
 * its zero-sized dummy, whose end wraps to PHYS_ADDR_MAX.
 */
#include "memblock.h"

#include <stdarg.h>
#include <stdio.h>

struct show_buf {
	char *buf;
	size_t cap, len;
};

static void show_printf(struct show_buf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void show_printf(struct show_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->len < sb->cap ? sb->buf + sb->len : NULL,
		      sb->len < sb->cap ? sb->cap - sb->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

size_t memblock_debugfs_show(const struct memblock *mb, const struct memblock_type *type,
			     char *buf, size_t cap)
{
	struct show_buf sb = { buf, cap, 0 };
	bool wide = mb->phys_max == PHYS_MAX_64;
	char b[19], e[19];

	if (cap)
		buf[0] = '\0';
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		show_printf(&sb, "%4lu: %s..%s\n", i, mm_fmt_pa(b, r->base, wide),
			    mm_fmt_pa(e, (r->base + r->size - 1) & mb->phys_max, wide));
	}
	return sb.len;
}
