/*
 * Test-only helper: mm_kernel_boot() under a kernel watch, as the
 * page_alloc target runs it, so the oracle's page, buddy and boot checks
 * have the watch's expectations.  Header-only because every
 * tests/test_*.c is its own executable.
 */
#ifndef TESTS_WATCHED_BOOT_H
#define TESTS_WATCHED_BOOT_H

#include "kernel.h"
#include "kernel_watch.h"

/* Boot k under w (both created on first use); the expectations are ready when it returns 0. */
static inline int watched_boot(struct mm_kernel **k, struct kernel_watch **w, const void *fdt,
			       size_t len, struct kernel_config *cfg)
{
	int ret;

	if (!*k) {
		*k = mm_kernel_new();
		*w = kernel_watch_new();
	}
	kernel_watch_begin(*w, *k, cfg, fdt, len);
	ret = mm_kernel_boot(*k, fdt, len, cfg);
	if (ret == 0)
		kernel_watch_end(*w);
	return ret;
}

#endif
