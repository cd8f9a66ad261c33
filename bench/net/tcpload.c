/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client of bench/net/tcp: drives a TCP echo server (apps/echo in a
 * guest, or the same program natively) and prints one line of results.
 *
 * usage: tcpload ADDR PORT rr CONNS SECONDS   request/response: CONNS
 *            connections each sending 64 bytes and waiting for their
 *            echo, for SECONDS; prints "rr N rate R p50_us P p99_us Q"
 *        tcpload ADDR PORT stream MIB          MIB through one connection
 *            and back; prints "stream MBps R"
 *        tcpload ADDR PORT connect SECONDS     connect, 1 byte there and
 *            back, a reset, one after another; prints "connect rate R"
 * Exit status 1 when the server misbehaves (a wrong echo, an early end).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RR_SIZE	    64
#define SAMPLES_MAX (1 << 24)

static struct sockaddr_in server;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static __attribute__((noreturn)) void fail(const char *what)
{
	perror(what);
	exit(1);
}

static int dial(void)
{
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof(server)))
		fail("tcpload: connect");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Reads exactly len bytes (blocking). */
static void read_all(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);

		if (n <= 0)
			fail("tcpload: read (the echo ended early)");
		buf += n;
		len -= (size_t)n;
	}
}

struct rr_conn {
	int fd;
	size_t got;
	uint64_t sent_at;
	char buf[RR_SIZE];
};

static int rr(int conns, double seconds)
{
	const int conns_total = conns;
	static const char msg[RR_SIZE] =
		"request-response: 64 bytes there and back";
	struct rr_conn *c = calloc((size_t)conns, sizeof(*c));
	uint64_t *lat = malloc(SAMPLES_MAX * sizeof(*lat)), n = 0, start, end;
	int ep = epoll_create1(0);

	if (!c || !lat || ep < 0)
		fail("tcpload: memory");
	for (int i = 0; i < conns; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &c[i]};

		c[i].fd = dial();
		if (epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev))
			fail("tcpload: epoll_ctl");
	}
	start = now_ns();
	end = start + (uint64_t)(seconds * 1e9);
	for (int i = 0; i < conns; i++) {
		c[i].sent_at = now_ns();
		if (write(c[i].fd, msg, RR_SIZE) != RR_SIZE)
			fail("tcpload: write");
	}
	for (;;) {
		struct epoll_event evs[64];
		int k = epoll_wait(ep, evs, 64, 10000);
		uint64_t t;

		if (k <= 0)
			fail("tcpload: no echo for 10 s");
		t = now_ns();
		for (int j = 0; j < k; j++) {
			struct rr_conn *x = evs[j].data.ptr;
			ssize_t r =
				read(x->fd, x->buf + x->got, RR_SIZE - x->got);

			if (r <= 0)
				fail("tcpload: read (the echo ended early)");
			x->got += (size_t)r;
			if (x->got < RR_SIZE)
				continue;
			if (memcmp(x->buf, msg, RR_SIZE) != 0) {
				fprintf(stderr, "tcpload: a wrong echo\n");
				exit(1);
			}
			if (n < SAMPLES_MAX)
				lat[n++] = t - x->sent_at;
			x->got = 0;
			if (t < end) {
				x->sent_at = now_ns();
				if (write(x->fd, msg, RR_SIZE) != RR_SIZE)
					fail("tcpload: write");
			} else {
				conns--;
			}
		}
		if (conns == 0)
			break;
	}
	qsort(lat, n, sizeof(*lat), cmp_u64);
	{
		uint64_t p50 = lat[n / 2], p99 = lat[n * 99 / 100];

		printf("rr %llu rate %.0f p50_us %.1f p99_us %.1f\n",
		       (unsigned long long)n,
		       (double)n * 1e9 / (double)(now_ns() - start),
		       (double)p50 / 1e3, (double)p99 / 1e3);
	}
	for (int i = 0; i < conns_total; i++)
		close(c[i].fd);
	free(c);
	free(lat);
	return 0;
}

static int stream(long mib)
{
	static char out[1 << 20], in[1 << 20];
	uint64_t total = (uint64_t)mib << 20, sent = 0, got = 0, start;
	int fd = dial(), ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = fd};

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 131 + (i >> 9));
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		fail("tcpload: epoll");
	start = now_ns();
	while (got < total) {
		struct epoll_event e;

		if (epoll_wait(ep, &e, 1, 10000) != 1)
			fail("tcpload: no progress for 10 s");
		if ((e.events & EPOLLOUT) && sent < total) {
			uint64_t off = sent % sizeof(out),
				 len = sizeof(out) - off;
			ssize_t w;

			if (len > total - sent)
				len = total - sent;
			w = send(fd, out + off, len, MSG_DONTWAIT);
			if (w > 0)
				sent += (uint64_t)w;
			if (sent == total) {
				ev.events = EPOLLIN;
				epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
			}
		}
		if (e.events & EPOLLIN) {
			ssize_t r = recv(fd, in, sizeof(in), MSG_DONTWAIT);

			if (r == 0 || (r < 0 && errno != EAGAIN))
				fail("tcpload: recv (the echo ended early)");
			for (ssize_t i = 0; i < r; i++)
				if (in[i] !=
				    out[(got + (uint64_t)i) % sizeof(out)]) {
					fprintf(stderr,
						"tcpload: a wrong echo\n");
					return 1;
				}
			if (r > 0)
				got += (uint64_t)r;
		}
	}
	printf("stream MBps %.1f\n",
	       (double)total / 1e6 * 1e9 / (double)(now_ns() - start));
	close(fd);
	return 0;
}

static int connects(double seconds)
{
	uint64_t start = now_ns(), end = start + (uint64_t)(seconds * 1e9),
		 n = 0;
	struct linger reset = {1, 0};
	char b = 'x', back;

	while (now_ns() < end) {
		int fd = dial();

		if (write(fd, &b, 1) != 1)
			fail("tcpload: write");
		read_all(fd, &back, 1);
		/* A reset, not a FIN: no TIME_WAIT on either side. Thousands
		 * of them (on the client or on the server) slowed native
		 * Linux's connects to a few hundred a second after the first
		 * repeat, a measure of the test, not of the stack. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
		close(fd);
		n++;
	}
	printf("connect rate %.0f\n",
	       (double)n * 1e9 / (double)(now_ns() - start));
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc < 4)
		goto usage;
	server.sin_family = AF_INET;
	server.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1)
		goto usage;
	if (!strcmp(argv[3], "rr") && argc == 6)
		return rr(atoi(argv[4]), atof(argv[5]));
	if (!strcmp(argv[3], "stream") && argc == 5)
		return stream(atol(argv[4]));
	if (!strcmp(argv[3], "connect") && argc == 5)
		return connects(atof(argv[4]));
usage:
	fprintf(stderr,
		"usage: tcpload ADDR PORT rr CONNS SECONDS | stream MIB | "
		"connect SECONDS\n");
	return 64;
}
