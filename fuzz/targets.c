/* The table of every target, for the replay driver and tests. */
#include "fuzz_target.h"

#include <string.h>

#ifdef MMFUZZ_FUZZING_BUILD
bool fuzz_scheduled_sweeps = true;
#else
bool fuzz_scheduled_sweeps = false;
#endif

const struct fuzz_target *const fuzz_targets[] = {
	&fuzz_target_dtb_raw,
	&fuzz_target_dtb_struct,
	&fuzz_target_memblock_ops,
	&fuzz_target_layout,
	&fuzz_target_page_alloc,
	NULL,
};

const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (int i = 0; fuzz_targets[i]; i++)
		if (strcmp(fuzz_targets[i]->name, name) == 0)
			return fuzz_targets[i];
	return NULL;
}
