/* See describe.h. */
#include "describe.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout_input.h"
#include "memblock_ops.h"
#include "page_alloc_ops.h"
#include "slub_ops.h"

static const char *const split_names[] = { "VMSPLIT_3G", "VMSPLIT_3G_OPT", "VMSPLIT_2G", "VMSPLIT_1G" };

static const char *const mbops_preset_names[MBOPS_PRESET_NR] = {
	"none", "256 MiB at 0", "1 GiB at 0x40000000",
	"2 GiB at 0x80000000 + 2 GiB at 0x8_80000000",
	"256 MiB at 0x40000000 and at 0x60000000",
	"1 GiB at 0x40000000 with the booted kernel's reservations, limit 0x70000000",
	"512 MiB at 0x80000000 with firmware holes (no-map, removed, reserved)",
	"126 one-MiB banks every 2 MiB from 0x40000000 (two short of a full array)",
};

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static void line(struct description *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct description *d, const char *fmt, ...)
{
	size_t n = strlen(d->config);
	va_list ap;

	if (n + 1 >= sizeof(d->config))
		return;
	va_start(ap, fmt);
	vsnprintf(d->config + n, sizeof(d->config) - n, fmt, ap);
	va_end(ap);
	n = strlen(d->config);
	if (n + 1 < sizeof(d->config))
		strcat(d->config, "\n");
}

static void op(struct description *d, uint32_t offset, const char *text)
{
	struct described_op *o = &d->ops[d->nr_ops++];

	o->offset = offset;
	snprintf(o->text, sizeof(o->text), "%s", text);
}

static void boot_lines(struct description *d, const struct mm_boot_config *b)
{
	line(d, "page tables: %s", b->lpae ? "LPAE (64-bit phys_addr_t)" : "classic (32-bit phys_addr_t)");
	if (b->phys_offset)
		line(d, "PHYS_OFFSET: %#llx", (unsigned long long)b->phys_offset);
	else
		line(d, "PHYS_OFFSET: guessed from the memory banks, load address %#llx",
		     (unsigned long long)b->load_addr);
	if (b->dtb_phys)
		line(d, "DTB reserved at: %#llx", (unsigned long long)b->dtb_phys);
	else
		line(d, "DTB reserved at: (not reserved)");
	line(d, "memblock bottom-up: %s", yes(b->bottom_up));
}

/* The default kernel around a bare device tree: Debian's armmp build for its page-table format. */
static void default_kernel(struct description *d, const struct mm_boot_config *boot,
			   const struct layout_config *layout)
{
	d->kcfg.setup.boot = *boot;
	if (layout) {
		d->kcfg.setup.layout = *layout;
	} else {
		d->kcfg.setup.layout.split = VMSPLIT_3G;
		d->kcfg.setup.layout.highmem = true;
		layout_default_image(&d->kcfg.setup.layout.image);
	}
	d->kcfg.setup.layout.lpae = boot->lpae;
	if (boot->lpae && d->kcfg.setup.layout.split == VMSPLIT_3G_OPT)
		d->kcfg.setup.layout.split = VMSPLIT_3G;
	d->kcfg.profile = mm_profile_find(boot->lpae ? "debian-armmp-lpae" : "debian-armmp");
	d->kcfg.model = MEMORY_MODEL_FLATMEM;
}

static void build_tree(struct description *d, const uint8_t *bytes, size_t len, struct mm_boot_config *boot)
{
	int n = dtb_build(bytes, len, d->fdt, sizeof(d->fdt), boot, &d->fdt_why);

	d->fdt_size = n < 0 ? 0 : (size_t)n;
}

static void describe_dtb_raw(struct description *d, const uint8_t *data, size_t size)
{
	struct mm_boot_config boot;

	dtb_raw_config(data, size, &boot);
	line(d, "configuration: from the byte past fdt_totalsize (header byte 0x1f without one)");
	boot_lines(d, &boot);
	if (size > sizeof(d->fdt)) {
		d->fdt_why = "the blob is larger than 64 KiB";
	} else {
		memcpy(d->fdt, data, size);
		d->fdt_size = size;
	}
	default_kernel(d, &boot, NULL);
}

static void describe_dtb_struct(struct description *d, const uint8_t *data, size_t size)
{
	struct mm_boot_config boot = { 0 };

	build_tree(d, data, size, &boot);
	boot_lines(d, &boot);
	default_kernel(d, &boot, NULL);
}

static void layout_lines(struct description *d, const struct layout_config *l)
{
	line(d, "split: %s", split_names[l->split]);
	line(d, "CONFIG_HIGHMEM: %s", yes(l->highmem));
	if (l->vmalloc_size)
		line(d, "vmalloc=: %#llx", (unsigned long long)l->vmalloc_size);
	else
		line(d, "vmalloc=: (not given: 240 MiB)");
	line(d, "kernel image: code %#llx, rodata %#llx, init %#llx, rwdata %#llx, bss %#llx",
	     (unsigned long long)l->image.code, (unsigned long long)l->image.rodata,
	     (unsigned long long)l->image.init, (unsigned long long)l->image.rwdata,
	     (unsigned long long)l->image.bss);
	if (l->dma_zone_size)
		line(d, "machine dma_zone_size: %#llx", (unsigned long long)l->dma_zone_size);
}

static void describe_memblock_ops(struct description *d, const uint8_t *data, size_t size)
{
	static struct mbops_program prog;
	char text[200];

	mbops_decode(data, size, &prog);
	d->has_ops = true;
	line(d, "page tables: %s", prog.cfg.lpae ? "LPAE (64-bit phys_addr_t)" : "classic (32-bit phys_addr_t)");
	line(d, "NUMA node ids recorded: %s", yes(prog.cfg.numa));
	line(d, "memblock bottom-up first: %s", yes(prog.cfg.bottom_up));
	line(d, "memblock_allow_resize() first: %s", yes(prog.cfg.allow_resize));
	line(d, "preset: %s", mbops_preset_names[prog.cfg.preset]);
	line(d, "memblock=debug with the log: %s", yes(prog.cfg.debug));
	d->fdt_why = "memblock_ops inputs drive memblock directly, without a device tree";
	for (int i = 0; i < prog.nr_ops; i++) {
		mbops_format(&prog.ops[i], text, sizeof(text));
		op(d, prog.ops[i].offset, text);
	}
}

static void describe_layout(struct description *d, const uint8_t *data, size_t size)
{
	static struct layout_input in;
	struct mm_boot_config boot = { 0 };
	char text[200];

	layout_input_decode(data, size, &in);
	d->has_ops = true;
	build_tree(d, in.dt, in.dt_len, &boot);
	boot_lines(d, &boot);
	in.layout.lpae = boot.lpae;
	if (boot.lpae && in.layout.split == VMSPLIT_3G_OPT)
		in.layout.split = VMSPLIT_3G;
	layout_lines(d, &in.layout);
	default_kernel(d, &boot, &in.layout);
	for (unsigned i = 0; i < in.nr_ops; i++) {
		layout_op_format(&in.ops[i], text, sizeof(text));
		op(d, in.ops[i].offset, text);
	}
}

static int describe_page_alloc(struct description *d, const uint8_t *data, size_t size)
{
	static struct pa_input in;
	char text[200];

	if (pa_decode(data, size, &in) < 0) {
		line(d, "(input shorter than its 3-byte header: rejected)");
		return -1;
	}
	d->kcfg = in.cfg;
	d->has_ops = true;
	line(d, "profile: %s", in.cfg.profile->name);
	line(d, "memory model: %s", memory_model_name(in.cfg.model));
	line(d, "differential (every memory model, compared): %s", yes(in.differential));
	if (in.use_builder) {
		bool lpae = in.cfg.setup.boot.lpae;

		line(d, "board: %zu bytes of device-tree records", in.dt_len);
		build_tree(d, in.dt, in.dt_len, &d->kcfg.setup.boot);
		d->kcfg.setup.boot.lpae = lpae;	/* the profile decides, as in the target */
		d->kcfg.setup.boot.bottom_up = in.cfg.setup.boot.bottom_up;
	} else {
		size_t n;
		const void *fdt = pa_board_dtb(in.board, &n, &d->kcfg.setup.boot);

		line(d, "board: preset %u, %s", in.board, pa_board_name(in.board));
		memcpy(d->fdt, fdt, n);
		d->fdt_size = n;
	}
	boot_lines(d, &d->kcfg.setup.boot);
	layout_lines(d, &d->kcfg.setup.layout);
	if (in.cfg.min_free_kbytes)
		line(d, "min_free_kbytes: %lu", in.cfg.min_free_kbytes);
	else
		line(d, "min_free_kbytes: computed");
	if (in.cfg.kernelcore)
		line(d, "kernelcore=: %#llx", (unsigned long long)in.cfg.kernelcore);
	if (in.cfg.movablecore)
		line(d, "movablecore=: %#llx", (unsigned long long)in.cfg.movablecore);
	for (unsigned i = 0; i < in.nr_ops; i++) {
		pa_format(&in.ops[i], text, sizeof(text));
		op(d, in.ops[i].offset, text);
	}
	return 0;
}

static int describe_slub(struct description *d, const uint8_t *data, size_t size)
{
	static struct slub_input in;
	char text[200];
	int n;

	if (slub_decode(data, size, &in) < 0) {
		line(d, "(input shorter than its 4-byte header: rejected)");
		return -1;
	}
	d->kcfg = in.cfg;
	d->has_ops = true;
	line(d, "profile: %s", in.cfg.profile->name);
	line(d, "CPUs: %u", in.cfg.nr_cpus);
	line(d, "board: %s", slub_board_name(in.board));
	line(d, "command line: %s", in.bootargs);
	line(d, "seed: %llu", (unsigned long long)in.cfg.random_seed);
	n = slub_board_dtb(&in, d->fdt, sizeof(d->fdt));
	d->fdt_size = n < 0 ? 0 : (size_t)n;
	boot_lines(d, &d->kcfg.setup.boot);
	layout_lines(d, &d->kcfg.setup.layout);
	for (unsigned i = 0; i < in.nr_ops; i++) {
		slub_format(&in.ops[i], text, sizeof(text));
		op(d, in.ops[i].offset, text);
	}
	return 0;
}

int describe_input(const struct fuzz_target *t, const uint8_t *data, size_t size, struct description *d)
{
	memset(d, 0, sizeof(*d));
	d->target = t;
	line(d, "target: %s (%zu bytes)", t->name, size);
	if (t == &fuzz_target_dtb_raw)
		describe_dtb_raw(d, data, size);
	else if (t == &fuzz_target_dtb_struct)
		describe_dtb_struct(d, data, size);
	else if (t == &fuzz_target_memblock_ops)
		describe_memblock_ops(d, data, size);
	else if (t == &fuzz_target_layout)
		describe_layout(d, data, size);
	else if (t == &fuzz_target_page_alloc)
		return describe_page_alloc(d, data, size);
	else if (t == &fuzz_target_slub)
		return describe_slub(d, data, size);
	else
		d->fdt_why = "no decoder for this target";
	return 0;
}
