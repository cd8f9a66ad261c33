/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line splitting of lib/argparse. */
#include <errno.h>
#include <string.h>
#include <tess/argparse.h>
#include <tess/test.h>

#define MAX_TEST_ARGS 16

/*
 * Splits a copy of input with room for MAX_TEST_ARGS arguments and
 * compares with expected (a NULL-terminated list); reports failures at
 * the caller's line.
 */
static void check_split(const char *file, int line, const char *input,
			const char *const *expected)
{
	char buf[256];
	char *argv[MAX_TEST_ARGS + 1];
	int expected_count = 0;
	int argc = -1;
	int rc;
	int i;

	while (expected[expected_count] != NULL)
		expected_count++;
	if (strlen(input) >= sizeof(buf)) {
		tess_test_fail(file, line, "test input too long");
		return;
	}
	memcpy(buf, input, strlen(input) + 1);
	rc = tess_argparse_split(buf, argv, MAX_TEST_ARGS, &argc);
	if (rc != 0 || argc != expected_count) {
		tess_test_fail(file, line,
			       "[%s]: rc %d, argc %d; expected 0, %d", input,
			       rc, argc, expected_count);
		return;
	}
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], expected[i]) != 0)
			tess_test_fail(file, line,
				       "[%s]: argv[%d] is [%s], "
				       "expected [%s]",
				       input, i, argv[i], expected[i]);
	if (argv[argc] != NULL)
		tess_test_fail(file, line, "[%s]: argv[argc] is not NULL",
			       input);
}

#define EXPECT_SPLIT(input, ...)                                               \
	check_split(__FILE__, __LINE__, (input),                               \
		    (const char *const[]){__VA_ARGS__, NULL})

/* Splits a copy of input, expects rc, and checks nothing was written. */
static void check_rejected(const char *file, int line, const char *input,
			   int max_args, int expected_rc)
{
	char buf[256];
	char *argv[MAX_TEST_ARGS + 1];
	char *sentinel = buf;
	int argc = 12345;
	int rc;
	int i;

	if (strlen(input) >= sizeof(buf)) {
		tess_test_fail(file, line, "test input too long");
		return;
	}
	memcpy(buf, input, strlen(input) + 1);
	for (i = 0; i <= MAX_TEST_ARGS; i++)
		argv[i] = sentinel;
	rc = tess_argparse_split(buf, argv, max_args, &argc);
	if (rc != expected_rc)
		tess_test_fail(file, line, "[%s] max %d: rc %d, expected %d",
			       input, max_args, rc, expected_rc);
	if (strcmp(buf, input) != 0 || argc != 12345)
		tess_test_fail(file, line,
			       "[%s]: line or argc changed on "
			       "error",
			       input);
	for (i = 0; i <= MAX_TEST_ARGS; i++)
		if (argv[i] != sentinel)
			tess_test_fail(file, line,
				       "[%s]: argv[%d] changed on "
				       "error",
				       input, i);
}

#define EXPECT_REJECTED(input, max_args, rc)                                   \
	check_rejected(__FILE__, __LINE__, (input), (max_args), (rc))

TESS_TEST(argparse_split, whitespace_separates_arguments)
{
	EXPECT_SPLIT("a", "a");
	EXPECT_SPLIT("a b  c", "a", "b", "c");
	EXPECT_SPLIT("  lead and trail  ", "lead", "and", "trail");
	EXPECT_SPLIT("tab\tnew\nline\rvt\vff\f", "tab", "new", "line", "vt",
		     "ff");
	EXPECT_SPLIT("log.level=debug -- app arg", "log.level=debug", "--",
		     "app", "arg");
}

TESS_TEST(argparse_split, empty_and_whitespace_only_lines_have_no_arguments)
{
	EXPECT_SPLIT("", NULL);
	EXPECT_SPLIT(" ", NULL);
	EXPECT_SPLIT(" \t\n\r\v\f ", NULL);
}

TESS_TEST(argparse_split, single_quotes_are_literal)
{
	EXPECT_SPLIT("'a b'", "a b");
	EXPECT_SPLIT("'c\\d' '\"' '\\'", "c\\d", "\"", "\\");
	EXPECT_SPLIT("'  '", "  ");
}

TESS_TEST(argparse_split, double_quotes_escape_only_quote_and_backslash)
{
	EXPECT_SPLIT("\"a b\"", "a b");
	EXPECT_SPLIT("\"x\\\"y\"", "x\"y");
	EXPECT_SPLIT("\"p\\\\q\"", "p\\q");
	EXPECT_SPLIT("\"a\\nb\"", "a\\nb");
	EXPECT_SPLIT("\"it's\"", "it's");
	EXPECT_SPLIT("\"\\\\\"", "\\");
}

TESS_TEST(argparse_split, backslash_outside_quotes_escapes_any_character)
{
	EXPECT_SPLIT("a\\ b", "a b");
	EXPECT_SPLIT("\\' \\\" \\\\ \\x", "'", "\"", "\\", "x");
	EXPECT_SPLIT("end\\\tx", "end\tx");
}

TESS_TEST(argparse_split, adjacent_parts_join)
{
	EXPECT_SPLIT("a'b c'd", "ab cd");
	EXPECT_SPLIT("\"x\"'y'z", "xyz");
	EXPECT_SPLIT("--opt=\"a b\" next", "--opt=a b", "next");
	EXPECT_SPLIT("'--'", "--");
}

TESS_TEST(argparse_split, empty_quotes_are_empty_arguments)
{
	EXPECT_SPLIT("\"\"", "");
	EXPECT_SPLIT("''", "");
	EXPECT_SPLIT("\"\" '' a\"\"", "", "", "a");
	EXPECT_SPLIT("''''''", "");
	EXPECT_SPLIT("'' '' ''", "", "", "");
}

TESS_TEST(argparse_split, only_quote_characters)
{
	EXPECT_SPLIT("\"'\"", "'");
	EXPECT_SPLIT("'\"'\"'\"", "\"'");
	EXPECT_REJECTED("\"", 4, -EINVAL);
	EXPECT_REJECTED("'", 4, -EINVAL);
	EXPECT_REJECTED("'''", 4, -EINVAL);
	EXPECT_REJECTED("\"\"\"", 4, -EINVAL);
}

TESS_TEST(argparse_split, bytes_above_ascii_pass_through)
{
	EXPECT_SPLIT("gr\xc3\xbc\xc3\x9f \xff", "gr\xc3\xbc\xc3\x9f", "\xff");
}

TESS_TEST(argparse_split, syntax_errors_are_einval_and_change_nothing)
{
	EXPECT_REJECTED("'abc", 4, -EINVAL);
	EXPECT_REJECTED("\"abc", 4, -EINVAL);
	EXPECT_REJECTED("abc\\", 4, -EINVAL);
	EXPECT_REJECTED("\"abc\\\"", 4, -EINVAL);
	EXPECT_REJECTED("a 'b c", 4, -EINVAL);
	EXPECT_REJECTED("a\\ b 'c", 4, -EINVAL);
	/* A syntax error is reported even when there are too many. */
	EXPECT_REJECTED("a b c d e 'f", 2, -EINVAL);
}

TESS_TEST(argparse_split, too_many_arguments_is_e2big_and_changes_nothing)
{
	char buf[] = "a b c";
	char *argv[4];
	int argc = -1;

	EXPECT_REJECTED("a b c", 2, -E2BIG);
	EXPECT_REJECTED("a\\ b c d", 2, -E2BIG);
	ASSERT_EQ(tess_argparse_split(buf, argv, 3, &argc), 0);
	EXPECT_EQ(argc, 3);
	EXPECT_NULL(argv[3]);
}

TESS_TEST(argparse_split, max_args_zero_accepts_only_empty_lines)
{
	char empty[] = "  ";
	char *argv[1] = {empty};
	int argc = -1;

	EXPECT_EQ(tess_argparse_split(empty, argv, 0, &argc), 0);
	EXPECT_EQ(argc, 0);
	EXPECT_NULL(argv[0]);
	EXPECT_REJECTED("a", 0, -E2BIG);
	EXPECT_REJECTED("''", 0, -E2BIG);
}

TESS_TEST(argparse_split, bad_parameters_are_einval)
{
	char line[] = "a";
	char *argv[2];
	int argc;

	EXPECT_EQ(tess_argparse_split(NULL, argv, 1, &argc), -EINVAL);
	EXPECT_EQ(tess_argparse_split(line, NULL, 1, &argc), -EINVAL);
	EXPECT_EQ(tess_argparse_split(line, argv, 1, NULL), -EINVAL);
	EXPECT_REJECTED("a", -1, -EINVAL);
}

TESS_TEST(argparse_split, arguments_live_inside_the_line)
{
	char line[] = "one 'two three' four";
	char *argv[4];
	int argc;
	int i;

	ASSERT_EQ(tess_argparse_split(line, argv, 3, &argc), 0);
	ASSERT_EQ(argc, 3);
	for (i = 0; i < argc; i++) {
		EXPECT_TRUE(argv[i] >= line);
		EXPECT_TRUE(argv[i] < line + sizeof(line));
	}
	EXPECT_STREQ(argv[1], "two three");
}

/* 64 KiB lines: one huge argument, thousands of small ones, and a long
 * run of escapes; all handled in linear time without overflow. */
TESS_TEST(argparse_split, very_long_lines)
{
	static char line[64 * 1024 + 1];
	static char *argv[32768 + 1];
	const size_t len = sizeof(line) - 1;
	int argc;
	size_t i;

	memset(line, 'a', len);
	line[len] = '\0';
	ASSERT_EQ(tess_argparse_split(line, argv, 1, &argc), 0);
	ASSERT_EQ(argc, 1);
	EXPECT_EQ(strlen(argv[0]), len);

	/* "a a a ... a " : 32768 arguments. */
	for (i = 0; i < len; i++)
		line[i] = i % 2 ? ' ' : 'a';
	line[len] = '\0';
	EXPECT_EQ(tess_argparse_split(line, argv, 32767, &argc), -E2BIG);
	ASSERT_EQ(tess_argparse_split(line, argv, 32768, &argc), 0);
	EXPECT_EQ(argc, 32768);
	EXPECT_STREQ(argv[32767], "a");
	EXPECT_NULL(argv[32768]);

	/* "\\\\..." : 32768 escaped backslashes in one argument. */
	memset(line, '\\', len);
	line[len] = '\0';
	ASSERT_EQ(tess_argparse_split(line, argv, 1, &argc), 0);
	ASSERT_EQ(argc, 1);
	EXPECT_EQ(strlen(argv[0]), len / 2);

	/* An opening quote and nothing to close it, 64 KiB later. */
	memset(line, 'b', len);
	line[0] = '"';
	line[len] = '\0';
	EXPECT_EQ(tess_argparse_split(line, argv, 1, &argc), -EINVAL);
	EXPECT_EQ(line[0], '"');
	EXPECT_EQ(line[1], 'b');
}
