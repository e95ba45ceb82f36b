/*
 * A fuzz target, independent of the engine.  Each fuzz/target_*.c defines
 * one `const struct fuzz_target`; fuzz/engine_libfuzzer.c and
 * fuzz/engine_afl.c wrap one target per binary, fuzz/replay_main.c links
 * them all (libxml2's fuzz/ layout).
 *
 * run() returns 0 when the input was used, -1 when it was rejected as bad
 * input (a clear, non-crashing rejection).  It aborts only when the oracle
 * finds a broken invariant.  It must leave no state that changes the
 * outcome of the next input.
 */
#ifndef FUZZ_TARGET_H
#define FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

/*
 * Targets schedule their expensive full sweeps (and page_alloc its
 * differential runs) only under a fuzzing engine; the replay driver, and so
 * every ctest replay of corpus/ and repro/, checks every input in full.
 * True in fuzzing builds (fuzz/targets.c); tests of a schedule set it.
 */
extern bool fuzz_scheduled_sweeps;

/*
 * Whether an input is on a one-in-`every` schedule.  Decided from the
 * input's own bytes (FNV-1a), never from process history, so an input gets
 * the same checks, and AFL++ sees the same edges, however often and in
 * whatever order it runs.  Always true when schedules are off (replay).
 */
bool fuzz_input_scheduled(const uint8_t *data, size_t size, unsigned long every, unsigned salt);

struct fuzz_target {
	const char *name;
	int (*run)(const uint8_t *data, size_t size);
	/* Inputs longer than this are ignored by the fuzzing engines (not by replay). */
	size_t max_len;
	/* Optional: a one-line reason for the last rejection. */
	const char *(*last_reject)(void);
	/*
	 * Optional: an input the engines run once before fuzzing, so that the
	 * target's first-use allocations and caches do not show as edges of
	 * whichever input comes first (lost AFL++ stability).
	 */
	const uint8_t *warm_up;
	size_t warm_up_len;
};

extern const struct fuzz_target fuzz_target_dtb_raw;
extern const struct fuzz_target fuzz_target_dtb_struct;
extern const struct fuzz_target fuzz_target_memblock_ops;
extern const struct fuzz_target fuzz_target_layout;
extern const struct fuzz_target fuzz_target_page_alloc;
extern const struct fuzz_target fuzz_target_slub;

/* target_dtb_raw.c, for tests: the boot configuration an input selects. */
struct mm_boot_config;
void dtb_raw_config(const uint8_t *data, size_t size, struct mm_boot_config *cfg);

/* All targets, NULL-terminated (fuzz/targets.c). */
extern const struct fuzz_target *const fuzz_targets[];
const struct fuzz_target *fuzz_target_find(const char *name);
/* The target named by the last component of path that names one (corpus/dtb_raw/x), or NULL. */
const struct fuzz_target *fuzz_target_from_path(const char *path);
/* Run the target's warm-up input (an empty input when it has none) with every check unscheduled. */
void fuzz_warm_up(const struct fuzz_target *t);

#endif
