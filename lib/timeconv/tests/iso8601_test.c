/* SPDX-License-Identifier: BSD-3-Clause */
/* ISO 8601 formatting of lib/timeconv. */
#include <errno.h>
#include <string.h>
#include <tess/test.h>
#include <tess/timeconv.h>

struct known_text {
	int64_t secs;
	uint32_t nsec;
	const char *text;
};

static const struct known_text known_texts[] = {
	{0, 0, "1970-01-01T00:00:00.000000000Z"},
	{1795435200, 123456789, "2026-11-23T12:00:00.123456789Z"},
	{-1, 999999999, "1969-12-31T23:59:59.999999999Z"},
	{951782400, 1, "2000-02-29T00:00:00.000000001Z"},
	{2147483648, 0, "2038-01-19T03:14:08.000000000Z"},
	{253402300799, 0, "9999-12-31T23:59:59.000000000Z"},
	{253402300800, 0, "+10000-01-01T00:00:00.000000000Z"},
	{-62167219200, 0, "0000-01-01T00:00:00.000000000Z"},
	{-62167219201, 0, "-0001-12-31T23:59:59.000000000Z"},
	{INT64_MAX, 999999999, "+292277026596-12-04T15:30:07.999999999Z"},
	{INT64_MIN, 0, "-292277022657-01-27T08:29:52.000000000Z"},
};

TESS_TEST(iso8601, known_times_format_as_expected)
{
	char buf[TESS_TIME_ISO8601_MAX_SIZE];
	size_t i;

	for (i = 0; i < sizeof(known_texts) / sizeof(known_texts[0]); i++) {
		const struct known_text *k = &known_texts[i];

		memset(buf, 'x', sizeof(buf));
		EXPECT_EQ(tess_time_format_iso8601(buf, sizeof(buf), k->secs,
						   k->nsec),
			  (int)strlen(k->text));
		EXPECT_STREQ(buf, k->text);
	}
}

TESS_TEST(iso8601, four_digit_years_fit_the_small_size_exactly)
{
	char buf[TESS_TIME_ISO8601_SIZE];

	EXPECT_EQ(tess_time_format_iso8601(buf, sizeof(buf), 253402300799,
					   999999999),
		  TESS_TIME_ISO8601_SIZE - 1);
	EXPECT_STREQ(buf, "9999-12-31T23:59:59.999999999Z");
}

TESS_TEST(iso8601, small_buffer_is_enospc_and_left_empty)
{
	char buf[TESS_TIME_ISO8601_MAX_SIZE];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(
		tess_time_format_iso8601(buf, TESS_TIME_ISO8601_SIZE - 1, 0, 0),
		-ENOSPC);
	EXPECT_EQ(buf[0], '\0');
	EXPECT_EQ(buf[1], 'x');

	/* len 0: nothing at all is written. */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(tess_time_format_iso8601(buf, 0, 0, 0), -ENOSPC);
	EXPECT_EQ(buf[0], 'x');

	/* The expanded year needs more than the 4-digit size. */
	EXPECT_EQ(tess_time_format_iso8601(buf, TESS_TIME_ISO8601_SIZE,
					   253402300800, 0),
		  -ENOSPC);
}

TESS_TEST(iso8601, nanoseconds_beyond_one_second_are_einval)
{
	char buf[TESS_TIME_ISO8601_MAX_SIZE] = "untouched";

	EXPECT_EQ(tess_time_format_iso8601(buf, sizeof(buf), 0, 1000000000),
		  -EINVAL);
	EXPECT_EQ(tess_time_format_iso8601(buf, sizeof(buf), 0, UINT32_MAX),
		  -EINVAL);
	EXPECT_STREQ(buf, "untouched");
}
