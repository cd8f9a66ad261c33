/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * elfexec_jump(entry, sp): enters a Linux program the way the kernel
 * does at process entry (psABI §3.4.1): %rsp at argc, %rdx 0 (no
 * function for atexit), the direction flag clear; the other general
 * registers are zeroed so nothing of the loader leaks in. Never returns.
 */
	.text
	.globl elfexec_jump
	.type elfexec_jump, @function
elfexec_jump:
	movq %rsi, %rsp
	movq %rdi, %rax
	cld
	xorl %edx, %edx
	xorl %ecx, %ecx
	xorl %ebx, %ebx
	xorl %ebp, %ebp
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	jmpq *%rax
	.size elfexec_jump, . - elfexec_jump

	.section .note.GNU-stack, "", @progbits
