/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll items: the table of an instance's (fd, file) pairs, registering
 * and removing them, the poll-head callback that queues an item on its
 * instance's ready list (Linux's ep_poll_callback) and the file watch
 * that removes an item when its file goes (Linux's eventpoll_release).
 */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>

#include "epoll_impl.h"

#define BUCKETS_FIRST 8

static struct tess_list *bucket_of(struct epoll *ep, int fd)
{
	return &ep->buckets[(unsigned)fd & (ep->nbuckets - 1)];
}

struct epoll_item *epoll_item_find(struct epoll *ep, int fd,
				   const struct tess_file *file)
{
	struct tess_list *pos, *bucket;

	if (!ep->nbuckets)
		return NULL;
	bucket = bucket_of(ep, fd);
	tess_list_for_each (pos, bucket) {
		struct epoll_item *item =
			tess_list_entry(pos, struct epoll_item, hash_link);

		if (item->fd == fd && item->file == file)
			return item;
	}
	return NULL;
}

/* Doubles the table once it holds two items a bucket (the first call
 * makes it). A failed allocation keeps the old table: longer chains, no
 * error. */
static int table_grow(struct epoll *ep)
{
	struct tess_list *old = ep->buckets;
	size_t oldn = ep->nbuckets, n = oldn ? 2 * oldn : BUCKETS_FIRST;
	struct tess_list *buckets;

	if (oldn && ep->nitems < 2 * oldn)
		return 0;
	buckets = tess_malloc(tess_alloc_default(), n * sizeof(*buckets));
	if (!buckets)
		return oldn ? 0 : -ENOMEM;
	for (size_t i = 0; i < n; i++)
		tess_list_init(&buckets[i]);
	ep->buckets = buckets;
	ep->nbuckets = n;
	for (size_t i = 0; i < oldn; i++) {
		while (!tess_list_empty(&old[i])) {
			struct tess_list *link = old[i].next;
			struct epoll_item *item = tess_list_entry(
				link, struct epoll_item, hash_link);

			tess_list_remove(link);
			tess_list_push_back(bucket_of(ep, item->fd), link);
		}
	}
	tess_free(tess_alloc_default(), old);
	return 0;
}

/*
 * The file's head was notified with events. A one-shot item that has
 * fired waits for EPOLL_CTL_MOD; otherwise an item that asked for one of
 * the events goes on the ready list (once) and the instance's waiters
 * and pollers are told. Interrupts masked (tess_poll_notify).
 */
static void item_notified(struct tess_poll_entry *entry, unsigned events)
{
	struct epoll_item *item =
		tess_container_of(entry, struct epoll_item, entry);
	struct epoll *ep = item->ep;

	if (!(item->events & ~EPOLL_PRIVATE_BITS))
		return;
	if (events && !(events & item->events))
		return;
	if (!tess_list_linked(&item->ready_link))
		tess_list_push_back(&ep->ready, &item->ready_link);
	tess_poll_notify(&ep->head, TESS_POLLIN | TESS_POLLRDNORM);
}

/* Queues the item if its file has its events now (after its entry is on
 * the head, so that a change after this look is not lost). */
static void item_queue_if_ready(struct epoll *ep, struct epoll_item *item)
{
	struct tess_poll_head *head;
	bool was;

	if (!(tess_file_poll(item->file, &head) & item->events))
		return;
	was = tess_plat_irq_save();
	if (!tess_list_linked(&item->ready_link))
		tess_list_push_back(&ep->ready, &item->ready_link);
	tess_plat_irq_restore(was);
	tess_poll_notify(&ep->head, TESS_POLLIN | TESS_POLLRDNORM);
}

/* Takes the item off its file's head, the ready list, the table and the
 * nest lists. Both locks held. */
static void item_detach(struct epoll *ep, struct epoll_item *item)
{
	bool was;

	tess_poll_remove(&item->entry);
	was = tess_plat_irq_save();
	tess_list_remove(&item->ready_link);
	tess_plat_irq_restore(was);
	tess_list_remove(&item->hash_link);
	ep->nitems--;
	tess_list_remove(&item->nest_link);
	tess_list_remove(&item->watcher_link);
}

/*
 * The item's file lost its last reference (in the thread that dropped
 * it, before the file's release): the item goes with it, as on Linux. Its
 * instance is still there unless it went meanwhile (ep NULL): an
 * instance's release takes epoll_lock too.
 */
static void item_file_released(struct tess_file_watch *w, struct tess_file *f)
{
	struct epoll_item *item =
		tess_container_of(w, struct epoll_item, watch);

	(void)f;
	tess_lock_mutex_lock(&epoll_lock);
	if (item->ep) {
		tess_lock_mutex_lock(&item->ep->lock);
		item_detach(item->ep, item);
		tess_lock_mutex_unlock(&item->ep->lock);
	}
	tess_lock_mutex_unlock(&epoll_lock);
	tess_free(tess_alloc_default(), item);
}

void epoll_item_remove(struct epoll *ep, struct epoll_item *item)
{
	item_detach(ep, item);
	if (tess_file_unwatch(item->file, &item->watch))
		tess_free(tess_alloc_default(), item);
	else
		item->ep = NULL; /* its file is going: item_file_released */
}

int epoll_item_add(struct epoll *ep, int fd, struct tess_file *file,
		   const struct tess_epoll_event *event)
{
	struct tess_poll_head *head = NULL;
	struct epoll_item *item;
	int err;

	tess_file_poll(file, &head);
	if (!head)
		return -EPERM;
	err = table_grow(ep);
	if (err)
		return err;
	item = tess_calloc(tess_alloc_default(), 1, sizeof(*item));
	if (!item)
		return -ENOMEM;
	item->ep = ep;
	item->fd = fd;
	item->file = file;
	item->events = event->events | TESS_POLLERR | TESS_POLLHUP;
	item->data = event->data;
	item->entry.fn = item_notified;
	item->entry.arg = item;
	item->watch.released = item_file_released;
	tess_list_init(&item->entry.node);
	tess_list_init(&item->ready_link);
	tess_list_init(&item->nest_link);
	tess_list_init(&item->watcher_link);
	tess_list_push_back(bucket_of(ep, fd), &item->hash_link);
	ep->nitems++;
	if (epoll_file_is(file)) {
		struct epoll *watched = file->data;

		tess_list_push_back(&ep->nested, &item->nest_link);
		tess_list_push_back(&watched->watchers, &item->watcher_link);
	}
	tess_file_watch(file, &item->watch);
	tess_poll_add(head, &item->entry);
	item_queue_if_ready(ep, item);
	return 0;
}

void epoll_item_modify(struct epoll *ep, struct epoll_item *item,
		       const struct tess_epoll_event *event)
{
	bool was = tess_plat_irq_save();

	item->events = event->events | TESS_POLLERR | TESS_POLLHUP;
	item->data = event->data;
	tess_plat_irq_restore(was);
	item_queue_if_ready(ep, item);
}
