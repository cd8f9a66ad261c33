/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals inside the one process: rt_sigaction, rt_sigprocmask and
 * kill/tkill/tgkill. As on Linux, actions are the process's while the
 * mask and the pending set are each thread's (plus a pending set of the
 * process, for kill). A signal runs where Linux would run it:
 * - on the calling thread, at once, when it is sent to the process or to
 *   the caller and the caller does not block it (Linux delivers it on the
 *   way out of the call);
 * - on another thread when that thread next leaves an interruptible wait
 *   (lib/posix-thread: a futex wait or a sleep), which the signal ends
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
#include <tess/syscall.h>
#ifdef CONFIG_TESS_POSIX_THREAD
#include <tess/alloc.h>
#include <tess/init.h>
#include <tess/posix-thread.h>
#include <tess/sched.h>
#endif

#define NSIG	     64
#define SIGKILL	     9
#define SIGSTOP	     19
#define SIG_DFL	     ((void *)0)
#define SIG_IGN	     ((void *)1)
#define SA_SIGINFO   4
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000UL
#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2
#define SI_USER	     0
#define SI_TKILL     (-6)

/* Linux's siginfo_t is 128 bytes; handlers read si_signo, si_code, si_pid
 * and si_uid from its start. */
struct siginfo_user {
	int signo, errno_value, code, pad;
	int pid, uid;
	char rest[104];
};

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

/* A thread's mask and pending signals. Changed with interrupts masked. */
struct thread_signals {
	struct thread_signals *next;
	long tid;
	uint64_t blocked, pending;
	uint64_t awaited;      /* rt_sigtimedwait's set while it waits */
	unsigned long handled; /* handlers run on it so far */
};

static struct tess_kernel_sigaction actions[NSIG + 1];
static uint64_t process_pending;
/* The boot thread's record, never freed; other threads get theirs when
 * they first need one (blocking nothing until they say otherwise). */
static struct thread_signals boot_signals = {.tid = TESS_POSIX_PID};
static struct thread_signals *threads = &boot_signals;

static uint64_t sig_bit(int sig)
{
	return 1ULL << (sig - 1);
}

/* SIGKILL and SIGSTOP cannot be blocked. */
static const uint64_t unblockable =
	(1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1));

static long current_tid(void)
{
#ifdef CONFIG_TESS_POSIX_THREAD
	return tess_sys_gettid();
#else
	return TESS_POSIX_PID;
#endif
}

#ifdef CONFIG_TESS_POSIX_THREAD
static size_t records = 1, records_after_prune = 1;

/* Drops the records of threads that ended; run whenever the list has
 * doubled since last time, so it costs O(1) per record on average. */
static void records_prune(void)
{
	struct thread_signals **link = &threads;

	while (*link) {
		struct thread_signals *r = *link;

		if (r != &boot_signals && !tess_posix_thread_exists(r->tid)) {
			*link = r->next;
			tess_free(tess_alloc_default(), r);
			records--;
		} else {
			link = &r->next;
		}
	}
	records_after_prune = records;
}
#endif

/* tid's record, made when missing; NULL only when there is no memory for
 * one. Masked. */
static struct thread_signals *record_of(long tid)
{
	struct thread_signals *r;

	for (r = threads; r; r = r->next)
		if (r->tid == tid)
			return r;
#ifdef CONFIG_TESS_POSIX_THREAD
	if (records >= 2 * records_after_prune)
		records_prune();
	r = tess_calloc(tess_alloc_default(), 1, sizeof(*r));
	if (!r) {
		tess_pr_err("signals: no memory for thread %ld's mask", tid);
		return NULL;
	}
	r->tid = tid;
	r->next = threads;
	threads = r;
	records++;
#endif
	return r;
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

static bool ignored(int sig)
{
	void *handler = actions[sig].handler;

	return handler == SIG_IGN ||
	       (handler == SIG_DFL && default_ignores(sig));
}

static __attribute__((noreturn)) void terminate(int sig)
{
	tess_pr_crit("terminated by signal %d", sig);
	tess_plat_exit(128 + sig);
}

/* Runs sig's action on the calling thread, whose record is self: the
 * handler with sig (and the action's mask) blocked, then the mask the
 * ucontext holds on return. Unmasked. */
static void deliver(struct thread_signals *self, int sig, int code)
{
	struct tess_kernel_sigaction act = actions[sig];
	struct siginfo_user info = {
		.signo = sig, .code = code, .pid = TESS_POSIX_PID};
	struct ucontext_user uc = {.sigmask = self->blocked};
	bool was;

	if (ignored(sig))
		return;
	if (act.handler == SIG_DFL)
		terminate(sig);
	was = tess_plat_irq_save();
	self->blocked |= act.mask | (act.flags & SA_NODEFER ? 0 : sig_bit(sig));
	self->blocked &= ~unblockable;
	if (act.flags & SA_RESETHAND)
		actions[sig].handler = SIG_DFL;
	tess_plat_irq_restore(was);
	if (act.flags & SA_SIGINFO)
		((void (*)(int, void *, void *))act.handler)(sig, &info, &uc);
	else
		((void (*)(int))act.handler)(sig);
	was = tess_plat_irq_save();
	self->blocked = uc.sigmask & ~unblockable;
	self->handled++;
	tess_plat_irq_restore(was);
}

/* Delivers, on the calling thread, every signal pending for it or for the
 * process that it does not block, lowest number first. */
static void deliver_pending(struct thread_signals *self)
{
	for (;;) {
		bool was = tess_plat_irq_save();
		uint64_t ready =
			(self->pending | process_pending) & ~self->blocked;
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
			process_pending &= ~sig_bit(sig);
			code = SI_USER;
		}
		tess_plat_irq_restore(was);
		deliver(self, sig, code);
	}
}

#ifdef CONFIG_TESS_POSIX_THREAD
/* lib/posix-thread's hook: an interrupted thread takes its signals. */
static void deliver_on_interrupt(void)
{
	bool was = tess_plat_irq_save();
	struct thread_signals *self = record_of(current_tid());

	tess_plat_irq_restore(was);
	if (self)
		deliver_pending(self);
}

static int signals_init(void)
{
	tess_posix_thread_interrupt_hook(deliver_on_interrupt);
	return 0;
}
TESS_INIT(signals_init, TESS_INIT_LIB);
#endif

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
	if (act) {
		actions[sig] = *act;
		/* Setting a signal to be ignored discards it where pending. */
		if (ignored(sig)) {
			bool was = tess_plat_irq_save();

			process_pending &= ~sig_bit(sig);
			for (struct thread_signals *r = threads; r; r = r->next)
				r->pending &= ~sig_bit(sig);
			tess_plat_irq_restore(was);
		}
	}
	return 0;
}

TESS_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		     uint64_t *, old, size_t, sigsetsize)
{
	struct thread_signals *self;
	bool was;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	was = tess_plat_irq_save();
	self = record_of(current_tid());
	if (!self) {
		tess_plat_irq_restore(was);
		return -ENOMEM;
	}
	if (old)
		*old = self->blocked;
	if (set) {
		if (how == SIG_BLOCK)
			self->blocked |= *set;
		else if (how == SIG_UNBLOCK)
			self->blocked &= ~*set;
		else
			self->blocked = *set;
		self->blocked &= ~unblockable;
	}
	tess_plat_irq_restore(was);
	deliver_pending(self);
	return 0;
}

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
	for (r = threads; r; r = r->next)
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
	if (sig == 0 || ignored(sig))
		return 0;
	was = tess_plat_irq_save();
	self = record_of(current_tid());
	process_pending |= sig_bit(sig);
	tess_plat_irq_restore(was);
	if (self && !(self->blocked & sig_bit(sig))) {
		deliver_pending(self);
		return 0;
	}
#ifdef CONFIG_TESS_POSIX_THREAD
	{
		struct waker w = {current_tid(), sig_bit(sig), false};

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
	if (sig == 0 || ignored(sig))
		return 0;
	self = tid == current_tid();
	was = tess_plat_irq_save();
	target = record_of(tid);
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
#endif
		return 0;
	}
	if (actions[sig].handler == SIG_DFL)
		terminate(sig);
	if (self)
		deliver_pending(target);
#ifdef CONFIG_TESS_POSIX_THREAD
	else
		tess_posix_thread_interrupt(tid, true);
#endif
	return 0;
}

#ifdef CONFIG_TESS_POSIX_THREAD
/* The calling thread's record, or NULL (no memory: said). */
static struct thread_signals *self_record(void)
{
	bool was = tess_plat_irq_save();
	struct thread_signals *self = record_of(current_tid());

	tess_plat_irq_restore(was);
	return self;
}

/*
 * Waits with mask as the thread's mask until a handler has run on it
 * (delivered as its wait ends, lib/posix-thread), then puts the old mask
 * back: -EINTR, as on Linux. A signal that is ignored does not end it.
 */
static long suspend_with(struct thread_signals *self, uint64_t mask)
{
	unsigned long handled;
	uint64_t old;
	bool was;

	was = tess_plat_irq_save();
	old = self->blocked;
	self->blocked = mask & ~unblockable;
	handled = self->handled;
	tess_plat_irq_restore(was);
	deliver_pending(self);
	while (self->handled == handled)
		tess_posix_thread_sleep_until(TESS_SCHED_FOREVER);
	was = tess_plat_irq_save();
	self->blocked = old;
	tess_plat_irq_restore(was);
	deliver_pending(self); /* what the old mask lets through now */
	return -EINTR;
}

TESS_SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t *, mask, size_t, sigsetsize)
{
	struct thread_signals *self;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	self = self_record();
	return self ? suspend_with(self, *mask) : -ENOMEM;
}

TESS_SYSCALL_DEFINE0(pause)
{
	struct thread_signals *self = self_record();

	return self ? suspend_with(self, self->blocked) : -ENOMEM;
}

/* Linux's struct timespec. */
struct timespec_user {
	long sec, nsec;
};

/* Takes the lowest signal of set pending for self or the process; 0 when
 * none is. Masked. */
static int take_awaited(struct thread_signals *self, uint64_t set, int *code)
{
	uint64_t ready = (self->pending | process_pending) & set;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	if (self->pending & sig_bit(sig)) {
		self->pending &= ~sig_bit(sig);
		*code = SI_TKILL;
	} else {
		process_pending &= ~sig_bit(sig);
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
	bool was;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (timeout) {
		if (timeout->sec < 0 || timeout->nsec < 0 ||
		    timeout->nsec >= 1000000000L)
			return -EINVAL;
		deadline = tess_sched_deadline_after(
			(uint64_t)timeout->sec > UINT64_MAX / 1000000000ULL - 1
				? TESS_SCHED_FOREVER
				: (uint64_t)timeout->sec * 1000000000ULL +
					  (uint64_t)timeout->nsec);
	}
	wanted = *set & ~unblockable;
	self = self_record();
	if (!self)
		return -ENOMEM;
	handled = self->handled;
	for (;;) {
		long err;

		was = tess_plat_irq_save();
		sig = take_awaited(self, wanted, &code);
		self->awaited = sig ? 0 : wanted;
		tess_plat_irq_restore(was);
		if (sig)
			break;
		err = tess_posix_thread_sleep_until(deadline);
		if (self->handled != handled || err == 0) {
			was = tess_plat_irq_save();
			self->awaited = 0;
			sig = take_awaited(self, wanted, &code);
			tess_plat_irq_restore(was);
			if (sig)
				break;
			return err == 0 ? -EAGAIN : -EINTR;
		}
	}
	if (info) {
		*info = (struct siginfo_user){
			.signo = sig, .code = code, .pid = TESS_POSIX_PID};
	}
	return sig;
}
#endif

TESS_SYSCALL_DEFINE2(rt_sigpending, uint64_t *, set, size_t, sigsetsize)
{
	struct thread_signals *self;
	bool was;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	was = tess_plat_irq_save();
	self = record_of(current_tid());
	*set = ((self ? self->pending : 0) | process_pending) &
	       (self ? self->blocked : ~0ULL);
	tess_plat_irq_restore(was);
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
