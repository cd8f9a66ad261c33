/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt and privileged-call entry: the rest of the thin CPL0 layer.
 *
 * Kernel and application run at CPL3 with interrupts on (RFLAGS.IF) and
 * mask them with a software flag (plat_irq_enabled), because cli/sti trap
 * at CPL3. The CPL0 part of an interrupt only acknowledges it, marks it
 * pending and, when the interrupted CPL3 code has interrupts enabled,
 * redirects the return to kvm_irq_upcall, which runs the handlers at CPL3
 * on the interrupted stack (below its 128-byte red zone) and then resumes
 * the interrupted code with every register, the flags and the FPU/SSE
 * state as they were. About 20 CPL0 instructions in all, each emulated on
 * kvm-pvm; everything else is native.
 */
#include <tess/kvm_abi.h>

#include "privcall.h"

#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_DIVIDE 0x3e0
#define APIC_DIVIDE_BY_128 0xa
#define APIC_SVR_ENABLE 0x100
#define APIC_LVT_TSC_DEADLINE 0x40000
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_FS_BASE 0xc0000100
#define PTE_ADDR_MASK 0x000ffffffffff000
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_U 0x4
#define PTE_NX 0x8000000000000000
#define PTE_PROT_BITS (PTE_P | PTE_W | PTE_NX)
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define GUEST_PTE_FREE_RAM_BIT 9	/* guest_layout.h: GUEST_PTE_FREE_RAM */
#define RED_ZONE 128
#define EINVAL 22

	.text
/* Writes %rdi to MSR msr and returns 0 from the privileged call. */
.macro WRMSR_RDI_RETURN msr
	pushq %rcx
	pushq %rdx
	movl $\msr, %ecx
	movl %edi, %eax
	movq %rdi, %rdx
	shrq $32, %rdx
	wrmsr
	popq %rdx
	popq %rcx
	xorl %eax, %eax
	iretq
.endm

/* On IST4 (kvm_abi.h). Hardware frame after the pushed %rax: rip 8, cs 16,
 * rflags 24, rsp 32. The only other code an interrupt can find running is
 * the halt call's hlt (every other CPL0 entry is an interrupt gate). */
	.globl kvm_irq_host_entry
kvm_irq_host_entry:			/* TESS_KVM_VECTOR_HOST, also IST4 */
	pushq %rax
	movabsq $(TESS_KVM_APIC_BASE + APIC_EOI), %rax
	movl $0, (%rax)
	lock orq $2, plat_irq_pending(%rip)	/* 1 << TESS_IRQ_HOST */
	jmp irq_pending_set

/* The device lines (TESS_KVM_VECTOR_DEVICE(line), also IST4): line n is
 * TESS_IRQ_DEVICE(n), bit 2 + n of the pending set. */
.macro DEVICE_ENTRY line
	.globl kvm_irq_device\line\()_entry
kvm_irq_device\line\()_entry:
	pushq %rax
	movabsq $(TESS_KVM_APIC_BASE + APIC_EOI), %rax
	movl $0, (%rax)
	lock orq $(1 << (2 + \line)), plat_irq_pending(%rip)
	jmp irq_pending_set
.endm
	.irp line, 0,1,2,3,4,5
	DEVICE_ENTRY \line
	.endr

	.globl kvm_irq_timer_entry
kvm_irq_timer_entry:
	pushq %rax
	movabsq $(TESS_KVM_APIC_BASE + APIC_EOI), %rax
	movl $0, (%rax)
	lock orq $1, plat_irq_pending(%rip)	/* 1 << TESS_IRQ_TIMER */
	movq $0, kvm_timer_deadline(%rip)	/* one-shot: disarmed now */
irq_pending_set:			/* a line is pending: upcall or not */
	cmpq $kvm_halt_resume, 8(%rsp)
	je 1f				/* woke the halt call: just return */
	cmpb $0, plat_irq_enabled(%rip)
	je 1f				/* masked: runs at irq_restore */
	movb $0, plat_irq_enabled(%rip)	/* handlers run masked */
	movq 8(%rsp), %rax
	movq %rax, kvm_irq_frame(%rip)
	movq 24(%rsp), %rax
	movq %rax, kvm_irq_frame+8(%rip)
	/* Room for rip and rflags below the red zone; written at CPL3,
	 * where paging checks the stack like any other store. */
	subq $(RED_ZONE + 16), 32(%rsp)
	leaq kvm_irq_upcall(%rip), %rax
	movq %rax, 8(%rsp)
1:	popq %rax
	iretq

/*
 * The breakpoint vector, an interrupt gate (IF is clear here): an int3 at
 * kvm_privcall's one call site is a privileged call (ops in privcall.h);
 * any other int3 is a breakpoint exception, reported as such.
 */
	.globl kvm_privcall_entry
kvm_privcall_entry:
	cmpq $kvm_privcall_site, (%rsp)
	je 1f
	pushq $0
	pushq $3
	jmp kvm_trap_common
1:	cmpq $KVM_PRIV_HALT, %rax
	je priv_halt
	cmpq $KVM_PRIV_TIMER_SET, %rax
	je priv_timer_set
	cmpq $KVM_PRIV_APIC_INIT, %rax
	je priv_apic_init
	cmpq $KVM_PRIV_TIMER_COUNT, %rax
	je priv_timer_count
	cmpq $KVM_PRIV_FS_BASE, %rax
	je priv_fs_base
	cmpq $KVM_PRIV_PAGE_PROTECT, %rax
	je priv_page_protect
	cmpq $KVM_PRIV_SYSCALL_INIT, %rax
	je priv_syscall_init
	cmpq $KVM_PRIV_OUTSB, %rax
	je priv_outsb
priv_einval:
	movq $-EINVAL, %rax
	iretq

priv_halt:
	cmpq $0, plat_irq_pending(%rip)
	jne 1f
	sti			/* the interrupt shadow covers hlt: no lost wake-up */
	hlt
kvm_halt_resume:		/* where the waking interrupt returns */
	cli
1:	xorl %eax, %eax
	iretq

/* Records the deadline with interrupts off, so that it and the timer's
 * own "disarmed" store above can never be seen out of order. */
priv_timer_set:
	movq %rdi, kvm_timer_deadline(%rip)
	WRMSR_RDI_RETURN MSR_TSC_DEADLINE

priv_timer_count:
	movq %rdi, kvm_timer_deadline(%rip)	/* nonzero: armed */
	movabsq $(TESS_KVM_APIC_BASE + APIC_TIMER_INITIAL), %rax
	movl %edi, (%rax)
	xorl %eax, %eax
	iretq

priv_fs_base:
	WRMSR_RDI_RETURN MSR_FS_BASE

/* Walks the (identity-mapped) page tables to the PTE of %rdi. */
.macro PT_LEVEL shift
	movq %rdi, %rcx
	shrq $\shift, %rcx
	andl $511, %ecx
	movq (%rax,%rcx,8), %rax
	testb $1, %al
	jz 2f
	testb $0x80, %al	/* a large page: not free RAM */
	jnz 2f
	andq %rdx, %rax
.endm
priv_page_protect:
	cmpq $KVM_PAGE_RX, %rsi
	ja priv_einval
	pushq %rcx
	pushq %rdx
	movq %cr3, %rax
	movabsq $PTE_ADDR_MASK, %rdx
	PT_LEVEL 39
	PT_LEVEL 30
	PT_LEVEL 21
	movq %rdi, %rcx
	shrq $12, %rcx
	andl $511, %ecx
	leaq (%rax,%rcx,8), %rax
	movq (%rax), %rcx
	btq $GUEST_PTE_FREE_RAM_BIT, %rcx
	jnc 2f
	movabsq $~PTE_PROT_BITS, %rdx
	andq %rdx, %rcx
	leaq page_prot_bits(%rip), %rdx
	orq (%rdx,%rsi,8), %rcx
	movq %rcx, (%rax)
	invlpg (%rdi)
	popq %rdx
	popq %rcx
	xorl %eax, %eax
	iretq
2:	popq %rdx
	popq %rcx
	movq $-EINVAL, %rax
	iretq

priv_syscall_init:
	pushq %rcx
	pushq %rdx
	movl $MSR_LSTAR, %ecx
	leaq kvm_syscall_entry(%rip), %rax
	movq %rax, %rdx
	shrq $32, %rdx
	wrmsr
	/* STAR: syscall loads the kernel CS (0x10), sysret the user CS and
	 * SS from 0x23 (+16 and +8: 0x33, 0x2b), Linux's layout. */
	movl $MSR_STAR, %ecx
	xorl %eax, %eax
	movl $0x00230010, %edx
	wrmsr
	/* FMASK: clear TF and DF on entry; IF stays (interrupts are masked
	 * in software). */
	movl $MSR_FMASK, %ecx
	movl $0x500, %eax
	xorl %edx, %edx
	wrmsr
	popq %rdx
	popq %rcx
	xorl %eax, %eax
	iretq

	.section .rodata
	.balign 8
	/* Leaf bits per KVM_PAGE_* mode, for free-RAM pages. */
page_prot_bits:
	.quad PTE_NX			/* KVM_PAGE_NONE: not present */
	.quad PTE_P | PTE_W | PTE_NX	/* KVM_PAGE_RW */
	.quad PTE_P | PTE_NX		/* KVM_PAGE_R */
	.quad PTE_P			/* KVM_PAGE_RX */
	.text

/* The caller picks the mode, never the vector or any other bit. */
priv_apic_init:
	pushq %rcx
	movabsq $TESS_KVM_APIC_BASE, %rcx
	movl $(APIC_SVR_ENABLE | TESS_KVM_VECTOR_SPURIOUS), APIC_SVR(%rcx)
	movl $APIC_DIVIDE_BY_128, APIC_TIMER_DIVIDE(%rcx)
	movl $(APIC_LVT_TSC_DEADLINE | TESS_KVM_VECTOR_TIMER), %eax
	testq %rdi, %rdi
	jz 1f
	movl $TESS_KVM_VECTOR_TIMER, %eax	/* one-shot */
1:	movl %eax, APIC_LVT_TIMER(%rcx)
	popq %rcx
	xorl %eax, %eax
	iretq

priv_outsb:
	cmpq $KVM_PORT_COM1, %rdi
	je 1f
	cmpq $KVM_PORT_COM2, %rdi
	je 1f
	cmpq $KVM_PORT_DEBUG_EXIT, %rdi
	jne priv_einval
	/* Read at CPL0: only from the caller's own memory, never from the
	 * supervisor pages (page tables, descriptor tables, CPL0 stacks). */
1:	call user_range_check
	testq %rax, %rax
	jnz priv_einval
	pushq %rcx
	pushq %rdx
	pushq %rsi
	movq %rdx, %rcx
	movl %edi, %edx
	cld
	rep outsb
	popq %rsi
	popq %rdx
	popq %rcx
	xorl %eax, %eax
	iretq

/*
 * %rax = 0 when every page of [%rsi, %rsi + %rdx) is present and user
 * accessible in the page tables, else -EINVAL (also for a range that wraps
 * around). Every other register is preserved. Called at CPL0 only.
 */
user_range_check:
	pushq %rcx
	pushq %rdx
	pushq %rdi
	pushq %r8
	pushq %r9
	movq %rsi, %r8
	andq $-4096, %r8		/* the first page */
	addq %rsi, %rdx			/* the end */
	jc 9f
	movabsq $PTE_ADDR_MASK, %r9
2:	cmpq %rdx, %r8
	jae 8f
	movq %cr3, %rax
	.irp shift, 39, 30, 21
	movq %r8, %rcx
	shrq $\shift, %rcx
	andl $511, %ecx
	movq (%rax,%rcx,8), %rax
	movl %eax, %edi
	andl $(PTE_P | PTE_U | 0x80), %edi	/* present, user, no large page */
	cmpl $(PTE_P | PTE_U), %edi
	jne 9f
	andq %r9, %rax
	.endr
	movq %r8, %rcx
	shrq $12, %rcx
	andl $511, %ecx
	movq (%rax,%rcx,8), %rax
	andl $(PTE_P | PTE_U), %eax
	cmpl $(PTE_P | PTE_U), %eax
	jne 9f
	addq $4096, %r8
	jmp 2b
8:	xorl %eax, %eax
	jmp 7f
9:	movq $-EINVAL, %rax
7:	popq %r9
	popq %r8
	popq %rdi
	popq %rdx
	popq %rcx
	ret

/* long kvm_privcall(long op, uint64_t a0, uint64_t a1, uint64_t a2), CPL3:
 * the only int3 the gate accepts as a privileged call. */
	.globl kvm_privcall
	.type kvm_privcall, @function
kvm_privcall:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	int3
kvm_privcall_site:
	ret
	.size kvm_privcall, . - kvm_privcall

/*
 * CPL3, entered from kvm_irq_timer_entry with %rsp = interrupted %rsp - 144
 * and the interrupted rip and rflags in kvm_irq_frame (consumed before
 * interrupts are unmasked again, so a nested interrupt cannot overwrite
 * them early). Ends with popfq and `ret $128`, which restores rip and rsp
 * together without touching a register.
 */
	.globl kvm_irq_upcall
	.type kvm_irq_upcall, @function
kvm_irq_upcall:
	pushq %rax
	movq kvm_irq_frame(%rip), %rax
	movq %rax, 16(%rsp)		/* interrupted rsp - 136: rip */
	movq kvm_irq_frame+8(%rip), %rax
	movq %rax, 8(%rsp)		/* interrupted rsp - 144: rflags */
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	movq %rsp, %rbx
	andq $-16, %rsp
	subq $512, %rsp
	fxsave64 (%rsp)
	cld
	call kvm_irq_upcall_dispatch
	fxrstor64 (%rsp)
	movq %rbx, %rsp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	popfq
	retq $RED_ZONE
	.size kvm_irq_upcall, . - kvm_irq_upcall

	.section .bss
	.balign 8
	/* The interrupted rip and rflags, from CPL0 to kvm_irq_upcall. */
	.globl kvm_irq_frame
kvm_irq_frame:
	.skip 16
	/* TSC deadline (or one-shot count) the APIC holds, 0 when none;
	 * read by irq.c. */
	.globl kvm_timer_deadline
kvm_timer_deadline:
	.skip 8

	.section .note.GNU-stack, "", @progbits
