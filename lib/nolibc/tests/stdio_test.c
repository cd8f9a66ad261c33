/* SPDX-License-Identifier: BSD-3-Clause */
/* stdout and stderr of lib/nolibc (the output goes to the console). */
#include <stdio.h>
#include <string.h>
#include <tess/test.h>

TESS_TEST(nolibc_stdio, printf_returns_the_number_of_characters)
{
	EXPECT_EQ(printf("%s", ""), 0);
	EXPECT_EQ(printf("nolibc stdio test: %d %s\n", 42, "ok"),
		  (int)strlen("nolibc stdio test: 42 ok\n"));
	EXPECT_EQ(fprintf(stdout, "%.0s", "hidden"), 0);
	EXPECT_EQ(fflush(stdout), 0);
	EXPECT_FALSE(ferror(stdout));
}

TESS_TEST(nolibc_stdio, character_and_string_output_report_success)
{
	EXPECT_EQ(fputs("", stdout), 0);
	EXPECT_GE(fputs("nolibc stdio test: fputs", stdout), 0);
	EXPECT_EQ(fputc(' ', stdout), ' ');
	EXPECT_EQ(putc('c', stdout), 'c');
	/* The character comes back as an unsigned char. */
	EXPECT_EQ(putchar(0x100 + '\n'), '\n');
	EXPECT_GE(puts("nolibc stdio test: puts"), 0);
	EXPECT_EQ(fwrite("nolibc stdio test: fwrite\n", 1, 26, stdout), 26);
	EXPECT_EQ(fwrite("x", 0, 5, stdout), 0);
	EXPECT_EQ(fwrite("x", 5, 0, stdout), 0);
}

TESS_TEST(nolibc_stdio, flush_of_all_streams_succeeds)
{
	EXPECT_EQ(printf("nolibc stdio test: partial line"), 31);
	EXPECT_EQ(fflush(NULL), 0);
	EXPECT_EQ(printf("\n"), 1);
	EXPECT_EQ(fflush(stderr), 0);
	EXPECT_FALSE(ferror(stderr));
	clearerr(stdout);
	EXPECT_FALSE(ferror(stdout));
}
