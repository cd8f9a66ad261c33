/* SPDX-License-Identifier: BSD-3-Clause */
/* eventfd and eventfd2: a 64-bit counter as a file. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/posix-pipe.h>
#include <tess/sched.h>
#include <tess/syscall.h>
#include <tess/vfs_poll.h>

#include "pipe_impl.h"

/* The count never reaches this: a write that would is held back. */
#define COUNT_MAX UINT64_MAX

struct eventfd {
	uint64_t count; /* changed with interrupts masked */
	bool semaphore;
	uint64_t ino;
	struct tess_poll_head head;
};

static bool nonblocking(const struct tess_file *f)
{
	return f->flags & TESS_O_NONBLOCK;
}

/* Takes the count (or 1 of it, as a semaphore) once it is not zero. */
static long eventfd_read(struct tess_file *f, const struct tess_iovec *iov,
			 int count, uint64_t *pos)
{
	struct eventfd *e = f->data;
	uint64_t value;
	bool was;

	(void)pos;
	if (iov_total(iov, count) < sizeof(value))
		return -EINVAL;
	was = tess_plat_irq_save();
	while (!e->count) {
		if (nonblocking(f)) {
			tess_plat_irq_restore(was);
			return -EAGAIN;
		}
		if (tess_poll_wait(&e->head, TESS_SCHED_FOREVER,
				   "eventfd read") == -EINTR) {
			tess_plat_irq_restore(was);
			return tess_sched_interrupted();
		}
	}
	value = e->semaphore ? 1 : e->count;
	e->count -= value;
	tess_poll_notify(&e->head, TESS_POLLOUT | TESS_POLLWRNORM);
	tess_plat_irq_restore(was);
	iov_scatter(iov, count, 0, &value, sizeof(value));
	return sizeof(value);
}

/* Adds the value once the sum stays below COUNT_MAX. */
static long eventfd_write(struct tess_file *f, const struct tess_iovec *iov,
			  int count, uint64_t *pos)
{
	struct eventfd *e = f->data;
	uint64_t value;
	bool was;

	(void)pos;
	if (iov_total(iov, count) < sizeof(value))
		return -EINVAL;
	iov_gather(&value, iov, count, 0, sizeof(value));
	if (value == COUNT_MAX)
		return -EINVAL;
	was = tess_plat_irq_save();
	while (COUNT_MAX - e->count <= value) {
		if (nonblocking(f)) {
			tess_plat_irq_restore(was);
			return -EAGAIN;
		}
		if (tess_poll_wait(&e->head, TESS_SCHED_FOREVER,
				   "eventfd write") == -EINTR) {
			tess_plat_irq_restore(was);
			return tess_sched_interrupted();
		}
	}
	e->count += value;
	tess_poll_notify(&e->head, TESS_POLLIN | TESS_POLLRDNORM);
	tess_plat_irq_restore(was);
	return sizeof(value);
}

static unsigned eventfd_poll(struct tess_file *f, struct tess_poll_head **head)
{
	struct eventfd *e = f->data;
	unsigned events = 0;
	bool was = tess_plat_irq_save();

	if (e->count)
		events |= TESS_POLLIN | TESS_POLLRDNORM;
	if (e->count == COUNT_MAX)
		events |= TESS_POLLERR;
	if (e->count < COUNT_MAX - 1)
		events |= TESS_POLLOUT | TESS_POLLWRNORM;
	tess_plat_irq_restore(was);
	*head = &e->head;
	return events;
}

/* An anonymous inode, as Linux's: no file type, rw for the owner. */
static int eventfd_getattr(struct tess_file *f, struct tess_stat *st)
{
	struct eventfd *e = f->data;

	memset(st, 0, sizeof(*st));
	st->mode = 0600;
	st->nlink = 1;
	st->ino = e->ino;
	st->blksize = TESS_PIPE_BUF;
	return 0;
}

static void eventfd_release(struct tess_file *f)
{
	tess_free(tess_alloc_default(), f->data);
}

static const struct tess_file_ops eventfd_ops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.getattr = eventfd_getattr,
	.release = eventfd_release,
};

TESS_SYSCALL_DEFINE2(eventfd2, unsigned int, initval, int, flags)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct tess_file *f;
	struct eventfd *e;

	if (flags &
	    ~(TESS_EFD_SEMAPHORE | TESS_EFD_CLOEXEC | TESS_EFD_NONBLOCK))
		return -EINVAL;
	e = tess_calloc(heap, 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = initval;
	e->semaphore = flags & TESS_EFD_SEMAPHORE;
	e->ino = pipe_ino_next();
	tess_poll_head_init(&e->head);
	f = tess_file_new(&eventfd_ops, e,
			  TESS_O_RDWR | (flags & TESS_EFD_NONBLOCK));
	if (!f) {
		tess_free(heap, e);
		return -ENOMEM;
	}
	return tess_vfs_fd_alloc(
		f, 0, flags & TESS_EFD_CLOEXEC ? TESS_VFS_FD_CLOEXEC : 0);
}

TESS_SYSCALL_DEFINE1(eventfd, unsigned int, initval)
{
	return tess_sys_eventfd2(initval, 0);
}
