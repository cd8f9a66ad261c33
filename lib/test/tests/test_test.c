/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of the test framework itself: failures are detected and counted. */
#include <tess/test.h>

/* Runs fn with failures captured in a quiet state; returns their count. */
static unsigned int failures_of(void (*fn)(void))
{
	struct tess_test_state capture = { .failures = 0, .quiet = true };
	struct tess_test_state *outer = tess_test_current;

	tess_test_current = &capture;
	fn();
	tess_test_current = outer;
	return capture.failures;
}

static void two_false_expectations(void)
{
	EXPECT_EQ(1, 2);
	EXPECT_TRUE(0);
	EXPECT_EQ(3, 3);
}

static void assert_stops_the_test(void)
{
	ASSERT_EQ(1, 2);
	EXPECT_EQ(1, 2); /* not reached */
}

static void string_and_memory_mismatches(void)
{
	EXPECT_STREQ("abc", "abd");
	EXPECT_STREQ("abc", NULL);
	EXPECT_MEMEQ("abcd", "abce", 4);
	EXPECT_MEMEQ("abcd", "abce", 3); /* equal in the first 3 bytes */
}

static void unsigned_comparisons(void)
{
	EXPECT_LT_U(~0UL, 1UL);	/* fails: compared unsigned */
	EXPECT_LT(-1, 1);	/* passes: compared signed */
}

TESS_TEST(test, failed_expectations_are_counted_and_do_not_stop)
{
	EXPECT_EQ(failures_of(two_false_expectations), 2);
}

TESS_TEST(test, failed_assertion_returns_from_the_test)
{
	EXPECT_EQ(failures_of(assert_stops_the_test), 1);
}

TESS_TEST(test, string_and_memory_comparisons_find_differences)
{
	EXPECT_EQ(failures_of(string_and_memory_mismatches), 3);
}

TESS_TEST(test, signed_and_unsigned_comparisons_differ)
{
	EXPECT_EQ(failures_of(unsigned_comparisons), 1);
}

#ifdef CONFIG_TESS_TEST_DEMO_FAILURE
TESS_TEST(test, deliberate_failure)
{
	EXPECT_EQ(2 + 2, 5);
}
#endif
