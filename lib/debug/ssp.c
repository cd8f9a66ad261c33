/* SPDX-License-Identifier: BSD-3-Clause */
/* Stack protector runtime: the canary and the smashed-stack report. */
#include <tess/debug.h>

/* The canary; written once by platform entry (tess_ssp_seed) before any
 * protected frame exists. The default only matters until then. */
unsigned long __stack_chk_guard = 0x595e9fbd94fda766UL;

__attribute__((no_stack_protector)) void tess_ssp_seed(unsigned long long seed)
{
	/* A zero low byte stops string overflows from copying the canary. */
	__stack_chk_guard = (unsigned long)seed & ~0xffUL;
}

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	tess_panic("stack smashing detected (stack protector canary overwritten)");
}
