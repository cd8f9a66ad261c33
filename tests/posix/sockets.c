/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockets: TCP and UDP over 127.0.0.1 inside one process: bind to a port
 * the system picks, listen, connect (blocking and non-blocking with
 * EINPROGRESS and SO_ERROR), accept, send and receive both ways, half
 * close, EAGAIN, ECONNREFUSED, EPIPE, getsockname/getpeername, socket
 * options, readiness in poll and epoll, SO_RCVTIMEO, and sendfile from
 * a file to a socket.
 * Usage: sockets DIR (works in a fresh folder under DIR: one file).
 */
#define _GNU_SOURCE
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

static struct sockaddr_in loopback(unsigned short port)
{
	struct sockaddr_in a = {0};

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A listening TCP socket on a port the system picks; its address. */
static int listener(struct sockaddr_in *at)
{
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof(a);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	OK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	OK(listen(fd, 8));
	OK(getsockname(fd, (struct sockaddr *)&a, &len));
	TRUE("the port picked is not 0", a.sin_port != 0);
	TRUE("the address is 127.0.0.1",
	     a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	*at = a;
	return fd;
}

static void nap(void)
{
	struct timespec t = {0, 20000000};

	nanosleep(&t, NULL);
}

static void tcp(void)
{
	struct sockaddr_in at, peer;
	socklen_t len = sizeof(peer);
	char buf[64] = {0};
	int lfd, c, s, type = 0, one = 1;

	SAY("-- TCP, blocking");
	lfd = listener(&at);
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	s = accept(lfd, (struct sockaddr *)&peer, &len);
	TRUE("accept gives a descriptor", s >= 0);
	TRUE("the peer is 127.0.0.1",
	     peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	len = sizeof(peer);
	OK(getpeername(c, (struct sockaddr *)&peer, &len));
	TRUE("the client's peer is the listener's port",
	     peer.sin_port == at.sin_port);
	EQ(send(c, "hello", 5, 0), 5);
	EQ(recv(s, buf, sizeof(buf), 0), 5);
	STR("received", buf, "hello");
	EQ(write(s, "world!", 6), 6);
	memset(buf, 0, sizeof(buf));
	EQ(read(c, buf, sizeof(buf)), 6);
	STR("read back", buf, "world!");
	len = sizeof(type);
	OK(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len));
	EQ(type, SOCK_STREAM);
	OK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	SAY("-- half close");
	OK(shutdown(c, SHUT_WR));
	EQ(recv(s, buf, sizeof(buf), 0), 0);
	EQ(send(s, "late", 4, 0), 4);
	memset(buf, 0, sizeof(buf));
	EQ(recv(c, buf, sizeof(buf), 0), 4);
	STR("still received after the half close", buf, "late");
	OK(close(s));
	EQ(recv(c, buf, sizeof(buf), 0), 0);
	OK(close(c));
	OK(close(lfd));
}

static void nonblocking(void)
{
	struct sockaddr_in at;
	struct pollfd p;
	int lfd, c, s, r, err = -1;
	socklen_t len = sizeof(err);
	char buf[8];

	SAY("-- TCP, non-blocking");
	lfd = listener(&at);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	r = connect(c, (struct sockaddr *)&at, sizeof(at));
	TRUE("connect: done or EINPROGRESS",
	     r == 0 || (r < 0 && errno == EINPROGRESS));
	p = (struct pollfd){c, POLLOUT, 0};
	EQ(poll(&p, 1, 5000), 1);
	TRUE("POLLOUT once connected", (p.revents & POLLOUT) != 0);
	OK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len));
	EQ(err, 0);
	p = (struct pollfd){lfd, POLLIN, 0};
	EQ(poll(&p, 1, 5000), 1);
	s = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	TRUE("accept4 gives a descriptor", s >= 0);
	ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	OK(fcntl(lfd, F_SETFL, O_NONBLOCK));
	ERR(accept(lfd, NULL, NULL), EAGAIN);
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
}

static void refused_and_pipe(void)
{
	struct sockaddr_in at;
	int lfd, c, s, tries;
	long r = 0;

	SAY("-- refused, broken pipe");
	lfd = listener(&at);
	OK(close(lfd)); /* nobody listens there now */
	c = socket(AF_INET, SOCK_STREAM, 0);
	ERR(connect(c, (struct sockaddr *)&at, sizeof(at)), ECONNREFUSED);
	OK(close(c));
	lfd = listener(&at);
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	s = accept(lfd, NULL, NULL);
	OK(close(s));
	nap();
	/* Sends to a peer that closed: the first may go out, then the reset
	 * comes and EPIPE follows. */
	for (tries = 0; tries < 50; tries++) {
		errno = 0;
		r = send(c, "x", 1, MSG_NOSIGNAL);
		if (r < 0)
			break;
		nap();
	}
	TRUE("sending to a closed peer ends in EPIPE or ECONNRESET",
	     r < 0 && (errno == EPIPE || errno == ECONNRESET));
	OK(close(c));
	OK(close(lfd));
}

static void udp(void)
{
	struct sockaddr_in a = loopback(0), b = loopback(0), from;
	socklen_t len = sizeof(a), flen = sizeof(from);
	int x = socket(AF_INET, SOCK_DGRAM, 0),
	    y = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[32] = {0};

	SAY("-- UDP");
	OK(bind(x, (struct sockaddr *)&a, sizeof(a)));
	OK(getsockname(x, (struct sockaddr *)&a, &len));
	len = sizeof(b);
	OK(bind(y, (struct sockaddr *)&b, sizeof(b)));
	OK(getsockname(y, (struct sockaddr *)&b, &len));
	EQ(sendto(y, "datagram", 8, 0, (struct sockaddr *)&a, sizeof(a)), 8);
	EQ(recvfrom(x, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen),
	   8);
	STR("datagram", buf, "datagram");
	TRUE("it came from y's port", from.sin_port == b.sin_port);
	ERR(recv(x, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	OK(connect(y, (struct sockaddr *)&a, sizeof(a)));
	EQ(send(y, "again", 5, 0), 5);
	memset(buf, 0, sizeof(buf));
	EQ(recv(x, buf, sizeof(buf), 0), 5);
	STR("a connected datagram", buf, "again");
	OK(close(x));
	OK(close(y));
}

static void readiness(void)
{
	struct sockaddr_in at;
	struct epoll_event ev = {.events = EPOLLIN}, got;
	int lfd, c, s, ep = epoll_create1(0);
	char buf[8];

	SAY("-- epoll");
	lfd = listener(&at);
	ev.data.fd = lfd;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev));
	EQ(epoll_wait(ep, &got, 1, 0), 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	TRUE("the listener is readable", got.data.fd == lfd);
	s = accept(lfd, NULL, NULL);
	ev.data.fd = s;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	OK(epoll_ctl(ep, EPOLL_CTL_DEL, lfd, NULL));
	EQ(epoll_wait(ep, &got, 1, 0), 0);
	EQ(send(c, "ping", 4, 0), 4);
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	TRUE("the connection is readable", got.data.fd == s);
	EQ(recv(s, buf, sizeof(buf), 0), 4);
	EQ(epoll_wait(ep, &got, 1, 0), 0);
	OK(close(c));
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	EQ(recv(s, buf, sizeof(buf), 0), 0);
	OK(close(s));
	OK(close(lfd));
	OK(close(ep));
}

/* SO_RCVTIMEO: a blocking receive or accept that waited that long is
 * EAGAIN (no timing is printed). */
static void timeouts(void)
{
	struct sockaddr_in at, a = loopback(0);
	struct timeval tv = {0, 50000};
	socklen_t len = sizeof(a);
	int lfd, c, s, u = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[8];

	SAY("-- SO_RCVTIMEO");
	lfd = listener(&at);
	OK(setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	ERR(accept(lfd, NULL, NULL), EAGAIN);
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	s = accept(lfd, NULL, NULL);
	TRUE("accept gives a descriptor", s >= 0);
	OK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	EQ(send(c, "late", 4, 0), 4);
	EQ(recv(s, buf, sizeof(buf), MSG_WAITALL), 4);
	OK(bind(u, (struct sockaddr *)&a, sizeof(a)));
	OK(getsockname(u, (struct sockaddr *)&a, &len));
	OK(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	ERR(recv(u, buf, sizeof(buf), 0), EAGAIN);
	OK(close(u));
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
}

/* Reads exactly len bytes; whether they are the file's bytes from off. */
static int recv_all_matches(int s, const unsigned char *file, size_t off,
			    size_t len)
{
	static unsigned char buf[65536];
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(s, buf, len - got < sizeof(buf) ? len - got
							      : sizeof(buf), 0);

		if (n <= 0 || memcmp(buf, file + off + got, (size_t)n) != 0)
			return 0;
		got += (size_t)n;
	}
	return 1;
}

static void file_to_socket(void)
{
	static unsigned char data[200000];
	struct sockaddr_in at;
	off_t off = 1000;
	int lfd, c, s, fd, same = 1;

	SAY("-- sendfile from a file to a socket");
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + (i >> 8));
	fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	EQ(write(fd, data, sizeof(data)), (long)sizeof(data));
	lfd = listener(&at);
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	s = accept(lfd, NULL, NULL);
	/* With an offset: the file's position stays where it is. */
	EQ(sendfile(s, fd, &off, 16384), 16384);
	EQ((long)off, 17384);
	TRUE("the receiver gets the file's bytes from 1000",
	     recv_all_matches(c, data, 1000, 16384));
	EQ(lseek(fd, 0, SEEK_CUR), (long)sizeof(data));
	/* Without: from the file's position, which moves. */
	EQ(lseek(fd, 0, SEEK_SET), 0);
	for (size_t done = 0; done < sizeof(data); done += 20000) {
		long n = (long)sendfile(s, fd, NULL, 20000);

		same &= n == 20000 && recv_all_matches(c, data, done, 20000);
	}
	TRUE("200000 bytes in ten sendfiles, each received", same);
	EQ(lseek(fd, 0, SEEK_CUR), (long)sizeof(data));
	EQ(sendfile(s, fd, NULL, 100), 0);
	ERR(sendfile(s, lfd, NULL, 100), EINVAL);
	{
		/* Only what can be read at an offset is a source. */
		int p[2];
		off_t at = 0;

		OK(pipe(p));
		EQ(write(p[1], "abc", 3), 3);
		ERR(sendfile(s, p[0], NULL, 3), EINVAL);
		ERR(sendfile(s, p[0], &at, 3), ESPIPE);
		OK(close(p[0]));
		OK(close(p[1]));
	}
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
	OK(close(fd));
	OK(unlink("data"));
}

int main(int argc, char **argv)
{
	pt_start("sockets", argc, argv);
	file_to_socket();
	tcp();
	nonblocking();
	refused_and_pipe();
	udp();
	readiness();
	timeouts();
	return pt_finish();
}
