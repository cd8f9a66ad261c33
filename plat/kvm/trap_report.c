/* SPDX-License-Identifier: BSD-3-Clause */
/* Reports a CPU exception at CPL3, after the CPL0 stub handed it over. */
#include <tess/debug.h>
#include <tess/plat/irq.h>

#include "kvm.h"

/* Exit status of an image stopped by a CPU exception (like a shell's
 * 128 + SIGSEGV). */
#define TRAP_EXIT_STATUS 139

static const char *const vector_names[32] = {
	"divide error (#DE)", "debug (#DB)", "NMI", "breakpoint (#BP)",
	"overflow (#OF)", "bound range exceeded (#BR)",
	"invalid opcode (#UD)", "device not available (#NM)",
	"double fault (#DF)", "coprocessor segment overrun",
	"invalid TSS (#TS)", "segment not present (#NP)",
	"stack-segment fault (#SS)", "general protection (#GP)",
	"page fault (#PF)", "reserved (15)", "x87 floating point (#MF)",
	"alignment check (#AC)", "machine check (#MC)",
	"SIMD floating point (#XM)", "virtualization (#VE)",
	"control protection (#CP)",
};

__attribute__((noreturn, used)) void
tess_kvm_trap_report(const struct tess_kvm_fault *f)
{
	const char *name = f->vector >= 32 ? "unexpected interrupt" :
			   vector_names[f->vector] ? vector_names[f->vector] :
						     "reserved exception";

	tess_plat_irq_save();
	tess_pr_crit("CPU exception %llu: %s, error code %#llx, address %#llx",
		     (unsigned long long)f->vector, name,
		     (unsigned long long)f->error_code,
		     (unsigned long long)f->cr2);
	if (f->vector == 14)
		tess_pr_crit(" page fault: %s %s, %s",
			     f->error_code & 1 ? "protection violation" :
						 "page not present",
			     f->error_code & 2 ? "on write" :
			     f->error_code & 16 ? "on instruction fetch" :
						  "on read",
			     f->error_code & 4 ? "from CPL3" : "from CPL0");
	tess_pr_crit(" rip %016llx rsp %016llx rflags %016llx cs %04llx",
		     (unsigned long long)f->rip, (unsigned long long)f->rsp,
		     (unsigned long long)f->rflags, (unsigned long long)f->cs);
	tess_pr_crit(" rax %016llx rbx %016llx rcx %016llx rdx %016llx",
		     (unsigned long long)f->rax, (unsigned long long)f->rbx,
		     (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	tess_pr_crit(" rsi %016llx rdi %016llx rbp %016llx r8  %016llx",
		     (unsigned long long)f->rsi, (unsigned long long)f->rdi,
		     (unsigned long long)f->rbp, (unsigned long long)f->r8);
	tess_pr_crit(" r9  %016llx r10 %016llx r11 %016llx r12 %016llx",
		     (unsigned long long)f->r9, (unsigned long long)f->r10,
		     (unsigned long long)f->r11, (unsigned long long)f->r12);
	tess_pr_crit(" r13 %016llx r14 %016llx r15 %016llx",
		     (unsigned long long)f->r13, (unsigned long long)f->r14,
		     (unsigned long long)f->r15);
	tess_backtrace_print_from(f->rbp, f->rip);
	tess_plat_exit(TRAP_EXIT_STATUS);
}
