/* See printk.h: a bounded log buffer standing in for the kernel log. */
#include "printk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mm_log_reset(struct mm_log *log, bool enabled)
{
	log->enabled = enabled;
	log->len = 0;
	log->dropped = 0;
	log->buf[0] = '\0';
}

void mm_log_copy(struct mm_log *dst, const struct mm_log *src)
{
	dst->enabled = src->enabled;
	dst->len = src->len;
	dst->dropped = src->dropped;
	memcpy(dst->buf, src->buf, src->len + 1);
}

void mm_printk(struct mm_log *log, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	if (!log || !log->enabled)
		return;
	room = MM_LOG_CAP - log->len;
	va_start(ap, fmt);
	n = vsnprintf(log->buf + log->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		/* Keep the log a whole number of lines: drop the partial one. */
		log->buf[log->len] = '\0';
		log->dropped += (size_t)n;
		return;
	}
	log->len += (size_t)n;
}

char *mm_fmt_pa(char buf[19], unsigned long long pa, bool phys_64bit)
{
	if (phys_64bit)
		snprintf(buf, 19, "0x%016llx", pa);
	else
		snprintf(buf, 19, "0x%08llx", pa & 0xffffffffULL);
	return buf;
}

struct show_buf show_begin(char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	return (struct show_buf){ buf, cap, 0 };
}

void show_printf(struct show_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->len < sb->cap ? sb->buf + sb->len : NULL, sb->len < sb->cap ? sb->cap - sb->len : 0,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}
