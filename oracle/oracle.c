/* See oracle.h: failure reporting shared by every checker. */
#include "oracle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int oracle_level = ORACLE_FULL;

static oracle_fail_handler fail_handler;
static unsigned nr_failures;
static char last_failure[512];

void oracle_set_fail_handler(oracle_fail_handler h)
{
	fail_handler = h;
}

void oracle_fail(const char *invariant, uint64_t addr, uint64_t expected, uint64_t actual,
		 const char *detail_fmt, ...)
{
	char detail[256];
	va_list ap;

	va_start(ap, detail_fmt);
	vsnprintf(detail, sizeof(detail), detail_fmt, ap);
	va_end(ap);
	snprintf(last_failure, sizeof(last_failure),
		 "ORACLE: %s: at 0x%llx: expected 0x%llx, actual 0x%llx (%s)", invariant,
		 (unsigned long long)addr, (unsigned long long)expected,
		 (unsigned long long)actual, detail);
	nr_failures++;
	if (fail_handler) {
		fail_handler(last_failure);
		return;
	}
	fprintf(stderr, "%s\n", last_failure);
	abort();
}

unsigned oracle_failures(void)
{
	return nr_failures;
}

void oracle_reset_failures(void)
{
	nr_failures = 0;
	last_failure[0] = '\0';
}

const char *oracle_last_failure(void)
{
	return last_failure;
}

void *oracle_grow(void *p, unsigned long *cap, unsigned long need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = need > 2 * *cap ? need : 2 * *cap;
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}
