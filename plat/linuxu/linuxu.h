/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu internals: raw Linux x86_64 system calls and shared constants. */
#ifndef TESS_LINUXU_H
#define TESS_LINUXU_H

#include <stddef.h>
#include <stdint.h>

/* Linux x86_64 system call numbers used by this platform. */
#define SYS_write 1
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn 15
#define SYS_ioctl 16
#define SYS_sigaltstack 131
#define SYS_arch_prctl 158
#define SYS_rt_sigsuspend 130
#define SYS_timer_create 222
#define SYS_timer_settime 223
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define SYS_getrandom 318
#define SYS_getpid 39
#define SYS_fcntl 72

#define LINUX_PROT_READ 1
#define LINUX_PROT_WRITE 2
#define LINUX_PROT_EXEC 4
#define LINUX_MAP_PRIVATE 0x02
#define LINUX_MAP_ANONYMOUS 0x20
#define LINUX_MAP_NORESERVE 0x4000
#define LINUX_CLOCK_REALTIME 0
#define LINUX_CLOCK_MONOTONIC 1
#define LINUX_SIG_BLOCK 0
#define LINUX_SIG_UNBLOCK 1
#define LINUX_SIG_SETMASK 2
#define LINUX_SIGHUP 1
#define LINUX_SIGINT 2
#define LINUX_SIGILL 4
#define LINUX_SIGTERM 15
#define LINUX_SIGTRAP 5
#define LINUX_SIGBUS 7
#define LINUX_SIGFPE 8
#define LINUX_SIGSEGV 11
#define LINUX_SIGALRM 14
#define LINUX_SIGRTMIN 34
/* The host signal of device line `line` (host.c): a standard signal, of
 * which the host keeps at most one pending. A real-time signal is queued
 * once per event (a tap's every frame), and a flood of them was
 * delivered back to back, each frame on top of the last, until the stack
 * of the thread that happened to run overflowed (irq.c now blocks the
 * interrupt signals in their handlers too). A line is a flag (pending or
 * not), so nothing is lost. SIGUSR1, SIGUSR2, SIGIO, SIGPWR, SIGURG,
 * SIGWINCH: none has another use in an image. */
#define LINUXU_LINE_SIGNAL(line)                                               \
	((const int[]){10, 12, 29, 30, 23, 28}[(line) - 2])
#define LINUX_SA_SIGINFO 0x4
#define LINUX_SA_ONSTACK 0x08000000
#define LINUX_SA_RESTORER 0x04000000
#define LINUX_SA_RESTART 0x10000000
#define LINUX_SA_NODEFER 0x40000000
#define LINUX_SIGEV_SIGNAL 0
#define LINUX_TIMER_ABSTIME 1
#define LINUX_EINTR 4

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

/* The kernel's struct sigaction for rt_sigaction (not libc's). */
struct linux_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static inline long linuxu_syscall6(long nr, long a, long b, long c, long d,
				   long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

#define linuxu_syscall(nr, a, b, c)                                          \
	linuxu_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* Restores the interrupted context after a signal handler (entry.S). */
void linuxu_signal_return(void);

int linuxu_sigaction(int sig, void *handler, unsigned long flags);
/* Marks line pending and delivers it at once when interrupts are on
 * (from a signal handler). */
void linuxu_irq_raise(unsigned int line);
void linuxu_fault_init(void);
void linuxu_clock_init(uintptr_t vdso_base);
/* The address of symbol in the host's vDSO at base (AT_SYSINFO_EHDR), or
 * NULL (vdso.c). */
void *linuxu_vdso_find(uintptr_t base, const char *symbol);

/* The console's input while a reader waits (console.c): the descriptor
 * idle should also wait on (-1: none), and the call when it is ready
 * (interrupts masked). */
int linuxu_console_idle_fd(void);
void linuxu_console_input_ready(void);

#endif /* TESS_LINUXU_H */
