/*
 * mmfuzz boot: boot the model on a device tree as Debian's 6.1 kernel
 * boots, then print what a shell at /init would read: the boot log, the
 * /proc files and memblock's debugfs files, each under "==> NAME <==".
 */
#include <errno.h>
#include <getopt.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kernel.h"
#include "meminfo.h"
#include "memblock.h"
#include "mm_errno.h"
#include "page_alloc.h"

#define MAX_BANKS 16
#define SHOW_CAP (4u << 20)

struct boot_args {
	const char *file;
	const struct mm_profile *profile;
	enum memory_model model;
	const char *cmdline;		/* NULL: the tree's /chosen bootargs */
	unsigned int cpus;		/* 0: the tree's /cpus */
	uint64_t load_addr, dtb_addr;
	int nr_banks;
	uint64_t bank_base[MAX_BANKS], bank_size[MAX_BANKS];
	enum boot_stop stop_at;
};

static const char usage[] =
	"usage: mmfuzz boot [OPTIONS] FILE\n"
	"\n"
	"Boot the model of Linux 6.1's ARM32 memory manager on FILE, a device-tree\n"
	"blob or source (compiled with dtc), up to /init, and print the boot log, then\n"
	"/proc/zoneinfo, buddyinfo, pagetypeinfo, meminfo (the fields the model has),\n"
	"iomem, /sys/kernel/debug/memblock/{memory,reserved} and (once SLUB has booted)\n"
	"/proc/slabinfo, each after a line \"==> NAME <==\".  The tree's /chosen bootargs\n"
	"and linux,initrd-start/-end are used as the kernel uses them; add memblock=debug\n"
	"to the command line for memblock's debug lines.\n"
	"\n"
	"options:\n"
	"  --profile P      debian-armmp (default), debian-armmp-lpae or multi_v7\n"
	"  --model M        flat (default, Debian's), sparse, sparse-extreme or vmemmap\n"
	"  --cmdline S      the kernel command line, written to /chosen bootargs\n"
	"  --cpus N         possible CPUs, 1-8 (default: the tree's /cpus cpu nodes)\n"
	"  --load-addr A    where the zImage was loaded: PHYS_OFFSET is A & 0xf8000000\n"
	"                   when that lies in a bank, else the lowest bank rounded up\n"
	"                   to 2 MiB (default: 0)\n"
	"  --dtb-addr A     where the blob lies; the kernel reserves it (default: none)\n"
	"  --memory B,S     a bank for the /memory node, as U-Boot fills it in\n"
	"                   (repeatable; suffixes K, M, G)\n"
	"  --stop-at WHEN   setup_arch, mem_init or init (default)\n"
	"  -h, --help       this text\n"
	"\n"
	"Exit status: 0 booted; 1 the model refused the tree or the kernel panicked\n"
	"(the reason is printed); 2 bad options or an unreadable file.\n";

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "mmfuzz boot: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return 2;
}

/* A number with an optional K/M/G suffix; false if malformed. */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (end == s || errno)
		return false;
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	default: break;
	}
	*out = v;
	return *end == '\0';
}

static bool parse_bank(const char *s, uint64_t *base, uint64_t *size)
{
	const char *comma = strchr(s, ',');
	char buf[64];

	if (!comma || (size_t)(comma - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(comma - s));
	buf[comma - s] = '\0';
	return parse_size(buf, base) && parse_size(comma + 1, size) && *size;
}

static int parse_model(const char *s, enum memory_model *m)
{
	static const char *const names[MEMORY_MODEL_NR] = {
		[MEMORY_MODEL_FLATMEM] = "flat", [MEMORY_MODEL_SPARSEMEM] = "sparse",
		[MEMORY_MODEL_SPARSEMEM_EXTREME] = "sparse-extreme",
		[MEMORY_MODEL_SPARSEMEM_VMEMMAP] = "vmemmap",
	};

	for (int i = 0; i < MEMORY_MODEL_NR; i++)
		if (!strcmp(s, names[i])) {
			*m = (enum memory_model)i;
			return 0;
		}
	return -1;
}

static int parse_args(int argc, char **argv, struct boot_args *a)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' }, { "model", required_argument, NULL, 'm' },
		{ "cmdline", required_argument, NULL, 'c' }, { "cpus", required_argument, NULL, 'n' },
		{ "load-addr", required_argument, NULL, 'l' }, { "dtb-addr", required_argument, NULL, 'd' },
		{ "memory", required_argument, NULL, 'M' }, { "stop-at", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	*a = (struct boot_args){ .profile = mm_profile_find("debian-armmp"), .model = MEMORY_MODEL_FLATMEM };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->profile = mm_profile_find(optarg);
			if (!a->profile)
				return fail("unknown profile '%s' (debian-armmp, debian-armmp-lpae, multi_v7)", optarg);
			break;
		case 'm':
			if (parse_model(optarg, &a->model))
				return fail("unknown model '%s' (flat, sparse, sparse-extreme, vmemmap)", optarg);
			break;
		case 'c':
			if (strlen(optarg) >= COMMAND_LINE_SIZE)
				return fail("%s: command line longer than 1023 bytes", "--cmdline");
			a->cmdline = optarg;
			break;
		case 'n':
			if (!parse_size(optarg, &v) || v < 1 || v > NR_CPUS)
				return fail("--cpus '%s': expected 1 to 8", optarg);
			a->cpus = (unsigned int)v;
			break;
		case 'l':
			if (!parse_size(optarg, &a->load_addr))
				return fail("--load-addr '%s': not a number", optarg);
			break;
		case 'd':
			if (!parse_size(optarg, &a->dtb_addr))
				return fail("--dtb-addr '%s': not a number", optarg);
			break;
		case 'M':
			if (a->nr_banks == MAX_BANKS)
				return fail("%s: at most 16 banks", "--memory");
			if (!parse_bank(optarg, &a->bank_base[a->nr_banks], &a->bank_size[a->nr_banks]))
				return fail("--memory '%s': expected BASE,SIZE with a non-zero size", optarg);
			a->nr_banks++;
			break;
		case 's':
			if (!strcmp(optarg, "setup_arch"))
				a->stop_at = BOOT_TO_SETUP_ARCH;
			else if (!strcmp(optarg, "mem_init"))
				a->stop_at = BOOT_TO_MEM_INIT;
			else if (!strcmp(optarg, "init"))
				a->stop_at = BOOT_TO_INIT;
			else
				return fail("--stop-at '%s': expected setup_arch, mem_init or init", optarg);
			break;
		default:
			fprintf(stderr, "mmfuzz boot: bad option '%s'\n\n", argv[optind - 1]);
			return usage_error(usage);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "mmfuzz boot: expected one FILE\n\n");
		return usage_error(usage);
	}
	a->file = argv[optind];
	return 0;
}

static void *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap), *grown;

	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		grown = realloc(buf, cap * 2);
		if (!grown) {
			free(buf);
			return NULL;
		}
		buf = grown;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* The blob, or the source compiled with dtc (-p 1024 would change the size the kernel reserves). */
static void *load_tree(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t magic[4] = { 0 };
	char cmd[4096];
	void *blob;
	int status;

	if (!f) {
		fprintf(stderr, "mmfuzz boot: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fread(magic, 1, 4, f) == 4 && fdt32_ld((const fdt32_t *)magic) == FDT_MAGIC) {
		rewind(f);
		blob = read_all(f, len);
		fclose(f);
		if (!blob)
			fprintf(stderr, "mmfuzz boot: %s: read error\n", path);
		return blob;
	}
	fclose(f);
	if (strchr(path, '\'') || snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb '%s'", path) >= (int)sizeof(cmd)) {
		fprintf(stderr, "mmfuzz boot: %s: unusable file name\n", path);
		return NULL;
	}
	f = popen(cmd, "r");
	blob = f ? read_all(f, len) : NULL;
	status = f ? pclose(f) : -1;
	if (!blob || status != 0 || *len == 0) {
		fprintf(stderr, "mmfuzz boot: %s: neither a device-tree blob nor a source dtc compiles\n", path);
		free(blob);
		return NULL;
	}
	return blob;
}

static int root_cells(const void *fdt, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, 0, name, &len);

	return p && len == 4 ? (int)fdt32_ld(p) : dflt;
}

/* Big-endian cells of one (base, size) tuple; false if a value does not fit its cells. */
static bool put_tuple(fdt32_t *out, int ac, int sc, uint64_t base, uint64_t size)
{
	if ((ac < 2 && base >> 32) || (sc < 2 && size >> 32) || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	if (ac == 2)
		*out++ = cpu_to_fdt32((uint32_t)(base >> 32));
	*out++ = cpu_to_fdt32((uint32_t)base);
	if (sc == 2)
		*out++ = cpu_to_fdt32((uint32_t)(size >> 32));
	*out = cpu_to_fdt32((uint32_t)size);
	return true;
}

/* What a bootloader writes: bootargs in /chosen, the banks in /memory (U-Boot's fdt_fixup_memory_banks). */
static void *fix_up_tree(void *blob, size_t *len, const struct boot_args *a)
{
	size_t cap = *len + 8192 + (a->cmdline ? strlen(a->cmdline) : 0);
	void *out = malloc(cap);
	fdt32_t reg[MAX_BANKS * 4];
	int node, ac, sc, err = 0;
	const char *what = "";

	if (!out || fdt_open_into(blob, out, (int)cap)) {
		fprintf(stderr, "mmfuzz boot: %s: not a valid device-tree blob\n", a->file);
		free(out);
		return NULL;
	}
	if (a->cmdline) {
		what = "/chosen";
		node = fdt_subnode_offset(out, 0, "chosen");
		if (node < 0)
			node = fdt_add_subnode(out, 0, "chosen");
		err = node < 0 ? node : fdt_setprop_string(out, node, "bootargs", a->cmdline);
	}
	if (!err && a->nr_banks) {
		what = "/memory";
		ac = root_cells(out, "#address-cells", 1);
		sc = root_cells(out, "#size-cells", 1);
		for (int i = 0; i < a->nr_banks; i++)
			if (!put_tuple(reg + i * (ac + sc), ac, sc, a->bank_base[i], a->bank_size[i])) {
				fprintf(stderr, "mmfuzz boot: --memory 0x%llx,0x%llx does not fit the root's #address-cells/#size-cells\n",
					(unsigned long long)a->bank_base[i], (unsigned long long)a->bank_size[i]);
				free(out);
				return NULL;
			}
		node = fdt_subnode_offset(out, 0, "memory");
		if (node < 0)
			node = fdt_add_subnode(out, 0, "memory");
		err = node < 0 ? node : fdt_setprop_string(out, node, "device_type", "memory");
		if (!err)
			err = fdt_setprop(out, node, "reg", reg, (int)(a->nr_banks * (ac + sc) * sizeof(fdt32_t)));
	}
	if (!err)
		err = fdt_pack(out);
	if (err) {
		fprintf(stderr, "mmfuzz boot: %s: cannot edit %s: %s\n", a->file, what, fdt_strerror(err));
		free(out);
		return NULL;
	}
	*len = fdt_totalsize(out);
	return out;
}

/* arm_dt_init_cpu_maps(): /cpus children of device_type "cpu", at most NR_CPUS, at least one. */
static unsigned int tree_cpus(const void *fdt)
{
	int cpus = fdt_subnode_offset(fdt, 0, "cpus"), node, len;
	unsigned int n = 0;

	if (cpus < 0)
		return 1;
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", &len);

		if (type && len == 4 && !memcmp(type, "cpu", 4))
			n++;
	}
	return n < 1 ? 1 : n > NR_CPUS ? NR_CPUS : n;
}

static void section(const char *name, const char *text)
{
	printf("==> %s <==\n%s", name, text);
}

static void print_state(struct mm_kernel *k, char *buf, enum boot_stop stop_at)
{
	const struct memblock *mb = &k->setup->boot->mb;

	show_zoneinfo(k, buf, SHOW_CAP);
	section("/proc/zoneinfo", buf);
	show_buddyinfo(k, buf, SHOW_CAP);
	section("/proc/buddyinfo", buf);
	show_pagetypeinfo(k, buf, SHOW_CAP);
	section("/proc/pagetypeinfo", buf);
	show_meminfo(k, buf, SHOW_CAP);
	section("/proc/meminfo", buf);
	show_iomem(&k->setup->iomem, buf, SHOW_CAP);
	section("/proc/iomem", buf);
	memblock_debugfs_show(mb, &mb->memory, buf, SHOW_CAP);
	section("/sys/kernel/debug/memblock/memory", buf);
	memblock_debugfs_show(mb, &mb->reserved, buf, SHOW_CAP);
	section("/sys/kernel/debug/memblock/reserved", buf);
	/* kmem_cache_init runs in mm_init, after the setup_arch stop */
	if (stop_at != BOOT_TO_SETUP_ARCH) {
		show_slabinfo(k, buf, SHOW_CAP);
		section("/proc/slabinfo", buf);
	}
}

static int boot(const struct boot_args *a, const void *fdt, size_t len)
{
	const struct mm_profile *p = a->profile;
	struct kernel_config cfg = {
		.setup = {
			.boot = { .lpae = p->lpae, .load_addr = a->load_addr, .dtb_phys = a->dtb_addr,
				  .log = true, .build = p->build },
			.layout = { .split = VMSPLIT_3G, .lpae = p->lpae, .highmem = true },
		},
		.profile = p,
		.model = a->model,
		.nr_cpus = a->cpus ? a->cpus : tree_cpus(fdt),
		.stop_at = a->stop_at,
	};
	struct mm_kernel *k = mm_kernel_new();
	char *buf = malloc(SHOW_CAP);
	int ret;

	if (!k || !buf) {
		fprintf(stderr, "mmfuzz boot: out of memory\n");
		mm_kernel_free(k);
		free(buf);
		return 2;
	}
	layout_build_image(&cfg.setup.layout.image, p->build);
	ret = mm_kernel_boot(k, fdt, len, &cfg);
	section("boot log", k->log->buf);
	if (ret == 0)
		print_state(k, buf, a->stop_at);
	else if (ret == -MM_EPANIC)
		fprintf(stderr, "mmfuzz boot: %s: the kernel panicked (see the log)\n", a->file);
	else
		fprintf(stderr, "mmfuzz boot: %s: refused: %s\n", a->file,
			k->setup->why ? k->setup->why : mm_strerror(ret));
	mm_kernel_free(k);
	free(buf);
	return ret == 0 ? 0 : 1;
}

static int boot_run(int argc, char **argv)
{
	struct boot_args a;
	void *blob, *tree;
	size_t len;
	int ret = parse_args(argc, argv, &a);

	if (ret)
		return ret;
	blob = load_tree(a.file, &len);
	if (!blob)
		return 2;
	tree = blob;
	if (a.cmdline || a.nr_banks) {
		tree = fix_up_tree(blob, &len, &a);
		free(blob);
		if (!tree)
			return 2;
	}
	ret = boot(&a, tree, len);
	free(tree);
	fflush(stdout);
	return ret;
}

const struct command cmd_boot = {
	.name = "boot",
	.summary = "boot a device tree to /init as Debian's 6.1 kernel does; print the log and /proc",
	.usage = usage,
	.run = boot_run,
};
