/*
 * Records oracle failures instead of aborting, for tests that check what
 * the oracle says: start_recording() installs the handler, nr_msgs counts
 * the reports and first_msg keeps the first one.
 */
#ifndef MMFUZZ_ORACLE_RECORDER_H
#define MMFUZZ_ORACLE_RECORDER_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "oracle/oracle.h"

static char first_msg[512];
static unsigned nr_msgs;

static void record(const char *msg)
{
	if (nr_msgs++ == 0)
		snprintf(first_msg, sizeof(first_msg), "%s", msg);
}

static void start_recording(void)
{
	nr_msgs = 0;
	first_msg[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
}

/* True when the first report names invariant; says what came instead otherwise. */
static inline bool first_names(const char *invariant)
{
	if (nr_msgs && strstr(first_msg, invariant))
		return true;
	fprintf(stderr, "  expected \"%s\", got %u message(s): %s\n", invariant, nr_msgs,
		first_msg);
	return false;
}

#endif
