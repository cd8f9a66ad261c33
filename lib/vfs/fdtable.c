/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process's descriptor table. Lookups mask interrupts for a few
 * loads (one CPU: nothing else runs meanwhile) so a read or write pays no
 * lock; growing the table, which allocates, is serialised by a mutex and
 * swaps the array under the mask, so the old one is never read again
 * once it is freed.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/lock.h>
#include <tess/plat/irq.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

struct fd_slot {
	struct tess_file *file;
	unsigned flags;
};

static struct fd_slot *slots;
static int nslots;
static int in_use;
static struct tess_lock_mutex grow_lock = TESS_LOCK_MUTEX_INIT(grow_lock);
static int (*limit_source)(void);

#define FD_DEFAULT_LIMIT 1024
#define FD_HARD_MAX	 (1 << 20) /* Linux's fs.nr_open default */

void tess_vfs_fd_limit_source(int (*fn)(void))
{
	limit_source = fn;
}

int tess_vfs_fd_limit(void)
{
	int limit = limit_source ? limit_source() : FD_DEFAULT_LIMIT;

	return limit < 0 ? 0 : limit > FD_HARD_MAX ? FD_HARD_MAX : limit;
}

/* Makes the table hold at least want slots. */
static int grow(int want)
{
	struct fd_slot *bigger, *old;
	int size;
	bool was;

	tess_lock_mutex_lock(&grow_lock);
	if (want <= nslots) {
		tess_lock_mutex_unlock(&grow_lock);
		return 0;
	}
	for (size = nslots ? nslots : 64; size < want; size *= 2)
		;
	bigger = tess_calloc(tess_alloc_default(), (size_t)size,
			     sizeof(*bigger));
	if (!bigger) {
		tess_lock_mutex_unlock(&grow_lock);
		return -ENOMEM;
	}
	was = tess_plat_irq_save();
	if (nslots)
		memcpy(bigger, slots, (size_t)nslots * sizeof(*slots));
	old = slots;
	slots = bigger;
	nslots = size;
	tess_plat_irq_restore(was);
	tess_free(tess_alloc_default(), old);
	tess_lock_mutex_unlock(&grow_lock);
	return 0;
}

int tess_vfs_fd_alloc(struct tess_file *f, int min, unsigned fdflags)
{
	int limit = tess_vfs_fd_limit();

	if (min < 0) {
		tess_file_put(f);
		return -EINVAL;
	}
	for (;;) {
		bool was = tess_plat_irq_save();
		int fd;

		for (fd = min; fd < nslots && fd < limit; fd++) {
			if (!slots[fd].file) {
				slots[fd].file = f;
				slots[fd].flags = fdflags;
				in_use++;
				tess_plat_irq_restore(was);
				return fd;
			}
		}
		tess_plat_irq_restore(was);
		if (fd >= limit || grow(fd + 1) != 0) {
			tess_file_put(f);
			return fd >= limit ? -EMFILE : -ENOMEM;
		}
	}
}

int tess_vfs_fd_install_at(struct tess_file *f, int fd, unsigned fdflags)
{
	struct tess_file *old;
	bool was;
	int err;

	if (fd < 0 || fd >= tess_vfs_fd_limit())
		return -EBADF;
	err = grow(fd + 1);
	if (err)
		return err;
	tess_file_ref(f);
	was = tess_plat_irq_save();
	old = slots[fd].file;
	slots[fd].file = f;
	slots[fd].flags = fdflags;
	if (!old)
		in_use++;
	tess_plat_irq_restore(was);
	if (old) {
		if (old->vn)
			tess_vfs_lock_release(old->vn, NULL);
		tess_file_put(old);
	}
	return fd;
}

struct tess_file *tess_vfs_fd_get(int fd)
{
	struct tess_file *f = NULL;
	bool was = tess_plat_irq_save();

	if (fd >= 0 && fd < nslots && slots[fd].file) {
		f = slots[fd].file;
		f->refs++; /* masked: nothing else runs */
	}
	tess_plat_irq_restore(was);
	return f;
}

int tess_vfs_fd_close(int fd)
{
	struct tess_file *f = NULL;
	bool was = tess_plat_irq_save();

	if (fd >= 0 && fd < nslots && slots[fd].file) {
		f = slots[fd].file;
		slots[fd].file = NULL;
		in_use--;
	}
	tess_plat_irq_restore(was);
	if (!f)
		return -EBADF;
	/* Closing any descriptor of a file drops the process's classic
	 * record locks on it (POSIX). */
	if (f->vn)
		tess_vfs_lock_release(f->vn, NULL);
	tess_file_put(f);
	return 0;
}

int tess_vfs_fd_flags(int fd)
{
	int flags = -EBADF;
	bool was = tess_plat_irq_save();

	if (fd >= 0 && fd < nslots && slots[fd].file)
		flags = (int)slots[fd].flags;
	tess_plat_irq_restore(was);
	return flags;
}

int tess_vfs_fd_flags_set(int fd, unsigned fdflags)
{
	int err = -EBADF;
	bool was = tess_plat_irq_save();

	if (fd >= 0 && fd < nslots && slots[fd].file) {
		slots[fd].flags = fdflags;
		err = 0;
	}
	tess_plat_irq_restore(was);
	return err;
}

int tess_vfs_fd_count(void)
{
	return in_use;
}

int vfs_dirfd_vnode(int dirfd, bool want_dir, struct tess_vnode **out)
{
	struct tess_file *f;

	if (dirfd == TESS_AT_FDCWD) {
		*out = tess_vfs_cwd();
		return *out ? 0 : -ENOENT;
	}
	f = tess_vfs_fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!f->vn) {
		tess_file_put(f);
		return want_dir ? -ENOTDIR : -EBADF;
	}
	if (want_dir && !TESS_S_ISTYPE(f->vn->mode, TESS_S_IFDIR)) {
		tess_file_put(f);
		return -ENOTDIR;
	}
	tess_vnode_ref(f->vn);
	*out = f->vn;
	tess_file_put(f);
	return 0;
}
