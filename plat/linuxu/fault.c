/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu faults: a crash signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP)
 * prints what happened, the registers and a backtrace, and exits with
 * 128 + the signal number. The handler runs on its own stack so that a
 * stack overflow is reported too.
 */
#include <tess/arch.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>

#include "linuxu.h"

/* Offsets into the kernel's ucontext_t (x86_64): gregs[] follows
 * uc_flags, uc_link and stack_t. */
enum {
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	REG_RDI, REG_RSI, REG_RBP, REG_RBX, REG_RDX, REG_RAX, REG_RCX, REG_RSP,
	REG_RIP, REG_EFL, REG_CSGSFS, REG_ERR, REG_TRAPNO, REG_OLDMASK, REG_CR2,
	REG_COUNT
};
#define UCONTEXT_GREGS_OFFSET 40
#define SIGINFO_ADDR_OFFSET 16

struct linux_stack {
	void *sp;
	int flags;
	size_t size;
};

/* The alternate signal stack; used only by the fault handler. */
static char fault_stack[64 * 1024] __attribute__((aligned(16)));

static const char *fault_name(int sig)
{
	switch (sig) {
	case LINUX_SIGSEGV: return "segmentation fault (SIGSEGV)";
	case LINUX_SIGBUS: return "bus error (SIGBUS)";
	case LINUX_SIGILL: return "illegal instruction (SIGILL)";
	case LINUX_SIGFPE: return "arithmetic fault (SIGFPE)";
	case LINUX_SIGTRAP: return "trap (SIGTRAP)";
	default: return "fatal signal";
	}
}

static void fault_handler(int sig, void *info, void *ucontext)
{
	const unsigned long *r = (const unsigned long *)((char *)ucontext +
						 UCONTEXT_GREGS_OFFSET);
	unsigned long addr = *(unsigned long *)((char *)info + SIGINFO_ADDR_OFFSET);

	tess_plat_irq_save();
	tess_pr_crit("%s at address %#lx, rip %#lx", fault_name(sig), addr,
		     r[REG_RIP]);
	tess_pr_crit(" error %#lx", r[REG_ERR]);
	tess_arch_regs_print(&(const struct tess_arch_regs){
		.rip = r[REG_RIP], .rsp = r[REG_RSP], .rflags = r[REG_EFL],
		.rax = r[REG_RAX], .rbx = r[REG_RBX], .rcx = r[REG_RCX],
		.rdx = r[REG_RDX], .rsi = r[REG_RSI], .rdi = r[REG_RDI],
		.rbp = r[REG_RBP], .r8 = r[REG_R8], .r9 = r[REG_R9],
		.r10 = r[REG_R10], .r11 = r[REG_R11], .r12 = r[REG_R12],
		.r13 = r[REG_R13], .r14 = r[REG_R14], .r15 = r[REG_R15]});
	tess_backtrace_print_from(r[REG_RBP], r[REG_RIP]);
	tess_plat_exit(128 + sig);
}

void linuxu_fault_init(void)
{
	static const int signals[] = { LINUX_SIGSEGV, LINUX_SIGBUS,
				       LINUX_SIGILL, LINUX_SIGFPE,
				       LINUX_SIGTRAP };
	struct linux_stack ss = { fault_stack, 0, sizeof(fault_stack) };

	linuxu_syscall(SYS_sigaltstack, &ss, 0, 0);
	for (unsigned int i = 0; i < TESS_ARRAY_SIZE(signals); i++)
		linuxu_sigaction(signals[i], fault_handler,
				 LINUX_SA_SIGINFO | LINUX_SA_ONSTACK);
}
