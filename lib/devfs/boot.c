/* SPDX-License-Identifier: BSD-3-Clause */
/* Mounts devfs at /dev at boot, just after the root file system. */
#include <errno.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/vfs.h>

/* /dev in the root: made if missing; 0 when it is a directory now. */
static int dev_dir_make(void)
{
	struct tess_vfs_path p;
	int err;

	tess_vfs_ns_lock();
	err = tess_vfs_lookup(TESS_AT_FDCWD, "/dev", TESS_VFS_LOOKUP_PARENT,
			      &p);
	if (!err) {
		if (p.vn && !TESS_S_ISTYPE(p.vn->mode, TESS_S_IFDIR))
			err = -ENOTDIR;
		else if (!p.vn && !p.dir->ops->mkdir)
			err = -EPERM;
		else if (!p.vn)
			err = p.dir->ops->mkdir(p.dir, p.name, p.len,
						TESS_S_IFDIR | 0755);
		tess_vfs_path_put(&p);
	}
	tess_vfs_ns_unlock();
	return err;
}

/*
 * An image runs without /dev rather than not at all: a root file system
 * that cannot have one (read-only, no directories) is logged, not fatal.
 */
static int devfs_mount_at_boot(void)
{
	struct tess_vnode *root = tess_vfs_root();
	int err;

	if (!root) {
		tess_pr_info("no root file system: /dev is not mounted");
		return 0;
	}
	tess_vnode_put(root);
	err = dev_dir_make();
	if (err) {
		tess_pr_err("no /dev directory in the root file system (%d): "
			    "devfs is not mounted",
			    err);
		return 0;
	}
	err = tess_vfs_mount("", "/dev", "devfs", 0, "");
	if (err)
		tess_pr_err("mounting devfs at /dev failed (%d)", err);
	return 0;
}
TESS_INIT(devfs_mount_at_boot, TESS_INIT_FS + 1);
