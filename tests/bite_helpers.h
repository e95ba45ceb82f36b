/*
 * Test-only: bite tests through a fuzz target.  run_target() runs one
 * input with every oracle report collected in `messages`; bite() runs it
 * with a bug switched on (the oracle must name every given text) and off
 * (it must stay silent), and switches the bug off again;
 * bites_cover() checks that every bug whose name starts with `prefix` is
 * in `covered`.  Include test.h first (CHECK macros).  Header-only because
 * every tests/test_*.c is its own executable.
 */
#ifndef TESTS_BITE_HELPERS_H
#define TESTS_BITE_HELPERS_H

#include <stdarg.h>

#include "bugs.h"
#include "fuzz_target.h"
#include "oracle.h"

static char messages[16384];

static void record_all(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

/* Run one input through a target; returns the number of oracle failures. */
static inline unsigned run_target(const char *target, const uint8_t *in, size_t len)
{
	const struct fuzz_target *t = fuzz_target_find(target);

	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record_all);
	CHECK(t != NULL);
	if (t)
		t->run(in, len);
	oracle_set_fail_handler(NULL);
	return oracle_failures();
}

/* With the bug on the oracle names each text (NULL-terminated list); with it off the input is silent. */
static inline void bite(const char *target, enum mm_bug bug, const uint8_t *in, size_t len, ...)
{
	va_list ap;
	const char *text;

	mm_bug_set(bug, true);
	CHECK(run_target(target, in, len) > 0);
	va_start(ap, len);
	while ((text = va_arg(ap, const char *))) {
		if (!strstr(messages, text))
			fprintf(stderr, "  %s: expected '%s' in:\n%s", mm_bug_name(bug), text, messages);
		CHECK(strstr(messages, text) != NULL);
	}
	va_end(ap);
	mm_bug_set(bug, false);
	CHECK_EQ(run_target(target, in, len), 0);
	if (oracle_failures())
		fprintf(stderr, "  %s off:\n%s", mm_bug_name(bug), messages);
}

static inline void bites_cover(const char *prefix, const enum mm_bug *covered, size_t nr)
{
	for (int b = MM_BUG_NONE + 1; b < MM_BUG_NR; b++) {
		const char *name = mm_bug_name((enum mm_bug)b);
		bool found = false;

		if (strncmp(name, prefix, strlen(prefix)) != 0)
			continue;
		for (size_t i = 0; i < nr; i++)
			found |= covered[i] == (enum mm_bug)b;
		if (!found)
			fprintf(stderr, "  no bite test for %s\n", name);
		CHECK(found);
	}
	CHECK_EQ(mm_bugs_enabled, 0);
}

#endif
