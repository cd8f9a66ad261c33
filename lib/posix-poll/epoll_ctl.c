/* SPDX-License-Identifier: BSD-3-Clause */
/* epoll_ctl: adding, changing and removing items, with Linux's checks
 * (its order of errors) and its loop and depth check for instances
 * watching instances. */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/syscall.h>

#include "epoll_impl.h"

/* What EPOLLEXCLUSIVE may come with (Linux's EPOLLEXCLUSIVE_OK_BITS). */
#define EXCLUSIVE_OK                                                           \
	(TESS_POLLIN | TESS_POLLOUT | TESS_POLLERR | TESS_POLLHUP |            \
	 TESS_EPOLLWAKEUP | TESS_EPOLLET | TESS_EPOLLEXCLUSIVE)
#define TOO_DEEP (TESS_EPOLL_MAX_NESTS + 1)

/* Levels of instances below ep (0: it watches none), or TOO_DEEP when
 * into is among them or they go deeper than allowed. epoll_lock held. */
static int depth_below(struct epoll *ep, const struct epoll *into, int depth)
{
	struct tess_list *pos;
	int result = 0;

	tess_list_for_each (pos, &ep->nested) {
		struct epoll_item *item =
			tess_list_entry(pos, struct epoll_item, nest_link);
		struct epoll *below = item->file->data;

		if (below == into || depth >= TESS_EPOLL_MAX_NESTS)
			return TOO_DEEP;
		result = TESS_MAX(result,
				  depth_below(below, into, depth + 1) + 1);
		if (result >= TOO_DEEP)
			return TOO_DEEP;
	}
	return result;
}

/* Levels of instances above ep (0: none watches it). */
static int depth_above(struct epoll *ep, int depth)
{
	struct tess_list *pos;
	int result = 0;

	tess_list_for_each (pos, &ep->watchers) {
		struct epoll_item *item =
			tess_list_entry(pos, struct epoll_item, watcher_link);

		if (depth >= TESS_EPOLL_MAX_NESTS)
			return TOO_DEEP;
		result = TESS_MAX(result, depth_above(item->ep, depth + 1) + 1);
		if (result >= TOO_DEEP)
			return TOO_DEEP;
	}
	return result;
}

/* Whether ep watching the instance watched would close a loop or nest
 * instances more than TESS_EPOLL_MAX_NESTS deep (Linux's ep_loop_check). */
static bool epoll_would_loop(struct epoll *ep, struct epoll *watched)
{
	int below = depth_below(watched, ep, 0);

	return below >= TOO_DEEP || below + 1 + depth_above(ep, 0) >= TOO_DEEP;
}

/* The checks Linux makes before looking the item up. */
static long ctl_check(struct tess_file *epf, struct tess_file *file, int op,
		      const struct tess_epoll_event *event)
{
	struct tess_poll_head *head = NULL;
	bool has_event = op != TESS_EPOLL_CTL_DEL;

	tess_file_poll(file, &head);
	if (!head)
		return -EPERM; /* a file without readiness changes */
	if (epf == file || !epoll_file_is(epf))
		return -EINVAL;
	if (has_event && (event->events & TESS_EPOLLEXCLUSIVE)) {
		if (op == TESS_EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == TESS_EPOLL_CTL_ADD &&
		    (epoll_file_is(file) || (event->events & ~EXCLUSIVE_OK)))
			return -EINVAL;
	}
	return 0;
}

/* Does op with epoll_lock and the instance's lock held. */
static long ctl_locked(struct epoll *ep, int op, int fd, struct tess_file *file,
		       const struct tess_epoll_event *event)
{
	struct epoll_item *item;
	long err = 0;

	tess_lock_mutex_lock(&epoll_lock);
	tess_lock_mutex_lock(&ep->lock);
	if (op == TESS_EPOLL_CTL_ADD && epoll_file_is(file) &&
	    epoll_would_loop(ep, file->data)) {
		err = -ELOOP;
		goto out;
	}
	item = epoll_item_find(ep, fd, file);
	switch (op) {
	case TESS_EPOLL_CTL_ADD:
		err = item ? -EEXIST : epoll_item_add(ep, fd, file, event);
		break;
	case TESS_EPOLL_CTL_DEL:
		if (item)
			epoll_item_remove(ep, item);
		else
			err = -ENOENT;
		break;
	case TESS_EPOLL_CTL_MOD:
		if (!item)
			err = -ENOENT;
		else if (item->events & TESS_EPOLLEXCLUSIVE)
			err = -EINVAL;
		else
			epoll_item_modify(ep, item, event);
		break;
	default: err = -EINVAL; break;
	}
out:
	tess_lock_mutex_unlock(&ep->lock);
	tess_lock_mutex_unlock(&epoll_lock);
	return err;
}

TESS_SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		     struct tess_epoll_event *, event)
{
	struct tess_epoll_event ev = {0, 0};
	struct tess_file *epf, *file;
	long err;

	if (op != TESS_EPOLL_CTL_DEL) {
		if (!event)
			return -EFAULT;
		ev = *event;
	}
	epf = tess_vfs_fd_get(epfd);
	if (!epf)
		return -EBADF;
	file = tess_vfs_fd_get(fd);
	if (!file) {
		tess_file_put(epf);
		return -EBADF;
	}
	err = ctl_check(epf, file, op, &ev);
	if (!err)
		err = ctl_locked(epf->data, op, fd, file, &ev);
	tess_file_put(file);
	tess_file_put(epf);
	return err;
}
