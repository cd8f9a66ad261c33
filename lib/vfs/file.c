/* SPDX-License-Identifier: BSD-3-Clause */
/* Open file descriptions: references, reading and writing with the
 * position, and the files the vfs makes over vnodes. */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/plat/irq.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

struct tess_file *tess_file_new(const struct tess_file_ops *ops, void *data,
				unsigned flags)
{
	struct tess_file *f = tess_calloc(tess_alloc_default(), 1, sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->data = data;
	f->flags = flags;
	f->refs = 1;
	tess_lock_mutex_init(&f->pos_lock);
	tess_list_init(&f->watches);
	return f;
}

void tess_file_watch(struct tess_file *f, struct tess_file_watch *w)
{
	bool was = tess_plat_irq_save();

	tess_list_push_back(&f->watches, &w->node);
	tess_plat_irq_restore(was);
}

bool tess_file_unwatch(struct tess_file *f, struct tess_file_watch *w)
{
	bool was = tess_plat_irq_save();
	bool watching = tess_list_linked(&w->node);

	(void)f;
	if (watching)
		tess_list_remove(&w->node);
	tess_plat_irq_restore(was);
	return watching;
}

/* The last reference went: each watch is taken off, then told. */
static void file_watches_release(struct tess_file *f)
{
	for (;;) {
		bool was = tess_plat_irq_save();
		struct tess_file_watch *w = tess_list_first_entry_or_null(
			&f->watches, struct tess_file_watch, node);

		if (w)
			tess_list_remove(&w->node);
		tess_plat_irq_restore(was);
		if (!w)
			return;
		w->released(w, f);
	}
}

void tess_file_ref(struct tess_file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

void tess_file_put(struct tess_file *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	file_watches_release(f);
	if (f->ops->release)
		f->ops->release(f);
	tess_free(tess_alloc_default(), f);
}

static bool readable(const struct tess_file *f)
{
	unsigned mode = f->flags & TESS_O_ACCMODE;

	return !(f->flags & TESS_O_PATH) &&
	       (mode == TESS_O_RDONLY || mode == TESS_O_RDWR);
}

static bool writable(const struct tess_file *f)
{
	unsigned mode = f->flags & TESS_O_ACCMODE;

	return !(f->flags & TESS_O_PATH) &&
	       (mode == TESS_O_WRONLY || mode == TESS_O_RDWR);
}

typedef long (*io_fn)(struct tess_file *f, const struct tess_iovec *iov,
		      int count, uint64_t *pos);

/* One read or write with the position rules of read(2)/pread(2). */
static long file_io(struct tess_file *f, io_fn fn, const struct tess_iovec *iov,
		    int count, int64_t offset, bool append)
{
	long n;

	if (!fn)
		return -EINVAL;
	if (offset >= 0) {
		uint64_t pos = (uint64_t)offset;

		if (!f->ops->seekable)
			return -ESPIPE;
		return fn(f, iov, count, &pos);
	}
	if (!f->ops->seekable)
		return fn(f, iov, count, NULL);
	tess_lock_mutex_lock(&f->pos_lock);
	if (append && f->vn && f->vn->ops->getattr) {
		struct tess_stat st;

		n = f->vn->ops->getattr(f->vn, &st);
		if (n < 0)
			goto out;
		f->pos = (uint64_t)st.size;
	}
	n = fn(f, iov, count, &f->pos);
out:
	tess_lock_mutex_unlock(&f->pos_lock);
	return n;
}

long tess_file_read(struct tess_file *f, const struct tess_iovec *iov,
		    int count, int64_t offset)
{
	if (!readable(f))
		return -EBADF;
	return file_io(f, f->ops->read, iov, count, offset, false);
}

long tess_file_write(struct tess_file *f, const struct tess_iovec *iov,
		     int count, int64_t offset)
{
	if (!writable(f))
		return -EBADF;
	/* pwrite on an O_APPEND file appends too, as on Linux. */
	if (offset >= 0 && (f->flags & TESS_O_APPEND))
		offset = -1;
	return file_io(f, f->ops->write, iov, count, offset,
		       (f->flags & TESS_O_APPEND) != 0);
}

unsigned tess_file_poll(struct tess_file *f, struct tess_poll_head **head)
{
	*head = NULL;
	if (!f->ops->poll)
		return TESS_POLLIN | TESS_POLLRDNORM | TESS_POLLOUT |
		       TESS_POLLWRNORM;
	return f->ops->poll(f, head);
}

/* ------------------------------------------------ files over vnodes */

static bool has_data(const struct tess_vnode *vn)
{
	switch (vn->mode & TESS_S_IFMT) {
	case TESS_S_IFREG:
	case TESS_S_IFCHR:
	case TESS_S_IFBLK:
		return true;
	default:
		return false;
	}
}

int tess_iov_check(const struct tess_iovec *iov, int count)
{
	if (count < 0 || count > TESS_IOV_MAX)
		return -EINVAL;
	if (count && !iov)
		return -EFAULT;
	for (int i = 0; i < count; i++)
		if (iov[i].len && !iov[i].base)
			return -EFAULT;
	return 0;
}

static uint64_t iov_total(const struct tess_iovec *iov, int count)
{
	uint64_t total = 0;

	for (int i = 0; i < count; i++)
		total += iov[i].len;
	return total;
}

static long vnode_io(struct tess_file *f, const struct tess_iovec *iov,
		     int count, uint64_t *pos, bool write)
{
	struct tess_vnode *vn = f->vn;
	bool nonblock = (f->flags & TESS_O_NONBLOCK) != 0;
	long n;

	if (TESS_S_ISTYPE(vn->mode, TESS_S_IFDIR))
		return -EISDIR;
	if (!has_data(vn))
		return -EINVAL;
	if (write) {
		n = vn->ops->write
			    ? vn->ops->write(vn, iov, count, *pos, nonblock)
			    : -EINVAL;
		if (n > 0)
			vfs_maps_after_write(vn, *pos, *pos + (uint64_t)n);
	} else {
		vfs_maps_before_read(vn, *pos, *pos + iov_total(iov, count));
		n = vn->ops->read ? vn->ops->read(vn, iov, count, *pos, nonblock)
				  : -EINVAL;
	}
	if (n > 0)
		*pos += (uint64_t)n;
	return n;
}

static long vnode_read(struct tess_file *f, const struct tess_iovec *iov,
		       int count, uint64_t *pos)
{
	return vnode_io(f, iov, count, pos, false);
}

static long vnode_write(struct tess_file *f, const struct tess_iovec *iov,
			int count, uint64_t *pos)
{
	return vnode_io(f, iov, count, pos, true);
}

static unsigned vnode_poll(struct tess_file *f, struct tess_poll_head **head)
{
	if (f->vn->ops->poll)
		return f->vn->ops->poll(f->vn, head);
	*head = NULL;
	return TESS_POLLIN | TESS_POLLRDNORM | TESS_POLLOUT | TESS_POLLWRNORM;
}

static long vnode_ioctl(struct tess_file *f, unsigned long request,
			unsigned long arg)
{
	if (!f->vn->ops->ioctl)
		return -ENOTTY;
	return f->vn->ops->ioctl(f->vn, request, arg);
}

static void vnode_release(struct tess_file *f)
{
	tess_vfs_lock_release(f->vn, f);
	tess_vnode_put(f->vn);
}

static const struct tess_file_ops vnode_file_ops = {
	.read = vnode_read,
	.write = vnode_write,
	.poll = vnode_poll,
	.ioctl = vnode_ioctl,
	.release = vnode_release,
	.seekable = true,
};

int tess_vfs_file_open(struct tess_vnode *vn, unsigned flags,
		       struct tess_file **out)
{
	struct tess_file *f;
	int err;

	if (vn->ops->open && !(flags & TESS_O_PATH)) {
		err = vn->ops->open(vn, flags);
		if (err)
			return err;
	}
	f = tess_file_new(&vnode_file_ops, NULL, flags);
	if (!f)
		return -ENOMEM;
	tess_vnode_ref(vn);
	f->vn = vn;
	*out = f;
	return 0;
}
