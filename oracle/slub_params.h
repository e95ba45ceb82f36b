/*
 * SLUB's boot parameters as the oracle reads them from the command line
 * (slub_params.c): slub_debug= with its per-slab blocks, slub_max_order=,
 * slub_min_objects=, slab_nomerge.
 */
#ifndef ORACLE_SLUB_PARAMS_H
#define ORACLE_SLUB_PARAMS_H

#include <stdbool.h>

#include "slab.h"
#include "slub_geometry.h"

struct slub_options {
	struct slub_params params;
	bool nomerge;
	slab_flags_t debug;		/* the global slub_debug flags */
	char blocks[160];		/* slub_debug's blocks when some name slabs ("" none) */
};

void slub_parse_cmdline(const char *cmdline, struct slub_options *o);
/* kmem_cache_flags(): the flags a cache named `name` asked for `flags` ends up with. */
slab_flags_t slub_debug_flags(const struct slub_options *o, const char *name, slab_flags_t flags);

#endif
