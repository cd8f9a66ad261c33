/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-poll's select and pselect6: the sets replaced by what is ready,
 * the count of bits, timeouts written back, errors, a selector woken by
 * another thread.
 */
#include <errno.h>
#include <tess/plat/time.h>
#include <tess/posix-fs.h>
#include <tess/posix-pipe.h>
#include <tess/posix-poll.h>
#include <tess/sched.h>
#include <tess/test.h>

#define MS 1000000ULL

static void close_both(const int fds[2])
{
	tess_sys_close(fds[0]);
	tess_sys_close(fds[1]);
}

static int max_of(int a, int b)
{
	return a > b ? a : b;
}

TESS_TEST(posix_select, sets_are_replaced_by_the_ready_descriptors)
{
	struct tess_poll_timeval tv = {0, 0};
	struct tess_fd_set rd, wr, ex;
	int a[2], b[2], nfds;

	ASSERT_EQ(tess_sys_pipe(a), 0);
	ASSERT_EQ(tess_sys_pipe(b), 0);
	nfds = max_of(max_of(a[0], a[1]), max_of(b[0], b[1])) + 1;
	ASSERT_EQ(tess_sys_write(a[1], "x", 1), 1);
	TESS_FD_ZERO(&rd);
	TESS_FD_ZERO(&wr);
	TESS_FD_ZERO(&ex);
	TESS_FD_SET(a[0], &rd);
	TESS_FD_SET(b[0], &rd);
	TESS_FD_SET(a[1], &wr);
	TESS_FD_SET(a[0], &ex);
	/* a's read end is readable, its write end writable; b is empty and
	 * nothing has an exceptional condition. */
	EXPECT_EQ(tess_sys_select(nfds, &rd, &wr, &ex, &tv), 2);
	EXPECT_TRUE(TESS_FD_ISSET(a[0], &rd));
	EXPECT_FALSE(TESS_FD_ISSET(b[0], &rd));
	EXPECT_TRUE(TESS_FD_ISSET(a[1], &wr));
	EXPECT_FALSE(TESS_FD_ISSET(a[0], &ex));
	/* The writer gone, the empty pipe is readable (read gives 0). */
	ASSERT_EQ(tess_sys_close(b[1]), 0);
	TESS_FD_ZERO(&rd);
	TESS_FD_SET(b[0], &rd);
	EXPECT_EQ(tess_sys_select(b[0] + 1, &rd, NULL, NULL, &tv), 1);
	EXPECT_TRUE(TESS_FD_ISSET(b[0], &rd));
	close_both(a);
	tess_sys_close(b[0]);
}

TESS_TEST(posix_select, refusals)
{
	struct tess_poll_timeval tv = {0, 0}, bad = {0, -1};
	struct tess_fd_set rd;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	close_both(fds);
	TESS_FD_ZERO(&rd);
	TESS_FD_SET(fds[0], &rd);
	EXPECT_EQ(tess_sys_select(fds[0] + 1, &rd, NULL, NULL, &tv), -EBADF);
	EXPECT_EQ(tess_sys_select(-1, NULL, NULL, NULL, &tv), -EINVAL);
	EXPECT_EQ(
		tess_sys_select(tess_vfs_fd_limit() + 1, NULL, NULL, NULL, &tv),
		-EINVAL);
	EXPECT_EQ(tess_sys_select(0, NULL, NULL, NULL, &bad), -EINVAL);
}

TESS_TEST(posix_select, a_timeout_clears_the_sets_and_is_used_up)
{
	struct tess_poll_timeval tv = {0, 10000};
	struct tess_vfs_timespec ts = {0, 5 * MS};
	struct tess_fd_set rd;
	uint64_t start;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	TESS_FD_ZERO(&rd);
	TESS_FD_SET(fds[0], &rd);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_select(fds[0] + 1, &rd, NULL, NULL, &tv), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 10 * MS);
	EXPECT_FALSE(TESS_FD_ISSET(fds[0], &rd));
	EXPECT_EQ(tv.tv_sec, 0);
	EXPECT_EQ(tv.tv_usec, 0);
	TESS_FD_SET(fds[0], &rd);
	EXPECT_EQ(tess_sys_pselect6(fds[0] + 1, &rd, NULL, NULL, &ts, NULL), 0);
	EXPECT_EQ(ts.sec, 0);
	EXPECT_EQ(ts.nsec, 0);
	/* No descriptors: select sleeps. */
	tv = (struct tess_poll_timeval){0, 5000};
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_select(0, NULL, NULL, NULL, &tv), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 5 * MS);
	close_both(fds);
}

static void *write_later(void *arg)
{
	tess_sched_sleep_ns(5 * MS);
	return (void *)tess_sys_write(*(int *)arg, "!", 1);
}

TESS_TEST(posix_select, a_selector_is_woken_by_a_writer_thread)
{
	struct tess_poll_timeval tv = {10, 0};
	struct tess_pselect_sigmask none = {NULL, 8};
	struct tess_thread *t;
	struct tess_fd_set rd;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	TESS_FD_ZERO(&rd);
	TESS_FD_SET(fds[0], &rd);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, write_later, &fds[1]), 0);
	EXPECT_EQ(tess_sys_select(fds[0] + 1, &rd, NULL, NULL, &tv), 1);
	EXPECT_TRUE(TESS_FD_ISSET(fds[0], &rd));
	EXPECT_GE(tv.tv_sec, 5); /* woken early: time is left */
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	/* pselect6 with a NULL set in its mask argument: no mask change. */
	TESS_FD_ZERO(&rd);
	TESS_FD_SET(fds[0], &rd);
	EXPECT_EQ(tess_sys_pselect6(fds[0] + 1, &rd, NULL, NULL, NULL, &none),
		  1);
	close_both(fds);
}
