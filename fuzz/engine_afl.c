/*
 * AFL++ persistent-mode driver for one target, chosen at compile time with
 * -DFUZZ_TARGET_SYM=fuzz_target_<name>; build with afl-clang-fast.
 *
 * Under afl-fuzz (no arguments) test cases arrive through shared memory.
 * Outside it, `fuzz_<name> PATH...` runs each file, and each input under
 * a directory (walk_inputs), once, and `fuzz_<name> < FILE` runs stdin
 * once, so a crash reproduces without afl-fuzz.
 * MMFUZZ_BUG=name[,name...] switches deliberate bugs on.
 */
#include "bug_switch.h"
#include "fuzz_target.h"
#include "input_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_TARGET_SYM
#error "compile with -DFUZZ_TARGET_SYM=fuzz_target_<name>"
#endif

#define TARGET FUZZ_TARGET_SYM

__AFL_FUZZ_INIT();

/*
 * The shared-memory buffer is larger than the test case, so each input is
 * copied to an exactly-sized heap block where ASan sees over-reads.
 */
static void run_one(const uint8_t *buf, size_t len)
{
	uint8_t *copy;

	if (len > TARGET.max_len)
		return;
	copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	memcpy(copy, buf, len);
	TARGET.run(copy, len);
	free(copy);
}

/* input_file_fn: run one input file; an unreadable one makes the exit status 1. */
static int run_file(const char *path, int err, void *ctx)
{
	int *status = ctx;
	size_t len;
	uint8_t *buf;

	if (err == INPUT_NOT_AN_INPUT) {
		fprintf(stderr, "skipped %s: not an input\n", path);
		return 0;
	}
	buf = err ? NULL : read_input(path, &len);
	if (!buf) {
		fprintf(stderr, "%s: %s\n", path, strerror(err ? err : errno));
		*status = 1;
		return 0;
	}
	run_one(buf, len);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (fuzz_enable_bugs_from_env() < 0 || fuzz_oracle_level_from_env() < 0)
		return 2;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			walk_inputs(argv[i], run_file, &status);
		return status;
	}

	/*
	 * Warm up before the fork server starts: the first input a target sees
	 * allocates its per-process state (oracle shadows, host memmap storage),
	 * which would otherwise show as edges only the first input of every
	 * child takes, i.e. lost stability.
	 */
	fuzz_warm_up(&TARGET);

	__AFL_INIT();
	const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;

	while (__AFL_LOOP(100000))
		run_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
