/*
 * The hand-over to the buddy allocator and the memory initcalls, recomputed
 * from the watched memblock state and the configuration (shared doc §6-§9,
 * §11), and the boot lines that print their figures:
 *
 *  - per zone, managed pages: the MAX_ORDER blocks memblock_free_all
 *    hands over below max_low_pfn (credited to the zone of each block's
 *    head), free_highpages' pages, and the CMA areas (activated ones by
 *    pageblock, refused ones page by page); totalram, totalhigh,
 *    totalcma; the early managed counts, build_all_zonelists' total and
 *    mobility grouping (off below pageblock_nr_pages × MIGRATE_TYPES);
 *  - min_free_kbytes (computed, or the configured value), the THP bump on
 *    profiles with THP, each zone's min/low/high/promo watermark (the
 *    HighMem clamp) and lowmem_reserve;
 *  - with the log on: "Zone ranges" to "Initmem setup node", "Built 1
 *    zonelists, mobility grouping …  Total pages", "Memory: …", and the THP
 *    "raising min_free_kbytes" line.
 */
#ifndef ORACLE_BOOT_CHECK_H
#define ORACLE_BOOT_CHECK_H

#include "kernel_watch.h"

/* kernel_watch_end(): fill w->counts (cheap: O(MAX_ORDER blocks of free memory)). */
void boot_check_compute(struct kernel_watch *w);
/* The model's counts, totals, watermarks and reserves against w->counts. */
void boot_check_counts(const struct kernel_watch *w);
/* The boot lines above against the log, when the boot kept one that did not overflow. */
void boot_check_log(const struct kernel_watch *w);

#endif
