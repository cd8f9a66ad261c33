/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm platform internals: the boot info copy and the monitor registers. */
#ifndef TESS_PLAT_KVM_H
#define TESS_PLAT_KVM_H

#include <stdint.h>
#include <tess/kvm_abi.h>

/* The monitor's boot info, copied at entry (written once, then read). */
extern struct tess_kvm_boot_info kvm_boot_info;
extern const volatile struct tess_kvm_boot_info *kvm_boot_page;

/* A write to a monitor register exits to the monitor (unbacked MMIO). */
static inline void kvm_monitor_write(unsigned int reg, uint64_t value)
{
	*(volatile uint64_t *)(uintptr_t)(TESS_KVM_MMIO_BASE + reg) = value;
}

void kvm_clock_init(void);
/* The guest TSC value at monotonic time ns (for the TSC-deadline timer). */
uint64_t kvm_ns_to_tsc(uint64_t ns);

#endif /* TESS_PLAT_KVM_H */
