/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exception entry: the thin CPL0 layer of the kvm platform.
 *
 * kvm-pvm emulates CPL0 code instruction by instruction, so the handlers do
 * the least possible there: save the registers into kvm_trap_frame (a
 * user-accessible struct tess_kvm_fault), then rewrite the interrupt frame
 * to "return" to tess_kvm_trap_report at CPL3 on its own stack, where the
 * report (names, registers, backtrace) runs natively. A fault at CPL0, or
 * while a report is already running, goes straight to the monitor.
 */
#include <tess/kvm_abi.h>

/* Offset of flags in struct tess_kvm_boot_info. */
#define BOOT_INFO_FLAGS 12

/* Offsets in struct tess_kvm_fault. */
#define F_VECTOR 0
#define F_ERROR 8
#define F_CR2 16
#define F_RIP 24
#define F_CS 32
#define F_RFLAGS 40
#define F_RSP 48
#define F_SS 56
#define F_RAX 64
#define F_RBX 72
#define F_RCX 80
#define F_RDX 88
#define F_RSI 96
#define F_RDI 104
#define F_RBP 112
#define F_R8 120
#define F_R9 128
#define F_R10 136
#define F_R11 144
#define F_R12 152
#define F_R13 160
#define F_R14 168
#define F_R15 176

/* Vectors that push an error code (Intel SDM vol. 3 §6.15). */
.macro STUB vec
	.balign TESS_KVM_TRAP_STUB_SIZE
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp kvm_trap_common
.endm

	.text
	.balign TESS_KVM_TRAP_STUB_SIZE
	.globl kvm_trap_vectors
kvm_trap_vectors:
	/* The 32 exceptions, then the interrupt and gate vectors
	 * (irq_entry_x86_64.S); TESS_KVM_TRAP_VECTOR_COUNT stubs in all. */
	.irp vec, 0,1,2
	STUB \vec
	.endr
	.balign TESS_KVM_TRAP_STUB_SIZE
	jmp kvm_privcall_entry		/* 3 = TESS_KVM_VECTOR_PRIVCALL */
	.irp vec, 4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \vec
	.endr
	.balign TESS_KVM_TRAP_STUB_SIZE
	jmp kvm_irq_timer_entry		/* TESS_KVM_VECTOR_TIMER */
	.balign TESS_KVM_TRAP_STUB_SIZE
	iretq				/* TESS_KVM_VECTOR_SPURIOUS: no EOI */
	.balign TESS_KVM_TRAP_STUB_SIZE
	jmp kvm_irq_host_entry		/* TESS_KVM_VECTOR_HOST */
	/* TESS_KVM_VECTOR_DEVICE(0..5): the device lines. */
	.irp line, 0,1,2,3,4,5
	.balign TESS_KVM_TRAP_STUB_SIZE
	jmp kvm_irq_device\line\()_entry
	.endr
	/* Vectors no device uses: reported like an exception. */
	.irp vec, 41,42,43,44,45,46,47
	STUB \vec
	.endr

	.globl kvm_trap_common
kvm_trap_common:
	movq %rax, kvm_trap_frame+F_RAX(%rip)
	movq %rbx, kvm_trap_frame+F_RBX(%rip)
	movq %rcx, kvm_trap_frame+F_RCX(%rip)
	movq %rdx, kvm_trap_frame+F_RDX(%rip)
	movq %rsi, kvm_trap_frame+F_RSI(%rip)
	movq %rdi, kvm_trap_frame+F_RDI(%rip)
	movq %rbp, kvm_trap_frame+F_RBP(%rip)
	movq %r8, kvm_trap_frame+F_R8(%rip)
	movq %r9, kvm_trap_frame+F_R9(%rip)
	movq %r10, kvm_trap_frame+F_R10(%rip)
	movq %r11, kvm_trap_frame+F_R11(%rip)
	movq %r12, kvm_trap_frame+F_R12(%rip)
	movq %r13, kvm_trap_frame+F_R13(%rip)
	movq %r14, kvm_trap_frame+F_R14(%rip)
	movq %r15, kvm_trap_frame+F_R15(%rip)
	movq %cr2, %rax
	movq %rax, kvm_trap_frame+F_CR2(%rip)
	/* Hardware frame: vector, error, rip, cs, rflags, rsp, ss. */
	popq %rax
	movq %rax, kvm_trap_frame+F_VECTOR(%rip)
	popq %rax
	movq %rax, kvm_trap_frame+F_ERROR(%rip)
	movq 0(%rsp), %rax
	movq %rax, kvm_trap_frame+F_RIP(%rip)
	movq 8(%rsp), %rax
	movq %rax, kvm_trap_frame+F_CS(%rip)
	movq 16(%rsp), %rax
	movq %rax, kvm_trap_frame+F_RFLAGS(%rip)
	movq 24(%rsp), %rax
	movq %rax, kvm_trap_frame+F_RSP(%rip)
	movq 32(%rsp), %rax
	movq %rax, kvm_trap_frame+F_SS(%rip)

#ifndef CONFIG_TESS_PLAT_KVM_CPL0
	/* At CPL3 a fault at CPL0 is one inside this layer. */
	testb $3, 8(%rsp)
	jz to_monitor
#endif
	cmpb $0, kvm_trap_reporting(%rip)
	jne to_monitor
	movb $1, kvm_trap_reporting(%rip)
	leaq tess_kvm_trap_report(%rip), %rax
	movq %rax, 0(%rsp)
	movq $2, 16(%rsp)	/* rflags: interrupts off */
	/* As if called: rsp % 16 == 8 at the first instruction (SysV ABI). */
	leaq kvm_trap_stack_top-8(%rip), %rax
	movq %rax, 24(%rsp)
	leaq kvm_trap_frame(%rip), %rdi
	iretq

to_monitor:
	testl $TESS_KVM_BOOT_PVH, kvm_boot_info+BOOT_INFO_FLAGS(%rip)
	jnz to_pvh_loader
	movabsq $(TESS_KVM_MMIO_BASE + TESS_KVM_MMIO_FAULT), %rax
	leaq kvm_trap_frame(%rip), %rcx
	movq %rcx, (%rax)
1:	hlt
	jmp 1b

	/* No monitor to print the frame: say so on COM1, exit QEMU. */
to_pvh_loader:
	leaq cpl0_fault_message(%rip), %rsi
	movl $(cpl0_fault_message_end - cpl0_fault_message), %ecx
	movl $0x3f8, %edx
	rep outsb
	movl $TESS_KVM_STATUS_GUEST_FAULT, %eax
	movl $0xf4, %edx
	outb %al, %dx
1:	cli
	hlt
	jmp 1b

	.section .rodata
cpl0_fault_message:
	.ascii "tessera: CPU exception at CPL0, or during a fault report\n"
cpl0_fault_message_end:
	.text

	/* Tells the monitor where the stubs are, the privilege level the
	 * image runs at and the memory it asks for (see kvm_abi.h). */
	.section .note.tessera, "a"
	.balign 4
	.long 8			/* name size: "Tessera\0" */
	.long 8			/* descriptor size */
	.long TESS_KVM_NOTE_TRAP_VECTORS
	.asciz "Tessera"
	.balign 4
	.quad kvm_trap_vectors
	.long 8
	.long 4
	.long TESS_KVM_NOTE_PRIVILEGE
	.asciz "Tessera"
	.balign 4
#ifdef CONFIG_TESS_PLAT_KVM_CPL0
	.long TESS_KVM_PRIVILEGE_CPL0
#else
	.long TESS_KVM_PRIVILEGE_CPL3
#endif
	.long 8
	.long 8
	.long TESS_KVM_NOTE_MEM
	.asciz "Tessera"
	.balign 4
	.quad CONFIG_TESS_PLAT_KVM_MEM_MIB * 1048576

	.section .bss
	.balign 16
	.globl kvm_trap_frame
kvm_trap_frame:
	.skip 184
	.globl kvm_trap_reporting
kvm_trap_reporting:
	.skip 8
	.balign 16
kvm_trap_stack:
	.skip 16384
kvm_trap_stack_top:

	.section .note.GNU-stack, "", @progbits
