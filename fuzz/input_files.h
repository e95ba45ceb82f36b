/*
 * Saved inputs on disk, found and read the same way by the replay driver,
 * mmfuzz-stability, the AFL++ driver's file mode and the tests.
 */
#ifndef FUZZ_INPUT_FILES_H
#define FUZZ_INPUT_FILES_H

#include <stddef.h>
#include <stdint.h>

/* input_file_fn's err for a file a walk skipped as not an input (errno values are positive). */
#define INPUT_NOT_AN_INPUT (-1)

/*
 * Called per file; err is 0 for an input, an errno value when `path` (a
 * file or directory) could not be read or named, or INPUT_NOT_AN_INPUT.
 * A nonzero return stops the walk.
 */
typedef int (*input_file_fn)(const char *path, int err, void *ctx);

/*
 * fn on path when it is a file (whatever its name: it was asked for), else
 * on every file under it, recursively, names in byte order.  Inside a
 * directory an input has no extension or ends in .dtb or .bin (the names
 * seeds, repro cases and the engines' finds take); dotfiles and notes
 * (*.md, *.txt, *.desc) are passed over; anything else (a .tsv census, a
 * log) reaches fn as INPUT_NOT_AN_INPUT, for the caller to say so.
 * Returns the first nonzero fn result, else 0.
 */
int walk_inputs(const char *path, input_file_fn fn, void *ctx);

/* The whole file in a malloc'd buffer (never NULL for an empty file), or NULL with errno set. */
uint8_t *read_input(const char *path, size_t *len);

#endif
