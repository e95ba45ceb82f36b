/* The memblock oracle: silent on the real model, loud on tampered records and state. */
#include "test.h"

#include "memblock.h"
#include "mm_errno.h"
#include "oracle/memblock_check.h"
#include "oracle/oracle.h"
#include "oracle_recorder.h"


/* Record tampering: the observer sees a modified copy of each operation. */
static void (*tamper)(struct memblock_op *op);
static int tamper_kind = -1;

static void tampering_observer(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	struct memblock_op copy = *op;

	if (tamper && (tamper_kind < 0 || op->kind == (enum memblock_op_kind)tamper_kind))
		tamper(&copy);
	memblock_shadow_observe(mb, &copy, ctx);
}

struct rig {
	struct memblock mb;
	struct memblock_shadow *s;
};

static struct rig *rig_new(bool lpae)
{
	struct rig *r = calloc(1, sizeof(*r));

	r->s = memblock_shadow_new();
	memblock_init(&r->mb, lpae, NULL);
	r->mb.observer = tampering_observer;
	r->mb.observer_ctx = r->s;
	memblock_shadow_reset(r->s, &r->mb);
	tamper = NULL;
	tamper_kind = -1;
	return r;
}

static void rig_free(struct rig *r)
{
	memblock_destroy(&r->mb);
	memblock_shadow_free(r->s);
	free(r);
}

/* A small deterministic generator for operation sequences (test-only). */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng_state >> 17;
}

static phys_addr_t rnd_addr(bool lpae)
{
	phys_addr_t a = (rnd() % 0x3000) << 16;	/* 0 .. 3 GiB in 64 KiB steps */

	if (lpae && rnd() % 4 == 0)
		a += SZ_4G;
	if (rnd() % 8 == 0)
		a += rnd() % PAGE_SIZE;
	return a;
}

static phys_addr_t rnd_size(void)
{
	switch (rnd() % 4) {
	case 0: return (rnd() % 16 + 1) << 12;
	case 1: return (rnd() % 64 + 1) << 20;
	case 2: return rnd() % 0x20000 + 1;
	default: return (rnd() % 4 + 1) << 28;
	}
}

static void random_op(struct rig *r, bool lpae)
{
	struct memblock *mb = &r->mb;
	phys_addr_t a = rnd_addr(lpae), s = rnd_size();
	phys_addr_t align = (phys_addr_t)1 << (rnd() % 22);

	switch (rnd() % 20) {
	case 0: case 1: memblock_add(mb, a, s); break;
	case 2: memblock_add_node(mb, a, s, 0, rnd() % 3 ? MEMBLOCK_NONE : MEMBLOCK_HOTPLUG); break;
	case 3: memblock_remove(mb, a, s); break;
	case 4: case 5: case 6: memblock_reserve(mb, a, (rnd() % 4 + 1) << 12); break;
	case 7: memblock_phys_free(mb, a, s); break;
	case 8: memblock_mark_nomap(mb, a, s); break;
	case 9: memblock_clear_nomap(mb, a, s); break;
	case 10: memblock_mark_hotplug(mb, a, s); break;
	case 11: memblock_clear_hotplug(mb, a, s); break;
	case 12: memblock_phys_alloc_range(mb, (rnd() % 32 + 1) << 12, align, a,
					   rnd() % 3 ? a + s : 0);
		break;
	case 13: memblock_alloc(mb, (rnd() % 64 + 1) << 10, rnd() % 5 ? align : 0); break;
	case 14: memblock_alloc_try_nid(mb, (rnd() % 8 + 1) << 12, align, a, a + s * 2,
					NUMA_NO_NODE);
		break;
	case 15: memblock_phys_alloc_try_nid(mb, SZ_4K, SZ_4K, 0); break;
	case 16: if (rnd() % 16 == 0) memblock_cap_memory_range(mb, a, s * 4); break;
	case 17: memblock_set_current_limit(mb, rnd() % 4 ? a + s : MEMBLOCK_ALLOC_ANYWHERE(mb));
		break;
	case 18: memblock_set_bottom_up(mb, rnd() % 2); break;
	default:
		if (rnd() % 32 == 0) {
			/* kernelcore=mirror on or off: mark_mirror acts only with it */
			mb->mirrored_kernelcore = rnd() % 2;
			memblock_mark_mirror(mb, a, s);
		}
		break;
	}
}

static void run_random(bool lpae, uint64_t seed, int nr_ops)
{
	struct rig *r = rig_new(lpae);

	rng_state = seed;
	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_1G);
	if (seed & 1)
		memblock_allow_resize(&r->mb);
	for (int i = 0; i < nr_ops && !r->mb.panicked && !nr_msgs; i++) {
		random_op(r, lpae);
		if (i == nr_ops / 3)
			memblock_allow_resize(&r->mb);
	}
	memblock_shadow_check(r->s, &r->mb);
	if (nr_msgs)
		fprintf(stderr, "  seed %llu lpae %d: %s\n", (unsigned long long)seed, lpae,
			first_msg);
	CHECK_EQ(nr_msgs, 0);
	rig_free(r);
}

TEST(silent_on_random_sequences_classic)
{
	for (uint64_t seed = 1; seed <= 40; seed++)
		run_random(false, seed, 600);
	oracle_set_fail_handler(NULL);
}

TEST(silent_on_random_sequences_lpae)
{
	for (uint64_t seed = 100; seed <= 140; seed++)
		run_random(true, seed, 600);
	oracle_set_fail_handler(NULL);
}

/* Scattered reservations overflow 128 regions: the reserved array doubles, then memory's. */
static void fill_reserved(struct rig *r, int count, phys_addr_t base)
{
	for (int i = 0; i < count; i++)
		memblock_reserve(&r->mb, base + (phys_addr_t)i * 2 * PAGE_SIZE, PAGE_SIZE);
}

TEST(silent_on_doublings_both_directions)
{
	for (int bottom_up = 0; bottom_up < 2; bottom_up++) {
		for (int lpae = 0; lpae < 2; lpae++) {
			struct rig *r = rig_new(lpae);

			start_recording();
			memblock_set_bottom_up(&r->mb, bottom_up);
			memblock_add(&r->mb, 0x80000000, SZ_256M);
			memblock_allow_resize(&r->mb);
			fill_reserved(r, 600, 0x80100000);
			for (int i = 0; i < 300; i++)
				memblock_add(&r->mb, 0x100000000ULL * lpae + 0x90000000 +
						     (phys_addr_t)i * 2 * SZ_1M, SZ_1M);
			for (int i = 0; i < 50; i++)
				memblock_alloc(&r->mb, 3 * PAGE_SIZE, PAGE_SIZE);
			memblock_phys_free(&r->mb, 0x80100000, 64 * PAGE_SIZE);
			CHECK(r->mb.reserved.max >= 512);
			CHECK(r->mb.memory.max >= 256);
			CHECK_EQ(nr_msgs, 0);
			if (nr_msgs)
				fprintf(stderr, "  %s\n", first_msg);
			rig_free(r);
		}
	}
	oracle_set_fail_handler(NULL);
}

TEST(silent_on_refused_resize_and_cap)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x60000000, SZ_256M);
	fill_reserved(r, 128, 0x60000000);
	CHECK_EQ(memblock_reserve(&r->mb, 0x68000000, PAGE_SIZE), -MM_ENOMEM);
	CHECK_EQ(memblock_alloc(&r->mb, PAGE_SIZE, PAGE_SIZE), 0);
	memblock_mark_nomap(&r->mb, 0x6f000000, SZ_2M);
	memblock_cap_memory_range(&r->mb, 0x60000000, 0x0f800000);
	memblock_cap_memory_range(&r->mb, 0x60000000, 0x0f000000 + SZ_1M);
	memblock_remove(&r->mb, 0x6f100000, SZ_4K);
	CHECK_EQ(nr_msgs, 0);
	if (nr_msgs)
		fprintf(stderr, "  %s\n", first_msg);
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void shift_result(struct memblock_op *op)
{
	if (op->result)
		op->result -= PAGE_SIZE;
}

TEST(catches_wrong_alloc_result)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_16M);
	tamper = shift_result;
	memblock_alloc(&r->mb, PAGE_SIZE, PAGE_SIZE);
	CHECK(first_names("memblock alloc candidate"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void result_into_reserved(struct memblock_op *op)
{
	op->result = 0x40000000 + SZ_8M;
}

TEST(catches_alloc_over_reservation)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_16M);
	memblock_reserve(&r->mb, 0x40000000 + SZ_8M, SZ_1M);
	tamper = result_into_reserved;
	tamper_kind = MEMBLOCK_OP_ALLOC_RANGE;
	memblock_phys_alloc_range(&r->mb, PAGE_SIZE, PAGE_SIZE, 0, 0);
	CHECK(first_names("memblock alloc not reserved"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void drop_resizes(struct memblock_op *op)
{
	op->nr_resizes = 0;
}

TEST(catches_missing_resize)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_256M);
	memblock_allow_resize(&r->mb);
	fill_reserved(r, 128, 0x40000000);
	tamper = drop_resizes;
	memblock_reserve(&r->mb, 0x48000000, PAGE_SIZE);
	CHECK(first_names("memblock resize missing"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void add_fake_resize(struct memblock_op *op)
{
	op->resizes[0] = (struct memblock_resize){ .type = 1, .new_max = 256,
						   .new_phys = 0x4f000000 };
	op->nr_resizes = 1;
}

TEST(catches_unneeded_resize)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_256M);
	tamper = add_fake_resize;
	memblock_reserve(&r->mb, 0x48000000, PAGE_SIZE);
	CHECK(first_names("memblock resize unexpected"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void move_resize(struct memblock_op *op)
{
	if (op->nr_resizes)
		op->resizes[0].new_phys -= SZ_1M;
}

TEST(catches_misplaced_resize)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_256M);
	memblock_allow_resize(&r->mb);
	fill_reserved(r, 128, 0x40000000);
	tamper = move_resize;
	memblock_reserve(&r->mb, 0x48000000, PAGE_SIZE);
	CHECK(first_names("memblock resize candidate"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

static void claim_enomem(struct memblock_op *op)
{
	op->ret = -MM_ENOMEM;
}

TEST(catches_wrong_return)
{
	struct rig *r = rig_new(false);

	start_recording();
	tamper = claim_enomem;
	memblock_add(&r->mb, 0x40000000, SZ_256M);
	CHECK(first_names("memblock return"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

/* Tampered state, checked directly. */
static struct rig *three_banks(void)
{
	struct rig *r = rig_new(false);

	start_recording();
	memblock_add(&r->mb, 0x40000000, SZ_16M);
	memblock_add(&r->mb, 0x50000000, SZ_16M);
	memblock_add(&r->mb, 0x60000000, SZ_16M);
	CHECK_EQ(nr_msgs, 0);
	return r;
}

TEST(catches_corrupt_region_size)
{
	struct rig *r = three_banks();

	r->mb.memory.regions[2].size += PAGE_SIZE;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock region size"));
	CHECK(strstr(first_msg, "memory[2]") != NULL);
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST(catches_unsorted_regions)
{
	struct rig *r = three_banks();
	struct memblock_region t = r->mb.memory.regions[0];

	r->mb.memory.regions[0] = r->mb.memory.regions[1];
	r->mb.memory.regions[1] = t;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock regions sorted"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST(catches_unmerged_regions)
{
	struct rig *r = three_banks();
	struct memblock_type *m = &r->mb.memory;

	m->regions[3] = m->regions[2];
	m->regions[2].size = SZ_8M;
	m->regions[3].base += SZ_8M;
	m->regions[3].size = SZ_8M;
	m->cnt = 4;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock regions merged"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST(catches_total_size_and_empty_region)
{
	struct rig *r = three_banks();

	r->mb.memory.total_size -= PAGE_SIZE;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock total_size"));
	r->mb.memory.total_size += PAGE_SIZE;

	start_recording();
	r->mb.memory.regions[1].size = 0;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock region empty"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST(catches_wrong_flags_and_cnt)
{
	struct rig *r = three_banks();

	r->mb.memory.regions[0].flags = MEMBLOCK_NOMAP;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock region flags"));
	r->mb.memory.regions[0].flags = MEMBLOCK_NONE;

	start_recording();
	r->mb.memory.cnt = 2;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock region missing"));

	start_recording();
	r->mb.memory.cnt = 0;
	memblock_shadow_check(r->s, &r->mb);
	CHECK(first_names("memblock cnt"));
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST(reset_reuses_shadow)
{
	struct rig *r = rig_new(true);

	start_recording();
	memblock_add(&r->mb, 0x880000000ULL, SZ_1G);
	memblock_allow_resize(&r->mb);
	fill_reserved(r, 300, 0x880000000ULL);
	memblock_init(&r->mb, false, NULL);
	memblock_shadow_reset(r->s, &r->mb);
	memblock_add(&r->mb, 0x40000000, SZ_16M);
	memblock_alloc(&r->mb, PAGE_SIZE, PAGE_SIZE);
	memblock_shadow_check(r->s, &r->mb);
	CHECK_EQ(nr_msgs, 0);
	rig_free(r);
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
