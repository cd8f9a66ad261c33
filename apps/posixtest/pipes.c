/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/pipes.c in this image, its main renamed pipes_main (see main.c). */
#define main pipes_main
#include "../../tests/posix/pipes.c"
