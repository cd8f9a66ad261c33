/* SPDX-License-Identifier: BSD-3-Clause */
/* The readiness core: poll heads, their entries and the wait on one. */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>
#include <tess/vfs_poll.h>

void tess_poll_head_init(struct tess_poll_head *head)
{
	tess_list_init(&head->entries);
}

void tess_poll_add(struct tess_poll_head *head, struct tess_poll_entry *entry)
{
	bool was = tess_plat_irq_save();

	tess_list_push_back(&head->entries, &entry->node);
	tess_plat_irq_restore(was);
}

void tess_poll_remove(struct tess_poll_entry *entry)
{
	bool was = tess_plat_irq_save();

	if (tess_list_linked(&entry->node))
		tess_list_remove(&entry->node);
	tess_plat_irq_restore(was);
}

void tess_poll_notify(struct tess_poll_head *head, unsigned events)
{
	bool was = tess_plat_irq_save();
	struct tess_list *pos, *tmp;

	/* _safe: a callback may take its own entry off (a one-shot
	 * waiter). */
	tess_list_for_each_safe(pos, tmp, &head->entries)
	{
		struct tess_poll_entry *e =
			tess_list_entry(pos, struct tess_poll_entry, node);

		e->fn(e, events);
	}
	tess_plat_irq_restore(was);
}

struct thread_waiter {
	struct tess_poll_entry entry;
	struct tess_thread *thread;
	bool notified;
};

static void wake_waiter(struct tess_poll_entry *entry, unsigned events)
{
	struct thread_waiter *w =
		tess_container_of(entry, struct thread_waiter, entry);

	(void)events;
	w->notified = true;
	tess_sched_thread_wake(w->thread);
}

/* The entry lives on this stack only while it waits: every way out takes
 * it off the head. */
int tess_poll_wait(struct tess_poll_head *head, uint64_t deadline_ns,
		   const char *what)
{
	struct thread_waiter w = {.entry = {.fn = wake_waiter},
				  .thread = tess_sched_current()};
	int err;

	tess_list_push_back(&head->entries, &w.entry.node);
	do {
		err = tess_sched_block_interruptible(deadline_ns, what);
	} while (!w.notified && err == 0);
	tess_list_remove(&w.entry.node);
	if (w.notified && err == -EINTR) {
		/* Both came: report the notification; the interrupt must
		 * not be lost, so it ends the next interruptible wait. */
		tess_sched_thread_interrupt(tess_sched_current(), true);
		return 0;
	}
	return w.notified ? 0 : err;
}
