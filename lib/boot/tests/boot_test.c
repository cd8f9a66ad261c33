/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of boot: option parsing helpers and init-table ordering. */
#include <errno.h>
#include <tess/init.h>
#include <tess/test.h>

TESS_TEST(boot, size_option_accepts_plain_and_suffixed_numbers)
{
	unsigned long v = 0;

	EXPECT_EQ(tess_param_parse_size("4096", &v), 0);
	EXPECT_EQ_U(v, 4096);
	EXPECT_EQ(tess_param_parse_size("64K", &v), 0);
	EXPECT_EQ_U(v, 64UL << 10);
	EXPECT_EQ(tess_param_parse_size("32m", &v), 0);
	EXPECT_EQ_U(v, 32UL << 20);
	EXPECT_EQ(tess_param_parse_size("2G", &v), 0);
	EXPECT_EQ_U(v, 2UL << 30);
}

TESS_TEST(boot, size_option_rejects_junk_and_overflow)
{
	unsigned long v = 7;

	EXPECT_EQ(tess_param_parse_size("", &v), -EINVAL);
	EXPECT_EQ(tess_param_parse_size("M", &v), -EINVAL);
	EXPECT_EQ(tess_param_parse_size("12MB", &v), -EINVAL);
	EXPECT_EQ(tess_param_parse_size("-1", &v), -EINVAL);
	EXPECT_EQ(tess_param_parse_size("1.5M", &v), -EINVAL);
	EXPECT_EQ(tess_param_parse_size("99999999999999999999", &v), -ERANGE);
	EXPECT_EQ(tess_param_parse_size("17179869184G", &v), -ERANGE);
	EXPECT_EQ_U(v, 7); /* untouched on error */
}

/* Two init functions registered out of order record the order they ran. */
static int init_order[2];
static int init_calls;

static int late_init(void)
{
	init_order[init_calls++ % 2] = 2;
	return 0;
}
TESS_INIT(late_init, TESS_INIT_APP);

static int early_init(void)
{
	init_order[init_calls++ % 2] = 1;
	return 0;
}
TESS_INIT(early_init, TESS_INIT_EARLY);

TESS_TEST(boot, init_functions_ran_once_in_priority_order)
{
	EXPECT_EQ(init_calls, 2);
	EXPECT_EQ(init_order[0], 1);
	EXPECT_EQ(init_order[1], 2);
}
