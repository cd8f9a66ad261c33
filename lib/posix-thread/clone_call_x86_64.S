/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * clone as a system call through the table (x86_64): the child returns
 * from the very call into the table, as a Linux child returns from the
 * syscall instruction: with 0, on the stack the caller passed, with the
 * caller's callee-saved registers (the only ones a function call keeps,
 * as rcx and r11 are the only ones Linux's syscall does not).
 *
 * The frame both halves use, lowest address first (struct clone_call_frame
 * in clone.c): where the call returns, rbx, rbp, r12, r13, r14, r15.
 */
	.text

/*
 * long tess_sys_clone(unsigned long flags, void *stack, int *ptid,
 *                     int *ctid, unsigned long tls)
 * It is also the table's entry and tess_syscall_nr_56 (clone.c records
 * it): a C wrapper between the call and this code could change the
 * registers and the return address the child must see.
 */
	.globl tess_sys_clone
	.type tess_sys_clone, @function
	.globl tess_syscall_nr_56
	.set tess_syscall_nr_56, tess_sys_clone
tess_sys_clone:
	/* rsp is 8 off 16 here: 56 bytes make it aligned for the call. */
	subq $56, %rsp
	movq 56(%rsp), %rax
	movq %rax, 0(%rsp)
	movq %rbx, 8(%rsp)
	movq %rbp, 16(%rsp)
	movq %r12, 24(%rsp)
	movq %r13, 32(%rsp)
	movq %r14, 40(%rsp)
	movq %r15, 48(%rsp)
	movq %rsp, %r9
	call posix_clone_call
	addq $56, %rsp
	ret
	.size tess_sys_clone, . - tess_sys_clone

/*
 * void posix_clone_resume(const struct clone_call_frame *f, uintptr_t stack)
 * becomes the child: the parent's callee-saved registers, the stack it
 * chose, 0 returned from the call.
 */
	.globl posix_clone_resume
	.type posix_clone_resume, @function
posix_clone_resume:
	movq 0(%rdi), %r11
	movq 8(%rdi), %rbx
	movq 16(%rdi), %rbp
	movq 24(%rdi), %r12
	movq 32(%rdi), %r13
	movq 40(%rdi), %r14
	movq 48(%rdi), %r15
	movq %rsi, %rsp
	xorl %eax, %eax
	jmp *%r11
	.size posix_clone_resume, . - posix_clone_resume

	.section .note.GNU-stack, "", @progbits
