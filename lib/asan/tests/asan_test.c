/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the address sanitizer runtime on a private tracked range. */
#include <errno.h>
#include <tess/asan.h>
#include <tess/test.h>

/* The range is tracked once, for the whole run (slots are not released). */
static char arena[256] __attribute__((aligned(16)));
static uint8_t arena_shadow[256 / TESS_ASAN_GRANULE];
static bool arena_tracked;

static volatile char *arena_ready(void)
{
	if (!arena_tracked) {
		if (tess_asan_track((uintptr_t)arena, sizeof(arena),
				    arena_shadow) != 0)
			return NULL;
		arena_tracked = true;
	}
	tess_asan_poison(arena, sizeof(arena), TESS_ASAN_UNALLOCATED);
	return arena;
}

TESS_TEST(asan, shadow_size_is_one_byte_per_granule)
{
	EXPECT_EQ_U(tess_asan_shadow_size(0), 0);
	EXPECT_EQ_U(tess_asan_shadow_size(1), 1);
	EXPECT_EQ_U(tess_asan_shadow_size(8), 1);
	EXPECT_EQ_U(tess_asan_shadow_size(9), 2);
}

TESS_TEST(asan, bad_track_requests_are_refused)
{
	static uint8_t shadow[4];

	EXPECT_EQ(tess_asan_track((uintptr_t)arena + 1, 16, shadow), -EINVAL);
	EXPECT_EQ(tess_asan_track((uintptr_t)arena, 0, shadow), -EINVAL);
	EXPECT_EQ(tess_asan_track((uintptr_t)arena, 16, NULL), -EINVAL);
	/* The shadow may not lie inside the range it describes. */
	EXPECT_EQ(tess_asan_track((uintptr_t)arena, 32, (uint8_t *)arena + 8),
		  -EINVAL);
}

TESS_TEST(asan, unpoisoned_bytes_are_accessible_and_the_rest_is_not)
{
	volatile char *p = arena_ready();
	volatile char c;

	ASSERT_NOT_NULL(p);
	tess_asan_unpoison((const void *)p, 13); /* one granule and 5 bytes */
	tess_asan_capture(true);
	for (int i = 0; i < 13; i++)
		p[i] = (char)i;
	EXPECT_EQ(tess_asan_capture(false), 0);

	tess_asan_capture(true);
	c = p[13];	/* just past the end, same granule */
	(void)c;
	EXPECT_EQ(tess_asan_capture(false), 1);
	tess_asan_capture(true);
	p[16] = 1;	/* next granule */
	EXPECT_EQ(tess_asan_capture(false), 1);
	tess_asan_capture(true);
	*(volatile uint64_t *)(p + 8) = 0; /* straddles the valid end */
	EXPECT_EQ(tess_asan_capture(false), 1);
}

TESS_TEST(asan, freed_memory_is_reported)
{
	volatile char *p = arena_ready();

	ASSERT_NOT_NULL(p);
	tess_asan_unpoison((const void *)p, 64);
	p[40] = 1;
	tess_asan_poison((const void *)p, 64, TESS_ASAN_HEAP_FREED);
	tess_asan_capture(true);
	p[40] = 2;
	EXPECT_EQ(tess_asan_capture(false), 1);
}

TESS_TEST(asan, memory_outside_tracked_ranges_is_not_checked)
{
	static char elsewhere[32];
	volatile char *q = elsewhere;

	tess_asan_capture(true);
	q[31] = 1;
	EXPECT_EQ(tess_asan_capture(false), 0);
}
