/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm clocks from the TSC (frequency given by the monitor; no calibration). */
#include <tess/arch.h>
#include <tess/debug.h>
#include <tess/plat/time.h>

#include "kvm.h"

/* ns = (tsc delta * ns_per_tsc_q32) >> 32 and back; set once at entry. */
static uint64_t ns_per_tsc_q32;
static uint64_t tsc_per_ns_q32;

void kvm_clock_init(void)
{
	if (kvm_boot_info.tsc_khz == 0)
		tess_panic("the monitor did not give the TSC frequency");
	ns_per_tsc_q32 = (1000000ULL << 32) / kvm_boot_info.tsc_khz;
	tsc_per_ns_q32 = (kvm_boot_info.tsc_khz << 32) / 1000000;
}

static uint64_t tsc_delta_to_ns(uint64_t delta)
{
	return (uint64_t)(((unsigned __int128)delta * ns_per_tsc_q32) >> 32);
}

/* 36 years: later deadlines are clamped, so the conversion cannot wrap. */
#define DEADLINE_NS_MAX (1ULL << 60)

uint64_t kvm_ns_to_tsc(uint64_t ns)
{
	uint64_t delta, now;

	if (ns > DEADLINE_NS_MAX)
		ns = DEADLINE_NS_MAX;
	delta = (uint64_t)(((unsigned __int128)ns * tsc_per_ns_q32) >> 32);
	/* The first TSC value the monotonic clock reads as >= ns, so a timer
	 * handler never sees a time before its deadline: the estimate is
	 * off by rounding only, a step or two fixes it. */
	while ((now = tsc_delta_to_ns(delta)) < ns)
		delta += (uint64_t)(((unsigned __int128)(ns - now) *
				     tsc_per_ns_q32) >> 32) + 1;
	return kvm_boot_info.boot_tsc + delta;
}

uint64_t tess_plat_monotonic_ns(void)
{
	return tsc_delta_to_ns(tess_arch_rdtsc() - kvm_boot_info.boot_tsc);
}

uint64_t tess_plat_wall_ns(void)
{
	return kvm_boot_info.boot_wall_ns + tess_plat_monotonic_ns();
}
