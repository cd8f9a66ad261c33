/* SPDX-License-Identifier: BSD-3-Clause */
/* musl's stdio formatting on Tessera. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tess/test.h>

static int formats(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int formats(const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strcmp(buf, want) == 0;
}

TESS_TEST(libc_stdio, integers_in_every_base_and_width)
{
	EXPECT_TRUE(formats("42 -42 052 0x2a 0X2A", "%d %i %#o %#x %#X", 42, -42, 42, 42, 42));
	EXPECT_TRUE(formats("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42));
	EXPECT_TRUE(formats("18446744073709551615", "%" PRIu64, UINT64_MAX));
	EXPECT_TRUE(formats("-9223372036854775808", "%lld", (long long)INT64_MIN));
	EXPECT_TRUE(formats("+7  7", "%+d % d", 7, 7));
}

TESS_TEST(libc_stdio, floating_point_is_correctly_rounded)
{
	EXPECT_TRUE(formats("3.14159", "%.5f", 3.14159265));
	EXPECT_TRUE(formats("1.000000e+100", "%e", 1e100));
	EXPECT_TRUE(formats("0.1", "%g", 0.1));
	EXPECT_TRUE(formats("2.5", "%.1f", 2.45000001));
	EXPECT_TRUE(formats("inf -inf nan", "%g %g %g", INFINITY, -INFINITY, NAN));
	EXPECT_TRUE(formats("0x1p+0", "%a", 1.0));
}

TESS_TEST(libc_stdio, strings_chars_and_pointers)
{
	EXPECT_TRUE(formats("[  abc][ab]", "[%5s][%.2s]", "abc", "abc"));
	EXPECT_TRUE(formats("A%", "%c%%", 'A'));
	{
		char buf[32];
		int on_stack;

		snprintf(buf, sizeof(buf), "%p", (void *)&on_stack);
		EXPECT_TRUE(buf[0] == '0' && buf[1] == 'x');
	}
	EXPECT_EQ(snprintf(NULL, 0, "%d", 123456), 6);
}

TESS_TEST(libc_stdio, sscanf_parses_back)
{
	int a = 0;
	double d = 0;
	char word[16] = "";

	EXPECT_EQ(sscanf("17 2.5 tessera", "%d %lf %15s", &a, &d, word), 3);
	EXPECT_EQ(a, 17);
	EXPECT_TRUE(d == 2.5);
	EXPECT_TRUE(strcmp(word, "tessera") == 0);
}

TESS_TEST(libc_stdio, stdout_and_stderr_write_through_the_console)
{
	EXPECT_GT(printf("libctest: a line on stdout\n"), 0);
	EXPECT_EQ(fflush(stdout), 0);
	EXPECT_GT(fprintf(stderr, "libctest: a line on stderr\n"), 0);
	/* stdin is at end of file (posix-console). */
	EXPECT_EQ(getchar(), EOF);
	EXPECT_TRUE(feof(stdin));
}
