/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 fault reports: exception names, page-fault error codes, registers
 * (one format for every platform's crash report). */
#include <tess/arch.h>
#include <tess/debug.h>

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

const char *tess_arch_exception_name(uint64_t vector)
{
	if (vector >= 32)
		return "unexpected interrupt";
	return vector_names[vector] ? vector_names[vector]
				    : "reserved exception";
}

void tess_arch_exception_print(uint64_t vector, uint64_t error_code,
			       uint64_t address)
{
	tess_pr_crit("CPU exception %llu: %s, error code %#llx, address %#llx",
		     (unsigned long long)vector,
		     tess_arch_exception_name(vector),
		     (unsigned long long)error_code,
		     (unsigned long long)address);
	if (vector == 14)
		tess_pr_crit(" page fault: %s %s, %s",
			     error_code & 1 ? "protection violation"
					    : "page not present",
			     error_code & 2    ? "on write"
			     : error_code & 16 ? "on instruction fetch"
					       : "on read",
			     error_code & 4 ? "from CPL3" : "from CPL0");
}

void tess_arch_regs_print(const struct tess_arch_regs *r)
{
	tess_pr_crit(" rip %016llx rsp %016llx rflags %016llx",
		     (unsigned long long)r->rip, (unsigned long long)r->rsp,
		     (unsigned long long)r->rflags);
	tess_pr_crit(" rax %016llx rbx %016llx rcx %016llx rdx %016llx",
		     (unsigned long long)r->rax, (unsigned long long)r->rbx,
		     (unsigned long long)r->rcx, (unsigned long long)r->rdx);
	tess_pr_crit(" rsi %016llx rdi %016llx rbp %016llx r8  %016llx",
		     (unsigned long long)r->rsi, (unsigned long long)r->rdi,
		     (unsigned long long)r->rbp, (unsigned long long)r->r8);
	tess_pr_crit(" r9  %016llx r10 %016llx r11 %016llx r12 %016llx",
		     (unsigned long long)r->r9, (unsigned long long)r->r10,
		     (unsigned long long)r->r11, (unsigned long long)r->r12);
	tess_pr_crit(" r13 %016llx r14 %016llx r15 %016llx",
		     (unsigned long long)r->r13, (unsigned long long)r->r14,
		     (unsigned long long)r->r15);
}
