/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trapped-syscall path: where the `syscall` instruction of an
 * unmodified Linux binary lands (LSTAR, set by KVM_PRIV_SYSCALL_INIT).
 *
 * On hardware KVM `syscall` enters CPL0; on kvm-pvm it jumps here and
 * stays at CPL3. Either way the caller's stack is in use and its 128-byte
 * red zone is live, so everything below is pushed past it. The call goes
 * through lib/syscall's table (kvm_syscall_dispatch, syscall.c) and
 * returns as Linux does: rax the result, rcx and r11 clobbered (the
 * return address and the flags), every other register preserved. Back to
 * CPL3 with sysretq when we are at CPL0 (hardware KVM, CPL3 image);
 * otherwise restore the flags and jump.
 */
#define RED_ZONE 128
#define SYS_CLONE 56
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
	.globl kvm_syscall_entry
	.type kvm_syscall_entry, @function
kvm_syscall_entry:
	leaq -RED_ZONE(%rsp), %rsp
	pushq %rcx		/* return address */
	pushq %r11		/* caller's flags */
	pushq %rbx
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %r10
	pushq %r8
	pushq %r9
	movq %rsp, %rbx
	andq $-16, %rsp
	cld
	cmpq $SYS_CLONE, %rax
	je syscall_clone
	/* kvm_syscall_dispatch(nr, a, b, c, d, e, f): Linux passes the
	 * fourth argument in r10 and C in rcx; the seventh goes on the
	 * stack (16-byte aligned at the call). */
	subq $8, %rsp
	pushq %r9
	movq %r8, %r9
	movq %r10, %r8
	movq %rdx, %rcx
	movq %rsi, %rdx
	movq %rdi, %rsi
	movq %rax, %rdi
	call kvm_syscall_dispatch
syscall_return:
	movq %rbx, %rsp
	movl %cs, %ecx
	testb $3, %cl		/* flags survive the pops below */
	popq %r9
	popq %r8
	popq %r10
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbx
	popq %r11
	popq %rcx
#ifndef CONFIG_TESS_PLAT_KVM_CPL0
	jnz 1f
	leaq RED_ZONE(%rsp), %rsp
	sysretq
#endif
1:	pushq %r11		/* below the red zone still */
	popfq
	leaq RED_ZONE(%rsp), %rsp
	jmp *%rcx

	/* clone: the child must be this very register state returning 0 on
	 * its new stack, so the C side gets the whole frame (struct
	 * tess_arch_syscall_frame: the registers pushed above, then
	 * the callee-saved ones) rather than six arguments. */
syscall_clone:
	movq %rbx, %rsp		/* back on the frame, unaligned */
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	movq %rsp, %r12		/* saved above: free to use */
	andq $-16, %rsp
	call kvm_syscall_clone
	movq %r12, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	jmp syscall_return
	.size kvm_syscall_entry, . - kvm_syscall_entry

	.section .note.GNU-stack, "", @progbits
