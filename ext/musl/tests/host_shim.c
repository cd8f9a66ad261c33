/* SPDX-License-Identifier: BSD-3-Clause */
/* Host stand-in for lib/syscall: a tess_syscall_table whose entries run the real Linux system call and count it. */
#include "host_shim.h"
#include <errno.h>
#include <stddef.h>
#include <sys/syscall.h>

/* Written by the forwarders below (any thread; the counters are atomic
 * adds, the last-argument records are only read after the call that
 * wrote them returned). */
unsigned long shim_calls[TESS_SYSCALL_MAX];
long shim_last_args[TESS_SYSCALL_MAX][6];
unsigned long shim_missing_calls;
long shim_missing_last;
unsigned long shim_clone_calls;

static long host_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

static long counted(long n, long a, long b, long c, long d, long e, long f)
{
	__atomic_fetch_add(&shim_calls[n], 1, __ATOMIC_RELAXED);
	shim_last_args[n][0] = a;
	shim_last_args[n][1] = b;
	shim_last_args[n][2] = c;
	shim_last_args[n][3] = d;
	shim_last_args[n][4] = e;
	shim_last_args[n][5] = f;
	return host_syscall(n, a, b, c, d, e, f);
}

#define FORWARD(name)                                                          \
	static long fwd_##name(long a, long b, long c, long d, long e, long f) \
	{                                                                      \
		return counted(SYS_##name, a, b, c, d, e, f);                  \
	}
/* The system calls the host program makes, one X(name) each. */
/* clang-format off */
#define SHIM_SYSCALLS(X)                                                     \
	X(read) X(write) X(readv) X(writev) X(open) X(openat) X(close)       \
	X(lseek) X(ioctl) X(fcntl) X(fstat) X(newfstatat) X(pipe) X(pipe2)  \
	X(brk) X(mmap) X(munmap) X(mremap) X(mprotect) X(madvise)           \
	X(clock_gettime) X(clock_nanosleep) X(nanosleep) X(exit)            \
	X(exit_group) X(arch_prctl) X(set_tid_address) X(set_robust_list)   \
	X(rt_sigprocmask) X(rt_sigaction) X(getpid) X(gettid) X(tkill)      \
	X(tgkill) X(futex) X(sched_yield) X(membarrier) X(getrandom)        \
	X(socketpair) X(sendto) X(recvfrom) X(uname) X(getuid) X(poll)      \
	X(ppoll)
/* clang-format on */
SHIM_SYSCALLS(FORWARD)

/* rt_sigreturn must run with the stack pointer at the signal frame;
 * __restore_rt passes that address as argument 1. */
static long shim_rt_sigreturn(long frame, long b, long c, long d, long e,
			      long f)
{
	__atomic_fetch_add(&shim_calls[SYS_rt_sigreturn], 1, __ATOMIC_RELAXED);
	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "mov %1, %%eax\n\t"
			     "syscall\n\t"
			     "hlt"
			     :
			     : "r"(frame), "i"(SYS_rt_sigreturn)
			     : "memory");
	__builtin_unreachable();
}

/* The direct symbols patch 0008 calls for constant numbers (the real
 * lib/syscall defines one per implemented call): the same forwarders. The
 * number comes from expanding SYS_<name>, hence the extra level. */
#define DIRECT_NR(nr, name)                                                    \
	long tess_syscall_nr_##nr(long a, long b, long c, long d, long e,      \
				  long f)                                      \
	{                                                                      \
		return fwd_##name(a, b, c, d, e, f);                           \
	}
#define DIRECT_EXPAND(nr, name) DIRECT_NR(nr, name)
#define DIRECT(name) DIRECT_EXPAND(SYS_##name, name)
SHIM_SYSCALLS(DIRECT)

#define ENTRY(name) [SYS_##name] = fwd_##name,
long (*tess_syscall_table[TESS_SYSCALL_MAX])(long, long, long, long, long,
					     long) = {
	SHIM_SYSCALLS(ENTRY)[SYS_rt_sigreturn] = shim_rt_sigreturn,
};

long tess_syscall_missing(long nr)
{
	static const char msg[] = "shim: system call not implemented: ";
	char num[24];
	int len = 0;
	unsigned long v = nr < 0 ? -(unsigned long)nr : (unsigned long)nr;

	__atomic_fetch_add(&shim_missing_calls, 1, __ATOMIC_RELAXED);
	shim_missing_last = nr;
	/* The real lib/syscall logs each name once; the shim logs the number. */
	do
		num[sizeof num - 2 - len++] = (char)('0' + v % 10);
	while ((v /= 10) && len < 20);
	if (nr < 0)
		num[sizeof num - 2 - len++] = '-';
	num[sizeof num - 1] = '\n';
	host_syscall(SYS_write, 2, (long)msg, sizeof msg - 1, 0, 0, 0);
	host_syscall(SYS_write, 2, (long)&num[sizeof num - 1 - len], len + 1, 0,
		     0, 0);
	return -ENOSYS;
}

/* The Linux clone system call for tess_clone: the child starts on stack
 * with fn and arg saved, calls fn(arg) and exits the thread with its
 * value; only the parent returns (the child's id or -errno). */
long shim_clone_asm(int (*fn)(void *), void *stack, int flags, void *arg,
		    int *ptid, void *tls, int *ctid);
__asm__(".text\n"
	".type shim_clone_asm,@function\n"
	"shim_clone_asm:\n\t"
	"and $-16, %rsi\n\t"
	"sub $16, %rsi\n\t"
	"mov %rcx, 8(%rsi)\n\t" /* arg */
	"mov %rdi, (%rsi)\n\t"	/* fn */
	"movslq %edx, %rdi\n\t" /* clone(flags, stack, ptid, ctid, tls) */
	"mov %r8, %rdx\n\t"
	"mov %r9, %r8\n\t"
	"mov 8(%rsp), %r10\n\t"
	"mov $56, %eax\n\t"
	"syscall\n\t"
	"test %rax, %rax\n\t"
	"jnz 1f\n\t"
	"xor %ebp, %ebp\n\t"
	"pop %rax\n\t" /* fn; the stack is 16-byte aligned again */
	"pop %rdi\n\t"
	"sub $16, %rsp\n\t"
	"call *%rax\n\t"
	"mov %eax, %edi\n\t"
	"mov $60, %eax\n\t"
	"syscall\n\t"
	"hlt\n"
	"1:\tret\n");

long tess_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid,
		void *tls, int *ctid)
{
	__atomic_fetch_add(&shim_clone_calls, 1, __ATOMIC_RELAXED);
	return shim_clone_asm(fn, stack, flags, arg, ptid, tls, ctid);
}
