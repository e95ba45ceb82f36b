/*
 * The first per-CPU chunk (Linux v6.1 mm/percpu.c setup_per_cpu_areas,
 * pcpu_embed_first_chunk, pcpu_build_alloc_info, pcpu_alloc_alloc_info,
 * pcpu_fc_alloc, pcpu_fc_free, pcpu_setup_first_chunk,
 * pcpu_dump_alloc_info, pcpu_alloc_first_chunk, pcpu_free_alloc_info):
 * the memblock allocations start_kernel makes for it and the lines it
 * prints.  The chunk's contents and the dynamic allocator are not
 * modelled.
 */
#ifndef MM_PERCPU_H
#define MM_PERCPU_H

#include "kernel_build.h"
#include "memblock.h"

#define PERCPU_MODULE_RESERVE (8 << 10)		/* CONFIG_MODULES */
#define PERCPU_DYNAMIC_RESERVE (20 << 10)	/* 32-bit */

struct pcpu_first_chunk {
	unsigned int static_size, reserved_size, dyn_size, unit_size, nr_units;
	phys_addr_t base;			/* the units, one after another */
};

/*
 * setup_per_cpu_areas() for nr_cpus possible CPUs (1..NR_CPUS): the embed
 * first chunk from memblock, allocated from `goal` (__pa(MAX_DMA_ADDRESS))
 * up.  Returns 0, or -MM_EPANIC when an allocation fails (the kernel
 * panics; the line is logged).
 */
int setup_per_cpu_areas(struct memblock *mb, const struct kernel_build *b, unsigned int nr_cpus,
			phys_addr_t goal, struct pcpu_first_chunk *fc);

#endif
