/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockets6: AF_INET6 inside one process over ::1: TCP (blocking and
 * non-blocking connect, accept, both ways), UDP, the addresses
 * getsockname, getpeername, accept and recvfrom give (Linux's 28-byte
 * sockaddr_in6: family, port, flowinfo, address, scope), lengths too
 * short, IPV6_V6ONLY (off by default; on), and dual stack: an IPv6
 * socket bound to :: reached by IPv4 clients, whose addresses it sees as
 * ::ffff:127.0.0.1; numeric getaddrinfo for AF_INET6.
 * Usage: sockets6 DIR (works in a fresh folder under DIR, empty). A host
 * without ::1 (IPv6 disabled) prints one line and checks nothing.
 */
#define _GNU_SOURCE
#include "common.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

static struct sockaddr_in6 addr6(const struct in6_addr *ip, unsigned short port)
{
	struct sockaddr_in6 a = {0};

	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	a.sin6_addr = *ip;
	return a;
}

/* "ADDR scope S flow F len L": what a call put in a sockaddr_in6. */
static const char *name6(const struct sockaddr_in6 *a, socklen_t len)
{
	static char out[128];
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->sin6_family != AF_INET6) {
		snprintf(out, sizeof(out), "family %d len %u", a->sin6_family,
			 (unsigned)len);
		return out;
	}
	inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
	snprintf(out, sizeof(out), "%s scope %u flow %u len %u", ip,
		 (unsigned)a->sin6_scope_id, (unsigned)ntohl(a->sin6_flowinfo),
		 (unsigned)len);
	return out;
}

/* A TCP socket of family listening on ip (any port), or -1; its
 * address in *at. */
static int listener6(const struct in6_addr *ip, int v6only,
		     struct sockaddr_in6 *at)
{
	struct sockaddr_in6 a = addr6(ip, 0);
	socklen_t len = sizeof(a);
	int one = 1, fd = socket(AF_INET6, SOCK_STREAM, 0);

	OK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	if (v6only >= 0)
		OK(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
			      sizeof(v6only)));
	OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	OK(listen(fd, 8));
	OK(getsockname(fd, (struct sockaddr *)&a, &len));
	TRUE("the port picked is not 0", a.sin6_port != 0);
	*at = a;
	return fd;
}

static void tcp(void)
{
	struct sockaddr_in6 at, peer;
	socklen_t len = sizeof(peer);
	char buf[64] = {0};
	int lfd, c, s, v = -1;

	SAY("-- TCP over ::1, blocking");
	lfd = listener6(&in6addr_loopback, -1, &at);
	STR("the listener's name", name6(&at, sizeof(at)),
	    "::1 scope 0 flow 0 len 28");
	c = socket(AF_INET6, SOCK_STREAM, 0);
	len = sizeof(v);
	OK(getsockopt(c, SOL_SOCKET, SO_DOMAIN, &v, &len));
	EQ(v, AF_INET6);
	OK(connect(c, (struct sockaddr *)&at, sizeof(at)));
	len = sizeof(peer);
	s = accept(lfd, (struct sockaddr *)&peer, &len);
	TRUE("accept gives a descriptor", s >= 0);
	STR("accept's peer", name6(&peer, len), "::1 scope 0 flow 0 len 28");
	len = sizeof(peer);
	OK(getpeername(c, (struct sockaddr *)&peer, &len));
	STR("the client's peer", name6(&peer, len),
	    "::1 scope 0 flow 0 len 28");
	TRUE("the client's peer is the listener's port",
	     peer.sin6_port == at.sin6_port);
	len = sizeof(peer);
	OK(getsockname(s, (struct sockaddr *)&peer, &len));
	TRUE("the accepted socket's port is the listener's",
	     peer.sin6_port == at.sin6_port);
	/* A buffer too short: cut, and the full length said. */
	len = 16;
	memset(&peer, 0, sizeof(peer));
	OK(getsockname(c, (struct sockaddr *)&peer, &len));
	EQ(len, 28);
	TRUE("cut to 16 bytes: the family is there, the address is not",
	     peer.sin6_family == AF_INET6 &&
		     !IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr));
	EQ(send(c, "hello", 5, 0), 5);
	EQ(recv(s, buf, sizeof(buf), 0), 5);
	STR("received", buf, "hello");
	EQ(write(s, "world!", 6), 6);
	memset(buf, 0, sizeof(buf));
	EQ(read(c, buf, sizeof(buf)), 6);
	STR("read back", buf, "world!");
	OK(shutdown(c, SHUT_WR));
	EQ(recv(s, buf, sizeof(buf), 0), 0);
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
}

static void nonblocking(void)
{
	struct sockaddr_in6 at;
	struct pollfd p;
	struct epoll_event ev = {.events = EPOLLIN}, got;
	int lfd, c, s, r, ep, err = -1;
	socklen_t len = sizeof(err);
	char buf[8];

	SAY("-- TCP over ::1, non-blocking");
	lfd = listener6(&in6addr_loopback, -1, &at);
	c = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	r = connect(c, (struct sockaddr *)&at, sizeof(at));
	TRUE("connect: done or EINPROGRESS",
	     r == 0 || (r < 0 && errno == EINPROGRESS));
	p = (struct pollfd){c, POLLOUT, 0};
	EQ(poll(&p, 1, 5000), 1);
	TRUE("POLLOUT once connected", (p.revents & POLLOUT) != 0);
	OK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len));
	EQ(err, 0);
	ep = epoll_create1(0);
	ev.data.fd = lfd;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev));
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	s = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	TRUE("accept4 gives a descriptor", s >= 0);
	ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	ev.data.fd = s;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	EQ(send(c, "x", 1, 0), 1);
	EQ(epoll_wait(ep, &got, 1, 5000), 1);
	TRUE("epoll: the accepted socket is readable", got.data.fd == s);
	EQ(recv(s, buf, sizeof(buf), 0), 1);
	OK(close(ep));
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
	SAY("-- refused");
	c = socket(AF_INET6, SOCK_STREAM, 0);
	ERR(connect(c, (struct sockaddr *)&at, sizeof(at)), ECONNREFUSED);
	OK(close(c));
}

static void udp(void)
{
	struct sockaddr_in6 a = addr6(&in6addr_loopback, 0), b = a, from;
	socklen_t len = sizeof(a);
	char buf[32] = {0};
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	int w = socket(AF_INET6, SOCK_DGRAM, 0);

	SAY("-- UDP over ::1");
	OK(bind(u, (struct sockaddr *)&a, sizeof(a)));
	OK(getsockname(u, (struct sockaddr *)&a, &len));
	STR("bound", name6(&a, len), "::1 scope 0 flow 0 len 28");
	OK(bind(w, (struct sockaddr *)&b, sizeof(b)));
	len = sizeof(b);
	OK(getsockname(w, (struct sockaddr *)&b, &len));
	EQ(sendto(w, "ping", 4, 0, (struct sockaddr *)&a, sizeof(a)), 4);
	len = sizeof(from);
	EQ(recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len), 4);
	STR("datagram", buf, "ping");
	STR("from", name6(&from, len), "::1 scope 0 flow 0 len 28");
	TRUE("from the sender's port", from.sin6_port == b.sin6_port);
	OK(connect(u, (struct sockaddr *)&from, len));
	EQ(send(u, "pong", 4, 0), 4);
	memset(buf, 0, sizeof(buf));
	EQ(recv(w, buf, sizeof(buf), 0), 4);
	STR("answer", buf, "pong");
	OK(close(u));
	OK(close(w));
}

static void addresses(void)
{
	struct sockaddr_in6 a = addr6(&in6addr_loopback, 0);
	struct sockaddr_in in = {.sin_family = AF_INET};
	int t = socket(AF_INET6, SOCK_STREAM, 0), v = -1;
	int t4 = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t len = sizeof(v);

	SAY("-- addresses and options");
	EQ(sizeof(struct sockaddr_in6), 28);
	ERR(bind(t, (struct sockaddr *)&a, 20), EINVAL);
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ERR(connect(t, (struct sockaddr *)&in, sizeof(in)), EINVAL);
	a.sin6_family = AF_INET;
	ERR(bind(t, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT);
	a.sin6_family = AF_INET6;
	OK(getsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
	EQ(v, 0);
	EQ(len, sizeof(int));
	/* RFC 2133's sockaddr_in6, without scope_id, is taken. Bound to an
	 * IPv6 address (not ::, not v4-mapped), the socket is IPv6 only. */
	OK(bind(t, (struct sockaddr *)&a, 24));
	OK(getsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
	EQ(v, 1);
	v = 0;
	/* Once bound, too late. */
	ERR(setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)), EINVAL);
	ERR(setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, 2), EINVAL);
	/* IPv4 sockets have no IPv6 level (Linux's ip_getsockopt and
	 * ip_setsockopt say it differently). */
	ERR(getsockopt(t4, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len), EOPNOTSUPP);
	ERR(setsockopt(t4, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)),
	    ENOPROTOOPT);
	OK(close(t));
	t = socket(AF_INET6, SOCK_DGRAM, 0);
	v = 1;
	OK(setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)));
	v = -1;
	len = sizeof(v);
	OK(getsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
	EQ(v, 1);
	OK(close(t));
	OK(close(t4));
	{
		struct addrinfo hints = {.ai_family = AF_INET6,
					 .ai_socktype = SOCK_STREAM,
					 .ai_flags = AI_NUMERICHOST};
		struct addrinfo *res = NULL;

		EQ(getaddrinfo("::1", "80", &hints, &res), 0);
		if (res) {
			EQ(res->ai_addrlen, 28);
			STR("getaddrinfo ::1",
			    name6((struct sockaddr_in6 *)res->ai_addr,
				  res->ai_addrlen),
			    "::1 scope 0 flow 0 len 28");
			freeaddrinfo(res);
		}
		hints.ai_flags = AI_PASSIVE;
		res = NULL;
		EQ(getaddrinfo(NULL, "80", &hints, &res), 0);
		if (res) {
			STR("getaddrinfo passive",
			    name6((struct sockaddr_in6 *)res->ai_addr,
				  res->ai_addrlen),
			    ":: scope 0 flow 0 len 28");
			freeaddrinfo(res);
		}
	}
}

/* An IPv6 listener on :: with IPV6_V6ONLY as v6only (-1: the default),
 * and an IPv4 client to 127.0.0.1 at its port. */
static void dual_tcp(int v6only)
{
	struct sockaddr_in6 at, peer;
	struct sockaddr_in to = {.sin_family = AF_INET};
	socklen_t len;
	int lfd, c, s;

	SAY("-- TCP: an IPv4 client to a listener on [::], IPV6_V6ONLY %s",
	    v6only < 0 ? "by default"
	    : v6only   ? "1"
		       : "0");
	lfd = listener6(&in6addr_any, v6only, &at);
	to.sin_port = at.sin6_port;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (v6only == 1) {
		ERR(connect(c, (struct sockaddr *)&to, sizeof(to)),
		    ECONNREFUSED);
		OK(close(c));
		OK(close(lfd));
		return;
	}
	OK(connect(c, (struct sockaddr *)&to, sizeof(to)));
	len = sizeof(peer);
	s = accept(lfd, (struct sockaddr *)&peer, &len);
	TRUE("accept gives a descriptor", s >= 0);
	STR("the IPv4 peer as IPv6", name6(&peer, len),
	    "::ffff:127.0.0.1 scope 0 flow 0 len 28");
	len = sizeof(peer);
	OK(getsockname(s, (struct sockaddr *)&peer, &len));
	STR("the accepted socket's own name", name6(&peer, len),
	    "::ffff:127.0.0.1 scope 0 flow 0 len 28");
	EQ(send(c, "v4", 2, 0), 2);
	{
		char buf[8] = {0};

		EQ(recv(s, buf, sizeof(buf), 0), 2);
		STR("received from the IPv4 client", buf, "v4");
	}
	OK(close(s));
	OK(close(c));
	OK(close(lfd));
}

static void dual_udp(void)
{
	struct sockaddr_in6 a = addr6(&in6addr_any, 0), from;
	struct sockaddr_in to = {.sin_family = AF_INET}, back;
	socklen_t len = sizeof(a);
	char buf[16] = {0};
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	int w = socket(AF_INET, SOCK_DGRAM, 0);

	SAY("-- UDP: an IPv4 datagram to a socket on [::]");
	OK(bind(u, (struct sockaddr *)&a, sizeof(a)));
	OK(getsockname(u, (struct sockaddr *)&a, &len));
	STR("bound", name6(&a, len), ":: scope 0 flow 0 len 28");
	to.sin_port = a.sin6_port;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	EQ(sendto(w, "four", 4, 0, (struct sockaddr *)&to, sizeof(to)), 4);
	len = sizeof(from);
	EQ(recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len), 4);
	STR("from", name6(&from, len),
	    "::ffff:127.0.0.1 scope 0 flow 0 len 28");
	EQ(sendto(u, "six", 3, 0, (struct sockaddr *)&from, len), 3);
	len = sizeof(back);
	memset(buf, 0, sizeof(buf));
	EQ(recvfrom(w, buf, sizeof(buf), 0, (struct sockaddr *)&back, &len), 3);
	STR("the answer to the v4-mapped address", buf, "six");
	EQ(len, 16);
	TRUE("from 127.0.0.1", back.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	OK(close(u));
	OK(close(w));
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 a = addr6(&in6addr_loopback, 0);
	int probe;

	pt_start("sockets6", argc, argv);
	probe = socket(AF_INET6, SOCK_DGRAM, 0);
	if (probe < 0 || bind(probe, (struct sockaddr *)&a, sizeof(a)) < 0) {
		/* Said the same way on both sides: nothing to compare. */
		printf("no IPv6 (::1) here: nothing checked\n");
		if (probe >= 0)
			close(probe);
		return pt_finish();
	}
	close(probe);
	tcp();
	nonblocking();
	udp();
	addresses();
	dual_tcp(-1);
	dual_tcp(0);
	dual_tcp(1);
	dual_udp();
	return pt_finish();
}
