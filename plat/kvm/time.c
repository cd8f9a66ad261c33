/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm clocks from the TSC (frequency from the monitor, CPUID or kvmclock;
 * no calibration). */
#include <errno.h>
#include <stdlib.h>
#include <tess/arch.h>
#include <tess/boot.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/time.h>

#include "kvm.h"

/* ns = (tsc delta * ns_per_tsc_q32) >> 32 and back; set once at entry. */
static uint64_t ns_per_tsc_q32;
static uint64_t tsc_per_ns_q32;

/* Accepted plat.tsc_khz values: 1 MHz to 10 GHz. */
#define TSC_KHZ_MIN 1000
#define TSC_KHZ_MAX 10000000

static void clock_scale(uint64_t tsc_khz)
{
	kvm_boot_info.tsc_khz = tsc_khz;
	ns_per_tsc_q32 = (1000000ULL << 32) / tsc_khz;
	tsc_per_ns_q32 = (tsc_khz << 32) / 1000000;
}

/* Until the frequency is known (the VMM told it, or plat.tsc_khz did)
 * the clock reads 0; clock_check stops the boot if it never is. */
void kvm_clock_init(void)
{
	if (kvm_boot_info.tsc_khz >= TSC_KHZ_MIN &&
	    kvm_boot_info.tsc_khz <= TSC_KHZ_MAX)
		clock_scale(kvm_boot_info.tsc_khz);
	else
		kvm_boot_info.tsc_khz = 0;
}

static int tsc_khz_param(const char *value)
{
	char *end;
	unsigned long khz = strtoul(value, &end, 10);

	if (end == value || *end != '\0' || khz < TSC_KHZ_MIN ||
	    khz > TSC_KHZ_MAX) {
		tess_pr_err("plat.tsc_khz=%s: must be between %d and %d", value,
			    TSC_KHZ_MIN, TSC_KHZ_MAX);
		return -ERANGE;
	}
	clock_scale(khz);
	return 0;
}
TESS_PARAM(plat_tsc_khz, "plat.tsc_khz", tsc_khz_param,
	   "TSC frequency in kHz, for VMMs that tell it neither in tess-vmm's "
	   "boot info nor through CPUID or kvmclock (QEMU without KVM; tess "
	   "run passes it)");

static int clock_check(void)
{
	if (kvm_boot_info.tsc_khz) {
		tess_pr_debug("TSC at %lu kHz",
			      (unsigned long)kvm_boot_info.tsc_khz);
		return 0;
	}
	tess_pr_crit("the TSC frequency is unknown: this VMM tells it neither "
		     "in the boot info nor through CPUID or kvmclock; pass "
		     "plat.tsc_khz=KHZ");
	return -ENODEV;
}
TESS_INIT(clock_check, TESS_INIT_EARLY);

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
				     tsc_per_ns_q32) >>
				    32) +
			 1;
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

/* TSC at _start (start.S). */
extern uint64_t kvm_start_tsc;

/* The last init before main: tells a tracing monitor how long the guest
 * took from its first instruction to here (one exit, only when asked). */
static int boot_trace_main(void)
{
	if (kvm_boot_info.flags & TESS_KVM_BOOT_TRACE)
		kvm_monitor_write(
			TESS_KVM_MMIO_TRACE,
			tsc_delta_to_ns(tess_arch_rdtsc() - kvm_start_tsc));
	return 0;
}
TESS_INIT(boot_trace_main, TESS_INIT_APP + 9);
