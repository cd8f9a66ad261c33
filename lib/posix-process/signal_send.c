/* SPDX-License-Identifier: BSD-3-Clause */
/* Sending signals: kill to the process, tkill and tgkill to a thread (where
 * each then runs: signal.c). */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/posix-thread.h>
#include <tess/sched.h>
#endif

#include "signal_impl.h"

#ifdef CONFIG_TESS_POSIX_THREAD
struct waker {
	long skip;
	uint64_t bit;
	bool done;
};

/* Ends the interruptible wait of the first thread (other than skip) that
 * does not block the signal, so that it takes it. */
static int wake_one_taker(struct tess_thread *t, void *arg)
{
	struct waker *w = arg;
	long tid = (long)tess_sched_thread_id(t) + 1;
	struct thread_signals *r;
	bool blocks = false;

	if (tid == w->skip || tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		return 0;
	for (r = signal_threads; r; r = r->next)
		if (r->tid == tid)
			blocks = (r->blocked & ~r->awaited) & w->bit;
	if (!blocks && tess_posix_thread_interrupt(tid, false))
		w->done = true;
	return w->done;
}
#endif

/* A signal to the process: the caller takes it unless it blocks it; then
 * it waits for a thread that does not (woken from its wait if need be). */
static long send_to_process(int sig)
{
	struct thread_signals *self;
	bool was;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0 || signal_ignored(sig))
		return 0;
	was = tess_plat_irq_save();
	self = signal_record_of(signal_current_tid());
	signal_process_pending |= sig_bit(sig);
	tess_plat_irq_restore(was);
	if (self && !(self->blocked & sig_bit(sig))) {
		signal_deliver_pending(self);
		return 0;
	}
#ifdef CONFIG_TESS_POSIX_THREAD
	{
		struct waker w = {signal_current_tid(), sig_bit(sig), false};

		tess_sched_thread_foreach(wake_one_taker, &w);
	}
#endif
	return 0;
}

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
	struct thread_signals *target;
	bool self, blocked, awaited, was;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
#ifdef CONFIG_TESS_POSIX_THREAD
	if (!tess_posix_thread_exists(tid))
		return -ESRCH;
#else
	if (tid != TESS_POSIX_PID)
		return -ESRCH;
#endif
	if (sig == 0 || signal_ignored(sig))
		return 0;
	self = tid == signal_current_tid();
	was = tess_plat_irq_save();
	target = signal_record_of(tid);
	if (target)
		target->pending |= sig_bit(sig);
	blocked = target && (target->blocked & sig_bit(sig));
	awaited = target && (target->awaited & sig_bit(sig));
	tess_plat_irq_restore(was);
	if (!target)
		return -EAGAIN; /* Linux: no memory to queue the signal */
	if (blocked) {
		/* Blocked, but waited for by rt_sigtimedwait: wake it. */
#ifdef CONFIG_TESS_POSIX_THREAD
		if (awaited && !self)
			tess_posix_thread_interrupt(tid, true);
#else
		(void)awaited; /* one thread: it cannot be waiting */
#endif
		return 0;
	}
	if (signal_actions[sig].handler == SIG_DFL)
		signal_terminate(sig);
	if (self)
		signal_deliver_pending(target);
#ifdef CONFIG_TESS_POSIX_THREAD
	else
		tess_posix_thread_interrupt(tid, true);
#endif
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
