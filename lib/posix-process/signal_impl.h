/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/posix-process's signal state, shared by signal.c (actions, masks,
 * delivery), signal_send.c (kill, tkill, tgkill) and signal_wait.c
 * (sigsuspend, pause, sigtimedwait, sigpending). */
#ifndef POSIX_SIGNAL_IMPL_H
#define POSIX_SIGNAL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/posix-process.h>

#define NSIG	 64
#define SIGKILL	 9
#define SIGSTOP	 19
#define SIG_DFL	 ((void *)0)
#define SIG_IGN	 ((void *)1)
#define SI_USER	 0
#define SI_TKILL (-6)

/* Linux's siginfo_t is 128 bytes; handlers read si_signo, si_code, si_pid
 * and si_uid from its start. */
struct siginfo_user {
	int signo, errno_value, code, pad;
	int pid, uid;
	char rest[104];
};

/* A thread's mask and pending signals: its lib/sched slot (every thread
 * has one, zero at its start: it blocks nothing until it says so).
 * Changed with interrupts masked. */
struct thread_signals {
	uint64_t blocked, pending;
	uint64_t awaited;      /* rt_sigtimedwait's set while it waits */
	unsigned long handled; /* handlers run on it so far */
};

extern struct tess_kernel_sigaction signal_actions[NSIG + 1];
extern uint64_t signal_process_pending;

/* SIGKILL and SIGSTOP cannot be blocked. */
#define SIGNAL_UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

static inline uint64_t sig_bit(int sig)
{
	return 1ULL << (sig - 1);
}

struct tess_thread;
/* Thread t's signal state / the calling thread's. */
struct thread_signals *signal_of(const struct tess_thread *t);
struct thread_signals *signal_self(void);

/* Whether sig's action is to ignore it. */
bool signal_ignored(int sig);

/* Ends the image as a process killed by sig would end. */
__attribute__((noreturn)) void signal_terminate(int sig);

/* Delivers, on the calling thread, every signal pending for it or for the
 * process that it does not block, lowest number first. Unmasked. */
void signal_deliver_pending(struct thread_signals *self);

#endif /* POSIX_SIGNAL_IMPL_H */
