/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of ramfs's namespace: directories and their link counts, "..",
 * readdir's order and cookies under concurrent removal, directories of
 * thousands of entries, rename in all its forms, hard and symbolic
 * links, device nodes, and the checks on names.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/test.h>
#include <tess/vfs.h>

#include "ramfs_test_util.h"

TESS_TEST(ramfs_names, directories_count_their_links)
{
	struct tess_vnode *root, *a, *up = NULL;

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("a"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("a/b"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("a/c"), 0700), 0);
	EXPECT_EQ(rt_mkdir(rt_path("a/c"), 0700), -EEXIST);
	EXPECT_EQ(rt_stat_path(rt_path("a")).nlink, 4);
	EXPECT_EQ(rt_stat_path(rt_mnt).nlink, 3);
	EXPECT_EQ_U(rt_stat_path(rt_path("a/c")).mode, TESS_S_IFDIR | 0700);
	EXPECT_EQ(rt_rmdir(rt_path("a")), -ENOTEMPTY);
	EXPECT_EQ(rt_unlink(rt_path("a/b")), -EISDIR);
	EXPECT_EQ(rt_rmdir(rt_path("a/b")), 0);
	EXPECT_EQ(rt_stat_path(rt_path("a")).nlink, 3);
	EXPECT_EQ_U(rt_stat_path(rt_path("a/c/..")).ino,
		    rt_stat_path(rt_path("a")).ino);

	/* ".." straight from the file system: a directory's parent; the
	 * root's is itself (the vfs crosses mounts before asking). */
	a = rt_get(rt_path("a"));
	root = rt_get(rt_mnt);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(root);
	tess_vfs_ns_lock();
	EXPECT_EQ(a->ops->lookup(a, "..", 2, &up), 0);
	EXPECT_TRUE(up == root);
	tess_vnode_put_locked(up);
	EXPECT_EQ(root->ops->lookup(root, "..", 2, &up), 0);
	EXPECT_TRUE(up == root);
	tess_vnode_put_locked(up);
	tess_vfs_ns_unlock();

	/* A removed directory: lookups and creations in it fail, but its
	 * ".." is still its former parent (a removed current directory's
	 * `cd ..` works on Linux). */
	EXPECT_EQ(rt_rmdir(rt_path("a/c")), 0);
	EXPECT_EQ(rt_rmdir(rt_path("a")), 0);
	EXPECT_EQ(rt_stat(a).nlink, 0);
	tess_vfs_ns_lock();
	EXPECT_EQ(a->ops->lookup(a, "b", 1, &up), -ENOENT);
	EXPECT_EQ(a->ops->lookup(a, "..", 2, &up), 0);
	EXPECT_TRUE(up == root);
	tess_vnode_put_locked(up);
	EXPECT_EQ(a->ops->mkdir(a, "x", 1, 0755), -ENOENT);
	tess_vfs_ns_unlock();
	{
		uint64_t cookie = 0;
		char buf[64];

		EXPECT_EQ(rt_list(a, &cookie, 0, buf, sizeof(buf)), -ENOENT);
	}
	EXPECT_EQ(rt_stat(root).nlink, 2);
	tess_vnode_put(a);
	tess_vnode_put(root);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs_names, a_removed_directory_holds_its_parent_until_it_goes)
{
	struct tess_alloc_stats before, after;
	struct tess_vnode *b, *up = NULL, *upup = NULL;

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("a"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("a/b"), 0755), 0);
	b = rt_get(rt_path("a/b"));
	ASSERT_NOT_NULL(b);
	/* b is removed while held, then its parent a: nothing else holds
	 * a, yet b's ".." must still lead through it to the root. */
	EXPECT_EQ(rt_rmdir(rt_path("a/b")), 0);
	EXPECT_EQ(rt_rmdir(rt_path("a")), 0);
	EXPECT_EQ(rt_lookup_err(rt_path("a")), -ENOENT);
	tess_vfs_ns_lock();
	EXPECT_EQ(b->ops->lookup(b, "..", 2, &up), 0);
	ASSERT_NOT_NULL(up);
	EXPECT_EQ(rt_stat(up).nlink, 0);
	EXPECT_EQ(up->ops->lookup(up, "..", 2, &upup), 0);
	EXPECT_EQ_U(rt_stat(upup).ino, 1); /* the root */
	tess_vnode_put_locked(upup);
	tess_vnode_put_locked(up);
	tess_vfs_ns_unlock();
	EXPECT_EQ(rt_umount(), -EBUSY);
	/* The last reference to b frees b, and with it a. */
	tess_alloc_stats_get(tess_alloc_default(), &before);
	tess_vnode_put(b);
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ_U(before.live_blocks - after.live_blocks, 2);
	EXPECT_EQ(rt_stat_path(rt_mnt).nlink, 2);
	EXPECT_EQ(rt_umount(), 0);
}

static void make_files(const char *dir, int from, int to)
{
	char name[64];

	for (int i = from; i < to; i++) {
		struct tess_vnode *vn;

		snprintf(name, sizeof(name), "%s/f%d", dir, i);
		vn = rt_create(rt_path(name), 0644);
		EXPECT_NOT_NULL(vn);
		tess_vnode_put(vn);
	}
}

TESS_TEST(ramfs_names, readdir_gives_dots_first_then_creation_order)
{
	struct tess_vnode *d;
	uint64_t cookie = 0;
	char buf[256];

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	make_files("d", 0, 3);
	ASSERT_EQ(rt_mkdir(rt_path("d/sub"), 0755), 0);
	d = rt_get(rt_path("d"));
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(rt_list(d, &cookie, 0, buf, sizeof(buf)), 6);
	EXPECT_STREQ(buf, ".,..,f0,f1,f2,sub,");
	/* At the end: nothing more, the cookie stays. */
	EXPECT_EQ(rt_list(d, &cookie, 0, buf, sizeof(buf)), 0);
	/* One entry at a time, resuming at each cookie. */
	cookie = 0;
	buf[0] = '\0';
	for (int i = 0; i < 6; i++) {
		char one[32];

		EXPECT_EQ(rt_list(d, &cookie, 1, one, sizeof(one)), 1);
		strcat(buf, one);
	}
	EXPECT_STREQ(buf, ".,..,f0,f1,f2,sub,");
	tess_vnode_put(d);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs_names, readdir_cookies_survive_removals_and_additions)
{
	struct tess_vnode *d;
	uint64_t cookie = 0;
	char buf[256];

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	make_files("d", 0, 10);
	d = rt_get(rt_path("d"));
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(rt_list(d, &cookie, 5, buf, sizeof(buf)), 5);
	EXPECT_STREQ(buf, ".,..,f0,f1,f2,");
	/* Remove what was listed, the entry the listing stopped at and
	 * one after it; add one. */
	for (int i = 0; i <= 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d/f%d", i);
		EXPECT_EQ(rt_unlink(rt_path(name)), 0);
	}
	EXPECT_EQ(rt_unlink(rt_path("d/f5")), 0);
	make_files("d", 10, 11);
	EXPECT_EQ(rt_list(d, &cookie, 0, buf, sizeof(buf)), 6);
	EXPECT_STREQ(buf, "f4,f6,f7,f8,f9,f10,");
	tess_vnode_put(d);
	EXPECT_EQ(rt_umount(), 0);
}

/* Counts the entries of dir and checks that none comes twice; takes at
 * most budget entries per readdir call (a small getdents buffer). */
struct census {
	unsigned budget;
	unsigned count;
	unsigned char seen[4000];
	unsigned repeats;
};

static int census_emit(void *ctx, const char *name, size_t len, uint64_t ino,
		       unsigned dtype, uint64_t next_cookie)
{
	struct census *c = ctx;
	int i = 0;

	(void)ino, (void)dtype, (void)next_cookie;
	if (c->budget == 0)
		return 1;
	c->budget--;
	c->count++;
	if (len > 1 && name[0] == 'f') {
		for (size_t k = 1; k < len; k++)
			i = i * 10 + (name[k] - '0');
		if (i < 4000 && c->seen[i]++)
			c->repeats++;
	}
	return 0;
}

TESS_TEST(ramfs_names, a_directory_of_thousands_stays_correct)
{
	static struct census c;
	struct tess_vnode *d;
	uint64_t cookie = 0;
	unsigned found = 0, missing = 0;
	char name[32];

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	make_files("d", 0, 3000);
	for (int i = 0; i < 3000; i += 2) {
		snprintf(name, sizeof(name), "d/f%d", i);
		EXPECT_EQ(rt_unlink(rt_path(name)), 0);
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "d/f%d", i);
		if (rt_lookup_err(rt_path(name)) == 0)
			found += i % 2;
		else
			missing += i % 2 == 0;
	}
	EXPECT_EQ(found, 1500);
	EXPECT_EQ(missing, 1500);
	EXPECT_EQ(rt_stat_path(rt_path("d")).size, (1500 + 2) * 20);
	d = rt_get(rt_path("d"));
	ASSERT_NOT_NULL(d);
	memset(&c, 0, sizeof(c));
	for (int calls = 0; calls < 100; calls++) {
		unsigned before = c.count;

		c.budget = 100;
		ASSERT_EQ(d->ops->readdir(d, &cookie, census_emit, &c), 0);
		if (c.count == before)
			break;
	}
	EXPECT_EQ(c.count, 1500 + 2);
	EXPECT_EQ(c.repeats, 0);
	EXPECT_EQ(c.seen[0], 0);
	EXPECT_EQ(c.seen[2999], 1);
	tess_vnode_put(d);
	EXPECT_EQ(rt_umount(), 0);
}

static uint64_t ino_of(const char *rel)
{
	return rt_stat_path(rt_path(rel)).ino;
}

TESS_TEST(ramfs_names, rename_moves_replaces_and_exchanges)
{
	struct tess_vnode *victim;
	uint64_t f, d;

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("x"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("y"), 0755), 0);
	make_files("x", 0, 2);
	make_files("y", 0, 1);
	f = ino_of("x/f0");

	/* A plain move to another directory. */
	EXPECT_EQ(rt_rename(rt_path("x/f0"), rt_path("y/moved"), 0), 0);
	EXPECT_EQ(rt_lookup_err(rt_path("x/f0")), -ENOENT);
	EXPECT_EQ_U(ino_of("y/moved"), f);

	/* A file over a file: the old one loses its name. */
	victim = rt_get(rt_path("y/f0"));
	ASSERT_NOT_NULL(victim);
	EXPECT_EQ(rt_rename(rt_path("y/moved"), rt_path("y/f0"), 0), 0);
	EXPECT_EQ_U(ino_of("y/f0"), f);
	EXPECT_EQ(rt_stat(victim).nlink, 0);
	tess_vnode_put(victim);

	/* NOREPLACE; bad flags. */
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/f0"),
			    TESS_RENAME_NOREPLACE),
		  -EEXIST);
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/f0"),
			    TESS_RENAME_NOREPLACE | TESS_RENAME_EXCHANGE),
		  -EINVAL);
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/f0"), 8), -EINVAL);
	EXPECT_EQ(rt_rename(rt_path("x/none"), rt_path("y/f0"), 0), -ENOENT);

	/* Directories: over an empty one, not over a full one, never over
	 * a file, and a file never over a directory. */
	ASSERT_EQ(rt_mkdir(rt_path("x/d"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("y/empty"), 0755), 0);
	d = ino_of("x/d");
	EXPECT_EQ(rt_stat_path(rt_path("y")).nlink, 3);
	EXPECT_EQ(rt_rename(rt_path("x/d"), rt_path("y/empty"), 0), 0);
	EXPECT_EQ_U(ino_of("y/empty"), d);
	EXPECT_EQ(rt_stat_path(rt_path("x")).nlink, 2);
	EXPECT_EQ(rt_stat_path(rt_path("y")).nlink, 3);
	EXPECT_EQ_U(ino_of("y/empty/.."), ino_of("y"));
	EXPECT_EQ(rt_rename(rt_path("y"), rt_path("x/f1"), 0), -ENOTDIR);
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/empty"), 0), -EISDIR);
	EXPECT_EQ(rt_rename(rt_path("x"), rt_path("y"), 0), -ENOTEMPTY);
	/* A directory below itself (the vfs checks this too). */
	EXPECT_EQ(rt_rename(rt_path("y"), rt_path("y/empty/in"), 0), -EINVAL);

	/* Two names of one file: nothing happens. */
	EXPECT_EQ(rt_link(rt_path("x/f1"), rt_path("x/f1b")), 0);
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("x/f1b"), 0), 0);
	EXPECT_EQ(rt_stat_path(rt_path("x/f1")).nlink, 2);
	EXPECT_EQ(rt_unlink(rt_path("x/f1b")), 0);

	/* EXCHANGE a file in x and a directory in y: the link counts of x
	 * and y follow the directory, its ".." too. */
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/nothing"),
			    TESS_RENAME_EXCHANGE),
		  -ENOENT);
	f = ino_of("x/f1");
	EXPECT_EQ(rt_rename(rt_path("x/f1"), rt_path("y/empty"),
			    TESS_RENAME_EXCHANGE),
		  0);
	EXPECT_EQ_U(ino_of("x/f1"), d);
	EXPECT_EQ_U(ino_of("y/empty"), f);
	EXPECT_EQ(rt_stat_path(rt_path("x")).nlink, 3);
	EXPECT_EQ(rt_stat_path(rt_path("y")).nlink, 2);
	EXPECT_EQ_U(ino_of("x/f1/.."), ino_of("x"));
	/* ... and a directory into its own child by exchange: refused. */
	EXPECT_EQ(
		rt_rename(rt_path("x"), rt_path("x/f1"), TESS_RENAME_EXCHANGE),
		-EINVAL);

	/* Renaming within a directory keeps it listed once. */
	EXPECT_EQ(rt_rename(rt_path("y/empty"), rt_path("y/renamed"), 0), 0);
	{
		struct tess_vnode *y = rt_get(rt_path("y"));
		uint64_t cookie = 0;
		char buf[128];

		ASSERT_NOT_NULL(y);
		EXPECT_EQ(rt_list(y, &cookie, 0, buf, sizeof(buf)), 4);
		EXPECT_STREQ(buf, ".,..,f0,renamed,");
		tess_vnode_put(y);
	}
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs_names, hard_links_share_the_file)
{
	struct tess_vnode *f;
	char buf[4] = {0};

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("one"), 0644);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(rt_write(f, "abc", 3, 0), 3);
	tess_vnode_put(f);
	EXPECT_EQ(rt_link(rt_path("one"), rt_path("two")), 0);
	EXPECT_EQ(rt_link(rt_path("one"), rt_path("two")), -EEXIST);
	EXPECT_EQ(rt_stat_path(rt_path("two")).nlink, 2);
	EXPECT_EQ_U(ino_of("one"), ino_of("two"));
	EXPECT_EQ(rt_unlink(rt_path("one")), 0);
	f = rt_get(rt_path("two"));
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(rt_stat(f).nlink, 1);
	EXPECT_EQ(rt_read(f, buf, 3, 0), 3);
	EXPECT_STREQ(buf, "abc");
	tess_vnode_put(f);
	ASSERT_EQ(rt_mkdir(rt_path("dir"), 0755), 0);
	EXPECT_EQ(rt_link(rt_path("dir"), rt_path("dir2")), -EPERM);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs_names, symbolic_links_keep_their_target)
{
	struct tess_vnode *l;
	struct tess_stat st;
	char buf[16] = {0};

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_symlink("../some/where", rt_path("l")), 0);
	EXPECT_EQ(rt_symlink("x", rt_path("l")), -EEXIST);
	EXPECT_EQ(rt_symlink("", rt_path("empty")), -ENOENT);
	l = rt_get(rt_path("l"));
	ASSERT_NOT_NULL(l);
	st = rt_stat(l);
	EXPECT_EQ_U(st.mode, TESS_S_IFLNK | 0777);
	EXPECT_EQ(st.size, 13);
	EXPECT_EQ(l->ops->readlink(l, buf, sizeof(buf)), 13);
	EXPECT_STREQ(buf, "../some/where");
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(l->ops->readlink(l, buf, 4), 4); /* cut, not terminated */
	EXPECT_STREQ(buf, "../s");
	EXPECT_EQ(rt_read(l, buf, 1, 0), -EINVAL);
	tess_vnode_put(l);
	l = rt_get(rt_mnt);
	ASSERT_NOT_NULL(l);
	EXPECT_EQ(l->ops->readlink(l, buf, sizeof(buf)), -EINVAL);
	tess_vnode_put(l);
	EXPECT_EQ(rt_unlink(rt_path("l")), 0);
	EXPECT_EQ(rt_umount(), 0);
}

static int mknod_at(const char *rel, uint32_t mode, uint64_t rdev)
{
	struct tess_vnode *vn = NULL;
	struct tess_vfs_path p;
	int err = rt_parent(rt_path(rel), &p);

	if (err)
		return err;
	err = p.dir->ops->mknod(p.dir, p.name, p.len, mode, rdev, &vn);
	rt_parent_done(&p);
	tess_vnode_put(vn);
	return err;
}

TESS_TEST(ramfs_names, device_nodes_keep_their_mode_and_number)
{
	struct tess_vnode *c;
	struct tess_stat st;
	char byte;

	ASSERT_EQ(rt_mount(""), 0);
	EXPECT_EQ(mknod_at("chr", TESS_S_IFCHR | 0620, 0x0501), 0);
	EXPECT_EQ(mknod_at("blk", TESS_S_IFBLK | 0660, 0x10300), 0);
	EXPECT_EQ(mknod_at("fifo", TESS_S_IFIFO | 0600, 77), 0);
	EXPECT_EQ(mknod_at("sock", TESS_S_IFSOCK | 0755, 0), 0);
	EXPECT_EQ(mknod_at("plain", 0644, 0), 0);
	EXPECT_EQ(mknod_at("dir", TESS_S_IFDIR | 0755, 0), -EINVAL);
	c = rt_get(rt_path("chr"));
	ASSERT_NOT_NULL(c);
	st = rt_stat(c);
	EXPECT_EQ_U(st.mode, TESS_S_IFCHR | 0620);
	EXPECT_EQ_U(st.rdev, 0x0501);
	EXPECT_EQ(rt_read(c, &byte, 1, 0), -ENXIO);
	tess_vnode_put(c);
	EXPECT_EQ_U(rt_stat_path(rt_path("blk")).rdev, 0x10300);
	EXPECT_EQ_U(rt_stat_path(rt_path("fifo")).mode, TESS_S_IFIFO | 0600);
	EXPECT_EQ_U(rt_stat_path(rt_path("fifo")).rdev, 0);
	EXPECT_EQ_U(rt_stat_path(rt_path("sock")).mode, TESS_S_IFSOCK | 0755);
	EXPECT_EQ_U(rt_stat_path(rt_path("plain")).mode, TESS_S_IFREG | 0644);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs_names, names_are_checked)
{
	char long_name[TESS_VFS_NAME_MAX + 2];
	struct tess_vnode *root, *vn = NULL;

	ASSERT_EQ(rt_mount(""), 0);
	root = rt_get(rt_mnt);
	ASSERT_NOT_NULL(root);
	memset(long_name, 'n', sizeof(long_name));
	tess_vfs_ns_lock();
	EXPECT_EQ(root->ops->create(root, long_name, TESS_VFS_NAME_MAX + 1,
				    0644, &vn),
		  -ENAMETOOLONG);
	EXPECT_EQ(root->ops->create(root, "a/b", 3, 0644, &vn), -EINVAL);
	EXPECT_EQ(root->ops->mkdir(root, "..", 2, 0755), -EINVAL);
	EXPECT_EQ(
		root->ops->lookup(root, long_name, TESS_VFS_NAME_MAX + 1, &vn),
		-ENAMETOOLONG);
	EXPECT_EQ(root->ops->unlink(root, "nothing", 7), -ENOENT);
	EXPECT_EQ(root->ops->rmdir(root, "nothing", 7), -ENOENT);
	/* The longest name is fine. */
	EXPECT_EQ(root->ops->create(root, long_name, TESS_VFS_NAME_MAX, 0644,
				    &vn),
		  0);
	tess_vnode_put_locked(vn);
	EXPECT_EQ(root->ops->unlink(root, long_name, TESS_VFS_NAME_MAX), 0);
	tess_vfs_ns_unlock();
	tess_vnode_put(root);
	EXPECT_EQ(rt_umount(), 0);
}
