/* SPDX-License-Identifier: BSD-3-Clause */
/* malloc, calloc, realloc, aligned allocation, strdup of lib/nolibc. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tess/test.h>
#include <tess/test_util.h>

/* Sizes no heap can hold; volatile keeps the compiler from rejecting the
 * calls that use them at compile time. */
static volatile size_t huge_size = SIZE_MAX / 2;
static volatile size_t huge_count = SIZE_MAX / 16;

TESS_TEST(nolibc_malloc, malloc_gives_aligned_writable_memory)
{
	for (size_t size = 1; size <= 4096; size *= 3) {
		unsigned char *p = malloc(size);

		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(tess_test_is_aligned(p, _Alignof(max_align_t)));
		memset(p, 0xa5, size);
		EXPECT_EQ(p[size - 1], 0xa5);
		free(p);
	}
}

TESS_TEST(nolibc_malloc, malloc_of_zero_is_a_freeable_pointer)
{
	void *a = malloc(0), *b = malloc(0);

	EXPECT_NOT_NULL(a);
	EXPECT_NOT_NULL(b);
	EXPECT_TRUE(a != b);
	free(a);
	free(b);
	free(NULL);
}

TESS_TEST(nolibc_malloc, impossible_sizes_fail_with_enomem)
{
	void *p;

	errno = 0;
	p = malloc(huge_size);
	EXPECT_NULL(p);
	EXPECT_EQ(errno, ENOMEM);
	free(p);
	errno = 0;
	/* nmemb * size overflows size_t. */
	p = calloc(huge_count, 32);
	EXPECT_NULL(p);
	EXPECT_EQ(errno, ENOMEM);
	free(p);
}

TESS_TEST(nolibc_malloc, calloc_zero_fills)
{
	unsigned char *p = calloc(100, 3);
	size_t nonzero = 0;

	ASSERT_NOT_NULL(p);
	for (size_t i = 0; i < 300; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	free(p);
	p = calloc(0, 8);
	EXPECT_NOT_NULL(p);
	free(p);
}

TESS_TEST(nolibc_malloc, realloc_keeps_the_contents)
{
	char *p = realloc(NULL, 8);
	char *q;

	ASSERT_NOT_NULL(p);
	memcpy(p, "1234567", 8);
	q = realloc(p, 4096);
	ASSERT_NOT_NULL(q);
	EXPECT_STREQ(q, "1234567");
	p = realloc(q, 4);
	ASSERT_NOT_NULL(p);
	EXPECT_MEMEQ(p, "1234", 4);
	/* Size 0 frees and returns NULL. */
	q = realloc(p, 0);
	EXPECT_NULL(q);
}

TESS_TEST(nolibc_malloc, failed_realloc_leaves_the_block)
{
	char *p = malloc(16);
	char *q;

	ASSERT_NOT_NULL(p);
	strcpy(p, "still here");
	errno = 0;
	q = realloc(p, huge_size);
	EXPECT_NULL(q);
	EXPECT_EQ(errno, ENOMEM);
	EXPECT_STREQ(p, "still here");
	free(p);
}

TESS_TEST(nolibc_malloc, small_alignments_allowed_by_c_are_served)
{
	for (size_t a = 1; a <= 4; a *= 2) {
		char *p = aligned_alloc(a, 10);

		ASSERT_NOT_NULL(p);
		EXPECT_EQ_U((uintptr_t)p % a, 0);
		memset(p, 0x5a, 10);
		free(p);
		p = memalign(a, 3);
		ASSERT_NOT_NULL(p);
		free(p);
	}
}

TESS_TEST(nolibc_malloc, aligned_allocation_honours_the_alignment)
{
	static const size_t alignments[] = {8, 16, 64, 256, 4096};
	void *p;

	for (size_t i = 0; i < sizeof(alignments) / sizeof(alignments[0]);
	     i++) {
		size_t a = alignments[i];

		p = NULL;
		EXPECT_EQ(posix_memalign(&p, a, 100), 0);
		EXPECT_TRUE(p != NULL && tess_test_is_aligned(p, a));
		free(p);
		p = aligned_alloc(a, 3 * a);
		EXPECT_TRUE(p != NULL && tess_test_is_aligned(p, a));
		free(p);
		p = memalign(a, 1);
		EXPECT_TRUE(p != NULL && tess_test_is_aligned(p, a));
		free(p);
	}
}

TESS_TEST(nolibc_malloc, bad_alignments_are_einval)
{
	void *p = (void *)1;

	/* posix_memalign returns the error and leaves errno alone. */
	errno = 0;
	EXPECT_EQ(posix_memalign(&p, 24, 100), EINVAL);
	EXPECT_EQ(posix_memalign(&p, 4, 100), EINVAL); /* < sizeof(void *) */
	EXPECT_EQ(posix_memalign(&p, 0, 100), EINVAL);
	EXPECT_EQ(errno, 0);
	EXPECT_TRUE(p == (void *)1);
	EXPECT_EQ(posix_memalign(&p, 64, huge_size), ENOMEM);
	EXPECT_EQ(errno, 0);

	p = aligned_alloc(3, 12);
	EXPECT_NULL(p);
	EXPECT_EQ(errno, EINVAL);
	errno = 0;
	p = memalign(0, 12);
	EXPECT_NULL(p);
	EXPECT_EQ(errno, EINVAL);
}

TESS_TEST(nolibc_malloc, strdup_and_strndup_copy_into_new_memory)
{
	static const char text[] = "tessera";
	char *a = strdup(text);
	char *b = strndup(text, 4);
	char *c = strndup(text, 100);

	ASSERT_NOT_NULL(a);
	EXPECT_TRUE(a != text);
	EXPECT_STREQ(a, "tessera");
	ASSERT_NOT_NULL(b);
	EXPECT_STREQ(b, "tess");
	ASSERT_NOT_NULL(c);
	EXPECT_STREQ(c, "tessera");
	free(a);
	free(b);
	free(c);
}
