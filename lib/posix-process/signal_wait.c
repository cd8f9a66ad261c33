/* SPDX-License-Identifier: BSD-3-Clause */
/* Waiting for signals: rt_sigsuspend, pause and rt_sigtimedwait (in
 * lib/sched's interruptible sleep), and rt_sigpending. */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "signal_impl.h"

/*
 * Waits with mask as the thread's mask until a handler has run on it
 * (delivered as its wait ends: the slot's interrupt hook), then puts the old mask
 * back: -EINTR, as on Linux. A signal that is ignored does not end it.
 */
static long suspend_with(struct thread_signals *self, uint64_t mask)
{
	unsigned long handled;
	uint64_t old;
	bool was;

	was = tess_plat_irq_save();
	old = self->blocked;
	self->blocked = mask & ~SIGNAL_UNBLOCKABLE;
	handled = self->handled;
	tess_plat_irq_restore(was);
	signal_deliver_pending(self);
	while (self->handled == handled)
		tess_sched_sleep_interruptible(TESS_SCHED_FOREVER);
	was = tess_plat_irq_save();
	self->blocked = old;
	tess_plat_irq_restore(was);
	signal_deliver_pending(self); /* what the old mask lets through now */
	return -EINTR;
}

TESS_SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t *, mask, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	return suspend_with(signal_self(), *mask);
}

TESS_SYSCALL_DEFINE0(pause)
{
	struct thread_signals *self = signal_self();

	return suspend_with(self, self->blocked);
}

/* Linux's struct timespec. */
struct timespec_user {
	long sec, nsec;
};

/* Takes the lowest signal of set pending for self or the process; 0 when
 * none is. Masked. */
static int take_awaited(struct thread_signals *self, uint64_t set, int *code)
{
	uint64_t ready = (self->pending | signal_process_pending) & set;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	if (self->pending & sig_bit(sig)) {
		self->pending &= ~sig_bit(sig);
		*code = SI_TKILL;
	} else {
		signal_process_pending &= ~sig_bit(sig);
		*code = SI_USER;
	}
	return sig;
}

/*
 * sigwait, sigwaitinfo, sigtimedwait: takes a signal of set that is
 * pending or comes (normally blocked by the caller, as POSIX asks) without
 * running its handler; its number, with its siginfo. -EAGAIN when the
 * timeout passes; -EINTR when a handler for another signal ran meanwhile.
 */
TESS_SYSCALL_DEFINE4(rt_sigtimedwait, const uint64_t *, set,
		     struct siginfo_user *, info, const struct timespec_user *,
		     timeout, size_t, sigsetsize)
{
	uint64_t deadline = TESS_SCHED_FOREVER, wanted;
	struct thread_signals *self;
	unsigned long handled;
	int sig = 0, code = 0;
	bool was, timed_out = false;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (timeout) {
		long err = tess_syscall_timespec_ns(timeout->sec, timeout->nsec,
						    &deadline);

		if (err)
			return err;
		deadline = tess_sched_deadline_after(deadline);
	}
	wanted = *set & ~SIGNAL_UNBLOCKABLE;
	self = signal_self();
	handled = self->handled;
	/* Looks once more after the wait ended for good (timed out, or a
	 * handler ran): a signal of the set may have come with it. */
	for (bool last = false;;) {
		was = tess_plat_irq_save();
		sig = take_awaited(self, wanted, &code);
		self->awaited = sig || last ? 0 : wanted;
		tess_plat_irq_restore(was);
		if (sig)
			break;
		if (last)
			return timed_out ? -EAGAIN : -EINTR;
		timed_out = tess_sched_sleep_interruptible(deadline) == 0;
		last = timed_out || self->handled != handled;
	}
	if (info) {
		*info = (struct siginfo_user){
			.signo = sig, .code = code, .pid = TESS_POSIX_PID};
	}
	return sig;
}

TESS_SYSCALL_DEFINE2(rt_sigpending, uint64_t *, set, size_t, sigsetsize)
{
	struct thread_signals *self = signal_self();
	bool was;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	was = tess_plat_irq_save();
	*set = (self->pending | signal_process_pending) & self->blocked;
	tess_plat_irq_restore(was);
	return 0;
}
