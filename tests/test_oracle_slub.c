/*
 * The SLUB oracle (oracle/slub_check.h) on its own: its naive tables
 * (kmalloc classes, SLUB's command line), silence on a correct sequence of
 * calls on the booted model, and each kind of check firing on a hand-made
 * corruption of the model's state or of what the harness reports.  Every
 * test boots afresh, so no corruption outlives its test.
 */
#include "test.h"
#include "buddy_helpers.h"
#include "kmem_access.h"
#include "oracle.h"
#include "oracle_recorder.h"
#include "slab.h"
#include "slub_check.h"
#include "slub_params.h"

static struct slub_check *c;
/* The first report names the invariant (then back to aborting). */
static bool reported(const char *invariant)
{
	bool found = first_names(invariant);

	oracle_set_fail_handler(NULL);
	return found;
}

/* 256 MiB at 0x40000000 with `cpus` CPUs and a command line, the oracle observing from the start. */
static void boot(unsigned int cpus, const char *cmdline)
{
	struct kernel_config cfg = board_config("debian-armmp");
	char dts[512];
	size_t len;
	void *blob;

	if (!c)
		c = slub_check_new();
	cfg.nr_cpus = cpus;
	cfg.random_seed = 42;
	cfg.page_observer = slub_check_begin(c, &(struct slub_check_config){ .nr_cpus = cpus, .cmdline = cmdline });
	snprintf(dts, sizeof(dts),
		 "/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { bootargs = \"%s\"; };\n"
		 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x10000000>; };\n};\n", cmdline);
	blob = dtb_from_dts(dts, &len);
	if (!bk)
		bk = mm_kernel_new();
	CHECK_EQ(mm_kernel_boot(bk, blob, len, &cfg), 0);
	free(blob);
	start_recording();
	slub_check_booted(c, bk);
	CHECK_EQ(oracle_failures(), 0);
}

static struct kmem_cache *create(const char *name, unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(bk, name, size, 0, flags, 0);

	slub_check_create(c, name, size, 0, flags, 0, s);
	return s;
}

static uint32_t alloc(struct kmem_cache *s)
{
	uint32_t x = kmem_cache_alloc(bk, s, GFP_KERNEL);

	slub_check_alloc(c, s, GFP_KERNEL, x);
	return x;
}

static void cache_free(struct kmem_cache *s, uint32_t x)
{
	kmem_cache_free(bk, s, x);
	slub_check_freed(c, s, x);
}

TEST(kmalloc_classes_from_the_table)
{
	static const struct {
		size_t size;
		unsigned int index;
	} classes[] = { { 0, 0 }, { 1, 6 }, { 64, 6 }, { 65, 7 }, { 96, 7 }, { 128, 7 }, { 129, 2 }, { 192, 2 },
			{ 193, 8 }, { 256, 8 }, { 257, 9 }, { 4096, 12 }, { 4097, 13 }, { 8192, 13 } };
	char name[32];

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		CHECK_EQ(naive_kmalloc_index(classes[i].size), classes[i].index);
	naive_kmalloc_name(100, GFP_KERNEL | __GFP_DMA | __GFP_RECLAIMABLE, name, sizeof(name));
	CHECK_STR(name, "dma-kmalloc-128");
	naive_kmalloc_name(3000, GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_ACCOUNT, name, sizeof(name));
	CHECK_STR(name, "kmalloc-rcl-4k");
	naive_kmalloc_name(150, GFP_KERNEL | __GFP_ACCOUNT, name, sizeof(name));
	CHECK_STR(name, "kmalloc-cg-192");
}

TEST(slub_command_line)
{
	const slab_flags_t fzpu = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
	struct slub_options o;

	slub_parse_cmdline("console=ttyS0 slub_debug", &o);
	CHECK_EQ(slub_debug_flags(&o, "kmalloc-64", 0), fzpu);
	CHECK_EQ(o.params.max_order, 3);
	slub_parse_cmdline("slub_debug=FZ,kmalloc-64;U,mm* slub_max_order=20 slub_min_objects=4 slab_nomerge", &o);
	CHECK_EQ(slub_debug_flags(&o, "kmalloc-64", 0), SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	CHECK_EQ(slub_debug_flags(&o, "mmfuzz-3", SLAB_HWCACHE_ALIGN), SLAB_STORE_USER | SLAB_HWCACHE_ALIGN);
	CHECK_EQ(slub_debug_flags(&o, "kmalloc-640", 0), 0);
	CHECK_EQ(o.params.max_order, 11);
	CHECK_EQ(o.params.min_objects, 4);
	CHECK(o.nomerge);
	slub_parse_cmdline("slub_debug=FZPOx", &o);
	CHECK_EQ(slub_debug_flags(&o, "anything", 0), SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON);
	CHECK(o.params.disable_higher_order_debug);
	/* a list-only block leaves the others alone; '-' clears; NOLEAKTRACE drops U, NO_USER_FLAGS all */
	slub_parse_cmdline("slub_debug=,dentry", &o);
	CHECK_EQ(slub_debug_flags(&o, "dentry", 0), fzpu);
	CHECK_EQ(slub_debug_flags(&o, "dentry2", 0), 0);
	slub_parse_cmdline("slub_debug=FZ-P", &o);
	CHECK_EQ(slub_debug_flags(&o, "x", 0), SLAB_POISON);
	slub_parse_cmdline("slub_debug=U", &o);
	CHECK_EQ(slub_debug_flags(&o, "x", SLAB_NOLEAKTRACE), SLAB_NOLEAKTRACE);
	CHECK_EQ(slub_debug_flags(&o, "x", SLAB_NO_USER_FLAGS), SLAB_NO_USER_FLAGS);
}

/* Create, allocate, free, kmalloc small and large, ksize, CPUs, shrink, destroy: not a word. */
TEST(silent_on_a_working_sequence)
{
	struct kmem_cache *s, *t;
	uint32_t x[40], k[3];

	boot(2, "");
	s = create("oracle-a", 200, 0);
	t = create("oracle-b", 200, 0);
	CHECK(t == s);			/* merged */
	for (int i = 0; i < 40; i++)
		x[i] = alloc(s);
	k[0] = kmalloc(bk, 100, GFP_KERNEL);
	slub_check_kmalloc(c, 100, GFP_KERNEL, k[0]);
	k[1] = kmalloc(bk, 40000, GFP_KERNEL);
	slub_check_kmalloc(c, 40000, GFP_KERNEL, k[1]);
	k[2] = kmalloc(bk, 0, GFP_KERNEL);
	slub_check_kmalloc(c, 0, GFP_KERNEL, k[2]);
	slub_check_ksize(c, k[0], ksize(bk, k[0]));
	slub_check_ksize(c, k[1], ksize(bk, k[1]));
	CHECK_EQ(slub_set_cpu(bk, 1), 0);
	slub_check_set_cpu(c, 1, 0);
	for (int i = 0; i < 40; i += 2)
		cache_free(s, x[i]);
	for (int i = 0; i < 3; i++) {
		kfree(bk, k[i]);
		slub_check_freed(c, NULL, k[i]);
	}
	slub_check_shrink(c, s, kmem_cache_shrink(bk, s));
	slub_check_sweep(c, true);
	for (int i = 1; i < 40; i += 2)
		cache_free(s, x[i]);
	kmem_cache_destroy(bk, t);
	slub_check_destroyed(c, t);
	kmem_cache_destroy(bk, s);
	slub_check_destroyed(c, s);
	slub_check_sweep(c, true);
	CHECK_EQ(nr_msgs, 0);
	if (nr_msgs)
		fprintf(stderr, "  %s\n", first_msg);
	oracle_set_fail_handler(NULL);
}

/* A free object's hardened link overwritten: the oracle's own decoding leaves the slab. */
TEST(corrupted_link_named)
{
	struct kmem_cache *s;
	uint32_t x[3];

	boot(1, "");
	s = create("oracle-link", 64, 0);
	for (int i = 0; i < 3; i++)
		x[i] = alloc(s);
	cache_free(s, x[1]);
	cache_free(s, x[2]);
	kmem_write_unchecked(bk, x[2] + s->offset, 0x11, 4);
	slub_check_sweep(c, false);
	CHECK(reported("ORACLE: slub freelist link:"));
}

TEST(inuse_drift_named)
{
	struct kmem_cache *s;
	struct page *slab;
	uint32_t x;

	boot(1, "");
	s = create("oracle-inuse", 128, 0);
	x = alloc(s);
	slab = pfn_to_page(&bk->memmap, PFN_DOWN(layout_va_to_pa(&bk->setup->layout, x)));
	slab->inuse--;
	slub_check_sweep(c, false);
	CHECK(reported("ORACLE: slub slab inuse:"));
	slab->inuse++;
}

TEST(nr_partial_drift_named)
{
	struct kmem_cache *s;

	boot(1, "");
	s = create("oracle-partial", 128, 0);
	alloc(s);
	s->node[0]->nr_partial++;
	slub_check_sweep(c, false);
	CHECK(reported("ORACLE: slub nr_partial:"));
	s->node[0]->nr_partial--;
}

TEST(geometry_drift_named)
{
	struct kmem_cache *s;

	boot(1, "");
	s = create("oracle-geometry", 300, SLAB_HWCACHE_ALIGN);
	s->min_partial++;
	slub_check_sweep(c, false);
	CHECK(reported("min_partial of oracle-geometry"));
	s->min_partial--;
}

TEST(node_counters_drift_named)
{
	struct kmem_cache *s;

	boot(1, "");
	s = create("oracle-counters", 512, 0);
	alloc(s);
	s->node[0]->total_objects++;
	slub_check_sweep(c, false);
	CHECK(reported("ORACLE: slub node counters:"));
	s->node[0]->total_objects--;
}

/* The harness frees what nobody holds, or claims an object twice. */
TEST(harness_reports_named)
{
	struct kmem_cache *s;
	uint32_t x;

	boot(1, "");
	s = create("oracle-claims", 96, 0);
	x = alloc(s);
	cache_free(s, x);
	slub_check_freed(c, s, x);
	CHECK(reported("ORACLE: slub free of a live object:"));
	start_recording();
	x = alloc(s);
	slub_check_alloc(c, s, GFP_KERNEL, x);
	CHECK(reported("ORACLE: slub object overlaps a live object:"));
}

/* A double free under slub_debug=F is reported in the kernel's words, and only those. */
TEST(report_words_named)
{
	struct kmem_cache *s;
	uint32_t x, y;

	boot(1, "slub_debug=F");
	s = create("oracle-words", 64, 0);
	x = alloc(s);
	y = alloc(s);
	cache_free(s, x);
	cache_free(s, x);
	CHECK_EQ(oracle_failures(), 0);
	kmem_cache_free(bk, s, x);
	bk->slub.last_report[4] = 'X';
	slub_check_freed(c, s, x);
	CHECK(reported("ORACLE: slub report in the kernel's words:"));
	start_recording();
	bk->slub.nr_reports++;
	cache_free(s, y);
	CHECK(reported("ORACLE: slub reports:"));
}

/* The page observer told of a block the model never took, or of one taken twice. */
TEST(page_events_named)
{
	struct page_alloc_observer obs;
	struct page_alloc_event ev = { .kind = PAGE_EV_FREE, .pfn = 0x4ffff, .order = 0, .who = PAGE_USER_SLAB };

	boot(1, "");
	obs = slub_check_begin(c, &(struct slub_check_config){ .nr_cpus = 1 });
	obs.fn(obs.ctx, bk, &(struct page_alloc_event){ .kind = PAGE_EV_ALLOC, .pfn = 0x4f000, .order = 2 });
	obs.fn(obs.ctx, bk, &(struct page_alloc_event){ .kind = PAGE_EV_ALLOC, .pfn = 0x4f002, .order = 0 });
	CHECK(reported("ORACLE: model pages taken twice:"));
	start_recording();
	obs.fn(obs.ctx, bk, &ev);
	CHECK(reported("ORACLE: model page give-back:"));
}

TEST_MAIN()
