/* SPDX-License-Identifier: BSD-3-Clause */
/* Socket addresses and message flags: Linux's to lwIP's and back. */
#include <errno.h>
#include <lwip/sockets.h>
#include <string.h>

#include "inet_impl.h"

/* Linux's struct sockaddr_in: a 16-bit family, then as lwIP's. */
struct lx_sockaddr_in {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t addr; /* network order */
	uint8_t zero[8];
};

/* Linux's struct sockaddr_in6 (28 bytes; RFC 2133's had no scope_id: 24). */
struct lx_sockaddr_in6 {
	uint16_t family;
	uint16_t port;	   /* network order */
	uint32_t flowinfo; /* network order */
	uint8_t addr[16];
	uint32_t scope_id; /* the interface index of a link-local address */
};
#define LX_SIN6_LEN_RFC2133 24

static int addr4_to_lwip(const void *addr, unsigned len, void *out,
			 unsigned *outlen)
{
	struct lx_sockaddr_in in;
	struct sockaddr_in *l = out;

	if (len < sizeof(uint16_t))
		return -EINVAL;
	memcpy(&in.family, addr, sizeof(in.family));
	if (in.family != LX_AF_INET)
		return -EAFNOSUPPORT;
	if (len < 8)
		return -EINVAL;
	memcpy(&in, addr, len < sizeof(in) ? len : sizeof(in));
	memset(l, 0, sizeof(*l));
	l->sin_len = sizeof(*l);
	l->sin_family = AF_INET;
	l->sin_port = in.port;
	l->sin_addr.s_addr = in.addr;
	*outlen = sizeof(*l);
	return 0;
}

#if LWIP_IPV6
/* As Linux's bind and connect: the length first, then the family. */
static int addr6_to_lwip(const void *addr, unsigned len, void *out,
			 unsigned *outlen)
{
	struct lx_sockaddr_in6 in = {0};
	struct sockaddr_in6 *l = out;

	if (len < LX_SIN6_LEN_RFC2133)
		return -EINVAL;
	memcpy(&in, addr, len < sizeof(in) ? len : sizeof(in));
	if (in.family != LX_AF_INET6)
		return -EAFNOSUPPORT;
	memset(l, 0, sizeof(*l));
	l->sin6_len = sizeof(*l);
	l->sin6_family = AF_INET6;
	l->sin6_port = in.port;
	l->sin6_flowinfo = in.flowinfo;
	memcpy(&l->sin6_addr, in.addr, sizeof(in.addr));
	/* lwIP's zones are its interface indexes (loopback 1, net0 2), which
	 * are what Linux's usually are (lo 1, eth0 2). */
	l->sin6_scope_id = in.scope_id;
	*outlen = sizeof(*l);
	return 0;
}
#endif

int addr_to_lwip(int family, const void *addr, unsigned len, void *out,
		 unsigned *outlen)
{
	if (!addr)
		return -EFAULT;
#if LWIP_IPV6
	if (family == LX_AF_INET6)
		return addr6_to_lwip(addr, len, out, outlen);
#endif
	(void)family;
	return addr4_to_lwip(addr, len, out, outlen);
}

int addr_from_lwip(const void *inp, unsigned inlen, void *addr, unsigned *len)
{
	const struct sockaddr *sa = inp;
	union {
		struct lx_sockaddr_in in;
		struct lx_sockaddr_in6 in6;
	} lx = {0};
	unsigned size, want;

	if (!addr || !len)
		return addr || len ? -EFAULT : 0;
	if (inlen >= sizeof(struct sockaddr_in) && sa->sa_family == AF_INET) {
		const struct sockaddr_in *l = inp;

		lx.in.family = LX_AF_INET;
		lx.in.port = l->sin_port;
		lx.in.addr = l->sin_addr.s_addr;
		size = sizeof(lx.in);
#if LWIP_IPV6
	} else if (inlen >= sizeof(struct sockaddr_in6) &&
		   sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *l = inp;

		lx.in6.family = LX_AF_INET6;
		lx.in6.port = l->sin6_port;
		lx.in6.flowinfo = l->sin6_flowinfo;
		memcpy(lx.in6.addr, &l->sin6_addr, sizeof(lx.in6.addr));
		lx.in6.scope_id = l->sin6_scope_id;
		size = sizeof(lx.in6);
#endif
	} else {
		return -EAFNOSUPPORT;
	}
	/* As Linux: cut to the caller's room, the full length reported. */
	want = *len < size ? *len : size;
	memcpy(addr, &lx, want);
	*len = size;
	return 0;
}

int msg_flags_to_lwip(int flags)
{
	int out = 0;

	if (flags & ~(LX_MSG_PEEK | LX_MSG_DONTWAIT | LX_MSG_NOSIGNAL |
		      LX_MSG_MORE | LX_MSG_WAITALL | LX_MSG_TRUNC))
		return -EOPNOTSUPP;
	if (flags & LX_MSG_PEEK)
		out |= MSG_PEEK;
	if (flags & LX_MSG_MORE)
		out |= MSG_MORE;
	/* MSG_WAITALL is done above lwIP (io.c); MSG_NOSIGNAL is ours. */
	return out | MSG_DONTWAIT; /* lwIP never waits: io.c does */
}

int lwip_err(void)
{
	return errno ? -errno : -EIO;
}
