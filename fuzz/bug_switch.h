/*
 * Turning deliberate bugs (mm/sim/bugs.h) on, and the oracle down, from a
 * command line or the environment, shared by the engines and the replay
 * driver.
 */
#ifndef FUZZ_BUG_SWITCH_H
#define FUZZ_BUG_SWITCH_H

#include <stdio.h>

/* Enable every bug named in a comma-separated list; -1 (and a message) on an unknown name. */
int fuzz_enable_bugs(const char *list);

/* Every bug name, one per line. */
void fuzz_list_bugs(FILE *out);

/* Same for the MMFUZZ_BUG environment variable; 0 when it is unset. */
int fuzz_enable_bugs_from_env(void);

/*
 * MMFUZZ_ORACLE=off|cheap|full sets oracle_level for a whole run (to
 * measure what the oracle costs); 0 when unset, -1 (and a message) on
 * another value.
 */
int fuzz_oracle_level_from_env(void);

#endif
