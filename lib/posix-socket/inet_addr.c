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

int addr_to_lwip(const void *addr, unsigned len, void *out, unsigned *outlen)
{
	struct lx_sockaddr_in in;
	struct sockaddr_in *l = out;

	if (!addr)
		return -EFAULT;
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

int addr_from_lwip(const void *inp, unsigned inlen, void *addr, unsigned *len)
{
	const struct sockaddr_in *l = inp;
	struct lx_sockaddr_in in = {0};
	unsigned want;

	if (!addr || !len)
		return addr || len ? -EFAULT : 0;
	if (inlen < sizeof(*l) || l->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	in.family = LX_AF_INET;
	in.port = l->sin_port;
	in.addr = l->sin_addr.s_addr;
	/* As Linux: cut to the caller's room, the full length reported. */
	want = *len < sizeof(in) ? *len : sizeof(in);
	memcpy(addr, &in, want);
	*len = sizeof(in);
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
