/* SPDX-License-Identifier: BSD-3-Clause */
/* strtol, strtoul, strtoll, strtoull, atoi and abs of lib/nolibc. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <tess/compiler.h>
#include <tess/test.h>

/* errno is preset to this so a test sees whether the call wrote it. */
#define ERRNO_UNTOUCHED 12345

struct signed_case {
	const char *text;
	int base;
	long long value;
	int end;   /* offset of *endptr from text */
	int error; /* errno after the call; ERRNO_UNTOUCHED for none */
};

struct unsigned_case {
	const char *text;
	int base;
	unsigned long long value;
	int end;
	int error;
};

#define OK ERRNO_UNTOUCHED

/* The same 64-bit cases hold for strtol and strtoll on LP64 targets. */
static const struct signed_case signed_cases[] = {
	{"0", 10, 0, 1, OK},
	{"42", 10, 42, 2, OK},
	{"  42abc", 10, 42, 4, OK},
	{" \t\n\v\f\r+7 ", 10, 7, 8, OK},
	{"-17", 10, -17, 3, OK},
	{"  -0", 10, 0, 4, OK},
	/* No digits: no conversion, endptr is text itself. */
	{"", 10, 0, 0, OK},
	{"   ", 10, 0, 0, OK},
	{"-", 10, 0, 0, OK},
	{"+-1", 10, 0, 0, OK},
	{" x1", 10, 0, 0, OK},
	/* Base 0 picks the base from the prefix. */
	{"0x1A", 0, 26, 4, OK},
	{"0X1a", 0, 26, 4, OK},
	{"-0x10", 0, -16, 5, OK},
	{"017", 0, 15, 3, OK},
	{"08", 0, 0, 1, OK},
	{"123", 0, 123, 3, OK},
	/* "0x" without a hex digit after it is the number 0. */
	{"0x", 0, 0, 1, OK},
	{"0xg", 16, 0, 1, OK},
	{"0x", 10, 0, 1, OK},
	{"0x1f", 16, 31, 4, OK},
	{"1f", 16, 31, 2, OK},
	{"0b101", 0, 0, 1, OK}, /* no C23 binary prefix */
	{"101", 2, 5, 3, OK},
	{"12", 2, 1, 1, OK},
	{"777", 8, 511, 3, OK},
	{"z", 36, 35, 1, OK},
	{"Zz", 36, 1295, 2, OK},
	{"09", 10, 9, 2, OK},
	/* Limits and overflow: saturation, ERANGE, all digits consumed. */
	{"9223372036854775807", 10, LLONG_MAX, 19, OK},
	{"9223372036854775808", 10, LLONG_MAX, 19, ERANGE},
	{"-9223372036854775808", 10, LLONG_MIN, 20, OK},
	{"-9223372036854775809", 10, LLONG_MIN, 20, ERANGE},
	{"99999999999999999999999abc", 10, LLONG_MAX, 23, ERANGE},
	{"-99999999999999999999999", 10, LLONG_MIN, 24, ERANGE},
	{"0x7fffffffffffffff", 0, LLONG_MAX, 18, OK},
	{"0x8000000000000000", 0, LLONG_MAX, 18, ERANGE},
	{"-0x8000000000000000", 0, LLONG_MIN, 19, OK},
	{"1y2p0ij32e8e7", 36, LLONG_MAX, 13, OK},
	{"1y2p0ij32e8e8", 36, LLONG_MAX, 13, ERANGE},
	/* An invalid base converts nothing. */
	{"10", 1, 0, 0, EINVAL},
	{"10", 37, 0, 0, EINVAL},
	{"10", -1, 0, 0, EINVAL},
};

static const struct unsigned_case unsigned_cases[] = {
	{"0", 10, 0, 1, OK},
	{" +42z", 10, 42, 4, OK},
	{"18446744073709551615", 10, ULLONG_MAX, 20, OK},
	{"18446744073709551616", 10, ULLONG_MAX, 20, ERANGE},
	{"0xffffffffffffffff", 0, ULLONG_MAX, 18, OK},
	{"0x10000000000000000", 0, ULLONG_MAX, 19, ERANGE},
	/* A minus sign negates in the unsigned type. */
	{"-1", 10, ULLONG_MAX, 2, OK},
	{"-18446744073709551615", 10, 1, 21, OK},
	{"-18446744073709551616", 10, ULLONG_MAX, 21, ERANGE},
	{"-", 10, 0, 0, OK},
	{"0x", 16, 0, 1, OK},
	{"0777", 0, 511, 4, OK},
	{"10", 37, 0, 0, EINVAL},
};

TESS_TEST(nolibc_strtol, strtol_and_strtoll_follow_c11)
{
	for (size_t i = 0; i < TESS_ARRAY_SIZE(signed_cases); i++) {
		const struct signed_case *c = &signed_cases[i];
		char *end = NULL;
		long value;
		long long lvalue;

		errno = ERRNO_UNTOUCHED;
		value = strtol(c->text, &end, c->base);
		if (value != c->value || end != c->text + c->end ||
		    errno != c->error) {
			tess_test_fail(__FILE__, __LINE__,
				       "strtol(\"%s\", %d): %ld end %td errno "
				       "%d, expected %lld end %d errno %d",
				       c->text, c->base, value, end - c->text,
				       errno, c->value, c->end, c->error);
		}
		errno = ERRNO_UNTOUCHED;
		lvalue = strtoll(c->text, &end, c->base);
		if (lvalue != c->value || end != c->text + c->end ||
		    errno != c->error) {
			tess_test_fail(
				__FILE__, __LINE__,
				"strtoll(\"%s\", %d): %lld end %td errno %d, "
				"expected %lld end %d errno %d",
				c->text, c->base, lvalue, end - c->text, errno,
				c->value, c->end, c->error);
		}
	}
}

TESS_TEST(nolibc_strtol, strtoul_and_strtoull_follow_c11)
{
	for (size_t i = 0; i < TESS_ARRAY_SIZE(unsigned_cases); i++) {
		const struct unsigned_case *c = &unsigned_cases[i];
		char *end = NULL;
		unsigned long value;
		unsigned long long lvalue;

		errno = ERRNO_UNTOUCHED;
		value = strtoul(c->text, &end, c->base);
		if (value != c->value || end != c->text + c->end ||
		    errno != c->error) {
			tess_test_fail(__FILE__, __LINE__,
				       "strtoul(\"%s\", %d): %lu end %td errno "
				       "%d, expected %llu end %d errno %d",
				       c->text, c->base, value, end - c->text,
				       errno, c->value, c->end, c->error);
		}
		errno = ERRNO_UNTOUCHED;
		lvalue = strtoull(c->text, &end, c->base);
		if (lvalue != c->value || end != c->text + c->end ||
		    errno != c->error) {
			tess_test_fail(
				__FILE__, __LINE__,
				"strtoull(\"%s\", %d): %llu end %td errno %d, "
				"expected %llu end %d errno %d",
				c->text, c->base, lvalue, end - c->text, errno,
				c->value, c->end, c->error);
		}
	}
}

TESS_TEST(nolibc_strtol, endptr_may_be_null)
{
	errno = 0;
	EXPECT_EQ(strtol("123", NULL, 0), 123);
	EXPECT_EQ_U(strtoul("99999999999999999999", NULL, 10), ULONG_MAX);
	EXPECT_EQ(errno, ERANGE);
}

TESS_TEST(nolibc_strtol, atoi_family_converts_decimal_only)
{
	EXPECT_EQ(atoi("  -123xyz"), -123);
	EXPECT_EQ(atoi("0x10"), 0);
	EXPECT_EQ(atoi("010"), 10);
	EXPECT_EQ(atoi(""), 0);
	EXPECT_EQ(atol("2147483648"), 2147483648L);
	EXPECT_EQ(atoll("-9223372036854775808"), LLONG_MIN);
}

TESS_TEST(nolibc_strtol, abs_family_gives_magnitudes)
{
	EXPECT_EQ(abs(-5), 5);
	EXPECT_EQ(abs(5), 5);
	EXPECT_EQ(abs(0), 0);
	EXPECT_EQ(abs(-INT_MAX), INT_MAX);
	EXPECT_EQ(labs(-LONG_MAX), LONG_MAX);
	EXPECT_EQ(llabs(-LLONG_MAX), LLONG_MAX);
}
