/*
 * AddressSanitizer's manual poisoning, for host memory that stands for
 * simulated RAM the kernel must not touch (the role KASAN plays for
 * mm/page_alloc.c's kasan_poison_pages / kasan_unpoison_pages).  No-ops
 * when the build has no ASan (gcc or clang, any flags).
 */
#ifndef MM_KASAN_POISON_H
#define MM_KASAN_POISON_H

#include <stdbool.h>
#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define MM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MM_ASAN 1
#endif
#endif

#ifdef MM_ASAN
#include <sanitizer/asan_interface.h>
#endif

static inline bool mm_asan_active(void)
{
#ifdef MM_ASAN
	return true;
#else
	return false;
#endif
}

static inline void mm_asan_poison(const void *p, size_t len)
{
#ifdef MM_ASAN
	__asan_poison_memory_region(p, len);
#else
	(void)p;
	(void)len;
#endif
}

static inline void mm_asan_unpoison(const void *p, size_t len)
{
#ifdef MM_ASAN
	__asan_unpoison_memory_region(p, len);
#else
	(void)p;
	(void)len;
#endif
}

#endif
