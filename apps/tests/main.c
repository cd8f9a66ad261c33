/* SPDX-License-Identifier: BSD-3-Clause */
/* tests: runs the registered unit tests; argv filters by suite or suite.test. */
#include <string.h>
#include <tess/test.h>

#define SUITES_MAX 16

int main(int argc, char *argv[])
{
	static char suites[] = CONFIG_TESS_TESTS_SUITES;
	char *filters[SUITES_MAX], *save = NULL;
	int n = 0;

	if (argc > 1 || suites[0] == '\0')
		return tess_test_run(argc - 1, argv + 1) ? 1 : 0;
	/* The configuration's own list (CONFIG_TESS_TESTS_SUITES). */
	for (char *s = strtok_r(suites, " ", &save); s && n < SUITES_MAX;
	     s = strtok_r(NULL, " ", &save))
		filters[n++] = s;
	return tess_test_run(n, filters) ? 1 : 0;
}
