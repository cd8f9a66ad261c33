/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Numeric conversion, sorting, searching, the end of the program and,
 * when an allocator is configured (CONFIG_TESS_ALLOC), the heap.
 *
 * String conversions follow C11 7.22.1 exactly (white space, sign, base
 * prefixes, endptr, ERANGE saturation) in the C locale. qsort is a
 * heapsort: O(n log n) comparisons in the worst case, no recursion, no
 * extra memory, not stable. malloc and friends use the default allocator
 * of lib/alloc (tess_alloc_default()); they fail with ENOMEM when the
 * image has no heap.
 *
 * exit() runs the exit hooks of lib/boot (which flush stdout) and ends
 * the image; abort() panics without running them.
 *
 * Everything but the allocation functions is reentrant; errno is a
 * single global (see <errno.h>).
 */
#ifndef TESS_NOLIBC_STDLIB_H
#define TESS_NOLIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

long strtol(const char *restrict nptr, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base);
long long strtoll(const char *restrict nptr, char **restrict endptr, int base);
unsigned long long strtoull(const char *restrict nptr, char **restrict endptr,
			    int base);
/* strtol(s, NULL, 10) converted; out-of-range input gives the saturated
 * strtol value truncated to the result type. */
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);

int abs(int value);
long labs(long value);
long long llabs(long long value);

void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *));

/* Panics ("abort() called") with a backtrace; exit status 134. */
void abort(void) __attribute__((noreturn));
/* Flushes stdio, runs the exit hooks, ends the image with status. */
void exit(int status) __attribute__((noreturn));

#ifdef CONFIG_TESS_ALLOC
/* malloc(0) returns a unique pointer that may be passed to free(). */
void *malloc(size_t size) __attribute__((malloc, alloc_size(1)));
/* Zero-filled; NULL with ENOMEM when nmemb * size overflows. */
void *calloc(size_t nmemb, size_t size)
	__attribute__((malloc, alloc_size(1, 2)));
/* realloc(NULL, n) is malloc(n); realloc(p, 0) frees p and returns NULL.
 * On failure p is left untouched. */
void *realloc(void *ptr, size_t size) __attribute__((alloc_size(2)));
void free(void *ptr);
/* alignment: a power of two and a multiple of sizeof(void *); returns 0,
 * EINVAL or ENOMEM (errno is not touched). */
int posix_memalign(void **memptr, size_t alignment, size_t size);
/* alignment: a power of two; NULL with errno EINVAL otherwise. */
void *aligned_alloc(size_t alignment, size_t size)
	__attribute__((malloc, alloc_size(2)));
void *memalign(size_t alignment, size_t size)
	__attribute__((malloc, alloc_size(2)));
#endif /* CONFIG_TESS_ALLOC */

#endif /* TESS_NOLIBC_STDLIB_H */
