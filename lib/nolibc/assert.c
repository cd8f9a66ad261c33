/* SPDX-License-Identifier: BSD-3-Clause */
/* The failure path of assert(). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void tess_nolibc_assert_fail(const char *expr, const char *file, int line,
			     const char *function)
{
	/* What the program printed before comes first. */
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s: assertion `%s' failed\n", file, line,
		function, expr);
	abort();
}
