/* SPDX-License-Identifier: BSD-3-Clause */
/* setsockopt and getsockopt: Linux's levels and names to lwIP's. */
#include <errno.h>
#include <string.h>
#include <lwip/sockets.h>
#include <tess/posix-socket.h>
#include <tess/syscall.h>

#include "sock_impl.h"

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
};

static const struct opt_map *opt_find(int level, int name)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].lx_level == level && opts[i].lx_name == name)
			return &opts[i];
	return NULL;
}

/* Options kept here rather than in lwIP: accepted, and reported back. */
struct kept {
	int sndbuf, reuseport;
};

TESS_SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name,
		     const void *, val, unsigned, len)
{
	const struct opt_map *m = opt_find(level, name);
	struct tess_file *f;
	struct sock *sk;
	long err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (!val && len)
		err = -EFAULT;
	else if (level == LX_SOL_SOCKET &&
		 (name == LX_SO_SNDBUF || name == LX_SO_REUSEPORT ||
		  name == LX_SO_RCVTIMEO || name == LX_SO_SNDTIMEO))
		/* Buffers are lwIP's pools; one process has no other port
		 * to share with; timeouts: not kept yet (documented). */
		err = len < sizeof(int) ? -EINVAL : 0;
	else if (!m)
		err = -ENOPROTOOPT;
	else if (lwip_setsockopt(sk->s, m->level, m->name, val, len) < 0)
		err = lwip_err();
	tess_file_put(f);
	return err;
}

TESS_SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, void *, val,
		     unsigned *, len)
{
	const struct opt_map *m = opt_find(level, name);
	struct tess_file *f;
	struct sock *sk;
	socklen_t l;
	long err = sock_get(fd, &f, &sk);

	if (err)
		return err;
	if (!val || !len) {
		err = -EFAULT;
	} else if (level == LX_SOL_SOCKET && name == LX_SO_TYPE) {
		if (*len < sizeof(int))
			err = -EINVAL;
		else
			*(int *)val = sk->type, *len = sizeof(int);
	} else if (level == LX_SOL_SOCKET &&
		   (name == LX_SO_SNDBUF || name == LX_SO_REUSEPORT)) {
		if (*len < sizeof(int))
			err = -EINVAL;
		else
			*(int *)val = name == LX_SO_SNDBUF ? TCP_SND_BUF : 0,
			*len = sizeof(int);
	} else if (!m) {
		err = -ENOPROTOOPT;
	} else {
		l = *len;
		if (lwip_getsockopt(sk->s, m->level, m->name, val, &l) < 0)
			err = lwip_err();
		else
			*len = l;
	}
	tess_file_put(f);
	return err;
}
