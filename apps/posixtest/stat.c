/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/stat.c in this image, its main renamed stat_main (see main.c). */
#define main stat_main
#include "../../tests/posix/stat.c"
