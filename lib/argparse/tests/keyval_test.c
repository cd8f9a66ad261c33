/* SPDX-License-Identifier: BSD-3-Clause */
/* The "--" separator and "name=value" splitting of lib/argparse. */
#include <errno.h>
#include <string.h>
#include <tess/argparse.h>
#include <tess/test.h>

TESS_TEST(argparse_separator, first_double_dash_is_found)
{
	char a[] = "a", dd[] = "--", b[] = "b", dd2[] = "--";
	char *argv[] = {a, dd, b, dd2, NULL};

	EXPECT_EQ(tess_argparse_find_separator(4, argv), 1);
	EXPECT_EQ(tess_argparse_find_separator(1, argv), -1);
	EXPECT_EQ(tess_argparse_find_separator(3, argv + 1), 0);
	EXPECT_EQ(tess_argparse_find_separator(2, argv + 2), 1);
}

TESS_TEST(argparse_separator, lookalikes_and_empty_lists_are_not_separators)
{
	char single[] = "-", triple[] = "---", opt[] = "--x", empty[] = "";
	char *argv[] = {single, triple, opt, empty, NULL};

	EXPECT_EQ(tess_argparse_find_separator(4, argv), -1);
	EXPECT_EQ(tess_argparse_find_separator(0, argv), -1);
	EXPECT_EQ(tess_argparse_find_separator(-3, argv), -1);
	EXPECT_EQ(tess_argparse_find_separator(1, NULL), -1);
}

TESS_TEST(argparse_separator, works_on_split_output)
{
	char line[] = "log.level=debug 'x y' -- app --";
	char *argv[8];
	int argc;

	ASSERT_EQ(tess_argparse_split(line, argv, 7, &argc), 0);
	EXPECT_EQ(tess_argparse_find_separator(argc, argv), 2);
}

TESS_TEST(argparse_keyval, splits_at_the_first_equals)
{
	char simple[] = "name=value";
	char nested[] = "a=b=c";
	char empty_value[] = "name=";
	char *key = NULL, *value = NULL;

	ASSERT_EQ(tess_argparse_keyval(simple, &key, &value), 0);
	EXPECT_STREQ(key, "name");
	EXPECT_STREQ(value, "value");
	EXPECT_TRUE(key == simple);

	ASSERT_EQ(tess_argparse_keyval(nested, &key, &value), 0);
	EXPECT_STREQ(key, "a");
	EXPECT_STREQ(value, "b=c");

	ASSERT_EQ(tess_argparse_keyval(empty_value, &key, &value), 0);
	EXPECT_STREQ(key, "name");
	EXPECT_STREQ(value, "");
}

TESS_TEST(argparse_keyval, missing_equals_or_name_is_einval)
{
	static const char *const invalid[] = {"novalue", "", "=value", "="};
	char *untouched = (char *)"untouched";
	char buf[16];
	size_t i;

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		char *key = untouched, *value = untouched;

		memcpy(buf, invalid[i], strlen(invalid[i]) + 1);
		EXPECT_EQ(tess_argparse_keyval(buf, &key, &value), -EINVAL);
		EXPECT_STREQ(buf, invalid[i]);
		EXPECT_TRUE(key == untouched && value == untouched);
	}
	EXPECT_EQ(tess_argparse_keyval(NULL, &untouched, &untouched), -EINVAL);
}
