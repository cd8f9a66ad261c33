/* SPDX-License-Identifier: BSD-3-Clause */
/* The unit test runner: filters, failure reports, the summary line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tess/plat/time.h>
#include <tess/test.h>

/* The state of the test being run; swapped by tests of the framework
 * itself to capture failures without counting them. */
struct tess_test_state *tess_test_current;

void tess_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (tess_test_current == NULL)
		return;
	tess_test_current->failures++;
	if (tess_test_current->quiet)
		return;
	printf("    FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tess_test_check_str(const char *file, int line, const char *ea,
			const char *eb, const char *a, const char *b)
{
	if (a != NULL && b != NULL && strcmp(a, b) == 0)
		return 0;
	tess_test_fail(file, line, "expected %s == %s (\"%s\" vs \"%s\")", ea,
		       eb, a ? a : "(null)", b ? b : "(null)");
	return 1;
}

int tess_test_check_mem(const char *file, int line, const char *ea,
			const char *eb, const void *a, const void *b,
			size_t len)
{
	const unsigned char *pa = a, *pb = b;

	for (size_t i = 0; i < len; i++) {
		if (pa[i] != pb[i]) {
			tess_test_fail(file, line,
				       "expected %s == %s for %zu bytes; first difference at byte %zu (%#x vs %#x)",
				       ea, eb, len, i, pa[i], pb[i]);
			return 1;
		}
	}
	return 0;
}

/* A filter selects a whole suite ("alloc") or one test ("alloc.basic"). */
static bool test_selected(const struct tess_test *t, int nfilters,
			  char *const filters[])
{
	size_t slen = strlen(t->suite);

	if (nfilters == 0)
		return true;
	for (int i = 0; i < nfilters; i++) {
		const char *f = filters[i];

		if (strcmp(f, t->suite) == 0)
			return true;
		if (strncmp(f, t->suite, slen) == 0 && f[slen] == '.' &&
		    strcmp(f + slen + 1, t->name) == 0)
			return true;
	}
	return false;
}

unsigned int tess_test_run(int nfilters, char *const filters[])
{
	unsigned int passed = 0, failed = 0;
	const struct tess_test *t;

	for (t = __start_tess_tests; t < __stop_tess_tests; t++) {
		struct tess_test_state state = { 0 };
		uint64_t start;

		if (!test_selected(t, nfilters, filters))
			continue;
		printf("[ RUN  ] %s.%s\n", t->suite, t->name);
		tess_test_current = &state;
		start = tess_plat_monotonic_ns();
		t->fn();
		tess_test_current = NULL;
		if (state.failures == 0) {
			passed++;
			printf("[  OK  ] %s.%s (%llu us)\n", t->suite, t->name,
			       (unsigned long long)(tess_plat_monotonic_ns() -
						    start) / 1000);
		} else {
			failed++;
			printf("[ FAIL ] %s.%s (%u failed expectations)\n",
			       t->suite, t->name, state.failures);
		}
	}
	if (passed + failed == 0 && nfilters > 0)
		printf("no test matches the filter\n");
	printf("%u passed, %u failed\n", passed, failed);
	return failed;
}
