/*
 * Bite tests of the SLUB oracle: each deliberate SLUB bug of
 * mm/sim/bugs.h, switched on, makes the oracle report the invariant it
 * breaks in a realistic scenario run through the slub fuzz target (oracle
 * at FULL); switched off, the same scenario passes silently.  Each test
 * switches its bug off again before returning.
 */
#include "bugs.h"
#include "fuzz_target.h"
#include "oracle.h"
#include "slub_ops.h"
#include "test.h"

/* The input header: debian-armmp, `cpus` CPUs, the 256 MiB board; c1: the slub_debug choice. */
#define HEADER(cpus, c1) (uint8_t)(((cpus) - 1) << 2), (uint8_t)(c1), 0x34, 0x12
/* CREATE id, size (u16: 1 + low 9 bits, or with 0x8000 1 + low 15 bits), align byte, flag bits, ctor */
#define CREATE(id, size, flags, ctor) SLUB_CREATE, (id), (uint8_t)((size) - 1), (uint8_t)((((size) - 1) >> 8) | 0x80), 0, (flags), (ctor)
#define ALLOC_MANY(n, cache) SLUB_ALLOC_MANY, (uint8_t)((n) - 1), (cache), 0
#define KMALLOC(size) SLUB_KMALLOC, 0x01, (uint8_t)(size), (uint8_t)((size) >> 8), 0
#define F_POISON 0x02
#define F_RED_ZONE 0x04

static char messages[16384];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

/* Run one slub input; returns the number of oracle failures. */
static unsigned run(const uint8_t *in, size_t len)
{
	const struct fuzz_target *t = fuzz_target_find("slub");

	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
	CHECK(t && t->run(in, len) == 0);
	oracle_set_fail_handler(NULL);
	return oracle_failures();
}

/* With the bug on the oracle names `invariant` (and `detail`); with it off the scenario is silent. */
static void bite(enum mm_bug bug, const uint8_t *in, size_t len, const char *invariant, const char *detail)
{
	mm_bug_set(bug, true);
	CHECK(run(in, len) > 0);
	if (!strstr(messages, invariant) || !strstr(messages, detail))
		fprintf(stderr, "  %s: expected '%s' … '%s' in:\n%s", mm_bug_name(bug), invariant, detail, messages);
	CHECK(strstr(messages, invariant) != NULL);
	CHECK(strstr(messages, detail) != NULL);
	mm_bug_set(bug, false);
	CHECK_EQ(run(in, len), 0);
	if (oracle_failures())
		fprintf(stderr, "  %s off:\n%s", mm_bug_name(bug), messages);
}

/*
 * A constructor keeps the link behind a 104-byte object; without the word
 * made for it the slot stays 104 bytes and the link lands in the next
 * object, which its holder then overwrites.
 */
TEST(bite_freelist_past_object)
{
	const uint8_t in[] = { HEADER(1, 0), CREATE(0, 104, 0, 7), ALLOC_MANY(8, 0), SLUB_FREE, 3, SLUB_WRITE, 2, 0x5a };

	bite(MM_BUG_SLUB_FREELIST_PAST_OBJECT, in, sizeof(in), "ORACLE: slub cache geometry:", "size of mmfuzz-0");
}

/* kmalloc(257) must come from kmalloc-512; the bug hands out a 256-byte object. */
TEST(bite_size_class_off_by_one)
{
	const uint8_t in[] = { HEADER(1, 0), KMALLOC(257), KMALLOC(4097) };

	bite(MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE, in, sizeof(in), "ORACLE: slub object from the right cache:",
	     "kmalloc-512 expected (257 bytes asked), slab of kmalloc-256");
}

/*
 * 4 KiB objects, 8 per slab, two slabs on a CPU's partial list at most:
 * freeing every other object of four full slabs puts each back on the
 * CPU's partial list, and the third drains the list to the node; the bug
 * leaves the drained slabs linked from the CPU as well, and since the
 * chain's link shares its word with slab_list, the node's list no longer
 * holds what nr_partial counts.
 */
TEST(bite_cpu_partial_unfreeze_twice)
{
	const uint8_t in[] = { HEADER(1, 0), CREATE(0, 4096, 0, 0), ALLOC_MANY(32, 0), SLUB_FREE_MANY, 0 };

	bite(MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE, in, sizeof(in), "ORACLE: slub nr_partial:", "(mmfuzz-0)");
}

/* A red-zoned cache: the zone after a 64-byte object is one byte short of SLUB_RED_ACTIVE. */
TEST(bite_redzone_short)
{
	const uint8_t in[] = { HEADER(1, 0), CREATE(0, 64, F_RED_ZONE, 0), ALLOC_MANY(3, 0), SLUB_FREE, 1 };

	bite(MM_BUG_SLUB_REDZONE_SHORT, in, sizeof(in), "ORACLE: slub debug metadata:",
	     "check_object would report \"Right Redzone overwritten\"");
}

/* Links encoded with the object's address instead of the link's: the oracle's own decoding goes astray. */
TEST(bite_hardened_wrong_addr)
{
	const uint8_t in[] = { HEADER(2, 0), CREATE(0, 200, 0, 0), ALLOC_MANY(5, 0), SLUB_FREE, 2, SLUB_FREE, 0 };

	bite(MM_BUG_SLUB_HARDENED_WRONG_ADDR, in, sizeof(in), "ORACLE: slub freelist link:", "leads out of its objects");
}

TEST(every_slub_bug_has_a_bite_test)
{
	static const enum mm_bug covered[] = {
		MM_BUG_SLUB_FREELIST_PAST_OBJECT, MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE,
		MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE, MM_BUG_SLUB_REDZONE_SHORT, MM_BUG_SLUB_HARDENED_WRONG_ADDR,
	};

	for (int b = MM_BUG_NONE + 1; b < MM_BUG_NR; b++) {
		const char *name = mm_bug_name((enum mm_bug)b);
		bool found = false;

		if (strncmp(name, "slub-", 5) != 0)
			continue;
		for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++)
			found |= covered[i] == (enum mm_bug)b;
		if (!found)
			fprintf(stderr, "  no bite test for %s\n", name);
		CHECK(found);
	}
	CHECK_EQ(mm_bugs_enabled, 0);
}

TEST_MAIN()
