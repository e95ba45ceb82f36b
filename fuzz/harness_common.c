/* See harness_common.h. */
#include "harness_common.h"

#include <stdlib.h>

#include "fdt_check.h"
#include "mm_errno.h"
#include "memblock_check.h"
#include "oracle.h"

static struct memblock_shadow *shadow;
static struct mm_boot *boot;
/* The level the input was started at; between checkpoints the observer runs at CHEAP. */
static int input_level;

static void full_sweep(const struct memblock *mb)
{
	if (!mb->observer || input_level < ORACLE_FULL)
		return;
	oracle_level = ORACLE_FULL;
	memblock_shadow_check(shadow, mb);
	oracle_level = ORACLE_CHEAP;
}

void harness_attach(struct memblock *mb)
{
	input_level = oracle_level;
	if (oracle_level == ORACLE_OFF) {
		mb->observer = NULL;
		return;
	}
	if (!shadow) {
		shadow = memblock_shadow_new();
		if (!shadow)
			abort();
	}
	memblock_shadow_reset(shadow, mb);
	mb->observer = memblock_shadow_observe;
	mb->observer_ctx = shadow;
	oracle_level = ORACLE_CHEAP;
}

void harness_step(const struct memblock *mb, unsigned step)
{
	if ((step & (step - 1)) == 0)
		full_sweep(mb);
}

void harness_finish(const struct memblock *mb)
{
	oracle_level = input_level;
	if (mb->observer)
		memblock_shadow_check(shadow, mb);
}

/*
 * The oracle's look between mm_boot_scan()'s stages.  The shadow attaches
 * once memblock is initialised; bottom-up mode and the phys-offset guess
 * happen inside mm_boot_scan() and are observed like any other operation.
 */
struct blob {
	const void *fdt;
	size_t size;
};

static void check_stage(struct mm_boot *b, enum mm_boot_stage stage, int ret, void *ctx)
{
	const struct blob *blob = ctx;
	struct memblock *mb = &b->mb;

	switch (stage) {
	case MM_BOOT_MEMBLOCK_READY:
		harness_attach(mb);
		break;
	case MM_BOOT_PARSED:
		if (input_level > ORACLE_OFF)
			fdt_check_parse(blob->fdt, blob->size, ret, &b->dt);
		break;
	case MM_BOOT_MEMORY_ADDED:
		if (input_level > ORACLE_OFF)
			fdt_check_memory(&b->dt, mb, b->phys_offset);
		full_sweep(mb);
		break;
	case MM_BOOT_PARAMS_APPLIED:
		full_sweep(mb);
		break;
	}
}

int harness_boot_dt(const void *fdt, size_t size, const struct mm_boot_config *cfg,
		    const char **why)
{
	struct blob blob = { fdt, size };
	int ret;

	if (!boot) {
		boot = mm_boot_new();
		if (!boot)
			abort();
	}
	boot->stage_hook = check_stage;
	boot->stage_ctx = &blob;
	ret = mm_boot_scan(boot, fdt, size, cfg, NULL, NULL);
	if (ret == 0)
		mm_boot_reserve(boot);
	else
		*why = boot->why ? boot->why : "dt_parse rejected the blob";
	harness_finish(&boot->mb);
	return ret;
}
