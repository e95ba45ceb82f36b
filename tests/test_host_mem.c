/* host_mem: growth keeps contents, pools hand back released blocks before allocating. */
#include "test.h"

#include <stddef.h>
#include <stdint.h>

#include "host_mem.h"

TEST(reserve_grows_and_keeps_contents)
{
	int *v = NULL;
	size_t cap = 0;

	host_reserve(&v, &cap, 1, sizeof(*v));
	CHECK_EQ(cap, 64);
	for (int i = 0; i < 64; i++)
		v[i] = i;
	host_reserve(&v, &cap, 64, sizeof(*v));
	CHECK_EQ(cap, 64);
	host_reserve(&v, &cap, 65, sizeof(*v));
	CHECK_EQ(cap, 128);
	host_reserve(&v, &cap, 1000, sizeof(*v));
	CHECK_EQ(cap, 1024);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(v[i], i);
	free(v);
}

struct block {
	char payload[40];
	struct block *next;
};

TEST(pool_reuses_released_blocks_first)
{
	struct block *pool = NULL, *a, *b, *c;

	a = host_pool_take(&pool, offsetof(struct block, next), 4096, 4096);
	b = host_pool_take(&pool, offsetof(struct block, next), 4096, 4096);
	CHECK(a != b);
	CHECK_EQ((uintptr_t)a % 4096, 0);
	/* release b then a: a comes back first, then b, then a new block */
	b->next = pool;
	pool = b;
	a->next = pool;
	pool = a;
	CHECK(host_pool_take(&pool, offsetof(struct block, next), 4096, 4096) == a);
	CHECK(host_pool_take(&pool, offsetof(struct block, next), 4096, 4096) == b);
	CHECK(pool == NULL);
	c = host_pool_take(&pool, offsetof(struct block, next), 4096, 4096);
	CHECK(c != a && c != b);
	free(a);
	free(b);
	free(c);
}

TEST(pool_trim_keeps_the_first_blocks)
{
	struct block *pool = NULL, *b[4];

	for (int i = 0; i < 4; i++)
		b[i] = host_pool_take(&pool, offsetof(struct block, next), 4096, 4096);
	for (int i = 3; i >= 0; i--) {
		b[i]->next = pool;
		pool = b[i];
	}
	host_pool_trim(&pool, offsetof(struct block, next), 2);
	CHECK(pool == b[0]);
	CHECK(b[0]->next == b[1]);
	CHECK(b[1]->next == NULL);
	host_pool_trim(&pool, offsetof(struct block, next), 0);
	CHECK(pool == NULL);
}

TEST_MAIN()
