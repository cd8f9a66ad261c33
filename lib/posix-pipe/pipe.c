/* SPDX-License-Identifier: BSD-3-Clause */
/* A pipe's two ends: reading, writing, readiness and release. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>
#include <tess/posix-pipe.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/vfs_poll.h>

#include "pipe_impl.h"

#define SIGPIPE	 13
#define FIONREAD 0x541b
/* Linux's cap on one read or write (MAX_RW_COUNT). */
#define RW_MAX 0x7ffff000UL

/* Takes n bytes (n <= p->len) from the ring into iov. Masked. */
static void ring_get(struct pipe *p, const struct tess_iovec *iov, int count,
		     size_t n)
{
	size_t first = TESS_MIN(n, TESS_PIPE_SIZE - p->start);

	iov_scatter(iov, count, 0, p->buf + p->start, first);
	iov_scatter(iov, count, first, p->buf, n - first);
	p->start = (p->start + n) % TESS_PIPE_SIZE;
	p->len -= n;
	if (!p->len)
		p->start = 0; /* the next data lies in one piece */
}

/* Appends n bytes (n <= room) from iov at byte off. Masked. */
static void ring_put(struct pipe *p, const struct tess_iovec *iov, int count,
		     size_t off, size_t n)
{
	size_t end = (p->start + p->len) % TESS_PIPE_SIZE;
	size_t first = TESS_MIN(n, TESS_PIPE_SIZE - end);

	iov_gather(p->buf + end, iov, count, off, first);
	iov_gather(p->buf, iov, count, off + first, n - first);
	p->len += n;
}

static long pipe_read(struct tess_file *f, const struct tess_iovec *iov,
		      int count, uint64_t *pos)
{
	struct pipe *p = f->data;
	size_t want = TESS_MIN(iov_total(iov, count), RW_MAX);
	long ret;
	bool was;

	(void)pos;
	if (!want)
		return 0;
	was = tess_plat_irq_save();
	for (;;) {
		if (p->len) {
			size_t n = TESS_MIN(want, p->len);

			ring_get(p, iov, count, n);
			tess_poll_notify(&p->writable,
					 TESS_POLLOUT | TESS_POLLWRNORM);
			ret = (long)n;
			break;
		}
		if (!p->writers) {
			ret = 0; /* end of file */
			break;
		}
		if (f->flags & TESS_O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (tess_poll_wait(&p->readable, TESS_SCHED_FOREVER,
				   "pipe read") == -EINTR) {
			tess_plat_irq_restore(was);
			return tess_sched_interrupted();
		}
	}
	tess_plat_irq_restore(was);
	return ret;
}

/* SIGPIPE to the calling thread, as Linux sends it to the writer: its
 * handler (or its default action, ending the image) runs before the
 * write returns -EPIPE. */
static void sigpipe_raise(void)
{
	tess_sys_tkill((int)tess_sched_thread_id(tess_sched_current()),
		       SIGPIPE);
}

/*
 * Writes all of iov unless there is no reader, the file is non-blocking
 * and room is short, or a signal comes: then the bytes written so far, or
 * the error when there were none. A write of at most TESS_PIPE_BUF bytes
 * waits for room for all of it, so that it lands in one piece; a longer
 * one fills whatever room there is and waits for more.
 */
static long pipe_write(struct tess_file *f, const struct tess_iovec *iov,
		       int count, uint64_t *pos)
{
	struct pipe *p = f->data;
	size_t total = TESS_MIN(iov_total(iov, count), RW_MAX), done = 0;
	size_t need = total <= TESS_PIPE_BUF ? total : 1;
	bool was, interrupted = false;
	long err = 0;

	(void)pos;
	if (!total)
		return 0;
	was = tess_plat_irq_save();
	while (done < total) {
		size_t room = TESS_PIPE_SIZE - p->len;

		if (!p->readers) {
			err = -EPIPE;
			break;
		}
		if (room >= need) {
			size_t n = TESS_MIN(room, total - done);

			ring_put(p, iov, count, done, n);
			done += n;
			tess_poll_notify(&p->readable,
					 TESS_POLLIN | TESS_POLLRDNORM);
			continue;
		}
		if (f->flags & TESS_O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (tess_poll_wait(&p->writable, TESS_SCHED_FOREVER,
				   "pipe write") == -EINTR) {
			interrupted = true;
			break;
		}
	}
	tess_plat_irq_restore(was);
	if (err == -EPIPE)
		sigpipe_raise();
	if (interrupted)
		err = tess_sched_interrupted();
	return done ? (long)done : err;
}

static unsigned pipe_read_end_poll(struct tess_file *f,
				   struct tess_poll_head **head)
{
	struct pipe *p = f->data;
	unsigned events = 0;
	bool was = tess_plat_irq_save();

	if (p->len)
		events |= TESS_POLLIN | TESS_POLLRDNORM;
	if (!p->writers)
		events |= TESS_POLLHUP;
	tess_plat_irq_restore(was);
	*head = &p->readable;
	return events;
}

/* Writable with a page of room, as Linux's pipes with a free page. */
static unsigned pipe_write_end_poll(struct tess_file *f,
				    struct tess_poll_head **head)
{
	struct pipe *p = f->data;
	unsigned events = 0;
	bool was = tess_plat_irq_save();

	if (TESS_PIPE_SIZE - p->len >= TESS_PIPE_BUF)
		events |= TESS_POLLOUT | TESS_POLLWRNORM;
	if (!p->readers)
		events |= TESS_POLLERR;
	tess_plat_irq_restore(was);
	*head = &p->writable;
	return events;
}

/* FIONREAD: the bytes in the pipe, from either end. */
static long pipe_ioctl(struct tess_file *f, unsigned long request,
		       unsigned long arg)
{
	struct pipe *p = f->data;

	if (request != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	*(int *)arg = (int)p->len;
	return 0;
}

static int pipe_getattr(struct tess_file *f, struct tess_stat *st)
{
	struct pipe *p = f->data;

	memset(st, 0, sizeof(*st));
	st->mode = TESS_S_IFIFO | 0600;
	st->nlink = 1;
	st->ino = p->ino;
	st->blksize = TESS_PIPE_BUF;
	return 0;
}

void pipe_free(struct pipe *p)
{
	tess_free(tess_alloc_default(), p->buf);
	tess_free(tess_alloc_default(), p);
}

/* The last reference to an end went: the other end's waiters and pollers
 * learn it (a reader sees end of file, a writer EPIPE). */
static void pipe_end_release(struct pipe *p, bool reader)
{
	bool was = tess_plat_irq_save(), gone;

	if (reader) {
		p->readers--;
		if (!p->readers)
			tess_poll_notify(&p->writable, TESS_POLLERR);
	} else {
		p->writers--;
		if (!p->writers)
			tess_poll_notify(&p->readable, TESS_POLLHUP);
	}
	gone = !p->readers && !p->writers;
	tess_plat_irq_restore(was);
	if (gone)
		pipe_free(p);
}

static void pipe_read_end_release(struct tess_file *f)
{
	pipe_end_release(f->data, true);
}

static void pipe_write_end_release(struct tess_file *f)
{
	pipe_end_release(f->data, false);
}

const struct tess_file_ops pipe_read_end_ops = {
	.read = pipe_read,
	.poll = pipe_read_end_poll,
	.ioctl = pipe_ioctl,
	.getattr = pipe_getattr,
	.release = pipe_read_end_release,
};

const struct tess_file_ops pipe_write_end_ops = {
	.write = pipe_write,
	.poll = pipe_write_end_poll,
	.ioctl = pipe_ioctl,
	.getattr = pipe_getattr,
	.release = pipe_write_end_release,
};
