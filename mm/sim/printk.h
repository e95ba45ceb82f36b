/*
 * The model's printk: a bounded, per-boot log buffer holding kernel-format
 * lines (no timestamp prefix).  Models the role of kernel/printk/printk.c;
 * departs by having no log levels beyond an on/off switch, because the
 * fuzz targets keep logging off for speed and the tests and CLI turn it on.
 */
#ifndef MM_PRINTK_H
#define MM_PRINTK_H

#include <stdbool.h>
#include <stddef.h>

#define MM_LOG_CAP (256 * 1024)

struct mm_log {
	bool enabled;
	size_t len;		/* bytes used in buf, excluding the NUL */
	size_t dropped;		/* bytes that did not fit */
	char buf[MM_LOG_CAP];
};

void mm_log_reset(struct mm_log *log, bool enabled);
/* dst = src, copying only the used part of the buffer. */
void mm_log_copy(struct mm_log *dst, const struct mm_log *src);

/* Append formatted text verbatim (the caller supplies any newline). */
void mm_printk(struct mm_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Format a physical address the way the kernel's %pa does for the simulated
 * build: "0x" + 8 hex digits (32-bit phys_addr_t) or 16 (64-bit).
 * Returns buf.
 */
char *mm_fmt_pa(char buf[19], unsigned long long pa, bool phys_64bit);

/*
 * A bounded text buffer for the /proc views (seq_file's role): show_printf
 * appends what fits, len counts everything, buf stays NUL-terminated.
 */
struct show_buf {
	char *buf;
	size_t cap, len;
};

struct show_buf show_begin(char *buf, size_t cap);
void show_printf(struct show_buf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
