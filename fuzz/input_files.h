/*
 * Saved inputs on disk, read the same way by the replay driver,
 * mmfuzz-stability and the AFL++ driver's file mode.
 */
#ifndef FUZZ_INPUT_FILES_H
#define FUZZ_INPUT_FILES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Called per input file; err is 0, or an errno value when `path` (a file or
 * directory) could not be read or named.  A nonzero return stops the walk.
 */
typedef int (*input_file_fn)(const char *path, int err, void *ctx);

/*
 * fn on path when it is a file, else on every file under it, recursively,
 * names in byte order, skipping dotfiles and notes (*.md, *.txt, *.desc).
 * Returns the first nonzero fn result, else 0.
 */
int walk_inputs(const char *path, input_file_fn fn, void *ctx);

/* The whole file in a malloc'd buffer (never NULL for an empty file), or NULL with errno set. */
uint8_t *read_input(const char *path, size_t *len);

#endif
