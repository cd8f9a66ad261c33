/* SPDX-License-Identifier: BSD-3-Clause */
/* Sending signals: kill to the process, tkill and tgkill to a thread (where
 * each then runs: signal.c). */
#include <errno.h>
#include <stdbool.h>
#include <tess/init.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "signal_impl.h"

struct waker {
	const struct tess_thread *skip;
	uint64_t bit;
	bool keep; /* tell a thread that is not waiting, at its next wait */
};

/* Whether t can take the signal: one of the program's threads (the OS's
 * service threads, lwIP's for one, never run its handlers) that does not
 * block it. */
static bool can_take(struct tess_thread *t, uint64_t bit)
{
	struct thread_signals *r = signal_of(t);

	return !tess_sched_thread_is_service(t) &&
	       !((r->blocked & ~r->awaited) & bit);
}

/* Ends the interruptible wait of the first thread (other than skip) that
 * can take the signal; with keep, the first such thread takes it at its
 * next wait if it is not in one. */
static int wake_one_taker(struct tess_thread *t, void *arg)
{
	struct waker *w = arg;

	if (t == w->skip || !can_take(t, w->bit))
		return 0;
	if (w->keep) {
		tess_sched_thread_interrupt(t, true);
		return 1;
	}
	/* Without keep: only a thread in an interruptible wait is told. */
	return tess_sched_thread_interrupt(t, false);
}

/* A signal to the process: the caller takes it unless it blocks it; then
 * it waits for a thread that does not (woken from its wait if need be). */
static long send_to_process(int sig)
{
	struct thread_signals *self = signal_self();
	struct waker w;
	bool was;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0 || signal_ignored(sig))
		return 0;
	w = (struct waker){tess_sched_current(), sig_bit(sig), false};
	was = tess_plat_irq_save();
	signal_process_pending |= sig_bit(sig);
	tess_plat_irq_restore(was);
	if (!(self->blocked & sig_bit(sig))) {
		signal_deliver_pending(self);
		return 0;
	}
	tess_sched_thread_foreach(wake_one_taker, &w);
	return 0;
}

/*
 * Signals from the host (tess stop's SIGTERM, ^C's SIGINT, a hang-up), in
 * interrupt context: sent to the process as kill() sends them. A default
 * action ends the image at once (128 + the signal, as a killed process);
 * a handled signal is pending for the process and ends the interruptible
 * wait of a program thread that does not block it (a service waiting for
 * work takes it at once), or else the interrupted thread's next wait, or
 * (when the interrupt came on a service thread) the first program
 * thread's that can take it.
 */
static void host_signals_irq(enum tess_irq irq, void *arg)
{
	uint64_t sent = tess_plat_host_signals_take();

	(void)irq, (void)arg;
	while (sent) {
		int sig = __builtin_ctzll(sent) + 1;
		struct waker w = {NULL, sig_bit(sig), false};
		struct tess_thread *self = tess_sched_current();

		sent &= sent - 1;
		if (sig > NSIG || signal_ignored(sig))
			continue;
		if (signal_actions[sig].handler == SIG_DFL)
			signal_terminate(sig);
		signal_process_pending |= sig_bit(sig);
		if (tess_sched_thread_foreach(wake_one_taker, &w))
			continue;
		if (can_take(self, w.bit)) {
			tess_sched_thread_interrupt(self, true);
		} else {
			w.keep = true;
			tess_sched_thread_foreach(wake_one_taker, &w);
		}
	}
}

static int host_signals_init(void)
{
	return tess_plat_irq_register(TESS_IRQ_HOST, host_signals_irq, NULL);
}
TESS_INIT(host_signals_init, TESS_INIT_LIB);

TESS_SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (pid != TESS_POSIX_PID && pid != 0 && pid != -1)
		return -ESRCH;
	return send_to_process(sig);
}

/* A signal to one thread: pending for it; the caller takes its own at
 * once, another thread as it leaves its wait (which the signal ends). A
 * signal whose action is to terminate ends the image at once, whichever
 * thread it was for, as the whole process dies on Linux. */
static long send_to_thread(int tid, int sig)
{
	struct tess_thread *thread;
	struct thread_signals *target;
	bool self, blocked, awaited, was;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	was = tess_plat_irq_save();
	thread = tess_sched_thread_find((unsigned long)tid);
	if (!thread) {
		tess_plat_irq_restore(was);
		return -ESRCH;
	}
	if (sig == 0 || signal_ignored(sig)) {
		tess_plat_irq_restore(was);
		return 0;
	}
	self = thread == tess_sched_current();
	target = signal_of(thread);
	target->pending |= sig_bit(sig);
	blocked = target->blocked & sig_bit(sig);
	awaited = target->awaited & sig_bit(sig);
	if (!self && (!blocked || awaited)) {
		/* It takes the signal as its wait ends (a blocked one only
		 * when rt_sigtimedwait waits for it), or at its next. */
		tess_sched_thread_interrupt(thread, true);
	}
	tess_plat_irq_restore(was);
	if (blocked)
		return 0;
	if (signal_actions[sig].handler == SIG_DFL)
		signal_terminate(sig);
	if (self)
		signal_deliver_pending(target);
	return 0;
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
