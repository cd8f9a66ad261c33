/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/unix.c in this image, its main renamed unix_main (see main.c). */
#define main unix_main
#include "../../tests/posix/unix.c"
