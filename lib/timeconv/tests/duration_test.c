/* SPDX-License-Identifier: BSD-3-Clause */
/* Duration parsing of lib/timeconv. */
#include <errno.h>
#include <tess/test.h>
#include <tess/timeconv.h>

struct known_duration {
	const char *text;
	uint64_t ns;
};

static const struct known_duration valid[] = {
	{"10ms", 10000000ULL},
	{"1.5s", 1500000000ULL},
	{"250us", 250000ULL},
	{"3ns", 3ULL},
	{"2m", 120000000000ULL},
	{"1h", 3600000000000ULL},
	{"0s", 0ULL},
	{"007ms", 7000000ULL},
	{"1h30m", 5400000000000ULL},
	{"1m30.5s", 90500000000ULL},
	{"1s1s", 2000000000ULL},
	{"0.5h", 1800000000000ULL},
	{"0.1h", 360000000000ULL},
	{"1.999999999999h", 7199999999996ULL},
	/* Fractions of a nanosecond are dropped, however many digits. */
	{"1.5ns", 1ULL},
	{"0.000000001s", 1ULL},
	{"0.0000000019s", 1ULL},
	{"2.999999999999999999999999s", 2999999999ULL},
	{"1.000000000000000000000000000000001s", 1000000000ULL},
	/* The largest value. */
	{"18446744073709551615ns", UINT64_MAX},
	{"18446744073.709551615s", UINT64_MAX},
	{"5124095h", 18446742000000000000ULL},
};

TESS_TEST(duration, valid_texts_parse_to_nanoseconds)
{
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		uint64_t ns = 42;
		int rc = tess_time_parse_duration(valid[i].text, &ns);

		if (rc != 0 || ns != valid[i].ns)
			tess_test_fail(__FILE__, __LINE__,
				       "\"%s\" gave %d, %ju ns; expected %ju",
				       valid[i].text, rc, (uintmax_t)ns,
				       (uintmax_t)valid[i].ns);
	}
}

static void expect_rejected(const char *const *texts, size_t count,
			    int expected_rc)
{
	size_t i;

	for (i = 0; i < count; i++) {
		uint64_t ns = 42;
		int rc = tess_time_parse_duration(texts[i], &ns);

		if (rc != expected_rc || ns != 42)
			tess_test_fail(__FILE__, __LINE__,
				       "\"%s\" gave %d (ns %ju); expected %d "
				       "and ns untouched",
				       texts[i] ? texts[i] : "(null)", rc,
				       (uintmax_t)ns, expected_rc);
	}
}

TESS_TEST(duration, junk_is_einval)
{
	static const char *const junk[] = {
		NULL,
		"",
		"s",
		"10",
		"10x",
		"1.s",
		".5s",
		"-1s",
		"+1s",
		" 1s",
		"1s ",
		"1 s",
		"1.5.5s",
		"1ss",
		"1e3s",
		"1sec",
		"1min",
		"1S",
		"1h30",
		"ms",
		"1..5s",
		"1,5s",
		"1h-1m",
		"\t",
		"1s\n",
		/* A syntax error is reported even after an overflow. */
		"99999999999999999999999x",
		"99999999999999999999999s!",
	};

	expect_rejected(junk, sizeof(junk) / sizeof(junk[0]), -EINVAL);
}

TESS_TEST(duration, overflow_is_erange)
{
	static const char *const too_long[] = {
		"18446744073709551616ns",
		"18446744073.709551616s",
		"5124096h",
		"99999999999999999999999s",
		"5124095h1h",
		"18446744073709551615ns1ns",
		"1h18446744073709551615ns",
	};

	expect_rejected(too_long, sizeof(too_long) / sizeof(too_long[0]),
			-ERANGE);
}
