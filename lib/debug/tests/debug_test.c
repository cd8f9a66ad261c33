/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of lib/debug: level parsing and filtering. */
#include <errno.h>
#include <tess/debug.h>
#include <tess/test.h>

TESS_TEST(debug, level_names_and_digits_parse)
{
	EXPECT_EQ(tess_log_level_parse("crit"), TESS_LOG_CRIT);
	EXPECT_EQ(tess_log_level_parse("err"), TESS_LOG_ERR);
	EXPECT_EQ(tess_log_level_parse("warn"), TESS_LOG_WARN);
	EXPECT_EQ(tess_log_level_parse("info"), TESS_LOG_INFO);
	EXPECT_EQ(tess_log_level_parse("debug"), TESS_LOG_DEBUG);
	EXPECT_EQ(tess_log_level_parse("3"), TESS_LOG_INFO);
}

TESS_TEST(debug, unknown_level_is_rejected)
{
	EXPECT_EQ(tess_log_level_parse("loud"), -EINVAL);
	EXPECT_EQ(tess_log_level_parse("5"), -EINVAL);
	EXPECT_EQ(tess_log_level_parse(""), -EINVAL);
	EXPECT_EQ(tess_log_level_parse("33"), -EINVAL);
}

TESS_TEST(debug, level_set_clamps_and_get_returns_it)
{
	enum tess_log_level old = tess_log_level_get();

	tess_log_level_set(TESS_LOG_ERR);
	EXPECT_EQ(tess_log_level_get(), TESS_LOG_ERR);
	tess_log_level_set((enum tess_log_level)99);
	EXPECT_EQ(tess_log_level_get(), TESS_LOG_DEBUG);
	tess_log_level_set(old);
}
