/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests that the sanitizer runtime sees undefined behaviour in instrumented code. */
#include <limits.h>
#include <tess/test.h>
#include <tess/ubsan.h>

/* volatile: the compiler must not fold the undefined operations away. */
static volatile int int_max = INT_MAX;
static volatile int shift_by = 40;
static volatile int index_past_end = 4;

TESS_TEST(ubsan, signed_overflow_is_reported)
{
	volatile int r;

	tess_ubsan_capture(true);
	r = int_max + 1;
	(void)r;
	EXPECT_EQ(tess_ubsan_capture(false), 1);
}

TESS_TEST(ubsan, oversized_shift_is_reported)
{
	volatile int r;

	tess_ubsan_capture(true);
	r = 1 << shift_by;
	(void)r;
	EXPECT_EQ(tess_ubsan_capture(false), 1);
}

TESS_TEST(ubsan, array_index_out_of_bounds_is_reported)
{
	int a[4] = { 1, 2, 3, 4 };
	volatile int r;

	tess_ubsan_capture(true);
	r = a[index_past_end];
	(void)r;
	/* Reported by the bounds check, and also by the object-size check
	 * where the compiler can see the array. */
	EXPECT_GE(tess_ubsan_capture(false), 1);
}

TESS_TEST(ubsan, defined_arithmetic_is_not_reported)
{
	volatile unsigned int u = UINT_MAX;
	volatile int r;

	tess_ubsan_capture(true);
	u = u + 1; /* unsigned wrap-around is defined */
	r = int_max - 1;
	(void)r;
	EXPECT_EQ(tess_ubsan_capture(false), 0);
	EXPECT_EQ_U(u, 0);
}
