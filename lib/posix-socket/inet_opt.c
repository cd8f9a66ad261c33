/* SPDX-License-Identifier: BSD-3-Clause */
/* setsockopt and getsockopt: Linux's levels and names to lwIP's. */
#include <errno.h>
#include <lwip/sockets.h>
#include <string.h>
#include <tess/posix-socket.h>

#include "inet_impl.h"

struct opt_map {
	int lx_level, lx_name, level, name;
};

static const struct opt_map opts[] = {
	{LX_SOL_SOCKET, LX_SO_REUSEADDR, SOL_SOCKET, SO_REUSEADDR},
	{LX_SOL_SOCKET, LX_SO_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE},
	{LX_SOL_SOCKET, LX_SO_BROADCAST, SOL_SOCKET, SO_BROADCAST},
	{LX_SOL_SOCKET, LX_SO_LINGER, SOL_SOCKET, SO_LINGER},
	{LX_SOL_SOCKET, LX_SO_RCVBUF, SOL_SOCKET, SO_RCVBUF},
	{LX_SOL_SOCKET, LX_SO_ERROR, SOL_SOCKET, SO_ERROR},
	{LX_IPPROTO_TCP, LX_TCP_NODELAY, IPPROTO_TCP, TCP_NODELAY},
	{LX_IPPROTO_TCP, LX_TCP_KEEPIDLE, IPPROTO_TCP, TCP_KEEPIDLE},
	{LX_IPPROTO_TCP, LX_TCP_KEEPINTVL, IPPROTO_TCP, TCP_KEEPINTVL},
	{LX_IPPROTO_TCP, LX_TCP_KEEPCNT, IPPROTO_TCP, TCP_KEEPCNT},
	{LX_IPPROTO_IP, LX_IP_TOS, IPPROTO_IP, IP_TOS},
	{LX_IPPROTO_IP, LX_IP_TTL, IPPROTO_IP, IP_TTL},
#if LWIP_IPV6
	/* lwIP's number is 27, Linux's 26. */
	{LX_IPPROTO_IPV6, LX_IPV6_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY},
#endif
};

static const struct opt_map *opt_find(int level, int name)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].lx_level == level && opts[i].lx_name == name)
			return &opts[i];
	return NULL;
}

long inet_setsockopt(struct tess_file *f, int level, int name, const void *val,
		     unsigned len)
{
	struct sock *sk = f->data;
	const struct opt_map *m = opt_find(level, name);

	/* Linux's IPv4 sockets have no IPv6 level (ip_setsockopt:
	 * ENOPROTOOPT); lwIP would set it on any socket. */
	if (level == LX_IPPROTO_IPV6 && sock_family(sk) != LX_AF_INET6)
		return -ENOPROTOOPT;
#if LWIP_IPV6
	if (level == LX_IPPROTO_IPV6 && name == LX_IPV6_V6ONLY) {
		/* As Linux: an int, and not once the socket has a port. */
		struct sockaddr_storage a;
		socklen_t alen = sizeof(a);

		if (len < sizeof(int))
			return -EINVAL;
		if (lwip_getsockname(sk->s, (struct sockaddr *)&a, &alen) ==
			    0 &&
		    ((struct sockaddr_in6 *)&a)->sin6_port != 0)
			return -EINVAL;
	}
#endif
	if (level == LX_SOL_SOCKET &&
	    (name == LX_SO_SNDBUF || name == LX_SO_REUSEPORT))
		/* Buffers are lwIP's pools; one process has no other port
		 * to share with. */
		return len < sizeof(int) ? -EINVAL : 0;
	if (!m)
		return -ENOPROTOOPT;
	if (lwip_setsockopt(sk->s, m->level, m->name, val, len) < 0)
		return lwip_err();
	return 0;
}

long inet_getsockopt(struct tess_file *f, int level, int name, void *val,
		     unsigned *len)
{
	struct sock *sk = f->data;
	const struct opt_map *m = opt_find(level, name);
	socklen_t l;

	/* ip_getsockopt's answer for a level not its own. */
	if (level == LX_IPPROTO_IPV6 && sock_family(sk) != LX_AF_INET6)
		return -EOPNOTSUPP;

	if (level == LX_SOL_SOCKET &&
	    (name == LX_SO_SNDBUF || name == LX_SO_REUSEPORT)) {
		if (*len < sizeof(int))
			return -EINVAL;
		*(int *)val = name == LX_SO_SNDBUF ? TCP_SND_BUF : 0;
		*len = sizeof(int);
		return 0;
	}
	if (!m)
		return -ENOPROTOOPT;
	l = *len;
	if (lwip_getsockopt(sk->s, m->level, m->name, val, &l) < 0)
		return lwip_err();
	*len = l;
	return 0;
}
