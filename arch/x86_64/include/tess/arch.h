/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architecture contract, x86_64 implementation: CPU hints, cycle counter,
 * CPU identification, the FS base, stack walking, thread contexts, the
 * register state of a fault and of a syscall instruction.
 *
 * Everything here is safe in any context (interrupt handlers included) and
 * executes no trapping instruction, except where said (cpuid traps on
 * kvm-pvm: callers ask once and keep the answer). The context switch saves only what the
 * ABI makes callee-saved; the caller (lib/sched) decides when it is safe to
 * switch and keeps interrupts masked around it.
 */
#ifndef TESS_ARCH_H
#define TESS_ARCH_H

#include <stdint.h>

#define TESS_ARCH_NAME "x86_64"

static inline void tess_arch_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* Time stamp counter: not serialising; cheap (no trap) on KVM and Linux. */
static inline uint64_t tess_arch_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* CPUID leaf/subleaf into r[0..3] = eax, ebx, ecx, edx. Traps on some
 * hypervisors (kvm-pvm): ask once, keep the answer. */
static inline void tess_arch_cpuid(uint32_t leaf, uint32_t subleaf,
				   uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(subleaf));
}

/* Whether CPUID says the CPU has rd/wrfsbase (leaf 7, EBX bit 0); usable
 * at CPL3 only once CR4.FSGSBASE is set, which is the platform's doing. */
static inline int tess_arch_cpuid_has_fsgsbase(void)
{
	uint32_t r[4];

	tess_arch_cpuid(0, 0, r);
	if (r[0] < 7)
		return 0;
	tess_arch_cpuid(7, 0, r);
	return r[1] & 1;
}

/* Writes the FS base (the TLS pointer) with wrfsbase: only where
 * tess_arch_cpuid_has_fsgsbase() and the platform enabled it. */
static inline void tess_arch_fs_base_write(uintptr_t base)
{
	__asm__ __volatile__("wrfsbase %0" : : "r"(base) : "memory");
}

/* The registers of a thread where it faulted. */
struct tess_arch_regs {
	uint64_t rip, rsp, rflags;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

/* Prints them (critical level, four lines) for a fault report. */
void tess_arch_regs_print(const struct tess_arch_regs *regs);

/* The name of CPU exception vector ("page fault (#PF)"; "unexpected
 * interrupt" from 32 on). */
const char *tess_arch_exception_name(uint64_t vector);

/* Prints a CPU exception's first report lines: vector, name, error code,
 * address, and for a page fault what the error code says. */
void tess_arch_exception_print(uint64_t vector, uint64_t error_code,
			       uint64_t address);

/*
 * Walks the frame-pointer chain starting at frame (an %rbp value) and
 * stores up to max return addresses. The walk stops at a NULL, misaligned
 * or non-increasing frame pointer, so a corrupt stack ends the walk
 * instead of faulting on the first implausible link (it may still read a
 * stale but mapped frame). Returns the number of addresses stored.
 */
int tess_arch_backtrace(uintptr_t frame, uintptr_t *addrs, int max);

static inline uintptr_t tess_arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

/* A suspended thread context: its saved stack pointer, below which
 * tess_arch_context_switch left the callee-saved registers. */
struct tess_arch_context {
	uintptr_t sp;
};

/*
 * Prepares ctx so that the first switch to it calls entry(arg) on the
 * stack that ends at stack_top (exclusive; aligned down to 16 bytes here).
 * Uses 64 bytes at the top of the stack. entry must never return.
 */
void tess_arch_context_init(struct tess_arch_context *ctx, void *stack_top,
			    void (*entry)(void *), void *arg);

/* Saves the current context in *from and resumes *to. Returns when some
 * later switch resumes *from. */
void tess_arch_context_switch(struct tess_arch_context *from,
			      struct tess_arch_context *to);

/* Every register of a thread at its syscall instruction (Linux x86_64
 * passes a call's arguments in rdi, rsi, rdx, r10, r8, r9; rcx holds
 * where it resumes and r11 its flags), lowest address first. A platform
 * that traps the instruction saves one (tess/plat/syscall_trap.h). */
struct tess_arch_syscall_frame {
	uint64_t r15, r14, r13, r12, rbp, r9, r8, r10, rdx, rsi, rdi, rbx;
	uint64_t r11; /* the caller's flags */
	uint64_t rcx; /* where the caller resumes */
};

/* Becomes the state of frame on stack: every register as the frame has
 * it, rax 0 (a clone's child), resuming where the frame resumes with its
 * flags. At the privilege level the caller runs at. */
__attribute__((noreturn)) void
tess_arch_syscall_frame_resume(const struct tess_arch_syscall_frame *frame,
			       uintptr_t stack);

#endif /* TESS_ARCH_H */
