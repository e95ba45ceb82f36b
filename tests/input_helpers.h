/*
 * Test-only: the inputs of a corpus/ or repro/ folder, found and read by
 * the replay driver's own rule (fuzz/input_files.h), so a test sees what
 * mmfuzz-replay sees.  A folder that is missing, unreadable or holds no
 * input fails the calling case.  Include test.h first (CHECK macros).
 * Header-only because every tests/test_*.c is its own executable.
 */
#ifndef TESTS_INPUT_HELPERS_H
#define TESTS_INPUT_HELPERS_H

#include <errno.h>

#include "fuzz/input_files.h"

/* name is the file's path below the folder. */
typedef void (*each_input_fn)(const char *name, const uint8_t *data, size_t len, void *ctx);

struct each_input {
	const char *dir;
	each_input_fn fn;
	void *ctx;
	int nr;
};

/* input_file_fn: read the input and hand it on; anything unreadable fails the case. */
static inline int each_input_visit(const char *path, int err, void *ctx)
{
	struct each_input *e = ctx;
	uint8_t *data;
	size_t len;

	if (err == INPUT_NOT_AN_INPUT)
		return 0;
	data = err ? NULL : read_input(path, &len);
	if (!data) {
		fprintf(stderr, "  %s: %s\n", path, strerror(err ? err : errno));
		CHECK(data != NULL);
		return 0;
	}
	e->fn(path + strlen(e->dir) + 1, data, len, e->ctx);
	e->nr++;
	free(data);
	return 0;
}

/* fn on every input under MMFUZZ_SOURCE_DIR/rel_dir, in name order; returns how many. */
static inline int for_each_input(const char *rel_dir, each_input_fn fn, void *ctx)
{
	char dir[1024];
	struct each_input e = { dir, fn, ctx, 0 };

	snprintf(dir, sizeof(dir), "%s/%s", MMFUZZ_SOURCE_DIR, rel_dir);
	walk_inputs(dir, each_input_visit, &e);
	if (!e.nr)
		fprintf(stderr, "  no inputs in %s\n", rel_dir);
	CHECK(e.nr > 0);
	return e.nr;
}

/* The input at MMFUZZ_SOURCE_DIR/rel_path (malloc'd), or NULL after failing the case. */
static inline uint8_t *read_source_input(const char *rel_path, size_t *len)
{
	char path[1024];
	uint8_t *data;

	snprintf(path, sizeof(path), "%s/%s", MMFUZZ_SOURCE_DIR, rel_path);
	data = read_input(path, len);
	if (!data)
		fprintf(stderr, "  %s: %s\n", rel_path, strerror(errno));
	CHECK(data != NULL);
	return data;
}

#endif
