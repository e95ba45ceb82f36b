/*
 * The "Virtual kernel memory layout:" block that Linux v4.x
 * arch/arm/mm/init.c mem_init() printed (v6.1 dropped it), in the shape of
 * its format strings, with this model's values.  Departures: CONFIG_MODULES
 * and (per layout_config) CONFIG_HIGHMEM decide the optional lines, there
 * is no TCM, and pointers print unhashed as 4.14's %p did.
 */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>

#define LAST_PKMAP 512

struct print_buf {
	char *buf;
	size_t cap, len;
};

static void pb_printf(struct print_buf *pb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void pb_printf(struct print_buf *pb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(pb->len < pb->cap ? pb->buf + pb->len : NULL,
		      pb->len < pb->cap ? pb->cap - pb->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		pb->len += (size_t)n;
}

/* MLK and MLM: a range and its size shifted down to kB or MB (32-bit unsigned long). */
static void line_shift(struct print_buf *pb, const char *name, uint32_t b, uint32_t t,
		       unsigned int shift, const char *unit)
{
	pb_printf(pb, "    %-7s : 0x%08x - 0x%08x   (%4d %s)\n", name, b, t, (int32_t)((t - b) >> shift),
		  unit);
}

/* MLK_ROUNDUP: image parts, size rounded up to whole kB. */
static void line_image(struct print_buf *pb, const char *name, uint32_t b, uint32_t t)
{
	pb_printf(pb, "      %5s : 0x%08x - 0x%08x   (%4d kB)\n", name, b, t,
		  (int32_t)((t - b + 1023) / 1024));
}

size_t layout_print(const struct arm_layout *l, char *buf, size_t cap)
{
	struct print_buf pb = { buf, cap, 0 };
	const struct kernel_sections *ks = &l->ks;
	uint32_t fixaddr_end = l->fixaddr_top + (uint32_t)PAGE_SIZE;
	uint32_t text = l->page_offset + (uint32_t)l->cfg.image.text_offset;

	if (cap)
		buf[0] = '\0';
	pb_printf(&pb, "Virtual kernel memory layout:\n");
	line_shift(&pb, "vector", l->vectors_base, l->vectors_base + (uint32_t)PAGE_SIZE, 10, "kB");
	line_shift(&pb, "fixmap", l->fixaddr_start, fixaddr_end, 10, "kB");
	line_shift(&pb, "vmalloc", l->vmalloc_start, l->vmalloc_end, 20, "MB");
	line_shift(&pb, "lowmem", l->page_offset, l->high_memory, 20, "MB");
	if (l->cfg.highmem)
		line_shift(&pb, "pkmap", l->pkmap_base,
			   l->pkmap_base + LAST_PKMAP * (uint32_t)PAGE_SIZE, 20, "MB");
	line_shift(&pb, "modules", l->modules_vaddr, l->modules_end, 20, "MB");
	line_image(&pb, ".text", text, layout_pa_to_va(l, ks->etext));
	line_image(&pb, ".init", layout_pa_to_va(l, ks->init_begin), layout_pa_to_va(l, ks->init_end));
	line_image(&pb, ".data", layout_pa_to_va(l, ks->sdata), layout_pa_to_va(l, ks->edata));
	line_image(&pb, ".bss", layout_pa_to_va(l, ks->bss_start), layout_pa_to_va(l, ks->bss_stop));
	return pb.len;
}
