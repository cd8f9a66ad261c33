/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libctest: runs the C library tests (lib/test's runner, on musl's stdio):
 * the libc_* suites, or the suites and tests named on the command line.
 * Other libraries' suites are linked in too (lib/test compiles every
 * selected library's tests) but are apps/tests's job: some of them set
 * the thread pointer, which under musl is the C library's own.
 */
#include <tess/test.h>

int main(int argc, char *argv[])
{
	static char *const libc_suites[] = {
		"libc_stdio", "libc_string", "libc_malloc", "libc_pthread",
		"libc_time",
	};

	if (argc > 1)
		return tess_test_run(argc - 1, argv + 1) ? 1 : 0;
	return tess_test_run(sizeof(libc_suites) / sizeof(libc_suites[0]),
			     libc_suites) ? 1 : 0;
}
