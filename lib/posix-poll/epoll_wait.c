/* SPDX-License-Identifier: BSD-3-Clause */
/* epoll_wait, epoll_pwait and epoll_pwait2: collect ready items' events,
 * waiting on the instance's head while there are none. */
#include <errno.h>
#include <limits.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>
#include <tess/syscall.h>

#include "epoll_impl.h"
#include "poll_impl.h"

/* Linux's EP_MAX_EVENTS. */
#define MAX_EVENTS ((int)(INT_MAX / sizeof(struct tess_epoll_event)))

static long epoll_wait_on(struct epoll *ep, struct tess_epoll_event *events,
			  int maxevents, const struct poll_deadline *d)
{
	bool timed_out = false;

	for (;;) {
		int n, err = 0;
		bool was;

		tess_lock_mutex_lock(&ep->lock);
		n = epoll_collect(ep, events, maxevents);
		tess_lock_mutex_unlock(&ep->lock);
		if (n || !d->wait || timed_out)
			return n;
		/* Items queue themselves with interrupts masked: looking at
		 * the list under the mask loses none. */
		was = tess_plat_irq_save();
		if (tess_list_empty(&ep->ready))
			err = tess_poll_wait(&ep->head, d->at, "epoll_wait");
		tess_plat_irq_restore(was);
		if (err == -EINTR)
			return tess_sched_interrupted();
		/* Timed out: one last look, as Linux takes. */
		timed_out = err == -ETIMEDOUT;
	}
}

static long epoll_wait_deadline(int epfd, struct tess_epoll_event *events,
				int maxevents, const struct poll_deadline *d)
{
	struct tess_file *f;
	long ret;

	if (maxevents <= 0 || maxevents > MAX_EVENTS)
		return -EINVAL;
	if (!events)
		return -EFAULT;
	f = tess_vfs_fd_get(epfd);
	if (!f)
		return -EBADF;
	if (epoll_file_is(f))
		ret = epoll_wait_on(f->data, events, maxevents, d);
	else
		ret = -EINVAL;
	tess_file_put(f);
	return ret;
}

TESS_SYSCALL_DEFINE4(epoll_wait, int, epfd, struct tess_epoll_event *, events,
		     int, maxevents, int, timeout)
{
	struct poll_deadline d = poll_deadline_ms(timeout);

	return epoll_wait_deadline(epfd, events, maxevents, &d);
}

static long epoll_pwait_deadline(int epfd, struct tess_epoll_event *events,
				 int maxevents, const struct poll_deadline *d,
				 const uint64_t *sigmask, size_t sigsetsize)
{
	struct poll_sigmask save;
	long ret = poll_sigmask_apply(sigmask, sigsetsize, &save);

	if (!ret)
		ret = epoll_wait_deadline(epfd, events, maxevents, d);
	poll_sigmask_restore(&save);
	return ret;
}

TESS_SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct tess_epoll_event *, events,
		     int, maxevents, int, timeout, const uint64_t *, sigmask,
		     size_t, sigsetsize)
{
	struct poll_deadline d = poll_deadline_ms(timeout);

	return epoll_pwait_deadline(epfd, events, maxevents, &d, sigmask,
				    sigsetsize);
}

TESS_SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct tess_epoll_event *, events,
		     int, maxevents, const struct tess_vfs_timespec *, timeout,
		     const uint64_t *, sigmask, size_t, sigsetsize)
{
	struct poll_deadline d;
	long err = poll_deadline_timespec(timeout, &d);

	if (err)
		return err;
	return epoll_pwait_deadline(epfd, events, maxevents, &d, sigmask,
				    sigsetsize);
}
