/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pipes: pipe2, end of file, EPIPE, O_NONBLOCK, poll, select, epoll
 * (level-triggered, edge-triggered, one-shot) over pipes and eventfd,
 * and threads waking a reader, a poller, a writer blocked on a full pipe.
 * Usage: pipes DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>

static volatile nfds_t too_many = (nfds_t)1
				  << 30; /* out of the compiler's sight */

/* Poll or epoll event bits as names ("POLLIN|POLLHUP", "0"). */
static const char *evname(unsigned ev, int epoll)
{
	static char bufs[4][128];
	static int next;
	char *buf = bufs[next++ % 4]; /* two in one printf */
	static const struct {
		unsigned bit;
		const char *poll_name, *epoll_name;
	} bits[] = {
		{POLLIN, "POLLIN", "EPOLLIN"},
		{POLLPRI, "POLLPRI", "EPOLLPRI"},
		{POLLOUT, "POLLOUT", "EPOLLOUT"},
		{POLLERR, "POLLERR", "EPOLLERR"},
		{POLLHUP, "POLLHUP", "EPOLLHUP"},
		{POLLNVAL, "POLLNVAL", "EPOLLNVAL"},
		{POLLRDHUP, "POLLRDHUP", "EPOLLRDHUP"},
	};

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (ev & bits[i].bit) {
			strcat(buf, buf[0] ? "|" : "");
			strcat(buf,
			       epoll ? bits[i].epoll_name : bits[i].poll_name);
			ev &= ~bits[i].bit;
		}
	}
	if (ev)
		sprintf(buf + strlen(buf), "%s0x%x", buf[0] ? "|" : "", ev);
	return buf[0] ? buf : "0";
}

/* poll on a pipe's two ends (the read end for POLLIN, the write end for
 * POLLOUT, either may be -1): "poll N: r=... w=...". */
static void poll2(const char *what, int r, int w, int timeout, const char *want)
{
	struct pollfd p[2] = {{r, POLLIN, 0}, {w, POLLOUT, 0}};
	char got[160];
	int n = poll(p, 2, timeout);

	if (n < 0)
		snprintf(got, sizeof(got), "%s", errname(errno));
	else
		snprintf(got, sizeof(got), "%d: r=%s w=%s", n,
			 evname(p[0].revents, 0), evname(p[1].revents, 0));
	pt_str(what, got, want);
}

/* epoll_wait with timeout 0, events as "N: tag=EVENTS ..." sorted by tag. */
static void ewait(const char *what, int ep, const char *want)
{
	struct epoll_event ev[8], t;
	char got[256] = "";
	int n = epoll_wait(ep, ev, 8, 0);

	if (n < 0) {
		pt_str(what, errname(errno), want);
		return;
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (ev[j].data.u64 < ev[i].data.u64)
				t = ev[i], ev[i] = ev[j], ev[j] = t;
	snprintf(got, sizeof(got), "%d:", n);
	for (int i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
			 " %llu=%s", (unsigned long long)ev[i].data.u64,
			 evname(ev[i].events, 1));
	pt_str(what, got, want);
}

static int ep_ctl(int ep, int op, int fd, unsigned events, uint64_t tag)
{
	struct epoll_event ev = {.events = events, .data.u64 = tag};

	return epoll_ctl(ep, op, fd, &ev);
}

static void basics(void)
{
	char buf[16] = {0};
	struct stat st;
	int p[2];

	SAY("-- pipe2, read, write, end of file, EPIPE");
	OK(pipe2(p, 0));
	OCT(fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	OCT(fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_WRONLY);
	EQ(fcntl(p[0], F_GETFD), 0);
	OK(fstat(p[0], &st));
	CHR(typechar(st.st_mode), 'p');
	EQ(write(p[1], "hello", 5), 5);
	EQ(write(p[1], "", 0), 0);
	{
		int avail = -1;

		OK(ioctl(p[0], FIONREAD, &avail));
		EQ(avail, 5);
	}
	EQ(read(p[0], buf, 3), 3);
	EQ(read(p[0], buf + 3, 10), 2); /* what is there, no more */
	STR("read", buf, "hello");
	ERR(lseek(p[0], 0, SEEK_CUR), ESPIPE);
	ERR(pread(p[0], buf, 1, 0), ESPIPE);
	ERR(pwrite(p[1], buf, 1, 0), ESPIPE);
	ERR(write(p[0], "x", 1), EBADF);
	ERR(read(p[1], buf, 1), EBADF);
	ERR(ftruncate(p[1], 0), EINVAL);
	ERR(fsync(p[1]), EINVAL);
	EQ(write(p[1], "bye", 3), 3);
	OK(close(p[1]));
	EQ(read(p[0], buf, sizeof(buf)), 3); /* the data first, then the end */
	EQ(read(p[0], buf, sizeof(buf)), 0);
	EQ(read(p[0], buf, sizeof(buf)), 0);
	OK(close(p[0]));
	OK(pipe2(p, O_CLOEXEC));
	EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	OK(close(p[0]));
	ERR(write(p[1], "x", 1), EPIPE);
	OK(close(p[1]));
	ERR(pipe2(p, 0x4242), EINVAL);
}

static void nonblocking(void)
{
	static char chunk[1024];
	char buf[16];
	long total = 0, got = 0, n;
	int p[2];

	SAY("-- O_NONBLOCK");
	OK(pipe2(p, O_NONBLOCK));
	OCT(fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK),
	    O_RDONLY | O_NONBLOCK);
	ERR(read(p[0], buf, 1), EAGAIN);
	while ((n = write(p[1], chunk, sizeof(chunk))) > 0)
		total += n;
	STR("writing until the pipe is full ends with", errname(errno),
	    "EAGAIN");
	TRUE("it took at least PIPE_BUF bytes", total >= PIPE_BUF);
	poll2("full", p[0], p[1], 0, "1: r=POLLIN w=0");
	ERR(write(p[1], "x", 1), EAGAIN);
	while ((n = read(p[0], chunk, sizeof(chunk))) > 0)
		got += n;
	STR("reading until the pipe is empty ends with", errname(errno),
	    "EAGAIN");
	TRUE("read back what was written", got == total);
	poll2("drained", p[0], p[1], 0, "1: r=0 w=POLLOUT");
	OK(fcntl(p[0], F_SETFL, 0));
	EQ(write(p[1], "ab", 2), 2);
	EQ(read(p[0], buf, sizeof(buf)), 2);
	OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	ERR(read(p[0], buf, 1), EAGAIN);
	OK(close(p[1]));
	EQ(read(p[0], buf, 1), 0); /* no writer: the end, not EAGAIN */
	OK(close(p[0]));
}

static void polling(void)
{
	struct pollfd pf[3];
	struct timeval tv = {0, 0};
	fd_set rs, ws;
	char c;
	int p[2], q[2];

	SAY("-- poll, select");
	OK(pipe(p));
	poll2("empty", p[0], p[1], 0, "1: r=0 w=POLLOUT");
	poll2("empty, write end only", -1, p[1], 0, "1: r=0 w=POLLOUT");
	poll2("empty, 10 ms", p[0], -1, 10, "0: r=0 w=0");
	EQ(write(p[1], "x", 1), 1);
	poll2("one byte", p[0], p[1], 0, "2: r=POLLIN w=POLLOUT");
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(p[0], &rs);
	FD_SET(p[1], &ws);
	EQ(select(p[1] + 1, &rs, &ws, NULL, &tv), 2);
	TRUE("select: both set", FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws));
	OK(close(p[1]));
	poll2("writer closed, a byte left", p[0], -1, 0,
	      "1: r=POLLIN|POLLHUP w=0");
	EQ(read(p[0], &c, 1), 1);
	poll2("writer closed, empty", p[0], -1, 0, "1: r=POLLHUP w=0");
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	EQ(select(p[0] + 1, &rs, NULL, NULL, &tv),
	   1); /* readable: read gives the end */
	OK(close(p[0]));
	poll2("closed descriptor", p[0], -1, 0, "1: r=POLLNVAL w=0");
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	ERR(select(p[0] + 1, &rs, NULL, NULL, &tv), EBADF);
	OK(pipe(q));
	OK(close(q[0]));
	poll2("reader closed", -1, q[1], 0, "1: r=0 w=POLLOUT|POLLERR");
	OK(close(q[1]));
	/* files and /dev/null are always ready */
	{
		int f = OK(open("file", O_RDWR | O_CREAT, 0644)),
		    n = OK(open("/dev/null", O_RDWR));
		struct timespec zero = {0, 0};

		poll2("a regular file", f, f, 0, "2: r=POLLIN w=POLLOUT");
		poll2("/dev/null", n, n, 0, "2: r=POLLIN w=POLLOUT");
		FD_ZERO(&rs);
		FD_ZERO(&ws);
		FD_SET(f, &rs);
		FD_SET(f, &ws);
		EQ(select(f + 1, &rs, &ws, NULL, &tv), 2);
		pf[0] = (struct pollfd){f, POLLIN, 0};
		EQ(ppoll(pf, 1, &zero, NULL), 1);
		OK(close(n));
		OK(close(f));
		OK(unlink("file"));
	}
	/* poll on nothing waits for the timeout */
	EQ(poll(pf, 0, 5), 0);
	ERR(poll(pf, too_many, 0), EINVAL); /* more than RLIMIT_NOFILE */
	tv = (struct timeval){0, 5000};
	EQ(select(0, NULL, NULL, NULL, &tv), 0);
}

static void epolling(void)
{
	uint64_t v;
	struct epoll_event ev;
	char buf[8];
	int ep, p[2], q[2], e, f;

	SAY("-- epoll: level, edge, one-shot");
	ep = OK(epoll_create1(EPOLL_CLOEXEC));
	EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
	OK(pipe2(p, O_NONBLOCK));
	OK(ep_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
	ewait("empty", ep, "0:");
	EQ(write(p[1], "ab", 2), 2);
	ewait("level", ep, "1: 1=EPOLLIN");
	ewait("level again", ep, "1: 1=EPOLLIN");
	OK(ep_ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 2));
	ewait("both ends", ep, "2: 1=EPOLLIN 2=EPOLLOUT");
	OK(ep_ctl(ep, EPOLL_CTL_DEL, p[1], 0, 0));
	EQ(read(p[0], buf, sizeof(buf)), 2);
	ewait("drained", ep, "0:");
	/* edge-triggered: once per new arrival */
	OK(ep_ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 3));
	EQ(write(p[1], "a", 1), 1);
	ewait("edge", ep, "1: 3=EPOLLIN");
	ewait("edge, nothing new", ep, "0:");
	EQ(write(p[1], "b", 1), 1);
	ewait("edge, more data", ep, "1: 3=EPOLLIN");
	EQ(read(p[0], buf, sizeof(buf)), 2);
	ewait("edge, drained", ep, "0:");
	/* one-shot: disabled after one report until re-armed */
	OK(ep_ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 4));
	EQ(write(p[1], "c", 1), 1);
	ewait("one-shot", ep, "1: 4=EPOLLIN");
	EQ(write(p[1], "d", 1), 1);
	ewait("one-shot, disarmed", ep, "0:");
	OK(ep_ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 5));
	ewait("one-shot, re-armed", ep, "1: 5=EPOLLIN");
	/* the writer gone */
	OK(ep_ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 6));
	OK(close(p[1]));
	ewait("writer closed", ep, "1: 6=EPOLLIN|EPOLLHUP");
	EQ(read(p[0], buf, sizeof(buf)), 2);
	ewait("writer closed, drained", ep, "1: 6=EPOLLHUP");
	/* errors */
	ERR(ep_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 7), EEXIST);
	OK(pipe(q));
	ERR(ep_ctl(ep, EPOLL_CTL_MOD, q[0], EPOLLIN, 7), ENOENT);
	ERR(ep_ctl(ep, EPOLL_CTL_DEL, q[0], 0, 0), ENOENT);
	OK(close(q[0]));
	OK(close(q[1]));
	ERR(ep_ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 7), EINVAL);
	ERR(ep_ctl(ep, 42, p[0], EPOLLIN, 7), EINVAL);
	f = OK(open("regular", O_RDWR | O_CREAT, 0644));
	ERR(ep_ctl(ep, EPOLL_CTL_ADD, f, EPOLLIN, 7), EPERM);
	ERR(ep_ctl(ep, EPOLL_CTL_DEL, f, 0, 0),
	    EPERM); /* Linux checks the file first */
	ERR(ep_ctl(f, EPOLL_CTL_ADD, p[0], EPOLLIN, 7), EINVAL);
	ERR(ep_ctl(ep, EPOLL_CTL_ADD, -1, EPOLLIN, 7), EBADF);
	ERR(epoll_wait(ep, &ev, 0, 0), EINVAL);
	ERR(epoll_wait(f, &ev, 1, 0), EINVAL);
	ERR(epoll_create1(0x4242), EINVAL);
	OK(close(f));
	OK(unlink("regular"));
	/* closing the last descriptor of a file removes it from the set */
	OK(close(p[0]));
	ewait("after close", ep, "0:");
	/* eventfd */
	SAY("-- eventfd");
	e = OK(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
	EQ(fcntl(e, F_GETFD), FD_CLOEXEC);
	ERR(read(e, &v, 8), EAGAIN);
	poll2("eventfd at 0", e, e, 0, "1: r=0 w=POLLOUT");
	v = 3;
	EQ(write(e, &v, 8), 8);
	v = 4;
	EQ(write(e, &v, 8), 8);
	poll2("eventfd at 7", e, e, 0, "2: r=POLLIN w=POLLOUT");
	OK(ep_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN, 8));
	ewait("eventfd in epoll", ep, "1: 8=EPOLLIN");
	v = 0;
	EQ(read(e, &v, 8), 8);
	EQ(v, 7);
	ERR(read(e, &v, 8), EAGAIN);
	ewait("eventfd read", ep, "0:");
	ERR(read(e, &v, 4), EINVAL);
	ERR(write(e, &v, 4), EINVAL);
	v = UINT64_MAX;
	ERR(write(e, &v, 8), EINVAL);
	v = 1;
	EQ(write(e, &v, 8), 8);
	v = UINT64_MAX - 1; /* the counter would overflow */
	ERR(write(e, &v, 8), EAGAIN);
	OK(close(e));
	e = OK(eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK));
	for (int i = 0; i < 3; i++) {
		v = 0;
		EQ(read(e, &v, 8) == 8 ? (long)v : -1, 1);
	}
	ERR(read(e, &v, 8), EAGAIN);
	OK(close(e));
	ERR(eventfd(0, 0x4242), EINVAL);
	OK(close(ep));
}

/* A pthread function's result as a system call's: -1 and errno. */
static int thr(int e)
{
	errno = e;
	return e ? -1 : 0;
}

/* A thread that waits 20 ms, then does one thing to a descriptor. */
enum act { WRITE_BYTE, CLOSE_FD, DRAIN, SIGNAL_EVENTFD };
struct job {
	enum act act;
	int fd;
	long drained;
};

static void *helper(void *arg)
{
	struct job *j = arg;
	struct timespec t = {0, 20 * 1000 * 1000};
	static char buf[4096];
	uint64_t one = 1;
	long n;

	nanosleep(&t, NULL);
	switch (j->act) {
	case WRITE_BYTE:
		n = write(j->fd, "!", 1);
		(void)n;
		break;
	case CLOSE_FD: close(j->fd); break;
	case DRAIN:
		while ((n = read(j->fd, buf, sizeof(buf))) > 0)
			j->drained += n;
		break;
	case SIGNAL_EVENTFD: n = write(j->fd, &one, 8); break;
	}
	return NULL;
}

static void threads(void)
{
	static char chunk[1024];
	struct epoll_event ev;
	struct pollfd pf;
	pthread_t t;
	struct job j;
	char c = 0;
	long total = 0, n;
	int p[2], e, ep;

	SAY("-- threads waking blocked callers");
	OK(pipe(p));
	j = (struct job){WRITE_BYTE, p[1], 0};
	OK(thr(pthread_create(&t, NULL, helper, &j)));
	EQ(read(p[0], &c, 1), 1); /* blocks until the thread writes */
	CHR(c, '!');
	OK(thr(pthread_join(t, NULL)));
	OK(thr(pthread_create(&t, NULL, helper, &j)));
	pf = (struct pollfd){p[0], POLLIN, 0};
	EQ(poll(&pf, 1, -1), 1);
	STR("poll woken", evname(pf.revents, 0), "POLLIN");
	OK(thr(pthread_join(t, NULL)));
	EQ(read(p[0], &c, 1), 1);
	j = (struct job){CLOSE_FD, p[1], 0};
	OK(thr(pthread_create(&t, NULL, helper, &j)));
	EQ(read(p[0], &c, 1), 0); /* woken by the end of file */
	OK(thr(pthread_join(t, NULL)));
	OK(close(p[0]));
	/* a writer blocked on a full pipe, woken when a reader drains it */
	OK(pipe(p));
	OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	while ((n = write(p[1], chunk, sizeof(chunk))) > 0)
		total += n;
	OK(fcntl(p[1], F_SETFL, 0));
	j = (struct job){DRAIN, p[0], 0};
	OK(thr(pthread_create(&t, NULL, helper, &j)));
	EQ(write(p[1], chunk, sizeof(chunk)),
	   sizeof(chunk)); /* blocks until drained */
	OK(close(p[1]));   /* the thread's read ends */
	OK(thr(pthread_join(t, NULL)));
	TRUE("the thread read everything written",
	     j.drained == total + (long)sizeof(chunk));
	OK(close(p[0]));
	/* epoll_wait woken by an eventfd */
	e = OK(eventfd(0, 0));
	ep = OK(epoll_create1(0));
	OK(ep_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN, 9));
	j = (struct job){SIGNAL_EVENTFD, e, 0};
	OK(thr(pthread_create(&t, NULL, helper, &j)));
	EQ(epoll_wait(ep, &ev, 1, -1), 1);
	EQ(ev.data.u64, 9);
	OK(thr(pthread_join(t, NULL)));
	OK(close(ep));
	OK(close(e));
}

int main(int argc, char **argv)
{
	pt_start("pipes", argc, argv);
	basics();
	nonblocking();
	polling();
	epolling();
	threads();
	return pt_finish();
}
