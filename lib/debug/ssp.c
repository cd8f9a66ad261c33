/* SPDX-License-Identifier: BSD-3-Clause */
/* Stack protector runtime: the canary and the smashed-stack report. */
#include <tess/debug.h>

#ifdef CONFIG_TESS_EXT_MUSL
/* musl defines the canary and its failure handler (a crash, reported by
 * the platform's fault handler); only the seeding is ours. musl's own
 * seeding from AT_RANDOM (lib/boot) keeps this value: it clears byte 1,
 * so that byte is clear here already. */
extern unsigned long __stack_chk_guard;

__attribute__((no_stack_protector)) void tess_ssp_seed(unsigned long long seed)
{
	__stack_chk_guard = (unsigned long)seed & ~0xff00UL & ~0xffUL;
}
#else
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
#endif
