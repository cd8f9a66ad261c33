/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu faults: a crash signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP)
 * prints what happened, the registers and a backtrace, and exits with
 * 128 + the signal number. The handler runs on its own stack so that a
 * stack overflow is reported too.
 */
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
	tess_pr_crit(" rax %016lx rbx %016lx rcx %016lx rdx %016lx",
		     r[REG_RAX], r[REG_RBX], r[REG_RCX], r[REG_RDX]);
	tess_pr_crit(" rsi %016lx rdi %016lx rbp %016lx rsp %016lx",
		     r[REG_RSI], r[REG_RDI], r[REG_RBP], r[REG_RSP]);
	tess_pr_crit(" r8  %016lx r9  %016lx r10 %016lx r11 %016lx",
		     r[REG_R8], r[REG_R9], r[REG_R10], r[REG_R11]);
	tess_pr_crit(" r12 %016lx r13 %016lx r14 %016lx r15 %016lx",
		     r[REG_R12], r[REG_R13], r[REG_R14], r[REG_R15]);
	tess_pr_crit(" rflags %016lx error %#lx", r[REG_EFL], r[REG_ERR]);
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
