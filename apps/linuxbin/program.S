/* SPDX-License-Identifier: BSD-3-Clause */
/* The embedded Linux program (built by Makefile.uk): linuxbin_program .. linuxbin_program_end. */
	.section .rodata.linuxbin_program, "a", @progbits
	.balign 4096
	.globl linuxbin_program
linuxbin_program:
	.incbin LINUXBIN_PROGRAM
	.globl linuxbin_program_end
linuxbin_program_end:

	.section .note.GNU-stack, "", @progbits
