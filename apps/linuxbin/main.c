/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxbin: runs the embedded static-PIE Linux program (program.S) with
 * this image's arguments; its exit status is the image's. The library
 * option linuxbin.truncate=N hands the loader only the first N bytes,
 * which it must refuse (tests/integration/linuxbin.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/elfexec.h>
#include <tess/init.h>

extern const unsigned char linuxbin_program[], linuxbin_program_end[];

/* Set by the linuxbin.truncate option before init; read by main. */
static unsigned long truncate_bytes;
static int truncate_set;

static int truncate_param(const char *value)
{
	int err = tess_param_parse_size(value, &truncate_bytes);

	if (err)
		return err;
	truncate_set = 1;
	return 0;
}
TESS_PARAM(linuxbin_truncate, "linuxbin.truncate", truncate_param,
	   "pass only the first N bytes of the program (a test of the loader's "
	   "checks)");

int main(int argc, char *argv[])
{
	size_t size = (size_t)(linuxbin_program_end - linuxbin_program);
	int err;

	if (truncate_set && truncate_bytes < size)
		size = truncate_bytes;
	err = tess_elfexec_run(linuxbin_program, size, argc, argv);
	/* Only a refused program comes back. */
	fprintf(stderr, "linuxbin: the program (%zu bytes) did not run: %s\n",
		size, strerror(-err));
	return 126;
}
