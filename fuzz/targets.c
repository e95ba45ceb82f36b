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
	&fuzz_target_slub,
	NULL,
};

bool fuzz_input_scheduled(const uint8_t *data, size_t size, unsigned long every, unsigned salt)
{
	uint32_t h = 2166136261u ^ salt;

	if (!fuzz_scheduled_sweeps || every <= 1)
		return true;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h % every == 0;
}

const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (int i = 0; fuzz_targets[i]; i++)
		if (strcmp(fuzz_targets[i]->name, name) == 0)
			return fuzz_targets[i];
	return NULL;
}

const struct fuzz_target *fuzz_target_from_path(const char *path)
{
	const struct fuzz_target *found = NULL;
	const char *p = path;

	while (*p) {
		size_t n = strcspn(p, "/");

		for (int i = 0; fuzz_targets[i]; i++)
			if (strlen(fuzz_targets[i]->name) == n &&
			    strncmp(fuzz_targets[i]->name, p, n) == 0)
				found = fuzz_targets[i];
		p += n;
		p += strspn(p, "/");
	}
	return found;
}

void fuzz_warm_up(const struct fuzz_target *t)
{
	static const uint8_t empty[1];
	bool scheduled = fuzz_scheduled_sweeps;

	/* every scheduled check too, so their first-use allocations happen here */
	fuzz_scheduled_sweeps = false;
	t->run(t->warm_up ? t->warm_up : empty, t->warm_up ? t->warm_up_len : 0);
	fuzz_scheduled_sweeps = scheduled;
}
