/* SPDX-License-Identifier: BSD-3-Clause */
/* select and pselect6: poll over descriptor bitmaps. */
#include <errno.h>
#include <string.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "poll_impl.h"

#define NS_PER_S  1000000000ULL
#define NS_PER_US 1000ULL
#define US_PER_S  1000000L

/* Which events make a descriptor ready for each set (Linux's
 * POLLIN_SET, POLLOUT_SET, POLLEX_SET). */
enum { SET_READ, SET_WRITE, SET_EXCEPT, SETS };
static const unsigned set_events[SETS] = {
	TESS_POLLRDNORM | TESS_POLLRDBAND | TESS_POLLIN | TESS_POLLHUP |
		TESS_POLLERR,
	TESS_POLLWRBAND | TESS_POLLWRNORM | TESS_POLLOUT | TESS_POLLERR,
	TESS_POLLPRI,
};

/* The sets are nfds bits long, which may be more than an fd_set holds:
 * read as a plain bitmap. */
static unsigned long *set_words(struct tess_fd_set *set)
{
	return (unsigned long *)set;
}

/* Which sets hold fd: bit i for set i. */
static unsigned sets_of(struct tess_fd_set *const sets[SETS], int fd)
{
	unsigned tag = 0;

	for (int i = 0; i < SETS; i++) {
		if (sets[i] && ((set_words(sets[i])[fd / TESS_NFDBITS] >>
				 (fd % TESS_NFDBITS)) &
				1))
			tag |= 1U << i;
	}
	return tag;
}

/* The slots: one per descriptor in any set; -EBADF for one not open. */
static long select_slots(int nfds, struct tess_fd_set *const sets[SETS],
			 struct poll_slot *slots)
{
	size_t k = 0;

	for (int fd = 0; fd < nfds; fd++) {
		unsigned tag = sets_of(sets, fd);
		struct poll_slot *s;

		if (!tag)
			continue;
		s = &slots[k++];
		s->fd = fd;
		s->tag = tag;
		for (int i = 0; i < SETS; i++) {
			if (tag & (1U << i))
				s->want |= set_events[i];
		}
		s->file = tess_vfs_fd_get(fd);
		if (!s->file)
			return -EBADF;
	}
	return 0;
}

/* Replaces the sets by the ready descriptors; returns how many bits. */
static long select_results(int nfds, struct tess_fd_set *const sets[SETS],
			   const struct poll_slot *slots, size_t n)
{
	size_t words = ((size_t)nfds + TESS_NFDBITS - 1) / TESS_NFDBITS;
	long count = 0;

	for (int i = 0; i < SETS; i++) {
		if (sets[i])
			memset(sets[i], 0, words * sizeof(unsigned long));
	}
	for (size_t k = 0; k < n; k++) {
		const struct poll_slot *s = &slots[k];

		for (int i = 0; i < SETS; i++) {
			if (!(s->tag & (1U << i)) ||
			    !(s->revents & set_events[i]))
				continue;
			set_words(sets[i])[s->fd / TESS_NFDBITS] |=
				1UL << (s->fd % TESS_NFDBITS);
			count++;
		}
	}
	return count;
}

static long select_fds(int nfds, struct tess_fd_set *const sets[SETS],
		       const struct poll_deadline *d)
{
	struct poll_slot stack[POLL_STACK_SLOTS], *slots;
	size_t n = 0;
	long ret;

	if (nfds < 0 || nfds > tess_vfs_fd_limit())
		return -EINVAL;
	for (int fd = 0; fd < nfds; fd++)
		n += sets_of(sets, fd) != 0;
	slots = poll_slots_alloc(n, stack);
	if (!slots)
		return -ENOMEM;
	ret = select_slots(nfds, sets, slots);
	if (!ret)
		ret = poll_slots_wait(slots, n, d);
	if (ret >= 0)
		ret = select_results(nfds, sets, slots, n);
	poll_slots_free(slots, n, stack);
	return ret;
}

TESS_SYSCALL_DEFINE5(select, int, nfds, struct tess_fd_set *, readfds,
		     struct tess_fd_set *, writefds, struct tess_fd_set *,
		     exceptfds, struct tess_poll_timeval *, timeout)
{
	struct tess_fd_set *const sets[SETS] = {readfds, writefds, exceptfds};
	struct poll_deadline d = {TESS_SCHED_FOREVER, true};
	long ret;

	if (timeout) {
		/* Microseconds beyond a second carry, as Linux's do. */
		struct tess_vfs_timespec ts = {
			timeout->tv_sec + timeout->tv_usec / US_PER_S,
			(timeout->tv_usec % US_PER_S) * (long)NS_PER_US};

		ret = poll_deadline_timespec(&ts, &d);
		if (ret)
			return ret;
	}
	ret = select_fds(nfds, sets, &d);
	/* What is left of a timeout that was not zero. */
	if (timeout && (timeout->tv_sec || timeout->tv_usec)) {
		uint64_t left = poll_deadline_left(&d);

		timeout->tv_sec = (long)(left / NS_PER_S);
		timeout->tv_usec = (long)(left % NS_PER_S / NS_PER_US);
	}
	return ret;
}

TESS_SYSCALL_DEFINE6(pselect6, int, nfds, struct tess_fd_set *, readfds,
		     struct tess_fd_set *, writefds, struct tess_fd_set *,
		     exceptfds, struct tess_vfs_timespec *, timeout,
		     const struct tess_pselect_sigmask *, sigmask)
{
	struct tess_fd_set *const sets[SETS] = {readfds, writefds, exceptfds};
	struct poll_sigmask save;
	struct poll_deadline d;
	long ret = poll_deadline_timespec(timeout, &d);

	if (ret)
		return ret;
	ret = poll_sigmask_apply(sigmask ? sigmask->set : NULL,
				 sigmask ? sigmask->size : 0, &save);
	if (ret == -EINVAL)
		return ret;
	if (!ret)
		ret = select_fds(nfds, sets, &d);
	poll_sigmask_restore(&save);
	poll_timespec_update(timeout, &d);
	return ret;
}
