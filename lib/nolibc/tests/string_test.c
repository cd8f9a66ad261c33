/* SPDX-License-Identifier: BSD-3-Clause */
/* String functions of lib/nolibc: string.h, strings.h, strerror, errno. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <tess/test.h>

TESS_TEST(nolibc_string, strlen_and_strnlen_count_up_to_the_nul)
{
	/* strnlen reads no byte past maxlen: this array has no NUL. */
	static const char unterminated[4] = {'w', 'x', 'y', 'z'};

	EXPECT_EQ(strlen(""), 0);
	EXPECT_EQ(strlen("abc"), 3);
	EXPECT_EQ(strlen("ab\0cd"), 2);
	EXPECT_EQ(strnlen("abc", 10), 3);
	EXPECT_EQ(strnlen("abc", 2), 2);
	EXPECT_EQ(strnlen("abc", 0), 0);
	EXPECT_EQ(strnlen(unterminated, sizeof(unterminated)), 4);
}

TESS_TEST(nolibc_string, strcpy_and_strcat_copy_the_nul)
{
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	EXPECT_TRUE(strcpy(buf, "abc") == buf);
	EXPECT_MEMEQ(buf, "abc\0x", 5);
	EXPECT_TRUE(strcat(buf, "de") == buf);
	EXPECT_MEMEQ(buf, "abcde\0x", 7);
	strcat(buf, "");
	EXPECT_STREQ(buf, "abcde");
	strcpy(buf, "");
	EXPECT_STREQ(buf, "");
}

TESS_TEST(nolibc_string, strncpy_pads_with_nuls_and_may_not_terminate)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_TRUE(strncpy(buf, "ab", 5) == buf);
	EXPECT_MEMEQ(buf, "ab\0\0\0xxx", 8);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "abcdef", 4);
	EXPECT_MEMEQ(buf, "abcdxxxx", 8);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "abc", 0);
	EXPECT_MEMEQ(buf, "xxxxxxxx", 8);
}

TESS_TEST(nolibc_string, strlcpy_truncates_terminates_and_returns_source_length)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(strlcpy(buf, "abc", sizeof(buf)), 3);
	EXPECT_MEMEQ(buf, "abc\0xxxx", 8);
	EXPECT_EQ(strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(strlcpy(buf, "abcdefgh", 8), 8);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(strlcpy(buf, "abc", 1), 3);
	EXPECT_STREQ(buf, "");
	/* Size 0 writes nothing at all. */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(strlcpy(buf, "abc", 0), 3);
	EXPECT_EQ(buf[0], 'x');
}

TESS_TEST(nolibc_string, strncat_appends_at_most_n_and_terminates)
{
	char buf[16] = "ab";

	EXPECT_TRUE(strncat(buf, "cdef", 2) == buf);
	EXPECT_STREQ(buf, "abcd");
	strncat(buf, "xy", 10);
	EXPECT_STREQ(buf, "abcdxy");
	strncat(buf, "zzz", 0);
	EXPECT_STREQ(buf, "abcdxy");
}

TESS_TEST(nolibc_string, strcmp_family_orders_as_unsigned_char)
{
	EXPECT_EQ(strcmp("", ""), 0);
	EXPECT_EQ(strcmp("abc", "abc"), 0);
	EXPECT_LT(strcmp("abc", "abd"), 0);
	EXPECT_GT(strcmp("abd", "abc"), 0);
	EXPECT_LT(strcmp("ab", "abc"), 0);
	EXPECT_GT(strcmp("abc", "ab"), 0);
	EXPECT_GT(strcmp("\xe9", "e"), 0);
	EXPECT_EQ(strncmp("abcx", "abcy", 3), 0);
	EXPECT_LT(strncmp("abcx", "abcy", 4), 0);
	EXPECT_EQ(strncmp("ab", "ab", 10), 0);
	EXPECT_LT(strncmp("ab", "abc", 10), 0);
	EXPECT_EQ(strncmp("a", "b", 0), 0);
	EXPECT_GT(strncmp("\x80", "\x7f", 1), 0);
}

TESS_TEST(nolibc_string, strcasecmp_ignores_ascii_case_only)
{
	EXPECT_EQ(strcasecmp("Hello", "hELLO"), 0);
	EXPECT_LT(strcasecmp("abc", "ABD"), 0);
	EXPECT_GT(strcasecmp("b", "A"), 0);
	EXPECT_LT(strcasecmp("ab", "ABC"), 0);
	/* '[' lies between 'Z' and 'a': lower-cased, "A" is above it. */
	EXPECT_GT(strcmp("[", "A"), 0);
	EXPECT_LT(strcasecmp("[", "A"), 0);
	EXPECT_LT(strcasecmp("[", "a"), 0);
	EXPECT_NE(strcasecmp("\xc9", "\xe9"), 0);
	EXPECT_EQ(strncasecmp("ABCx", "abcy", 3), 0);
	EXPECT_LT(strncasecmp("ABCx", "abcy", 4), 0);
	EXPECT_EQ(strncasecmp("x", "y", 0), 0);
}

TESS_TEST(nolibc_string, strchr_and_strrchr_find_first_and_last)
{
	static const char s[] = "abcabc";

	EXPECT_TRUE(strchr(s, 'b') == s + 1);
	EXPECT_TRUE(strrchr(s, 'b') == s + 4);
	EXPECT_NULL(strchr(s, 'z'));
	EXPECT_NULL(strrchr(s, 'z'));
	/* The terminating NUL is part of the string. */
	EXPECT_TRUE(strchr(s, '\0') == s + 6);
	EXPECT_TRUE(strrchr(s, '\0') == s + 6);
	/* c is converted to char. */
	EXPECT_TRUE(strchr("x\xe9y", 0xe9) != NULL);
	/* Out of char range on purpose (C11 7.24.5.2: converted to char). */
	/* cppcheck-suppress invalidFunctionArg */
	EXPECT_TRUE(strchr("x\xe9y", 0x1e9) != NULL);
}

TESS_TEST(nolibc_string, strstr_finds_the_first_occurrence)
{
	static const char s[] = "aaabaaab";

	EXPECT_TRUE(strstr(s, "aab") == s + 1);
	EXPECT_TRUE(strstr(s, "b") == s + 3);
	EXPECT_TRUE(strstr(s, s) == s);
	EXPECT_TRUE(strstr(s, "baaab") == s + 3);
	/* The empty needle is found at the start, even in "". */
	EXPECT_TRUE(strstr(s, "") == s);
	EXPECT_TRUE(strstr("", "") != NULL);
	EXPECT_NULL(strstr(s, "abb"));
	EXPECT_NULL(strstr(s, "aaabaaabx"));
	EXPECT_NULL(strstr("", "a"));
}

TESS_TEST(nolibc_string, span_functions_measure_runs_of_a_set)
{
	EXPECT_EQ(strspn("aabbc", "ab"), 4);
	EXPECT_EQ(strspn("xyz", "ab"), 0);
	EXPECT_EQ(strspn("", "ab"), 0);
	EXPECT_EQ(strspn("abc", ""), 0);
	EXPECT_EQ(strcspn("abc,def", ",;"), 3);
	EXPECT_EQ(strcspn("abc", ",;"), 3);
	EXPECT_EQ(strcspn("abc", ""), 3);
	/* Bytes above 0x7f are ordinary members. */
	EXPECT_EQ(strspn("\xe9\xe9x", "\xe9"), 2);
	EXPECT_STREQ(strpbrk("key=value;x", "=;"), "=value;x");
	EXPECT_NULL(strpbrk("abc", "xyz"));
	EXPECT_NULL(strpbrk("abc", ""));
}

TESS_TEST(nolibc_string, strtok_r_splits_at_runs_of_delimiters)
{
	char text[] = ",,alpha,;beta;;gamma,,";
	char empty[] = "", only_delims[] = ",,,";
	char *save = NULL;

	EXPECT_STREQ(strtok_r(text, ",;", &save), "alpha");
	EXPECT_STREQ(strtok_r(NULL, ",;", &save), "beta");
	/* The delimiter set may change between calls. */
	EXPECT_STREQ(strtok_r(NULL, ";", &save), "gamma,,");
	EXPECT_NULL(strtok_r(NULL, ",;", &save));
	EXPECT_NULL(strtok_r(NULL, ",;", &save));

	EXPECT_NULL(strtok_r(empty, ",", &save));
	EXPECT_NULL(strtok_r(only_delims, ",", &save));
}

TESS_TEST(nolibc_string, strtok_r_keeps_independent_positions)
{
	char a[] = "1 2", b[] = "x:y";
	char *save_a, *save_b;

	EXPECT_STREQ(strtok_r(a, " ", &save_a), "1");
	EXPECT_STREQ(strtok_r(b, ":", &save_b), "x");
	EXPECT_STREQ(strtok_r(NULL, " ", &save_a), "2");
	EXPECT_STREQ(strtok_r(NULL, ":", &save_b), "y");
	EXPECT_NULL(strtok_r(NULL, " ", &save_a));
	EXPECT_NULL(strtok_r(NULL, ":", &save_b));
}

TESS_TEST(nolibc_string, strerror_gives_linux_messages)
{
	EXPECT_STREQ(strerror(0), "Success");
	EXPECT_STREQ(strerror(EPERM), "Operation not permitted");
	EXPECT_STREQ(strerror(ENOENT), "No such file or directory");
	EXPECT_STREQ(strerror(ENOMEM), "Cannot allocate memory");
	EXPECT_STREQ(strerror(EINVAL), "Invalid argument");
	EXPECT_STREQ(strerror(ERANGE), "Numerical result out of range");
	EXPECT_STREQ(strerror(ENOSYS), "Function not implemented");
	EXPECT_STREQ(strerror(EOPNOTSUPP), "Operation not supported");
	EXPECT_STREQ(strerror(ETIMEDOUT), "Connection timed out");
	EXPECT_STREQ(strerror(ECANCELED), "Operation canceled");
	EXPECT_STREQ(strerror(EHWPOISON), "Memory page has hardware error");
}

TESS_TEST(nolibc_string, strerror_of_an_unknown_number_names_it)
{
	EXPECT_STREQ(strerror(41), "Unknown error 41");
	EXPECT_STREQ(strerror(134), "Unknown error 134");
	EXPECT_STREQ(strerror(-5), "Unknown error -5");
	EXPECT_STREQ(strerror(-2147483647 - 1), "Unknown error -2147483648");
}

TESS_TEST(nolibc_string, errno_values_are_linux_x86_64)
{
	EXPECT_EQ(EPERM, 1);
	EXPECT_EQ(EIO, 5);
	EXPECT_EQ(EAGAIN, 11);
	EXPECT_EQ(EWOULDBLOCK, EAGAIN);
	EXPECT_EQ(ENOMEM, 12);
	EXPECT_EQ(EINVAL, 22);
	EXPECT_EQ(ERANGE, 34);
	EXPECT_EQ(EDEADLOCK, 35);
	EXPECT_EQ(ENOSYS, 38);
	EXPECT_EQ(EOVERFLOW, 75);
	EXPECT_EQ(EOPNOTSUPP, 95);
	EXPECT_EQ(ENOTSUP, 95);
	EXPECT_EQ(EADDRINUSE, 98);
	EXPECT_EQ(ETIMEDOUT, 110);
	EXPECT_EQ(ECANCELED, 125);
	EXPECT_EQ(EHWPOISON, 133);
}
