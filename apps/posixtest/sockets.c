/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/sockets.c in this image, its main renamed sockets_main (see main.c). */
#define main sockets_main
#include "../../tests/posix/sockets.c"
