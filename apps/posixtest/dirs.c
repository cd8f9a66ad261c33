/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/dirs.c in this image, its main renamed dirs_main (see main.c). */
#define main dirs_main
#include "../../tests/posix/dirs.c"
