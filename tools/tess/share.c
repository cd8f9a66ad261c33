/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tess run -v on linuxu: each volume's 9P2000.L server (tools/vmm's
 * p9_server.c, the one tess-vmm's virtio-9p device runs) in a thread of
 * tess, which waits for the image anyway. The image talks to it over a
 * SOCK_SEQPACKET socket pair, one T-message per packet and one R-message
 * per packet back, through the end it inherits (linuxu-9p.fd=FD). Each
 * thread confines itself with the share's seccomp filter, as the
 * monitor's device thread does, and blocks the signals tess passes on to
 * the image (whose handler it could not run, confined).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../vmm/p9_server.h"
#include "../vmm/seccomp.h"
#include "tess.h"

#define SPIN_NS 200000u

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct share_server {
	struct p9_server server;
	int sock;     /* tess's end */
	int image_fd; /* the image's end, inherited */
	pthread_t thread;
	uint8_t *req, *resp;
};

/* Written by tess_shares_serve before the threads start, read by
 * tess_shares_stop after they end. */
static struct share_server servers[TESS_ARGS_MANY_MAX];
static int nservers;

static void *serve(void *arg)
{
	struct share_server *s = arg;
	int err = vmm_seccomp_confine_fs();

	if (err < 0) {
		fprintf(stderr,
			"tess run: a volume's server cannot install "
			"its seccomp filter: %s\n",
			strerror(-err));
		_exit(TESS_EXIT_SYSTEM);
	}
	for (;;) {
		/* Poll a while after each answer before blocking: the image
		 * polls for its reply too, and a blocking wait on both sides
		 * costs two process switches per request, hundreds of
		 * microseconds in a VM (the monitor's I/O threads spin for the
		 * same reason). */
		uint64_t until = monotonic_ns() + SPIN_NS;
		ssize_t n;
		size_t out;

		do
			n = recv(s->sock, s->req, P9_MSIZE_MAX, MSG_DONTWAIT);
		while (n < 0 && (errno == EAGAIN || errno == EINTR) &&
		       monotonic_ns() < until);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			n = read(s->sock, s->req, P9_MSIZE_MAX);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the image's end closed, or tess shut it */
		out = p9_serve(&s->server, s->req, (size_t)n, s->resp,
			       P9_MSIZE_MAX);
		if (out && write(s->sock, s->resp, out) < 0)
			break;
	}
	return NULL;
}

/* The largest message the socket pair carries, as msize: an AF_UNIX
 * packet must fit the sender's buffer (less 32 bytes), which is asked to
 * hold two of the largest and gets what net.core.wmem_max allows. */
static uint32_t socket_msize(const struct tess_cmd *cmd, int a, int b)
{
	int want = 2 * (int)P9_MSIZE_MAX, got_a = 0, got_b = 0;
	socklen_t len = sizeof(int);
	uint32_t msize;

	setsockopt(a, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	setsockopt(b, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	if (getsockopt(a, SOL_SOCKET, SO_SNDBUF, &got_a, &len) < 0 ||
	    getsockopt(b, SOL_SOCKET, SO_SNDBUF, &got_b, &len) < 0)
		tess_fail(cmd, TESS_EXIT_SYSTEM, "a volume's socket: %s",
			  strerror(errno));
	if (got_b < got_a)
		got_a = got_b;
	msize = got_a > 32 ? ((uint32_t)got_a - 32) & ~4095u : 0;
	if (msize > P9_MSIZE_MAX)
		msize = P9_MSIZE_MAX;
	if (msize < P9_MSIZE_MIN)
		tess_fail(cmd, TESS_EXIT_SYSTEM,
			  "a volume's socket carries only %d bytes", got_a);
	return msize;
}

void tess_shares_serve(const struct tess_cmd *cmd,
		       const struct tess_volume *volumes, int n,
		       char options[][64])
{
	sigset_t passed, old;

	sigemptyset(&passed);
	sigaddset(&passed, SIGTERM);
	sigaddset(&passed, SIGINT);
	sigaddset(&passed, SIGHUP);
	if (n > 0)
		p9_fd_limit_raise(); /* a fid holds a descriptor or two */
	for (int i = 0; i < n; i++) {
		struct share_server *s = &servers[i];
		char why[TESS_PATH_MAX + 100];
		int sv[2], root, err;

		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) <
		    0)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "socketpair: %s",
				  strerror(errno));
		root = p9_share_open(volumes[i].host);
		if (root < 0)
			tess_fail(cmd, TESS_EXIT_NOT_FOUND, "-v %s: %s",
				  volumes[i].host, strerror(-root));
		if (p9_server_init(&s->server, root, volumes[i].read_only, why,
				   sizeof(why)) < 0)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "-v %s: %s",
				  volumes[i].host, why);
		s->server.msize_max = socket_msize(cmd, sv[0], sv[1]);
		s->req = malloc(P9_MSIZE_MAX);
		s->resp = malloc(P9_MSIZE_MAX);
		if (!s->req || !s->resp)
			tess_fail(cmd, TESS_EXIT_SYSTEM, "out of memory");
		s->sock = sv[0];
		s->image_fd = sv[1];
		fcntl(sv[1], F_SETFD, 0); /* inherited by the image */
		snprintf(options[i], 64, "linuxu-9p.fd=%d,tag=%s", sv[1],
			 volumes[i].tag);
		/* The thread starts with the passed signals blocked. */
		pthread_sigmask(SIG_BLOCK, &passed, &old);
		err = pthread_create(&s->thread, NULL, serve, s);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (err)
			tess_fail(cmd, TESS_EXIT_SYSTEM,
				  "cannot start a volume's server: %s",
				  strerror(err));
		nservers = i + 1;
	}
}

void tess_shares_stop(void)
{
	for (int i = 0; i < nservers; i++) {
		struct share_server *s = &servers[i];

		/* Its read ends (the image's end is still open here). */
		shutdown(s->sock, SHUT_RDWR);
		pthread_join(s->thread, NULL);
		close(s->sock);
		close(s->image_fd);
		p9_server_destroy(&s->server);
		free(s->req);
		free(s->resp);
	}
	nservers = 0;
}
