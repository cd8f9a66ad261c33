/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check() for Tessera's host test programs (tools/vmm, tools/tess,
 * lib/elfexec): one "ok - NAME" or "not ok - NAME" line per check, the
 * lines tests/integration scripts count, and the two counters for the
 * program's summary. Define HOST_CHECK_PREFIX before including to put a
 * word before every name.
 */
#ifndef TESS_HOST_CHECK_H
#define TESS_HOST_CHECK_H

#include <stdio.h>

#ifndef HOST_CHECK_PREFIX
#define HOST_CHECK_PREFIX ""
#endif

static unsigned int passed, failed;

static void check(int cond, const char *name)
{
	if (cond) {
		passed++;
		printf("ok - %s%s\n", HOST_CHECK_PREFIX, name);
	} else {
		failed++;
		printf("not ok - %s%s\n", HOST_CHECK_PREFIX, name);
	}
}

#endif /* TESS_HOST_CHECK_H */
