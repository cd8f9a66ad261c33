/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/links.c in this image, its main renamed links_main (see main.c). */
#define main links_main
#include "../../tests/posix/links.c"
