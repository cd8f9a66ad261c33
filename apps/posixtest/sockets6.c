/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/sockets6.c in this image, its main renamed sockets6_main (see main.c). */
#define main sockets6_main
#include "../../tests/posix/sockets6.c"
