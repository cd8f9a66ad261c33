/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Waiting for any of several files, as Linux's do_poll: each pass asks
 * every file for its events; the first pass that would wait also puts an
 * entry on every file's poll head (before asking again, so that a change
 * in between is not lost), whose callback wakes the thread; the thread
 * blocks until a callback, its deadline or a signal, and passes again.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "poll_impl.h"

#define NS_PER_MS 1000000ULL

struct poll_deadline poll_deadline_ms(int timeout)
{
	if (timeout < 0)
		return (struct poll_deadline){TESS_SCHED_FOREVER, true};
	return (struct poll_deadline){
		tess_sched_deadline_after((uint64_t)timeout * NS_PER_MS),
		timeout != 0};
}

long poll_deadline_timespec(const struct tess_vfs_timespec *ts,
			    struct poll_deadline *out)
{
	uint64_t ns;
	long err;

	if (!ts) {
		*out = (struct poll_deadline){TESS_SCHED_FOREVER, true};
		return 0;
	}
	err = tess_syscall_timespec_ns(ts->sec, ts->nsec, &ns);
	if (err)
		return err;
	*out = (struct poll_deadline){tess_sched_deadline_after(ns), ns != 0};
	return 0;
}

uint64_t poll_deadline_left(const struct poll_deadline *d)
{
	uint64_t now = tess_plat_monotonic_ns();

	return d->at > now ? d->at - now : 0;
}

void poll_timespec_update(struct tess_vfs_timespec *ts,
			  const struct poll_deadline *d)
{
	uint64_t left;

	if (!ts || (!ts->sec && !ts->nsec))
		return;
	left = poll_deadline_left(d);
	ts->sec = (int64_t)(left / TESS_NSEC_PER_SEC);
	ts->nsec = (int64_t)(left % TESS_NSEC_PER_SEC);
}

/* The thread a poll call blocks, and whether a head was notified since
 * it last looked (set by callbacks, masked; cleared by the thread). */
struct poll_waiter {
	struct tess_thread *thread;
	volatile bool triggered;
};

static void slot_notified(struct tess_poll_entry *entry, unsigned events)
{
	struct poll_slot *slot =
		tess_container_of(entry, struct poll_slot, entry);
	struct poll_waiter *w = entry->arg;

	if (events && !(events & slot->want))
		return; /* not what this slot waits for */
	w->triggered = true;
	tess_sched_thread_wake(w->thread);
}

/* Asks every slot's file for its events; with w, subscribes the slots
 * that are not yet while nothing is ready. Returns how many are. */
static size_t poll_pass(struct poll_slot *slots, size_t n,
			struct poll_waiter *w)
{
	size_t ready = 0;

	for (size_t i = 0; i < n; i++) {
		struct poll_slot *s = &slots[i];
		struct tess_poll_head *head = NULL;
		unsigned events;

		if (!s->file) {
			ready += s->revents != 0;
			continue;
		}
		events = tess_file_poll(s->file, &head);
		if (w && !ready && head && !s->subscribed) {
			s->entry.fn = slot_notified;
			s->entry.arg = w;
			tess_list_init(&s->entry.node);
			tess_poll_add(head, &s->entry);
			s->subscribed = true;
			events = tess_file_poll(s->file, &head);
		}
		s->revents = events & s->want;
		ready += s->revents != 0;
	}
	return ready;
}

static void poll_unsubscribe(struct poll_slot *slots, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (slots[i].subscribed) {
			tess_poll_remove(&slots[i].entry);
			slots[i].subscribed = false;
		}
	}
}

long poll_slots_wait(struct poll_slot *slots, size_t n,
		     const struct poll_deadline *d)
{
	struct poll_waiter w = {tess_sched_current(), false};
	bool timed_out = false;
	size_t ready;

	for (;;) {
		int err = 0;
		bool was;

		ready = poll_pass(slots, n, d->wait ? &w : NULL);
		if (ready || !d->wait || timed_out)
			break;
		was = tess_plat_irq_save();
		if (!w.triggered)
			err = tess_sched_block_interruptible(d->at, "poll");
		w.triggered = false;
		tess_plat_irq_restore(was);
		if (err == -EINTR) {
			poll_unsubscribe(slots, n);
			for (size_t i = 0; i < n; i++)
				slots[i].revents = 0;
			return tess_sched_interrupted();
		}
		/* Timed out: one last pass, as Linux makes. */
		timed_out = err == -ETIMEDOUT;
	}
	poll_unsubscribe(slots, n);
	return (long)ready;
}

struct poll_slot *poll_slots_alloc(size_t n, struct poll_slot *stack)
{
	struct poll_slot *slots = stack;

	if (n > POLL_STACK_SLOTS)
		slots = tess_calloc(tess_alloc_default(), n, sizeof(*slots));
	else
		memset(stack, 0, n * sizeof(*slots));
	return slots;
}

/* Drops the slots' file references and frees what poll_slots_alloc
 * took. */
void poll_slots_free(struct poll_slot *slots, size_t n, struct poll_slot *stack)
{
	for (size_t i = 0; i < n; i++) {
		if (slots[i].file)
			tess_file_put(slots[i].file);
	}
	if (slots != stack)
		tess_free(tess_alloc_default(), slots);
}
