/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest's console input: the monitor's standard input, read when the
 * guest asks (TESS_KVM_MMIO_CONSOLE_IN) and never waited for on the vCPU;
 * a watcher thread sends the guest an MSI when input comes after a read
 * found none (kvm_abi.h).
 */
#ifndef TESS_VMM_CONSOLE_IN_H
#define TESS_VMM_CONSOLE_IN_H

#include <stdbool.h>
#include <stdint.h>

struct vm;

struct console_in {
	int arm_fd;	  /* eventfd: the watcher waits for input once */
	uint32_t line;	  /* the device line its MSI goes to */
	int64_t result;	  /* of the last request, for the boot info */
	uint64_t reads, bytes, interrupts;
};

/* Sets it up on line (after the devices took theirs); false when it
 * cannot (the guest then sees the end of input at once). */
bool console_in_init(struct console_in *c, uint32_t line);
/* A guest request, value as written to the register: 0, or an exit status
 * for a request outside guest RAM. The result goes to the boot info. */
int console_in_request(struct vm *vm, uint64_t value);
/* Starts the watcher thread (confined by seccomp with the others). */
int console_in_start(struct vm *vm);

#endif /* TESS_VMM_CONSOLE_IN_H */
