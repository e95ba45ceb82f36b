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
	const struct mm_boot_config *cfg;
	bool parsed;		/* dt_parse accepted it */
	bool po_ok;		/* the oracle's PHYS_OFFSET rule lets the boot go on */
	uint64_t po;		/* the oracle's PHYS_OFFSET */
};

/* The model's PHYS_OFFSET against the oracle's, which the memory check then uses. */
static void check_phys_offset(const struct mm_boot *b, const struct blob *blob)
{
	if (!blob->po_ok)
		oracle_fail("PHYS_OFFSET", 0, 0, b->phys_offset,
			    "a guess of 0 without a bank below 4 GiB must be refused");
	else if (b->phys_offset != blob->po)
		oracle_fail("PHYS_OFFSET", 0, blob->po, b->phys_offset,
			    "configured value, else fdt_check_mem_start's guess from load address 0x%llx",
			    (unsigned long long)blob->cfg->load_addr);
}

static void check_stage(struct mm_boot *b, enum mm_boot_stage stage, int ret, void *ctx)
{
	struct blob *blob = ctx;
	struct memblock *mb = &b->mb;

	switch (stage) {
	case MM_BOOT_MEMBLOCK_READY:
		harness_attach(mb);
		break;
	case MM_BOOT_PARSED:
		blob->parsed = ret == 0;
		if (input_level > ORACLE_OFF) {
			fdt_check_parse(blob->fdt, blob->size, ret, &b->dt, b->why);
			blob->po_ok = fdt_check_last_phys_offset(blob->cfg, &blob->po);
		}
		break;
	case MM_BOOT_MEMORY_ADDED:
		if (input_level > ORACLE_OFF) {
			check_phys_offset(b, blob);
			fdt_check_memory(&b->dt, mb, blob->po);
		}
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
	struct blob blob = { fdt, size, cfg, false, false, 0 };
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
	/* after a parse, the only refusal left is PHYS_OFFSET's */
	if (ret < 0 && blob.parsed && input_level > ORACLE_OFF &&
	    (ret != -MM_EINPUT || blob.po_ok || !boot->why))
		oracle_fail("PHYS_OFFSET refusal", 0, -MM_EINPUT, (uint64_t)-ret,
			    "after the parse only a guess of 0 without a bank below 4 GiB is refused "
			    "(the oracle's rule %s it; model says \"%s\")",
			    blob.po_ok ? "accepts" : "refuses", boot->why ? boot->why : "nothing");
	harness_finish(&boot->mb);
	return ret;
}
