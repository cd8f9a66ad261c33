/* SPDX-License-Identifier: BSD-3-Clause */
/* The file system type "devfs": a fixed directory of device nodes, each
 * passing its data operations to its driver. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/lock.h>
#include <tess/plat/time.h>
#include <tess/vfs.h>

#include "devfs_impl.h"

struct devfs_mount;

struct devfs_node {
	struct tess_vnode vn;
	struct devfs_mount *fs;
	struct devfs_device dev; /* the root's: a name "" and no driver */
	uint32_t uid, gid;	 /* vn.mode: type and permissions */
	struct tess_vfs_timespec atime, mtime, ctime;
};

struct devfs_mount {
	/* Guards the nodes' attributes; the set of nodes never changes. */
	struct tess_lock_mutex lock;
	struct devfs_node root;
	size_t count;
	struct devfs_node nodes[]; /* ino 2 + index */
};

static const struct tess_vnode_ops devfs_dir_ops, devfs_dev_ops;

static struct devfs_node *devfs_node(struct tess_vnode *vn)
{
	return tess_container_of(vn, struct devfs_node, vn);
}

long devfs_iov_len(const struct tess_iovec *iov, int count)
{
	long total = 0;

	for (int i = 0; i < count && total < DEVFS_RW_MAX; i++)
		total += (long)TESS_MIN(iov[i].len,
					(size_t)(DEVFS_RW_MAX - total));
	return total;
}

/* ------------------------------------------------------------ nodes */

static int devfs_getattr(struct tess_vnode *vn, struct tess_stat *st)
{
	struct devfs_node *node = devfs_node(vn);
	const struct devfs_driver *drv = node->dev.driver;

	memset(st, 0, sizeof(*st));
	st->dev = vn->mount ? vn->mount->dev : 0;
	st->ino = vn->ino;
	st->nlink = TESS_S_ISTYPE(vn->mode, TESS_S_IFDIR) ? 2 : 1;
	st->rdev = node->dev.rdev;
	st->size = drv && drv->size ? (int64_t)drv->size(node->dev.priv) : 0;
	st->blksize = 4096;
	tess_lock_mutex_lock(&node->fs->lock);
	st->mode = vn->mode;
	st->uid = node->uid;
	st->gid = node->gid;
	st->atime = node->atime;
	st->mtime = node->mtime;
	st->ctime = node->ctime;
	tess_lock_mutex_unlock(&node->fs->lock);
	return 0;
}

static struct tess_vfs_timespec now(void)
{
	uint64_t ns = tess_plat_wall_ns();

	return (struct tess_vfs_timespec){(int64_t)(ns / TESS_NSEC_PER_SEC),
				      (int64_t)(ns % TESS_NSEC_PER_SEC)};
}

/* chmod, chown, utimes: kept in memory. A size (O_TRUNC of a device,
 * which the vfs should not pass) is ignored, as Linux ignores O_TRUNC on
 * devices. */
static int devfs_setattr(struct tess_vnode *vn, const struct tess_vfs_attr *a)
{
	struct devfs_node *node = devfs_node(vn);
	struct tess_vfs_timespec t = now();

	tess_lock_mutex_lock(&node->fs->lock);
	if (a->mask & TESS_VFS_ATTR_MODE)
		vn->mode = (vn->mode & TESS_S_IFMT) | (a->mode & 07777);
	if (a->mask & TESS_VFS_ATTR_UID)
		node->uid = a->uid;
	if (a->mask & TESS_VFS_ATTR_GID)
		node->gid = a->gid;
	if (a->mask & TESS_VFS_ATTR_ATIME)
		node->atime = a->atime;
	if (a->mask & TESS_VFS_ATTR_MTIME)
		node->mtime = a->mtime;
	if (a->mask & ~TESS_VFS_ATTR_SIZE)
		node->ctime = t;
	tess_lock_mutex_unlock(&node->fs->lock);
	return 0;
}

static long devfs_read(struct tess_vnode *vn, const struct tess_iovec *iov,
		       int count, uint64_t offset, bool nonblock)
{
	struct devfs_node *node = devfs_node(vn);
	int err = tess_iov_check(iov, count);

	if (err)
		return err;
	if (!node->dev.driver || !node->dev.driver->read)
		return -EINVAL;
	return node->dev.driver->read(node->dev.priv, iov, count, offset,
				      nonblock);
}

static long devfs_write(struct tess_vnode *vn, const struct tess_iovec *iov,
			int count, uint64_t offset, bool nonblock)
{
	struct devfs_node *node = devfs_node(vn);
	int err = tess_iov_check(iov, count);

	if (err)
		return err;
	if (!node->dev.driver || !node->dev.driver->write)
		return -EINVAL;
	return node->dev.driver->write(node->dev.priv, iov, count, offset,
				       nonblock);
}

static int devfs_fsync(struct tess_vnode *vn, bool datasync)
{
	struct devfs_node *node = devfs_node(vn);

	(void)datasync;
	if (!node->dev.driver || !node->dev.driver->fsync)
		return 0;
	return node->dev.driver->fsync(node->dev.priv);
}

static long devfs_ioctl(struct tess_vnode *vn, unsigned long request,
			unsigned long arg)
{
	struct devfs_node *node = devfs_node(vn);

	if (!node->dev.driver || !node->dev.driver->ioctl)
		return -ENOTTY;
	return node->dev.driver->ioctl(node->dev.priv, request, arg);
}

/* Nodes live as long as their mount: nothing to do. */
static void devfs_release(struct tess_vnode *vn)
{
	(void)vn;
}

/* -------------------------------------------------------- directory */

static int devfs_lookup(struct tess_vnode *dir, const char *name, size_t len,
			struct tess_vnode **out)
{
	struct devfs_mount *fs = devfs_node(dir)->fs;
	struct tess_vnode *found = NULL;

	if (dir != &fs->root.vn)
		return -ENOTDIR;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.')) {
		found = dir; /* the root answers itself for ".." */
	} else {
		for (size_t i = 0; i < fs->count && !found; i++)
			if (strlen(fs->nodes[i].dev.name) == len &&
			    memcmp(fs->nodes[i].dev.name, name, len) == 0)
				found = &fs->nodes[i].vn;
	}
	if (!found)
		return -ENOENT;
	tess_vnode_ref_locked(found); /* an [ns] op */
	*out = found;
	return 0;
}

/* Cookies: 0 ".", 1 "..", 2 + i the i-th node (the set never changes). */
static int devfs_readdir(struct tess_vnode *dir, uint64_t *cookie,
			 tess_vfs_dirent_fn emit, void *ctx)
{
	struct devfs_mount *fs = devfs_node(dir)->fs;
	uint64_t c = *cookie;

	if (dir != &fs->root.vn)
		return -ENOTDIR;
	for (; c < 2 + fs->count; c++) {
		const char *name = c == 0 ? "." : "..";
		uint64_t ino = dir->ino;
		unsigned type = TESS_DT_DIR;

		if (c >= 2) {
			struct devfs_node *n = &fs->nodes[c - 2];

			name = n->dev.name;
			ino = n->vn.ino;
			type = tess_vfs_dtype(n->vn.mode);
		}
		if (emit(ctx, name, strlen(name), ino, type, c + 1))
			break;
	}
	*cookie = c;
	return 0;
}

static const struct tess_vnode_ops devfs_dir_ops = {
	.lookup = devfs_lookup,
	.getattr = devfs_getattr,
	.setattr = devfs_setattr,
	.readdir = devfs_readdir,
	.release = devfs_release,
};

static const struct tess_vnode_ops devfs_dev_ops = {
	.getattr = devfs_getattr,
	.setattr = devfs_setattr,
	.read = devfs_read,
	.write = devfs_write,
	.fsync = devfs_fsync,
	.ioctl = devfs_ioctl,
	.release = devfs_release,
};

/* ------------------------------------------------------------ mount */

#define PROVIDERS_FOREACH(p)                                                   \
	for (const struct devfs_provider *const *p =                           \
		     __start_tess_devfs_providers;                             \
	     p < __stop_tess_devfs_providers; p++)

static unsigned provider_count(const struct devfs_provider *p)
{
	return p->table_len + (p->count ? p->count() : 0);
}

/* The i-th device of p: 0, or -errno to leave it out. */
static int provider_get(const struct devfs_provider *p, unsigned i,
			struct devfs_device *out)
{
	if (i < p->table_len) {
		*out = p->table[i];
		return 0;
	}
	return p->get ? p->get(i - p->table_len, out) : -ENODEV;
}

static bool name_taken(const struct devfs_mount *fs, const char *name)
{
	for (size_t i = 0; i < fs->count; i++)
		if (strcmp(fs->nodes[i].dev.name, name) == 0)
			return true;
	return false;
}

static void node_init(struct devfs_mount *fs, struct devfs_node *node,
		      struct tess_mount *m, const struct tess_vnode_ops *ops,
		      uint32_t mode, uint64_t ino, struct tess_vfs_timespec t)
{
	tess_vnode_init(&node->vn, ops, m, mode, ino);
	node->fs = fs;
	node->atime = node->mtime = node->ctime = t;
}

/* Adds every provider's devices (at most max), in registration order. */
static void add_devices(struct devfs_mount *fs, struct tess_mount *m,
			size_t max, struct tess_vfs_timespec t)
{
	PROVIDERS_FOREACH(p)
	{
		unsigned n = provider_count(*p);

		for (unsigned i = 0; i < n && fs->count < max; i++) {
			struct devfs_node *node = &fs->nodes[fs->count];

			if (provider_get(*p, i, &node->dev))
				continue;
			node->dev.name[DEVFS_NAME_MAX] = '\0';
			if (!node->dev.name[0] ||
			    name_taken(fs, node->dev.name)) {
				tess_pr_warn("device '%s' left out: name "
					     "empty or taken",
					     node->dev.name);
				continue;
			}
			node_init(fs, node, m, &devfs_dev_ops, node->dev.mode,
				  2 + fs->count, t);
			/* A node holds no reference while nothing uses it
			 * (unmount checks for none); release keeps it. */
			tess_vnode_put(&node->vn);
			fs->count++;
		}
	}
}

static int devfs_mount(struct tess_mount *m, const char *source,
		       const char *opts)
{
	struct tess_vfs_timespec t = now();
	struct devfs_mount *fs;
	size_t max = 0;

	(void)source;
	if (opts && *opts) {
		tess_pr_err("devfs takes no mount options (got '%s')", opts);
		return -EINVAL;
	}
	PROVIDERS_FOREACH(p)
	max += provider_count(*p);
	fs = tess_calloc(tess_alloc_default(), 1,
			 sizeof(*fs) + max * sizeof(fs->nodes[0]));
	if (!fs)
		return -ENOMEM;
	tess_lock_mutex_init(&fs->lock);
	node_init(fs, &fs->root, m, &devfs_dir_ops, TESS_S_IFDIR | 0755, 1, t);
	add_devices(fs, m, max, t);
	m->root = &fs->root.vn; /* with tess_vnode_init's reference */
	m->data = fs;
	return 0;
}

/* The vfs dropped the root's reference: busy while a node is open. */
static int devfs_unmount(struct tess_mount *m)
{
	struct devfs_mount *fs = m->data;

	if (fs->root.vn.refs)
		return -EBUSY;
	for (size_t i = 0; i < fs->count; i++)
		if (fs->nodes[i].vn.refs)
			return -EBUSY;
	tess_free(tess_alloc_default(), fs);
	m->data = NULL;
	m->root = NULL;
	return 0;
}

TESS_VFS_FS(devfs, .name = "devfs", .mount = devfs_mount,
	    .unmount = devfs_unmount);
