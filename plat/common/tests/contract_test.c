/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the platform contract (the headers in include/tess/plat) that every
 * platform must pass the same way: memory map, clocks, entropy. Each
 * platform compiles this file into its own tests (see its Makefile.uk);
 * platform-specific behaviour is tested beside the platform.
 */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/plat/time.h>
#include <tess/test.h>

TESS_TEST(plat, memory_region_is_page_aligned)
{
	struct tess_plat_memory_region r;

	ASSERT_EQ(tess_plat_memory_region_get(0, &r), 0);
	EXPECT_TRUE(r.base % TESS_PAGE_SIZE == 0);
	EXPECT_TRUE(r.len % TESS_PAGE_SIZE == 0);
	EXPECT_GE_U(r.len, TESS_PAGE_SIZE);
	EXPECT_EQ(tess_plat_memory_region_get(1, &r), -ENOENT);
}

TESS_TEST(plat, monotonic_clock_advances_and_never_goes_backwards)
{
	uint64_t start = tess_plat_monotonic_ns(), prev = start;

	for (int i = 0; i < 100000; i++) {
		uint64_t now = tess_plat_monotonic_ns();

		ASSERT_GE_U(now, prev);
		prev = now;
	}
	EXPECT_GT_U(prev, start);
}

TESS_TEST(plat, wall_clock_is_after_2020)
{
	/* 2020-01-01T00:00:00Z */
	EXPECT_GT_U(tess_plat_wall_ns(), 1577836800ULL * 1000000000ULL);
}

TESS_TEST(plat, entropy_fills_buffers_with_different_bytes)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	int same = 0;

	ASSERT_EQ(tess_plat_entropy(a, sizeof(a)), 0);
	ASSERT_EQ(tess_plat_entropy(b, sizeof(b)), 0);
	for (unsigned int i = 0; i < sizeof(a); i++)
		same += a[i] == b[i];
	EXPECT_LT(same, 8);
}
