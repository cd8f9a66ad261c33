/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-poll internals shared by poll, select and epoll_pwait. */
#ifndef POSIX_POLL_IMPL_H
#define POSIX_POLL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/posix-poll.h>
#include <tess/vfs.h>
#include <tess/vfs_poll.h>

/* -------------------------------------------------------- waiting (wait.c) */

/*
 * One file poll or select waits for: the caller sets file (a reference,
 * or NULL for a slot that is skipped) and want (the events that count),
 * and may keep what it needs afterwards in fd and tag; poll_slots_wait
 * sets revents. entry is the waiter's, on the file's head while it waits.
 */
struct poll_slot {
	struct tess_file *file;
	unsigned want;
	int fd;
	unsigned tag;
	unsigned revents;
	bool subscribed;
	struct tess_poll_entry entry;
};

/*
 * A deadline: when (monotonic ns, TESS_SCHED_FOREVER for none) and
 * whether to wait at all (a zero timeout polls once).
 */
struct poll_deadline {
	uint64_t at;
	bool wait;
};

/* From a timeout in milliseconds (negative: none) / a Linux timespec (NULL:
 * none; -EINVAL when malformed). */
struct poll_deadline poll_deadline_ms(int timeout);
long poll_deadline_timespec(const struct tess_vfs_timespec *ts,
			    struct poll_deadline *out);
/* Time left before the deadline (0 when past). */
uint64_t poll_deadline_left(const struct poll_deadline *d);
/* Writes the time left into the timeout ts the deadline came from, as
 * Linux does for ppoll and pselect6, unless ts is NULL or zero. */
void poll_timespec_update(struct tess_vfs_timespec *ts,
			  const struct poll_deadline *d);

/*
 * Polls the n slots until some have events (revents = the file's events &
 * want), the deadline passes or a signal comes. Returns how many slots
 * have events, or -EINTR when a signal's handler ran while waiting (the
 * slots' revents are then 0). Slots with a NULL file keep revents as the
 * caller set it (0, or POLLNVAL for poll's closed descriptors) and count
 * when it is not 0.
 */
long poll_slots_wait(struct poll_slot *slots, size_t n,
		     const struct poll_deadline *d);

/* Zeroed slots: the caller's stack array of POLL_STACK_SLOTS when n fits,
 * else from the default heap (NULL: out of memory). poll_slots_free drops
 * the slots' file references and frees them. */
#define POLL_STACK_SLOTS 16
struct poll_slot *poll_slots_alloc(size_t n, struct poll_slot *stack);
void poll_slots_free(struct poll_slot *slots, size_t n,
		     struct poll_slot *stack);

/* ---------------------------------------------- signal masks (sigmask.c) */

/* A temporary signal mask: applied for a wait, restored after it. */
struct poll_sigmask {
	bool applied;
	uint64_t old;
};

/*
 * Makes mask (NULL: leave the mask alone) the calling thread's, as
 * ppoll/pselect6/epoll_pwait do for their wait: -EINVAL for a size other
 * than 8; -EINTR when a signal that the mask unblocks was pending (its
 * handler has run: the call ends at once, as on Linux). Restore with
 * poll_sigmask_restore in every case.
 */
long poll_sigmask_apply(const uint64_t *mask, size_t size,
			struct poll_sigmask *save);
void poll_sigmask_restore(struct poll_sigmask *save);

#endif /* POSIX_POLL_IMPL_H */
