/* SPDX-License-Identifier: BSD-3-Clause */
/* memcpy, memmove, memset, memcmp, memchr of lib/nolibc. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/test.h>

#define BUF_SIZE   320
#define MAX_OFFSET 16

/* Lengths around the word and block sizes of the copy loops. */
static const size_t lengths[] = {0,  1,	 2,  3,	  4,   5,   7,	 8,  9,
				 15, 16, 17, 24,  31,  32,  33,	 40, 63,
				 64, 65, 95, 127, 128, 129, 200, 255};

static void fill_pattern(unsigned char *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

/* The reference is a plain byte loop; volatile keeps the compiler from
 * turning it into a call to the function under test. */
static void reference_move(unsigned char *dest, const unsigned char *src,
			   size_t n)
{
	volatile unsigned char *d = dest;
	unsigned char tmp[BUF_SIZE];

	for (size_t i = 0; i < n; i++)
		tmp[i] = src[i];
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[i];
}

static bool bytes_equal(const unsigned char *a, const unsigned char *b,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return false;
	}
	return true;
}

static void report_case(const char *what, size_t dest_offset, size_t src_offset,
			size_t len)
{
	tess_test_fail(__FILE__, __LINE__,
		       "%s differs from a byte loop: dest offset %zu, src "
		       "offset %zu, length %zu",
		       what, dest_offset, src_offset, len);
}

TESS_TEST(nolibc_memory, memcpy_matches_byte_loop_at_every_alignment)
{
	unsigned char src[BUF_SIZE], dst[BUF_SIZE], expected[BUF_SIZE];

	fill_pattern(src, sizeof(src), 1);
	for (size_t s = 0; s < MAX_OFFSET; s++) {
		for (size_t d = 0; d < MAX_OFFSET; d++) {
			for (size_t i = 0; i < TESS_ARRAY_SIZE(lengths); i++) {
				size_t n = lengths[i];

				fill_pattern(dst, sizeof(dst), 2);
				fill_pattern(expected, sizeof(expected), 2);
				reference_move(expected + d, src + s, n);
				/* The whole buffer: nothing outside the
				 * destination may change. */
				if (memcpy(dst + d, src + s, n) != dst + d ||
				    !bytes_equal(dst, expected, sizeof(dst))) {
					report_case("memcpy", d, s, n);
					return;
				}
			}
		}
	}
}

TESS_TEST(nolibc_memory, memset_matches_byte_loop_at_every_alignment)
{
	static const int values[] = {0, 0x5a, 0xff, 0x180 /* uses 0x80 */};
	unsigned char buf[BUF_SIZE], expected[BUF_SIZE];

	for (size_t v = 0; v < TESS_ARRAY_SIZE(values); v++) {
		for (size_t d = 0; d < MAX_OFFSET; d++) {
			for (size_t i = 0; i < TESS_ARRAY_SIZE(lengths); i++) {
				volatile unsigned char *e = expected + d;
				size_t n = lengths[i];

				fill_pattern(buf, sizeof(buf), 3);
				fill_pattern(expected, sizeof(expected), 3);
				for (size_t k = 0; k < n; k++)
					e[k] = (unsigned char)values[v];
				if (memset(buf + d, values[v], n) != buf + d ||
				    !bytes_equal(buf, expected, sizeof(buf))) {
					report_case("memset", d, 0, n);
					return;
				}
			}
		}
	}
}

/* dest below src and dest above src, for every distance up to a block. */
TESS_TEST(nolibc_memory, memmove_handles_overlap_in_both_directions)
{
	unsigned char buf[BUF_SIZE], expected[BUF_SIZE];

	for (size_t a = 0; a < MAX_OFFSET; a++) {
		for (size_t b = 0; b < 40; b++) {
			for (size_t i = 0; i < TESS_ARRAY_SIZE(lengths); i++) {
				size_t n = lengths[i];

				if (a + b + n > BUF_SIZE)
					continue;
				/* Forward: dest a, src a + b. */
				fill_pattern(buf, sizeof(buf), 4);
				fill_pattern(expected, sizeof(expected), 4);
				reference_move(expected + a, expected + a + b,
					       n);
				if (memmove(buf + a, buf + a + b, n) !=
					    buf + a ||
				    !bytes_equal(buf, expected, sizeof(buf))) {
					report_case("memmove down", a, a + b,
						    n);
					return;
				}
				/* Backward: dest a + b, src a. */
				fill_pattern(buf, sizeof(buf), 5);
				fill_pattern(expected, sizeof(expected), 5);
				reference_move(expected + a + b, expected + a,
					       n);
				memmove(buf + a + b, buf + a, n);
				if (!bytes_equal(buf, expected, sizeof(buf))) {
					report_case("memmove up", a + b, a, n);
					return;
				}
			}
		}
	}
}

TESS_TEST(nolibc_memory, memmove_of_disjoint_buffers_is_a_copy)
{
	unsigned char src[100], dst[100];

	fill_pattern(src, sizeof(src), 6);
	memset(dst, 0, sizeof(dst));
	EXPECT_TRUE(memmove(dst, src, sizeof(src)) == dst);
	EXPECT_MEMEQ(dst, src, sizeof(src));
}

TESS_TEST(nolibc_memory, memcmp_orders_bytes_as_unsigned)
{
	EXPECT_EQ(memcmp("abc", "abc", 3), 0);
	EXPECT_LT(memcmp("abc", "abd", 3), 0);
	EXPECT_GT(memcmp("abd", "abc", 3), 0);
	/* 0x80 is above 0x7f although a signed char would be negative. */
	EXPECT_GT(memcmp("\x80", "\x7f", 1), 0);
	EXPECT_LT(memcmp("\x01", "\xff", 1), 0);
	/* Only n bytes count, NULs included. */
	EXPECT_EQ(memcmp("ab\0x", "ab\0y", 3), 0);
	EXPECT_LT(memcmp("ab\0x", "ab\0y", 4), 0);
	EXPECT_EQ(memcmp("a", "b", 0), 0);
}

TESS_TEST(nolibc_memory, memchr_finds_first_byte_within_n)
{
	static const char s[] = "hello\0world\xe9";

	EXPECT_TRUE(memchr(s, 'l', sizeof(s)) == s + 2);
	EXPECT_TRUE(memchr(s, 'w', sizeof(s)) == s + 6);
	/* Past the NUL: memchr is not a string function. */
	EXPECT_TRUE(memchr(s, '\0', sizeof(s)) == s + 5);
	/* c is converted to unsigned char. */
	EXPECT_TRUE(memchr(s, 0xe9, sizeof(s)) == s + 11);
	EXPECT_TRUE(memchr(s, 0x1e9, sizeof(s)) == s + 11);
	EXPECT_NULL(memchr(s, 'w', 6));
	EXPECT_NULL(memchr(s, 'h', 0));
}
