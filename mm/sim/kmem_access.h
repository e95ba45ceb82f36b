/*
 * Simulated CPU accesses to lowmem through the linear map: what a kernel
 * user does with memory it got from SLUB (no kernel counterpart beyond the
 * load or store itself).  Addresses are simulated kernel virtual addresses.
 *
 * kmem_write is an ordinary host access, so AddressSanitizer checks it
 * against SLUB's manual poisoning: a harness writing an object the model
 * never handed out, or freed, is a host report.  kmem_write_unchecked and
 * kmem_peek bypass the sanitizer, as SLUB's own metadata accesses do in the
 * kernel (mm/slub.c is built without KASAN): a deliberately wrong store
 * that slub_debug must catch, and reads of free objects and red zones by
 * the oracle.
 */
#ifndef MM_KMEM_ACCESS_H
#define MM_KMEM_ACCESS_H

#include <stddef.h>
#include <stdint.h>

struct mm_kernel;

/* 0, -MM_EINVAL when [va, va + len) is not all lowmem, -MM_ENOMEM at the simulated RAM's cap. */
int kmem_write(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len);
int kmem_write_unchecked(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len);
/* Untouched simulated RAM reads as zeros.  0 or -MM_EINVAL. */
int kmem_peek(const struct mm_kernel *k, uint32_t va, void *buf, size_t len);

#endif
