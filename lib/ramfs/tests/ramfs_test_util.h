/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of ramfs's tests: a fresh ramfs mounted in the root for each
 * test, and path-based calls of its vnode operations through the vfs
 * (lookup with the namespace lock held, then the op, as lib/posix-fs
 * does).
 */
#ifndef RAMFS_TEST_UTIL_H
#define RAMFS_TEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/vfs.h>

/* The mount point of the current test's ramfs ("/ramfs-test-N"). */
static char rt_mnt[32];

/* A path below the current mount: rt_path("a/b") -> "/ramfs-test-N/a/b"
 * (a static buffer: use the result before the next call). */
static inline const char *rt_path(const char *rel)
{
	static char buf[2][128];
	static int which;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", rt_mnt, rel);
	return buf[which];
}

/* Takes the namespace lock and looks up path's parent; on success the
 * caller calls rt_parent_done. */
static inline int rt_parent(const char *path, struct tess_vfs_path *p)
{
	int err;

	tess_vfs_ns_lock();
	err = tess_vfs_lookup(TESS_AT_FDCWD, path, TESS_VFS_LOOKUP_PARENT, p);
	if (err)
		tess_vfs_ns_unlock();
	return err;
}

static inline void rt_parent_done(struct tess_vfs_path *p)
{
	tess_vfs_path_put(p);
	tess_vfs_ns_unlock();
}

static inline int rt_mkdir(const char *path, uint32_t mode)
{
	struct tess_vfs_path p;
	int err = rt_parent(path, &p);

	if (err)
		return err;
	err = p.dir->ops->mkdir(p.dir, p.name, p.len, mode);
	rt_parent_done(&p);
	return err;
}

/* A new regular file (a reference), or NULL. */
static inline struct tess_vnode *rt_create(const char *path, uint32_t mode)
{
	struct tess_vnode *vn = NULL;
	struct tess_vfs_path p;

	if (rt_parent(path, &p))
		return NULL;
	if (p.dir->ops->create(p.dir, p.name, p.len, TESS_S_IFREG | mode, &vn))
		vn = NULL;
	rt_parent_done(&p);
	return vn;
}

/* The file at path, links not followed (a reference), or NULL. */
static inline struct tess_vnode *rt_get(const char *path)
{
	struct tess_vfs_path p;

	if (tess_vfs_lookup(TESS_AT_FDCWD, path, 0, &p))
		return NULL;
	return p.vn;
}

static inline int rt_lookup_err(const char *path)
{
	struct tess_vfs_path p;
	int err = tess_vfs_lookup(TESS_AT_FDCWD, path, 0, &p);

	if (!err)
		tess_vfs_path_put(&p);
	return err;
}

static inline int rt_unlink(const char *path)
{
	struct tess_vfs_path p;
	int err = rt_parent(path, &p);

	if (err)
		return err;
	err = p.dir->ops->unlink(p.dir, p.name, p.len);
	rt_parent_done(&p);
	return err;
}

static inline int rt_rmdir(const char *path)
{
	struct tess_vfs_path p;
	int err = rt_parent(path, &p);

	if (err)
		return err;
	err = p.dir->ops->rmdir(p.dir, p.name, p.len);
	rt_parent_done(&p);
	return err;
}

static inline int rt_rename(const char *from, const char *to, unsigned flags)
{
	struct tess_vfs_path a, b;
	int err = rt_parent(from, &a);

	if (err)
		return err;
	err = rt_parent(to, &b);
	if (!err) {
		err = a.dir->ops->rename(a.dir, a.name, a.len, b.dir, b.name,
					 b.len, flags);
		rt_parent_done(&b);
	}
	rt_parent_done(&a);
	return err;
}

static inline int rt_link(const char *target, const char *path)
{
	struct tess_vnode *vn = rt_get(target);
	struct tess_vfs_path p;
	int err;

	if (!vn)
		return -ENOENT;
	err = rt_parent(path, &p);
	if (!err) {
		err = p.dir->ops->link(p.dir, p.name, p.len, vn);
		rt_parent_done(&p);
	}
	tess_vnode_put(vn);
	return err;
}

static inline int rt_symlink(const char *target, const char *path)
{
	struct tess_vfs_path p;
	int err = rt_parent(path, &p);

	if (err)
		return err;
	err = p.dir->ops->symlink(p.dir, p.name, p.len, target);
	rt_parent_done(&p);
	return err;
}

static inline long rt_write(struct tess_vnode *vn, const void *buf, size_t len,
			    uint64_t offset)
{
	struct tess_iovec iov = {(void *)buf, len};

	return vn->ops->write(vn, &iov, 1, offset, false);
}

static inline long rt_read(struct tess_vnode *vn, void *buf, size_t len,
			   uint64_t offset)
{
	struct tess_iovec iov = {buf, len};

	return vn->ops->read(vn, &iov, 1, offset, false);
}

static inline struct tess_stat rt_stat(struct tess_vnode *vn)
{
	struct tess_stat st;

	memset(&st, 0xff, sizeof(st));
	vn->ops->getattr(vn, &st);
	return st;
}

/* getattr of the file at path (links not followed); st.ino 0 if none. */
static inline struct tess_stat rt_stat_path(const char *path)
{
	struct tess_vnode *vn = rt_get(path);
	struct tess_stat st;

	memset(&st, 0, sizeof(st));
	if (vn) {
		st = rt_stat(vn);
		tess_vnode_put(vn);
	}
	return st;
}

static inline int rt_truncate(struct tess_vnode *vn, uint64_t size)
{
	struct tess_vfs_attr a = {.mask = TESS_VFS_ATTR_SIZE, .size = size};

	return vn->ops->setattr(vn, &a);
}

/* Mounts a fresh ramfs with opts at a new directory of the root (made
 * in the root file system); 0 or -errno. */
static inline int rt_mount(const char *opts)
{
	static unsigned n;
	int err;

	do { /* each test file counts from 1: skip the names taken */
		snprintf(rt_mnt, sizeof(rt_mnt), "/ramfs-test-%u", ++n);
		err = rt_mkdir(rt_mnt, TESS_S_IFDIR | 0755);
	} while (err == -EEXIST);
	if (err)
		return err;
	return tess_vfs_mount("", rt_mnt, "ramfs", 0, opts);
}

static inline int rt_umount(void)
{
	return tess_vfs_umount(rt_mnt);
}

/* The names readdir gives for dir, from cookie on, as "a,b,c," in buf;
 * stops after max entries (0: no limit) with the cookie to resume at in
 * *cookie. Returns the number of entries, or -errno. */
struct rt_listing {
	char *buf;
	size_t size, used;
	unsigned count, max;
};

static inline int rt_emit(void *ctx, const char *name, size_t len, uint64_t ino,
			  unsigned dtype, uint64_t next_cookie)
{
	struct rt_listing *l = ctx;

	(void)ino, (void)dtype, (void)next_cookie;
	if (l->max && l->count == l->max)
		return 1;
	if (l->used + len + 2 > l->size)
		return 1;
	memcpy(l->buf + l->used, name, len);
	l->used += len;
	l->buf[l->used++] = ',';
	l->buf[l->used] = '\0';
	l->count++;
	return 0;
}

static inline int rt_list(struct tess_vnode *dir, uint64_t *cookie,
			  unsigned max, char *buf, size_t size)
{
	struct rt_listing l = {buf, size, 0, 0, max};
	int err;

	buf[0] = '\0';
	err = dir->ops->readdir(dir, cookie, rt_emit, &l);
	return err ? err : (int)l.count;
}

#endif /* RAMFS_TEST_UTIL_H */
