/* SPDX-License-Identifier: BSD-3-Clause */
/* The end of the program (abort, exit) and absolute values. */
#include <stdlib.h>
#include <tess/boot.h>
#include <tess/debug.h>

void abort(void)
{
	tess_panic("abort() called");
}

/* lib/boot runs the exit hooks (stdio flushes stdout there). */
void exit(int status)
{
	tess_boot_exit(status);
}

int abs(int value)
{
	return value < 0 ? -value : value;
}

long labs(long value)
{
	return value < 0 ? -value : value;
}

long long llabs(long long value)
{
	return value < 0 ? -value : value;
}
