/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH entry (Xen x86/HVM direct boot ABI, as QEMU's -kernel implements it):
 * the loader starts us in 32-bit protected mode, paging off, %ebx = the
 * physical address of struct hvm_start_info. We identity-map the first
 * 4 GiB with 2 MiB pages in scratch RAM just past the image, enter long
 * mode at CPL0 and call tess_kvm_pvh_setup (pvh.c), which builds the real
 * layout and drops to CPL3 at _start, as tess-vmm would have started us.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define SCRATCH_PAGES 6		/* PML4, PDPT, 4 PDs */

	.section .note.tessera, "a"
	.balign 4
	.long 4			/* name size: "Xen\0" */
	.long 4			/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long tess_kvm_pvh_start

	.text
	.code32
	.globl tess_kvm_pvh_start
tess_kvm_pvh_start:
	cld
	movl %ebx, pvh_start_info
	/* Zero the scratch tables at __tess_image_end (page-aligned). */
	movl $__tess_image_end, %edi
	xorl %eax, %eax
	movl $(SCRATCH_PAGES * 1024), %ecx
	rep stosl
	movl $__tess_image_end, %ebx
	leal 0x1003(%ebx), %eax		/* PML4[0] -> PDPT */
	movl %eax, (%ebx)
	/* PDPT[i] -> PD i, for i < 4 */
	leal 0x2003(%ebx), %eax
	movl %eax, 0x1000(%ebx)
	addl $0x1000, %eax
	movl %eax, 0x1008(%ebx)
	addl $0x1000, %eax
	movl %eax, 0x1010(%ebx)
	addl $0x1000, %eax
	movl %eax, 0x1018(%ebx)
	/* 2048 PD entries: 2 MiB pages, present, writable. */
	leal 0x2000(%ebx), %edi
	movl $0x83, %eax
	xorl %edx, %edx
	movl $2048, %ecx
1:	movl %eax, (%edi)
	movl %edx, 4(%edi)
	addl $0x200000, %eax
	adcl $0, %edx
	addl $8, %edi
	decl %ecx
	jnz 1b

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl %ebx, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	lgdt pvh_gdt_pointer
	ljmp $0x10, $pvh_long_mode

	.code64
pvh_long_mode:
	movl $0x18, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	movl pvh_start_info(%rip), %edi
	call tess_kvm_pvh_setup
	ud2

	.section .rodata
	.balign 8
	/* Kernel code and data at the selectors the final GDT uses too. */
pvh_gdt:
	.quad 0, 0, 0x00af9a000000ffff, 0x00cf92000000ffff
pvh_gdt_pointer:
	.word . - pvh_gdt - 1
	.long pvh_gdt

	.section .bss
	.balign 4
pvh_start_info:
	.skip 4

	.section .note.GNU-stack, "", @progbits
