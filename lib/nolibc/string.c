/* SPDX-License-Identifier: BSD-3-Clause */
/* String functions of <string.h>: length, copy, compare, search, split. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n] != '\0')
		n++;
	return n;
}

char *strcpy(char *restrict dest, const char *restrict src)
{
	char *d = dest;

	while ((*d++ = *src++) != '\0')
		;
	return dest;
}

/* Copies at most n bytes and fills the rest of the n with NULs; dest is
 * not terminated when src is n bytes or longer (C11 7.24.2.4). */
char *strncpy(char *restrict dest, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i] != '\0'; i++)
		dest[i] = src[i];
	for (; i < n; i++)
		dest[i] = '\0';
	return dest;
}

size_t strlcpy(char *restrict dest, const char *restrict src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dest, src, n);
		dest[n] = '\0';
	}
	return len;
}

char *strcat(char *restrict dest, const char *restrict src)
{
	strcpy(dest + strlen(dest), src);
	return dest;
}

/* Appends at most n bytes of src, then always a NUL. */
char *strncat(char *restrict dest, const char *restrict src, size_t n)
{
	char *d = dest + strlen(dest);
	size_t len = strnlen(src, n);

	memcpy(d, src, len);
	d[len] = '\0';
	return dest;
}

/* Characters compare as unsigned char (C11 7.24.4p1). */
int strcmp(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	while (*pa != '\0' && *pa == *pb) {
		pa++;
		pb++;
	}
	return *pa - *pb;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	for (; n > 0; pa++, pb++, n--) {
		if (*pa != *pb || *pa == '\0')
			return *pa - *pb;
	}
	return 0;
}

/* The terminating NUL is part of the string: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

/* Naive search: O(strlen(haystack) * strlen(needle)) at worst. */
char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	if (len == 0)
		return (char *)haystack;
	for (; *haystack != '\0'; haystack++) {
		if (*haystack == *needle && strncmp(haystack, needle, len) == 0)
			return (char *)haystack;
	}
	return NULL;
}

/* A set of bytes, for the span functions: one bit per byte value. */
struct byte_set {
	uint32_t bits[256 / 32];
};

static void byte_set_init(struct byte_set *set, const char *members)
{
	memset(set, 0, sizeof(*set));
	for (; *members != '\0'; members++) {
		unsigned char c = (unsigned char)*members;

		set->bits[c / 32] |= 1U << (c % 32);
	}
}

static bool byte_set_has(const struct byte_set *set, char member)
{
	unsigned char c = (unsigned char)member;

	return set->bits[c / 32] & (1U << (c % 32));
}

size_t strspn(const char *s, const char *accept)
{
	struct byte_set set;
	size_t n = 0;

	byte_set_init(&set, accept);
	while (s[n] != '\0' && byte_set_has(&set, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	struct byte_set set;
	size_t n = 0;

	byte_set_init(&set, reject);
	while (s[n] != '\0' && !byte_set_has(&set, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s != '\0' ? (char *)s : NULL;
}

/* Splits s at runs of delim bytes; *saveptr remembers where the next
 * call (with s NULL) goes on. */
char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict saveptr)
{
	char *end;

	if (s == NULL)
		s = *saveptr;
	s += strspn(s, delim);
	if (*s == '\0') {
		*saveptr = s;
		return NULL;
	}
	end = s + strcspn(s, delim);
	if (*end != '\0')
		*end++ = '\0';
	*saveptr = end;
	return s;
}
