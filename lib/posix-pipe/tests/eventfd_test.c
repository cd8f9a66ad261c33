/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-pipe's eventfds: the counter, semaphore mode, Linux's size and
 * overflow rules, a blocked read woken by another thread, readiness.
 */
#include <errno.h>
#include <stdint.h>
#include <tess/posix-fs.h>
#include <tess/posix-pipe.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/vfs.h>

#define F_GETFD	   1
#define F_GETFL	   3
#define FD_CLOEXEC 1

static long put(int fd, uint64_t value)
{
	return tess_sys_write(fd, &value, sizeof(value));
}

/* The value read, or the negative error. */
static int64_t take(int fd)
{
	uint64_t value = 0;
	long n = tess_sys_read(fd, &value, sizeof(value));

	return n < 0 ? n : (int64_t)value;
}

static unsigned events_of(int fd)
{
	struct tess_file *f = tess_vfs_fd_get(fd);
	struct tess_poll_head *head;
	unsigned events;

	if (!f)
		return TESS_POLLNVAL;
	events = tess_file_poll(f, &head);
	tess_file_put(f);
	return events;
}

TESS_TEST(posix_eventfd, writes_add_up_and_a_read_takes_the_count)
{
	int fd = (int)tess_sys_eventfd2(5, TESS_EFD_NONBLOCK);
	struct tess_stat st;

	ASSERT_GE(fd, 0);
	EXPECT_EQ(put(fd, 3), 8);
	EXPECT_EQ(put(fd, 0), 8);
	EXPECT_EQ(take(fd), 8);
	EXPECT_EQ(take(fd), -EAGAIN);
	ASSERT_EQ(tess_sys_fstat(fd, &st), 0);
	EXPECT_EQ(st.mode, 0600); /* an anonymous inode, as Linux's */
	tess_sys_close(fd);
}

TESS_TEST(posix_eventfd, a_semaphore_gives_one_at_a_time)
{
	int fd = (int)tess_sys_eventfd2(2,
					TESS_EFD_SEMAPHORE | TESS_EFD_NONBLOCK);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(take(fd), 1);
	EXPECT_EQ(take(fd), 1);
	EXPECT_EQ(take(fd), -EAGAIN);
	EXPECT_EQ(put(fd, 1), 8);
	EXPECT_EQ(take(fd), 1);
	tess_sys_close(fd);
}

TESS_TEST(posix_eventfd, sizes_overflow_and_flags_as_linux)
{
	uint64_t value = 1;
	char small[4];
	int fd;

	EXPECT_EQ(tess_sys_eventfd2(0, 0x10), -EINVAL);
	fd = (int)tess_sys_eventfd2(0, TESS_EFD_NONBLOCK | TESS_EFD_CLOEXEC);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(tess_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(tess_sys_fcntl(fd, F_GETFL, 0) &
			  (TESS_O_ACCMODE | TESS_O_NONBLOCK),
		  TESS_O_RDWR | TESS_O_NONBLOCK);
	EXPECT_EQ(tess_sys_write(fd, &value, 4), -EINVAL);
	EXPECT_EQ(tess_sys_read(fd, small, sizeof(small)), -EINVAL);
	EXPECT_EQ(put(fd, UINT64_MAX), -EINVAL);
	/* The count stops short of UINT64_MAX: a write that would reach it
	 * waits, or is -EAGAIN. */
	EXPECT_EQ(put(fd, UINT64_MAX - 1), 8);
	EXPECT_EQ(events_of(fd), TESS_POLLIN | TESS_POLLRDNORM);
	EXPECT_EQ(put(fd, 1), -EAGAIN);
	EXPECT_EQ(put(fd, 0), 8);
	EXPECT_EQ(take(fd), (int64_t)(UINT64_MAX - 1));
	EXPECT_EQ(events_of(fd), TESS_POLLOUT | TESS_POLLWRNORM);
	tess_sys_close(fd);
	fd = (int)tess_sys_eventfd(7);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(tess_sys_fcntl(fd, F_GETFD, 0), 0);
	EXPECT_EQ(take(fd), 7);
	tess_sys_close(fd);
}

static void *add_two(void *arg)
{
	return (void *)put(*(int *)arg, 2);
}

TESS_TEST(posix_eventfd, a_blocked_read_is_woken_by_a_writer_thread)
{
	int fd = (int)tess_sys_eventfd(0);
	struct tess_thread *t;
	void *result = NULL;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, add_two, &fd), 0);
	EXPECT_EQ(take(fd), 2);
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, 8);
	tess_sys_close(fd);
}

static void *take_one(void *arg)
{
	return (void *)(long)take(*(int *)arg);
}

TESS_TEST(posix_eventfd, a_blocked_write_waits_for_a_read)
{
	int fd = (int)tess_sys_eventfd(0);
	struct tess_thread *t;
	void *result = NULL;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(put(fd, UINT64_MAX - 1), 8);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, take_one, &fd), 0);
	/* Blocks until the thread has taken the count. */
	EXPECT_EQ(put(fd, 5), 8);
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, (long)(UINT64_MAX - 1));
	EXPECT_EQ(take(fd), 5);
	tess_sys_close(fd);
}
