/* SPDX-License-Identifier: BSD-3-Clause */
/* musl's malloc (over posix-mmap and lib/alloc) under a seeded random stress. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tess/test.h>

#define SLOTS 512
#define ROUNDS 20000

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

TESS_TEST(libc_malloc, random_sizes_keep_their_contents)
{
	static unsigned char *blocks[SLOTS];
	static size_t sizes[SLOTS];
	uint64_t seed = 0x7e55e7a;
	int broken = 0;

	for (int r = 0; r < ROUNDS; r++) {
		int i = (int)(next_random(&seed) % SLOTS);

		if (blocks[i]) {
			for (size_t k = 0; k < sizes[i]; k++)
				broken += blocks[i][k] != (unsigned char)(i + sizes[i]);
			free(blocks[i]);
			blocks[i] = NULL;
			continue;
		}
		/* Mostly small, sometimes a page or more, now and then 256 KiB
		 * (musl maps those directly). */
		switch (next_random(&seed) % 16) {
		case 0: sizes[i] = 1 + next_random(&seed) % (256 << 10); break;
		case 1: case 2: sizes[i] = 1 + next_random(&seed) % 16384; break;
		default: sizes[i] = 1 + next_random(&seed) % 256; break;
		}
		blocks[i] = malloc(sizes[i]);
		ASSERT_NOT_NULL(blocks[i]);
		memset(blocks[i], (unsigned char)(i + sizes[i]), sizes[i]);
	}
	for (int i = 0; i < SLOTS; i++)
		free(blocks[i]);
	EXPECT_EQ(broken, 0);
}

TESS_TEST(libc_malloc, calloc_realloc_and_aligned_allocation)
{
	unsigned char *p = calloc(1000, 4);
	void *a = NULL;

	ASSERT_NOT_NULL(p);
	for (int i = 0; i < 4000; i++)
		ASSERT_EQ(p[i], 0);
	p[3999] = 9;
	p = realloc(p, 1 << 20);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(p[3999], 9);
	free(p);
	EXPECT_EQ(posix_memalign(&a, 4096, 100), 0);
	EXPECT_EQ((uintptr_t)a % 4096, 0);
	free(a);
	EXPECT_NULL(malloc((size_t)-1 / 2));
}
