/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The readiness core: how any kind of file (pipe, eventfd, console,
 * socket, epoll instance) tells waiters that it became readable or
 * writable, so that poll, select, epoll and the file's own blocking
 * calls share one mechanism and a new kind of file joins without changing
 * them.
 *
 * A file whose readiness can change owns a struct tess_poll_head. Waiters
 * put a struct tess_poll_entry on it (owned by the waiter: on its stack
 * for poll, inside an epoll item for epoll); whenever the file's state
 * changes, the file calls tess_poll_notify(head, events) with the events
 * that may now hold, which runs every entry's callback. Callbacks run
 * with interrupts masked and must not block: they wake a thread or queue
 * an item (Linux's wait-queue callbacks, as in its poll and epoll).
 *
 * Rules a file kind keeps (epoll relies on them): its head does not
 * change while the file lives, and a notification names POLLIN/POLLOUT
 * (not only the RDNORM/WRNORM bits) for data to read or room to write.
 *
 * Promises: one CPU; every function here masks interrupts itself and is
 * safe from interrupt context except tess_poll_wait (threads only).
 */
#ifndef TESS_VFS_POLL_H
#define TESS_VFS_POLL_H

#include <stdint.h>
#include <tess/list.h>

/* Linux's poll/epoll event bits (the same values in both). */
#define TESS_POLLIN	0x001
#define TESS_POLLPRI	0x002
#define TESS_POLLOUT	0x004
#define TESS_POLLERR	0x008
#define TESS_POLLHUP	0x010
#define TESS_POLLNVAL	0x020
#define TESS_POLLRDNORM 0x040
#define TESS_POLLRDBAND 0x080
#define TESS_POLLWRNORM 0x100
#define TESS_POLLWRBAND 0x200
#define TESS_POLLRDHUP	0x2000

struct tess_poll_head {
	struct tess_list entries;
};
#define TESS_POLL_HEAD_INIT(name)                                              \
	{                                                                      \
		TESS_LIST_INIT((name).entries)                                 \
	}

struct tess_poll_entry;
/* Called by tess_poll_notify with the events that may now hold;
 * interrupts masked; must not block, nor add or remove entries on the
 * head it is called for other than itself. */
typedef void (*tess_poll_fn)(struct tess_poll_entry *entry, unsigned events);

struct tess_poll_entry {
	struct tess_list node;
	tess_poll_fn fn;
	void *arg; /* the waiter's */
};

void tess_poll_head_init(struct tess_poll_head *head);
/* Puts entry (fn and arg set by the caller) on head / takes it off
 * (harmless when it is not on one). */
void tess_poll_add(struct tess_poll_head *head, struct tess_poll_entry *entry);
void tess_poll_remove(struct tess_poll_entry *entry);
/* Runs every entry's callback with events. */
void tess_poll_notify(struct tess_poll_head *head, unsigned events);

/*
 * For a file's own blocking call (a read on an empty pipe): blocks the
 * calling thread until head is notified or the monotonic clock reaches
 * deadline_ns (TESS_SCHED_FOREVER: none), interruptibly. Call it with
 * interrupts masked, after checking the condition under that mask, so
 * that a notification cannot be lost; returns with them masked. Returns
 * 0 when notified (re-check: the events may be gone again), -ETIMEDOUT,
 * or -EINTR: then unmask and return tess_sched_interrupted()'s -EINTR
 * (lib/sched's protocol, so that signal handlers run).
 */
int tess_poll_wait(struct tess_poll_head *head, uint64_t deadline_ns,
		   const char *what);

#endif /* TESS_VFS_POLL_H */
