/*
 * Cross-model differential runner: boot the same (configuration, device
 * tree) under FLATMEM, SPARSEMEM, SPARSEMEM_EXTREME and SPARSEMEM_VMEMMAP,
 * run the same operations on each (a callback that notes each operation's
 * result), and require the observables the memory model must not change
 * to be identical.
 *
 * The memory model decides where the memmap lives and how big it is, so
 * memblock.reserved legitimately differs between models, and with it
 * every free page count and the placement of everything allocated later.
 * The comparison is therefore in two tiers:
 *
 *  1. Always, between every pair of models that booted: the boot return
 *     code (a panic in a model is recorded, not compared further; a model
 *     answering -MM_EINPUT declines a layout it cannot represent, such as
 *     VMEMMAP over 36-bit memory, and sits the input out; any other
 *     refusal must be unanimous),
 *     memblock.memory, the node span and each zone's start, spanned and
 *     present pages, max_zone_pfn, and the boot's log lines that do not
 *     depend on the memmap's size or place (see differential.c for the
 *     excluded lines; what the operations print follows the free lists,
 *     so it is left to tier 2).  memblock.reserved is not compared across models
 *     with different memmaps: the memmap's size differs, and everything
 *     memblock hands out after it is placed relative to it, so no simple
 *     rule separates a legitimate difference from a bug (each model's own
 *     reservations are checked by buddy_check's PageReserved rule).
 *  2. A second pass boots every model again with the union of all their
 *     reservations, widened to whole pages, reserved in each
 *     (kernel_config.extra_reserved, right before memblock_free_all hands
 *     memory over), so that every model frees the same pages, runs the
 *     same operations, and is compared with every other in full: each
 *     operation's noted result, every free list as a sequence of pfns,
 *     nr_free, NR_FREE_PAGES, NR_FREE_CMA_PAGES, managed pages, watermarks,
 *     lowmem_reserve, totalram/totalhigh/totalcma, /proc/buddyinfo,
 *     /proc/pagetypeinfo, /proc/zoneinfo, memblock.reserved and the whole
 *     log but the memmap's own lines.  Pairs where v6.1's models need not
 *     agree are left out (differential.c, must_agree): mobility grouping
 *     decided differently, and FLATMEM against SPARSEMEM when two zones
 *     share a pageblock; against FLATMEM, /proc/pagetypeinfo's block
 *     counts (SPARSEMEM also counts a present section's hole pageblocks).
 *     The second pass costs four more boots.
 *
 * Classic vs LPAE is not compared: the profiles differ in pageblock order
 * (and LPAE in memblock_region size and THP), which changes the buddy
 * state and the reservations, leaving only memblock.memory and the zone
 * spans — the layout oracle already checks those per format.
 */
#ifndef ORACLE_DIFFERENTIAL_H
#define ORACLE_DIFFERENTIAL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel_watch.h"

struct diff_trace;

/* Record one observable of the current operation (an allocated pfn, a failure marker, ...). */
void diff_note(struct diff_trace *t, uint64_t v);

typedef void (*diff_ops_fn)(struct mm_kernel *k, struct kernel_watch *w, struct diff_trace *t,
			    void *ctx);

/*
 * Boot under each model (cfg->model is ignored; cfg->setup.boot.log is
 * forced on so logs can be compared), each watched by its own kernel
 * watch unless the oracle is off, and call ops(k, w, trace, ctx) after
 * each successful boot (w NULL when the oracle is off).  Returns the number of models that booted, or a
 * negative MM_E* code when every model refused the input with that code
 * (models disagreeing on a refusal is an oracle failure).
 */
int differential_run(const void *fdt, size_t size, const struct kernel_config *cfg,
		     diff_ops_fn ops, void *ctx);

/*
 * Why the last differential_run() had a model refuse or panic: setup's
 * reason, or the "Kernel panic - not syncing: " line of its log; NULL if
 * every model booted.
 */
const char *differential_refusal(void);

/* Number of model pairs compared in full (tier 2) since the process started (tests). */
unsigned long differential_full_pairs(void);

#endif
