/* SPDX-License-Identifier: BSD-3-Clause */
/* The printf format engine of lib/nolibc: integers, text, flags, limits. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <tess/test.h>

#include "format_check.h"

TESS_TEST(nolibc_printf, signed_decimal_with_flags_width_precision)
{
	CHECK_FORMAT("0", "%d", 0);
	CHECK_FORMAT("-1", "%d", -1);
	CHECK_FORMAT("2147483647", "%d", INT_MAX);
	CHECK_FORMAT("-2147483648", "%i", INT_MIN);
	CHECK_FORMAT("   42", "%5d", 42);
	CHECK_FORMAT("42   |", "%-5d|", 42);
	CHECK_FORMAT("00042", "%05d", 42);
	CHECK_FORMAT("-0042", "%05d", -42);
	CHECK_FORMAT("+42", "%+d", 42);
	CHECK_FORMAT(" 42", "% d", 42);
	CHECK_FORMAT("-42", "% d", -42);
	CHECK_FORMAT("+0", "%+d", 0);
	CHECK_FORMAT("42", "%1d", 42);
	CHECK_FORMAT("007", "%.3d", 7);
	CHECK_FORMAT("-007", "%.3d", -7);
	CHECK_FORMAT("12345", "%.3d", 12345);
	/* Precision 0 prints no digit for 0, but the field remains. */
	CHECK_FORMAT("", "%.0d", 0);
	CHECK_FORMAT("", "%.d", 0);
	CHECK_FORMAT("     ", "%5.0d", 0);
	CHECK_FORMAT("+", "%+.0d", 0);
	CHECK_FORMAT("    -007", "%8.3d", -7);
	CHECK_FORMAT("-007    |", "%-8.3d|", -7);
	CHECK_FORMAT("+0000042", "%+08d", 42);
	CHECK_FORMAT(" 0000042", "% 08d", 42);
}

/* Combinations gcc warns about (a flag without effect) still follow C11. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
TESS_TEST(nolibc_printf, redundant_flags_follow_c11)
{
	/* '+' wins over ' '. */
	CHECK_FORMAT("+42", "%+ d", 42);
	/* With a precision the '0' flag is ignored ... */
	CHECK_FORMAT("     007", "%08.3d", 7);
	/* ... but a negative precision from '*' counts as none. */
	CHECK_FORMAT("00007", "%05.*d", -1, 7);
	/* '-' wins over '0'. */
	CHECK_FORMAT("42   |", "%-05d|", 42);
	CHECK_FORMAT("", "");
}
#pragma GCC diagnostic pop

TESS_TEST(nolibc_printf, unsigned_octal_and_hex)
{
	CHECK_FORMAT("4294967295", "%u", UINT_MAX);
	CHECK_FORMAT("0", "%u", 0u);
	CHECK_FORMAT("10", "%o", 8u);
	CHECK_FORMAT("37777777777", "%o", UINT_MAX);
	CHECK_FORMAT("ff", "%x", 255u);
	CHECK_FORMAT("FF", "%X", 255u);
	CHECK_FORMAT("deadbeef", "%x", 0xdeadbeefu);
	CHECK_FORMAT("    00ff", "%8.4x", 255u);
	CHECK_FORMAT("000000ff", "%08x", 255u);
	/* '#' adds 0x / 0X except to zero, and a leading 0 to octal. */
	CHECK_FORMAT("0xff", "%#x", 255u);
	CHECK_FORMAT("0XFF", "%#X", 255u);
	CHECK_FORMAT("0", "%#x", 0u);
	CHECK_FORMAT("0x0000ff", "%#08x", 255u);
	CHECK_FORMAT("0xff    |", "%#-8x|", 255u);
	CHECK_FORMAT("  0x00ff", "%#8.4x", 255u);
	CHECK_FORMAT("010", "%#o", 8u);
	CHECK_FORMAT("0", "%#o", 0u);
	CHECK_FORMAT("0", "%#.0o", 0u);
	CHECK_FORMAT("010", "%#.3o", 8u);
	CHECK_FORMAT("00010", "%#.5o", 8u);
	CHECK_FORMAT("", "%.0x", 0u);
	CHECK_FORMAT("", "%#.0x", 0u);
}

TESS_TEST(nolibc_printf, length_modifiers_convert_to_their_type)
{
	CHECK_FORMAT("-1", "%hhd", 255);
	CHECK_FORMAT("5", "%hhu", 261);
	CHECK_FORMAT("-128", "%hhd", 128);
	CHECK_FORMAT("ff", "%hhx", -1);
	CHECK_FORMAT("-1", "%hd", 65535);
	CHECK_FORMAT("1", "%hu", 65537);
	CHECK_FORMAT("-32768", "%hi", 32768);
	CHECK_FORMAT("-9223372036854775808", "%ld", LONG_MIN);
	CHECK_FORMAT("18446744073709551615", "%lu", ULONG_MAX);
	CHECK_FORMAT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FORMAT("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK_FORMAT("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK_FORMAT("-9223372036854775808", "%jd", INTMAX_MIN);
	CHECK_FORMAT("18446744073709551615", "%ju", UINTMAX_MAX);
	CHECK_FORMAT("18446744073709551615", "%zu", SIZE_MAX);
	CHECK_FORMAT("-5", "%zd", (ssize_t)-5);
	CHECK_FORMAT("-5", "%td", (ptrdiff_t)-5);
	CHECK_FORMAT("fffffffffffffffb", "%tx", (size_t)-5);
}

TESS_TEST(nolibc_printf, inttypes_macros_match_the_stdint_types)
{
	CHECK_FORMAT("-9223372036854775808", "%" PRId64, INT64_MIN);
	CHECK_FORMAT("18446744073709551615", "%" PRIu64, UINT64_MAX);
	CHECK_FORMAT("ffffffffffffffff", "%" PRIx64, UINT64_MAX);
	CHECK_FORMAT("FFFFFFFF", "%" PRIX32, UINT32_MAX);
	CHECK_FORMAT("-32768", "%" PRIi16, INT16_MIN);
	CHECK_FORMAT("377", "%" PRIo8, UINT8_MAX);
	CHECK_FORMAT("1234", "%" PRIxPTR, (uintptr_t)0x1234);
	CHECK_FORMAT("-1", "%" PRIdMAX, (intmax_t)-1);
}

TESS_TEST(nolibc_printf, star_takes_width_and_precision_from_arguments)
{
	CHECK_FORMAT("   42", "%*d", 5, 42);
	CHECK_FORMAT("42   |", "%-*d|", 5, 42);
	/* A negative width is the '-' flag. */
	CHECK_FORMAT("42   |", "%*d|", -5, 42);
	CHECK_FORMAT("007", "%.*d", 3, 7);
	/* A negative precision is as if none was given. */
	CHECK_FORMAT("7", "%.*d", -1, 7);
	CHECK_FORMAT("  007", "%*.*d", 5, 3, 7);
	CHECK_FORMAT("ab   |", "%*.*s|", -5, 2, "abc");
}

TESS_TEST(nolibc_printf, characters_and_strings)
{
	CHECK_FORMAT("A", "%c", 'A');
	CHECK_FORMAT("  A", "%3c", 'A');
	CHECK_FORMAT("A  |", "%-3c|", 'A');
	CHECK_FORMAT("\xe9", "%c", 0xe9);
	CHECK_FORMAT("abc", "%s", "abc");
	CHECK_FORMAT("  abc", "%5s", "abc");
	CHECK_FORMAT("abc  |", "%-5s|", "abc");
	CHECK_FORMAT("ab", "%.2s", "abc");
	CHECK_FORMAT("", "%.0s", "abc");
	CHECK_FORMAT("    a", "%5.1s", "abc");
	CHECK_FORMAT("abc", "%.10s", "abc");
	CHECK_FORMAT("", "%s", "");
	CHECK_FORMAT("x:", "x:%s", "");
	CHECK_FORMAT("hi", "%ls", L"hi");
	CHECK_FORMAT("h?llo", "%ls", L"h\u00e9llo");
	CHECK_FORMAT("  h", "%3.1ls", L"hi");
	CHECK_FORMAT("x", "%lc", (__WINT_TYPE__)L'x');
}

TESS_TEST(nolibc_printf, precision_bounds_the_bytes_read_by_s)
{
	/* No NUL within the precision: nothing past it may be read. */
	static const char unterminated[3] = {'a', 'b', 'c'};

	CHECK_FORMAT("abc", "%.3s", unterminated);
	CHECK_FORMAT("ab", "%.2s", unterminated);
}

TESS_TEST(nolibc_printf, null_string_and_pointer_have_names)
{
	const char *volatile null_string = NULL;

	CHECK_FORMAT("(null)", "%s", null_string);
	CHECK_FORMAT("  (null)", "%8s", null_string);
	CHECK_FORMAT("(nil)", "%p", (void *)0);
	CHECK_FORMAT("   (nil)", "%8p", (void *)0);
}

TESS_TEST(nolibc_printf, pointers_print_in_hex_with_0x)
{
	CHECK_FORMAT("0x1234", "%p", (void *)0x1234);
	CHECK_FORMAT("    0x1234", "%10p", (void *)0x1234);
	CHECK_FORMAT("0x1234    |", "%-10p|", (void *)0x1234);
	CHECK_FORMAT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
}

TESS_TEST(nolibc_printf, percent_and_mixed_text)
{
	CHECK_FORMAT("%", "%%");
	CHECK_FORMAT("100%", "100%%");
	CHECK_FORMAT("a%b", "a%%b");
	CHECK_FORMAT("plain text", "plain text");
	CHECK_FORMAT("x=1, y=-2, s=str, c=c", "x=%d, y=%d, s=%s, c=%c", 1, -2,
		     "str", 'c');
	CHECK_FORMAT("1 2 3 4 5 6 7 8 9 10 11 12",
		     "%d %d %d %d %d %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7,
		     8, 9, 10, 11, 12);
}

TESS_TEST(nolibc_printf, n_is_consumed_and_stores_nothing)
{
	int count = 99;

	CHECK_FORMAT("abcd7", "ab%ncd%d", &count, 7);
	EXPECT_EQ(count, 99);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
TESS_TEST(nolibc_printf, unknown_conversions_print_as_written)
{
	CHECK_FORMAT("%y", "%y");
	CHECK_FORMAT("%-5y|1", "%-5y|%d", 1);
	CHECK_FORMAT("abc%", "abc%");
	CHECK_FORMAT("abc%-5", "abc%-5");
}
#pragma GCC diagnostic pop

TESS_TEST(nolibc_printf, snprintf_truncates_and_returns_the_full_length)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(snprintf(buf, 5, "%s", "hello world"), 11);
	EXPECT_MEMEQ(buf, "hell\0xxx", 8);
	EXPECT_EQ(snprintf(buf, 1, "%d", 12345), 5);
	EXPECT_EQ(buf[0], '\0');
	EXPECT_EQ(buf[1], 'e');
	/* Size 0: nothing is written, not even the NUL; buf may be NULL. */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(snprintf(buf, 0, "%d", 12345), 5);
	EXPECT_EQ(buf[0], 'x');
	EXPECT_EQ(snprintf(NULL, 0, "%s-%s", "ab", "cd"), 5);
	/* A field wider than the buffer. */
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%20d", 1), 20);
	EXPECT_STREQ(buf, "       ");
}

TESS_TEST(nolibc_printf, nul_character_is_counted_and_stored)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	EXPECT_MEMEQ(buf, "a\0b\0xxxx", 8);
}

TESS_TEST(nolibc_printf, sprintf_writes_everything)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(sprintf(buf, "%s=%05d", "key", 42), 9);
	EXPECT_MEMEQ(buf, "key=00042\0x", 11);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-overflow"
TESS_TEST(nolibc_printf, results_beyond_int_max_fail_with_eoverflow)
{
	char buf[4];

	errno = 0;
	/* A width that does not fit an int. */
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%2147483648d", 1), -1);
	EXPECT_EQ(errno, EOVERFLOW);
	errno = 0;
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%*d", INT_MIN, 1), -1);
	EXPECT_EQ(errno, EOVERFLOW);
	/* The largest width is fine on its own ... */
	errno = 0;
	EXPECT_EQ(snprintf(NULL, 0, "%2147483647d", 1), INT_MAX);
	EXPECT_EQ(errno, 0);
	/* ... but one more character is too many. */
	EXPECT_EQ(snprintf(NULL, 0, "%2147483647d%d", 1, 2), -1);
	EXPECT_EQ(errno, EOVERFLOW);
}
#pragma GCC diagnostic pop
