/* SPDX-License-Identifier: BSD-3-Clause */
/* musl's strings and memory functions on Tessera. */
#include <stdlib.h>
#include <string.h>
#include <tess/test.h>

TESS_TEST(libc_string, copy_compare_search)
{
	char buf[32];

	strcpy(buf, "unikernel");
	EXPECT_EQ(strlen(buf), 9);
	EXPECT_TRUE(strcmp(buf, "unikernel") == 0);
	EXPECT_LT(strcmp("abc", "abd"), 0);
	EXPECT_TRUE(strstr(buf, "kern") == buf + 3);
	EXPECT_TRUE(strchr(buf, 'e') == buf + 4);
	EXPECT_TRUE(strrchr(buf, 'e') == buf + 7);
	EXPECT_EQ(strncmp("tessera", "tesla", 3), 0);
	strcat(buf, "!");
	EXPECT_TRUE(strcmp(buf, "unikernel!") == 0);
}

TESS_TEST(libc_string, memory_functions_handle_overlap_and_sizes)
{
	char buf[64];

	for (int i = 0; i < 64; i++)
		buf[i] = (char)i;
	memmove(buf + 1, buf, 40);
	EXPECT_EQ(buf[1], 0);
	EXPECT_EQ(buf[40], 39);
	memmove(buf, buf + 1, 40);
	EXPECT_EQ(buf[39], 39);
	memset(buf, 0x5a, sizeof(buf));
	EXPECT_TRUE(memchr(buf, 0x5a, sizeof(buf)) == buf);
	EXPECT_EQ(memcmp(buf, buf + 1, 32), 0);
}

TESS_TEST(libc_string, conversions_and_tokens)
{
	char text[] = "a,b,,c";
	char *save, *tok;
	int count = 0;

	EXPECT_EQ(strtol("-0x1f", NULL, 16), -31);
	EXPECT_EQ(strtoul("777", NULL, 8), 511);
	EXPECT_TRUE(strtod("1e3", NULL) == 1000.0);
	EXPECT_EQ(atoi("  42x"), 42);
	for (tok = strtok_r(text, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		count++;
	EXPECT_EQ(count, 3);
}
