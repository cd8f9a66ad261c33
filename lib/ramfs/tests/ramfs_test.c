/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of ramfs's files: data through iovecs at any offset, holes,
 * truncation, the size cap (short writes, -ENOSPC, nothing lost),
 * attributes and times, the life of an unlinked open file, unmounting,
 * and data and namespace operations racing on two threads. Each test
 * mounts a ramfs of its own below the root.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/test_util.h>
#include <tess/vfs.h>

#include "ramfs_test_util.h"

#define PAGE 4096

TESS_TEST(ramfs, mount_options_are_checked)
{
	enum tess_log_level level = tess_test_log_quiet(); /* errors due */
	struct tess_vnode *root;
	int err = rt_mount("size=12Q");

	EXPECT_EQ(tess_vfs_mount("", rt_mnt, "ramfs", 0, "colour=blue"),
		  -EINVAL);
	EXPECT_EQ(tess_vfs_mount("", rt_mnt, "ramfs", 0, "mode=8"), -EINVAL);
	tess_test_log_restore(level);
	ASSERT_EQ(err, -EINVAL);
	ASSERT_EQ(tess_vfs_mount("", rt_mnt, "ramfs", 0, ",size=1M,mode=700"),
		  0);
	root = rt_get(rt_mnt);
	ASSERT_NOT_NULL(root);
	EXPECT_EQ_U(rt_stat(root).mode, TESS_S_IFDIR | 0700);
	EXPECT_EQ(rt_stat(root).nlink, 2);
	tess_vnode_put(root);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs, data_round_trips_through_iovecs_and_holes_read_zeros)
{
	static char buf[4 * PAGE];
	struct tess_iovec iov[3] = {{"hello", 5}, {NULL, 0}, {" world", 6}};
	struct tess_vnode *f;
	struct tess_stat st;

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("f"), 0644);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(f->ops->write(f, iov, 3, 0, false), 11);
	EXPECT_EQ(rt_write(f, "tail", 4, 3 * PAGE + 10), 4);
	st = rt_stat(f);
	EXPECT_EQ(st.size, 3 * PAGE + 14);
	EXPECT_EQ(st.blocks, 2 * PAGE / 512); /* pages 0 and 3 only */
	EXPECT_EQ(st.blksize, PAGE);
	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(rt_read(f, buf, sizeof(buf), 0), 3 * PAGE + 14);
	EXPECT_MEMEQ(buf, "hello world", 11);
	for (int i = 11; i < 3 * PAGE + 10; i++)
		if (buf[i]) {
			EXPECT_EQ(buf[i], 0);
			break;
		}
	EXPECT_MEMEQ(buf + 3 * PAGE + 10, "tail", 4);
	/* Scattered reads; end of file: short, then 0. */
	{
		char a[3], b[4];
		struct tess_iovec r[2] = {{a, 3}, {b, 4}};

		EXPECT_EQ(f->ops->read(f, r, 2, 2, false), 7);
		EXPECT_MEMEQ(a, "llo", 3);
		EXPECT_MEMEQ(b, " wor", 4);
	}
	EXPECT_EQ(rt_read(f, buf, 100, 3 * PAGE + 12), 2);
	EXPECT_EQ(rt_read(f, buf, 100, 3 * PAGE + 14), 0);
	EXPECT_EQ(rt_read(f, buf, 100, UINT64_MAX), 0);
	EXPECT_EQ(rt_write(f, "x", 1, (uint64_t)INT64_MAX), -EFBIG);
	EXPECT_EQ(f->ops->write(f, NULL, 1, 0, false), -EFAULT);
	EXPECT_EQ(f->ops->write(f, iov, -1, 0, false), -EINVAL);
	tess_vnode_put(f);
	EXPECT_EQ(rt_unlink(rt_path("f")), 0);
	EXPECT_EQ(rt_umount(), 0);
}

static unsigned char pattern_byte(size_t i)
{
	return (unsigned char)(i * 7 + i / PAGE);
}

TESS_TEST(ramfs, a_large_file_written_and_read_in_odd_pieces)
{
	static unsigned char chunk[4099];
	const size_t total = 1 << 20;
	struct tess_vnode *f;
	size_t at;
	bool same = true;

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("big"), 0600);
	ASSERT_NOT_NULL(f);
	for (at = 0; at < total; at += 3000) {
		size_t n = TESS_MIN((size_t)3000, total - at);

		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern_byte(at + i);
		ASSERT_EQ(rt_write(f, chunk, n, at), (long)n);
	}
	EXPECT_EQ(rt_stat(f).size, (int64_t)total);
	EXPECT_EQ(rt_stat(f).blocks, (int64_t)total / 512);
	for (at = 0; at < total && same; at += sizeof(chunk)) {
		long n = rt_read(f, chunk, sizeof(chunk), at);

		ASSERT_EQ(n, (long)TESS_MIN(sizeof(chunk), total - at));
		for (long i = 0; i < n; i++)
			same &= chunk[i] == pattern_byte(at + (size_t)i);
	}
	EXPECT_TRUE(same);
	tess_vnode_put(f);
	EXPECT_EQ(rt_unlink(rt_path("big")), 0);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs, truncate_shrinks_and_grows_with_zeros)
{
	static char buf[10000];
	struct tess_vnode *f, *d;
	struct tess_vfs_attr a = {.mask = TESS_VFS_ATTR_SIZE};
	bool zeros = true;

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("t"), 0644);
	ASSERT_NOT_NULL(f);
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ(rt_write(f, buf, sizeof(buf), 0), (long)sizeof(buf));
	EXPECT_EQ(rt_truncate(f, 5000), 0);
	EXPECT_EQ(rt_stat(f).size, 5000);
	EXPECT_EQ(rt_stat(f).blocks, 2 * PAGE / 512);
	/* What was cut off must not come back when the file grows. */
	EXPECT_EQ(rt_truncate(f, 9000), 0);
	EXPECT_EQ(rt_stat(f).size, 9000);
	EXPECT_EQ(rt_read(f, buf, sizeof(buf), 0), 9000);
	EXPECT_EQ(buf[4999], 'x');
	for (int i = 5000; i < 9000; i++)
		zeros &= buf[i] == 0;
	EXPECT_TRUE(zeros);
	EXPECT_EQ(rt_truncate(f, 0), 0);
	EXPECT_EQ(rt_stat(f).size, 0);
	EXPECT_EQ(rt_stat(f).blocks, 0);
	EXPECT_EQ(rt_read(f, buf, 10, 0), 0);
	EXPECT_EQ(rt_truncate(f, (uint64_t)INT64_MAX + 1), -EFBIG);
	EXPECT_EQ(rt_stat(f).size, 0);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	d = rt_get(rt_path("d"));
	ASSERT_NOT_NULL(d);
	a.size = 1;
	EXPECT_EQ(d->ops->setattr(d, &a), -EISDIR);
	tess_vnode_put(d);
	tess_vnode_put(f);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs, the_size_cap_gives_short_writes_and_loses_nothing)
{
	static char buf[12 * 1024], back[12 * 1024];
	struct tess_vnode *a, *b;

	ASSERT_EQ(rt_mount("size=16K"), 0);
	a = rt_create(rt_path("a"), 0644);
	b = rt_create(rt_path("b"), 0644);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	memset(buf, 'a', sizeof(buf));
	ASSERT_EQ(rt_write(a, buf, sizeof(buf), 0), (long)sizeof(buf));
	memset(buf, 'b', sizeof(buf));
	EXPECT_EQ(rt_write(b, buf, 8192, 0), PAGE); /* one page was left */
	EXPECT_EQ(rt_write(b, buf, 1, PAGE), -ENOSPC);
	EXPECT_EQ(rt_write(b, buf, 1, 100 * PAGE), -ENOSPC);
	EXPECT_EQ(rt_stat(b).size, PAGE);      /* the failed writes left it */
	EXPECT_EQ(rt_write(b, "B", 1, 10), 1); /* its own page: no new one */
	EXPECT_EQ(rt_read(a, back, sizeof(back), 0), (long)sizeof(back));
	memset(buf, 'a', sizeof(buf));
	EXPECT_MEMEQ(back, buf, sizeof(back));
	EXPECT_EQ(rt_read(b, back, PAGE + 1, 0), PAGE);
	EXPECT_EQ(back[10], 'B');
	EXPECT_EQ(back[PAGE - 1], 'b');
	/* Freed pages are room again. */
	EXPECT_EQ(rt_truncate(a, 0), 0);
	EXPECT_EQ(rt_write(b, buf, 8192, PAGE), 8192);
	tess_vnode_put(a);
	tess_vnode_put(b);
	EXPECT_EQ(rt_umount(), 0);
}

/* Two timestamps: a <= b. */
static bool not_after(struct tess_vfs_timespec a, struct tess_vfs_timespec b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}

TESS_TEST(ramfs, attributes_and_times_follow_linux)
{
	const struct tess_vfs_timespec old = {1000, 5};
	struct tess_vfs_attr a = {0};
	struct tess_vnode *f, *dir;
	struct tess_stat st;
	int64_t now = (int64_t)(tess_plat_wall_ns() / TESS_NSEC_PER_SEC);

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("f"), 0640);
	dir = rt_get(rt_mnt);
	ASSERT_NOT_NULL(f);
	ASSERT_NOT_NULL(dir);
	st = rt_stat(f);
	EXPECT_EQ_U(st.mode, TESS_S_IFREG | 0640);
	EXPECT_EQ(st.nlink, 1);
	EXPECT_EQ(st.uid, 0);
	EXPECT_EQ(st.size, 0);
	EXPECT_EQ_U(st.ino, f->ino);
	EXPECT_GE(st.mtime.sec, now);
	EXPECT_LE(st.mtime.sec, now + 2);

	/* chmod keeps the type; chown; utimes; each changes ctime. */
	a.mask = TESS_VFS_ATTR_MODE | TESS_VFS_ATTR_UID | TESS_VFS_ATTR_GID |
		 TESS_VFS_ATTR_ATIME | TESS_VFS_ATTR_MTIME;
	a.mode = TESS_S_IFDIR | 04711; /* type bits are ignored */
	a.uid = 1000, a.gid = 100;
	a.atime = a.mtime = old;
	EXPECT_EQ(f->ops->setattr(f, &a), 0);
	st = rt_stat(f);
	EXPECT_EQ_U(st.mode, TESS_S_IFREG | 04711);
	EXPECT_EQ_U(f->mode, TESS_S_IFREG | 04711);
	EXPECT_EQ(st.uid, 1000);
	EXPECT_EQ(st.gid, 100);
	EXPECT_EQ(st.atime.sec, 1000);
	EXPECT_EQ(st.mtime.nsec, 5);
	EXPECT_GE(st.ctime.sec, now);

	/* A write changes mtime and ctime; a read, atime (relatime: it was
	 * older than mtime). */
	EXPECT_EQ(rt_write(f, "x", 1, 0), 1);
	st = rt_stat(f);
	EXPECT_GE(st.mtime.sec, now);
	EXPECT_TRUE(not_after(st.mtime, st.ctime));
	EXPECT_EQ(st.atime.sec, 1000);
	{
		char c = 0;

		EXPECT_EQ(rt_read(f, &c, 1, 0), 1);
	}
	EXPECT_GE(rt_stat(f).atime.sec, now);

	/* truncate to another size changes mtime; to the same size, not. */
	a.mask = TESS_VFS_ATTR_MTIME;
	EXPECT_EQ(f->ops->setattr(f, &a), 0);
	EXPECT_EQ(rt_truncate(f, 1), 0);
	EXPECT_EQ(rt_stat(f).mtime.sec, 1000);
	EXPECT_EQ(rt_truncate(f, 2), 0);
	EXPECT_GE(rt_stat(f).mtime.sec, now);

	/* A new name changes the directory's mtime and ctime. */
	EXPECT_EQ(dir->ops->setattr(dir, &a), 0);
	EXPECT_EQ(rt_stat(dir).mtime.sec, 1000);
	EXPECT_EQ(rt_mkdir(rt_path("sub"), 0755), 0);
	st = rt_stat(dir);
	EXPECT_GE(st.mtime.sec, now);
	EXPECT_EQ(st.nlink, 3);
	EXPECT_EQ(st.size, 4 * 20); /* tmpfs's: 20 per entry and . and .. */
	/* ... and so does a removal, with the file's ctime (nlink). */
	EXPECT_EQ(dir->ops->setattr(dir, &a), 0);
	EXPECT_EQ(rt_unlink(rt_path("f")), 0);
	EXPECT_GE(rt_stat(dir).mtime.sec, now);
	EXPECT_EQ(rt_stat(f).nlink, 0);
	EXPECT_EQ(rt_rmdir(rt_path("sub")), 0);
	EXPECT_EQ(rt_stat(dir).nlink, 2);
	tess_vnode_put(f);
	tess_vnode_put(dir);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs, an_unlinked_open_file_lives_until_its_last_reference)
{
	struct tess_alloc_stats before, after;
	struct tess_vnode *f;
	char buf[8] = {0};

	ASSERT_EQ(rt_mount(""), 0);
	f = rt_create(rt_path("gone"), 0644);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(rt_write(f, "still", 5, 0), 5);
	EXPECT_EQ(rt_unlink(rt_path("gone")), 0);
	EXPECT_EQ(rt_lookup_err(rt_path("gone")), -ENOENT);
	EXPECT_EQ(rt_stat(f).nlink, 0);
	EXPECT_EQ(rt_read(f, buf, 5, 0), 5);
	EXPECT_STREQ(buf, "still");
	EXPECT_EQ(rt_write(f, "!", 1, 5), 1);
	/* Busy while it is open, even without a name. */
	EXPECT_EQ(rt_umount(), -EBUSY);
	tess_alloc_stats_get(tess_alloc_default(), &before);
	tess_vnode_put(f); /* the node, its page and page array go */
	tess_alloc_stats_get(tess_alloc_default(), &after);
	EXPECT_EQ_U(before.live_blocks - after.live_blocks, 3);
	EXPECT_EQ(rt_umount(), 0);
}

TESS_TEST(ramfs, unmount_waits_for_open_files_and_frees_everything)
{
	struct tess_alloc_stats before, after;
	struct tess_vnode *f;

	ASSERT_EQ(rt_mount(""), 0);
	tess_alloc_stats_get(tess_alloc_default(), &before);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	ASSERT_EQ(rt_mkdir(rt_path("d/e"), 0755), 0);
	ASSERT_EQ(rt_symlink("../x", rt_path("d/e/l")), 0);
	f = rt_create(rt_path("d/f"), 0644);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(rt_write(f, "data", 4, 5 * PAGE), 4);
	EXPECT_EQ(rt_umount(), -EBUSY);
	tess_vnode_put(f);
	EXPECT_EQ(rt_umount(), 0);
	tess_alloc_stats_get(tess_alloc_default(), &after);
	/* Everything since the mount, and the mount itself, went. */
	EXPECT_LT(after.live_blocks, before.live_blocks);
}

/* --------------------------------------------- data vs namespace race */

struct race {
	struct tess_vnode *f;
	volatile bool stop;
	unsigned bad, rounds;
};

static void *writer(void *arg)
{
	struct race *r = arg;
	static unsigned char buf[3 * PAGE], back[3 * PAGE];

	for (unsigned round = 0; round < 200; round++) {
		memset(buf, (int)round, sizeof(buf));
		if (rt_write(r->f, buf, sizeof(buf), round % 5 * 1000) !=
		    (long)sizeof(buf))
			r->bad++;
		tess_sched_yield();
		if (rt_read(r->f, back, sizeof(back), round % 5 * 1000) !=
			    (long)sizeof(back) ||
		    memcmp(buf, back, sizeof(back)) != 0)
			r->bad++;
		r->rounds++;
	}
	r->stop = true;
	return NULL;
}

TESS_TEST(ramfs, data_and_namespace_operations_race_safely)
{
	struct race r = {0};
	struct tess_thread *t;
	unsigned i = 0;

	ASSERT_EQ(rt_mount(""), 0);
	ASSERT_EQ(rt_mkdir(rt_path("d"), 0755), 0);
	r.f = rt_create(rt_path("f"), 0644);
	ASSERT_NOT_NULL(r.f);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, writer, &r), 0);
	while (!r.stop) {
		/* The file moves, gets and loses names, while written. */
		EXPECT_EQ(rt_rename(rt_path("f"), rt_path("d/g"), 0), 0);
		EXPECT_EQ(rt_link(rt_path("d/g"), rt_path("h")), 0);
		EXPECT_EQ(rt_rename(rt_path("d/g"), rt_path("f"), 0), 0);
		EXPECT_EQ(rt_unlink(rt_path("h")), 0);
		EXPECT_EQ(rt_stat(r.f).nlink, 1);
		i++;
		tess_sched_yield();
	}
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	EXPECT_EQ(r.bad, 0);
	EXPECT_EQ(r.rounds, 200);
	EXPECT_GT(i, 0);
	tess_vnode_put(r.f);
	EXPECT_EQ(rt_umount(), 0);
}
