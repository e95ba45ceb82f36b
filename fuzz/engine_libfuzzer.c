/*
 * libFuzzer entry points for one target, chosen at compile time with
 * -DFUZZ_TARGET_SYM=fuzz_target_<name>.  MMFUZZ_BUG=name[,name...] switches
 * deliberate bugs on, for bite experiments.
 */
#include "bug_switch.h"
#include "fuzz_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_TARGET_SYM
#error "compile with -DFUZZ_TARGET_SYM=fuzz_target_<name>"
#endif

#define TARGET FUZZ_TARGET_SYM

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * libFuzzer parses its flags after LLVMFuzzerInitialize returns, so a
 * default -max_len matching the target's cap is appended here; an explicit
 * -max_len on the command line still wins.
 */
static void add_default_max_len(int *argc, char ***argv)
{
	static char flag[40];
	static char **args;

	for (int i = 1; i < *argc; i++)
		if (strncmp((*argv)[i], "-max_len=", 9) == 0)
			return;
	args = calloc((size_t)*argc + 2, sizeof(*args));
	if (!args)
		return;
	memcpy(args, *argv, (size_t)*argc * sizeof(*args));
	snprintf(flag, sizeof(flag), "-max_len=%zu", TARGET.max_len);
	args[(*argc)++] = flag;
	*argv = args;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (fuzz_enable_bugs_from_env() < 0 || fuzz_oracle_level_from_env() < 0)
		exit(2);
	add_default_max_len(argc, argv);
	fuzz_warm_up(&TARGET);
	return 0;
}

/* Returning -1 keeps an over-long input out of the corpus. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > TARGET.max_len)
		return -1;
	TARGET.run(data, size);
	return 0;
}
