/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * void tess_arch_syscall_frame_resume(const struct tess_arch_syscall_frame *f,
 *                                     uintptr_t stack):
 * becomes the state a syscall instruction left: every register as f has
 * it, rax = 0, rsp = stack, resuming at f->rcx with the flags f->r11.
 * Never returns. (The child of a trapped clone starts here.)
 */
/* struct tess_arch_syscall_frame (tess/arch.h), from the lowest address. */
#define FRAME_R15 0
#define FRAME_R14 8
#define FRAME_R13 16
#define FRAME_R12 24
#define FRAME_RBP 32
#define FRAME_R9 40
#define FRAME_R8 48
#define FRAME_R10 56
#define FRAME_RDX 64
#define FRAME_RSI 72
#define FRAME_RDI 80
#define FRAME_RBX 88
#define FRAME_R11 96
#define FRAME_RCX 104

	.text
	.globl tess_arch_syscall_frame_resume
	.type tess_arch_syscall_frame_resume, @function
tess_arch_syscall_frame_resume:
	movq %rsi, %rsp
	pushq FRAME_RCX(%rdi)		/* where the child resumes */
	pushq FRAME_R11(%rdi)
	movq FRAME_R15(%rdi), %r15
	movq FRAME_R14(%rdi), %r14
	movq FRAME_R13(%rdi), %r13
	movq FRAME_R12(%rdi), %r12
	movq FRAME_RBP(%rdi), %rbp
	movq FRAME_R9(%rdi), %r9
	movq FRAME_R8(%rdi), %r8
	movq FRAME_R10(%rdi), %r10
	movq FRAME_RDX(%rdi), %rdx
	movq FRAME_RSI(%rdi), %rsi
	movq FRAME_RBX(%rdi), %rbx
	movq FRAME_R11(%rdi), %r11
	movq FRAME_RCX(%rdi), %rcx
	movq FRAME_RDI(%rdi), %rdi
	xorl %eax, %eax
	popfq
	/* The two words pushed sit on the new stack, below its top: the
	 * child's rsp must be the top itself. */
	leaq 8(%rsp), %rsp
	jmp *-8(%rsp)
	.size tess_arch_syscall_frame_resume, . - tess_arch_syscall_frame_resume

	.section .note.GNU-stack, "", @progbits
