/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unix: AF_UNIX sockets inside one process: socketpair (stream, datagram,
 * sequenced packets, SOCK_NONBLOCK and SOCK_CLOEXEC), names (a path's
 * socket file, abstract names, autobind, getsockname/getpeername
 * lengths), listen/accept/connect with a backlog, shutdown with EOF,
 * EPIPE and SIGPIPE, MSG_PEEK/DONTWAIT/WAITALL/TRUNC, options
 * (SO_TYPE, SO_DOMAIN, SO_ERROR, SO_PEERCRED, SO_RCVTIMEO and
 * SO_SNDTIMEO), FIONREAD, poll and epoll readiness, descriptors passed
 * with SCM_RIGHTS, blocking calls woken by another thread, and the
 * errors Linux gives.
 * Usage: unix DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* A path or abstract address ('@' first: abstract) and its length as
 * programs pass it. */
static socklen_t mkaddr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (name[0] == '@') {
		/* Abstract names are the host's: the pid makes it ours. */
		int n = snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1,
				 "%s-%d", name + 1, (int)getpid());

		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				   n);
	}
	strcpy(a->sun_path, name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(name) + 1);
}

static unsigned revents(int fd, short events)
{
	struct pollfd p = {fd, events, 0};

	poll(&p, 1, 0);
	return (unsigned)p.revents;
}

/* The readiness bits these checks look at, by name. */
static const char *bits(unsigned ev)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s%s%s%s%s", ev & POLLIN ? " IN" : "",
		 ev & POLLOUT ? " OUT" : "", ev & POLLHUP ? " HUP" : "",
		 ev & POLLRDHUP ? " RDHUP" : "", ev & POLLERR ? " ERR" : "");
	return buf[0] ? buf + 1 : "none";
}

static void set_timeout(int fd, int name, long usec)
{
	struct timeval tv = {0, usec};

	setsockopt(fd, SOL_SOCKET, name, &tv, sizeof(tv));
}

/* Fills fd's way out (non-blocking sends of n bytes) until EAGAIN. */
static int fill(int fd, size_t n)
{
	static char junk[4096];
	int sends = 0;

	while (send(fd, junk, n, MSG_DONTWAIT) > 0 && sends < 100000)
		sends++;
	return errno == EAGAIN && sends > 0;
}

static void pair_stream(void)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	struct ucred cred;
	struct stat st;
	char buf[32] = {0};
	int sv[2], v = 0, n = -1;

	SAY("-- socketpair, SOCK_STREAM");
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	OK(fstat(sv[0], &st));
	TRUE("fstat: a socket", S_ISSOCK(st.st_mode));
	EQ(write(sv[0], "hello", 5), 5);
	EQ(send(sv[0], " world", 6, 0), 6);
	OK(ioctl(sv[1], FIONREAD, &n));
	EQ(n, 11);
	EQ(recv(sv[1], buf, 5, MSG_PEEK), 5);
	STR("peeked", buf, "hello");
	memset(buf, 0, sizeof(buf));
	EQ(read(sv[1], buf, sizeof(buf)), 11);
	STR("read across both sends", buf, "hello world");
	ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	TRUE("no bytes: not readable", !(revents(sv[1], POLLIN) & POLLIN));
	EQ(getsockname(sv[0], (struct sockaddr *)&a, &len), 0);
	EQ(len, sizeof(sa_family_t));
	len = sizeof(a);
	EQ(getpeername(sv[0], (struct sockaddr *)&a, &len), 0);
	EQ(len, sizeof(sa_family_t));
	len = sizeof(v);
	OK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len));
	EQ(v, SOCK_STREAM);
	OK(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len));
	EQ(v, AF_UNIX);
	OK(getsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, &len));
	TRUE("SO_RCVBUF is positive", v > 0);
	OK(getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len));
	TRUE("SO_SNDBUF is positive", v > 0);
	len = sizeof(cred);
	OK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len));
	EQ(len, sizeof(cred));
	TRUE("SO_PEERCRED: our pid", cred.pid == getpid());
	TRUE("SO_PEERCRED: our uid and gid",
	     cred.uid == getuid() && cred.gid == getgid());
	/* Shutting down: EOF one way, EPIPE and SIGPIPE the other. */
	pt_line("writable: OUT", "writable: %s",
		bits(revents(sv[0], POLLIN | POLLOUT | POLLRDHUP)));
	OK(shutdown(sv[0], SHUT_WR));
	pt_line("after the peer's SHUT_WR: IN RDHUP",
		"after the peer's SHUT_WR: %s",
		bits(revents(sv[1], POLLIN | POLLRDHUP)));
	EQ(read(sv[1], buf, sizeof(buf)), 0);
	sigpipes = 0;
	ERR(write(sv[0], "x", 1), EPIPE);
	EQ(sigpipes, 1);
	ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	EQ(sigpipes, 1);
	EQ(write(sv[1], "back", 4), 4);
	EQ(read(sv[0], buf, sizeof(buf)), 4);
	OK(close(sv[0]));
	pt_line("the peer closed: IN OUT HUP RDHUP", "the peer closed: %s",
		bits(revents(sv[1], POLLIN | POLLOUT | POLLRDHUP)));
	EQ(read(sv[1], buf, sizeof(buf)), 0);
	ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	OK(close(sv[1]));

	OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
		      sv));
	TRUE("SOCK_NONBLOCK: O_NONBLOCK", fcntl(sv[0], F_GETFL) & O_NONBLOCK);
	TRUE("SOCK_CLOEXEC: FD_CLOEXEC on both",
	     (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) &&
		     (fcntl(sv[1], F_GETFD) & FD_CLOEXEC));
	ERR(read(sv[0], buf, sizeof(buf)), EAGAIN);
	TRUE("a full send buffer ends in EAGAIN", fill(sv[0], 4096));
	TRUE("full: not writable", !(revents(sv[0], POLLOUT) & POLLOUT));
	OK(close(sv[0]));
	OK(close(sv[1]));
	ERR(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
	ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
}

static void pair_packets(void)
{
	struct iovec iov;
	struct msghdr msg = {0};
	char buf[32] = {0};
	int sv[2], n = -1;

	SAY("-- socketpair, SOCK_DGRAM and SOCK_SEQPACKET");
	OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	pt_line("a datagram socket: OUT", "a datagram socket: %s",
		bits(revents(sv[0], POLLIN | POLLOUT)));
	EQ(send(sv[0], "one", 3, 0), 3);
	EQ(send(sv[0], "second", 6, 0), 6);
	EQ(send(sv[0], "", 0, 0), 0);
	OK(ioctl(sv[1], FIONREAD, &n));
	EQ(n, 3);
	EQ(recv(sv[1], buf, sizeof(buf), 0), 3);
	iov = (struct iovec){buf, 2};
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	EQ(recvmsg(sv[1], &msg, MSG_PEEK), 2);
	TRUE("cut short: MSG_TRUNC", msg.msg_flags & MSG_TRUNC);
	EQ(recv(sv[1], buf, 2, MSG_TRUNC), 6);
	EQ(recv(sv[1], buf, sizeof(buf), 0), 0);
	ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	TRUE("a full datagram peer ends in EAGAIN", fill(sv[0], 1000));
	TRUE("full: not writable", !(revents(sv[0], POLLOUT) & POLLOUT));
	{
		static char big[300000];

		ERR(send(sv[1], big, sizeof(big), 0), EMSGSIZE);
	}
	OK(close(sv[1]));
	ERR(send(sv[0], "x", 1, 0), ECONNREFUSED);
	ERR(send(sv[0], "x", 1, 0), ENOTCONN);
	OK(close(sv[0]));

	OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	EQ(send(sv[0], "first", 5, 0), 5);
	EQ(send(sv[0], "2nd", 3, 0), 3);
	EQ(recv(sv[1], buf, 2, 0), 2);
	EQ(recv(sv[1], buf, sizeof(buf), 0), 3);
	OK(shutdown(sv[0], SHUT_WR));
	EQ(recv(sv[1], buf, sizeof(buf), 0), 0);
	OK(close(sv[1]));
	ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	OK(close(sv[0]));
}

static void named_stream(void)
{
	struct sockaddr_un a, b, got;
	socklen_t alen = mkaddr(&a, "srv"), len;
	int l, c, c2, s, f, tries;
	char buf[16] = {0};
	struct stat st;

	SAY("-- a listener at a path");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	ERR(listen(l, 1), EINVAL);
	ERR(connect(c, (struct sockaddr *)&a, alen), ENOENT);
	OK(bind(l, (struct sockaddr *)&a, alen));
	ERR(bind(l, (struct sockaddr *)&a, alen), EADDRINUSE);
	mkaddr(&b, "other");
	ERR(bind(l, (struct sockaddr *)&b, alen), EINVAL);
	TRUE("a refused bind leaves no file", access("other", F_OK) < 0);
	OK(stat("srv", &st));
	TRUE("bind made a socket file", S_ISSOCK(st.st_mode));
	ERR(bind(c, (struct sockaddr *)&a, alen), EADDRINUSE);
	ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED);
	f = open("file", O_CREAT | O_WRONLY, 0644);
	OK(close(f));
	mkaddr(&b, "file");
	ERR(connect(c, (struct sockaddr *)&b, alen), ECONNREFUSED);
	OK(unlink("file"));
	len = sizeof(got);
	OK(getsockname(l, (struct sockaddr *)&got, &len));
	EQ(len, offsetof(struct sockaddr_un, sun_path) + 4);
	STR("its name", got.sun_path, "srv");
	OK(listen(l, 1));
	pt_line("a listener: none", "a listener: %s",
		bits(revents(l, POLLIN | POLLOUT)));
	ERR(recv(l, buf, 1, MSG_DONTWAIT), EINVAL);
	ERR(send(c, "x", 1, MSG_NOSIGNAL), ENOTCONN);
	ERR(recv(c, buf, 1, MSG_DONTWAIT), EINVAL);
	pt_line("not connected: OUT HUP", "not connected: %s",
		bits(revents(c, POLLIN | POLLOUT)));
	OK(connect(c, (struct sockaddr *)&a, alen));
	ERR(connect(c, (struct sockaddr *)&a, alen), EISCONN);
	ERR(sendto(c, "x", 1, 0, (struct sockaddr *)&a, alen), EISCONN);
	len = sizeof(got);
	OK(getpeername(c, (struct sockaddr *)&got, &len));
	EQ(len, offsetof(struct sockaddr_un, sun_path) + 4);
	STR("the client's peer", got.sun_path, "srv");
	len = sizeof(got);
	OK(getsockname(c, (struct sockaddr *)&got, &len));
	EQ(len, sizeof(sa_family_t));
	pt_line("a connection waits: IN", "a connection waits: %s",
		bits(revents(l, POLLIN | POLLOUT)));
	EQ(send(c, "early", 5, 0), 5);
	len = sizeof(got);
	s = accept4(l, (struct sockaddr *)&got, &len, SOCK_CLOEXEC);
	TRUE("accept4 gives a descriptor", s >= 0);
	EQ(len, sizeof(sa_family_t));
	TRUE("accept4: FD_CLOEXEC", fcntl(s, F_GETFD) & FD_CLOEXEC);
	len = sizeof(got);
	OK(getsockname(s, (struct sockaddr *)&got, &len));
	STR("the accepted socket's name", got.sun_path, "srv");
	EQ(recv(s, buf, sizeof(buf), 0), 5);
	ERR(getpeername(l, (struct sockaddr *)&got, &len), ENOTCONN);
	OK(fcntl(l, F_SETFL, O_NONBLOCK));
	ERR(accept(l, NULL, NULL), EAGAIN);
	/* The backlog: listen(1) holds two, as Linux's. */
	for (tries = 0; tries < 5; tries++) {
		int x = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

		if (connect(x, (struct sockaddr *)&a, alen) < 0) {
			pt_line("connections queued before EAGAIN: 2 (EAGAIN)",
				"connections queued before EAGAIN: %d (%s)",
				tries, errname(errno));
			close(x);
			break;
		}
	}
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	set_timeout(c2, SO_SNDTIMEO, 50000);
	ERR(connect(c2, (struct sockaddr *)&a, alen), EAGAIN);
	OK(close(c2));
	while ((c2 = accept(l, NULL, NULL)) >= 0)
		close(c2);
	OK(fcntl(l, F_SETFL, 0));
	set_timeout(l, SO_RCVTIMEO, 50000);
	ERR(accept(l, NULL, NULL), EAGAIN);
	c2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	ERR(connect(c2, (struct sockaddr *)&a, alen), EPROTOTYPE);
	OK(close(c2));
	/* Unread data at a close is a reset for the peer. */
	EQ(send(c, "lost", 4, 0), 4);
	OK(close(s));
	ERR(recv(c, buf, sizeof(buf), 0), ECONNRESET);
	EQ(recv(c, buf, sizeof(buf), 0), 0);
	OK(close(c));
	OK(close(l));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED);
	OK(unlink("srv"));
	ERR(connect(c, (struct sockaddr *)&a, alen), ENOENT);
	OK(close(c));
}

static void abstract_and_autobind(void)
{
	struct sockaddr_un a, got;
	socklen_t alen = mkaddr(&a, "@tessera-unix-test"), len;
	int x = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	int y = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	int z = socket(AF_UNIX, SOCK_STREAM, 0), s;
	int one = 1;

	SAY("-- abstract names, autobind");
	OK(bind(x, (struct sockaddr *)&a, alen));
	len = sizeof(got);
	OK(getsockname(x, (struct sockaddr *)&got, &len));
	TRUE("the length given back is the one bound", len == alen);
	TRUE("the name given back", !memcmp(&got, &a, alen));
	ERR(bind(y, (struct sockaddr *)&a, alen), EADDRINUSE);
	OK(listen(x, 4));
	/* Abstract names are apart by type; paths are not. */
	ERR(connect(z, (struct sockaddr *)&a, alen), ECONNREFUSED);
	OK(connect(y, (struct sockaddr *)&a, alen));
	s = accept(x, NULL, NULL);
	EQ(send(y, "packet", 6, 0), 6);
	EQ(send(y, "two", 3, 0), 3);
	{
		char buf[16] = {0};

		EQ(recv(s, buf, sizeof(buf), 0), 6);
		EQ(read(s, buf, sizeof(buf)), 3);
	}
	OK(close(s));
	OK(close(y));
	OK(close(x));
	x = socket(AF_UNIX, SOCK_DGRAM, 0);
	OK(bind(x, (struct sockaddr *)&a, alen)); /* free again */
	OK(close(x));
	OK(bind(z, (struct sockaddr *)&a, sizeof(sa_family_t)));
	len = sizeof(got);
	OK(getsockname(z, (struct sockaddr *)&got, &len));
	EQ(len, offsetof(struct sockaddr_un, sun_path) + 6);
	TRUE("autobind: an abstract name", got.sun_path[0] == 0);
	OK(close(z));
	/* SO_PASSCRED: an unbound socket is bound when it connects. */
	x = socket(AF_UNIX, SOCK_DGRAM, 0);
	y = socket(AF_UNIX, SOCK_DGRAM, 0);
	OK(bind(x, (struct sockaddr *)&a, alen));
	OK(setsockopt(y, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	OK(connect(y, (struct sockaddr *)&a, alen));
	len = sizeof(got);
	OK(getsockname(y, (struct sockaddr *)&got, &len));
	EQ(len, offsetof(struct sockaddr_un, sun_path) + 6);
	OK(close(x));
	OK(close(y));
}

static void named_dgram(void)
{
	struct sockaddr_un a, b, c, got;
	socklen_t alen = mkaddr(&a, "d1"), blen = mkaddr(&b, "d2"), len;
	socklen_t clen = mkaddr(&c, "nowhere");
	int x = socket(AF_UNIX, SOCK_DGRAM, 0),
	    y = socket(AF_UNIX, SOCK_DGRAM, 0);
	int z = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[16] = {0};

	SAY("-- datagrams between names");
	OK(bind(x, (struct sockaddr *)&a, alen));
	OK(bind(y, (struct sockaddr *)&b, blen));
	ERR(send(x, "x", 1, 0), ENOTCONN);
	ERR(sendto(x, "x", 1, 0, (struct sockaddr *)&c, clen), ENOENT);
	EQ(sendto(x, "to d2", 5, 0, (struct sockaddr *)&b, blen), 5);
	len = sizeof(got);
	EQ(recvfrom(y, buf, sizeof(buf), 0, (struct sockaddr *)&got, &len), 5);
	EQ(len, alen);
	STR("from", got.sun_path, "d1");
	EQ(sendto(z, "anon", 4, 0, (struct sockaddr *)&b, blen), 4);
	len = sizeof(got);
	EQ(recvfrom(y, buf, sizeof(buf), 0, (struct sockaddr *)&got, &len), 4);
	EQ(len, 0);
	OK(connect(y, (struct sockaddr *)&a, alen));
	ERR(sendto(z, "x", 1, 0, (struct sockaddr *)&b, blen), EPERM);
	EQ(send(y, "back", 4, 0), 4);
	EQ(recv(x, buf, sizeof(buf), 0), 4);
	set_timeout(x, SO_RCVTIMEO, 50000);
	ERR(recv(x, buf, sizeof(buf), 0), EAGAIN);
	OK(close(x));
	ERR(send(y, "x", 1, 0), ECONNREFUSED);
	ERR(send(y, "x", 1, 0), ENOTCONN);
	OK(close(y));
	OK(close(z));
	OK(unlink("d1"));
	OK(unlink("d2"));
}

static void bad_arguments(void)
{
	struct sockaddr_un a;
	socklen_t alen = mkaddr(&a, "bad");
	struct sockaddr_un wrong = a;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), big[64] = {0};
	struct timeval tv = {0, 2000000};

	SAY("-- errors");
	ERR(socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT);
	ERR(socket(AF_UNIX, 9, 0), ESOCKTNOSUPPORT);
	ERR(bind(s, (struct sockaddr *)&a, 1), EINVAL);
	ERR(bind(s, (struct sockaddr *)big, sizeof(big) + 50), EINVAL);
	wrong.sun_family = AF_INET;
	ERR(bind(s, (struct sockaddr *)&wrong, alen), EINVAL);
	ERR(connect(s, (struct sockaddr *)&a, sizeof(sa_family_t)), EINVAL);
	ERR(connect(s, (struct sockaddr *)&wrong, alen), EINVAL);
	ERR(shutdown(s, 7), EINVAL);
	ERR(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), EDOM);
	ERR(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, 4), EINVAL);
	ERR(accept(s, NULL, NULL), EINVAL);
	OK(close(s));
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	ERR(listen(s, 1), EOPNOTSUPP);
	ERR(accept(s, NULL, NULL), EOPNOTSUPP);
	OK(close(s));
}

struct job {
	int fd;
	const char *what;
};

static void *late_writer(void *arg)
{
	struct job *j = arg;
	struct timespec t = {0, 20000000};

	nanosleep(&t, NULL);
	write(j->fd, j->what, 3);
	nanosleep(&t, NULL);
	write(j->fd, j->what + 3, strlen(j->what) - 3);
	return NULL;
}

static void *late_connect(void *arg)
{
	struct job *j = arg;
	struct sockaddr_un a;
	socklen_t alen = mkaddr(&a, j->what);
	struct timespec t = {0, 20000000};
	int c = socket(AF_UNIX, SOCK_STREAM, 0);

	nanosleep(&t, NULL);
	connect(c, (struct sockaddr *)&a, alen);
	write(c, "hi", 2);
	close(c);
	return NULL;
}

static void threads_and_epoll(void)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP}, got;
	struct sockaddr_un a;
	socklen_t alen = mkaddr(&a, "@tessera-unix-accept");
	char buf[16] = {0};
	int sv[2], l, s, ep = epoll_create1(0);
	pthread_t t;
	struct job j;

	SAY("-- blocking calls woken by a thread, epoll");
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	j = (struct job){sv[1], "abcdef"};
	pthread_create(&t, NULL, late_writer, &j);
	EQ(recv(sv[0], buf, 6, MSG_WAITALL), 6);
	STR("MSG_WAITALL waited for both pieces", buf, "abcdef");
	pthread_join(t, NULL);
	ev.data.fd = sv[0];
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
	EQ(epoll_wait(ep, &got, 1, 0), 0);
	EQ(write(sv[1], "x", 1), 1);
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	TRUE("EPOLLIN", got.events == EPOLLIN);
	EQ(read(sv[0], buf, sizeof(buf)), 1);
	OK(shutdown(sv[1], SHUT_WR));
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	TRUE("EPOLLIN and EPOLLRDHUP", got.events == (EPOLLIN | EPOLLRDHUP));
	OK(close(sv[0]));
	OK(close(sv[1]));
	OK(close(ep));

	l = socket(AF_UNIX, SOCK_STREAM, 0);
	OK(bind(l, (struct sockaddr *)&a, alen));
	OK(listen(l, 4));
	j = (struct job){-1, "@tessera-unix-accept"};
	pthread_create(&t, NULL, late_connect, &j);
	s = accept(l, NULL, NULL);
	TRUE("a blocked accept is woken by a connect", s >= 0);
	EQ(recv(s, buf, sizeof(buf), MSG_WAITALL), 2);
	pthread_join(t, NULL);
	OK(close(s));
	OK(close(l));
}

static void timeouts(void)
{
	int sv[2];
	char c;

	SAY("-- SO_RCVTIMEO, SO_SNDTIMEO");
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	set_timeout(sv[0], SO_RCVTIMEO, 50000);
	ERR(read(sv[0], &c, 1), EAGAIN);
	ERR(recv(sv[0], &c, 1, MSG_WAITALL), EAGAIN);
	TRUE("filled", fill(sv[1], 4096));
	set_timeout(sv[1], SO_SNDTIMEO, 50000);
	ERR(send(sv[1], "x", 1, 0), EAGAIN);
	OK(close(sv[0]));
	OK(close(sv[1]));
	OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	set_timeout(sv[1], SO_RCVTIMEO, 50000);
	ERR(recv(sv[1], &c, 1, 0), EAGAIN);
	OK(close(sv[0]));
	OK(close(sv[1]));
}

/* Descriptors passed along: a pipe's read end, over a stream. */
static void scm_rights(void)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct cmsghdr *cm;
	struct iovec iov = {"m", 1};
	struct msghdr msg = {0};
	char buf[8] = {0};
	int sv[2], p[2], fds[2], got = -1;

	SAY("-- SCM_RIGHTS");
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	OK(pipe(p));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
	EQ(sendmsg(sv[0], &msg, 0), 1);
	OK(close(p[0]));
	memset(u.buf, 0, sizeof(u.buf));
	iov = (struct iovec){buf, sizeof(buf)};
	msg.msg_controllen = sizeof(u.buf);
	EQ(recvmsg(sv[1], &msg, MSG_CMSG_CLOEXEC), 1);
	EQ(msg.msg_controllen, CMSG_SPACE(sizeof(int)));
	cm = CMSG_FIRSTHDR(&msg);
	TRUE("an SCM_RIGHTS message",
	     cm && cm->cmsg_level == SOL_SOCKET &&
		     cm->cmsg_type == SCM_RIGHTS &&
		     cm->cmsg_len == CMSG_LEN(sizeof(int)));
	if (cm)
		memcpy(&got, CMSG_DATA(cm), sizeof(int));
	TRUE("MSG_CMSG_CLOEXEC", fcntl(got, F_GETFD) & FD_CLOEXEC);
	EQ(write(p[1], "pipe", 4), 4);
	EQ(read(got, buf, sizeof(buf)), 4);
	OK(close(got));
	/* Two descriptors and no room for them: MSG_CTRUNC. */
	fds[0] = p[1];
	fds[1] = sv[0];
	iov = (struct iovec){"n", 1};
	msg.msg_controllen = CMSG_SPACE(2 * sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	EQ(sendmsg(sv[0], &msg, 0), 1);
	iov = (struct iovec){buf, sizeof(buf)};
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	EQ(recvmsg(sv[1], &msg, 0), 1);
	TRUE("no room: MSG_CTRUNC", msg.msg_flags & MSG_CTRUNC);
	fds[0] = 9999;
	msg.msg_control = u.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), fds, sizeof(int));
	iov = (struct iovec){"o", 1};
	ERR(sendmsg(sv[0], &msg, 0), EBADF);
	OK(close(p[1]));
	OK(close(sv[0]));
	OK(close(sv[1]));
}

int main(int argc, char **argv)
{
	pt_start("unix", argc, argv);
	signal(SIGPIPE, on_sigpipe);
	pair_stream();
	pair_packets();
	named_stream();
	abstract_and_autobind();
	named_dgram();
	bad_arguments();
	threads_and_epoll();
	timeouts();
	scm_rights();
	return pt_finish();
}
