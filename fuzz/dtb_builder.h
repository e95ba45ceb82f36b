/*
 * The dtb_struct decoder: bytes → a valid device tree built with libfdt's
 * sequential-write API, plus the boot configuration to run it with.  The
 * input is a header (configuration) followed by records (a /memreserve/
 * entry, a memory node, a /reserved-memory child, bootargs tokens, ...);
 * docs/fuzz-input-format.md gives the byte layout.  Records are collected
 * first and emitted in a fixed node order, so every input yields a blob
 * that passes fdt_check_full().
 */
#ifndef FUZZ_DTB_BUILDER_H
#define FUZZ_DTB_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "boot.h"

#define DTB_BUILD_MAX (64 * 1024)

/*
 * Decode data into a blob in buf (cap bytes, 8-byte aligned) and *cfg.
 * Returns the blob's size, or -MM_EINPUT with *why set when the tree does
 * not fit in cap bytes.
 */
int dtb_build(const uint8_t *data, size_t size, void *buf, size_t cap,
	      struct mm_boot_config *cfg, const char **why);

#endif
