/* SPDX-License-Identifier: BSD-3-Clause */
/* Scheduling core: switching, preemption, blocking, waking, idle, sleep, yield. */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/plat/tls.h>

#include "sched_impl.h"

/* The boot thread. Static, so tess_sched_current() is valid from the
 * first instruction; its stack is the platform's boot stack. */
struct tess_thread sched_main_thread = {
	.magic = THREAD_MAGIC,
	.id = 1,
	.slots = __start_tess_sched_slot_area,
	.state = TESS_THREAD_RUNNING,
	.name = "main",
};

struct sched_state sched = {
	.current = &sched_main_thread,
	.next_id = 2,
	.live_threads = 1,
};

/* The running thread's time slice (preemptive backends). The timer is
 * left pending when the slice is no longer needed (one spurious interrupt
 * at most is cheaper than a re-arm at every switch on kvm) and stopped
 * only before idling. */
static struct tess_sched_timer slice_timer;

static void slice_begin(void)
{
	sched.slice_end_ns = tess_plat_monotonic_ns() + sched.ops->slice_ns();
	sched.stats.slices_started++;
	/* A pending slice timer is never later than the new end: it fires
	 * early and moves itself on. */
	if (!tess_list_linked(&slice_timer.link))
		tess_sched_timer_start(&slice_timer, sched.slice_end_ns);
}

/* Interrupt context. */
static void slice_timer_fired(void *arg)
{
	(void)arg;
	if (sched.slice_end_ns == 0 ||
	    sched.current->state != TESS_THREAD_RUNNING)
		return;
	if (tess_plat_monotonic_ns() < sched.slice_end_ns) {
		tess_sched_timer_start(&slice_timer, sched.slice_end_ns);
		return;
	}
	sched.slice_end_ns = 0;
	if (sched.ops->verdict(sched.current) != TESS_SCHED_RUN_ON)
		sched.need_resched = true;
}

/* The hook on every unmask (tess_plat_irq_return_hook_set): interrupts
 * masked, possibly inside an interrupt on the running thread's stack. */
static void preempt_on_unmask(void)
{
	if (!sched.need_resched || sched.choosing ||
	    sched.current->state != TESS_THREAD_RUNNING)
		return;
	sched.stats.preemptions++;
	sched_schedule();
}

/* Waits, interrupts masked, until the backend has a thread to run. */
static struct tess_thread *next_ready_thread(void)
{
	struct tess_thread *next;

	while ((next = sched.ops->dequeue()) == NULL) {
		/* Nothing runs: no slice to time (tickless idle). */
		sched.slice_end_ns = 0;
		tess_sched_timer_stop(&slice_timer);
		/* A device's interrupt can wake a blocked thread too. */
		/* (The program's last thread ending ends the image in
		 * tess_sched_thread_exit: what is left here blocks.) */
		if (!sched_timer_pending() &&
		    !tess_plat_irq_devices_enabled())
			/* The panic report lists every thread. */
			tess_panic("deadlock: every thread is blocked, no "
				   "timer is armed and no device can wake one");
		/* Masked idle returns with the interrupt pending; its
		 * handler (which may make threads ready) runs on restore. */
		tess_plat_idle();
		tess_plat_irq_restore(true);
		tess_plat_irq_save();
	}
	return next;
}

static void tls_load(uintptr_t base)
{
	/* A failure was reported when the base was set (create or
	 * tess_sched_tls_set refuse it), so it cannot happen here. */
	if (tess_plat_tls_set(base) == 0)
		sched.tls_loaded = base;
}

void sched_schedule(void)
{
	struct tess_thread *prev = sched.current, *next;

	/* Every yield, block and exit checks the caller's stack, switch
	 * or not. */
	sched_stack_check(prev);
	if (prev->state == TESS_THREAD_RUNNING) {
		prev->state = TESS_THREAD_READY;
		sched.ops->enqueue(prev);
	}
	sched.choosing = true;
	next = next_ready_thread();
	sched.choosing = false;
	next->state = TESS_THREAD_RUNNING;
	if (sched.ops->verdict != NULL) {
		sched.need_resched = false;
		if (sched.ops->verdict(next) == TESS_SCHED_SHARE)
			slice_begin();
		else
			sched.slice_end_ns = 0;
	}
	if (next == prev)
		return;
	sched.stats.switches++;
	if (next->tls != sched.tls_loaded)
		tls_load(next->tls);
	next->switches_in++;
	sched.current = next;
	tess_arch_context_switch(&prev->context, &next->context);
	/* Back in prev, switched to by some later call. */
	sched_reap();
}

void sched_make_ready(struct tess_thread *t)
{
	struct tess_thread *running = sched.current;

	t->state = TESS_THREAD_READY;
	sched.ops->enqueue(t);
	if (sched.ops->verdict == NULL || sched.choosing ||
	    running->state != TESS_THREAD_RUNNING)
		return;
	switch (sched.ops->verdict(running)) {
	case TESS_SCHED_PREEMPT:
		/* Switched at the next unmask: the end of this interrupt,
		 * or the waker's tess_plat_irq_restore. */
		sched.need_resched = true;
		break;
	case TESS_SCHED_SHARE:
		if (sched.slice_end_ns == 0)
			slice_begin();
		break;
	case TESS_SCHED_RUN_ON:
		break;
	}
}

int tess_sched_start(const struct tess_sched_ops *ops)
{
	if (ops == NULL || ops->enqueue == NULL || ops->dequeue == NULL ||
	    (ops->verdict != NULL && ops->slice_ns == NULL))
		return -EINVAL;
	if (sched.ops != NULL)
		return -EBUSY;
	tess_list_init(&sched.all_threads);
	tess_list_init(&sched_main_thread.run_link);
	tess_list_push_back(&sched.all_threads, &sched_main_thread.all_link);
	tess_sched_timer_init(&sched_main_thread.wake_timer, NULL, NULL);
	tess_sched_timer_init(&slice_timer, slice_timer_fired, NULL);
	sched.ops = ops;
	if (ops->verdict != NULL)
		tess_plat_irq_return_hook_set(preempt_on_unmask);
	tess_pr_info("scheduler %s started", ops->name);
	return 0;
}

void tess_sched_stats_get(struct tess_sched_stats *out)
{
	bool was = tess_plat_irq_save();

	*out = sched.stats;
	tess_plat_irq_restore(was);
}

uint64_t tess_sched_lateness_ns(uint64_t deadline_ns, uint64_t now_ns)
{
	uint64_t irq = __atomic_load_n(&sched.stats.last_timer_irq_ns,
				       __ATOMIC_RELAXED);
	uint64_t from = irq > deadline_ns && irq <= now_ns ? irq : deadline_ns;

	return now_ns > from ? now_ns - from : 0;
}

struct tess_thread *tess_sched_current(void)
{
	return sched.current;
}

int *tess_errno_location(void)
{
	return &sched.current->errno_value;
}

void tess_sched_yield(void)
{
	bool was;

	if (sched.ops == NULL)
		return;
	was = tess_plat_irq_save();
	sched_schedule();
	tess_plat_irq_restore(was);
}

/* The wake timer of a thread in a timed block. */
static void block_timeout(void *arg)
{
	struct tess_thread *t = arg;

	if (t->state == TESS_THREAD_BLOCKED) {
		t->timed_out = true;
		sched_make_ready(t);
	}
}

int tess_sched_block_until(uint64_t deadline_ns, const char *what)
{
	struct tess_thread *self = sched.current;

	if (tess_plat_irq_save())
		tess_panic("tess_sched_block_until called with interrupts enabled (thread '%s')",
			   self->name);
	if (sched.ops == NULL)
		tess_panic("thread '%s' blocks before the scheduler started",
			   self->name);
	if (deadline_ns != TESS_SCHED_FOREVER) {
		if (tess_plat_monotonic_ns() >= deadline_ns)
			return -ETIMEDOUT;
		tess_sched_timer_init(&self->wake_timer, block_timeout, self);
		tess_sched_timer_start(&self->wake_timer, deadline_ns);
	}
	self->timed_out = false;
	self->waiting_for = what;
	self->state = TESS_THREAD_BLOCKED;
	sched_schedule();
	self->waiting_for = NULL;
	if (deadline_ns != TESS_SCHED_FOREVER)
		tess_sched_timer_stop(&self->wake_timer);
	return self->timed_out ? -ETIMEDOUT : 0;
}

bool tess_sched_thread_wake(struct tess_thread *t)
{
	bool was, woke = false;

	if (t == NULL || t->magic != THREAD_MAGIC)
		return false;
	was = tess_plat_irq_save();
	if (t->state == TESS_THREAD_BLOCKED) {
		sched_make_ready(t);
		woke = true;
	}
	tess_plat_irq_restore(was);
	return woke;
}

void tess_sched_sleep_until(uint64_t deadline_ns)
{
	bool was = tess_plat_irq_save();

	while (tess_sched_block_until(deadline_ns, "sleep") != -ETIMEDOUT)
		;
	tess_plat_irq_restore(was);
}

void tess_sched_sleep_ns(uint64_t ns)
{
	uint64_t now = tess_plat_monotonic_ns();

	tess_sched_sleep_until(ns > UINT64_MAX - 1 - now ? UINT64_MAX - 1
							 : now + ns);
}

int tess_sched_tls_set(uintptr_t base)
{
	bool was = tess_plat_irq_save();
	int err = tess_plat_tls_set(base);

	if (err == 0) {
		sched.current->tls = base;
		sched.tls_loaded = base;
	}
	tess_plat_irq_restore(was);
	return err;
}

uintptr_t tess_sched_tls_get(void)
{
	return sched.current->tls;
}

uint64_t tess_sched_deadline_after(uint64_t timeout_ns)
{
	uint64_t now;

	if (timeout_ns == TESS_SCHED_FOREVER)
		return TESS_SCHED_FOREVER;
	now = tess_plat_monotonic_ns();
	return timeout_ns >= TESS_SCHED_FOREVER - now ? TESS_SCHED_FOREVER :
							now + timeout_ns;
}
