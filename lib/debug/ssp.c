/* SPDX-License-Identifier: BSD-3-Clause */
/* Stack protector: seeding the canary the C library defines (nolibc's
 * lib/nolibc/ssp.c, or musl's), before any protected frame exists. */
#include <tess/debug.h>

extern unsigned long __stack_chk_guard;

__attribute__((no_stack_protector)) void tess_ssp_seed(unsigned long long seed)
{
	/* A zero low byte stops string overflows from copying the canary;
	 * byte 1 is clear as musl's own seeding from AT_RANDOM leaves it
	 * (that seeding keeps this value then). */
	__stack_chk_guard = (unsigned long)seed & ~0xff00UL & ~0xffUL;
}
