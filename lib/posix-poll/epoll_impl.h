/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-poll's epoll instances and items, shared by epoll.c (the instance
 * and its ready list), epoll_ctl.c and epoll_wait.c. */
#ifndef POSIX_POLL_EPOLL_IMPL_H
#define POSIX_POLL_EPOLL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/list.h>
#include <tess/lock.h>
#include <tess/posix-poll.h>
#include <tess/vfs.h>
#include <tess/vfs_poll.h>

/* Flags of an item that are not events. */
#define EPOLL_PRIVATE_BITS                                                     \
	(TESS_EPOLLWAKEUP | TESS_EPOLLONESHOT | TESS_EPOLLET |                 \
	 TESS_EPOLLEXCLUSIVE)

struct epoll;

/*
 * A registered (fd, file) of an instance. Its entry stays on the file's
 * poll head while it is registered; the callback puts it on the
 * instance's ready list. It holds no reference to the file: a watch on
 * the file (tess_file_watch) removes the item when the file's last
 * reference goes, as Linux's eventpoll_release does, so the item lives
 * no longer than the file. ep is NULL for an item whose instance went
 * while its file was going: the watch's callback then only frees it.
 */
struct epoll_item {
	struct epoll *ep;
	struct tess_file *file;
	int fd;
	uint32_t events; /* asked for, with EPOLLERR|EPOLLHUP; masked */
	uint64_t data;
	struct tess_poll_entry entry;
	struct tess_file_watch watch;
	struct tess_list hash_link;  /* in ep->buckets (ep->lock) */
	struct tess_list ready_link; /* on ep->ready or a batch (masked) */
	/* When the file is an epoll instance (epoll_lock): on ep->nested,
	 * and on the watched instance's watchers. */
	struct tess_list nest_link;
	struct tess_list watcher_link;
};

/*
 * An instance. lock serialises epoll_ctl and the collecting of events (it
 * keeps items alive while epoll_wait looks at them); the ready list is
 * also changed by item callbacks, so only with interrupts masked. head is
 * the instance's own: epoll_wait waits on it, and whoever polls the
 * instance (poll, an outer epoll) is told there.
 */
struct epoll {
	struct tess_lock_mutex lock;
	struct tess_list ready;
	struct tess_poll_head head;
	struct tess_list *buckets; /* by fd; nbuckets a power of two */
	size_t nbuckets, nitems;
	struct tess_list nested;   /* its items that watch instances */
	struct tess_list watchers; /* other instances' items watching it */
};

/* Serialises every registration change of every instance (epoll_ctl, an
 * instance's release, an item's file going): so the graph of instances
 * watching instances (the nest and watcher lists) holds still for the
 * loop check, and an instance outlives the callbacks of its items' going
 * files. Taken before any instance's lock. */
extern struct tess_lock_mutex epoll_lock;

extern const struct tess_file_ops epoll_file_ops;

static inline bool epoll_file_is(const struct tess_file *f)
{
	return f->ops == &epoll_file_ops;
}

/* epoll_lock and ep->lock held for all of these. */
struct epoll_item *epoll_item_find(struct epoll *ep, int fd,
				   const struct tess_file *file);
/* Registers fd's file (the caller holds a reference) with its event
 * (EPOLLERR|EPOLLHUP added) and queues it when ready now: 0, -ENOMEM or
 * -EPERM (the file has no poll head). */
int epoll_item_add(struct epoll *ep, int fd, struct tess_file *file,
		   const struct tess_epoll_event *event);
/* New events and data (re-arms a one-shot item); queues it when ready. */
void epoll_item_modify(struct epoll *ep, struct epoll_item *item,
		       const struct tess_epoll_event *event);
/* Takes the item out of its instance and frees it; when its file is
 * going, the watch's callback frees it instead. */
void epoll_item_remove(struct epoll *ep, struct epoll_item *item);
/* Reports up to max ready items' events into out; returns how many. */
int epoll_collect(struct epoll *ep, struct tess_epoll_event *out, int max);

#endif /* POSIX_POLL_EPOLL_IMPL_H */
