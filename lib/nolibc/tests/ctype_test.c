/* SPDX-License-Identifier: BSD-3-Clause */
/* Character classes of lib/nolibc against their C-locale definitions. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/test.h>

struct class_spec {
	const char *name;
	int (*fn)(int);
	const char *members; /* every member in 1..0x7f, in order */
};

static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

static bool in_string(const char *members, int c)
{
	for (; *members != '\0'; members++) {
		if ((unsigned char)*members == c)
			return true;
	}
	return false;
}

/* Checks fn against members for EOF and every unsigned char value. */
static void check_class(const char *name, int (*fn)(int), bool (*member)(int))
{
	for (int c = EOF; c <= 0xff; c++) {
		if ((fn(c) != 0) != member(c)) {
			tess_test_fail(__FILE__, __LINE__,
				       "%s(%d) is %d, expected %d", name, c,
				       fn(c), member(c));
			return;
		}
	}
}

static bool is_digit_spec(int c)
{
	return in_string("0123456789", c) && c != 0;
}

static bool is_upper_spec(int c)
{
	return c > 0 && in_string(upper, c);
}

static bool is_lower_spec(int c)
{
	return c > 0 && in_string(lower, c);
}

static bool is_alpha_spec(int c)
{
	return is_upper_spec(c) || is_lower_spec(c);
}

static bool is_alnum_spec(int c)
{
	return is_alpha_spec(c) || is_digit_spec(c);
}

static bool is_xdigit_spec(int c)
{
	return c > 0 && in_string("0123456789abcdefABCDEF", c);
}

static bool is_space_spec(int c)
{
	return c > 0 && in_string(" \t\n\v\f\r", c);
}

static bool is_punct_spec(int c)
{
	return c > 0 && in_string(punct, c);
}

static bool is_graph_spec(int c)
{
	return is_alnum_spec(c) || is_punct_spec(c);
}

static bool is_print_spec(int c)
{
	return is_graph_spec(c) || c == ' ';
}

static bool is_cntrl_spec(int c)
{
	return (c >= 0 && c < 0x20) || c == 0x7f;
}

TESS_TEST(nolibc_ctype, classes_match_the_c_locale_for_every_byte_and_eof)
{
	check_class("isdigit", isdigit, is_digit_spec);
	check_class("isupper", isupper, is_upper_spec);
	check_class("islower", islower, is_lower_spec);
	check_class("isalpha", isalpha, is_alpha_spec);
	check_class("isalnum", isalnum, is_alnum_spec);
	check_class("isxdigit", isxdigit, is_xdigit_spec);
	check_class("isspace", isspace, is_space_spec);
	check_class("ispunct", ispunct, is_punct_spec);
	check_class("isgraph", isgraph, is_graph_spec);
	check_class("isprint", isprint, is_print_spec);
	check_class("iscntrl", iscntrl, is_cntrl_spec);
}

TESS_TEST(nolibc_ctype, case_mapping_changes_only_ascii_letters)
{
	for (int c = EOF; c <= 0xff; c++) {
		int want_upper = is_lower_spec(c) ? c - 'a' + 'A' : c;
		int want_lower = is_upper_spec(c) ? c - 'A' + 'a' : c;

		if (toupper(c) != want_upper || tolower(c) != want_lower) {
			EXPECT_EQ(toupper(c), want_upper);
			EXPECT_EQ(tolower(c), want_lower);
			return;
		}
	}
	EXPECT_EQ(toupper('q'), 'Q');
	EXPECT_EQ(tolower('Q'), 'q');
	EXPECT_EQ(toupper(0xe9), 0xe9);
}
