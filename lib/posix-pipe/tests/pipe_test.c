/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-pipe's pipes: data in order, Linux's capacity and PIPE_BUF
 * atomicity, blocking reads and writes woken by another thread, end of
 * file, EPIPE with SIGPIPE, non-blocking EAGAIN, readiness, and the
 * errors.
 */
#include <errno.h>
#include <string.h>
#include <tess/posix-fs.h>
#include <tess/posix-pipe.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/vfs.h>

#define F_GETFD	   1
#define F_GETFL	   3
#define F_SETFL	   4
#define FD_CLOEXEC 1
#define FIONREAD   0x541b
#define SIGPIPE	   13
/* What F_GETFL says that these tests look at. */
#define STATUS_BITS (TESS_O_ACCMODE | TESS_O_NONBLOCK)

static void until_blocked(struct tess_thread *t)
{
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
}

/* The events fd's file has now. */
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

static void close_both(const int fds[2])
{
	tess_sys_close(fds[0]);
	tess_sys_close(fds[1]);
}

TESS_TEST(posix_pipe, bytes_come_out_in_order_and_fstat_says_fifo)
{
	struct tess_stat st;
	char buf[16] = {0};
	int fds[2], avail = -1;

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	EXPECT_NE(fds[0], fds[1]);
	EXPECT_EQ(tess_sys_write(fds[1], "hello ", 6), 6);
	EXPECT_EQ(tess_sys_write(fds[1], "world", 5), 5);
	EXPECT_EQ(tess_sys_ioctl(fds[0], FIONREAD, (unsigned long)&avail), 0);
	EXPECT_EQ(avail, 11);
	EXPECT_EQ(tess_sys_ioctl(fds[1], FIONREAD, (unsigned long)&avail), 0);
	EXPECT_EQ(avail, 11);
	EXPECT_EQ(tess_sys_ioctl(fds[0], 0x5401 /* TCGETS */, 0), -ENOTTY);
	EXPECT_EQ(tess_sys_read(fds[0], buf, 4), 4);
	EXPECT_EQ(tess_sys_read(fds[0], buf + 4, sizeof(buf) - 5), 7);
	EXPECT_STREQ(buf, "hello world");
	ASSERT_EQ(tess_sys_fstat(fds[0], &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFIFO));
	ASSERT_EQ(tess_sys_fstat(fds[1], &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFIFO));
	/* Each end is one way only. */
	EXPECT_EQ(tess_sys_write(fds[0], "x", 1), -EBADF);
	EXPECT_EQ(tess_sys_read(fds[1], buf, 1), -EBADF);
	/* Zero bytes: nothing happens, nothing waits. */
	EXPECT_EQ(tess_sys_read(fds[0], buf, 0), 0);
	EXPECT_EQ(tess_sys_write(fds[1], buf, 0), 0);
	close_both(fds);
}

TESS_TEST(posix_pipe, pipe2_flags_and_refusals)
{
	int fds[2];

	EXPECT_EQ(tess_sys_pipe2(fds, TESS_O_TRUNC), -EINVAL);
	EXPECT_EQ(tess_sys_pipe2(NULL, 0), -EFAULT);
	EXPECT_EQ(tess_sys_pipe(NULL), -EFAULT);
	ASSERT_EQ(tess_sys_pipe2(fds, TESS_O_CLOEXEC | TESS_O_NONBLOCK), 0);
	EXPECT_EQ(tess_sys_fcntl(fds[0], F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(tess_sys_fcntl(fds[1], F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(tess_sys_fcntl(fds[0], F_GETFL, 0) & STATUS_BITS,
		  TESS_O_RDONLY | TESS_O_NONBLOCK);
	EXPECT_EQ(tess_sys_fcntl(fds[1], F_GETFL, 0) & STATUS_BITS,
		  TESS_O_WRONLY | TESS_O_NONBLOCK);
	close_both(fds);
	ASSERT_EQ(tess_sys_pipe2(fds, TESS_O_DIRECT), 0); /* accepted */
	EXPECT_EQ(tess_sys_fcntl(fds[0], F_GETFD, 0), 0);
	close_both(fds);
}

TESS_TEST(posix_pipe, holds_64_kib_and_nonblocking_calls_say_eagain)
{
	static char block[TESS_PIPE_BUF], longer[TESS_PIPE_BUF + 1];
	long total = 0, n;
	char c;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe2(fds, TESS_O_NONBLOCK), 0);
	EXPECT_EQ(tess_sys_read(fds[0], &c, 1), -EAGAIN);
	while ((n = tess_sys_write(fds[1], block, sizeof(block))) > 0)
		total += n;
	EXPECT_EQ(n, -EAGAIN);
	EXPECT_EQ(total, TESS_PIPE_SIZE);
	EXPECT_EQ(tess_sys_write(fds[1], "x", 1), -EAGAIN);
	/* Room for 100 bytes: an atomic 200-byte write does not fit, so
	 * none of it goes in; a write longer than PIPE_BUF takes the room. */
	ASSERT_EQ(tess_sys_read(fds[0], block, 100), 100);
	EXPECT_EQ(tess_sys_write(fds[1], block, 200), -EAGAIN);
	EXPECT_EQ(tess_sys_write(fds[1], block, sizeof(block)), -EAGAIN);
	EXPECT_EQ(tess_sys_write(fds[1], longer, sizeof(longer)), 100);
	EXPECT_EQ(tess_sys_write(fds[1], longer, sizeof(longer)), -EAGAIN);
	close_both(fds);
}

TESS_TEST(posix_pipe, long_nonblocking_writes_are_partial)
{
	static char big[TESS_PIPE_SIZE + 1000];
	char buf[64];
	int fds[2];

	ASSERT_EQ(tess_sys_pipe2(fds, TESS_O_NONBLOCK), 0);
	EXPECT_EQ(tess_sys_write(fds[1], big, sizeof(big)), TESS_PIPE_SIZE);
	ASSERT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), sizeof(buf));
	EXPECT_EQ(tess_sys_write(fds[1], big, sizeof(big)), sizeof(buf));
	close_both(fds);
}

TESS_TEST(posix_pipe, fcntl_setfl_makes_a_pipe_nonblocking)
{
	char c;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sys_fcntl(fds[0], F_SETFL, TESS_O_NONBLOCK), 0);
	EXPECT_EQ(tess_sys_read(fds[0], &c, 1), -EAGAIN);
	close_both(fds);
}

struct writer_job {
	int fd;
	const char *text;
	size_t len;
	bool close_after;
};

static void *writer(void *arg)
{
	struct writer_job *job = arg;
	long n = tess_sys_write(job->fd, job->text, job->len);

	if (job->close_after)
		tess_sys_close(job->fd);
	return (void *)n;
}

TESS_TEST(posix_pipe, a_blocked_read_is_woken_by_a_writer_thread)
{
	struct writer_job job;
	struct tess_thread *t;
	void *result = NULL;
	char buf[8] = {0};
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	job = (struct writer_job){fds[1], "ping", 4, false};
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, writer, &job), 0);
	/* main blocks in the read first: the writer has not run yet. */
	EXPECT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), 4);
	EXPECT_STREQ(buf, "ping");
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, 4);
	close_both(fds);
}

TESS_TEST(posix_pipe, reads_see_end_of_file_once_every_writer_is_gone)
{
	struct writer_job job;
	struct tess_thread *t;
	char buf[8];
	int fds[2], dup_fd;

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	/* A dup'ed write descriptor shares the file: closing one of the
	 * two is not the end. */
	dup_fd = (int)tess_sys_dup(fds[1]);
	ASSERT_GE(dup_fd, 0);
	ASSERT_EQ(tess_sys_close(fds[1]), 0);
	EXPECT_EQ(events_of(fds[0]) & TESS_POLLHUP, 0);
	job = (struct writer_job){dup_fd, "last", 4, true};
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, writer, &job), 0);
	EXPECT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), 4);
	/* The writer closes: a blocked read ends with 0. */
	EXPECT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), 0);
	EXPECT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), 0);
	EXPECT_NE(events_of(fds[0]) & TESS_POLLHUP, 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	tess_sys_close(fds[0]);
}

static volatile int sigpipes;

static void count_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

TESS_TEST(posix_pipe, writing_without_readers_is_epipe_and_raises_sigpipe)
{
	struct tess_kernel_sigaction act = {.handler = (void *)count_sigpipe},
				     old, ignore = {.handler = (void *)1};
	int fds[2];

	ASSERT_EQ(tess_sys_rt_sigaction(SIGPIPE, &act, &old, 8), 0);
	sigpipes = 0;
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sys_close(fds[0]), 0);
	EXPECT_NE(events_of(fds[1]) & TESS_POLLERR, 0);
	EXPECT_EQ(tess_sys_write(fds[1], "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	/* Ignored, the signal is gone; the error stays. */
	ASSERT_EQ(tess_sys_rt_sigaction(SIGPIPE, &ignore, NULL, 8), 0);
	EXPECT_EQ(tess_sys_write(fds[1], "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	tess_sys_close(fds[1]);
	tess_sys_rt_sigaction(SIGPIPE, &old, NULL, 8);
}

static void *reader_then_close(void *arg)
{
	int fd = *(int *)arg;
	char c;
	long n = tess_sys_read(fd, &c, 1);

	tess_sys_close(fd);
	return (void *)n;
}

TESS_TEST(posix_pipe, a_blocked_writer_gets_epipe_when_the_reader_goes)
{
	struct tess_kernel_sigaction ignore = {.handler = (void *)1}, old;
	static char big[TESS_PIPE_SIZE + 10];
	struct tess_thread *t;
	void *result = NULL;
	int fds[2];
	long n;

	ASSERT_EQ(tess_sys_rt_sigaction(SIGPIPE, &ignore, &old, 8), 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(
		tess_sched_thread_create(&t, NULL, reader_then_close, &fds[0]),
		0);
	/* The pipe fills, the reader takes a byte and closes: what was
	 * written counts (the byte of room may have been used before the
	 * close, with a preemptive scheduler), the rest is refused. */
	n = tess_sys_write(fds[1], big, sizeof(big));
	EXPECT_GE(n, TESS_PIPE_SIZE);
	EXPECT_LE(n, TESS_PIPE_SIZE + 1);
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, 1);
	EXPECT_EQ(tess_sys_write(fds[1], big, 1), -EPIPE);
	tess_sys_close(fds[1]);
	tess_sys_rt_sigaction(SIGPIPE, &old, NULL, 8);
}

static void *drain(void *arg)
{
	int fd = *(int *)arg;
	static char buf[1000];
	long n, total = 0;

	while ((n = tess_sys_read(fd, buf, sizeof(buf))) > 0)
		total += n;
	return (void *)total;
}

TESS_TEST(posix_pipe, a_long_write_waits_for_room_and_arrives_whole)
{
	static char big[3 * TESS_PIPE_SIZE];
	struct tess_thread *t;
	void *result = NULL;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, drain, &fds[0]), 0);
	EXPECT_EQ(tess_sys_write(fds[1], big, sizeof(big)), sizeof(big));
	tess_sys_close(fds[1]);
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, (long)sizeof(big));
	tess_sys_close(fds[0]);
}

static void *read_one(void *arg)
{
	char c;

	return (void *)tess_sys_read(*(int *)arg, &c, 1);
}

TESS_TEST(posix_pipe, a_signal_ends_a_blocked_read_with_eintr)
{
	struct tess_thread *t;
	void *result = NULL;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, read_one, &fds[0]), 0);
	until_blocked(t);
	EXPECT_TRUE(tess_sched_thread_interrupt(t, true));
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, -EINTR);
	close_both(fds);
}

TESS_TEST(posix_pipe, readiness_follows_data_room_and_closed_ends)
{
	static char block[TESS_PIPE_SIZE];
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	EXPECT_EQ(events_of(fds[0]), 0);
	EXPECT_EQ(events_of(fds[1]), TESS_POLLOUT | TESS_POLLWRNORM);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(events_of(fds[0]), TESS_POLLIN | TESS_POLLRDNORM);
	/* Writable while a page is free. */
	ASSERT_EQ(tess_sys_write(fds[1], block,
				 TESS_PIPE_SIZE - TESS_PIPE_BUF - 1),
		  TESS_PIPE_SIZE - TESS_PIPE_BUF - 1);
	EXPECT_NE(events_of(fds[1]) & TESS_POLLOUT, 0);
	ASSERT_EQ(tess_sys_write(fds[1], "y", 1), 1);
	EXPECT_EQ(events_of(fds[1]) & TESS_POLLOUT, 0);
	ASSERT_EQ(tess_sys_close(fds[1]), 0);
	EXPECT_EQ(events_of(fds[0]),
		  TESS_POLLIN | TESS_POLLRDNORM | TESS_POLLHUP);
	tess_sys_close(fds[0]);
}

TESS_TEST(posix_pipe, vectored_reads_and_writes_cross_the_ring_end)
{
	static char fill[TESS_PIPE_SIZE - 3];
	char a[3] = "abc", b[4] = "defg", out1[2], out2[5];
	struct tess_iovec in[2] = {{a, 3}, {b, 4}};
	struct tess_iovec out[2] = {{out1, 2}, {out2, 5}};
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	/* Move the ring's start near its end, so the next data wraps. */
	ASSERT_EQ(tess_sys_write(fds[1], fill, sizeof(fill)), sizeof(fill));
	ASSERT_EQ(tess_sys_read(fds[0], fill, sizeof(fill) - 1),
		  sizeof(fill) - 1);
	EXPECT_EQ(tess_sys_writev(fds[1], in, 2), 7);
	ASSERT_EQ(tess_sys_read(fds[0], fill, 1), 1);
	EXPECT_EQ(tess_sys_readv(fds[0], out, 2), 7);
	EXPECT_MEMEQ(out1, "ab", 2);
	EXPECT_MEMEQ(out2, "cdefg", 5);
	close_both(fds);
}
