/*
 * Naive MMU oracle: a translation-table walker written from the ARM
 * Architecture Reference Manual (ARMv7-A short-descriptor and LPAE
 * long-descriptor formats), and a checker that compares what the walker
 * sees in simulated physical memory with what the model was asked to map.
 *
 * The walker assumes the CPU state Linux v6.1 programs on ARMv7: TEX remap
 * on (SCTLR.TRE) with PRRR/NMRR (classic) or MAIR0/MAIR1 (LPAE) as
 * proc-v7-2level.S / proc-v7-3level.S set them, every domain a client, the
 * hardware access flag off (an LPAE descriptor with AF clear faults), and
 * swapper_pg_dir covering the whole 4 GiB (no TTBR0/TTBR1 split).
 *
 * The checker keeps the list of mappings the model reported through its
 * mmu observer (paging_init's own and every create_mapping/iotable_init)
 * and checks, at mmu_check_full():
 *  - every 4 KiB of every accepted request translates to the requested PA
 *    with the attributes its mem_type must have (an independent table);
 *  - accepted requests do not overlap in VA, and refusals are the ones
 *    create_mapping must make (user region, page-less types unaligned,
 *    classic supersection rules);
 *  - every mapped address is covered by some accepted request;
 *  - the linear map: exactly the usable (memblock.memory, not NOMAP) memory
 *    below arm_lowmem_limit, plus the kernel's section-rounded image, is
 *    mapped at __va(pa); only the kernel's text/init sections are executable;
 *  - __va/__pa round-trip over lowmem.
 */
#ifndef ORACLE_MMU_CHECK_H
#define ORACLE_MMU_CHECK_H

#include "mmu.h"

enum mmu_mem_class {
	MEMC_STRONGLY_ORDERED,
	MEMC_DEVICE,
	MEMC_NORMAL_UNCACHED,
	MEMC_NORMAL_CACHED,
};

struct mmu_walk {
	bool fault;
	const char *why;	/* what faulted, or which descriptor translated */
	phys_addr_t pa;
	uint64_t unit;		/* bytes the final descriptor covers (fault or not), aligned */
	bool kread, kwrite, kexec, uread, uwrite;
	enum mmu_mem_class mem;
};

/* Translate va through the tables rooted at pgd_phys, as the MMU would for a kernel access. */
void mmu_walk(const struct phys_mem *pm, enum pgtable_format fmt, phys_addr_t pgd_phys,
	      uint32_t va, struct mmu_walk *w);

const char *mmu_mem_class_name(enum mmu_mem_class c);

struct mmu_check;

struct mmu_check *mmu_check_new(void);
void mmu_check_free(struct mmu_check *c);
/* Forget the recorded requests (before paging_init of the next input). */
void mmu_check_reset(struct mmu_check *c);

/* mmu_observer_fn: pass as the model's observer with ctx = the checker. */
void mmu_check_observe(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx);

/*
 * Accepted requests so far, and whether [va, va + len) touches one (or a
 * 16 MiB slot of classic supersections that map nothing: their fault
 * entries still take the slot).
 */
unsigned mmu_check_nr_requests(const struct mmu_check *c);
bool mmu_check_va_used(const struct mmu_check *c, uint64_t va, uint64_t len);

/* Every check listed above, from scratch. */
void mmu_check_full(struct mmu_check *c, const struct mm_mmu *mmu);

#endif
