/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * assert(): on failure prints "file:line: function: assertion `expr'
 * failed" on stderr and calls abort(). Defining NDEBUG before including
 * this header turns every assert() into nothing (C11 7.2: the header may
 * be included again with a different NDEBUG, so assert has no guard).
 */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr)                                                           \
	((expr) ? (void)0                                                      \
		: tess_nolibc_assert_fail(#expr, __FILE__, __LINE__,           \
					  __func__))
#endif

#ifndef TESS_NOLIBC_ASSERT_H
#define TESS_NOLIBC_ASSERT_H

#define static_assert _Static_assert

void tess_nolibc_assert_fail(const char *expr, const char *file, int line,
			     const char *function) __attribute__((noreturn));

#endif /* TESS_NOLIBC_ASSERT_H */
