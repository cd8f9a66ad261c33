/* SPDX-License-Identifier: BSD-3-Clause */
/* Reports a CPU exception at CPL3, after the CPL0 stub handed it over. */
#include <tess/arch.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>

#include "kvm.h"

/* Exit status of an image stopped by a CPU exception (like a shell's
 * 128 + SIGSEGV). */
#define TRAP_EXIT_STATUS 139
#define PF_VECTOR	 14

extern char __tess_stack_start[];

/* A page fault at or just below the stack pointer is a stack that ran
 * out (code probes each page of a large frame, so it meets the guard):
 * said plainly, with the knob for the boot stack. */
static void stack_overflow_hint(const struct tess_kvm_fault *f)
{
	uint64_t guard = (uint64_t)(uintptr_t)__tess_stack_start;

	if (f->vector != PF_VECTOR || f->cr2 > f->rsp + 4096 ||
	    f->cr2 + (64u << 10) < f->rsp)
		return;
	if (f->cr2 < guard && f->cr2 + 4096 >= guard)
		tess_pr_crit(" stack overflow: the boot stack (main's) is used "
			     "up; raise CONFIG_TESS_PLAT_KVM_STACK_KIB (now "
			     "%d KiB)",
			     CONFIG_TESS_PLAT_KVM_STACK_KIB);
	else
		tess_pr_crit(" stack overflow, most likely: the fault is at "
			     "the stack pointer (a thread's stack is used up)");
}

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
	stack_overflow_hint(f);
	tess_arch_regs_print(&regs);
	tess_backtrace_print_from(f->rbp, f->rip);
	tess_plat_exit(TRAP_EXIT_STATUS);
}
