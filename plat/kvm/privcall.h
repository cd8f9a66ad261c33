/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The privileged-call gate: how CPL3 platform code asks the thin CPL0 layer
 * (irq_entry_x86_64.S) for the few operations that trap at CPL3.
 *
 * kvm_privcall() executes int3 (TESS_KVM_VECTOR_PRIVCALL) with the
 * operation in %rax and its arguments in %rdi, %rsi, %rdx; the result (0 or
 * -errno) comes back in %rax. Only the int3 inside kvm_privcall counts as a
 * call, so a stray breakpoint is still reported as one. Each operation is a handful of
 * instructions because kvm-pvm emulates CPL0 code one instruction at a
 * time; none of them hands the caller more power than it asks for (only
 * the TSC-deadline MSR is written, only two I/O ports are reachable), so
 * page tables and descriptor tables stay out of the application's reach.
 * Shared by C and assembly.
 */
#ifndef TESS_PLAT_KVM_PRIVCALL_H
#define TESS_PLAT_KVM_PRIVCALL_H

/* Halts until an interrupt is pending; returns at once if one already
 * is (the check and the halt are atomic: `sti; hlt`). */
#define KVM_PRIV_HALT 0
/* TSC-deadline mode: arms the local APIC timer at TSC value %rdi (0
 * disarms). */
#define KVM_PRIV_TIMER_SET 1
/* Enables the local APIC with its timer on TESS_KVM_VECTOR_TIMER, in
 * TSC-deadline mode (%rdi = 0) or one-shot mode with the count divided by
 * 128 (%rdi = 1). */
#define KVM_PRIV_APIC_INIT 2
/* Writes %rdx bytes from %rsi to I/O port %rdi: only the COM1 and COM2
 * data ports and the isa-debug-exit port (QEMU), -EINVAL for any other. */
#define KVM_PRIV_OUTSB 3
/* One-shot mode: starts the local APIC timer counting down from %edi
 * (0 stops it). */
#define KVM_PRIV_TIMER_COUNT 4
/* Sets the FS base to %rdi (the TLS base), for CPUs without FSGSBASE. */
#define KVM_PRIV_FS_BASE 5
/* Sets the protection of the page at %rdi to %rsi, one of KVM_PAGE_*: only
 * a page of free RAM (its PTE carries GUEST_PTE_FREE_RAM), -EINVAL for any
 * other, so page tables, descriptor tables and the image stay out of
 * reach; never writable and executable at once (W^X). */
#define KVM_PRIV_PAGE_PROTECT 6
/* Points the `syscall` instruction at the trapped-syscall entry (LSTAR,
 * STAR, FMASK); the entry is fixed, the caller chooses nothing. */
#define KVM_PRIV_SYSCALL_INIT 7
#define KVM_PRIV_COUNT 8

#define KVM_PAGE_NONE 0	/* not present */
#define KVM_PAGE_RW 1	/* read, write, no execute */
#define KVM_PAGE_R 2	/* read only */
#define KVM_PAGE_RX 3	/* read and execute */

#define KVM_APIC_MODE_TSC_DEADLINE 0
#define KVM_APIC_MODE_ONESHOT 1
#define KVM_APIC_ONESHOT_DIVIDE 128

#define KVM_PORT_COM1 0x3f8
/* The exit status byte, for runners that attach a serial port here:
 * isa-debug-exit carries only 7 bits of it (QEMU exits with v << 1 | 1). */
#define KVM_PORT_COM2 0x2f8
#define KVM_PORT_DEBUG_EXIT 0xf4

#ifndef __ASSEMBLY__
#include <stdint.h>

/* In irq_entry_x86_64.S; returns 0 or -errno. */
long kvm_privcall(long op, uint64_t a0, uint64_t a1, uint64_t a2);
#endif /* __ASSEMBLY__ */

#endif /* TESS_PLAT_KVM_PRIVCALL_H */
