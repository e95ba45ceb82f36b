/*
 * Early parameters that change memory: Linux v6.1 init/main.c
 * parse_early_param/do_early_param, kernel/params.c parse_args/next_arg,
 * lib/cmdline.c memparse, lib/kstrtox.c (simple_strtoull's radix and digit
 * rules), arch/arm/kernel/setup.c early_mem/arm_add_memory,
 * arch/arm/mm/mmu.c early_vmalloc, kernel/dma/contiguous.c early_cma,
 * mm/memblock.c early_memblock; init/main.c obsolete_checksetup and
 * kernel/params.c parameqn for SLUB's __setup parameters (slub_debug,
 * slub_min_order=, slub_max_order=, slub_min_objects=, slab/slub_[no]merge),
 * whose handlers mm/slub_boot.c runs.
 *
 * Departures: parsing and acting are split (parse_early_params() records,
 * apply_mem_params() replays in command-line order); a bare `mem` or
 * `vmalloc` (no '=') is ignored where the kernel would dereference NULL;
 * at most CMDLINE_MAX_MEM mem= are honoured; vmalloc= is recorded raw and
 * its clamping messages are left to the layout layer.
 */
#include "cmdline.h"

#include <stdio.h>
#include <string.h>

#include "mm_errno.h"
#include "printk.h"

/* The kernel's isspace(): ASCII white space plus Latin-1 NBSP (0xa0). */
static bool kisspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static char *skip_spaces(char *s)
{
	while (kisspace((unsigned char)*s))
		s++;
	return s;
}

/* simple_strtoull(s, end, 0): radix from the prefix, no sign, wraps on overflow. */
static uint64_t strtoull_base0(const char *s, const char **end)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0') {
		bool hex = (s[1] | 0x20) == 'x' &&
			   ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'));

		base = hex ? 16 : 8;
		if (hex)
			s += 2;
	}
	for (;; s++) {
		unsigned int c = (unsigned char)*s, lc = c | 0x20, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			d = lc - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	*end = s;
	return v;
}

uint64_t memparse(const char *s, const char **end)
{
	const char *e;
	uint64_t v = strtoull_base0(s, &e);
	int shift = 0;

	switch (*e) {
	case 'E': case 'e': shift = 60; break;
	case 'P': case 'p': shift = 50; break;
	case 'T': case 't': shift = 40; break;
	case 'G': case 'g': shift = 30; break;
	case 'M': case 'm': shift = 20; break;
	case 'K': case 'k': shift = 10; break;
	default: break;
	}
	if (shift) {
		v <<= shift;
		e++;
	}
	if (end)
		*end = e;
	return v;
}

/* next_arg(): split off one param[=val], honouring double quotes, in place. */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (kisspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

static void early_mem(struct early_params *ep, const char *val)
{
	struct cmdline_mem *m;
	const char *end;

	if (!val || ep->nr_mem == CMDLINE_MAX_MEM)
		return;
	m = &ep->mem[ep->nr_mem++];
	m->size = memparse(val, &end);
	m->has_start = *end == '@';
	m->start = m->has_start ? memparse(end + 1, NULL) : 0;
}

/* early_cma(): the kernel keeps base/limit from an earlier cma= when a later one omits them. */
static void early_cma(struct early_params *ep, const char *val)
{
	const char *p;

	if (!val) {
		if (ep->cma_noval_after[ep->nr_mem] < 255)
			ep->cma_noval_after[ep->nr_mem]++;
		return;
	}
	ep->has_cma = true;
	ep->cma_size = memparse(val, &p);
	if (*p == '@') {
		ep->cma_base = memparse(p + 1, &p);
		if (*p != '-')
			ep->cma_limit = ep->cma_base + ep->cma_size;
		else
			ep->cma_limit = memparse(p + 1, &p);
	}
	ep->cma_fixed = ep->cma_base + ep->cma_size == ep->cma_limit;
}

static void do_early_param(struct early_params *ep, const char *param, const char *val)
{
	if (strcmp(param, "mem") == 0) {
		early_mem(ep, val);
	} else if (strcmp(param, "memblock") == 0) {
		if (val && strstr(val, "debug") && !ep->memblock_debug) {
			ep->memblock_debug = true;
			ep->mem_before_debug = ep->nr_mem;
		}
	} else if (strcmp(param, "cma") == 0) {
		early_cma(ep, val);
	} else if (strcmp(param, "vmalloc") == 0 && val) {
		ep->has_vmalloc = true;
		ep->vmalloc_size = memparse(val, NULL);
	}
}

/* parameqn() as a prefix test: param starts with name, '-' and '_' alike; the rest of param, or NULL. */
static const char *param_prefix(const char *param, const char *name)
{
	for (; *name; param++, name++)
		if (*param != *name && !((*param == '-' || *param == '_') && (*name == '-' || *name == '_')))
			return NULL;
	return param;
}

/* get_option()'s integer: simple_strtol, base from the prefix; the value is left alone without digits. */
static void get_int_option(const char *s, long *v)
{
	const char *end;
	bool neg = *s == '-';
	uint64_t x = strtoull_base0(s + neg, &end);

	if (end != s + neg)
		*v = neg ? -(long)(int)x : (long)(int)x;
}

/* SLUB's __setup handlers, as obsolete_checksetup() finds them (param=val joined again). */
static void do_slub_setup(struct early_params *ep, const char *param, const char *val)
{
	char line[1040];	/* a whole parameter of the 1024-byte command line */
	const char *rest;

	snprintf(line, sizeof(line), "%s%s%s", param, val ? "=" : "", val ? val : "");
	if ((rest = param_prefix(line, "slub_debug"))) {
		if (ep->nr_slub_debug < CMDLINE_MAX_SLUB_DEBUG)
			snprintf(ep->slub_debug[ep->nr_slub_debug++], CMDLINE_SLUB_DEBUG_LEN, "%s", rest);
	} else if ((rest = param_prefix(line, "slub_min_order="))) {
		get_int_option(rest, &ep->slub_min_order);
	} else if ((rest = param_prefix(line, "slub_max_order="))) {
		get_int_option(rest, &ep->slub_max_order);
	} else if ((rest = param_prefix(line, "slub_min_objects="))) {
		get_int_option(rest, &ep->slub_min_objects);
	} else if (param_prefix(line, "slub_nomerge") || param_prefix(line, "slab_nomerge")) {
		ep->slab_merge = 0;
	} else if (param_prefix(line, "slub_merge") || param_prefix(line, "slab_merge")) {
		ep->slab_merge = 1;
	}
}

void parse_early_params(const char *cmdline, struct early_params *ep)
{
	char buf[1024];		/* COMMAND_LINE_SIZE: parse_early_param's tmp_cmdline */
	char *args, *param, *val;
	size_t n = strnlen(cmdline, sizeof(buf) - 1);

	memset(ep, 0, sizeof(*ep));
	ep->slub_min_order = ep->slub_max_order = ep->slub_min_objects = CMDLINE_NOT_GIVEN;
	ep->slab_merge = -1;
	memcpy(buf, cmdline, n);
	buf[n] = '\0';
	args = skip_spaces(buf);
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!val && strcmp(param, "--") == 0)
			break;
		do_early_param(ep, param, val);
		do_slub_setup(ep, param, val);
	}
}

static void log_cma_noval(const struct early_params *ep, struct memblock *mb, int pos)
{
	for (int i = 0; i < ep->cma_noval_after[pos]; i++) {
		mm_printk(mb->log, "cma: Config string not provided\n");
		mm_printk(mb->log, "Malformed early option 'cma'\n");
	}
}

int arm_add_memory(struct memblock *mb, uint64_t start, uint64_t size, phys_addr_t phys_offset)
{
	const bool classic = mb->phys_max == PHYS_MAX_32;
	const uint64_t ulong_max = 0xffffffffULL;
	const uint64_t phys_off = phys_offset & mb->phys_max;
	uint64_t aligned_start = (start + PAGE_SIZE - 1) & PAGE_MASK;

	if (aligned_start > start + size)
		size = 0;
	else
		size -= aligned_start - start;

	if (classic) {
		if (aligned_start > ulong_max) {
			mm_printk(mb->log, "Ignoring memory at 0x%08llx outside 32-bit physical address space\n",
				  (unsigned long long)start);
			return -MM_EINVAL;
		}
		if (aligned_start + size > ulong_max) {
			mm_printk(mb->log, "Truncating memory at 0x%08llx to fit in 32-bit physical address space\n",
				  (unsigned long long)start);
			size = ulong_max - aligned_start;
		}
	}

	if (aligned_start < phys_off) {
		if (aligned_start + size <= phys_off) {
			mm_printk(mb->log, "Ignoring memory below PHYS_OFFSET: 0x%08llx-0x%08llx\n",
				  (unsigned long long)aligned_start,
				  (unsigned long long)(aligned_start + size));
			return -MM_EINVAL;
		}
		mm_printk(mb->log, "Ignoring memory below PHYS_OFFSET: 0x%08llx-0x%08llx\n",
			  (unsigned long long)aligned_start, (unsigned long long)phys_off);
		size -= phys_off - aligned_start;
		aligned_start = phys_off;
	}

	/* ~(phys_addr_t)(PAGE_SIZE - 1) is a 32-bit mask on a classic build. */
	size &= mb->phys_max & PAGE_MASK;
	if (size == 0)
		return -MM_EINVAL;
	mb->dbg_caller = "arm_add_memory";
	memblock_add(mb, aligned_start, size);
	return 0;
}

void apply_mem_params(const struct early_params *ep, struct memblock *mb, phys_addr_t phys_offset)
{
	for (int i = 0; i < ep->nr_mem; i++) {
		const struct cmdline_mem *m = &ep->mem[i];

		log_cma_noval(ep, mb, i);
		mb->debug = ep->memblock_debug && i >= ep->mem_before_debug;
		if (i == 0) {
			phys_addr_t start = memblock_start_of_DRAM(mb);

			mb->dbg_caller = "early_mem";
			memblock_remove(mb, start, memblock_end_of_DRAM(mb) - start);
		}
		arm_add_memory(mb, m->has_start ? m->start : phys_offset, m->size, phys_offset);
	}
	log_cma_noval(ep, mb, ep->nr_mem);
	mb->debug = ep->memblock_debug;
}
