/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/fds.c in this image, its main renamed fds_main (see main.c). */
#define main fds_main
#include "../../tests/posix/fds.c"
