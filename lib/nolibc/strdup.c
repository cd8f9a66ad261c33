/* SPDX-License-Identifier: BSD-3-Clause */
/* strdup and strndup: string copies in memory from malloc. */
#include <stdlib.h>
#include <string.h>

char *strdup(const char *s)
{
	size_t size = strlen(s) + 1;
	char *copy = malloc(size);

	if (copy != NULL)
		memcpy(copy, s, size);
	return copy;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *copy = malloc(len + 1);

	if (copy != NULL) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}
