/* SPDX-License-Identifier: BSD-3-Clause */
/* main without a C library start-up (lib/nolibc needs none). */
#include <tess/boot.h>

int tess_boot_libc_main(int argc, char *argv[])
{
	return main(argc, argv);
}
