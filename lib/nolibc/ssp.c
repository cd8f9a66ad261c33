/* SPDX-License-Identifier: BSD-3-Clause */
/* The stack protector's canary and its failure report (a C library's;
 * lib/debug's tess_ssp_seed sets the canary at boot). */
#include <tess/debug.h>

/* The default only matters until platform entry seeds it. */
unsigned long __stack_chk_guard = 0x595e9fbd94fda766UL;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	tess_panic("stack smashing detected (stack protector canary overwritten)");
}
