/*
 * Per-input machinery shared by the fuzz targets: one memblock shadow for
 * the process, attached as memblock's observer; the schedule of full
 * oracle sweeps; and the device-tree boot pipeline with the oracle
 * hooked in between its stages.
 *
 * Sweep schedule (docs/fuzz-input-format.md): while an input runs, the
 * shadow observes every memblock call at ORACLE_CHEAP (the harness lowers
 * oracle_level from FULL and restores it at the end), comparing the
 * counters and the regions around what the call changed.  When the input
 * started at ORACLE_FULL, full sweeps (every region, the free-range
 * iterators) run after steps 1, 2, 4, 8, ... and after each boot stage; a
 * final sweep at the starting level ends every input.  ORACLE_OFF detaches
 * the shadow.
 */
#ifndef FUZZ_HARNESS_COMMON_H
#define FUZZ_HARNESS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "boot.h"
#include "memblock.h"

/* Shadow a freshly initialised memblock (observer + reset); call before the first operation. */
void harness_attach(struct memblock *mb);
/* After step `step` (counted from 1) of an input: a full sweep on the power-of-two schedule. */
void harness_step(const struct memblock *mb, unsigned step);
/* End of an input: the final full sweep. */
void harness_finish(const struct memblock *mb);

/*
 * mm_boot_dt() with the oracle looking in at every mm_boot_stage:
 * fdt_check_parse after dt_parse, fdt_check_memory and a full sweep once
 * memory is added, a full sweep after the early parameters, the shadow on
 * every memblock call throughout.  Returns 0, or the negative MM_E* code
 * of a rejected blob with *why set.
 */
int harness_boot_dt(const void *fdt, size_t size, const struct mm_boot_config *cfg,
		    const char **why);

#endif
