/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/stdin.c in this image, its main renamed stdin_main (see main.c). */
#define main stdin_main
#include "../../tests/posix/stdin.c"
