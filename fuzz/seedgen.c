/*
 * mmfuzz-seedgen CORPUS_DIR: writes the hand-designed seeds of the
 * structured targets to CORPUS_DIR/dtb_struct/, CORPUS_DIR/memblock_ops/
 * and CORPUS_DIR/slub/, and the page_alloc seeds whose board is dtb_struct bytes.
 * Each seed is spelled in the input format of docs/fuzz-input-format.md,
 * with exact values encoded as raw selectors so the seeds do not depend on
 * the picker's history.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtb_builder.h"
#include "memblock_ops.h"
#include "page_alloc_ops.h"
#include "slub_ops.h"

struct seed {
	size_t len;
	uint8_t buf[1024];
};

static void put(struct seed *s, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		if (s->len == sizeof(s->buf)) {
			fprintf(stderr, "seedgen: seed too long\n");
			exit(1);
		}
		s->buf[s->len++] = (uint8_t)va_arg(ap, int);
	}
	va_end(ap);
}

/* An exact address or size: selector 0x80 + u32, or 0xa0 + u64 (little-endian). */
static void val(struct seed *s, uint64_t v)
{
	int n = v >> 32 ? 8 : 4;

	put(s, 1, n == 8 ? 0xa0 : 0x80);
	for (int i = 0; i < n; i++)
		put(s, 1, (int)(v >> (8 * i)) & 0xff);
}

static void range(struct seed *s, uint64_t base, uint64_t size)
{
	val(s, base);
	val(s, size);
}

/* vp_align's byte: 0 → 0, k → 2^(k-1). */
static void align(struct seed *s, uint64_t a)
{
	int k = 0;

	while (a >> k > 1)
		k++;
	put(s, 1, a ? k + 1 : 0);
}

static const char *out_dir;

static void emit(const char *target, const char *name, const struct seed *s)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->buf, 1, s->len, f) != s->len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* dtb_struct records (tag = flags << 3 | kind). */
static void memrsv(struct seed *s, uint64_t base, uint64_t size)
{
	put(s, 1, 0x00);
	range(s, base, size);
}

static void memory(struct seed *s, unsigned flags, int nr, const uint64_t *banks, int nr_usable,
		   const uint64_t *usable)
{
	put(s, 2, flags << 3 | 1, (nr - 1) | (nr_usable ? nr_usable - 1 : 0) << 2);
	for (int i = 0; i < nr; i++)
		range(s, banks[2 * i], banks[2 * i + 1]);
	for (int i = 0; i < nr_usable; i++)
		range(s, usable[2 * i], usable[2 * i + 1]);
}

static void rmem_static(struct seed *s, unsigned flags, uint64_t base, uint64_t size)
{
	put(s, 2, flags << 3 | 2, 0);
	range(s, base, size);
}

static void rmem_dynamic(struct seed *s, unsigned flags, uint64_t size, uint64_t al,
			 int nr_alloc, const uint64_t *alloc)
{
	put(s, 2, flags << 3 | 3, nr_alloc | (al ? 0x04 : 0));
	val(s, size);
	if (al)
		align(s, al);
	for (int i = 0; i < nr_alloc; i++)
		range(s, alloc[2 * i], alloc[2 * i + 1]);
}

/* Token kinds of a bootargs record (token byte = kind | style << 4, style 2 = K/M/G suffix). */
enum { TOK_MEM, TOK_MEM_AT, TOK_CMA, TOK_CMA_AT, TOK_CMA_RANGE, TOK_VMALLOC, TOK_DEBUG,
       TOK_CONSOLE, TOK_ROOT };

static void dtb_struct_seeds(void)
{
	struct seed s;

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	emit("dtb_struct", "virt-1g-one-bank", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_256M }, 0, NULL);
	memory(&s, 0, 1, (uint64_t[]){ 0x60000000, SZ_256M }, 0, NULL);
	emit("dtb_struct", "two-banks-with-hole", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x30 | 0x40);	/* load address in the first bank, DTB reserved */
	val(&s, 0x88000000);
	memory(&s, 0x10, 1, (uint64_t[]){ 0x80000000, 2 * SZ_256M }, 0, NULL);
	emit("dtb_struct", "memory-at-2g-dtb-reserved", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	memrsv(&s, 0x40000000, 0x10000);
	rmem_static(&s, 0x01, 0x4e000000, 0x2000000);	/* OP-TEE style no-map carve-out */
	rmem_static(&s, 0x00, 0x7f000000, SZ_1M);	/* firmware log, mapped */
	emit("dtb_struct", "firmware-carveouts", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	rmem_dynamic(&s, 0x02 | 0x04 | 0x08, 0x4000000, SZ_8M, 1,
		     (uint64_t[]){ 0x40000000, 0x30000000 });
	emit("dtb_struct", "cma-default-pool", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x01 | 0x02 | 0x04 | 0x40);	/* LPAE, 2+2 cells, DTB reserved */
	val(&s, 0x88000000);
	memory(&s, 0, 2, (uint64_t[]){ 0x80000000, 2 * SZ_1G, 0x880000000ULL, 6 * SZ_1G }, 0, NULL);
	rmem_dynamic(&s, 0x02 | 0x04, 0x10000000, 0, 0, NULL);
	emit("dtb_struct", "lpae-high-memory", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0x08, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 1,
	       (uint64_t[]){ 0x48000000, SZ_256M });
	put(&s, 2, 0x06, 0x01);	/* two usable-memory-range tuples */
	range(&s, 0x48000000, 0x8000000);
	range(&s, 0x70000000, SZ_1M);
	emit("dtb_struct", "kdump-usable-memory", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	put(&s, 2, 0x04, 4 - 1);
	put(&s, 1, TOK_CONSOLE);
	put(&s, 1, TOK_MEM | 0x20);
	val(&s, 2 * SZ_256M);
	put(&s, 1, TOK_DEBUG);
	put(&s, 1, TOK_CMA | 0x20);
	val(&s, 0x2000000);
	put(&s, 1, 0x05);	/* initrd, 32-bit cells */
	range(&s, 0x48000000, 0x800000);
	emit("dtb_struct", "bootargs-mem-cma-initrd", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	put(&s, 2, 0x04, 3 - 1);
	put(&s, 1, TOK_MEM_AT | 0x20);
	val(&s, SZ_256M);
	val(&s, 0x40000000);
	put(&s, 1, TOK_MEM_AT);
	val(&s, SZ_256M);
	val(&s, 0x60000000);
	put(&s, 1, TOK_VMALLOC | 0x20);
	val(&s, 0x18000000);
	emit("dtb_struct", "mem-at-two-ranges", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0x01, 1, (uint64_t[]){ 0x20000000, SZ_256M }, 0, NULL);
	memory(&s, 0x04 | 0x02, 1, (uint64_t[]){ 0x40000000, SZ_1G }, 0, NULL);
	emit("dtb_struct", "disabled-and-hotpluggable", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	memory(&s, 0x10, 1, (uint64_t[]){ 0x0, 0x3b400000 }, 0, NULL);
	rmem_dynamic(&s, 0x02 | 0x04 | 0x08, 0x4000000, 0, 1, (uint64_t[]){ 0x0, 0x30000000 });
	put(&s, 2, 0x04, 0);
	put(&s, 1, TOK_CMA_AT | 0x20);
	val(&s, 0x4000000);
	val(&s, 0x10000000);
	emit("dtb_struct", "rpi-memory-at-0-cma", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x08);	/* bottom-up */
	memory(&s, 0, 1, (uint64_t[]){ 0x60000000, SZ_1G }, 0, NULL);
	rmem_dynamic(&s, 0x01, SZ_16M, SZ_1M, 0, NULL);
	rmem_dynamic(&s, 0x02, SZ_8M, 0, 2,
		     (uint64_t[]){ 0x70000000, SZ_16M, 0x60000000, SZ_256M });
	emit("dtb_struct", "bottom-up-dynamic-pools", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x20);	/* explicit PHYS_OFFSET */
	val(&s, 0x40000000);
	memory(&s, 0, 1, (uint64_t[]){ 0x3ff00000, 0x40200000 }, 0, NULL);
	rmem_static(&s, 0x00, 0x50000000, SZ_1M);
	put(&s, 1, (0x01 | 0x04) << 3 | 7);	/* root cells mismatch, no ranges */
	emit("dtb_struct", "below-phys-offset-rmem-ignored", &s);
}

/* memblock_ops config byte: lpae 0x01, numa 0x02, bottom-up 0x04, allow_resize 0x08, preset << 4, debug 0x80. */
static void op_range(struct seed *s, enum mbops_opcode op, uint64_t base, uint64_t size)
{
	put(s, 1, op);
	range(s, base, size);
}

static void op_alloc(struct seed *s, uint64_t size, uint64_t al)
{
	put(s, 1, MBOPS_ALLOC);
	val(s, size);
	align(s, al);
}

static void memblock_ops_seeds(void)
{
	struct seed s;

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	op_range(&s, MBOPS_ADD, 0x40000000, SZ_256M);
	op_range(&s, MBOPS_ADD, 0x50000000, SZ_256M);
	op_range(&s, MBOPS_ADD, 0x48000000, SZ_256M);
	op_range(&s, MBOPS_RESERVE, 0x40000000, SZ_1M);
	op_range(&s, MBOPS_RESERVE, 0x40100000, SZ_1M);
	op_range(&s, MBOPS_RESERVE, 0x400ff000, 0x2000);
	emit("memblock_ops", "merge-adjacent-and-overlapping", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 2 << 4);
	op_range(&s, MBOPS_REMOVE, 0x48000000, SZ_16M);
	op_range(&s, MBOPS_RESERVE, 0x47f00000, (4 * SZ_1M));
	op_range(&s, MBOPS_MARK_NOMAP, 0x47000000, SZ_256M);
	op_range(&s, MBOPS_CLEAR_NOMAP, 0x48800000, SZ_1M);
	op_range(&s, MBOPS_PHYS_FREE, 0x48000000, SZ_1M);
	emit("memblock_ops", "split-by-remove-and-nomap", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x08 | 2 << 4);
	put(&s, 1, MBOPS_RESERVE_BURST);
	range(&s, 0x40000000, 0x1000);
	val(&s, 0x1000);
	put(&s, 1, 130 - 1);
	op_alloc(&s, SZ_1M, SZ_1M);
	emit("memblock_ops", "double-reserved-array", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x08 | 7 << 4);
	op_range(&s, MBOPS_RESERVE, 0x40000000, SZ_1M);
	put(&s, 1, MBOPS_ADD_BURST);
	range(&s, 0x50000000, SZ_1M);
	val(&s, SZ_1M);
	put(&s, 1, 8 - 1);
	op_range(&s, MBOPS_REMOVE, 0x40000000, SZ_16M);
	emit("memblock_ops", "double-memory-array-near-full", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x04 | 4 << 4);
	op_alloc(&s, SZ_1M, 0);
	op_alloc(&s, 0x1000, 0x1000);
	op_alloc(&s, SZ_16M, SZ_8M);
	put(&s, 3, MBOPS_FREE_ALLOC, 1, 0);
	put(&s, 3, MBOPS_FREE_ALLOC, 2, 1);
	put(&s, 2, MBOPS_SET_BOTTOM_UP, 0);
	op_alloc(&s, SZ_2M, SZ_2M);
	emit("memblock_ops", "bottom-up-allocs-and-frees", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 2 << 4);
	op_range(&s, MBOPS_MARK_MIRROR, 0x40000000, SZ_1M);
	op_alloc(&s, SZ_16M, 0x1000);
	op_alloc(&s, 0x1000, 0x1000);
	emit("memblock_ops", "mirror-fallback", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x01 | 3 << 4);
	op_range(&s, MBOPS_MARK_NOMAP, 0x80000000, SZ_2M);
	op_range(&s, MBOPS_RESERVE, 0x8ff000000ULL, SZ_16M);
	op_range(&s, MBOPS_CAP_MEMORY_RANGE, 0x880000000ULL, SZ_1G);
	op_alloc(&s, SZ_1M, 0);
	emit("memblock_ops", "lpae-cap-memory-range", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x01);
	op_range(&s, MBOPS_ADD, 0x80000000, SZ_1G);
	op_range(&s, MBOPS_ADD, 0x880000000ULL, 2 * SZ_1G);
	put(&s, 1, MBOPS_SET_CURRENT_LIMIT);
	val(&s, 0xb0000000);
	put(&s, 1, MBOPS_ALLOC_TRY_NID);
	val(&s, (4 * SZ_1M));
	align(&s, SZ_2M);
	range(&s, 0x100000000ULL, 0);
	put(&s, 1, 0);
	put(&s, 1, MBOPS_PHYS_ALLOC_RANGE);
	val(&s, SZ_16M);
	align(&s, SZ_2M);
	range(&s, 0x100000000ULL, 0xffffffffffffffffULL);
	emit("memblock_ops", "lpae-above-4g", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x00);
	op_range(&s, MBOPS_ADD, 0x880000000ULL, SZ_1G);
	op_range(&s, MBOPS_ADD, 0xfff00000, SZ_16M);
	op_range(&s, MBOPS_RESERVE, 0xffffffffffff0000ULL, SZ_1M);
	op_range(&s, MBOPS_REMOVE, 0x0, 0xffffffffffffffffULL);
	emit("memblock_ops", "classic-truncation-and-overflow", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x02);
	put(&s, 1, MBOPS_ADD_NODE);
	range(&s, 0x40000000, SZ_256M);
	put(&s, 2, 1, 0x1);	/* nid 0, hotplug */
	put(&s, 1, MBOPS_ADD_NODE);
	range(&s, 0x50000000, SZ_256M);
	put(&s, 2, 2, 0x0);	/* nid 1 */
	op_range(&s, MBOPS_CLEAR_HOTPLUG, 0x48000000, SZ_16M);
	op_range(&s, MBOPS_MARK_HOTPLUG, 0x58000000, SZ_16M);
	put(&s, 1, MBOPS_PHYS_ALLOC_TRY_NID);
	val(&s, SZ_1M);
	align(&s, SZ_1M);
	put(&s, 1, 2);
	emit("memblock_ops", "numa-nodes-and-hotplug", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 5 << 4);
	for (int i = 0; i < 6; i++)
		op_alloc(&s, 0x4000 << i, 0x4000 << i);
	put(&s, 1, MBOPS_SET_CURRENT_LIMIT);
	val(&s, 0);
	op_alloc(&s, SZ_1G, 0);
	put(&s, 3, MBOPS_FREE_ALLOC, 3, 3);
	emit("memblock_ops", "virt-booted-early-allocs", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 0x80 | 6 << 4);
	op_range(&s, MBOPS_RESERVE, 0x80100000, SZ_1M);
	op_alloc(&s, SZ_2M, 0);
	op_range(&s, MBOPS_MARK_NOMAP, 0x9e000000, SZ_1M);
	emit("memblock_ops", "debug-log-firmware-holes", &s);

	s = (struct seed){ 0 };
	put(&s, 1, 1 << 4);
	for (int i = 0; i < 6; i++)
		op_alloc(&s, 0x3000000, 0x1000);
	emit("memblock_ops", "exhaust-small-board", &s);
}

/* slub header: c0 = profile | (cpus - 1) << 2 | board << 5 | nomerge << 7; c1 = debug | max_order << 4 | min_objects << 6. */
static void slub_header(struct seed *s, unsigned profile, unsigned cpus, unsigned board, unsigned debug,
			unsigned extra, uint16_t seed)
{
	put(s, 4, (int)(profile | (cpus - 1) << 2 | board << 5), (int)(debug | extra << 4), seed & 0xff, seed >> 8);
}

/* CREATE: name, size (u16: top bit = 1 + low 15 bits, else 1 + low 9 bits), align selector, flags, ctor. */
static void slub_create(struct seed *s, unsigned id, unsigned size, unsigned align_sel, unsigned flags,
			unsigned ctor)
{
	unsigned v = size > 512 ? 0x8000 | (size - 1) : size - 1;

	put(s, 7, SLUB_CREATE, (int)id, (int)(v & 0xff), (int)(v >> 8), (int)align_sel, (int)flags, (int)ctor);
}

/* KMALLOC with a u16 size (mode 1), or a size class boundary -1/0/+1 (mode 2), or whole pages (mode 3). */
static void slub_kmalloc(struct seed *s, unsigned mode, unsigned v, unsigned gfp)
{
	put(s, 5, SLUB_KMALLOC, (int)mode, (int)(v & 0xff), (int)(v >> 8), (int)gfp);
}

enum { F_HW = 1, F_POISON = 2, F_RED = 4, F_USER = 8, F_CHECK = 16, F_RECLAIM = 32, F_DMA = 64, F_RCU = 128 };

static void slub_seeds(void)
{
	struct seed s;

	s = (struct seed){ 0 };
	slub_header(&s, 0, 1, 0, 0, 0, 1);
	slub_create(&s, 0, 100, 0, 0, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 40, 0, 0);
	put(&s, 2, SLUB_FREE_MANY, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 20, 0, 0);
	put(&s, 2, SLUB_FREE_MANY, 1 << 2);
	put(&s, 2, SLUB_SHRINK, 0);
	put(&s, 2, SLUB_DESTROY, 0);
	emit("slub", "one-cpu-cache-lifecycle", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 4, 0, 0, 0, 2);
	slub_create(&s, 1, 192, 0, F_HW, 0);
	for (int cpu = 0; cpu < 4; cpu++) {
		put(&s, 2, SLUB_SET_CPU, cpu);
		put(&s, 4, SLUB_ALLOC_MANY, 31, 1, 0);
		put(&s, 2, SLUB_FREE_MANY, 2);
	}
	put(&s, 2, SLUB_SHRINK, 1);
	put(&s, 1, SLUB_SLABINFO);
	emit("slub", "four-cpus-partial-lists", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 1, 1, 0, 0, 3);
	for (unsigned v = 0; v < 11; v++)
		for (unsigned d = 0; d < 3; d++)
			slub_kmalloc(&s, 2 | d << 2, v, 0);
	slub_kmalloc(&s, 3, 1023, 0x02);
	slub_kmalloc(&s, 0, 0, 0x0c);
	put(&s, 2, SLUB_KSIZE, 3);
	put(&s, 3, SLUB_WRITE, 3, 0xa5);
	put(&s, 2, SLUB_FREE_MANY, 2);
	emit("slub", "kmalloc-size-classes-and-large", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 2, 0, 0, 0, 4);
	for (unsigned k = 0; k < 4; k++)
		put(&s, 3, SLUB_ALLOC, 0x80 | k << 4 | 1, k);
	slub_kmalloc(&s, 1, 100, 0x03);
	slub_kmalloc(&s, 1, 100, 0x04);
	slub_kmalloc(&s, 1, 100, 0x05);
	put(&s, 2, SLUB_SHRINK, 0x81);
	emit("slub", "kmalloc-kinds", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 1, 0, 0, 0, 5);
	slub_create(&s, 2, 64, 0, F_CHECK | F_RED | F_POISON | F_USER, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 4, 2, 0);
	put(&s, 2, SLUB_FREE, 0);
	put(&s, 4, SLUB_WRONG, WRONG_DOUBLE_FREE, 0, 0);
	put(&s, 4, SLUB_WRONG, WRONG_MID_OBJECT, 1, 9);
	put(&s, 4, SLUB_WRONG, WRONG_REDZONE, 1, 2);
	put(&s, 4, SLUB_WRONG, WRONG_USE_AFTER_FREE, 0, 5);
	put(&s, 4, SLUB_ALLOC_MANY, 2, 2, 0);
	put(&s, 2, SLUB_DESTROY, 2);
	emit("slub", "debug-cache-wrong-frees", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 2, 0, 1, 0, 6);
	slub_create(&s, 3, 300, 0, 0, 0);
	slub_create(&s, 4, 40, 4, 0, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 8, 3, 0);
	slub_kmalloc(&s, 1, 60, 0);
	put(&s, 4, SLUB_WRONG, WRONG_CACHE, 0, 4);
	put(&s, 4, SLUB_WRONG, WRONG_REDZONE, 2, 0);
	put(&s, 2, SLUB_FREE_MANY, 0);
	put(&s, 2, SLUB_DESTROY, 3);
	put(&s, 1, SLUB_SLABINFO);
	emit("slub", "slub-debug-everywhere", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 8, 2, 6, 1 | 2 << 2, 7);
	slub_create(&s, 5, 5000, 0, 0, 0);
	slub_create(&s, 6, 24, 0, 0, 9);
	slub_create(&s, 7, 64, 0, F_RCU, 0);
	for (int cpu = 0; cpu < 8; cpu += 3) {
		put(&s, 2, SLUB_SET_CPU, cpu);
		put(&s, 4, SLUB_ALLOC_MANY, 7, 5, 0);
		put(&s, 4, SLUB_ALLOC_MANY, 9, 6, 0);
		put(&s, 3, SLUB_ALLOC, 7, 0x40);
	}
	put(&s, 2, SLUB_FREE_MANY, 5 << 2 | 1);
	put(&s, 2, SLUB_DESTROY, 5);
	put(&s, 2, SLUB_SHRINK, 6);
	emit("slub", "eight-cpus-ctor-rcu-order3", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 1, 2, 3, 13, 0, 8);
	slub_create(&s, 8, 700, 7, F_CHECK | F_RED, 0);
	slub_create(&s, 9, 700, 7, 0, 0);
	slub_create(&s, 10, 696, 7, 0, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 12, 8, 0x06);
	put(&s, 4, SLUB_ALLOC_MANY, 12, 10, 0x09);
	put(&s, 4, SLUB_WRONG, WRONG_REDZONE, 3, 1);
	put(&s, 2, SLUB_KFREE, 4);
	put(&s, 2, SLUB_DESTROY, 10);
	put(&s, 2, SLUB_DESTROY, 9);
	emit("slub", "lpae-merge-per-slab-debug", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 2, 1, 1, 0, 0, 9);
	slub_create(&s, 11, 2000, 0, F_DMA | F_RECLAIM, 0);
	for (int i = 0; i < 20; i++)
		put(&s, 4, SLUB_ALLOC_MANY, 31, 11, 0);
	slub_kmalloc(&s, 3, 1023, 0);
	slub_kmalloc(&s, 3, 1023, 0);
	put(&s, 2, SLUB_FREE_MANY, 2);
	emit("slub", "multi-v7-small-board-pressure", &s);

	s = (struct seed){ 0 };
	slub_header(&s, 0, 1, 0, 11, 0, 10);
	slub_create(&s, 12, 4000, 0, F_POISON | F_RED | F_USER | F_CHECK, 0);
	put(&s, 4, SLUB_ALLOC_MANY, 3, 12, 0);
	slub_kmalloc(&s, 1, 4000, 0);
	put(&s, 2, SLUB_FREE_MANY, 2);
	put(&s, 1, SLUB_SLABINFO);
	emit("slub", "slub-debug-o-higher-order", &s);
}

/* A page_alloc input booting the dtb_struct board `dt`, then the operation bytes `ops`. */
static void page_alloc_board_seed(const char *name, unsigned c0, unsigned c1, const struct seed *dt,
				  const struct seed *ops)
{
	struct seed s = { 0 };

	put(&s, 4, c0 | PA_C0_BUILDER, c1, (int)(dt->len & 0xff), (int)(dt->len >> 8));
	for (size_t i = 0; i < dt->len; i++)
		put(&s, 1, dt->buf[i]);
	for (size_t i = 0; i < ops->len; i++)
		put(&s, 1, ops->buf[i]);
	emit("page_alloc", name, &s);
}

/*
 * STM32MP157C-ED1/EV1 with SCMI firmware (corpus/dts/stm32mp157c-optee-at-4g.dts):
 * 1 GiB of DDR up to 4 GiB, OP-TEE no-map in its last 32 MiB.  On classic
 * the carve-out ends at PHYS_ADDR_MAX, so its pages are never marked
 * reserved; on LPAE they are.  Every memory model, through the differential.
 */
static void page_alloc_seeds(void)
{
	static const uint64_t sram[][2] = {
		{ 0x10000000, 0x40000 }, { 0x10040000, 0x1000 }, { 0x10041000, 0x1000 },
		{ 0x10042000, 0x4000 }, { 0x30000000, 0x40000 }, { 0x38000000, 0x10000 },
	};
	struct seed dt = { 0 }, ops = { 0 };

	put(&dt, 1, 0x00);
	memory(&dt, 0, 1, (uint64_t[]){ 0xc0000000, SZ_1G }, 0, NULL);
	for (size_t i = 0; i < sizeof(sram) / sizeof(sram[0]); i++)
		rmem_static(&dt, 0x01 | 0x02, sram[i][0], sram[i][1]);	/* no-map shared-dma-pool */
	rmem_static(&dt, 0x01, 0xe8000000, SZ_128M);			/* GPU */
	rmem_static(&dt, 0x01, 0xfe000000, SZ_32M);			/* OP-TEE */

	put(&ops, 4, PA_ALLOC_MANY, 32 - 1, PA_GFP_HIGHUSER_MOVABLE, 0);
	put(&ops, 3, PA_ALLOC, PA_GFP_KERNEL, 3);
	put(&ops, 3, PA_ALLOC, PA_GFP_HIGHUSER, 0x80 | 9);
	put(&ops, 2, PA_KMAP, 33);
	put(&ops, 2, PA_FREE_ALTERNATE, 0);
	page_alloc_board_seed("stm32mp157c-optee-at-4g-classic", PA_ARMMP | PA_C0_DIFFERENTIAL, 0, &dt,
			      &ops);
	page_alloc_board_seed("stm32mp157c-optee-at-4g-lpae", PA_ARMMP_LPAE | PA_C0_DIFFERENTIAL, 0, &dt,
			      &ops);
}

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: %s CORPUS_DIR\nWrites the dtb_struct, memblock_ops, page_alloc (board) and slub seeds into CORPUS_DIR/<target>/.\n",
		       argv[0]);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	out_dir = argv[1];
	dtb_struct_seeds();
	memblock_ops_seeds();
	page_alloc_seeds();
	slub_seeds();
	return 0;
}
