/* SPDX-License-Identifier: BSD-3-Clause */
/* The printf format engine: parsing, integers, characters and strings. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "format_impl.h"

/* Length modifiers, C11 7.21.6.1p7 ('L' also reads integers as long long,
 * like glibc). */
enum length {
	LENGTH_NONE,
	LENGTH_HH,
	LENGTH_H,
	LENGTH_L,
	LENGTH_LL,
	LENGTH_J,
	LENGTH_Z,
	LENGTH_T,
	LENGTH_BIG_L,
};

void tess_nolibc_out_write(struct tess_nolibc_out *out, const char *text,
			   size_t len)
{
	if (len != 0 && !out->sink->full)
		out->sink->write(out->sink, text, len);
	out->count += len;
}

void tess_nolibc_out_repeat(struct tess_nolibc_out *out, char c, size_t count)
{
	char block[32];

	if (count == 0 || out->sink->full) {
		out->count += count;
		return;
	}
	memset(block, c, count < sizeof(block) ? count : sizeof(block));
	while (count > 0) {
		size_t n = count < sizeof(block) ? count : sizeof(block);

		tess_nolibc_out_write(out, block, n);
		count -= n;
	}
}

static size_t field_fill(const struct tess_nolibc_spec *spec,
			 size_t content_len)
{
	if ((size_t)spec->width <= content_len)
		return 0;
	return (size_t)spec->width - content_len;
}

void tess_nolibc_out_pad_before(struct tess_nolibc_out *out,
				const struct tess_nolibc_spec *spec,
				const char *prefix, size_t content_len,
				bool zero_pad)
{
	size_t fill = field_fill(spec, content_len);

	if (spec->flags & TESS_NOLIBC_FLAG_LEFT)
		fill = 0;
	if (!zero_pad)
		tess_nolibc_out_repeat(out, ' ', fill);
	tess_nolibc_out_write(out, prefix, strlen(prefix));
	if (zero_pad)
		tess_nolibc_out_repeat(out, '0', fill);
}

void tess_nolibc_out_pad_after(struct tess_nolibc_out *out,
			       const struct tess_nolibc_spec *spec,
			       size_t content_len)
{
	if (spec->flags & TESS_NOLIBC_FLAG_LEFT)
		tess_nolibc_out_repeat(out, ' ', field_fill(spec, content_len));
}

static intmax_t arg_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LENGTH_HH: return (signed char)va_arg(*ap, int);
	case LENGTH_H: return (short)va_arg(*ap, int);
	case LENGTH_L: return va_arg(*ap, long);
	case LENGTH_LL:
	case LENGTH_BIG_L: return va_arg(*ap, long long);
	/* The same type as ptrdiff_t on LP64, not everywhere. */
	/* NOLINTNEXTLINE(bugprone-branch-clone) */
	case LENGTH_J: return va_arg(*ap, intmax_t);
	case LENGTH_Z:
	case LENGTH_T:
		/* The signed type of size_t has the width of ptrdiff_t. */
		return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LENGTH_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LENGTH_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LENGTH_L: return va_arg(*ap, unsigned long);
	case LENGTH_LL:
	case LENGTH_BIG_L: return va_arg(*ap, unsigned long long);
	/* NOLINTNEXTLINE(bugprone-branch-clone): as above */
	case LENGTH_J: return va_arg(*ap, uintmax_t);
	case LENGTH_Z:
	case LENGTH_T: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* d i u o x X p: sign or base prefix, precision zeros, digits. */
static void format_integer(struct tess_nolibc_out *out,
			   const struct tess_nolibc_spec *spec,
			   uintmax_t magnitude, bool negative)
{
	const char *symbols = "0123456789abcdef";
	char digits[3 * sizeof(uintmax_t) + 1]; /* octal needs the most */
	const char *prefix = "";
	unsigned int base = 10;
	size_t ndigits = 0, zeros = 0, content_len, i;
	bool zero_pad;

	switch (spec->conversion) {
	case 'o': base = 8; break;
	case 'X':
		symbols = "0123456789ABCDEF";
		base = 16;
		if ((spec->flags & TESS_NOLIBC_FLAG_ALT) && magnitude != 0)
			prefix = "0X";
		break;
	case 'x':
	case 'p':
		base = 16;
		if (spec->conversion == 'p' ||
		    ((spec->flags & TESS_NOLIBC_FLAG_ALT) && magnitude != 0))
			prefix = "0x";
		break;
	case 'd':
	case 'i':
		if (negative)
			prefix = "-";
		else if (spec->flags & TESS_NOLIBC_FLAG_PLUS)
			prefix = "+";
		else if (spec->flags & TESS_NOLIBC_FLAG_SPACE)
			prefix = " ";
		break;
	}

	/* Least significant digit first; precision 0 prints no digit for 0. */
	if (magnitude != 0 || spec->precision != 0) {
		do {
			digits[ndigits++] = symbols[magnitude % base];
			magnitude /= base;
		} while (magnitude != 0);
	}
	if (spec->precision >= 0 && (size_t)spec->precision > ndigits)
		zeros = (size_t)spec->precision - ndigits;
	/* '#' with o: the precision grows until the first digit is 0. */
	if (base == 8 && (spec->flags & TESS_NOLIBC_FLAG_ALT) && zeros == 0 &&
	    (ndigits == 0 || digits[ndigits - 1] != '0'))
		zeros = 1;

	for (i = 0; i < ndigits / 2; i++) {
		char c = digits[i];

		digits[i] = digits[ndigits - 1 - i];
		digits[ndigits - 1 - i] = c;
	}

	content_len = strlen(prefix) + zeros + ndigits;
	/* A precision turns '0' off for integers (C11 7.21.6.1p6). */
	zero_pad = (spec->flags & TESS_NOLIBC_FLAG_ZERO) &&
		   !(spec->flags & TESS_NOLIBC_FLAG_LEFT) &&
		   spec->precision < 0;
	tess_nolibc_out_pad_before(out, spec, prefix, content_len, zero_pad);
	tess_nolibc_out_repeat(out, '0', zeros);
	tess_nolibc_out_write(out, digits, ndigits);
	tess_nolibc_out_pad_after(out, spec, content_len);
}

static void format_text(struct tess_nolibc_out *out,
			const struct tess_nolibc_spec *spec, const char *text,
			size_t len)
{
	tess_nolibc_out_pad_before(out, spec, "", len, false);
	tess_nolibc_out_write(out, text, len);
	tess_nolibc_out_pad_after(out, spec, len);
}

static char wide_to_ascii(unsigned long wc)
{
	return wc < 0x80 ? (char)wc : '?';
}

/* %ls: ASCII characters are kept, the others become '?'. */
static void format_wide_string(struct tess_nolibc_out *out,
			       const struct tess_nolibc_spec *spec,
			       const __WCHAR_TYPE__ *ws)
{
	size_t len = 0, i;

	while (ws[len] != 0 &&
	       (spec->precision < 0 || len < (size_t)spec->precision))
		len++;
	tess_nolibc_out_pad_before(out, spec, "", len, false);
	for (i = 0; i < len; i++) {
		char c = wide_to_ascii((unsigned long)ws[i]);

		tess_nolibc_out_write(out, &c, 1);
	}
	tess_nolibc_out_pad_after(out, spec, len);
}

static void format_string(struct tess_nolibc_out *out,
			  const struct tess_nolibc_spec *spec,
			  enum length length, va_list *ap)
{
	const char *s;

	if (length == LENGTH_L) {
		const __WCHAR_TYPE__ *ws = va_arg(*ap, const __WCHAR_TYPE__ *);

		if (ws != NULL) {
			format_wide_string(out, spec, ws);
			return;
		}
		s = NULL;
	} else {
		s = va_arg(*ap, const char *);
	}
	if (s == NULL)
		s = "(null)";
	format_text(out, spec, s,
		    spec->precision >= 0 ? strnlen(s, (size_t)spec->precision)
					 : strlen(s));
}

static void format_char(struct tess_nolibc_out *out,
			const struct tess_nolibc_spec *spec, enum length length,
			va_list *ap)
{
	char c;

	if (length == LENGTH_L)
		c = wide_to_ascii(va_arg(*ap, __WINT_TYPE__));
	else
		c = (char)(unsigned char)va_arg(*ap, int);
	format_text(out, spec, &c, 1);
}

static void format_pointer(struct tess_nolibc_out *out,
			   const struct tess_nolibc_spec *spec, va_list *ap)
{
	void *p = va_arg(*ap, void *);

	if (p == NULL)
		format_text(out, spec, "(nil)", 5);
	else
		format_integer(out, spec, (uintptr_t)p, false);
}

/* Parses a decimal field width or precision; false when above INT_MAX. */
static bool parse_decimal(const char **p, int *value)
{
	int v = 0;

	while (**p >= '0' && **p <= '9') {
		int digit = **p - '0';

		if (v > (INT_MAX - digit) / 10)
			return false;
		v = v * 10 + digit;
		(*p)++;
	}
	*value = v;
	return true;
}

static const char *parse_flags(const char *p, unsigned int *flags)
{
	for (;; p++) {
		switch (*p) {
		case '-': *flags |= TESS_NOLIBC_FLAG_LEFT; break;
		case '+': *flags |= TESS_NOLIBC_FLAG_PLUS; break;
		case ' ': *flags |= TESS_NOLIBC_FLAG_SPACE; break;
		case '#': *flags |= TESS_NOLIBC_FLAG_ALT; break;
		case '0': *flags |= TESS_NOLIBC_FLAG_ZERO; break;
		default: return p;
		}
	}
}

static const char *parse_length(const char *p, enum length *length)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			*length = LENGTH_HH;
			return p + 2;
		}
		*length = LENGTH_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			*length = LENGTH_LL;
			return p + 2;
		}
		*length = LENGTH_L;
		return p + 1;
	case 'j': *length = LENGTH_J; return p + 1;
	case 'z': *length = LENGTH_Z; return p + 1;
	case 't': *length = LENGTH_T; return p + 1;
	case 'L': *length = LENGTH_BIG_L; return p + 1;
	default: *length = LENGTH_NONE; return p;
	}
}

/* Flags, width and precision of the specification after '%'; NULL when a
 * width or precision does not fit an int. */
static const char *parse_spec(const char *p, struct tess_nolibc_spec *spec,
			      va_list *ap)
{
	p = parse_flags(p, &spec->flags);
	if (*p == '*') {
		int width = va_arg(*ap, int);

		p++;
		/* A negative width is the '-' flag and a positive width. */
		if (width < 0) {
			if (width == INT_MIN)
				return NULL;
			spec->flags |= TESS_NOLIBC_FLAG_LEFT;
			width = -width;
		}
		spec->width = width;
	} else if (!parse_decimal(&p, &spec->width)) {
		return NULL;
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int precision = va_arg(*ap, int);

			p++;
			/* A negative precision is taken as if omitted. */
			spec->precision = precision < 0 ? -1 : precision;
		} else if (!parse_decimal(&p, &spec->precision)) {
			return NULL;
		}
	}
	return p;
}

#ifdef CONFIG_TESS_NOLIBC_FLOAT
static void format_double(struct tess_nolibc_out *out,
			  const struct tess_nolibc_spec *spec,
			  enum length length, va_list *ap)
{
	double value;

	if (length == LENGTH_BIG_L)
		value = (double)va_arg(*ap, long double);
	else
		value = va_arg(*ap, double);
	tess_nolibc_format_float(out, spec, value);
}
#endif

/* Formats the conversion that starts at the '%' at start; returns where
 * the format continues, or NULL on a width or precision overflow. */
static const char *format_one(struct tess_nolibc_out *out, const char *start,
			      va_list *ap)
{
	/* No flags, no width, no precision. */
	struct tess_nolibc_spec spec = {.precision = -1};
	enum length length;
	const char *p;
	intmax_t value;

	p = parse_spec(start + 1, &spec, ap);
	if (p == NULL)
		return NULL;
	p = parse_length(p, &length);
	spec.conversion = *p;
	switch (spec.conversion) {
	case 'd':
	case 'i':
		value = arg_signed(ap, length);
		format_integer(out, &spec,
			       value < 0 ? -(uintmax_t)value : (uintmax_t)value,
			       value < 0);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		format_integer(out, &spec, arg_unsigned(ap, length), false);
		break;
	case 'c': format_char(out, &spec, length, ap); break;
	case 's': format_string(out, &spec, length, ap); break;
	case 'p': format_pointer(out, &spec, ap); break;
	case 'n':
		/* Deliberately unsupported: consumed, nothing is stored. */
		(void)va_arg(*ap, void *);
		break;
	case '%': tess_nolibc_out_write(out, "%", 1); break;
#ifdef CONFIG_TESS_NOLIBC_FLOAT
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G': format_double(out, &spec, length, ap); break;
#endif
	case '\0':
		/* A '%' at the end of the format is printed as written. */
		tess_nolibc_out_write(out, start, (size_t)(p - start));
		return p;
	default:
		/* Unknown conversion: printed as written, nothing consumed. */
		tess_nolibc_out_write(out, start, (size_t)(p + 1 - start));
		break;
	}
	return p + 1;
}

int tess_nolibc_format(struct tess_nolibc_sink *sink, const char *fmt,
		       va_list ap)
{
	struct tess_nolibc_out out = {.sink = sink, .count = 0};
	va_list args;

	/* A copy, so helpers can take its address whatever va_list is. */
	va_copy(args, ap);
	while (*fmt != '\0') {
		const char *percent = strchr(fmt, '%');

		if (percent == NULL) {
			tess_nolibc_out_write(&out, fmt, strlen(fmt));
			break;
		}
		tess_nolibc_out_write(&out, fmt, (size_t)(percent - fmt));
		fmt = format_one(&out, percent, &args);
		if (fmt == NULL)
			break;
	}
	va_end(args);
	if (fmt == NULL || out.count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)out.count;
}
