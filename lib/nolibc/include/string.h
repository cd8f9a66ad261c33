/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory and string functions (C11 <string.h> plus strnlen, strlcpy,
 * strtok_r, strdup and strndup).
 *
 * The compiler emits calls to memcpy, memmove, memset and memcmp on its
 * own (structure copies, large initialisers), so every image needs them;
 * memcpy, memmove and memset copy a word at a time. The other functions
 * are simple byte loops: strstr is O(n * m) in the worst case.
 *
 * All functions are reentrant and may be called from interrupt context,
 * except strerror for an unknown number (it formats into a static buffer)
 * and strdup/strndup (they allocate). strdup and strndup exist only when
 * an allocator is configured (CONFIG_TESS_ALLOC).
 */
#ifndef TESS_NOLIBC_STRING_H
#define TESS_NOLIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dest, const void *restrict src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *dest, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
char *strcpy(char *restrict dest, const char *restrict src);
char *strncpy(char *restrict dest, const char *restrict src, size_t n);
/* Copies at most size - 1 bytes and always terminates dest when size > 0;
 * returns strlen(src), so a result >= size means truncation. */
size_t strlcpy(char *restrict dest, const char *restrict src, size_t size);
char *strcat(char *restrict dest, const char *restrict src);
char *strncat(char *restrict dest, const char *restrict src, size_t n);

int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict saveptr);

/* The Linux message for errnum ("Invalid argument"); for a number without
 * one, "Unknown error N" in a static buffer overwritten by the next such
 * call. */
char *strerror(int errnum);

#ifdef CONFIG_TESS_ALLOC
/* Copies into memory from malloc(); NULL with errno ENOMEM when there is
 * none. strndup copies at most n bytes and always terminates. */
char *strdup(const char *s) __attribute__((malloc));
char *strndup(const char *s, size_t n) __attribute__((malloc));
#endif

#endif /* TESS_NOLIBC_STRING_H */
