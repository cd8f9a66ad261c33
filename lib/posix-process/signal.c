/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals a process sends itself: rt_sigaction, rt_sigprocmask and
 * kill/tkill/tgkill, enough for raise() and abort(). A signal to the
 * process runs at once on the calling thread, as Linux delivers a
 * self-directed signal on the way out of the call: its handler, or its
 * default action (end the image with 128 + signal, or ignore). A blocked
 * signal waits until rt_sigprocmask unblocks it.
 */
#include <errno.h>
#include <stdbool.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/posix-thread.h>
#endif

#define NSIG	    64
#define SIGKILL	    9
#define SIGSTOP	    19
#define SIG_DFL	    ((void *)0)
#define SIG_IGN	    ((void *)1)
#define SA_SIGINFO  4
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* Linux's siginfo_t is 128 bytes; handlers read si_signo, si_code, si_pid
 * and si_uid from its start. */
struct siginfo_user {
	int signo, errno_value, code, pad;
	int pid, uid;
	char rest[104];
};
#define SI_TKILL (-6)

/* The process's signal state, changed only by these calls on the calling
 * thread (one CPU; libcs block signals around their own updates). */
static struct tess_kernel_sigaction actions[NSIG + 1];
static uint64_t blocked, pending;

static uint64_t sig_bit(int sig)
{
	return 1ULL << (sig - 1);
}

/* Signals whose default action is to ignore them (signal(7)); stop and
 * continue have no meaning without a shell: ignored too. */
static bool default_ignores(int sig)
{
	switch (sig) {
	case 17: /* SIGCHLD */
	case 18: /* SIGCONT */
	case 19: /* SIGSTOP */
	case 20: /* SIGTSTP */
	case 21: /* SIGTTIN */
	case 22: /* SIGTTOU */
	case 23: /* SIGURG */
	case 28: /* SIGWINCH */ return true;
	default: return false;
	}
}

static void deliver(int sig)
{
	void *handler = actions[sig].handler;

	if (handler == SIG_IGN || (handler == SIG_DFL && default_ignores(sig)))
		return;
	if (handler == SIG_DFL) {
		tess_pr_crit("terminated by signal %d", sig);
		tess_plat_exit(128 + sig);
	}
	if (actions[sig].flags & SA_SIGINFO) {
		struct siginfo_user info = {
			.signo = sig, .code = SI_TKILL, .pid = TESS_POSIX_PID};

		((void (*)(int, void *, void *))handler)(sig, &info, NULL);
	} else {
		((void (*)(int))handler)(sig);
	}
}

static void deliver_pending(void)
{
	uint64_t ready;

	while ((ready = pending & ~blocked) != 0) {
		int sig = __builtin_ctzll(ready) + 1;

		pending &= ~sig_bit(sig);
		deliver(sig);
	}
}

TESS_SYSCALL_DEFINE4(rt_sigaction, int, sig,
		     const struct tess_kernel_sigaction *, act,
		     struct tess_kernel_sigaction *, old, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIG ||
	    ((sig == SIGKILL || sig == SIGSTOP) && act))
		return -EINVAL;
	if (old)
		*old = actions[sig];
	if (act)
		actions[sig] = *act;
	return 0;
}

TESS_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		     uint64_t *, old, size_t, sigsetsize)
{
	/* SIGKILL and SIGSTOP cannot be blocked. */
	const uint64_t unblockable = sig_bit(SIGKILL) | sig_bit(SIGSTOP);

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	if (old)
		*old = blocked;
	if (!set)
		return 0;
	if (how == SIG_BLOCK)
		blocked |= *set;
	else if (how == SIG_UNBLOCK)
		blocked &= ~*set;
	else
		blocked = *set;
	blocked &= ~unblockable;
	deliver_pending();
	return 0;
}

/* Every target is this process (any thread of it: they share the signal
 * state here). */
static long send(int sig)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0)
		return 0;
	pending |= sig_bit(sig);
	deliver_pending();
	return 0;
}

TESS_SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (pid != TESS_POSIX_PID && pid != 0 && pid != -1)
		return -ESRCH;
	return send(sig);
}

/*
 * A signal to one thread. To the caller: as send(). To another thread:
 * the default actions are the process's (terminate ends the image); a
 * handler would run on that thread on Linux, which Tessera cannot do from
 * here, so instead the thread's interruptible wait (a futex wait or a
 * sleep; the next one if it is in none) returns -EINTR. That is how a
 * libc's pthread_cancel reaches a thread blocked in a cancellation point
 * (musl acts on the -EINTR); the handler itself does not run on the other
 * thread (said once).
 */
static long send_to_thread(int tid, int sig)
{
	void *handler;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
#ifdef CONFIG_TESS_POSIX_THREAD
	if (tid != tess_sys_gettid()) {
		static bool logged;

		if (!tess_posix_thread_exists(tid))
			return -ESRCH;
		if (sig == 0)
			return 0;
		handler = actions[sig].handler;
		if (handler == SIG_IGN ||
		    (handler == SIG_DFL && default_ignores(sig)))
			return 0;
		if (handler == SIG_DFL) {
			deliver(sig); /* ends the image */
			return 0;
		}
		if (!logged) {
			logged = true;
			tess_pr_warn("signal %d to thread %d: its handler does "
				     "not run there; the thread's futex wait "
				     "or sleep is interrupted (-EINTR)",
				     sig, tid);
		}
		tess_posix_thread_interrupt(tid);
		return 0;
	}
#else
	(void)handler;
	if (tid != TESS_POSIX_PID)
		return -ESRCH;
#endif
	return send(sig);
}

TESS_SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return send_to_thread(tid, sig);
}

TESS_SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != TESS_POSIX_PID)
		return -ESRCH;
	return send_to_thread(tid, sig);
}
