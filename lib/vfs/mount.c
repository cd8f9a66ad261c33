/* SPDX-License-Identifier: BSD-3-Clause */
/* File system types, the mount table and the root mounted at boot. */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/vfs.h>

#include "vfs_impl.h"

struct tess_mount *vfs_root_mount;
struct tess_list vfs_mounts = TESS_LIST_INIT(vfs_mounts);
static uint64_t next_dev = 0x100; /* st_dev of the first mount */

static const struct tess_vfs_fs_type *fs_type_find(const char *name)
{
	for (const struct tess_vfs_fs_type *const *t = __start_tess_vfs_fs;
	     t < __stop_tess_vfs_fs; t++)
		if (strcmp((*t)->name, name) == 0)
			return *t;
	return NULL;
}

struct tess_vnode *vfs_mounted_root(struct tess_vnode *vn)
{
	while (vn->mounted)
		vn = vn->mounted->root;
	return vn;
}

static void path_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int tess_vfs_mount(const char *source, const char *target, const char *fstype,
		   unsigned long flags, const char *opts)
{
	const struct tess_vfs_fs_type *type;
	struct tess_vfs_path where = {0};
	struct tess_mount *m;
	bool first;
	int err;

	if (!target || !fstype)
		return -EFAULT;
	type = fs_type_find(fstype);
	if (!type)
		return -ENODEV;
	tess_vfs_ns_lock();
	first = vfs_root_mount == NULL;
	tess_vfs_ns_unlock();
	if (first) {
		if (strcmp(target, "/") != 0)
			return -ENOENT; /* nothing is mounted yet */
	} else {
		err = tess_vfs_lookup(TESS_AT_FDCWD, target,
				      TESS_VFS_LOOKUP_FOLLOW, &where);
		if (err)
			return err;
		if (!TESS_S_ISTYPE(where.vn->mode, TESS_S_IFDIR)) {
			tess_vfs_path_put(&where);
			return -ENOTDIR;
		}
	}
	m = tess_calloc(tess_alloc_default(), 1, sizeof(*m));
	if (!m) {
		tess_vfs_path_put(&where);
		return -ENOMEM;
	}
	m->type = type;
	m->flags = flags;
	path_copy(m->path, sizeof(m->path), target);
	err = type->mount(m, source ? source : "", opts ? opts : "");
	if (err)
		goto fail;
	tess_vfs_ns_lock();
	if (first ? vfs_root_mount != NULL : where.vn->mounted != NULL) {
		tess_vfs_ns_unlock();
		tess_vnode_put(m->root);
		if (type->unmount)
			type->unmount(m);
		err = -EBUSY;
		goto fail;
	}
	m->dev = next_dev++;
	m->covered = where.vn; /* keeps the lookup's reference */
	where.vn = NULL;
	tess_list_push_back(&vfs_mounts, &m->node);
	if (first) {
		vfs_root_mount = m;
		m->root->refs++;
		vfs_cwd = m->root;
	} else {
		m->covered->mounted = m;
	}
	tess_vfs_ns_unlock();
	tess_vfs_path_put(&where);
	return 0;
fail:
	tess_vfs_path_put(&where);
	tess_free(tess_alloc_default(), m);
	return err;
}

int tess_vfs_umount(const char *target)
{
	struct tess_vfs_path where;
	struct tess_mount *m = NULL;
	struct tess_list *pos;
	int err;

	err = tess_vfs_lookup(TESS_AT_FDCWD, target, TESS_VFS_LOOKUP_FOLLOW,
			      &where);
	if (err)
		return err;
	tess_vfs_ns_lock();
	tess_list_for_each(pos, &vfs_mounts)
	{
		struct tess_mount *c =
			tess_list_entry(pos, struct tess_mount, node);

		if (c->root == where.vn)
			m = c;
	}
	tess_vnode_put_locked(where.vn);
	err = !m || m == vfs_root_mount ? -EINVAL : 0;
	/* Busy: a mount below it, or references beyond the mount's own. */
	tess_list_for_each(pos, &vfs_mounts)
	{
		struct tess_mount *c =
			tess_list_entry(pos, struct tess_mount, node);

		if (!err && c->covered && c->covered->mount == m)
			err = -EBUSY;
	}
	if (!err && m->root->refs > 1)
		err = -EBUSY;
	if (!err && !m->type->unmount)
		err = -EINVAL;
	if (!err) {
		m->covered->mounted = NULL;
		tess_vnode_put_locked(m->root);
		err = m->type->unmount(m);
		if (err) { /* the file system is still in use */
			m->root->refs++;
			m->covered->mounted = m;
		}
	}
	if (!err) {
		tess_list_remove(&m->node);
		tess_vnode_put_locked(m->covered);
	}
	tess_vfs_ns_unlock();
	if (!err)
		tess_free(tess_alloc_default(), m);
	return err;
}

/* The root file system: vfs.root=FSTYPE, else the configured one. */
static const char *root_fs_type = CONFIG_TESS_VFS_ROOT_FS;

static int root_param(const char *value)
{
	if (*value && !fs_type_find(value)) {
		tess_pr_err("vfs.root=%s: no such file system in this image",
			    value);
		return -EINVAL;
	}
	root_fs_type = value;
	return 0;
}
TESS_PARAM(vfs_root, "vfs.root", root_param,
	   "file system type mounted at / (empty: none)");

static int vfs_mount_root(void)
{
	int err;

	if (!*root_fs_type)
		return 0;
	err = tess_vfs_mount("", "/", root_fs_type, 0, "");
	if (err == -ENODEV)
		tess_pr_err("root file system %s is not in this image: select "
			    "it (menuconfig) or set vfs.root=",
			    root_fs_type);
	if (err)
		return err;
	/* /tmp, as every Linux system has it (sticky, writable by all). */
	tess_vfs_ns_lock();
	if (vfs_root_mount->root->ops->mkdir &&
	    !(vfs_root_mount->flags & TESS_MOUNT_RDONLY)) {
		struct tess_vnode *tmp;

		if (vfs_root_mount->root->ops->lookup(vfs_root_mount->root,
						      "tmp", 3, &tmp) == 0)
			tess_vnode_put_locked(tmp);
		else
			vfs_root_mount->root->ops->mkdir(
				vfs_root_mount->root, "tmp", 3,
				TESS_S_IFDIR | 01777);
	}
	tess_vfs_ns_unlock();
	return 0;
}
TESS_INIT(vfs_mount_root, TESS_INIT_FS);
