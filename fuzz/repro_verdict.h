/*
 * A regression input's expected verdict: the first line of NAME.desc beside
 * the input NAME (repro/README.md), either
 *
 *	expect: ok
 *	expect: rejected REASON
 *
 * where REASON is a prefix of what the target's last_reject() must say.
 * mmfuzz-replay --expect holds every input to it, so a repro that a newer
 * rule refuses before it reaches its bug fails instead of passing.
 */
#ifndef FUZZ_REPRO_VERDICT_H
#define FUZZ_REPRO_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#define VERDICT_REASON_MAX 256

struct repro_verdict {
	bool rejected;
	char reason[VERDICT_REASON_MAX];	/* prefix; set when rejected */
};

/*
 * Read the verdict of the input at `input_path` from `input_path`.desc.
 * Returns 0, or -1 with `why` (why_len bytes) saying what is missing or
 * malformed.
 */
int repro_verdict_read(const char *input_path, struct repro_verdict *v, char *why, size_t why_len);

/* Parse one line (without its newline); 0, or -1 when it is not a verdict. */
int repro_verdict_parse(const char *line, struct repro_verdict *v);

/* Did a run that returned `rejected` with `reason` (NULL for none) give the verdict? */
bool repro_verdict_matches(const struct repro_verdict *v, bool rejected, const char *reason);

#endif
