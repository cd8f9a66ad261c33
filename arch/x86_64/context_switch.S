/* SPDX-License-Identifier: BSD-3-Clause */
/* Thread context switch and the first-run trampoline (System V x86_64 ABI). */

/*
 * void tess_arch_context_switch(struct tess_arch_context *from,
 *				 struct tess_arch_context *to)
 *
 * Saves what the ABI makes callee-saved (%rbx, %rbp, %r12-%r15, the MXCSR
 * control bits and the x87 control word) on the current stack, stores %rsp
 * in from->sp, loads to->sp and restores the same set from the new stack.
 * Caller-saved registers are the compiler's business at the call site. No
 * trapping instruction: a switch costs a few dozen native instructions on
 * every platform.
 */
	.text
	.globl tess_arch_context_switch
	.type tess_arch_context_switch, @function
tess_arch_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size tess_arch_context_switch, . - tess_arch_context_switch

/*
 * First instruction of a new context (tess_arch_context_init put its
 * address where tess_arch_context_switch returns to): %r12 holds the entry
 * function, %r13 its argument, %rbp is 0 so backtraces end here, and %rsp
 * is 16-byte aligned as a call requires. The entry must not return; if it
 * does, ud2 faults at a recognisable address.
 */
	.globl tess_arch_context_trampoline
	.type tess_arch_context_trampoline, @function
tess_arch_context_trampoline:
	movq %r13, %rdi
	call *%r12
	ud2
	.size tess_arch_context_trampoline, . - tess_arch_context_trampoline

	.section .note.GNU-stack, "", @progbits
