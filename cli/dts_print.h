/*
 * A flattened device tree printed as device-tree source, the way a person
 * reads it: /memreserve/ lines, then nodes with their properties, values
 * shown as strings, cells or bytes by what they look like (as dtc -O dts
 * guesses).  Only blobs that pass fdt_check_full() are printed.
 */
#ifndef CLI_DTS_PRINT_H
#define CLI_DTS_PRINT_H

#include <stddef.h>
#include <stdio.h>

/* Returns 0, or a negative libfdt error (printed as a comment) when the blob is not sound. */
int dts_print(FILE *out, const void *fdt, size_t size);

#endif
