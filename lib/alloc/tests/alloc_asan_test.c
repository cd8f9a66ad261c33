/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the default heap under the address sanitizer (CONFIG_TESS_ASAN). */

#include <stdint.h>
#include <string.h>

#include <tess/alloc.h>
#include <tess/asan.h>
#include <tess/compiler.h>
#include <tess/plat/memory.h>
#include <tess/test.h>

/*
 * This file is compiled with the sanitizer's checks, so the accesses below
 * are checked; capture mode counts reports instead of panicking, but lets
 * the access happen. So bad accesses are reads, except one write at the
 * start of a red zone (the zone's last word holds the block's size). The
 * tests need the default heap (a default backend selected) and pass
 * vacuously without one.
 */

/* Reports caused by one access through p. */
static unsigned int reports_reading(const volatile char *p)
{
	char c;

	tess_asan_capture(true);
	c = *p;
	(void)c;
	return tess_asan_capture(false);
}

static unsigned int reports_writing(volatile char *p)
{
	tess_asan_capture(true);
	*p = 1;
	return tess_asan_capture(false);
}

TESS_TEST(alloc_asan, bytes_around_a_block_are_reported)
{
	struct tess_alloc *heap = tess_alloc_default();
	volatile char *p;
	unsigned int i, reports;

	if (!heap)
		return;
	p = tess_malloc(heap, 13);
	ASSERT_NOT_NULL(p);
	tess_asan_capture(true);
	for (i = 0; i < 13; i++)
		p[i] = (char)i;
	reports = tess_asan_capture(false);
	EXPECT_EQ(reports, 0);
	EXPECT_EQ(reports_writing(p + 13), 1);
	EXPECT_EQ(reports_reading(p + 16), 1);
	EXPECT_EQ(reports_reading(p + 13 + CONFIG_TESS_ASAN_REDZONE - 1), 1);
	EXPECT_EQ(reports_reading(p - 1), 1);
	EXPECT_EQ_U(tess_alloc_usable_size(heap, (void *)p), 13);
	tess_free(heap, (void *)p);
}

TESS_TEST(alloc_asan, freed_blocks_are_reported)
{
	struct tess_alloc *heap = tess_alloc_default();
	volatile char *p;

	if (!heap)
		return;
	p = tess_malloc(heap, 64);
	ASSERT_NOT_NULL(p);
	p[40] = 1;
	tess_free(heap, (void *)p);
	EXPECT_EQ(reports_reading(p + 40), 1);
	EXPECT_EQ(reports_reading(p), 1);
}

TESS_TEST(alloc_asan, realloc_moves_and_poisons_the_old_block)
{
	struct tess_alloc *heap = tess_alloc_default();
	char *p, *q;

	if (!heap)
		return;
	p = tess_malloc(heap, 16);
	ASSERT_NOT_NULL(p);
	memcpy(p, "fifteen chars..", 16);
	q = tess_realloc(heap, p, 8);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(q != p);
	EXPECT_MEMEQ(q, "fifteen ", 8);
	EXPECT_EQ(reports_reading(q + 8), 1);
	EXPECT_EQ(reports_reading(p), 1);
	q = tess_realloc(heap, q, 100);
	ASSERT_NOT_NULL(q);
	EXPECT_MEMEQ(q, "fifteen ", 8);
	EXPECT_EQ(reports_writing(q + 99), 0);
	tess_free(heap, q);
}

TESS_TEST(alloc_asan, memalign_calloc_and_pages_are_covered)
{
	struct tess_alloc *heap = tess_alloc_default();
	volatile char *p;

	if (!heap)
		return;
	p = tess_memalign(heap, 256, 10);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ_U((uintptr_t)p % 256, 0);
	EXPECT_EQ(reports_writing(p + 9), 0);
	EXPECT_EQ(reports_reading(p + 10), 1);
	tess_free(heap, (void *)p);

	p = tess_calloc(heap, 3, 7);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(p[20], 0);
	EXPECT_EQ(reports_reading(p + 21), 1);
	tess_free(heap, (void *)p);

	p = tess_palloc(heap, 2);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(reports_writing(p + 2 * TESS_PAGE_SIZE - 1), 0);
	tess_pfree(heap, (void *)p, 2);
	EXPECT_EQ(reports_reading(p), 1);
}

TESS_TEST(alloc_asan, a_freed_block_is_not_reused_at_once)
{
	struct tess_alloc *heap = tess_alloc_default();
	void *p, *q;

	if (!heap || CONFIG_TESS_ASAN_QUARANTINE == 0)
		return;
	p = tess_malloc(heap, 32);
	ASSERT_NOT_NULL(p);
	tess_free(heap, p);
	q = tess_malloc(heap, 32);
	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(q != p);
	tess_free(heap, q);
}
