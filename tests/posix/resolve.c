/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Name and address lookups as the C library makes them (getaddrinfo,
 * getnameinfo, gethostbyname, inet_pton/ntop): numeric addresses and
 * ports, localhost from /etc/hosts, the errors for what cannot be
 * resolved without asking a server, and a connection to what
 * getaddrinfo gave. IPv4 only (hints AF_INET): what Tessera has.
 *
 * With RESOLVE_NAME=NAME in the environment it also resolves NAME
 * (through /etc/resolv.conf's server: tests/integration/dns.sh gives it
 * one) and prints "NAME = A.B.C.D"; posix-diff.sh runs it without.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "common.h"

/* getaddrinfo's first IPv4 address of host (NULL: the wildcard with
 * AI_PASSIVE) and service, or its error's name. */
static const char *lookup(const char *host, const char *service, int flags,
			  int socktype, char *out, size_t size)
{
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = socktype,
				 .ai_flags = flags};
	struct addrinfo *res = NULL;
	int err = getaddrinfo(host, service, &hints, &res);

	if (err) {
		switch (err) {
		case EAI_NONAME: return "EAI_NONAME";
		case EAI_SERVICE: return "EAI_SERVICE";
		case EAI_FAMILY: return "EAI_FAMILY";
		case EAI_BADFLAGS: return "EAI_BADFLAGS";
		case EAI_AGAIN: return "EAI_AGAIN";
		case EAI_FAIL: return "EAI_FAIL";
		default: return "another error";
		}
	}
	{
		struct sockaddr_in *a = (struct sockaddr_in *)res->ai_addr;
		char ip[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		snprintf(out, size, "%s port %d type %s", ip, ntohs(a->sin_port),
			 res->ai_socktype == SOCK_STREAM  ? "stream"
			 : res->ai_socktype == SOCK_DGRAM ? "dgram"
							  : "other");
	}
	freeaddrinfo(res);
	return out;
}

static void getaddrinfo_checks(void)
{
	char buf[128];

	pt_str("getaddrinfo 10.1.2.3:80 stream",
	       lookup("10.1.2.3", "80", 0, SOCK_STREAM, buf, sizeof(buf)),
	       "10.1.2.3 port 80 type stream");
	pt_str("getaddrinfo 127.0.0.1:53 dgram",
	       lookup("127.0.0.1", "53", AI_NUMERICHOST | AI_NUMERICSERV,
		      SOCK_DGRAM, buf, sizeof(buf)),
	       "127.0.0.1 port 53 type dgram");
	pt_str("getaddrinfo localhost:7 (/etc/hosts)",
	       lookup("localhost", "7", 0, SOCK_STREAM, buf, sizeof(buf)),
	       "127.0.0.1 port 7 type stream");
	pt_str("getaddrinfo passive wildcard :8080",
	       lookup(NULL, "8080", AI_PASSIVE, SOCK_STREAM, buf, sizeof(buf)),
	       "0.0.0.0 port 8080 type stream");
	pt_str("getaddrinfo loopback (no host, not passive)",
	       lookup(NULL, "9", 0, SOCK_STREAM, buf, sizeof(buf)),
	       "127.0.0.1 port 9 type stream");
	pt_str("getaddrinfo a name with AI_NUMERICHOST",
	       lookup("localhost", "80", AI_NUMERICHOST, SOCK_STREAM, buf,
		      sizeof(buf)),
	       "EAI_NONAME");
	pt_str("getaddrinfo a service name with AI_NUMERICSERV",
	       lookup("127.0.0.1", "echo", AI_NUMERICSERV, SOCK_STREAM, buf,
		      sizeof(buf)),
	       "EAI_NONAME");
	pt_str("getaddrinfo a bad dotted address, numeric only",
	       lookup("10.1.2.300", "80", AI_NUMERICHOST, SOCK_STREAM, buf,
		      sizeof(buf)),
	       "EAI_NONAME");
	pt_str("getaddrinfo neither host nor service",
	       lookup(NULL, NULL, 0, SOCK_STREAM, buf, sizeof(buf)),
	       "EAI_NONAME");
}

static void getnameinfo_checks(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8080)};
	char host[64] = "", serv[32] = "";

	inet_pton(AF_INET, "192.0.2.7", &a.sin_addr);
	OK(getnameinfo((struct sockaddr *)&a, sizeof(a), host, sizeof(host),
		       serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV));
	pt_str("getnameinfo numeric host", host, "192.0.2.7");
	pt_str("getnameinfo numeric service", serv, "8080");
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	OK(getnameinfo((struct sockaddr *)&a, sizeof(a), host, sizeof(host),
		       NULL, 0, NI_NAMEREQD));
	pt_str("getnameinfo 127.0.0.1 by name (/etc/hosts)", host, "localhost");
}

static void conversions(void)
{
	struct in_addr in;
	char text[INET_ADDRSTRLEN];

	pt_eq("inet_pton 192.168.1.254", inet_pton(AF_INET, "192.168.1.254", &in),
	      0, 1);
	pt_str("inet_ntop back", inet_ntop(AF_INET, &in, text, sizeof(text)),
	       "192.168.1.254");
	pt_eq("inet_pton 1.2.3", inet_pton(AF_INET, "1.2.3", &in), 0, 0);
	pt_eq("inet_pton 256.1.1.1", inet_pton(AF_INET, "256.1.1.1", &in), 0, 0);
	pt_eq("inet_addr 10.0.0.1 (network order)",
	      (long)ntohl(inet_addr("10.0.0.1")), 0, 0x0a000001);
}

static void gethostbyname_checks(void)
{
	struct hostent *h = gethostbyname("localhost");
	char text[INET_ADDRSTRLEN] = "";

	if (h && h->h_addrtype == AF_INET && h->h_addr_list[0])
		inet_ntop(AF_INET, h->h_addr_list[0], text, sizeof(text));
	pt_str("gethostbyname localhost", text, "127.0.0.1");
}

/* A listener on 127.0.0.1 and a connection to what getaddrinfo gives
 * for localhost. */
static void connect_by_name(void)
{
	struct addrinfo hints = {.ai_family = AF_INET,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	char port[8];
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	OK(bind(l, (struct sockaddr *)&a, sizeof(a)));
	OK(listen(l, 1));
	getsockname(l, (struct sockaddr *)&a, &len);
	snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
	pt_eq("getaddrinfo localhost and the listener's port",
	      getaddrinfo("localhost", port, &hints, &res), 0, 0);
	if (!res)
		return;
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK(connect(c, res->ai_addr, res->ai_addrlen));
	s = accept(l, NULL, NULL);
	pt_eq("write through it", write(c, "hi", 2), errno, 2);
	{
		char b[4] = "";

		pt_eq("read on the accepted side", read(s, b, sizeof(b)), errno, 2);
	}
	freeaddrinfo(res);
	close(c);
	close(s);
	close(l);
}

int main(int argc, char **argv)
{
	const char *name = getenv("RESOLVE_NAME");

	pt_start("resolve", argc, argv);
	getaddrinfo_checks();
	getnameinfo_checks();
	conversions();
	gethostbyname_checks();
	connect_by_name();
	if (name) {
		char buf[128];

		printf("%s = %s\n", name,
		       lookup(name, NULL, 0, SOCK_STREAM, buf, sizeof(buf)));
	}
	return pt_finish();
}
