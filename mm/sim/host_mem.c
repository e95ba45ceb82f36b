/* See host_mem.h. */
#include "host_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void host_reserve(void *buf, size_t *cap, size_t need, size_t elem)
{
	void **p = buf;
	size_t c = *cap ? *cap : 64;
	void *bigger;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	bigger = realloc(*p, c * elem);
	if (!bigger)
		abort();
	*p = bigger;
	*cap = c;
}

void *host_pool_take(void *pool, size_t next_off, size_t size, size_t align)
{
	void **head = pool;
	void *b = *head;

	if (b) {
		memcpy(head, (char *)b + next_off, sizeof(*head));
		return b;
	}
	/* plain malloc when it suffices: ASan serves big alignments from its mmap allocator */
	b = align <= 16 ? malloc(size) : aligned_alloc(align, size);
	if (!b)
		abort();
	return b;
}

void host_pool_trim(void *pool, size_t next_off, size_t keep)
{
	void **link = pool;

	while (*link && keep) {
		link = (void **)((char *)*link + next_off);
		keep--;
	}
	while (*link) {
		void *b = *link;

		memcpy(link, (char *)b + next_off, sizeof(*link));
		free(b);
	}
}

void host_discard(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(page - 1);

	if (start < end)
		madvise((void *)start, end - start, MADV_DONTNEED);
}
