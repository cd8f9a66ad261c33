/* SPDX-License-Identifier: BSD-3-Clause */
/* read, write, their vector and positioned forms, and lseek. */
#include <errno.h>
#include <stdint.h>
#include <tess/alloc.h>
#include <tess/posix-fs.h>
#include <tess/syscall.h>

#include "posix_fs_impl.h"

#define RW_MAX 0x7ffff000L /* Linux's cap on one transfer */

/* Checks a vector as Linux does and caps its total at RW_MAX: the count
 * of entries to use (the last one may be shortened into *tail). */
static int iov_check(const struct tess_iovec *iov, int count,
		     struct tess_iovec *capped)
{
	size_t total = 0;

	if (count < 0 || count > TESS_IOV_MAX)
		return -EINVAL;
	if (count && !iov)
		return -EFAULT;
	for (int i = 0; i < count; i++) {
		if (iov[i].len > (size_t)INT64_MAX)
			return -EINVAL;
		if (iov[i].len && !iov[i].base)
			return -EFAULT;
		if (total + iov[i].len > (size_t)RW_MAX) {
			capped->base = iov[i].base;
			capped->len = (size_t)RW_MAX - total;
			return i + 1;
		}
		total += iov[i].len;
	}
	capped->len = SIZE_MAX; /* nothing capped */
	return count;
}

typedef long (*file_io_fn)(struct tess_file *f, const struct tess_iovec *iov,
			   int count, int64_t offset);

static long vector_io(int fd, const struct tess_iovec *iov, int count,
		      int64_t offset, file_io_fn io)
{
	struct tess_iovec capped, small[8], *use = (struct tess_iovec *)iov;
	struct tess_file *f;
	int n = iov_check(iov, count, &capped);
	long ret;

	if (n < 0)
		return n;
	f = tess_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	if (capped.len != SIZE_MAX) {
		/* Rare: a transfer over 2 GiB; copy the vector to cap it. */
		if (n > 8) {
			n = 8;
			capped.len = iov[7].len;
		}
		for (int i = 0; i < n - 1; i++)
			small[i] = iov[i];
		small[n - 1] = capped;
		use = small;
	}
	ret = io(f, use, n, offset);
	tess_file_put(f);
	return ret;
}

static long one_io(int fd, void *buf, size_t len, int64_t offset,
		   file_io_fn io)
{
	struct tess_iovec v = {buf, len > (size_t)RW_MAX ? (size_t)RW_MAX : len};
	struct tess_file *f;
	long ret;

	if (len && !buf)
		return -EFAULT;
	f = tess_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	ret = io(f, &v, 1, offset);
	tess_file_put(f);
	return ret;
}

TESS_SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, len)
{
	return one_io(fd, buf, len, -1, tess_file_read);
}

TESS_SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, len)
{
	return one_io(fd, (void *)buf, len, -1, tess_file_write);
}

TESS_SYSCALL_DEFINE3(readv, int, fd, const struct tess_iovec *, iov, int, count)
{
	return vector_io(fd, iov, count, -1, tess_file_read);
}

TESS_SYSCALL_DEFINE3(writev, int, fd, const struct tess_iovec *, iov, int,
		     count)
{
	return vector_io(fd, iov, count, -1, tess_file_write);
}

TESS_SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, len, long, offset)
{
	if (offset < 0)
		return -EINVAL;
	return one_io(fd, buf, len, offset, tess_file_read);
}

TESS_SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, len, long,
		     offset)
{
	if (offset < 0)
		return -EINVAL;
	return one_io(fd, (void *)buf, len, offset, tess_file_write);
}

TESS_SYSCALL_DEFINE4(preadv, int, fd, const struct tess_iovec *, iov, int,
		     count, long, offset)
{
	if (offset < 0)
		return -EINVAL;
	return vector_io(fd, iov, count, offset, tess_file_read);
}

TESS_SYSCALL_DEFINE4(pwritev, int, fd, const struct tess_iovec *, iov, int,
		     count, long, offset)
{
	if (offset < 0)
		return -EINVAL;
	return vector_io(fd, iov, count, offset, tess_file_write);
}

#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3
#define SEEK_HOLE 4

static long seek_to(struct tess_file *f, long offset, int whence)
{
	struct tess_stat st;
	int64_t base = 0;
	int err;

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE:
		if (!f->vn || fs_is_dir(f->vn))
			return -EINVAL;
		err = fs_getattr(f->vn, &st);
		if (err)
			return err;
		if (whence == SEEK_END) {
			base = st.size;
			break;
		}
		/* No holes are reported: all data up to the end. */
		if (offset < 0 || offset >= st.size)
			return -ENXIO;
		return whence == SEEK_DATA ? offset : st.size;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	return base + offset;
}

TESS_SYSCALL_DEFINE3(lseek, int, fd, long, offset, int, whence)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	long pos;

	if (!f)
		return -EBADF;
	if (!f->ops->seekable) {
		tess_file_put(f);
		return -ESPIPE;
	}
	tess_lock_mutex_lock(&f->pos_lock);
	pos = seek_to(f, offset, whence);
	if (pos >= 0)
		f->pos = (uint64_t)pos;
	tess_lock_mutex_unlock(&f->pos_lock);
	tess_file_put(f);
	return pos;
}

/*
 * sendfile: in_fd's bytes (from *offset, which advances, or from its
 * position) written to out_fd, through a bounce buffer: whatever kinds
 * the two files are. Stops at end of file, at a short write, or when the
 * destination would block after something was sent.
 */
#define SENDFILE_CHUNK (64u << 10)

/* Linux reads only from what can be read at an offset, a regular file
 * or a block device: a pipe, a socket, a terminal or a folder is
 * -EINVAL, and with an offset a pipe or socket is -ESPIPE first. */
static long sendfile_source_check(const struct tess_file *in, bool offset)
{
	uint32_t mode = in->vn ? in->vn->mode : 0;

	if (TESS_S_ISTYPE(mode, TESS_S_IFREG) ||
	    TESS_S_ISTYPE(mode, TESS_S_IFBLK))
		return 0;
	if (offset && (!in->vn || TESS_S_ISTYPE(mode, TESS_S_IFIFO) ||
		       TESS_S_ISTYPE(mode, TESS_S_IFSOCK)))
		return -ESPIPE;
	return -EINVAL;
}

TESS_SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, long *, offset,
		     size_t, count)
{
	struct tess_file *in = tess_vfs_fd_get(in_fd);
	struct tess_file *out = tess_vfs_fd_get(out_fd);
	long total = 0, err = 0;
	char *buf = NULL;

	if (!in || !out) {
		err = -EBADF;
		goto done;
	}
	err = sendfile_source_check(in, offset != NULL);
	if (err)
		goto done;
	if ((out->flags & TESS_O_APPEND) || (offset && *offset < 0)) {
		err = -EINVAL;
		goto done;
	}
	if (count > (size_t)RW_MAX)
		count = (size_t)RW_MAX;
	buf = count ? tess_malloc(tess_alloc_default(),
				  count < SENDFILE_CHUNK ? count
							 : SENDFILE_CHUNK)
		    : NULL;
	if (count && !buf) {
		err = -ENOMEM;
		goto done;
	}
	while ((size_t)total < count) {
		size_t want = count - (size_t)total;
		struct tess_iovec v = {buf, want < SENDFILE_CHUNK ? want
								 : SENDFILE_CHUNK};
		long got = tess_file_read(in, &v, 1, offset ? *offset : -1);
		long put;

		if (got <= 0) {
			err = got;
			break;
		}
		v.len = (size_t)got;
		put = tess_file_write(out, &v, 1, -1);
		if (put > 0) {
			total += put;
			if (offset)
				*offset += put;
		}
		if (put < got) {
			/* Bytes read but not written go back to in_fd. */
			if (!offset && in->ops->seekable) {
				tess_lock_mutex_lock(&in->pos_lock);
				in->pos -= (uint64_t)(got - (put > 0 ? put : 0));
				tess_lock_mutex_unlock(&in->pos_lock);
			}
			err = put < 0 ? put : 0;
			break;
		}
	}
done:
	tess_free(tess_alloc_default(), buf);
	if (in)
		tess_file_put(in);
	if (out)
		tess_file_put(out);
	return total ? total : err;
}
