/* SPDX-License-Identifier: BSD-3-Clause */
/* The host's TSC frequency, which a guest under QEMU without KVM needs. */
#include <cpuid.h>
#include <time.h>
#include <x86intrin.h>

#include "tess.h"

#define MEASURE_NS 20000000ULL /* 20 ms: about 1e-4 relative error */

static uint64_t monotonic_raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* CPUID leaf 0x15 (TSC/crystal ratio), else the hypervisor timing leaf
 * 0x40000010 when this host is itself a VM; 0 when neither tells. */
static uint64_t cpuid_tsc_khz(void)
{
	unsigned int a, b, c, d, max = __get_cpuid_max(0, NULL);

	if (max >= 0x15) {
		__cpuid_count(0x15, 0, a, b, c, d);
		if (a && b && c)
			return (uint64_t)c * b / a / 1000;
	}
	__cpuid(1, a, b, c, d);
	if (c & (1u << 31)) {
		__cpuid(0x40000000, a, b, c, d);
		if (a >= 0x40000010 && a < 0x40010000) {
			__cpuid(0x40000010, a, b, c, d);
			if (a)
				return a;
		}
	}
	return 0;
}

uint64_t tess_host_tsc_khz(void)
{
	uint64_t khz = cpuid_tsc_khz(), t0, c0, t1, c1;

	if (khz)
		return khz;
	/* The host kernel calibrated the TSC at boot; comparing it with
	 * its clock over a short span recovers the rate. */
	t0 = monotonic_raw_ns();
	c0 = __rdtsc();
	do
		t1 = monotonic_raw_ns();
	while (t1 - t0 < MEASURE_NS);
	c1 = __rdtsc();
	return (c1 - c0) * 1000000ULL / (t1 - t0);
}
