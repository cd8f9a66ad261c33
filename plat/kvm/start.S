/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm entry: the monitor starts us at CPL3 in 64-bit mode, %rdi = boot info. */

	.section .text.tess_entry, "ax"
	.globl _start
	.type _start, @function
_start:
	/* The first instruction's time, for the boot trace (%rdi kept). */
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, kvm_start_tsc(%rip)
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call tess_kvm_entry
	ud2
	.size _start, . - _start

	.section .bss
	.balign 8
	.globl kvm_start_tsc
kvm_start_tsc:
	.skip 8

	/* Its own section: link.ld puts an unmapped guard page below it. */
	.section .tess_boot_stack, "aw", @nobits
	.balign 16
boot_stack:
	.skip CONFIG_TESS_PLAT_KVM_STACK_KIB * 1024
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
