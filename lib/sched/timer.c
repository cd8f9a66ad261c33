/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deadlines: software timers on one sorted list, and the platform's
 * one-shot timer armed for the earliest of them only (tickless).
 *
 * lib/sched holds the TESS_IRQ_TIMER line only while a timer is pending
 * and releases it when the list empties, so the line is free for others
 * (the platform's own tests) whenever nothing waits for a deadline.
 */
#include <errno.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>

#include "sched_impl.h"

/* Pending timers, earliest deadline first. Changed with interrupts
 * masked, by threads and by the timer interrupt. */
static struct tess_list timers = TESS_LIST_INIT(timers);
/* Whether lib/sched holds TESS_IRQ_TIMER, and the deadline the platform
 * timer holds (0: none). Same writers. */
static bool line_held;
static uint64_t armed_deadline;

static void timer_irq(enum tess_irq irq, void *arg);

/* Points the platform timer at the earliest deadline, or releases it. */
static void platform_timer_update(void)
{
	struct tess_sched_timer *first = tess_list_first_entry_or_null(
		&timers, struct tess_sched_timer, link);
	int err;

	if (first == NULL) {
		if (line_held) {
			tess_plat_timer_cancel();
			tess_plat_irq_unregister(TESS_IRQ_TIMER);
			line_held = false;
			armed_deadline = 0;
		}
		return;
	}
	if (!line_held) {
		err = tess_plat_irq_register(TESS_IRQ_TIMER, timer_irq, NULL);
		if (err)
			tess_panic(
				"cannot take the timer interrupt (%d): lib/sched needs TESS_IRQ_TIMER for deadlines",
				err);
		line_held = true;
		armed_deadline = 0;
	}
	if (first->deadline_ns != armed_deadline) {
		err = tess_plat_timer_set(first->deadline_ns);
		if (err)
			tess_panic("cannot arm the platform timer (%d)", err);
		armed_deadline = first->deadline_ns;
	}
}

static void timer_irq(enum tess_irq irq, void *arg)
{
	uint64_t now = tess_plat_monotonic_ns();
	struct tess_sched_timer *t;

	(void)irq, (void)arg;
	sched.stats.timer_interrupts++;
	sched.stats.last_timer_irq_ns = now;
	armed_deadline = 0; /* one-shot: the platform timer is disarmed */
	while ((t = tess_list_first_entry_or_null(
			&timers, struct tess_sched_timer, link)) != NULL &&
	       t->deadline_ns <= now) {
		tess_list_remove(&t->link);
		t->fn(t->arg);
	}
	platform_timer_update();
}

void tess_sched_timer_init(struct tess_sched_timer *timer,
			   void (*fn)(void *arg), void *arg)
{
	tess_list_init(&timer->link);
	timer->deadline_ns = 0;
	timer->fn = fn;
	timer->arg = arg;
}

int tess_sched_timer_start(struct tess_sched_timer *timer, uint64_t deadline_ns)
{
	struct tess_list *pos;
	bool was;

	if (timer == NULL || timer->fn == NULL)
		return -EINVAL;
	was = tess_plat_irq_save();
	tess_list_remove(&timer->link);
	timer->deadline_ns = deadline_ns;
	/* Sorted insert, after equal deadlines (they fire in start order).
	 * Linear in the number of pending timers, which stays small: one
	 * per sleeping thread. */
	tess_list_for_each (pos, &timers) {
		if (tess_list_entry(pos, struct tess_sched_timer, link)
			    ->deadline_ns > deadline_ns)
			break;
	}
	tess_list_insert_before(pos, &timer->link);
	platform_timer_update();
	tess_plat_irq_restore(was);
	return 0;
}

bool tess_sched_timer_stop(struct tess_sched_timer *timer)
{
	bool was, pending;

	if (timer == NULL)
		return false;
	was = tess_plat_irq_save();
	pending = tess_list_linked(&timer->link);
	if (pending) {
		tess_list_remove(&timer->link);
		platform_timer_update();
	}
	tess_plat_irq_restore(was);
	return pending;
}

bool sched_timer_pending(void)
{
	return !tess_list_empty(&timers);
}
