/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sizes of integer types (C11 7.10), from the compiler's predefined
 * macros. The compiler's own limits.h cannot be used: it includes the C
 * library's with #include_next, which -nostdinc leaves nowhere to find.
 */
#ifndef TESS_NOLIBC_LIMITS_H
#define TESS_NOLIBC_LIMITS_H

#define CHAR_BIT   __CHAR_BIT__
#define MB_LEN_MAX 1 /* the C locale only: no multibyte characters */

#define SCHAR_MAX __SCHAR_MAX__
#define SCHAR_MIN (-SCHAR_MAX - 1)
#define UCHAR_MAX (SCHAR_MAX * 2 + 1)
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN 0
#define CHAR_MAX UCHAR_MAX
#else
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#endif

#define SHRT_MAX  __SHRT_MAX__
#define SHRT_MIN  (-SHRT_MAX - 1)
#define USHRT_MAX (SHRT_MAX * 2 + 1)

#define INT_MAX	 __INT_MAX__
#define INT_MIN	 (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2U + 1U)

#define LONG_MAX  __LONG_MAX__
#define LONG_MIN  (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)

#define LLONG_MAX  __LONG_LONG_MAX__
#define LLONG_MIN  (-LLONG_MAX - 1LL)
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)

/* POSIX: the largest ssize_t. */
#define SSIZE_MAX __PTRDIFF_MAX__

#endif /* TESS_NOLIBC_LIMITS_H */
