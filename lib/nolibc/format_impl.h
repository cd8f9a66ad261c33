/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The printf format engine shared by snprintf and the stdio functions
 * (internal to lib/nolibc).
 *
 * The engine walks the format once and hands the output, piece by piece,
 * to a sink; it never buffers a whole field, so its stack use does not
 * depend on width or precision. Floating-point conversions live in their
 * own file (format_float.c) so an image without them
 * (CONFIG_TESS_NOLIBC_FLOAT unset) needs no FPU code.
 */
#ifndef TESS_NOLIBC_FORMAT_IMPL_H
#define TESS_NOLIBC_FORMAT_IMPL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Receives consecutive pieces of the output. A sink that cannot store
 * everything (snprintf's buffer) drops the excess silently: the engine
 * counts what the whole output would be. Once the sink sets full, the
 * engine only counts, so measuring a huge output costs no writes. */
struct tess_nolibc_sink {
	void (*write)(struct tess_nolibc_sink *sink, const char *text,
		      size_t len);
	bool full; /* every further write would be dropped */
};

/* Output of one engine run: where it goes and how much was produced. */
struct tess_nolibc_out {
	struct tess_nolibc_sink *sink;
	size_t count;
};

#define TESS_NOLIBC_FLAG_LEFT  0x01 /* '-': pad on the right */
#define TESS_NOLIBC_FLAG_PLUS  0x02 /* '+': sign even when positive */
#define TESS_NOLIBC_FLAG_SPACE 0x04 /* ' ': space where '+' would be */
#define TESS_NOLIBC_FLAG_ALT   0x08 /* '#': alternative form */
#define TESS_NOLIBC_FLAG_ZERO  0x10 /* '0': pad with zeros after sign */

/* One parsed conversion specification. */
struct tess_nolibc_spec {
	unsigned int flags;
	int width;     /* 0 when not given */
	int precision; /* -1 when not given */
	char conversion;
};

/* Formats like vprintf into sink. Returns the number of characters
 * produced, or -1 with errno EOVERFLOW when it exceeds INT_MAX. */
int tess_nolibc_format(struct tess_nolibc_sink *sink, const char *fmt,
		       va_list ap);

/* Appends text, or count copies of c, to out. */
void tess_nolibc_out_write(struct tess_nolibc_out *out, const char *text,
			   size_t len);
void tess_nolibc_out_repeat(struct tess_nolibc_out *out, char c, size_t count);

/*
 * Padding of a field of content_len characters (prefix included) to
 * spec->width: pad_before emits the left spaces, then prefix (a sign,
 * "0x" or ""), then, when zero_pad, the zeros that fill the field; the
 * caller emits the rest of the content and calls pad_after, which adds
 * the right spaces of a left-justified field.
 */
void tess_nolibc_out_pad_before(struct tess_nolibc_out *out,
				const struct tess_nolibc_spec *spec,
				const char *prefix, size_t content_len,
				bool zero_pad);
void tess_nolibc_out_pad_after(struct tess_nolibc_out *out,
			       const struct tess_nolibc_spec *spec,
			       size_t content_len);

/* Converts value for f F e E g G (format_float.c). */
void tess_nolibc_format_float(struct tess_nolibc_out *out,
			      const struct tess_nolibc_spec *spec,
			      double value);

#endif /* TESS_NOLIBC_FORMAT_IMPL_H */
