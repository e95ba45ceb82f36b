/*
 * LLVMFuzzerTestOneInput for one target, chosen at compile time with
 * -DFUZZ_TARGET_SYM=fuzz_target_<name>: linked with libFuzzer, or with
 * AFL++'s libAFLDriver.a as OSS-Fuzz builds its AFL++ targets.
 * MMFUZZ_BUG=name[,name...] switches deliberate bugs on, for bite
 * experiments.
 *
 * argv is left alone: the engines read it after LLVMFuzzerInitialize (the
 * AFL++ driver takes a lone number as its loop count), so the target's size
 * cap reaches libFuzzer as `max_len` in corpus/<target>.options, and an
 * over-long input is ignored here whatever the engine.
 */
#include "bug_switch.h"
#include "fuzz_target.h"

#include <stdlib.h>

#ifndef FUZZ_TARGET_SYM
#error "compile with -DFUZZ_TARGET_SYM=fuzz_target_<name>"
#endif

#define TARGET FUZZ_TARGET_SYM

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs before the AFL++ driver starts its fork server, so the warm-up is not part of any input's coverage. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (fuzz_enable_bugs_from_env() < 0 || fuzz_oracle_level_from_env() < 0)
		exit(2);
	fuzz_warm_up(&TARGET);
	return 0;
}

/* Returning -1 keeps an over-long input out of libFuzzer's corpus. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > TARGET.max_len)
		return -1;
	TARGET.run(data, size);
	return 0;
}
