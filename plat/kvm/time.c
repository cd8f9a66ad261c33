/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm clocks from the TSC (frequency given by the monitor; no calibration). */
#include <tess/arch.h>
#include <tess/debug.h>
#include <tess/plat/time.h>

#include "kvm.h"

/* ns = (tsc delta * ns_per_tsc_q32) >> 32; set once at entry. */
static uint64_t ns_per_tsc_q32;

void kvm_clock_init(void)
{
	if (kvm_boot_info.tsc_khz == 0)
		tess_panic("the monitor did not give the TSC frequency");
	ns_per_tsc_q32 = (1000000ULL << 32) / kvm_boot_info.tsc_khz;
}

uint64_t tess_plat_monotonic_ns(void)
{
	uint64_t delta = tess_arch_rdtsc() - kvm_boot_info.boot_tsc;

	return (uint64_t)(((unsigned __int128)delta * ns_per_tsc_q32) >> 32);
}

uint64_t tess_plat_wall_ns(void)
{
	return kvm_boot_info.boot_wall_ns + tess_plat_monotonic_ns();
}
