/* SPDX-License-Identifier: BSD-3-Clause */
/* AF_UNIX socket options (SOL_SOCKET): buffers, SO_ERROR, SO_PEERCRED,
 * SO_PASSCRED, SO_ACCEPTCONN, SO_REUSEADDR. SO_TYPE, SO_DOMAIN and the
 * timeouts are lib/posix-socket's. */
#include <errno.h>
#include <string.h>
#include <tess/plat/irq.h>
#include <tess/posix-process.h>

#include "unix_impl.h"

#define LX_SO_REUSEADDR	 2
#define LX_SO_SNDBUF	 7
#define LX_SO_RCVBUF	 8
#define LX_SO_PASSCRED	 16
#define LX_SO_PEERCRED	 17
#define LX_SO_ACCEPTCONN 30
#define LX_SO_PROTOCOL	 38
#define OVERFLOW_ID	 65534 /* Linux's overflowuid: no credentials */

long unix_setsockopt(struct tess_file *f, int level, int name, const void *val,
		     unsigned len)
{
	struct usock *u = f->data;
	int v;

	if (level != TESS_SOL_SOCKET)
		return -EOPNOTSUPP;
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case LX_SO_SNDBUF:
	case LX_SO_RCVBUF: {
		/* As Linux: capped at the maximum, doubled, at least the
		 * minimum. */
		unsigned n = (unsigned)v > BUF_MAX ? BUF_MAX : (unsigned)v;
		int min = name == LX_SO_SNDBUF ? SNDBUF_MIN : RCVBUF_MIN;
		bool was = tess_plat_irq_save();

		n *= 2;
		*(name == LX_SO_SNDBUF ? &u->sndbuf : &u->rcvbuf) =
			(int)n < min ? min : (int)n;
		usock_notify(u);
		tess_plat_irq_restore(was);
		return 0;
	}
	case LX_SO_PASSCRED: u->passcred = v != 0; return 0;
	case LX_SO_REUSEADDR: u->reuseaddr = v != 0; return 0;
	default: return -ENOPROTOOPT;
	}
}

/* Linux's struct ucred. */
struct lx_ucred {
	int32_t pid;
	uint32_t uid, gid;
};

long unix_getsockopt(struct tess_file *f, int level, int name, void *val,
		     unsigned *len)
{
	struct usock *u = f->data;
	int v;
	bool was;

	if (level != TESS_SOL_SOCKET)
		return -EOPNOTSUPP;
	if (name == LX_SO_PEERCRED) {
		/* One process: the image's own credentials, once there is
		 * a peer (or a listen), as Linux records them then. */
		struct lx_ucred c = {0, OVERFLOW_ID, OVERFLOW_ID};

		if (u->peer || u->state == US_LISTEN) {
			c.pid = (int32_t)tess_sys_getpid();
			c.uid = (uint32_t)tess_sys_getuid();
			c.gid = (uint32_t)tess_sys_getgid();
		}
		if (*len > sizeof(c))
			*len = sizeof(c);
		memcpy(val, &c, *len);
		return 0;
	}
	if (*len < sizeof(int))
		return -EINVAL;
	was = tess_plat_irq_save();
	switch (name) {
	case LX_SO_SNDBUF: v = u->sndbuf; break;
	case LX_SO_RCVBUF: v = u->rcvbuf; break;
	case TESS_SO_ERROR:
		v = u->err;
		u->err = 0;
		break;
	case LX_SO_PASSCRED: v = u->passcred; break;
	case LX_SO_REUSEADDR: v = u->reuseaddr; break;
	case LX_SO_ACCEPTCONN: v = u->state == US_LISTEN; break;
	case LX_SO_PROTOCOL: v = 0; break;
	default: tess_plat_irq_restore(was); return -ENOPROTOOPT;
	}
	tess_plat_irq_restore(was);
	memcpy(val, &v, sizeof(v));
	*len = sizeof(int);
	return 0;
}
