/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll instances: epoll_create and epoll_create1, the instance as a
 * file (pollable, so it can be nested or polled), its release, and the
 * collecting of ready items' events (Linux's ep_send_events).
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/syscall.h>

#include "epoll_impl.h"

struct tess_lock_mutex epoll_lock = TESS_LOCK_MUTEX_INIT(epoll_lock);

/* Moves every link of from to the front of to. Masked. */
static void list_splice_front(struct tess_list *from, struct tess_list *to)
{
	struct tess_list *first = from->next, *last = from->prev;

	if (tess_list_empty(from))
		return;
	last->next = to->next;
	to->next->prev = last;
	to->next = first;
	first->prev = to;
	tess_list_init(from);
}

/* Takes a batch's first item off it (NULL: none). */
static struct epoll_item *batch_pop(struct tess_list *batch)
{
	bool was = tess_plat_irq_save();
	struct epoll_item *item = tess_list_first_entry_or_null(
		batch, struct epoll_item, ready_link);

	if (item)
		tess_list_remove(&item->ready_link);
	tess_plat_irq_restore(was);
	return item;
}

/* Puts what is left of a batch back at the front of the ready list, and
 * item (when not NULL and not queued again meanwhile) before it. */
static void batch_return(struct epoll *ep, struct tess_list *batch,
			 struct epoll_item *item)
{
	bool was = tess_plat_irq_save();

	list_splice_front(batch, &ep->ready);
	if (item && !tess_list_linked(&item->ready_link))
		tess_list_push_front(&ep->ready, &item->ready_link);
	tess_plat_irq_restore(was);
}

static void batch_take(struct epoll *ep, struct tess_list *batch)
{
	bool was = tess_plat_irq_save();

	tess_list_init(batch);
	list_splice_front(&ep->ready, batch);
	tess_plat_irq_restore(was);
}

/*
 * Each queued item is taken off the list before its file is asked (a
 * notification after that queues it again, so none is lost), reported
 * when it has events, and then: disarmed (one-shot), left off the list
 * (edge-triggered: reported again on the next notification) or queued
 * again at the end (level-triggered: asked again next time, as Linux
 * does). Items without events are dropped from the list.
 */
int epoll_collect(struct epoll *ep, struct tess_epoll_event *out, int max)
{
	struct tess_list batch;
	int n = 0;

	batch_take(ep, &batch);
	while (n < max) {
		struct epoll_item *item = batch_pop(&batch);
		struct tess_poll_head *head;
		unsigned events;
		bool was;

		if (!item)
			break;
		events = tess_file_poll(item->file, &head) & item->events;
		if (!events)
			continue;
		out[n].events = events;
		out[n].data = item->data;
		n++;
		was = tess_plat_irq_save();
		if (item->events & TESS_EPOLLONESHOT)
			item->events &= EPOLL_PRIVATE_BITS;
		else if (!(item->events & TESS_EPOLLET) &&
			 !tess_list_linked(&item->ready_link))
			tess_list_push_back(&ep->ready, &item->ready_link);
		tess_plat_irq_restore(was);
	}
	batch_return(ep, &batch, NULL);
	return n;
}

/*
 * Readable when a queued item really has events (as Linux's
 * ep_eventpoll_poll): items found without are dropped from the list, so
 * an instance whose level-triggered items went quiet is not readable.
 */
static unsigned epoll_file_poll(struct tess_file *f,
				struct tess_poll_head **head)
{
	struct epoll *ep = f->data;
	struct tess_list batch;
	struct epoll_item *item;
	unsigned events = 0;

	*head = &ep->head;
	tess_lock_mutex_lock(&ep->lock);
	batch_take(ep, &batch);
	while ((item = batch_pop(&batch)) != NULL) {
		struct tess_poll_head *h;

		if (tess_file_poll(item->file, &h) & item->events) {
			events = TESS_POLLIN | TESS_POLLRDNORM;
			break;
		}
	}
	batch_return(ep, &batch, item);
	tess_lock_mutex_unlock(&ep->lock);
	return events;
}

/* An anonymous inode, as Linux's: no file type, rw for the owner. */
static int epoll_file_getattr(struct tess_file *f, struct tess_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->mode = 0600;
	st->nlink = 1;
	st->blksize = 4096;
	return 0;
}

/* The last reference went: every item is removed. Nobody watches the
 * instance any more: an outer instance's item on it went with its last
 * reference, before this. */
static void epoll_file_release(struct tess_file *f)
{
	struct epoll *ep = f->data;

	tess_lock_mutex_lock(&epoll_lock);
	tess_lock_mutex_lock(&ep->lock);
	for (size_t i = 0; i < ep->nbuckets; i++) {
		while (!tess_list_empty(&ep->buckets[i])) {
			epoll_item_remove(ep,
					  tess_list_entry(ep->buckets[i].next,
							  struct epoll_item,
							  hash_link));
		}
	}
	tess_lock_mutex_unlock(&ep->lock);
	tess_lock_mutex_unlock(&epoll_lock);
	tess_free(tess_alloc_default(), ep->buckets);
	tess_free(tess_alloc_default(), ep);
}

const struct tess_file_ops epoll_file_ops = {
	.poll = epoll_file_poll,
	.getattr = epoll_file_getattr,
	.release = epoll_file_release,
};

TESS_SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	struct tess_file *f;
	struct epoll *ep;

	if (flags & ~TESS_EPOLL_CLOEXEC)
		return -EINVAL;
	ep = tess_calloc(tess_alloc_default(), 1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	tess_lock_mutex_init(&ep->lock);
	tess_list_init(&ep->ready);
	tess_poll_head_init(&ep->head);
	tess_list_init(&ep->nested);
	tess_list_init(&ep->watchers);
	f = tess_file_new(&epoll_file_ops, ep, TESS_O_RDWR);
	if (!f) {
		tess_free(tess_alloc_default(), ep);
		return -ENOMEM;
	}
	return tess_vfs_fd_alloc(
		f, 0, flags & TESS_EPOLL_CLOEXEC ? TESS_VFS_FD_CLOEXEC : 0);
}

TESS_SYSCALL_DEFINE1(epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return tess_sys_epoll_create1(0);
}
