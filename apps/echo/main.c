/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * echo: a TCP and UDP echo server on one epoll loop, the example of a
 * network application on Tessera. It is an ordinary POSIX program: the
 * same file builds natively (cc -o echo main.c) and behaves the same.
 *
 * usage: echo [PORT]     (default 7)
 *   Echoes every TCP connection's bytes and every UDP datagram on PORT
 *   until SIGTERM or SIGINT (tess stop), then prints what it echoed. A
 *   connection whose peer shuts its side down gets the rest of its echo,
 *   then its end.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define EVENTS_MAX 64
#define CONN_BUF   4096	 /* per connection: a thousand fit in 4 MiB */
#define UDP_BUF	   65536 /* the largest datagram */

/* A TCP connection: bytes read but not yet written back wait in pending.
 * Every open one is on the list conns. */
struct conn {
	struct conn *prev, *next;
	int fd;
	size_t pending, sent; /* buf[sent..pending) still to write */
	int peer_done;	      /* the peer shut down its side */
	char buf[CONN_BUF];
};

static struct conn *conns;
static volatile sig_atomic_t stopping;
static unsigned long long connections, tcp_bytes, datagrams, udp_bytes;
static int ep;

static void on_signal(int sig)
{
	stopping = sig;
}

static __attribute__((noreturn)) void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A socket of type on PORT, every address, non-blocking. */
static int server_socket(int type, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((unsigned short)port),
				.sin_addr.s_addr = htonl(INADDR_ANY)};
	int one = 1;
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("echo: socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		die("echo: SO_REUSEADDR");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("echo: bind");
	if (type == SOCK_STREAM && listen(fd, 1024) < 0)
		die("echo: listen");
	return fd;
}

static void watch(int op, int fd, unsigned int events, void *ptr)
{
	struct epoll_event ev = {.events = events, .data.ptr = ptr};

	if (epoll_ctl(ep, op, fd, &ev) < 0)
		die("echo: epoll_ctl");
}

static void conn_close(struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	close(c->fd); /* leaves the epoll set with its last descriptor */
	free(c);
}

static void accept_all(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct conn *c;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != ECONNABORTED)
				perror("echo: accept4");
			return;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->next = conns;
		if (conns)
			conns->prev = c;
		conns = c;
		connections++;
		watch(EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLRDHUP, c);
	}
}

/* Reads what there is and writes it back; waits for EPOLLOUT while the
 * peer does not take it. Closes the connection at its end. */
static void conn_serve(struct conn *c)
{
	for (;;) {
		ssize_t n;

		while (c->sent < c->pending) {
			n = send(c->fd, c->buf + c->sent, c->pending - c->sent,
				 MSG_NOSIGNAL);
			if (n < 0 &&
			    (errno == EAGAIN || errno == EWOULDBLOCK)) {
				watch(EPOLL_CTL_MOD, c->fd, EPOLLOUT, c);
				return;
			}
			if (n < 0) {
				conn_close(c);
				return;
			}
			c->sent += (size_t)n;
			tcp_bytes += (unsigned long long)n;
		}
		c->sent = c->pending = 0;
		if (c->peer_done) {
			conn_close(c);
			return;
		}
		n = recv(c->fd, c->buf, sizeof(c->buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			watch(EPOLL_CTL_MOD, c->fd, EPOLLIN | EPOLLRDHUP, c);
			return;
		}
		if (n <= 0) {
			/* The peer's end (or an error): nothing more to echo. */
			c->peer_done = 1;
			continue;
		}
		c->pending = (size_t)n;
	}
}

static void udp_serve(int fd)
{
	static char buf[UDP_BUF];

	for (;;) {
		struct sockaddr_storage from;
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &len);

		if (n < 0)
			return; /* EAGAIN: all read */
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from,
			   len) == n) {
			datagrams++;
			udp_bytes += (unsigned long long)n;
		}
	}
}

int main(int argc, char *argv[])
{
	static int tcp_tag,
		udp_tag; /* their addresses tell the servers apart */
	struct epoll_event events[EVENTS_MAX];
	struct sigaction sa = {.sa_handler = on_signal};
	int port = argc > 1 ? atoi(argv[1]) : 7;
	int tcp, udp;

	if (argc > 2 || port <= 0 || port > 65535) {
		fprintf(stderr, "usage: echo [PORT]\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("echo: epoll_create1");
	tcp = server_socket(SOCK_STREAM, port);
	udp = server_socket(SOCK_DGRAM, port);
	watch(EPOLL_CTL_ADD, tcp, EPOLLIN, &tcp_tag);
	watch(EPOLL_CTL_ADD, udp, EPOLLIN, &udp_tag);
	printf("echo: listening on port %d (tcp, udp)\n", port);
	fflush(stdout);
	while (!stopping) {
		int n = epoll_wait(ep, events, EVENTS_MAX, -1);

		if (n < 0 && errno != EINTR)
			die("echo: epoll_wait");
		for (int i = 0; i < n; i++) {
			void *p = events[i].data.ptr;

			if (p == &tcp_tag)
				accept_all(tcp);
			else if (p == &udp_tag)
				udp_serve(udp);
			else
				conn_serve(p);
		}
	}
	while (conns) { /* what is still open ends with the server */
		struct conn *c = conns;

		conns = c->next;
		close(c->fd);
		free(c);
	}
	printf("echo: stopped by signal %d: %llu connections, %llu bytes; "
	       "%llu datagrams, %llu bytes\n",
	       (int)stopping, connections, tcp_bytes, datagrams, udp_bytes);
	return 0;
}
