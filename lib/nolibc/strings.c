/* SPDX-License-Identifier: BSD-3-Clause */
/* Case-insensitive comparison of <strings.h>. */
#include <ctype.h>
#include <strings.h>

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	for (; n > 0; pa++, pb++, n--) {
		int ca = tolower(*pa), cb = tolower(*pb);

		if (ca != cb || ca == '\0')
			return ca - cb;
	}
	return 0;
}
