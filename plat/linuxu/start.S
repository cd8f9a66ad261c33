/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu process entry point and the signal return trampoline. */

	.text
	.globl _start
	.type _start, @function
_start:
	/* %rsp points at argc, argv[], NULL, envp[], NULL, auxv (SysV ABI).
	 * Zero %rbp so backtraces end here, align the stack for the call. */
	xorl %ebp, %ebp
	movq %rsp, %rdi
	andq $-16, %rsp
	call tess_linuxu_entry
	ud2
	.size _start, . - _start

	.globl linuxu_signal_return
	.type linuxu_signal_return, @function
linuxu_signal_return:
	movl $15, %eax		/* rt_sigreturn */
	syscall
	ud2
	.size linuxu_signal_return, . - linuxu_signal_return

	.section .note.GNU-stack, "", @progbits
