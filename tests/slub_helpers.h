/*
 * Test-only helpers for the SLUB tests: boot a small board with a CPU
 * count, a seed and a command line, read a /proc/slabinfo row, and check
 * a slab's freelist and counters the long way.  Include test.h first.
 * Header-only because every tests/test_*.c is its own executable.
 */
#ifndef TESTS_SLUB_HELPERS_H
#define TESTS_SLUB_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "buddy_helpers.h"
#include "kmem_access.h"
#include "slab.h"
#include "slab_internal.h"

struct slub_board {
	unsigned int mbytes;		/* one bank at 0x40000000; 0 means 256 */
	unsigned int cpus;
	uint64_t seed;
	const char *bootargs;
	const char *profile;		/* NULL: debian-armmp */
};

/* Boot into bk (the log on, the model's pages tracked in bmp); returns mm_kernel_boot's result. */
static inline int slub_boot(const struct slub_board *b)
{
	struct kernel_config cfg = board_config(b->profile ? b->profile : "debian-armmp");
	char dts[768];
	size_t len;
	void *blob;
	int ret;

	cfg.nr_cpus = b->cpus;
	cfg.random_seed = b->seed;
	snprintf(dts, sizeof(dts),
		 "/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { bootargs = \"%s\"; };\n"
		 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x%x>; };\n};\n",
		 b->bootargs ? b->bootargs : "", (b->mbytes ? b->mbytes : 256) << 20);
	blob = dtb_from_dts(dts, &len);
	if (!blob)
		return -9999;
	if (!bk)
		bk = mm_kernel_new();
	ret = mm_kernel_boot(bk, blob, len, &cfg);
	free(blob);
	return ret;
}

/* The /proc/slabinfo row of cache name (without its newline), or "" when absent. */
static inline const char *slabinfo_row(const char *name)
{
	static char buf[64 * 1024], row[256];
	char key[64];
	const char *p;

	show_slabinfo(bk, buf, sizeof(buf));
	snprintf(key, sizeof(key), "\n%s ", name);
	p = strstr(buf, key);
	row[0] = '\0';
	if (p) {
		size_t n = strcspn(p + 1, "\n");

		snprintf(row, sizeof(row), "%.*s", (int)n, p + 1);
	}
	return row;
}

/* "<objsize> <objperslab> <pagesperslab>" of a slabinfo row. */
static inline const char *slab_geometry(const char *name)
{
	static char out[64];
	char n[40];
	unsigned long a, b, size, per, pages;

	out[0] = '\0';
	if (sscanf(slabinfo_row(name), "%39s %lu %lu %lu %lu %lu", n, &a, &b, &size, &per, &pages) == 6)
		snprintf(out, sizeof(out), "%lu %lu %lu", size, per, pages);
	return out;
}

static inline struct kmem_cache *find_cache(const char *name)
{
	for (struct list_head *p = bk->slub.slab_caches.next; p != &bk->slub.slab_caches; p = p->next) {
		struct kmem_cache *s = list_entry(p, struct kmem_cache, list);

		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

static inline bool log_has(const char *text)
{
	return strstr(bk->log->buf, text) != NULL;
}

#endif
