/*
 * Common machinery of the naive reference oracle.  The oracle only reads
 * mm/'s public headers; when the model breaks an invariant it reports the
 * invariant, the address and the expected vs actual value, then aborts
 * (or, in bite tests, calls the installed handler).
 */
#ifndef ORACLE_H
#define ORACLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Assertion levels (mimalloc style): CHEAP checks run after every
 * operation; FULL sweeps recompute everything from scratch.  Fuzz targets
 * schedule the FULL sweeps (fuzz/harness_common.h, each target's comment,
 * docs/fuzz-input-format.md), never less than once per input or, for the
 * per-pfn sweep of large boards, on a credit that covers every pfn.
 */
enum oracle_level { ORACLE_OFF = 0, ORACLE_CHEAP = 1, ORACLE_FULL = 2 };

extern int oracle_level;

typedef void (*oracle_fail_handler)(const char *message);

/* Install a handler (tests); NULL restores the default: print to stderr and abort(). */
void oracle_set_fail_handler(oracle_fail_handler h);

/*
 * Report a broken invariant.  Message format (one line):
 *   ORACLE: <invariant>: at 0x<addr>: expected 0x<exp>, actual 0x<act> (<detail>)
 * Returns only if a test handler returns.
 */
void oracle_fail(const char *invariant, uint64_t addr, uint64_t expected, uint64_t actual,
		 const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Number of failures reported since the last oracle_reset_failures(). */
unsigned oracle_failures(void);
void oracle_reset_failures(void);
/* Text of the last failure message (empty if none). */
const char *oracle_last_failure(void);

/* Room for need elements of elem bytes in p (capacity *cap, doubling); aborts when out of memory. */
void *oracle_grow(void *p, unsigned long *cap, unsigned long need, size_t elem);

#endif
