/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/stdio.c in this image, its main renamed stdio_main (see main.c). */
#define main stdio_main
#include "../../tests/posix/stdio.c"
