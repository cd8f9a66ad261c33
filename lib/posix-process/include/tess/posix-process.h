/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-process: the process-level Linux system calls, in the table of
 * lib/syscall (tess/syscall.h) and as direct tess_sys_<name> functions.
 *
 * One process: pid 1, parent 0, uid/gid 0. uname names Tessera. Limits
 * are kept and reported, not enforced (nothing here can exceed them but
 * the stack, whose size is the platform's). Signals: actions per process,
 * masks and pending sets per thread (signal.c says where each signal
 * runs): on the caller at once when it may, else on a thread that does
 * not block it as it leaves a futex wait or sleep, which the signal ends
 * with -EINTR (lib/posix-thread); rt_sigsuspend, pause and
 * rt_sigtimedwait wait for them (with lib/posix-thread). Default actions: terminate (the image
 * ends with 128 + signal, as a shell reports a process killed by it) or
 * ignore. getrandom draws from the platform's entropy source.
 *
 * Not for interrupt context. Pointers from callers are used as given (one
 * address space; a bad pointer faults like any other access).
 */
#ifndef TESS_POSIX_PROCESS_H
#define TESS_POSIX_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#define TESS_POSIX_PID 1

/* Linux's struct utsname: six strings of 65 bytes. */
struct tess_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

/* Linux's struct rlimit (and rlimit64). */
struct tess_rlimit {
	uint64_t cur;
	uint64_t max;
};
#define TESS_RLIM_INFINITY (~0ULL)
#define TESS_RLIMIT_COUNT  16

/* Linux's struct kernel_sigaction (rt_sigaction's own layout). */
struct tess_kernel_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

long tess_sys_getpid(void);
long tess_sys_getppid(void);
long tess_sys_getuid(void);
long tess_sys_geteuid(void);
long tess_sys_getgid(void);
long tess_sys_getegid(void);
long tess_sys_uname(struct tess_utsname *buf);
long tess_sys_exit_group(int status) __attribute__((noreturn));
long tess_sys_getrlimit(unsigned int resource, struct tess_rlimit *limit);
long tess_sys_setrlimit(unsigned int resource, const struct tess_rlimit *limit);
long tess_sys_prlimit64(int pid, unsigned int resource,
			const struct tess_rlimit *new_limit,
			struct tess_rlimit *old_limit);
long tess_sys_rt_sigaction(int sig, const struct tess_kernel_sigaction *act,
			   struct tess_kernel_sigaction *old,
			   size_t sigsetsize);
long tess_sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *old,
			     size_t sigsetsize);
long tess_sys_kill(int pid, int sig);
long tess_sys_tkill(int tid, int sig);
long tess_sys_tgkill(int tgid, int tid, int sig);
long tess_sys_arch_prctl(int code, unsigned long addr);
long tess_sys_getrandom(void *buf, size_t len, unsigned int flags);

#endif /* TESS_POSIX_PROCESS_H */
