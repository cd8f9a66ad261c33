/* SPDX-License-Identifier: BSD-3-Clause */
/* Parsing helpers for library option values. */
#include <errno.h>
#include <limits.h>
#include <tess/init.h>

int tess_param_parse_size(const char *text, unsigned long *out)
{
	unsigned long value = 0;
	unsigned int shift = 0;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long digit = (unsigned long)(*p - '0');

		if (value > (ULONG_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	switch (*p) {
	case '\0': break;
	case 'k': case 'K': shift = 10; p++; break;
	case 'm': case 'M': shift = 20; p++; break;
	case 'g': case 'G': shift = 30; p++; break;
	default: return -EINVAL;
	}
	if (*p != '\0')
		return -EINVAL;
	if (shift && value > (ULONG_MAX >> shift))
		return -ERANGE;
	*out = value << shift;
	return 0;
}
