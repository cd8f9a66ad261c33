/* SPDX-License-Identifier: BSD-3-Clause */
/* Reports a CPU exception at CPL3, after the CPL0 stub handed it over. */
#include <tess/arch.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>

#include "kvm.h"

/* Exit status of an image stopped by a CPU exception (like a shell's
 * 128 + SIGSEGV). */
#define TRAP_EXIT_STATUS 139

__attribute__((noreturn, used)) void
tess_kvm_trap_report(const struct tess_kvm_fault *f)
{
	const struct tess_arch_regs regs = {
		.rip = f->rip, .rsp = f->rsp, .rflags = f->rflags,
		.rax = f->rax, .rbx = f->rbx, .rcx = f->rcx, .rdx = f->rdx,
		.rsi = f->rsi, .rdi = f->rdi, .rbp = f->rbp,
		.r8 = f->r8, .r9 = f->r9, .r10 = f->r10, .r11 = f->r11,
		.r12 = f->r12, .r13 = f->r13, .r14 = f->r14, .r15 = f->r15,
	};

	tess_plat_irq_save();
	tess_arch_exception_print(f->vector, f->error_code, f->cr2);
	tess_pr_crit(" cs %04llx", (unsigned long long)f->cs);
	tess_arch_regs_print(&regs);
	tess_backtrace_print_from(f->rbp, f->rip);
	tess_plat_exit(TRAP_EXIT_STATUS);
}
