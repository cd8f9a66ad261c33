/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of tess_alloc_region_align, the backends' region trimming. */
#include <stdint.h>
#include <tess/alloc.h>
#include <tess/test.h>

TESS_TEST(alloc_region, aligns_inward)
{
	uintptr_t start, end;

	EXPECT_TRUE(tess_alloc_region_align((void *)0x1001, 0x3000, 0x1000,
					    &start, &end));
	EXPECT_EQ_U(start, 0x2000);
	EXPECT_EQ_U(end, 0x4000);
}

TESS_TEST(alloc_region, too_small_after_alignment_is_empty)
{
	uintptr_t start, end;

	EXPECT_FALSE(tess_alloc_region_align((void *)0x1001, 0x1000, 0x1000,
					     &start, &end));
	EXPECT_FALSE(tess_alloc_region_align((void *)0x1000, 0, 16, &start,
					     &end));
}

TESS_TEST(alloc_region, length_past_the_address_space_is_clamped)
{
	uintptr_t start, end;

	EXPECT_TRUE(tess_alloc_region_align((void *)0x1000, SIZE_MAX, 16,
					    &start, &end));
	EXPECT_EQ_U(start, 0x1000);
	EXPECT_EQ_U(end, UINTPTR_MAX & ~(uintptr_t)15);
	EXPECT_FALSE(tess_alloc_region_align((void *)(UINTPTR_MAX - 8), 8, 16,
					     &start, &end));
}
