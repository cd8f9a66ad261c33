/* SPDX-License-Identifier: BSD-3-Clause */
/* Path lookup: components, `.` and `..` across mounts, symbolic links. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

static bool is_dir(const struct tess_vnode *vn)
{
	return TESS_S_ISTYPE(vn->mode, TESS_S_IFDIR);
}

/* The parent of dir (a reference), crossing up out of mounts; the root of
 * the namespace is its own parent. */
static int parent_of(struct tess_vnode *dir, struct tess_vnode **out)
{
	struct tess_vnode *root = vfs_root_mount->root;

	while (dir != root && dir == dir->mount->root)
		dir = dir->mount->covered;
	if (dir == root) {
		vfs_ref_locked(dir);
		*out = dir;
		return 0;
	}
	return dir->ops->lookup(dir, "..", 2, out);
}

/* One component of dir (a reference in *out), after mount points. */
static int child_of(struct tess_vnode *dir, const char *name, size_t len,
		    struct tess_vnode **out)
{
	struct tess_vnode *vn;
	int err;

	if (len == 1 && name[0] == '.') {
		vfs_ref_locked(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.')
		err = parent_of(dir, &vn);
	else if (!dir->ops->lookup)
		err = -ENOENT;
	else
		err = dir->ops->lookup(dir, name, len, &vn);
	if (err)
		return err;
	if (vn->mounted) {
		struct tess_vnode *top = vfs_mounted_root(vn);

		vfs_ref_locked(top);
		tess_vnode_put_locked(vn);
		vn = top;
	}
	*out = vn;
	return 0;
}

static int walk(struct tess_vnode *cur, const char *path, unsigned flags,
		int *links, struct tess_vfs_path *out);

/* Follows symbolic link link found in dir: the rest of the walk starts at
 * what it names (a reference in *out), or, for the last component, the
 * walk's result goes to out. */
static int follow(struct tess_vnode *dir, struct tess_vnode *link,
		  unsigned flags, int *links, struct tess_vfs_path *out)
{
	char *target;
	long n;
	int err;

	if (++*links > TESS_VFS_SYMLOOP_MAX)
		return -ELOOP;
	if (!link->ops->readlink)
		return -EINVAL;
	target = tess_malloc(tess_alloc_default(), TESS_VFS_PATH_MAX);
	if (!target)
		return -ENOMEM;
	n = link->ops->readlink(link, target, TESS_VFS_PATH_MAX - 1);
	if (n < 0) {
		err = (int)n;
	} else if (n == 0) {
		err = -ENOENT;
	} else {
		struct tess_vnode *start =
			target[0] == '/' ? vfs_root_mount->root : dir;

		target[n] = '\0';
		vfs_ref_locked(start);
		err = walk(start, target, flags, links, out);
	}
	tess_free(tess_alloc_default(), target);
	return err;
}

/* Walks path from cur (a reference the walk takes over). */
static int walk(struct tess_vnode *cur, const char *path, unsigned flags,
		int *links, struct tess_vfs_path *out)
{
	const char *p = path;
	int err = 0;

	while (*p == '/')
		p++;
	if (!*p) { /* "/" or "dir/": no last component */
		out->dir = NULL;
		out->vn = cur;
		out->len = 0;
		out->name[0] = '\0';
		out->slash = p != path;
		return 0;
	}
	for (;;) {
		const char *name = p;
		size_t len = strcspn(p, "/");
		const char *rest = p + len;
		bool slash, last;
		struct tess_vnode *next;

		while (*rest == '/')
			rest++;
		last = *rest == '\0';
		slash = last && rest != p + len;
		if (len > TESS_VFS_NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		if (!is_dir(cur)) {
			err = -ENOTDIR;
			break;
		}
		err = child_of(cur, name, len, &next);
		if (last && (flags & TESS_VFS_LOOKUP_PARENT) &&
		    (err == 0 || err == -ENOENT)) {
			if (err == 0 &&
			    TESS_S_ISTYPE(next->mode, TESS_S_IFLNK) &&
			    (flags & TESS_VFS_LOOKUP_FOLLOW)) {
				err = follow(cur, next, flags, links, out);
				tess_vnode_put_locked(next);
				out->slash |= slash;
				break;
			}
			out->dir = cur;
			out->vn = err ? NULL : next;
			memcpy(out->name, name, len);
			out->name[len] = '\0';
			out->len = len;
			out->slash = slash;
			return 0;
		}
		if (err)
			break;
		if (TESS_S_ISTYPE(next->mode, TESS_S_IFLNK) &&
		    (!last || slash || (flags & TESS_VFS_LOOKUP_FOLLOW))) {
			struct tess_vfs_path hop;

			err = follow(cur, next, TESS_VFS_LOOKUP_FOLLOW, links,
				     &hop);
			tess_vnode_put_locked(next);
			if (err)
				break;
			next = hop.vn;
		}
		tess_vnode_put_locked(cur);
		cur = next;
		if (last) {
			if (slash && !is_dir(cur)) {
				tess_vnode_put_locked(cur);
				return -ENOTDIR;
			}
			out->dir = NULL;
			out->vn = cur;
			out->len = 0;
			out->name[0] = '\0';
			out->slash = slash;
			return 0;
		}
		p = rest;
	}
	tess_vnode_put_locked(cur);
	return err;
}

int tess_vfs_lookup(int dirfd, const char *path, unsigned flags,
		    struct tess_vfs_path *out)
{
	struct tess_vnode *start;
	int links = 0;
	int err;

	out->dir = out->vn = NULL;
	out->len = 0;
	out->name[0] = '\0';
	out->slash = false;
	if (!path)
		return -EFAULT;
	if (strnlen(path, TESS_VFS_PATH_MAX) == TESS_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!*path && !(flags & TESS_VFS_LOOKUP_EMPTY))
		return -ENOENT;
	if (*path == '/') {
		tess_vfs_ns_lock();
		if (!vfs_root_mount) {
			tess_vfs_ns_unlock();
			return -ENOENT;
		}
		start = vfs_root_mount->root;
		vfs_ref_locked(start);
	} else {
		err = vfs_dirfd_vnode(dirfd, *path != '\0', &start);
		if (err)
			return err;
		tess_vfs_ns_lock();
	}
	if (!*path) { /* AT_EMPTY_PATH: dirfd itself */
		out->vn = start;
		tess_vfs_ns_unlock();
		return 0;
	}
	err = walk(start, path, flags, &links, out);
	tess_vfs_ns_unlock();
	return err;
}

void tess_vfs_path_put(struct tess_vfs_path *p)
{
	if (!p->dir && !p->vn)
		return;
	tess_vfs_ns_lock();
	tess_vnode_put_locked(p->vn);
	tess_vnode_put_locked(p->dir);
	tess_vfs_ns_unlock();
	p->vn = p->dir = NULL;
}

struct name_search {
	uint64_t ino;
	char *buf;
	size_t len;
	long found; /* the name's length, -1 while not found */
};

static int match_ino(void *ctx, const char *name, size_t len, uint64_t ino,
		     unsigned dtype, uint64_t next_cookie)
{
	struct name_search *s = ctx;

	(void)dtype, (void)next_cookie;
	if (ino != s->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (len >= s->len)
		return 1;
	memcpy(s->buf, name, len);
	s->found = (long)len;
	return 1;
}

/* The name of dir in parent, put at the end of buf[0..end) as "/name";
 * returns the new start, or -errno. */
static long prepend_name(struct tess_vnode *parent, struct tess_vnode *dir,
			 char *buf, long end)
{
	char name[TESS_VFS_NAME_MAX + 1];
	struct name_search s = {dir->ino, name, sizeof(name), -1};
	uint64_t cookie = 0;
	int err;

	if (!parent->ops->readdir)
		return -ENOENT;
	err = parent->ops->readdir(parent, &cookie, match_ino, &s);
	if (err)
		return err;
	if (s.found < 0)
		return -ENOENT;
	if (end < s.found + 1)
		return -ERANGE;
	end -= s.found;
	memcpy(buf + end, name, (size_t)s.found);
	buf[--end] = '/';
	return end;
}

long tess_vfs_dir_path(struct tess_vnode *dir, char *buf, size_t len)
{
	struct tess_vnode *root = vfs_root_mount->root;
	long end;

	if (len < 2)
		return -ERANGE;
	end = (long)len - 1;
	buf[end] = '\0';
	vfs_ref_locked(dir);
	while (dir != root) {
		struct tess_vnode *named = dir, *parent;
		int err;

		/* A mount's root is named by the vnode it covers. */
		while (named != root && named == named->mount->root)
			named = named->mount->covered;
		if (named == root)
			break;
		err = parent_of(named, &parent);
		if (!err) {
			end = prepend_name(parent, named, buf, end);
			err = end < 0 ? (int)end : 0;
		}
		tess_vnode_put_locked(dir);
		if (err)
			return err == -ERANGE ? -ERANGE : err;
		dir = parent;
	}
	tess_vnode_put_locked(dir);
	if (buf[end] == '\0')
		buf[--end] = '/';
	memmove(buf, buf + end, len - (size_t)end);
	return (long)(len - 1 - (size_t)end);
}

bool tess_vfs_below(struct tess_vnode *dir, struct tess_vnode *ancestor)
{
	struct tess_vnode *root = vfs_root_mount->root;
	bool below = false;

	vfs_ref_locked(dir);
	for (;;) {
		struct tess_vnode *parent;

		if (dir == ancestor) {
			below = true;
			break;
		}
		if (dir == root || parent_of(dir, &parent) != 0)
			break;
		tess_vnode_put_locked(dir);
		if (parent == dir) /* a removed directory's end */
			break;
		dir = parent;
	}
	tess_vnode_put_locked(dir);
	return below;
}
