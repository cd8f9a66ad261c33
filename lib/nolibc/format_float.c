/* SPDX-License-Identifier: BSD-3-Clause */
/* printf conversions of doubles (f F e E g G) by exact decimal expansion. */
#include <stdint.h>
#include <string.h>

#include "format_impl.h"

/*
 * A finite double is m * 2^e with an integer m < 2^53. Its decimal
 * expansion is finite (2^-k = 5^k / 10^k) and has at most 767
 * significant digits, so it is written out completely and exactly, then
 * rounded at the position the conversion asks for, half to even on the
 * exact value (what glibc does in the default rounding mode). Simple and
 * always right, at the cost of some work for huge or tiny values: a
 * subnormal takes about 1000 steps of a 35-word multiplication.
 *
 * The integer part (at most 2^1024, 309 digits) is converted by repeated
 * division by 10^9; the fraction f / 2^k (k <= 1074) by repeated
 * multiplication by 10, each step moving one digit above bit k.
 */

#define DIGITS_MAX 800 /* > 767, the longest expansion of a double */
#define BIG_WORDS  36  /* 32-bit words: 2^1024 or a fraction of 2^-1078 */

struct decimal {
	int ndigits;  /* significant digits stored, no leading zero */
	int exponent; /* value = 0.d1d2d3... * 10^exponent */
	bool inexact; /* nonzero digits past DIGITS_MAX were dropped */
	char digits[DIGITS_MAX];
};

/* Appends the decimal digits of big (nwords little-endian words,
 * destroyed) to an empty d. */
static void decimal_set_integer(struct decimal *d, uint32_t *big, int nwords)
{
	int n = 0, i;

	while (nwords > 0 && big[nwords - 1] == 0)
		nwords--;
	while (nwords > 0) {
		uint64_t rem = 0;

		for (i = nwords - 1; i >= 0; i--) {
			uint64_t cur = rem << 32 | big[i];

			big[i] = (uint32_t)(cur / 1000000000);
			rem = cur % 1000000000;
		}
		while (nwords > 0 && big[nwords - 1] == 0)
			nwords--;
		/* Nine digits, least significant first; the last group
		 * stops at its leading digit. */
		for (i = 0; i < 9 && (nwords > 0 || rem != 0); i++) {
			d->digits[n++] = (char)('0' + rem % 10);
			rem /= 10;
		}
	}
	for (i = 0; i < n / 2; i++) {
		char c = d->digits[i];

		d->digits[i] = d->digits[n - 1 - i];
		d->digits[n - 1 - i] = c;
	}
	d->ndigits = n;
	d->exponent = n;
}

/* Appends the digits of big / 2^k (big < 2^k, words above bit k zero);
 * destroys big. Leading zeros of a value below 1 lower the exponent. */
static void decimal_add_fraction(struct decimal *d, uint32_t *big, int k)
{
	int top = k / 32, shift = k % 32, low = 0, i;

	for (;;) {
		uint64_t carry = 0, window;
		int digit;

		while (low <= top && big[low] == 0)
			low++;
		if (low > top)
			break;
		/* big * 10 < 2^(k+4): fits in the words up to top + 1. */
		for (i = low; i <= top + 1; i++) {
			uint64_t cur = (uint64_t)big[i] * 10 + carry;

			big[i] = (uint32_t)cur;
			carry = cur >> 32;
		}
		window = (uint64_t)big[top + 1] << 32 | big[top];
		digit = (int)(window >> shift);
		big[top + 1] = 0;
		big[top] &= (uint32_t)((1ULL << shift) - 1);

		if (d->ndigits == 0 && digit == 0)
			d->exponent--;
		else if (d->ndigits < DIGITS_MAX)
			d->digits[d->ndigits++] = (char)('0' + digit);
		else if (digit != 0)
			d->inexact = true;
	}
}

/* Sets d to the exact expansion of mantissa * 2^exp2. */
static void decimal_set(struct decimal *d, uint64_t mantissa, int exp2)
{
	uint32_t big[BIG_WORDS];
	int k = -exp2;

	memset(big, 0, sizeof(big));
	d->ndigits = 0;
	d->exponent = 0;
	d->inexact = false;
	if (mantissa == 0) {
		d->exponent = 1; /* prints as "0" and "0e+00" */
		return;
	}
	if (exp2 >= 0) {
		int word = exp2 / 32, shift = exp2 % 32;
		uint64_t low = mantissa << shift;

		big[word] = (uint32_t)low;
		big[word + 1] = (uint32_t)(low >> 32);
		if (shift != 0)
			big[word + 2] = (uint32_t)(mantissa >> (64 - shift));
		decimal_set_integer(d, big, word + 3);
		return;
	}
	if (k < 64 && mantissa >> k != 0) {
		uint64_t integer = mantissa >> k;

		big[0] = (uint32_t)integer;
		big[1] = (uint32_t)(integer >> 32);
		decimal_set_integer(d, big, 2);
		mantissa &= (1ULL << k) - 1;
	}
	big[0] = (uint32_t)mantissa;
	big[1] = (uint32_t)(mantissa >> 32);
	decimal_add_fraction(d, big, k);
}

/*
 * Keeps the first keep significant digits, rounding half to even. keep
 * may be 0 or negative when the value is below the last printed place:
 * it then rounds to one unit of that place or to zero.
 */
static void decimal_round(struct decimal *d, long long keep)
{
	bool rest = d->inexact, up;
	int i;

	if (keep >= d->ndigits)
		return;
	if (keep < 0) {
		d->ndigits = 0;
		return;
	}
	for (i = (int)keep + 1; i < d->ndigits && !rest; i++)
		rest = d->digits[i] != '0';
	if (d->digits[keep] != '5')
		up = d->digits[keep] > '5';
	else
		up = rest || (keep > 0 && (d->digits[keep - 1] - '0') % 2 != 0);
	d->ndigits = (int)keep;
	if (!up)
		return;
	for (i = (int)keep - 1; i >= 0 && d->digits[i] == '9'; i--)
		;
	if (i < 0) {
		/* 99.9 became 100: one digit, one place higher. */
		d->digits[0] = '1';
		d->ndigits = 1;
		d->exponent++;
		return;
	}
	d->digits[i]++;
	d->ndigits = i + 1;
}

/* Significant digits up to the last nonzero one. */
static int decimal_significant(const struct decimal *d)
{
	int n = d->ndigits;

	while (n > 0 && d->digits[n - 1] == '0')
		n--;
	return n;
}

/* Emits count digits starting at significant digit index from; places
 * before the first and after the last stored digit are zeros. */
static void emit_digits(struct tess_nolibc_out *out, const struct decimal *d,
			long long from, size_t count)
{
	if (from < 0) {
		size_t zeros = (size_t)-from < count ? (size_t)-from : count;

		tess_nolibc_out_repeat(out, '0', zeros);
		count -= zeros;
		from = 0;
	}
	if (from < d->ndigits && count > 0) {
		size_t stored = (size_t)(d->ndigits - from);
		size_t n = stored < count ? stored : count;

		tess_nolibc_out_write(out, d->digits + from, n);
		count -= n;
	}
	tess_nolibc_out_repeat(out, '0', count);
}

static bool zero_padded(const struct tess_nolibc_spec *spec)
{
	return (spec->flags & TESS_NOLIBC_FLAG_ZERO) &&
	       !(spec->flags & TESS_NOLIBC_FLAG_LEFT);
}

/* [-]ddd.ddd with precision fraction digits (trim: without trailing
 * zeros, as %g does). */
static void emit_fixed(struct tess_nolibc_out *out,
		       const struct tess_nolibc_spec *spec, const char *sign,
		       const struct decimal *d, long long precision, bool trim)
{
	size_t int_len = d->exponent > 0 ? (size_t)d->exponent : 1;
	size_t frac_len = (size_t)precision, len;
	bool point;

	if (trim) {
		long long needed = decimal_significant(d) - d->exponent;

		if (needed < 0)
			needed = 0;
		if (needed < precision)
			frac_len = (size_t)needed;
	}
	point = frac_len > 0 || (spec->flags & TESS_NOLIBC_FLAG_ALT);
	len = strlen(sign) + int_len + point + frac_len;

	tess_nolibc_out_pad_before(out, spec, sign, len, zero_padded(spec));
	if (d->exponent > 0)
		emit_digits(out, d, 0, int_len);
	else
		tess_nolibc_out_write(out, "0", 1);
	if (point)
		tess_nolibc_out_write(out, ".", 1);
	emit_digits(out, d, d->exponent, frac_len);
	tess_nolibc_out_pad_after(out, spec, len);
}

/* [-]d.ddde+dd with precision fraction digits. */
static void emit_exponential(struct tess_nolibc_out *out,
			     const struct tess_nolibc_spec *spec,
			     const char *sign, const struct decimal *d,
			     long long precision, bool trim, bool upper)
{
	char exp_text[8];
	int exp10 = d->exponent - 1, exp_abs = exp10 < 0 ? -exp10 : exp10;
	size_t frac_len = (size_t)precision, exp_len = 0, len;
	bool point;

	if (trim) {
		long long needed = decimal_significant(d) - 1;

		if (needed < 0)
			needed = 0;
		if (needed < precision)
			frac_len = (size_t)needed;
	}
	point = frac_len > 0 || (spec->flags & TESS_NOLIBC_FLAG_ALT);

	exp_text[exp_len++] = upper ? 'E' : 'e';
	exp_text[exp_len++] = exp10 < 0 ? '-' : '+';
	if (exp_abs >= 100)
		exp_text[exp_len++] = (char)('0' + exp_abs / 100);
	exp_text[exp_len++] = (char)('0' + exp_abs / 10 % 10);
	exp_text[exp_len++] = (char)('0' + exp_abs % 10);
	len = strlen(sign) + 1 + point + frac_len + exp_len;

	tess_nolibc_out_pad_before(out, spec, sign, len, zero_padded(spec));
	emit_digits(out, d, 0, 1);
	if (point)
		tess_nolibc_out_write(out, ".", 1);
	emit_digits(out, d, 1, frac_len);
	tess_nolibc_out_write(out, exp_text, exp_len);
	tess_nolibc_out_pad_after(out, spec, len);
}

/* inf and nan: never zero-padded. */
static void emit_special(struct tess_nolibc_out *out,
			 const struct tess_nolibc_spec *spec, const char *sign,
			 bool nan, bool upper)
{
	const char *text =
		nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
	size_t len = strlen(sign) + 3;

	tess_nolibc_out_pad_before(out, spec, sign, len, false);
	tess_nolibc_out_write(out, text, 3);
	tess_nolibc_out_pad_after(out, spec, len);
}

void tess_nolibc_format_float(struct tess_nolibc_out *out,
			      const struct tess_nolibc_spec *spec, double value)
{
	long long precision = spec->precision < 0 ? 6 : spec->precision;
	char conversion = spec->conversion;
	bool upper =
		conversion == 'F' || conversion == 'E' || conversion == 'G';
	const char *sign = "";
	uint64_t bits, fraction;
	struct decimal d;
	int biased;

	memcpy(&bits, &value, sizeof(bits));
	biased = (int)(bits >> 52 & 0x7ff);
	fraction = bits & ((1ULL << 52) - 1);
	if (bits >> 63)
		sign = "-";
	else if (spec->flags & TESS_NOLIBC_FLAG_PLUS)
		sign = "+";
	else if (spec->flags & TESS_NOLIBC_FLAG_SPACE)
		sign = " ";

	if (biased == 0x7ff) {
		emit_special(out, spec, sign, fraction != 0, upper);
		return;
	}
	if (biased == 0)
		decimal_set(&d, fraction, -1074); /* subnormal */
	else
		decimal_set(&d, fraction | 1ULL << 52, biased - 1075);

	if (conversion == 'f' || conversion == 'F') {
		decimal_round(&d, d.exponent + precision);
		emit_fixed(out, spec, sign, &d, precision, false);
	} else if (conversion == 'e' || conversion == 'E') {
		decimal_round(&d, precision + 1);
		emit_exponential(out, spec, sign, &d, precision, false, upper);
	} else {
		/* %g, C11 7.21.6.1p8: P significant digits; the exponent X
		 * after rounding picks the style. */
		long long p = precision == 0 ? 1 : precision;
		bool trim = !(spec->flags & TESS_NOLIBC_FLAG_ALT);
		int x;

		decimal_round(&d, p);
		x = d.exponent - 1;
		if (p > x && x >= -4)
			emit_fixed(out, spec, sign, &d, p - 1 - x, trim);
		else
			emit_exponential(out, spec, sign, &d, p - 1, trim,
					 upper);
	}
}
