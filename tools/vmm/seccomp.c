/* SPDX-License-Identifier: BSD-3-Clause */
/* The seccomp filter of the monitor's guest-serving threads. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../plat/kvm/include/tess/kvm_abi.h"
#include "seccomp.h"

/* What the vCPU thread (KVM_RUN, MMIO, console, signals, error reports)
 * and the device threads (queues, files, taps, eventfds, MSIs) call. */
static const int allowed[] = {
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64,
	SYS_pwrite64, SYS_preadv, SYS_pwritev, SYS_fdatasync, SYS_fsync,
	SYS_poll, SYS_ppoll, SYS_futex, SYS_clock_gettime, SYS_clock_nanosleep,
	SYS_nanosleep, SYS_sched_yield, SYS_fstat, SYS_newfstatat, SYS_brk,
	SYS_mmap, SYS_munmap, SYS_madvise, SYS_mremap, SYS_rt_sigreturn,
	SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_getpid, SYS_gettid,
	SYS_tgkill, SYS_exit, SYS_exit_group, SYS_restart_syscall,
	/* A sanitizer runtime's threads set and clear alternate signal
	 * stacks (tess-san, the monitor's ASan build in the tests). */
	SYS_sigaltstack,
};

/*
 * The second list, for a 9P share's thread only (fs_device.c; tess run's
 * linuxu share server): the file system calls its server makes on its
 * descriptors (p9_server.c). Paths cannot be filtered here; the server
 * resolves every name beneath its share with openat2 (or an *at call on
 * one checked component) and reopens only through /proc/self/fd.
 */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
static const int allowed_fs[] = {
	SYS_openat, SYS_openat2, SYS_close, SYS_mkdirat, SYS_mknodat,
	SYS_unlinkat, SYS_renameat, SYS_renameat2, SYS_linkat, SYS_symlinkat,
	SYS_readlinkat, SYS_statx, SYS_getdents64, SYS_fchmodat, SYS_fchownat,
	SYS_utimensat, SYS_ftruncate, SYS_fstatfs, SYS_lseek,
	/* tess's linuxu server polls its socket (tools/tess/share.c). */
	SYS_recvfrom,
};

/* Its fcntl commands: duplicating a descriptor, and record locks. */
static const unsigned int allowed_fcntls[] = {
	F_DUPFD_CLOEXEC, F_OFD_SETLK, F_OFD_GETLK,
};

/* The ioctls: running the vCPU, interrupting the guest, and reading its
 * registers for a fault report. */
static const unsigned long allowed_ioctls[] = {
	KVM_RUN, KVM_SIGNAL_MSI, KVM_GET_REGS, KVM_GET_SREGS,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *syscall_name(long nr)
{
	switch (nr) {
	case SYS_open: return "open";
	case SYS_openat: return "openat";
	case SYS_mkdir: return "mkdir";
	case SYS_execve: return "execve";
	case SYS_socket: return "socket";
	case SYS_connect: return "connect";
	case SYS_clone: return "clone";
	case SYS_clone3: return "clone3";
	case SYS_ioctl: return "ioctl (with a request outside the list)";
	case SYS_unlink: return "unlink";
	case SYS_unlinkat: return "unlinkat";
	case SYS_fcntl: return "fcntl (with a command outside the list)";
	case SYS_close: return "close";
	case SYS_ptrace: return "ptrace";
	case SYS_mprotect: return "mprotect (to make memory executable)";
	default: return "";
	}
}

/* SIGSYS from the filter: say which call, end the monitor. Only
 * async-signal-safe calls (write, exit_group), both allowed. */
static void forbidden(int sig, siginfo_t *info, void *ctx)
{
	char msg[200];
	int len;

	(void)sig;
	(void)ctx;
	len = snprintf(msg, sizeof(msg),
		       "tess run: the monitor made system call %d %s, which its "
		       "seccomp filter forbids; stopping (--no-seccomp runs "
		       "without the filter, for debugging)\n",
		       info->si_syscall, syscall_name(info->si_syscall));
	if (len > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)len);
	/* The raw call: a C library's or sanitizer's _exit may make other
	 * calls, which the filter would stop before the exit. */
	syscall(SYS_exit_group, TESS_KVM_STATUS_SECCOMP);
}

/* The filter, built as a list of instructions whose jumps name labels
 * (resolved once every label's place is known). */
enum label {
	L_NONE, L_ALLOW, L_TRAP, L_IOCTL, L_MPROTECT, L_FCNTL, L_COUNT
};

#define PROG_MAX 128

struct builder {
	struct sock_filter prog[PROG_MAX];
	/* Labels of jumps, L_NONE: fall through. */
	unsigned char jt[PROG_MAX], jf[PROG_MAX];
	unsigned int n, at[L_COUNT];
	bool overflow; /* the lists outgrew PROG_MAX */
};

static void emit(struct builder *b, struct sock_filter insn, enum label jt,
		 enum label jf)
{
	if (b->n == PROG_MAX) {
		b->overflow = true;
		return;
	}
	b->jt[b->n] = (unsigned char)jt;
	b->jf[b->n] = (unsigned char)jf;
	b->prog[b->n++] = insn;
}

static void label(struct builder *b, enum label l)
{
	b->at[l] = b->n;
}

static void load(struct builder *b, unsigned int offset)
{
	emit(b, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset),
	     L_NONE, L_NONE);
}

static void jump_if(struct builder *b, unsigned int k, enum label jt,
		    enum label jf)
{
	emit(b, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 0),
	     jt, jf);
}

static void ret(struct builder *b, unsigned int what)
{
	emit(b, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, what), L_NONE,
	     L_NONE);
}

static void resolve(struct builder *b)
{
	for (unsigned int pc = 0; pc < b->n; pc++) {
		if (b->jt[pc])
			b->prog[pc].jt = (unsigned char)(b->at[b->jt[pc]] - pc - 1);
		if (b->jf[pc])
			b->prog[pc].jf = (unsigned char)(b->at[b->jf[pc]] - pc - 1);
	}
}

/* Builds and installs the filter: the common list, and the file system
 * one when fs is true. */
static int confine(bool fs)
{
	struct sigaction sa = {.sa_sigaction = forbidden,
			       .sa_flags = SA_SIGINFO};
	struct builder b = {.n = 0};
	struct sock_fprog fprog;

	load(&b, offsetof(struct seccomp_data, arch));
	jump_if(&b, AUDIT_ARCH_X86_64, L_NONE, L_TRAP);
	load(&b, offsetof(struct seccomp_data, nr));
	for (unsigned int i = 0; i < COUNT(allowed); i++)
		jump_if(&b, (unsigned int)allowed[i], L_ALLOW, L_NONE);
	for (unsigned int i = 0; fs && i < COUNT(allowed_fs); i++)
		jump_if(&b, (unsigned int)allowed_fs[i], L_ALLOW, L_NONE);
	if (fs)
		jump_if(&b, SYS_fcntl, L_FCNTL, L_NONE);
	jump_if(&b, SYS_ioctl, L_IOCTL, L_NONE);
	jump_if(&b, SYS_mprotect, L_MPROTECT, L_TRAP);
	label(&b, L_IOCTL); /* only the listed requests */
	load(&b, offsetof(struct seccomp_data, args[1]));
	for (unsigned int i = 0; i < COUNT(allowed_ioctls); i++)
		jump_if(&b, (unsigned int)allowed_ioctls[i], L_ALLOW, L_NONE);
	ret(&b, SECCOMP_RET_TRAP);
	if (fs) { /* fcntl: only the listed commands */
		label(&b, L_FCNTL);
		load(&b, offsetof(struct seccomp_data, args[1]));
		for (unsigned int i = 0; i < COUNT(allowed_fcntls); i++)
			jump_if(&b, allowed_fcntls[i], L_ALLOW, L_NONE);
		ret(&b, SECCOMP_RET_TRAP);
	}
	/* mprotect (the C library's heap growth), never to executable. */
	label(&b, L_MPROTECT);
	load(&b, offsetof(struct seccomp_data, args[2]));
	emit(&b, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
					      PROT_EXEC, 0, 0),
	     L_TRAP, L_ALLOW);
	label(&b, L_TRAP);
	ret(&b, SECCOMP_RET_TRAP);
	label(&b, L_ALLOW);
	ret(&b, SECCOMP_RET_ALLOW);
	if (b.overflow)
		return -E2BIG;
	resolve(&b);
	fprog.len = (unsigned short)b.n;
	fprog.filter = b.prog;
	if (sigaction(SIGSYS, &sa, NULL) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
		return -errno;
	return 0;
}

int vmm_seccomp_confine(void)
{
	return confine(false);
}

int vmm_seccomp_confine_fs(void)
{
	return confine(true);
}

void vmm_seccomp_selftest(void)
{
	if (syscall(SYS_mkdir, "/tmp/tess-vmm-seccomp-selftest", 0700) == 0)
		rmdir("/tmp/tess-vmm-seccomp-selftest");
}
