/* SPDX-License-Identifier: BSD-3-Clause */
/* tests: runs the registered unit tests; argv filters by suite or suite.test. */
#include <tess/test.h>

int main(int argc, char *argv[])
{
	return tess_test_run(argc - 1, argv + 1) ? 1 : 0;
}
