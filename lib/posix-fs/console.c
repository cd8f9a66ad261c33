/* SPDX-License-Identifier: BSD-3-Clause */
/* Descriptors 0, 1 and 2 on the platform console (lib/vfs's console
 * functions), and the descriptor limit from RLIMIT_NOFILE. */
#include <errno.h>
#include <tess/init.h>
#include <tess/posix-fs.h>
#include <tess/posix-process.h>
#include <tess/vfs.h>
#include <tess/vfs_console.h>

static enum tess_plat_console_stream stream_of(const struct tess_file *f)
{
	return (enum tess_plat_console_stream)(uintptr_t)f->data;
}

static long console_read(struct tess_file *f, const struct tess_iovec *iov,
			 int count, uint64_t *pos)
{
	(void)pos;
	return tess_vfs_console_read(iov, count,
				     (f->flags & TESS_O_NONBLOCK) != 0);
}

static long console_write(struct tess_file *f, const struct tess_iovec *iov,
			  int count, uint64_t *pos)
{
	(void)pos;
	return tess_vfs_console_write(stream_of(f), iov, count);
}

static unsigned console_poll(struct tess_file *f, struct tess_poll_head **head)
{
	return tess_vfs_console_poll(stream_of(f), head);
}

static long console_ioctl(struct tess_file *f, unsigned long request,
			  unsigned long arg)
{
	return tess_vfs_console_ioctl(stream_of(f), request, arg);
}

static int console_getattr(struct tess_file *f, struct tess_stat *st)
{
	(void)f;
	*st = (struct tess_stat){
		.mode = TESS_S_IFCHR | 0620,
		.nlink = 1,
		.rdev = (5 << 8) | 1, /* 5:1, /dev/console */
		.blksize = 1024,
	};
	return 0;
}

static const struct tess_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.poll = console_poll,
	.ioctl = console_ioctl,
	.getattr = console_getattr,
};

static int nofile_limit(void)
{
	struct tess_rlimit r;

	if (tess_sys_getrlimit(7 /* RLIMIT_NOFILE */, &r) != 0 ||
	    r.cur > (1u << 30))
		return 1 << 30;
	return (int)r.cur;
}

static int console_fds_install(void)
{
	static const unsigned modes[3] = {TESS_O_RDONLY, TESS_O_WRONLY,
					  TESS_O_WRONLY};

	tess_vfs_fd_limit_source(nofile_limit);
	for (int fd = 0; fd < 3; fd++) {
		struct tess_file *f = tess_file_new(
			&console_ops, (void *)(uintptr_t)fd, modes[fd]);
		int got;

		if (!f)
			return -ENOMEM;
		got = tess_vfs_fd_alloc(f, fd, 0);
		if (got != fd)
			return got < 0 ? got : -EBUSY;
	}
	return 0;
}
/* Before the root file system: descriptors exist even with none. */
TESS_INIT(console_fds_install, TESS_INIT_FS - 1);
