/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's VM, shared by its parts: vmm.c (the command line, the
 * image, the boot info, the vCPU loop and its MMIO), vcpu_setup.c (the
 * irqchip, CPUID and the vCPU's first state), host_signals.c (SIGHUP,
 * SIGINT and SIGTERM passed on).
 */
#ifndef TESS_VMM_VM_H
#define TESS_VMM_VM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "console_in.h"
#include "devices.h"
#include "elf_loader.h"
#include "../../plat/kvm/guest_layout.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

/* Guest RAM starts where kvm images are linked (1 MiB, where PVH loaders
 * put them too): below it the guest has nothing to keep, so --mem is all
 * usable memory. */
#define RAM_BASE (1ULL << 20)

struct vm {
	int kvm, fd, vcpu;
	struct kvm_run *run;
	uint8_t *mem;
	uint64_t mem_size;	/* guest RAM: [RAM_BASE, RAM_BASE + mem_size) */
	bool trace_boot;
	uint64_t initrd_base, initrd_size; /* guest-physical; size 0: none */
	bool fsgsbase;		/* the guest's CPUID has FSGSBASE, CR4 enables it */
	bool takes_signals;	/* the guest asked for TESS_KVM_MMIO_SIGNALS */
	bool seccomp;		/* confine the guest-serving threads */
	bool seccomp_selftest;	/* make a forbidden call once confined */
	bool irqfd, ioeventfd;	/* --irq irqfd, --doorbell ioeventfd */
	uint64_t boot_info;	/* guest address of the boot info */
	double start_ns;
	struct vmm_devices devices;
	bool has_console_in;
	struct console_in console_in;
};

/* The host address of guest RAM address addr (checked by the caller). */
static inline uint8_t *guest_ptr(struct vm *vm, uint64_t addr)
{
	return vm->mem + (addr - RAM_BASE);
}

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline void trace(struct vm *vm, const char *what)
{
	if (vm->trace_boot)
		fprintf(stderr, "tess run: %9.3f ms  %s\n",
			(now_ns() - vm->start_ns) / 1e6, what);
}

/* Says what failed and ends the monitor (TESS_KVM_STATUS_NO_KVM). */
void __attribute__((noreturn)) die_errno(const char *what);

/* vcpu_setup.c: the irqchip, the vCPU, its CPUID, registers and
 * segments, to start at the image's entry with the boot info in %rdi. */
void vcpu_setup(struct vm *vm, const struct guest_layout *lay,
		const struct elf_image *elf, const struct guest_image *image);

/* host_signals.c: the passed signals reach the vCPU thread only; every
 * other thread blocks them (signals_block, before the first thread);
 * signals_setup on the vCPU thread; signals_pass after a KVM_RUN ended
 * with EINTR. */
void signals_block(void);
void signals_setup(struct vm *vm);
void signals_pass(struct vm *vm);

#endif /* TESS_VMM_VM_H */
