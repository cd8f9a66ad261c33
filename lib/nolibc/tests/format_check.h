/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the printf tests: one format, its arguments, the text due. */
#ifndef TESS_NOLIBC_FORMAT_CHECK_H
#define TESS_NOLIBC_FORMAT_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tess/test.h>

#define CHECK_BUF_SIZE 512

/*
 * Formats with vsnprintf and expects the text and its length back; then
 * again into buffers of every size up to the length, where the output
 * must be the truncated prefix, still terminated, with the same return
 * value. Failures name the caller's line.
 */
static __attribute__((format(printf, 4, 5))) void
check_format(const char *file, int line, const char *expected, const char *fmt,
	     ...)
{
	char buf[CHECK_BUF_SIZE + 1];
	size_t len = strlen(expected);
	va_list ap;
	int ret;

	memset(buf, 'x', sizeof(buf));
	va_start(ap, fmt);
	ret = vsnprintf(buf, CHECK_BUF_SIZE, fmt, ap);
	va_end(ap);
	if (ret != (int)len || strcmp(buf, expected) != 0) {
		tess_test_fail(
			file, line,
			"format \"%s\" gave \"%s\" (%d), expected \"%s\" (%zu)",
			fmt, buf, ret, expected, len);
		return;
	}
	for (size_t size = 0; size <= len && size < 40; size++) {
		memset(buf, 'x', sizeof(buf));
		va_start(ap, fmt);
		ret = vsnprintf(size == 0 ? NULL : buf, size, fmt, ap);
		va_end(ap);
		if (ret != (int)len ||
		    (size > 0 && (strncmp(buf, expected, size - 1) != 0 ||
				  buf[size - 1] != '\0' || buf[size] != 'x'))) {
			tess_test_fail(file, line,
				       "format \"%s\" into %zu bytes gave "
				       "\"%.*s\" (%d)",
				       fmt, size, (int)size, buf, ret);
			return;
		}
	}
}

#define CHECK_FORMAT(expected, ...)                                            \
	check_format(__FILE__, __LINE__, expected, __VA_ARGS__)

#endif /* TESS_NOLIBC_FORMAT_CHECK_H */
