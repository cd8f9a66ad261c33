/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Formatted output and the two console streams, stdout and stderr.
 *
 * There are no files and no input: a FILE is one of the platform's
 * console streams (tess/plat/console.h). stdout is line buffered (output
 * appears at each '\n', at fflush and at exit); stderr is written out at
 * the end of every call.
 *
 * One format engine serves every printf function. It supports the flags
 * "-+ #0", width and precision (also "*"), the length modifiers hh h l
 * ll j z t L and the conversions d i u o x X c s p % f F e E g G. %s of
 * NULL prints "(null)", %p of NULL "(nil)". Floating-point values are
 * converted exactly (round half to even on the exact binary value, like
 * glibc), a long double (L) is first converted to double; without
 * CONFIG_TESS_NOLIBC_FLOAT these conversions print as written and do not
 * consume their argument. %n is
 * deliberately not supported: it consumes its argument and stores
 * nothing (it is the classic format-string exploit). An unknown
 * conversion is printed as written. Wide characters (%lc, %ls) print as
 * ASCII, '?' for anything else.
 *
 * The printf functions return the number of characters produced (for
 * snprintf, that the full output would take), or -1 with errno set:
 * EOVERFLOW when that number exceeds INT_MAX, the console's error when
 * writing failed.
 *
 * snprintf and friends are reentrant and usable from interrupt context;
 * formatting a floating-point value takes about 1.3 KiB of stack. The
 * streams are not locked: one thread of callers, not from interrupts.
 */
#ifndef TESS_NOLIBC_STDIO_H
#define TESS_NOLIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

typedef struct tess_nolibc_file FILE;

/* Point at the two console streams; nothing in nolibc reassigns them. */
extern FILE *stdout;
extern FILE *stderr;
#define stdout stdout
#define stderr stderr

#define TESS_NOLIBC_PRINTF(fmt_arg, first_arg)                                 \
	__attribute__((format(printf, fmt_arg, first_arg)))

/* Always terminate buf when size > 0; return the length of the whole
 * output, so a result >= size means it was truncated. */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	TESS_NOLIBC_PRINTF(3, 4);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap) TESS_NOLIBC_PRINTF(3, 0);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
	TESS_NOLIBC_PRINTF(2, 3);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
	TESS_NOLIBC_PRINTF(2, 0);

int printf(const char *restrict fmt, ...) TESS_NOLIBC_PRINTF(1, 2);
int vprintf(const char *restrict fmt, va_list ap) TESS_NOLIBC_PRINTF(1, 0);
int fprintf(FILE *restrict stream, const char *restrict fmt, ...)
	TESS_NOLIBC_PRINTF(2, 3);
int vfprintf(FILE *restrict stream, const char *restrict fmt, va_list ap)
	TESS_NOLIBC_PRINTF(2, 0);

/* Return the character written (as unsigned char) or EOF. */
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
/* Return a non-negative number or EOF; puts adds a '\n'. */
int fputs(const char *restrict s, FILE *restrict stream);
int puts(const char *s);
/* Returns nmemb, or 0 when writing failed. */
size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
	      FILE *restrict stream);

/* Writes out what stream holds; NULL flushes every stream. Returns 0, or
 * EOF with errno set when the console failed. */
int fflush(FILE *stream);
/* Whether a write to stream has failed (sticky until clearerr). */
int ferror(FILE *stream);
void clearerr(FILE *stream);

#endif /* TESS_NOLIBC_STDIO_H */
