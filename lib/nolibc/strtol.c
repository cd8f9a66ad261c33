/* SPDX-License-Identifier: BSD-3-Clause */
/* String to integer conversion: the strtol family and atoi (C11 7.22.1). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/* What parse() read: a magnitude and its sign. */
struct parsed {
	unsigned long long magnitude; /* saturated at the limit */
	bool negative;
	bool overflow; /* errno is ERANGE */
};

/*
 * The common part: skips white space, reads a sign, the base prefix and
 * the digits. The magnitude saturates at pos_limit or neg_limit (the
 * largest the result type holds with that sign), with errno ERANGE.
 * *endptr is set past the last digit used, or to nptr when there is none;
 * an invalid base gives EINVAL and no conversion.
 */
static struct parsed parse(const char *nptr, char **endptr, int base,
			   unsigned long long pos_limit,
			   unsigned long long neg_limit)
{
	struct parsed r = {0, false, false};
	const char *p = nptr;
	unsigned long long limit;
	bool any = false;

	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (endptr != NULL)
			*endptr = (char *)nptr;
		return r;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		r.negative = *p++ == '-';
	/* "0x" is a prefix only when a hex digit follows; otherwise the "0"
	 * alone is the number and *endptr points at the 'x'. */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}

	limit = r.negative ? neg_limit : pos_limit;
	for (;; p++) {
		unsigned int digit = (unsigned int)digit_value(*p);

		if (digit >= (unsigned int)base)
			break;
		any = true;
		if (r.magnitude > (limit - digit) / (unsigned int)base)
			r.overflow = true;
		else
			r.magnitude = r.magnitude * (unsigned int)base + digit;
	}
	if (endptr != NULL)
		*endptr = (char *)(any ? p : nptr);
	if (!any) {
		r.negative = false;
	} else if (r.overflow) {
		errno = ERANGE;
		r.magnitude = limit;
	}
	return r;
}

/* Minus a magnitude of up to -(minimum) without signed overflow. */
static long long negate(unsigned long long magnitude)
{
	return magnitude == 0 ? 0 : -(long long)(magnitude - 1) - 1;
}

long strtol(const char *restrict nptr, char **restrict endptr, int base)
{
	struct parsed r = parse(nptr, endptr, base, LONG_MAX,
				(unsigned long long)LONG_MAX + 1);

	return r.negative ? (long)negate(r.magnitude) : (long)r.magnitude;
}

long long strtoll(const char *restrict nptr, char **restrict endptr, int base)
{
	struct parsed r = parse(nptr, endptr, base, LLONG_MAX,
				(unsigned long long)LLONG_MAX + 1);

	return r.negative ? negate(r.magnitude) : (long long)r.magnitude;
}

/* A '-' negates in the unsigned type: "-1" is ULONG_MAX. A magnitude
 * above ULONG_MAX gives ULONG_MAX whatever the sign. */
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base)
{
	struct parsed r = parse(nptr, endptr, base, ULONG_MAX, ULONG_MAX);

	if (r.overflow)
		return ULONG_MAX;
	return r.negative ? -(unsigned long)r.magnitude
			  : (unsigned long)r.magnitude;
}

unsigned long long strtoull(const char *restrict nptr, char **restrict endptr,
			    int base)
{
	struct parsed r = parse(nptr, endptr, base, ULLONG_MAX, ULLONG_MAX);

	if (r.overflow)
		return ULLONG_MAX;
	return r.negative ? -r.magnitude : r.magnitude;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
