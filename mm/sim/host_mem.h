/*
 * Host memory behind the model's own bookkeeping (never simulated RAM):
 * buffers that grow on demand and pools that hand back released blocks.
 * No kernel counterpart.
 *
 * Whether a buffer had to grow, or a pool had a block to give, depends on
 * the inputs that ran before, so host_mem.c is built without coverage
 * instrumentation in the fuzzing and stability builds: that history must
 * never show as an input's edges (AFL++ stability).  Allocation failure
 * aborts: the host, not the simulated kernel, is out of memory.
 */
#ifndef MM_HOST_MEM_H
#define MM_HOST_MEM_H

#include <stddef.h>

/*
 * Make *buf hold at least `need` elements of `elem` bytes (*cap counts
 * them; it at least doubles, from 64).  The contents are kept.
 */
void host_reserve(void *buf, size_t *cap, size_t need, size_t elem);

/*
 * A block from the pool (a list linked through a pointer at `next_off` in
 * each block), or a new one of `size` bytes aligned to `align` (a power of
 * two dividing size; 16 or less is malloc's) when the pool is empty.  The
 * block is not cleared.
 */
void *host_pool_take(void *pool, size_t next_off, size_t size, size_t align);

/*
 * Free all but the first `keep` blocks of the pool, so that one input that
 * touched a huge span (a full sweep of a 64 GiB node) does not keep its
 * high-water mark of host memory for the rest of the process.
 */
void host_pool_trim(void *pool, size_t next_off, size_t keep);

/*
 * Give the host pages wholly inside [p, p + len) back to the system; they
 * read as zeros afterwards.  The block stays allocated: a way to drop the
 * resident size of a large block whose contents can be rebuilt.
 */
void host_discard(void *p, size_t len);

#endif
