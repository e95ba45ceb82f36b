/*
 * mmfuzz-stability: the coverage-stability check AFL++ makes while it
 * fuzzes, without AFL++.  After the target's warm-up (what the engines run
 * before fuzzing, fuzz_warm_up), every input of the given files and
 * directories runs twice, in two different orders; an input whose edge
 * coverage (hit counts in AFL++'s buckets) differs between its two runs
 * depends on what ran before it, which AFL++ reports as lost stability and
 * which breaks "same input, same result".
 *
 *   mmfuzz-stability --target NAME PATH...
 *
 * Built only with MMFUZZ_STABILITY=ON (clang): mm/ and fuzz/ are compiled
 * with -fsanitize-coverage=trace-pc-guard and this file supplies the guard
 * callbacks.  The oracle is left out, as in the fuzzing builds.  Exit 0
 * when every input is stable, 1 otherwise (each unstable edge is printed
 * with its source line when the sanitizer runtime can symbolize it).
 */
#include "fuzz_target.h"
#include "input_files.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GUARDS (1u << 16)
#define MAX_INPUTS 8192
#define MAX_REPORTS 8

struct input {
	char *path;
	uint8_t *data;
	size_t size;
	uint8_t *map;		/* bucketed hit counts of the first measured run */
};

static uint32_t nr_guards;
static uint32_t hits[MAX_GUARDS];
static void *guard_pc[MAX_GUARDS];
static struct input inputs[MAX_INPUTS];
static unsigned nr_inputs;

void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop);
void __sanitizer_cov_trace_pc_guard(uint32_t *guard);
void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out, size_t size) __attribute__((weak));

void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop)
{
	if (start == stop || *start)
		return;
	for (uint32_t *g = start; g < stop; g++)
		*g = ++nr_guards < MAX_GUARDS ? nr_guards : 0;
}

void __sanitizer_cov_trace_pc_guard(uint32_t *guard)
{
	uint32_t g = *guard;

	if (!g)
		return;
	if (hits[g] < UINT32_MAX)
		hits[g]++;
	if (!guard_pc[g])
		guard_pc[g] = __builtin_return_address(0);
}

/* AFL++'s hit-count classes: 0, 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
static uint8_t bucket(uint32_t n)
{
	static const uint32_t edges[] = { 1, 2, 3, 4, 8, 16, 32, 128 };
	uint8_t b = 0;

	while (b < 8 && n >= edges[b])
		b++;
	return b;
}

/* input_file_fn: keep the input; an unreadable path ends the run. */
static int add_input(const char *path, int err, void *ctx)
{
	struct input *in;

	(void)ctx;
	if (err == INPUT_NOT_AN_INPUT) {
		printf("skipped %s: not an input\n", path);
		return 0;
	}
	if (err || nr_inputs == MAX_INPUTS) {
		fprintf(stderr, "mmfuzz-stability: %s: %s\n", path, err ? strerror(err) : "too many inputs");
		exit(2);
	}
	in = &inputs[nr_inputs++];
	in->path = strdup(path);
	in->data = read_input(path, &in->size);
	in->map = calloc(MAX_GUARDS, 1);
	if (!in->path || !in->data || !in->map) {
		fprintf(stderr, "mmfuzz-stability: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return 0;
}

static void run(const struct fuzz_target *t, struct input *in)
{
	memset(hits, 0, (nr_guards + 1) * sizeof(*hits));
	t->run(in->data, in->size);
}

static void describe(uint32_t g, char *out, size_t size)
{
	if (__sanitizer_symbolize_pc)
		__sanitizer_symbolize_pc(guard_pc[g], "%F %S", out, size);
	else
		snprintf(out, size, "pc %p", guard_pc[g]);
}

/* Compare the second measured run with the first; report the edges that moved. */
static bool stable(const struct input *in)
{
	unsigned moved = 0;
	char where[512];

	for (uint32_t g = 1; g <= nr_guards && g < MAX_GUARDS; g++) {
		if (in->map[g] == bucket(hits[g]))
			continue;
		if (moved++ < MAX_REPORTS) {
			describe(g, where, sizeof(where));
			printf("unstable: %s: edge %u hit class %u then %u: %s\n", in->path, g,
			       in->map[g], bucket(hits[g]), where);
		}
	}
	return moved == 0;
}

int main(int argc, char **argv)
{
	const struct fuzz_target *t = NULL;
	unsigned bad = 0;
	int i = 1;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: mmfuzz-stability --target NAME PATH...\n"
		       "Runs the target's warm-up, then every input twice in two orders, and names the\n"
		       "source line of each edge whose AFL++ hit-count class differs between the runs.\n");
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--target")) {
		t = fuzz_target_find(argv[2]);
		i = 3;
	}
	if (!t || i >= argc) {
		fprintf(stderr, "usage: mmfuzz-stability --target NAME PATH...\n");
		return 2;
	}
	for (; i < argc; i++)
		walk_inputs(argv[i], add_input, NULL);
	if (!nr_inputs)
		return 0;

	/* as the engines start, then forwards from the middle, then backwards */
	fuzz_warm_up(t);
	for (unsigned k = 0; k < nr_inputs; k++) {
		struct input *in = &inputs[(k + nr_inputs / 2) % nr_inputs];

		run(t, in);
		for (uint32_t g = 1; g <= nr_guards && g < MAX_GUARDS; g++)
			in->map[g] = bucket(hits[g]);
	}
	for (unsigned k = nr_inputs; k-- > 0;) {
		run(t, &inputs[k]);
		bad += !stable(&inputs[k]);
	}
	printf("mmfuzz-stability: %s: %u inputs, %u unstable, %u edges instrumented\n", t->name,
	       nr_inputs, bad, nr_guards);
	return bad ? 1 : 0;
}
