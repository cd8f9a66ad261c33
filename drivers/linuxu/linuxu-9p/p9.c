/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host folders of a linuxu image: tess run -v runs the same 9P server as
 * tess-vmm's (confined to the folder) in its own process, on one end of a
 * host socket pair (SOCK_SEQPACKET: one message per packet), and passes
 * the other end as linuxu-9p.fd=FD,tag=TAG. A request is a send and a
 * receive on it; the host's receive blocks the image until the server
 * answers (it runs on the host, a few microseconds away), like a system
 * call would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <tess/9pfs.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/linuxu_host.h>
#include <tess/plat/time.h>

#define SYS_write_host	   1
#define SYS_recvmsg_host   47
#define LINUX_MSG_TRUNC	   0x20
#define LINUX_MSG_DONTWAIT 0x40
#define LINUX_EAGAIN	   11
/* How long a request polls for its reply before it blocks in the host:
 * the server, a thread of tess on another core, answers within this
 * while it polls too; a blocking wait costs two process switches, which
 * in a VM (kvm-pvm here) take hundreds of microseconds. */
#define SPIN_NS 200000ull
#define CHANNELS_MAX   8
#define TAG_MAX	       32
#define MSIZE	       (256u << 10)

struct channel {
	int fd;
	char tag[TAG_MAX];
	struct tess_9p_transport transport;
};

static struct channel channels[CHANNELS_MAX];
static unsigned channel_count;

static int fd_param(const char *value)
{
	char *end;
	long fd = strtol(value, &end, 10);
	struct channel *c = &channels[channel_count];

	if (channel_count == CHANNELS_MAX)
		return -E2BIG;
	if (end == value || fd < 0 || fd > 65535 ||
	    strncmp(end, ",tag=", 5) != 0 || !end[5] ||
	    strlen(end + 5) >= TAG_MAX) {
		tess_pr_err("linuxu-9p.fd=%s: needs FD,tag=TAG", value);
		return -EINVAL;
	}
	c->fd = (int)fd;
	strcpy(c->tag, end + 5);
	channel_count++;
	return 0;
}
TESS_PARAM(linuxu_9p_fd, "linuxu-9p.fd", fd_param,
	   "FD,tag=TAG: a host socket to a 9P server (tess run -v passes "
	   "it)");

/* Linux's struct msghdr, for recvmsg into the reply's buffers. */
struct host_msghdr {
	void *name;
	int namelen;
	const struct tess_9p_buf *iov; /* laid out as struct iovec */
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

static long host_rpcv(struct tess_9p_transport *t, const void *req,
		      size_t req_len, const struct tess_9p_buf *resp,
		      int nresp)
{
	struct channel *c = t->priv;
	struct host_msghdr msg = {.iov = resp, .iovlen = (size_t)nresp};
	uint64_t spin_end;
	long n;

	do
		n = tess_linuxu_host_call(SYS_write_host, c->fd, (long)req,
					  (long)req_len, 0, 0, 0);
	while (n == -EINTR);
	if (n < 0)
		return n;
	if ((size_t)n != req_len)
		return -EIO;
	spin_end = tess_plat_monotonic_ns() + SPIN_NS;
	do
		n = tess_linuxu_host_call(SYS_recvmsg_host, c->fd, (long)&msg,
					  LINUX_MSG_DONTWAIT, 0, 0, 0);
	while ((n == -LINUX_EAGAIN || n == -EINTR) &&
	       tess_plat_monotonic_ns() < spin_end);
	while (n == -LINUX_EAGAIN || n == -EINTR)
		n = tess_linuxu_host_call(SYS_recvmsg_host, c->fd, (long)&msg, 0,
					  0, 0, 0);
	/* The server went away: the folder is gone with it; a reply larger
	 * than the buffers is cut (MSG_TRUNC): malformed. */
	if (n == 0)
		return -EIO;
	return n > 0 && (msg.flags & LINUX_MSG_TRUNC) ? -EPROTO : n;
}

static long host_rpc(struct tess_9p_transport *t, const void *req,
		     size_t req_len, void *resp, size_t cap)
{
	struct tess_9p_buf b = {resp, cap};

	return host_rpcv(t, req, req_len, &b, 1);
}

static int channels_register(void)
{
	for (unsigned i = 0; i < channel_count; i++) {
		struct channel *c = &channels[i];
		int err;

		c->transport = (struct tess_9p_transport){
			.tag = c->tag, .msize = MSIZE, .rpc = host_rpc,
			.rpcv = host_rpcv, .priv = c};
		err = tess_9p_transport_register(&c->transport);
		if (err) {
			tess_pr_err("linuxu-9p: tag %s given twice", c->tag);
			return err;
		}
	}
	return 0;
}
TESS_INIT(channels_register, TESS_INIT_BUS);
