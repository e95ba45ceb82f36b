/*
 * /sys/kernel/debug/kernel_page_tables (Linux v6.1 arch/arm/mm/dump.c:
 * address_markers, pte_bits, section_bits, note_page, walk_pgd/pud/pmd/pte,
 * get_domain_name).  Same walk, same merging rule (a line ends when the
 * masked attributes, the level, the classic domain change or a marker is
 * crossed), same text: level name ("PGD" classic, "PMD" LPAE, "PTE") and
 * the classic domain after the size.
 *
 * Departures: CONFIG_KASAN markers are absent (Debian's armmp has no
 * KASAN); the output goes to a bounded buffer instead of a seq_file.
 */
#include <stdarg.h>
#include <stdio.h>

#include "pgtable.h"

struct prot_bits {
	uint64_t mask, val;
	const char *set, *clear;
};

static const struct prot_bits classic_pte_bits[] = {
	{ L_PTE_USER, L_PTE_USER, "USR", "   " },
	{ L_PTE_RDONLY, L_PTE_RDONLY, "ro", "RW" },
	{ L_PTE_XN, L_PTE_XN, "NX", "x " },
	{ L_PTE_SHARED, L_PTE_SHARED, "SHD", "   " },
	{ L_PTE_MT_MASK, L_PTE_MT_UNCACHED, "SO/UNCACHED", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_BUFFERABLE, "MEM/BUFFERABLE/WC", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_WRITETHROUGH, "MEM/CACHED/WT", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_WRITEBACK, "MEM/CACHED/WBRA", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_MINICACHE, "MEM/MINICACHE", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_WRITEALLOC, "MEM/CACHED/WBWA", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_DEV_SHARED, "DEV/SHARED", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_DEV_NONSHARED, "DEV/NONSHARED", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_DEV_WC, "DEV/WC", NULL },
	{ L_PTE_MT_MASK, L_PTE_MT_DEV_CACHED, "DEV/CACHED", NULL },
};

static const struct prot_bits lpae_pte_bits[] = {
	{ LPAE_AP_USER, LPAE_AP_USER, "USR", "   " },
	{ LPAE_SW_RDONLY, LPAE_SW_RDONLY, "ro", "RW" },
	{ LPAE_XN, LPAE_XN, "NX", "x " },
	{ LPAE_SH_INNER, LPAE_SH_INNER, "SHD", "   " },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_UNCACHED, "SO/UNCACHED", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_BUFFERABLE, "MEM/BUFFERABLE/WC", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_WRITETHROUGH, "MEM/CACHED/WT", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_WRITEBACK, "MEM/CACHED/WBRA", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_WRITEALLOC, "MEM/CACHED/WBWA", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_DEV_SHARED, "DEV/SHARED", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_DEV_WC, "DEV/WC", NULL },
	{ LPAE_ATTRINDX_MASK, LPAE_MT_DEV_CACHED, "DEV/CACHED", NULL },
};

#define CLASSIC_AP_MASK (L1_SECT_APX | L1_SECT_AP_READ | L1_SECT_AP_WRITE)

static const struct prot_bits classic_section_bits[] = {
	{ CLASSIC_AP_MASK, L1_SECT_APX | L1_SECT_AP_WRITE, "    ro", NULL },
	{ CLASSIC_AP_MASK, L1_SECT_AP_WRITE, "    RW", NULL },
	{ CLASSIC_AP_MASK, L1_SECT_AP_READ, "USR ro", NULL },
	{ CLASSIC_AP_MASK, L1_SECT_AP_READ | L1_SECT_AP_WRITE, "USR RW", NULL },
	{ L1_SECT_XN, L1_SECT_XN, "NX", "x " },
	{ L1_SECT_S, L1_SECT_S, "SHD", "   " },
};

static const struct prot_bits lpae_section_bits[] = {
	{ LPAE_AP_USER, LPAE_AP_USER, "USR", NULL },
	{ LPAE_SW_RDONLY | LPAE_AP2, LPAE_SW_RDONLY | LPAE_AP2, "ro", "RW" },
	{ LPAE_XN, LPAE_XN, "NX", "x " },
	{ LPAE_SH_INNER, LPAE_SH_INNER, "SHD", "   " },
};

/* note_page levels: 1 pgd, 2 p4d, 3 pud, 4 pmd, 5 pte. */
enum { LVL_PGD = 1, LVL_PUD = 3, LVL_PMD = 4, LVL_PTE = 5 };

struct pg_level {
	const char *name;
	const struct prot_bits *bits;
	size_t num;
	uint64_t mask;
};

struct marker {
	uint32_t start;
	const char *name;
};

struct pg_state {
	char *buf;
	size_t cap, len;
	struct pg_level level[6];
	struct marker markers[9];
	const struct marker *marker;
	uint32_t start_address;
	unsigned int cur_level;
	uint64_t current_prot;
	const char *current_domain;
};

static void out(struct pg_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(struct pg_state *st, const char *fmt, ...)
{
	va_list ap;
	size_t room = st->len < st->cap ? st->cap - st->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? st->buf + st->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		st->len += (size_t)n;
}

static void dump_prot(struct pg_state *st, const struct pg_level *lvl)
{
	for (size_t i = 0; i < lvl->num; i++) {
		const struct prot_bits *b = &lvl->bits[i];
		const char *s = (st->current_prot & b->mask) == b->val ? b->set : b->clear;

		if (s)
			out(st, " %s", s);
	}
}

static void note_page(struct pg_state *st, uint32_t addr, unsigned int level, uint64_t val,
		      const char *domain)
{
	static const char units[] = "KMGTPE";
	uint64_t prot = val & st->level[level].mask;

	if (!st->cur_level) {
		st->cur_level = level;
		st->current_prot = prot;
		st->current_domain = domain;
		out(st, "---[ %s ]---\n", st->marker->name);
		return;
	}
	if (prot == st->current_prot && level == st->cur_level && domain == st->current_domain &&
	    addr < st->marker[1].start)
		return;
	if (st->current_prot) {
		const char *unit = units;
		uint32_t delta = (addr - st->start_address) >> 10;

		out(st, "0x%08lx-0x%08lx   ", (unsigned long)st->start_address, (unsigned long)addr);
		while (!(delta & 1023) && unit[1]) {
			delta >>= 10;
			unit++;
		}
		out(st, "%9lu%c %s", (unsigned long)delta, *unit,
		    st->level[st->cur_level].name ? st->level[st->cur_level].name : "(null)");
		if (st->current_domain)
			out(st, " %s", st->current_domain);
		if (st->level[st->cur_level].bits)
			dump_prot(st, &st->level[st->cur_level]);
		out(st, "\n");
	}
	if (addr >= st->marker[1].start) {
		st->marker++;
		out(st, "---[ %s ]---\n", st->marker->name);
	}
	st->start_address = addr;
	st->current_prot = prot;
	st->current_domain = domain;
	st->cur_level = level;
}

static const char *domain_name(uint32_t l1)
{
	switch ((l1 & L1_DOMAIN_MASK) >> 5) {
	case DOMAIN_KERNEL: return "KERNEL ";
	case DOMAIN_USER: return "USER   ";
	case DOMAIN_IO: return "IO     ";
	case DOMAIN_VECTORS: return "VECTORS";
	default: return "unknown";
	}
}

static void walk_classic(const struct mm_mmu *mmu, struct pg_state *st)
{
	for (uint32_t i = 0; i < 2048; i++) {
		uint32_t addr = i << 21;
		phys_addr_t pmdp = mmu->pgd_phys + (phys_addr_t)i * 8;
		uint32_t pmd = phys_read32(mmu->pm, pmdp), pmd1 = phys_read32(mmu->pm, pmdp + 4);
		const char *domain = domain_name(pmd);

		/* pmd_none || pmd_large || !pmd_present, all on the first slot */
		if (pmd == 0 || (pmd & 2)) {
			note_page(st, addr, LVL_PMD, pmd, domain);
		} else {
			phys_addr_t table = pmd & ~0xfffu;

			for (uint32_t j = 0; j < 512; j++)
				note_page(st, addr + (j << 12), LVL_PTE,
					  phys_read32(mmu->pm, table + j * 4), domain);
		}
		if (pmd1 & 2)
			note_page(st, addr + (1u << 20), LVL_PMD, pmd1, domain_name(pmd1));
	}
}

static void walk_lpae(const struct mm_mmu *mmu, struct pg_state *st)
{
	for (uint32_t i = 0; i < 4; i++) {
		uint64_t pgd = phys_read64(mmu->pm, mmu->pgd_phys + (phys_addr_t)i * 8);
		phys_addr_t pmdt = pgd & LPAE_PHYS_MASK & ~0xfffULL;

		if (!pgd) {
			note_page(st, i << 30, LVL_PUD, pgd, NULL);
			continue;
		}
		for (uint32_t j = 0; j < 512; j++) {
			uint32_t addr = (i << 30) + (j << 21);
			uint64_t pmd = phys_read64(mmu->pm, pmdt + (phys_addr_t)j * 8);

			/* pmd_none || pmd_sect || !present (valid bit) */
			if (!pmd || (pmd & LPAE_TYPE_MASK) == LPAE_TYPE_SECT || !(pmd & LPAE_VALID)) {
				note_page(st, addr, LVL_PMD, pmd, NULL);
				continue;
			}
			for (uint32_t k = 0; k < 512; k++)
				note_page(st, addr + (k << 12), LVL_PTE,
					  phys_read64(mmu->pm, (pmd & LPAE_PHYS_MASK & ~0xfffULL) + k * 8),
					  NULL);
		}
	}
}

static void init_levels(const struct mm_mmu *mmu, struct pg_state *st)
{
	bool lpae = mmu->format == PGTABLE_LPAE;
	struct pg_level *pmd = &st->level[LVL_PMD], *pte = &st->level[LVL_PTE];

	pmd->name = lpae ? "PMD" : "PGD";
	pmd->bits = lpae ? lpae_section_bits : classic_section_bits;
	pmd->num = lpae ? MM_ARRAY_SIZE(lpae_section_bits) : MM_ARRAY_SIZE(classic_section_bits);
	pte->name = "PTE";
	pte->bits = lpae ? lpae_pte_bits : classic_pte_bits;
	pte->num = lpae ? MM_ARRAY_SIZE(lpae_pte_bits) : MM_ARRAY_SIZE(classic_pte_bits);
	for (int l = LVL_PMD; l <= LVL_PTE; l++)
		for (size_t i = 0; i < st->level[l].num; i++)
			st->level[l].mask |= st->level[l].bits[i].mask;
}

size_t mmu_ptdump(const struct mm_mmu *mmu, char *buf, size_t cap)
{
	const struct arm_layout *l = mmu->layout;
	struct pg_state st = {
		.buf = buf,
		.cap = cap,
		.markers = {
			{ l->modules_vaddr, "Modules" },
			{ l->page_offset, "Kernel Mapping" },
			{ l->vmalloc_start, "vmalloc() Area" },
			{ 0xff800000u, "FDT Area" },
			{ l->fixaddr_start, "Fixmap Area" },
			{ 0xffff0000u, "Vectors" },
			{ 0xffff0000u + 2 * (uint32_t)PAGE_SIZE, "Vectors End" },
			{ 0xffffffffu, NULL },
		},
	};

	st.marker = st.markers;
	init_levels(mmu, &st);
	if (mmu->format == PGTABLE_LPAE)
		walk_lpae(mmu, &st);
	else
		walk_classic(mmu, &st);
	note_page(&st, 0, 0, 0, NULL);
	if (cap)
		buf[st.len < cap ? st.len : cap - 1] = '\0';
	return st.len;
}
