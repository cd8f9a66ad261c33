/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architecture contract, x86_64 implementation: CPU hints, cycle counter
 * and stack walking.
 *
 * Everything here is safe in any context (interrupt handlers included) and
 * executes no trapping instruction.
 */
#ifndef TESS_ARCH_H
#define TESS_ARCH_H

#include <stdint.h>

#define TESS_ARCH_NAME "x86_64"

static inline void tess_arch_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* Time stamp counter: not serialising; cheap (no trap) on KVM and Linux. */
static inline uint64_t tess_arch_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Walks the frame-pointer chain starting at frame (an %rbp value) and
 * stores up to max return addresses. The walk stops at a NULL, misaligned
 * or non-increasing frame pointer, so a corrupt stack ends the walk
 * instead of faulting on the first implausible link (it may still read a
 * stale but mapped frame). Returns the number of addresses stored.
 */
int tess_arch_backtrace(uintptr_t frame, uintptr_t *addrs, int max);

static inline uintptr_t tess_arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

#endif /* TESS_ARCH_H */
