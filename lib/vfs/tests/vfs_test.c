/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <tess/test.h>
#include <tess/vfs.h>

TESS_TEST(vfs, lookup_rejects_bad_paths)
{
	struct tess_vfs_path p;
	static char longname[TESS_VFS_NAME_MAX + 3];
	static char longpath[TESS_VFS_PATH_MAX + 1];

	EXPECT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, NULL, 0, &p), -EFAULT);
	EXPECT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, "", 0, &p), -ENOENT);
	EXPECT_EQ(tess_vfs_lookup(12345, "x", 0, &p), -EBADF);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	EXPECT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, longname, 0, &p),
		  -ENAMETOOLONG);
	memset(longpath, '/', sizeof(longpath) - 1);
	EXPECT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, longpath, 0, &p),
		  -ENAMETOOLONG);
}

TESS_TEST(vfs, root_is_its_own_parent)
{
	struct tess_vfs_path a, b;
	char buf[8];

	ASSERT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, "/", 0, &a), 0);
	ASSERT_EQ(tess_vfs_lookup(TESS_AT_FDCWD, "/../..//./", 0, &b), 0);
	EXPECT_TRUE(a.vn == b.vn);
	tess_vfs_ns_lock();
	EXPECT_EQ(tess_vfs_dir_path(a.vn, buf, sizeof(buf)), 1);
	tess_vfs_ns_unlock();
	EXPECT_STREQ(buf, "/");
	tess_vfs_path_put(&a);
	tess_vfs_path_put(&b);
}

TESS_TEST(vfs, mount_refuses_unknown_types)
{
	EXPECT_EQ(tess_vfs_mount("", "/", "no-such-fs", 0, ""), -ENODEV);
	EXPECT_EQ(tess_vfs_umount("/"), -EINVAL);
}
