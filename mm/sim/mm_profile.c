/*
 * Named build profiles (the Kconfig values of Debian 12's armmp and
 * armmp-lpae 6.1 kernels and an upstream multi_v7_defconfig-like build,
 * shared doc §0).  No kernel counterpart: the kernel fixes these at build
 * time; the model picks them per input.
 */
#include "mm_profile.h"

#include <string.h>

#include "mm_types.h"

static const struct mm_profile profiles[] = {
	{ .name = "debian-armmp", .lpae = false, .max_order = 12, .pageblock_order = 11,
	  .struct_page_size = 36, .cma_size_mbytes = 16, .thp = false, .nr_cpus = 1,
	  .build = &kernel_build_armmp },
	{ .name = "debian-armmp-lpae", .lpae = true, .max_order = 12, .pageblock_order = 9,
	  .struct_page_size = 36, .cma_size_mbytes = 16, .thp = true, .nr_cpus = 1,
	  .build = &kernel_build_armmp_lpae },
	{ .name = "multi_v7", .lpae = false, .max_order = 11, .pageblock_order = 10,
	  .struct_page_size = 36, .cma_size_mbytes = 16, .thp = false, .nr_cpus = 1,
	  .build = &kernel_build_multi_v7 },
};

static const char *const model_names[MEMORY_MODEL_NR] = {
	[MEMORY_MODEL_FLATMEM] = "flatmem",
	[MEMORY_MODEL_SPARSEMEM] = "sparsemem",
	[MEMORY_MODEL_SPARSEMEM_EXTREME] = "sparsemem-extreme",
	[MEMORY_MODEL_SPARSEMEM_VMEMMAP] = "sparsemem-vmemmap",
};

const struct mm_profile *mm_profile_find(const char *name)
{
	for (size_t i = 0; i < MM_ARRAY_SIZE(profiles); i++)
		if (name && strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

const struct mm_profile *mm_profile_by_index(unsigned int i)
{
	return i < MM_ARRAY_SIZE(profiles) ? &profiles[i] : NULL;
}

const char *memory_model_name(enum memory_model m)
{
	return (unsigned int)m < MEMORY_MODEL_NR ? model_names[m] : "?";
}
