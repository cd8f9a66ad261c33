/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the kvm platform contract: memory, clocks, entropy, missing calls. */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/memory.h>
#include <tess/plat/time.h>
#include <tess/test.h>

TESS_TEST(kvm, memory_region_is_page_aligned)
{
	struct tess_plat_memory_region r;

	ASSERT_EQ(tess_plat_memory_region_get(0, &r), 0);
	EXPECT_TRUE(r.base % TESS_PAGE_SIZE == 0);
	EXPECT_TRUE(r.len % TESS_PAGE_SIZE == 0);
	EXPECT_GE_U(r.len, TESS_PAGE_SIZE);
	EXPECT_EQ(tess_plat_memory_region_get(1, &r), -ENOENT);
}

TESS_TEST(kvm, monotonic_clock_advances_and_never_goes_backwards)
{
	uint64_t start = tess_plat_monotonic_ns(), prev = start;

	for (int i = 0; i < 100000; i++) {
		uint64_t now = tess_plat_monotonic_ns();

		ASSERT_GE_U(now, prev);
		prev = now;
	}
	EXPECT_GT_U(prev, start);
}

TESS_TEST(kvm, wall_clock_is_after_2020)
{
	EXPECT_GT_U(tess_plat_wall_ns(), 1577836800ULL * 1000000000ULL);
}

TESS_TEST(kvm, entropy_fills_buffers)
{
	unsigned char a[16] = { 0 }, b[16] = { 0 };

	EXPECT_EQ(tess_plat_entropy(a, sizeof(a)), 0);
	EXPECT_EQ(tess_plat_entropy(b, sizeof(b)), 0);
	EXPECT_TRUE(__builtin_memcmp(a, b, sizeof(a)) != 0);
}

TESS_TEST(kvm, timer_is_reported_missing_not_faked)
{
	EXPECT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 1000), -ENOSYS);
}
