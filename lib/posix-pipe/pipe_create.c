/* SPDX-License-Identifier: BSD-3-Clause */
/* pipe and pipe2: a new pipe and a descriptor for each end. */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/posix-pipe.h>
#include <tess/syscall.h>

#include "pipe_impl.h"

/* The last inode number given; bumped (masked) by every new pipe and
 * eventfd. */
static uint64_t last_ino;

uint64_t pipe_ino_next(void)
{
	bool was = tess_plat_irq_save();
	uint64_t ino = ++last_ino;

	tess_plat_irq_restore(was);
	return ino;
}

static struct pipe *pipe_new(void)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct pipe *p = tess_calloc(heap, 1, sizeof(*p));

	if (!p)
		return NULL;
	p->buf = tess_malloc(heap, TESS_PIPE_SIZE);
	if (!p->buf) {
		tess_free(heap, p);
		return NULL;
	}
	p->ino = pipe_ino_next();
	tess_poll_head_init(&p->readable);
	tess_poll_head_init(&p->writable);
	return p;
}

/*
 * The two files of a new pipe in *rd and *wr. Each end counts once it
 * exists, so that dropping a half-made pipe's read end frees it.
 */
static int pipe_files(unsigned status, struct tess_file **rd,
		      struct tess_file **wr)
{
	struct pipe *p = pipe_new();

	if (!p)
		return -ENOMEM;
	*rd = tess_file_new(&pipe_read_end_ops, p, TESS_O_RDONLY | status);
	if (!*rd) {
		pipe_free(p);
		return -ENOMEM;
	}
	p->readers = 1;
	*wr = tess_file_new(&pipe_write_end_ops, p, TESS_O_WRONLY | status);
	if (!*wr) {
		tess_file_put(*rd);
		return -ENOMEM;
	}
	p->writers = 1;
	return 0;
}

TESS_SYSCALL_DEFINE2(pipe2, int *, fds, int, flags)
{
	unsigned fdflags = flags & TESS_O_CLOEXEC ? TESS_VFS_FD_CLOEXEC : 0;
	struct tess_file *rd, *wr;
	int err, rfd, wfd;

	if (flags & ~(TESS_O_CLOEXEC | TESS_O_NONBLOCK | TESS_O_DIRECT))
		return -EINVAL;
	if (!fds)
		return -EFAULT;
	err = pipe_files(flags & (TESS_O_NONBLOCK | TESS_O_DIRECT), &rd, &wr);
	if (err)
		return err;
	rfd = tess_vfs_fd_alloc(rd, 0, fdflags);
	if (rfd < 0) {
		tess_file_put(wr);
		return rfd;
	}
	wfd = tess_vfs_fd_alloc(wr, 0, fdflags);
	if (wfd < 0) {
		tess_vfs_fd_close(rfd);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

TESS_SYSCALL_DEFINE1(pipe, int *, fds)
{
	return tess_sys_pipe2(fds, 0);
}
