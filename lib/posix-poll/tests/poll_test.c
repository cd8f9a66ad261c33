/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-poll's poll and ppoll: revents as Linux's, timeouts, a poller
 * woken by another thread, signals ending the wait, ppoll's mask.
 */
#include <errno.h>
#include <stdint.h>
#include <tess/plat/time.h>
#include <tess/posix-fs.h>
#include <tess/posix-pipe.h>
#include <tess/posix-poll.h>
#include <tess/posix-process.h>
#include <tess/sched.h>
#include <tess/test.h>

#define MS	    1000000ULL
#define SIGUSR1	    10
#define BIT(sig)    (1ULL << ((sig)-1))
#define SIG_BLOCK   0
#define SIG_SETMASK 2

static void until_blocked(struct tess_thread *t)
{
	while (tess_sched_thread_state(t) != TESS_THREAD_BLOCKED)
		tess_sched_yield();
}

static void close_both(const int fds[2])
{
	tess_sys_close(fds[0]);
	tess_sys_close(fds[1]);
}

TESS_TEST(posix_poll, revents_say_what_each_end_can_do)
{
	struct tess_pollfd p[4];
	int fds[2], closed[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sys_pipe(closed), 0);
	close_both(closed); /* closed[0] is now a descriptor not open */
	p[0] = (struct tess_pollfd){fds[0], TESS_POLLIN, 0x55};
	p[1] = (struct tess_pollfd){fds[1], TESS_POLLOUT | TESS_POLLIN, 0};
	p[2] = (struct tess_pollfd){-1, TESS_POLLIN, 0x55};
	p[3] = (struct tess_pollfd){closed[0], TESS_POLLIN, 0};
	EXPECT_EQ(tess_sys_poll(p, 4, 0), 2);
	EXPECT_EQ(p[0].revents, 0);
	EXPECT_EQ(p[1].revents, TESS_POLLOUT);
	EXPECT_EQ(p[2].revents, 0); /* negative descriptors are skipped */
	EXPECT_EQ(p[3].revents, TESS_POLLNVAL);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(tess_sys_poll(p, 2, 0), 2);
	EXPECT_EQ(p[0].revents, TESS_POLLIN);
	/* Hang-ups and errors come unasked. */
	ASSERT_EQ(tess_sys_close(fds[1]), 0);
	p[0].events = 0;
	EXPECT_EQ(tess_sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, TESS_POLLHUP);
	p[0].events = TESS_POLLIN | TESS_POLLRDNORM;
	EXPECT_EQ(tess_sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, TESS_POLLIN | TESS_POLLRDNORM | TESS_POLLHUP);
	tess_sys_close(fds[0]);
}

TESS_TEST(posix_poll, refusals)
{
	struct tess_pollfd p = {0, TESS_POLLIN, 0};
	struct tess_vfs_timespec bad = {0, 1000000000};
	uint64_t mask = 0;

	EXPECT_EQ(tess_sys_poll(&p, (unsigned long)tess_vfs_fd_limit() + 1, 0),
		  -EINVAL);
	EXPECT_EQ(tess_sys_poll(NULL, 1, 0), -EFAULT);
	EXPECT_EQ(tess_sys_ppoll(&p, 1, &bad, NULL, 8), -EINVAL);
	EXPECT_EQ(tess_sys_ppoll(&p, 1, NULL, &mask, 4), -EINVAL);
}

TESS_TEST(posix_poll, a_timeout_passes_when_nothing_is_ready)
{
	struct tess_pollfd p;
	struct tess_vfs_timespec ts = {0, 10 * MS};
	uint64_t start;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	p = (struct tess_pollfd){fds[0], TESS_POLLIN, 0};
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_poll(&p, 1, 20), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 20 * MS);
	EXPECT_EQ(p.revents, 0);
	/* ppoll says what is left of its timeout: nothing. */
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_ppoll(&p, 1, &ts, NULL, 8), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 10 * MS);
	EXPECT_EQ(ts.sec, 0);
	EXPECT_EQ(ts.nsec, 0);
	/* Nothing at all to poll: a sleep. */
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_poll(NULL, 0, 5), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 5 * MS);
	close_both(fds);
}

static void *write_later(void *arg)
{
	tess_sched_sleep_ns(5 * MS);
	return (void *)tess_sys_write(*(int *)arg, "!", 1);
}

TESS_TEST(posix_poll, a_poller_is_woken_by_a_writer_thread)
{
	struct tess_vfs_timespec ts = {10, 0};
	struct tess_thread *t;
	struct tess_pollfd p[2];
	int fds[2], other[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sys_pipe(other), 0);
	p[0] = (struct tess_pollfd){other[0], TESS_POLLIN, 0};
	p[1] = (struct tess_pollfd){fds[0], TESS_POLLIN, 0};
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, write_later, &fds[1]), 0);
	EXPECT_EQ(tess_sys_ppoll(p, 2, &ts, NULL, 8), 1);
	EXPECT_EQ(p[0].revents, 0);
	EXPECT_EQ(p[1].revents, TESS_POLLIN);
	/* Woken early: most of the 10 s are left. */
	EXPECT_GE(ts.sec, 5);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	close_both(fds);
	close_both(other);
}

static void *close_later(void *arg)
{
	tess_sched_sleep_ns(2 * MS);
	return (void *)tess_sys_close(*(int *)arg);
}

TESS_TEST(posix_poll, a_poller_sees_the_writer_go)
{
	struct tess_pollfd p;
	struct tess_thread *t;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	p = (struct tess_pollfd){fds[0], TESS_POLLIN, 0};
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, close_later, &fds[1]), 0);
	EXPECT_EQ(tess_sys_poll(&p, 1, -1), 1);
	EXPECT_EQ(p.revents, TESS_POLLHUP);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	tess_sys_close(fds[0]);
}

static void *poll_forever(void *arg)
{
	struct tess_pollfd p = {*(int *)arg, TESS_POLLIN, 0};

	return (void *)tess_sys_poll(&p, 1, -1);
}

TESS_TEST(posix_poll, a_signal_ends_the_wait_with_eintr)
{
	struct tess_thread *t;
	void *result = NULL;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, poll_forever, &fds[0]), 0);
	until_blocked(t);
	EXPECT_TRUE(tess_sched_thread_interrupt(t, true));
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, -EINTR);
	close_both(fds);
}

static volatile int usr1_runs;
static volatile uint64_t mask_in_handler;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_runs++;
	tess_sys_rt_sigprocmask(SIG_BLOCK, NULL, (uint64_t *)&mask_in_handler,
				8);
}

TESS_TEST(posix_poll, ppoll_waits_with_its_mask_and_restores_the_old)
{
	struct tess_kernel_sigaction act = {.handler = (void *)on_usr1}, old;
	uint64_t blocked = BIT(SIGUSR1), none = 0, saved, now = 0;
	struct tess_vfs_timespec ts = {10, 0};
	struct tess_pollfd p;
	int fds[2];

	ASSERT_EQ(tess_sys_pipe(fds), 0);
	p = (struct tess_pollfd){fds[0], TESS_POLLIN, 0};
	ASSERT_EQ(tess_sys_rt_sigaction(SIGUSR1, &act, &old, 8), 0);
	ASSERT_EQ(tess_sys_rt_sigprocmask(SIG_SETMASK, &blocked, &saved, 8), 0);
	usr1_runs = 0;
	/* Blocked, the signal waits; ppoll's empty mask lets it in: its
	 * handler runs and ppoll ends at once. */
	ASSERT_EQ(
		tess_sys_tkill((int)tess_sched_thread_id(tess_sched_current()),
			       SIGUSR1),
		0);
	EXPECT_EQ(usr1_runs, 0);
	EXPECT_EQ(tess_sys_ppoll(&p, 1, &ts, &none, 8), -EINTR);
	EXPECT_EQ(usr1_runs, 1);
	EXPECT_EQ(mask_in_handler & BIT(SIGUSR1), BIT(SIGUSR1));
	tess_sys_rt_sigprocmask(SIG_BLOCK, NULL, &now, 8);
	EXPECT_EQ_U(now, blocked); /* the old mask is back */
	/* With nothing pending, the mask is only for the wait. */
	EXPECT_EQ(tess_sys_ppoll(&p, 1, &(struct tess_vfs_timespec){0, 1000}, &none,
				 8),
		  0);
	tess_sys_rt_sigprocmask(SIG_BLOCK, NULL, &now, 8);
	EXPECT_EQ_U(now, blocked);
	tess_sys_rt_sigprocmask(SIG_SETMASK, &saved, NULL, 8);
	tess_sys_rt_sigaction(SIGUSR1, &old, NULL, 8);
	close_both(fds);
}
