/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/posix/resolve.c in this image, its main renamed resolve_main (see main.c). */
#define main resolve_main
#include "../../tests/posix/resolve.c"
