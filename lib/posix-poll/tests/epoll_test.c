/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-poll's epoll: level-triggered, edge-triggered and one-shot items,
 * epoll_wait woken by another thread, timeouts, nesting and its loop
 * check, an instance polled, and epoll_ctl's errors in Linux's order.
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

#define MS 1000000ULL

static void close_both(const int fds[2])
{
	tess_sys_close(fds[0]);
	tess_sys_close(fds[1]);
}

static long ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
	struct tess_epoll_event ev = {events, data};

	return tess_sys_epoll_ctl(ep, op, fd, &ev);
}

/* epoll_wait with timeout 0 for one event: its data, or -1 for none. */
static int64_t one_ready(int ep, uint32_t *events)
{
	struct tess_epoll_event ev[2];
	long n = tess_sys_epoll_wait(ep, ev, 2, 0);

	if (n != 1)
		return n == 0 ? -1 : -100 - n;
	if (events)
		*events = ev[0].events;
	return (int64_t)ev[0].data;
}

TESS_TEST(posix_epoll, level_triggered_items_are_reported_while_ready)
{
	uint32_t events = 0;
	char buf[4];
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 7), 0);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	ASSERT_EQ(tess_sys_write(fds[1], "ab", 2), 2);
	EXPECT_EQ(one_ready(ep, &events), 7);
	EXPECT_EQ(events, TESS_POLLIN);
	EXPECT_EQ(one_ready(ep, NULL), 7);
	ASSERT_EQ(tess_sys_read(fds[0], buf, 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), 7);
	ASSERT_EQ(tess_sys_read(fds[0], buf, 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	/* Removed, it is no longer reported. */
	ASSERT_EQ(tess_sys_write(fds[1], "c", 1), 1);
	ASSERT_EQ(tess_sys_epoll_ctl(ep, TESS_EPOLL_CTL_DEL, fds[0], NULL), 0);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	close_both(fds);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, edge_triggered_items_are_reported_once_per_change)
{
	char buf[4];
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create(1);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0],
		      TESS_POLLIN | TESS_EPOLLET, 1),
		  0);
	ASSERT_EQ(tess_sys_write(fds[1], "a", 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), 1);
	EXPECT_EQ(one_ready(ep, NULL), -1); /* still readable, no change */
	ASSERT_EQ(tess_sys_write(fds[1], "b", 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), 1);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	ASSERT_EQ(tess_sys_read(fds[0], buf, sizeof(buf)), 2);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	close_both(fds);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, one_shot_items_wait_for_mod_after_one_report)
{
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(TESS_EPOLL_CLOEXEC);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0],
		      TESS_POLLIN | TESS_EPOLLONESHOT, 4),
		  0);
	ASSERT_EQ(tess_sys_write(fds[1], "a", 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), 4);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	ASSERT_EQ(tess_sys_write(fds[1], "b", 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	/* MOD re-arms it, with new data. */
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_MOD, fds[0],
		      TESS_POLLIN | TESS_EPOLLONESHOT, 5),
		  0);
	EXPECT_EQ(one_ready(ep, NULL), 5);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	close_both(fds);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, both_ends_and_a_hang_up)
{
	struct tess_epoll_event ev[4];
	uint32_t events = 0;
	int ep, fds[2];
	char c;

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 1), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[1], TESS_POLLOUT, 2), 0);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 4, 0), 2);
	/* maxevents caps the report; the rest comes next time. */
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 1, 0), 1);
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 4, 0), 2);
	ASSERT_EQ(tess_sys_epoll_ctl(ep, TESS_EPOLL_CTL_DEL, fds[1], NULL), 0);
	ASSERT_EQ(tess_sys_close(fds[1]), 0);
	EXPECT_EQ(one_ready(ep, &events), 1);
	EXPECT_EQ(events, TESS_POLLIN | TESS_POLLHUP);
	ASSERT_EQ(tess_sys_read(fds[0], &c, 1), 1);
	EXPECT_EQ(one_ready(ep, &events), 1);
	EXPECT_EQ(events, TESS_POLLHUP); /* unasked, as always */
	tess_sys_close(fds[0]);
	tess_sys_close(ep);
}

static void *write_later(void *arg)
{
	tess_sched_sleep_ns(5 * MS);
	return (void *)tess_sys_write(*(int *)arg, "!", 1);
}

TESS_TEST(posix_epoll, epoll_wait_is_woken_by_a_writer_thread)
{
	struct tess_epoll_event ev;
	struct tess_thread *t;
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 9), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, write_later, &fds[1]), 0);
	EXPECT_EQ(tess_sys_epoll_wait(ep, &ev, 1, -1), 1);
	EXPECT_EQ(ev.data, 9);
	EXPECT_EQ(ev.events, TESS_POLLIN);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	close_both(fds);
	tess_sys_close(ep);
}

static void *interrupt_later(void *arg)
{
	tess_sched_sleep_ns(2 * MS);
	tess_sched_thread_interrupt(arg, true);
	return NULL;
}

TESS_TEST(posix_epoll, timeouts_and_signals_end_the_wait)
{
	struct tess_vfs_timespec ts = {0, 10 * MS};
	struct tess_epoll_event ev;
	struct tess_thread *t;
	uint64_t start;
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 9), 0);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_epoll_wait(ep, &ev, 1, 20), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 20 * MS);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_sys_epoll_pwait2(ep, &ev, 1, &ts, NULL, 8), 0);
	EXPECT_GE_U(tess_plat_monotonic_ns() - start, 10 * MS);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, interrupt_later,
					   tess_sched_current()),
		  0);
	EXPECT_EQ(tess_sys_epoll_pwait(ep, &ev, 1, -1, NULL, 8), -EINTR);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	close_both(fds);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, an_instance_is_pollable_and_nests)
{
	struct tess_pollfd p;
	int inner, outer, fds[2];
	char c;

	inner = (int)tess_sys_epoll_create1(0);
	outer = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(inner, 0);
	ASSERT_GE(outer, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(inner, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 1), 0);
	ASSERT_EQ(ctl(outer, TESS_EPOLL_CTL_ADD, inner, TESS_POLLIN, 2), 0);
	p = (struct tess_pollfd){inner, TESS_POLLIN, 0};
	EXPECT_EQ(tess_sys_poll(&p, 1, 0), 0);
	EXPECT_EQ(one_ready(outer, NULL), -1);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(tess_sys_poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents, TESS_POLLIN);
	EXPECT_EQ(one_ready(outer, NULL), 2);
	/* Drained: the inner instance is not readable any more. */
	ASSERT_EQ(tess_sys_read(fds[0], &c, 1), 1);
	EXPECT_EQ(tess_sys_poll(&p, 1, 0), 0);
	EXPECT_EQ(one_ready(outer, NULL), -1);
	/* The reverse would close a loop. */
	EXPECT_EQ(ctl(inner, TESS_EPOLL_CTL_ADD, outer, TESS_POLLIN, 3),
		  -ELOOP);
	close_both(fds);
	tess_sys_close(outer);
	tess_sys_close(inner);
}

TESS_TEST(posix_epoll, nesting_stops_at_linux_depth)
{
	int ep[TESS_EPOLL_MAX_NESTS + 2];
	const int n = TESS_EPOLL_MAX_NESTS + 2;

	for (int i = 0; i < n; i++) {
		ep[i] = (int)tess_sys_epoll_create1(0);
		ASSERT_GE(ep[i], 0);
	}
	/* A chain of TESS_EPOLL_MAX_NESTS + 1 instances is allowed... */
	for (int i = 0; i + 2 < n; i++)
		EXPECT_EQ(ctl(ep[i], TESS_EPOLL_CTL_ADD, ep[i + 1], TESS_POLLIN,
			      (uint64_t)i),
			  0);
	/* ...one more level is not, whichever end it is added at. */
	EXPECT_EQ(ctl(ep[n - 2], TESS_EPOLL_CTL_ADD, ep[n - 1], TESS_POLLIN, 0),
		  -ELOOP);
	EXPECT_EQ(ctl(ep[n - 1], TESS_EPOLL_CTL_ADD, ep[0], TESS_POLLIN, 0),
		  -ELOOP);
	/* A cycle through several instances is a loop. */
	EXPECT_EQ(ctl(ep[2], TESS_EPOLL_CTL_ADD, ep[0], TESS_POLLIN, 0),
		  -ELOOP);
	for (int i = 0; i < n; i++)
		tess_sys_close(ep[i]);
}

TESS_TEST(posix_epoll, epoll_ctl_refusals_in_linux_order)
{
	struct tess_epoll_event ev[1];
	int ep, fds[2], other[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(tess_sys_pipe(other), 0);
	EXPECT_EQ(tess_sys_epoll_create(0), -EINVAL);
	EXPECT_EQ(tess_sys_epoll_create1(1), -EINVAL);
	EXPECT_EQ(tess_sys_epoll_ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], NULL),
		  -EFAULT);
	EXPECT_EQ(ctl(-1, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 0), -EBADF);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, -1, TESS_POLLIN, 0), -EBADF);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, ep, TESS_POLLIN, 0), -EINVAL);
	EXPECT_EQ(ctl(fds[1], TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 0),
		  -EINVAL); /* not an instance */
	EXPECT_EQ(ctl(ep, 42, fds[0], TESS_POLLIN, 0), -EINVAL);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_MOD, fds[0], TESS_POLLIN, 0), -ENOENT);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_DEL, fds[0], 0, 0), -ENOENT);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 0), 0);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 0), -EEXIST);
	/* EPOLLEXCLUSIVE: only with ADD, not on an instance, only with
	 * in/out/err/hup/et/wakeup. */
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_MOD, fds[0],
		      TESS_POLLIN | TESS_EPOLLEXCLUSIVE, 0),
		  -EINVAL);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, other[0],
		      TESS_POLLIN | TESS_POLLPRI | TESS_EPOLLEXCLUSIVE, 0),
		  -EINVAL);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, other[0],
		      TESS_POLLIN | TESS_EPOLLEXCLUSIVE | TESS_EPOLLET, 0),
		  0);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_MOD, other[0], TESS_POLLIN, 0),
		  -EINVAL); /* an exclusive item cannot be changed */
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 0, 0), -EINVAL);
	EXPECT_EQ(tess_sys_epoll_wait(ep, NULL, 1, 0), -EFAULT);
	EXPECT_EQ(tess_sys_epoll_wait(fds[0], ev, 1, 0), -EINVAL);
	EXPECT_EQ(tess_sys_epoll_wait(-1, ev, 1, 0), -EBADF);
	EXPECT_EQ(tess_sys_epoll_pwait(ep, ev, 1, 0, NULL, 4), 0);
	EXPECT_EQ(tess_sys_epoll_pwait(ep, ev, 1, 0, (uint64_t[]){0}, 4),
		  -EINVAL);
	close_both(fds);
	close_both(other);
	tess_sys_close(ep);
}

#ifdef CONFIG_TESS_RAMFS
TESS_TEST(posix_epoll, regular_files_cannot_be_added)
{
	int ep = (int)tess_sys_epoll_create1(0);
	int fd = (int)tess_sys_open("/epoll-regular",
				    TESS_O_CREAT | TESS_O_RDWR, 0600);

	ASSERT_GE(ep, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fd, TESS_POLLIN, 0), -EPERM);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_DEL, fd, 0, 0), -EPERM);
	tess_sys_close(fd);
	tess_sys_unlink("/epoll-regular");
	tess_sys_close(ep);
}
#endif

TESS_TEST(posix_epoll, an_item_goes_with_the_last_descriptor_of_its_file)
{
	struct tess_kernel_sigaction ignore = {.handler = (void *)1}, old;
	int ep, fds[2], dup_fd;

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	dup_fd = (int)tess_sys_dup(fds[0]);
	ASSERT_GE(dup_fd, 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 5), 0);
	/* A dup keeps the file: the item stays, under its old fd. */
	ASSERT_EQ(tess_sys_close(fds[0]), 0);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(one_ready(ep, NULL), 5);
	EXPECT_EQ(ctl(ep, TESS_EPOLL_CTL_DEL, fds[0], 0, 0), -EBADF);
	/* The last descriptor closed, the item is gone, and the instance
	 * does not keep the read end: writing is EPIPE. */
	ASSERT_EQ(tess_sys_close(dup_fd), 0);
	EXPECT_EQ(one_ready(ep, NULL), -1);
	ASSERT_EQ(tess_sys_rt_sigaction(13, &ignore, &old, 8), 0);
	EXPECT_EQ(tess_sys_write(fds[1], "x", 1), -EPIPE);
	tess_sys_rt_sigaction(13, &old, NULL, 8);
	tess_sys_close(fds[1]);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, closing_the_instance_first_leaves_its_files_alone)
{
	char c;
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 0), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[1], TESS_POLLOUT, 1), 0);
	ASSERT_EQ(tess_sys_close(ep), 0);
	EXPECT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(tess_sys_read(fds[0], &c, 1), 1);
	close_both(fds);
}

TESS_TEST(posix_epoll, a_nested_instance_closed_leaves_the_outer_set)
{
	int inner, outer, fds[2];

	inner = (int)tess_sys_epoll_create1(0);
	outer = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(inner, 0);
	ASSERT_GE(outer, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(inner, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 1), 0);
	ASSERT_EQ(ctl(outer, TESS_EPOLL_CTL_ADD, inner, TESS_POLLIN, 2), 0);
	ASSERT_EQ(tess_sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(one_ready(outer, NULL), 2);
	ASSERT_EQ(tess_sys_close(inner), 0);
	EXPECT_EQ(one_ready(outer, NULL), -1);
	close_both(fds);
	tess_sys_close(outer);
}

static void *close_later(void *arg)
{
	tess_sched_sleep_ns(2 * MS);
	return (void *)tess_sys_close(*(int *)arg);
}

TESS_TEST(posix_epoll, a_file_closed_during_epoll_wait_leaves_quietly)
{
	struct tess_epoll_event ev;
	struct tess_thread *t;
	int ep, fds[2];

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(tess_sys_pipe(fds), 0);
	ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, fds[0], TESS_POLLIN, 3), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, close_later, &fds[0]), 0);
	EXPECT_EQ(tess_sys_epoll_wait(ep, &ev, 1, 20), 0);
	ASSERT_EQ(tess_sched_thread_join(t, NULL), 0);
	tess_sys_close(fds[1]);
	tess_sys_close(ep);
}

TESS_TEST(posix_epoll, eventfds_and_many_items)
{
	struct tess_epoll_event ev[64];
	int ep, efd[40];
	uint64_t one = 1, total = 0;

	ep = (int)tess_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	for (int i = 0; i < 40; i++) {
		efd[i] = (int)tess_sys_eventfd2(0, TESS_EFD_NONBLOCK);
		ASSERT_GE(efd[i], 0);
		ASSERT_EQ(ctl(ep, TESS_EPOLL_CTL_ADD, efd[i], TESS_POLLIN,
			      (uint64_t)i),
			  0);
	}
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 64, 0), 0);
	for (int i = 0; i < 40; i += 3)
		ASSERT_EQ(tess_sys_write(efd[i], &one, 8), 8);
	EXPECT_EQ(tess_sys_epoll_wait(ep, ev, 64, 0), 14);
	for (int i = 0; i < 14; i++)
		total += ev[i].data;
	EXPECT_EQ(total, 3 * (13 * 14 / 2));
	for (int i = 0; i < 40; i++)
		tess_sys_close(efd[i]);
	tess_sys_close(ep);
}
