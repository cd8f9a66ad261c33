/* SPDX-License-Identifier: BSD-3-Clause */
/* Parsing of durations such as "10ms", "1.5s" or "1h30m". */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <tess/timeconv.h>

struct duration_unit {
	const char *name;
	uint64_t ns;
};

/* Two-letter units first, so "ms" is not read as "m" followed by "s". */
static const struct duration_unit units[] = {
	{"ns", 1ULL},
	{"us", 1000ULL},
	{"ms", 1000000ULL},
	{"s", 1000000000ULL},
	{"m", 60ULL * 1000000000ULL},
	{"h", 3600ULL * 1000000000ULL},
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const struct duration_unit *match_unit(const char *text)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strncmp(text, units[i].name, strlen(units[i].name)) == 0)
			return &units[i];
	return NULL;
}

/*
 * floor(0.<digits> * unit_ns) without overflow, for any number of digits.
 * Working from the last digit, with F the result for the digits after
 * digit d: floor((d * unit + F) / 10) equals floor((d * unit + exact) /
 * 10), because adding a whole number then dividing by a whole number
 * does not care about the dropped fraction. F <= unit_ns <= 3.6e12.
 */
static uint64_t fraction_ns(const char *first, const char *end,
			    uint64_t unit_ns)
{
	uint64_t result = 0;

	while (end > first) {
		end--;
		result = ((uint64_t)(*end - '0') * unit_ns + result) / 10;
	}
	return result;
}

int tess_time_parse_duration(const char *text, uint64_t *ns)
{
	const char *p = text;
	uint64_t total = 0;
	/* Syntax errors are reported in preference to overflow. */
	bool overflow = false;

	if (text == NULL || *text == '\0')
		return -EINVAL;

	while (*p != '\0') {
		const struct duration_unit *unit;
		const char *fraction, *fraction_end;
		uint64_t whole = 0;
		uint64_t term;

		if (!is_digit(*p))
			return -EINVAL;
		for (; is_digit(*p); p++)
			if (__builtin_mul_overflow(whole, 10, &whole) ||
			    __builtin_add_overflow(whole, (uint64_t)(*p - '0'),
						   &whole))
				overflow = true;
		fraction = p;
		fraction_end = p;
		if (*p == '.') {
			fraction = ++p;
			if (!is_digit(*p))
				return -EINVAL;
			while (is_digit(*p))
				p++;
			fraction_end = p;
		}

		unit = match_unit(p);
		if (unit == NULL)
			return -EINVAL;
		p += strlen(unit->name);
		if (overflow)
			continue;

		if (__builtin_mul_overflow(whole, unit->ns, &term) ||
		    __builtin_add_overflow(
			    term, fraction_ns(fraction, fraction_end, unit->ns),
			    &term) ||
		    __builtin_add_overflow(total, term, &total))
			overflow = true;
	}
	if (overflow)
		return -ERANGE;
	*ns = total;
	return 0;
}
