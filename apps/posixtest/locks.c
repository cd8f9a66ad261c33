/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/locks.c in this image, its main renamed locks_main (see main.c). */
#define main locks_main
#include "../../tests/posix/locks.c"
