/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/files.c in this image, its main renamed files_main (see main.c). */
#define main files_main
#include "../../tests/posix/files.c"
