/* SPDX-License-Identifier: BSD-3-Clause */
/* ISO 8601 formatting of epoch times. */
#include "timeconv_impl.h"
#include <errno.h>
#include <string.h>
#include <tess/timeconv.h>

/* Writes value as exactly width decimal digits (zero-padded); value must
 * have no more digits than width. Returns the position after them. */
static char *put_digits(char *out, uint64_t value, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return out + width;
}

static int digit_count(uint64_t value)
{
	int digits = 1;

	while (value >= 10) {
		value /= 10;
		digits++;
	}
	return digits;
}

static char *put_year(char *out, int64_t year)
{
	uint64_t magnitude;
	int width;

	if (year >= 0 && year <= 9999)
		return put_digits(out, (uint64_t)year, 4);
	/* |year| <= 2.93e11 for int64_t seconds: negation cannot overflow. */
	*out++ = year < 0 ? '-' : '+';
	magnitude = year < 0 ? (uint64_t)-year : (uint64_t)year;
	width = digit_count(magnitude);
	return put_digits(out, magnitude, width < 4 ? 4 : width);
}

int tess_time_format_iso8601(char *buf, size_t len, int64_t secs, uint32_t nsec)
{
	char text[TESS_TIME_ISO8601_MAX_SIZE];
	struct tess_tm tm;
	char *p = text;
	size_t text_len;

	if (nsec >= TIME_NSEC_PER_SEC)
		return -EINVAL;
	tess_time_civil_from_epoch(secs, &tm);

	p = put_year(p, tm.year);
	*p++ = '-';
	p = put_digits(p, (uint64_t)tm.month, 2);
	*p++ = '-';
	p = put_digits(p, (uint64_t)tm.day, 2);
	*p++ = 'T';
	p = put_digits(p, (uint64_t)tm.hour, 2);
	*p++ = ':';
	p = put_digits(p, (uint64_t)tm.min, 2);
	*p++ = ':';
	p = put_digits(p, (uint64_t)tm.sec, 2);
	*p++ = '.';
	p = put_digits(p, nsec, 9);
	*p++ = 'Z';
	*p = '\0';

	text_len = (size_t)(p - text);
	if (text_len >= len) {
		if (len > 0)
			buf[0] = '\0';
		return -ENOSPC;
	}
	memcpy(buf, text, text_len + 1);
	return (int)text_len;
}
