/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals inside the one process: the state, where a signal runs, and
 * rt_sigaction and rt_sigprocmask (sending: signal_send.c; waiting:
 * signal_wait.c). As on Linux, actions are the process's while the
 * mask and the pending set are each thread's (plus a pending set of the
 * process, for kill). A signal runs where Linux would run it:
 * - on the calling thread, at once, when it is sent to the process or to
 *   the caller and the caller does not block it (Linux delivers it on the
 *   way out of the call);
 * - on another thread when that thread next leaves an interruptible wait
 *   (lib/sched's: a futex wait, a sleep, a signal wait), which the signal ends
 *   with -EINTR if the thread is in one; the handler runs before the wait
 *   returns, as on Linux before the system call returns. A thread that
 *   never waits again takes it at its next rt_sigprocmask (Linux would
 *   interrupt it anywhere: Tessera does not stop running code from here).
 * Default actions: terminate (the image ends with 128 + signal, as a shell
 * reports a process killed by it) or ignore. A handler gets a siginfo and
 * a ucontext whose uc_sigmask is the mask to restore when it returns (as
 * sigreturn does); the registers in it are zero (there is no interrupted
 * context to show).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "signal_impl.h"

#define SA_SIGINFO   4
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000UL
#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

/* Linux's x86_64 ucontext, as a C library reads it (uc_sigmask at 296). */
struct ucontext_user {
	unsigned long flags;
	void *link;
	struct {
		void *sp;
		int flags;
		size_t size;
	} stack;
	uint64_t gregs[23];
	void *fpregs;
	uint64_t reserved[8];
	uint64_t sigmask;
	uint64_t sigmask_rest[15]; /* a libc's sigset_t is 128 bytes */
	uint64_t fpregs_mem[64];
};
_Static_assert(offsetof(struct ucontext_user, sigmask) == 296,
	       "uc_sigmask where Linux has it");

struct tess_kernel_sigaction signal_actions[NSIG + 1];
uint64_t signal_process_pending;

/* An interrupted thread of the program takes its signals as its wait
 * ends (a service thread of the OS never runs the program's handlers). */
static void deliver_on_interrupt(struct tess_thread *t, void *data)
{
	if (!tess_sched_thread_is_service(t))
		signal_deliver_pending(data);
}
TESS_SCHED_SLOT(signal_slot, struct thread_signals,
		.on_interrupt = deliver_on_interrupt);

struct thread_signals *signal_of(const struct tess_thread *t)
{
	return tess_sched_slot_data(t, &signal_slot);
}

struct thread_signals *signal_self(void)
{
	return tess_sched_slot_self(&signal_slot);
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

bool signal_ignored(int sig)
{
	void *handler = signal_actions[sig].handler;

	return handler == SIG_IGN ||
	       (handler == SIG_DFL && default_ignores(sig));
}

void signal_terminate(int sig)
{
	tess_pr_crit("terminated by signal %d", sig);
	tess_plat_exit(128 + sig);
}

/* Runs sig's action on the calling thread, whose record is self: the
 * handler with sig (and the action's mask) blocked, then the mask the
 * ucontext holds on return. Unmasked. */
static void deliver(struct thread_signals *self, int sig, int code)
{
	struct tess_kernel_sigaction act = signal_actions[sig];
	struct siginfo_user info = {
		.signo = sig, .code = code, .pid = TESS_POSIX_PID};
	struct ucontext_user uc = {.sigmask = self->blocked};
	bool was;

	if (signal_ignored(sig))
		return;
	if (act.handler == SIG_DFL)
		signal_terminate(sig);
	was = tess_plat_irq_save();
	self->blocked |= act.mask | (act.flags & SA_NODEFER ? 0 : sig_bit(sig));
	self->blocked &= ~SIGNAL_UNBLOCKABLE;
	if (act.flags & SA_RESETHAND)
		signal_actions[sig].handler = SIG_DFL;
	tess_plat_irq_restore(was);
	if (act.flags & SA_SIGINFO)
		((void (*)(int, void *, void *))act.handler)(sig, &info, &uc);
	else
		((void (*)(int))act.handler)(sig);
	was = tess_plat_irq_save();
	self->blocked = uc.sigmask & ~SIGNAL_UNBLOCKABLE;
	self->handled++;
	tess_plat_irq_restore(was);
}

/* Delivers, on the calling thread, every signal pending for it or for the
 * process that it does not block, lowest number first. */
void signal_deliver_pending(struct thread_signals *self)
{
	for (;;) {
		bool was = tess_plat_irq_save();
		uint64_t ready = (self->pending | signal_process_pending) &
				 ~self->blocked;
		int sig, code;

		if (!ready) {
			tess_plat_irq_restore(was);
			return;
		}
		sig = __builtin_ctzll(ready) + 1;
		if (self->pending & sig_bit(sig)) {
			self->pending &= ~sig_bit(sig);
			code = SI_TKILL;
		} else {
			signal_process_pending &= ~sig_bit(sig);
			code = SI_USER;
		}
		tess_plat_irq_restore(was);
		deliver(self, sig, code);
	}
}

static int pending_discard(struct tess_thread *t, void *arg)
{
	signal_of(t)->pending &= ~sig_bit(*(int *)arg);
	return 0;
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
		*old = signal_actions[sig];
	if (act) {
		signal_actions[sig] = *act;
		/* Setting a signal to be ignored discards it where pending. */
		if (signal_ignored(sig)) {
			bool was = tess_plat_irq_save();

			signal_process_pending &= ~sig_bit(sig);
			tess_sched_thread_foreach(pending_discard, &sig);
			tess_plat_irq_restore(was);
		}
	}
	return 0;
}

TESS_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		     uint64_t *, old, size_t, sigsetsize)
{
	struct thread_signals *self = signal_self();
	bool was;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	was = tess_plat_irq_save();
	if (old)
		*old = self->blocked;
	if (set) {
		if (how == SIG_BLOCK)
			self->blocked |= *set;
		else if (how == SIG_UNBLOCK)
			self->blocked &= ~*set;
		else
			self->blocked = *set;
		self->blocked &= ~SIGNAL_UNBLOCKABLE;
	}
	tess_plat_irq_restore(was);
	signal_deliver_pending(self);
	return 0;
}
