/*
 * Test-only helpers to make device-tree blobs: libfdt's sequential-write
 * API for exact byte layouts, and dtc for DTS text (inline or from
 * corpus/dts).  Header-only because every tests/test_*.c is its own
 * executable.
 */
#ifndef TESTS_DTB_HELPERS_H
#define TESTS_DTB_HELPERS_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#define DTB_BUF_SIZE 65536

/* 8-byte aligned, as libfdt wants. */
static uint64_t dtb_buf_words[DTB_BUF_SIZE / 8];
static void *const dtb_buf = dtb_buf_words;

/* fdt_create + the reserve map (pairs of address, size) + the root node. */
static inline void dtb_begin(const uint64_t *rsv, int nr_rsv)
{
	fdt_create(dtb_buf, DTB_BUF_SIZE);
	for (int i = 0; i < nr_rsv; i++)
		fdt_add_reservemap_entry(dtb_buf, rsv[2 * i], rsv[2 * i + 1]);
	fdt_finish_reservemap(dtb_buf);
	fdt_begin_node(dtb_buf, "");
}

static inline void dtb_node(const char *name)
{
	fdt_begin_node(dtb_buf, name);
}

static inline void dtb_end_node(void)
{
	fdt_end_node(dtb_buf);
}

/* A property of n big-endian cells. */
static inline void dtb_cells(const char *name, int n, ...)
{
	uint32_t v[64];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n && i < 64; i++)
		v[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	fdt_property(dtb_buf, name, v, (int)(sizeof(uint32_t) * (size_t)n));
}

static inline void dtb_raw(const char *name, const void *val, int len)
{
	fdt_property(dtb_buf, name, val, len);
}

static inline void dtb_str(const char *name, const char *s)
{
	fdt_property_string(dtb_buf, name, s);
}

static inline void dtb_empty(const char *name)
{
	fdt_property(dtb_buf, name, NULL, 0);
}

/* dtb_begin without a reserve map, 1-cell addresses and sizes, and memory@<base> of one bank. */
static inline void dtb_begin_bank(uint32_t base, uint32_t size)
{
	char name[32];

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 1);
	dtb_cells("#size-cells", 1, 1);
	snprintf(name, sizeof(name), "memory@%x", base);
	dtb_node(name);
	dtb_str("device_type", "memory");
	dtb_cells("reg", 2, base, size);
	dtb_end_node();
}

/* Close the root and finish; returns the blob (totalsize via fdt_totalsize). */
static inline void *dtb_finish(void)
{
	fdt_end_node(dtb_buf);
	fdt_finish(dtb_buf);
	return dtb_buf;
}

/* Run dtc on a file; returns a malloc'd blob (caller frees) or NULL. */
static inline void *dtb_from_dts_file(const char *path, size_t *len)
{
	char out[256], cmd[1024];
	FILE *f;
	void *blob = NULL;
	long n;

	snprintf(out, sizeof(out), "/tmp/mmfuzz-test-%d.dtb", (int)getpid());
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", out, path);
	if (system(cmd) != 0)
		return NULL;
	f = fopen(out, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n > 0) {
		blob = malloc((size_t)n);
		if (blob && fread(blob, 1, (size_t)n, f) != (size_t)n) {
			free(blob);
			blob = NULL;
		}
	}
	fclose(f);
	unlink(out);
	if (blob && len)
		*len = (size_t)n;
	return blob;
}

/* DTS source text → blob (malloc'd). */
static inline void *dtb_from_dts(const char *src, size_t *len)
{
	char path[256];
	FILE *f;
	void *blob;

	snprintf(path, sizeof(path), "/tmp/mmfuzz-test-%d.dts", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(src, f);
	fclose(f);
	blob = dtb_from_dts_file(path, len);
	unlink(path);
	return blob;
}

/* corpus/dts/<name>.dts → blob (malloc'd). */
static inline void *dtb_from_corpus(const char *name, size_t *len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/corpus/dts/%s.dts", MMFUZZ_SOURCE_DIR, name);
	return dtb_from_dts_file(path, len);
}

#endif
