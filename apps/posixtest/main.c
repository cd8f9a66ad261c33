/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posixtest: the differential POSIX test programs of tests/posix in one
 * image. `posixtest PROGRAM DIR` runs one of them as the same program
 * built natively runs with `PROGRAM DIR` (its argv[0] is PROGRAM); it
 * prints what it does, line by line, and tests/integration/posix-diff.sh
 * compares that with the native output. Without arguments, or with an
 * unknown name, it lists the programs and exits 64 (EX_USAGE).
 *
 * The programs are NAME.c here, each a wrapper that renames the
 * program's main to NAME_main; POSIXTEST_PROGRAMS (from Makefile.uk)
 * lists them as X(NAME) X(NAME) ...
 */
#include <stdio.h>
#include <string.h>

#define X(name) int name##_main(int argc, char **argv);
POSIXTEST_PROGRAMS
#undef X

static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} programs[] = {
#define X(name) {#name, name##_main},
	POSIXTEST_PROGRAMS
#undef X
};

int main(int argc, char *argv[])
{
	size_t n = sizeof(programs) / sizeof(programs[0]);

	for (size_t i = 0; argc > 1 && i < n; i++)
		if (strcmp(argv[1], programs[i].name) == 0)
			return programs[i].main(argc - 1, argv + 1);
	fprintf(stderr, "usage: posixtest PROGRAM DIR, PROGRAM one of:");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %s", programs[i].name);
	fprintf(stderr, "\n");
	return 64;
}
