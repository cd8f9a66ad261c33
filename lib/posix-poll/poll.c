/* SPDX-License-Identifier: BSD-3-Clause */
/* poll and ppoll. */
#include <errno.h>
#include <tess/syscall.h>

#include "poll_impl.h"

static long poll_fds(struct tess_pollfd *fds, unsigned long nfds,
		     const struct poll_deadline *d)
{
	struct poll_slot stack[POLL_STACK_SLOTS], *slots;
	long ret;

	if (nfds > (unsigned long)tess_vfs_fd_limit())
		return -EINVAL;
	if (nfds && !fds)
		return -EFAULT;
	slots = poll_slots_alloc(nfds, stack);
	if (!slots)
		return -ENOMEM;
	for (unsigned long i = 0; i < nfds; i++) {
		struct poll_slot *s = &slots[i];

		if (fds[i].fd < 0)
			continue; /* ignored: revents 0 */
		s->file = tess_vfs_fd_get(fds[i].fd);
		if (!s->file) {
			s->revents = TESS_POLLNVAL;
			continue;
		}
		/* Errors and hang-ups are reported whether asked or not. */
		s->want = (unsigned short)fds[i].events | TESS_POLLERR |
			  TESS_POLLHUP;
	}
	ret = poll_slots_wait(slots, nfds, d);
	for (unsigned long i = 0; i < nfds; i++)
		fds[i].revents = (short)slots[i].revents;
	poll_slots_free(slots, nfds, stack);
	return ret;
}

TESS_SYSCALL_DEFINE3(poll, struct tess_pollfd *, fds, unsigned long, nfds, int,
		     timeout)
{
	struct poll_deadline d = poll_deadline_ms(timeout);

	return poll_fds(fds, nfds, &d);
}

TESS_SYSCALL_DEFINE5(ppoll, struct tess_pollfd *, fds, unsigned long, nfds,
		     struct tess_vfs_timespec *, timeout, const uint64_t *, sigmask,
		     size_t, sigsetsize)
{
	struct poll_sigmask save;
	struct poll_deadline d;
	long ret = poll_deadline_timespec(timeout, &d);

	if (ret)
		return ret;
	ret = poll_sigmask_apply(sigmask, sigsetsize, &save);
	if (ret == -EINVAL)
		return ret;
	if (!ret)
		ret = poll_fds(fds, nfds, &d);
	poll_sigmask_restore(&save);
	poll_timespec_update(timeout, &d);
	return ret;
}
