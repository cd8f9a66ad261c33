/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What this host's KVM can do, asked once by the host tools: whether
 * /dev/kvm is usable (tess run, tess-vmm, tess host and the tests take the
 * same answer), whether it is kvm-pvm, and which `-cpu` model lets QEMU
 * start a guest with `-accel kvm` here (on some AMD hosts QEMU's "max"
 * and "host" models abort, because KVM refuses the IA32_ARCH_CAPABILITIES
 * MSR they set).
 */
#ifndef TESS_HOST_KVM_H
#define TESS_HOST_KVM_H

#include <stdbool.h>
#include <stddef.h>

/* The KVM device: $TESS_KVM_DEVICE when set (the tests use it to take the
 * no-KVM path on a host that has KVM), else /dev/kvm. */
const char *host_kvm_device(void);

/*
 * Opens the KVM device read-write (close-on-exec) and checks its API
 * version. Returns the descriptor, or -1 with reason (size bytes) saying
 * why in words a user can act on.
 */
int host_kvm_open(char *reason, size_t size);

/* host_kvm_open, closing the descriptor: whether KVM is usable. */
bool host_kvm_usable(char *reason, size_t size);

/* True when this host's KVM is kvm-pvm (a software hypervisor that
 * emulates guest CPL0 code and cannot run SSE there). */
bool host_kvm_is_pvm(void);

/*
 * Finds the first `-cpu` value with which QEMU (program, a path or a name
 * in PATH) can start a microvm under `-accel kvm` on this host: "max",
 * then the same without arch-capabilities, then the host's model without
 * it. Each try starts QEMU paused (-S) and quits it through its monitor,
 * so no guest code runs (~70 ms a try). Returns 0 with the value in cpu,
 * or -1 with QEMU's own words for the last failure in reason.
 */
int host_qemu_kvm_cpu(const char *program, char *cpu, size_t cpu_size,
		      char *reason, size_t reason_size);

#endif /* TESS_HOST_KVM_H */
