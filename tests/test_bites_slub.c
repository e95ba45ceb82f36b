/*
 * Bite tests of the SLUB oracle: each deliberate SLUB bug of
 * mm/sim/bugs.h, switched on, makes the oracle report the invariant it
 * breaks in a realistic scenario run through the slub fuzz target (oracle
 * at FULL); switched off, the same scenario passes silently.  Each test
 * switches its bug off again before returning.
 */
#include "test.h"

#include "bite_helpers.h"
#include "slub_ops.h"

/* The input header: debian-armmp, `cpus` CPUs, the 256 MiB board; c1: the slub_debug choice. */
#define HEADER(cpus, c1) (uint8_t)(((cpus) - 1) << 2), (uint8_t)(c1), 0x34, 0x12
/* CREATE id, size (u16: 1 + low 9 bits, or with 0x8000 1 + low 15 bits), align byte, flag bits, ctor */
#define CREATE(id, size, flags, ctor) SLUB_CREATE, (id), (uint8_t)((size) - 1), (uint8_t)((((size) - 1) >> 8) | 0x80), 0, (flags), (ctor)
#define ALLOC_MANY(n, cache) SLUB_ALLOC_MANY, (uint8_t)((n) - 1), (cache), 0
#define KMALLOC(size) SLUB_KMALLOC, 0x01, (uint8_t)(size), (uint8_t)((size) >> 8), 0
#define F_POISON 0x02
#define F_RED_ZONE 0x04

/*
 * A constructor keeps the link behind a 104-byte object; without the word
 * made for it the slot stays 104 bytes and the link lands in the next
 * object, which its holder then overwrites.
 */
TEST(bite_freelist_past_object)
{
	const uint8_t in[] = { HEADER(1, 0), CREATE(0, 104, 0, 7), ALLOC_MANY(8, 0), SLUB_FREE, 3, SLUB_WRITE, 2, 0x5a };

	bite("slub", MM_BUG_SLUB_FREELIST_PAST_OBJECT, in, sizeof(in), "ORACLE: slub cache geometry:",
	     "size of mmfuzz-0", NULL);
}

/* kmalloc(257) must come from kmalloc-512; the bug hands out a 256-byte object. */
TEST(bite_size_class_off_by_one)
{
	const uint8_t in[] = { HEADER(1, 0), KMALLOC(257), KMALLOC(4097) };

	bite("slub", MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE, in, sizeof(in), "ORACLE: slub object from the right cache:",
	     "kmalloc-512 expected (257 bytes asked), slab of kmalloc-256", NULL);
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

	bite("slub", MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE, in, sizeof(in), "ORACLE: slub nr_partial:",
	     "(mmfuzz-0)", NULL);
}

/* A red-zoned cache: the zone after a 64-byte object is one byte short of SLUB_RED_ACTIVE. */
TEST(bite_redzone_short)
{
	const uint8_t in[] = { HEADER(1, 0), CREATE(0, 64, F_RED_ZONE, 0), ALLOC_MANY(3, 0), SLUB_FREE, 1 };

	bite("slub", MM_BUG_SLUB_REDZONE_SHORT, in, sizeof(in), "ORACLE: slub debug metadata:",
	     "check_object would report \"Right Redzone overwritten\"", NULL);
}

/* Links encoded with the object's address instead of the link's: the oracle's own decoding goes astray. */
TEST(bite_hardened_wrong_addr)
{
	const uint8_t in[] = { HEADER(2, 0), CREATE(0, 200, 0, 0), ALLOC_MANY(5, 0), SLUB_FREE, 2, SLUB_FREE, 0 };

	bite("slub", MM_BUG_SLUB_HARDENED_WRONG_ADDR, in, sizeof(in), "ORACLE: slub freelist link:",
	     "leads out of its objects", NULL);
}

TEST(every_slub_bug_has_a_bite_test)
{
	static const enum mm_bug covered[] = {
		MM_BUG_SLUB_FREELIST_PAST_OBJECT, MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE,
		MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE, MM_BUG_SLUB_REDZONE_SHORT, MM_BUG_SLUB_HARDENED_WRONG_ADDR,
	};

	bites_cover("slub-", covered, sizeof(covered) / sizeof(covered[0]));
}

TEST_MAIN()
