/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netping: the smallest networked image. lwIP (ext/lwip) brings net0 up
 * from the library options (net.ip=A.B.C.D/PREFIX, net.gw=...; DHCP
 * without net.ip) and answers ping by itself; this serves a TCP echo
 * with lwIP's socket API, a thread per connection.
 *
 * usage: [net.ip=A.B.C.D/PREFIX] [net.gw=A.B.C.D] -- [PORT]
 *   Checks the loopback interface first (an echo through 127.0.0.1),
 *   waits for net0's address, echoes on PORT (default 7) until stopped
 *   by SIGTERM, SIGINT or SIGHUP (tess stop), then prints net0's
 *   statistics and what it echoed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/lwip.h>
#include <tess/netdev.h>
#include <tess/plat/irq.h>
#include <tess/sched.h>

#include "lwip/inet.h"
#include "lwip/netif.h"
#include "lwip/sockets.h"

#ifdef CONFIG_TESS_EXT_MUSL
/* On musl a thread that may set errno must be one of musl's, and the
 * host's signals are the process's (lib/posix-process). */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#endif

#define ADDRESS_WAIT_NS (60ULL * 1000 * 1000 * 1000)
#define BUFFER		16384

static volatile bool stopping;
/* Updated by the connection threads (one CPU: no torn counters). */
static unsigned long long echoed_bytes, connections;

#ifdef CONFIG_TESS_EXT_MUSL
static void stop_signal(int sig)
{
	(void)sig;
	stopping = true;
}

/* Until SIGTERM, SIGINT or SIGHUP. */
static void wait_for_stop(void)
{
	signal(SIGTERM, stop_signal);
	signal(SIGINT, stop_signal);
	signal(SIGHUP, stop_signal);
	while (!stopping)
		pause();
}
#else
static struct tess_sched_waitq stop_wq = TESS_SCHED_WAITQ_INIT(stop_wq);

static void host_signal(enum tess_irq irq, void *arg)
{
	(void)irq;
	(void)arg;
	if (tess_plat_host_signals_take()) {
		stopping = true;
		tess_sched_waitq_wake_all(&stop_wq);
	}
}

/* Until the host sends SIGTERM, SIGINT or SIGHUP. */
static void wait_for_stop(void)
{
	bool was;

	tess_plat_irq_register(TESS_IRQ_HOST, host_signal, NULL);
	was = tess_plat_irq_save();
	while (!stopping)
		tess_sched_waitq_wait(&stop_wq, TESS_SCHED_FOREVER, "stop");
	tess_plat_irq_restore(was);
}
#endif

static int spawn(void *(*fn)(void *), void *arg)
{
#ifdef CONFIG_TESS_EXT_MUSL
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);

	if (!err)
		pthread_detach(t);
	return -err;
#else
	struct tess_sched_thread_attr attr = {.name = "echo", .detached = true};

	return tess_sched_thread_create(NULL, &attr, fn, arg);
#endif
}

/* Sends all of buf; false when the connection is gone. */
static bool send_all(int s, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = lwip_send(s, buf, len, 0);

		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

static void *echo(void *arg)
{
	int s = (int)(intptr_t)arg;
	char *buf = malloc(BUFFER);
	ssize_t n;

	while (buf && (n = lwip_recv(s, buf, BUFFER, 0)) > 0) {
		if (!send_all(s, buf, (size_t)n))
			break;
		echoed_bytes += (unsigned long long)n;
	}
	free(buf);
	lwip_close(s);
	return NULL;
}

static void *serve(void *arg)
{
	int listener = (int)(intptr_t)arg;

	for (;;) {
		int s = lwip_accept(listener, NULL, NULL);

		if (s < 0) {
			printf("netping: accept: errno %d\n", errno);
			continue;
		}
		connections++;
		if (spawn(echo, (void *)(intptr_t)s)) {
			printf("netping: no thread for a connection\n");
			lwip_close(s);
		}
	}
	return NULL;
}

static int listen_on(uint16_t port)
{
	struct sockaddr_in addr = {.sin_family = AF_INET,
				   .sin_port = lwip_htons(port),
				   .sin_addr.s_addr = PP_HTONL(INADDR_ANY)};
	int s = lwip_socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0 || lwip_bind(s, (struct sockaddr *)&addr, sizeof(addr)) ||
	    lwip_listen(s, 8)) {
		printf("netping: cannot listen on port %u: errno %d\n", port,
		       errno);
		return -1;
	}
	return s;
}

/* An echo through 127.0.0.1: the loopback interface and the server. */
static bool loopback_check(uint16_t port)
{
	static const char probe[] = "loopback probe";
	struct sockaddr_in addr = {.sin_family = AF_INET,
				   .sin_port = lwip_htons(port),
				   .sin_addr.s_addr =
					   PP_HTONL(INADDR_LOOPBACK)};
	char back[sizeof(probe)];
	size_t got = 0;
	int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
	bool ok =
		s >= 0 &&
		lwip_connect(s, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
		send_all(s, probe, sizeof(probe));

	while (ok && got < sizeof(back)) {
		ssize_t n = lwip_recv(s, back + got, sizeof(back) - got, 0);

		ok = n > 0;
		got += ok ? (size_t)n : 0;
	}
	if (s >= 0)
		lwip_close(s);
	return ok && memcmp(back, probe, sizeof(probe)) == 0;
}

static void print_stats(void)
{
	struct tess_netdev *dev = tess_netdev_get(0);
	struct tess_netdev_stats s;

	if (dev && tess_netdev_stats_get(dev, &s) == 0)
		printf("netping: %s: rx %llu frames %llu bytes %llu drops; "
		       "tx %llu frames %llu bytes %llu drops\n",
		       tess_netdev_info(dev)->name,
		       (unsigned long long)s.rx_total.packets,
		       (unsigned long long)s.rx_total.bytes,
		       (unsigned long long)s.rx_total.drops,
		       (unsigned long long)s.tx_total.packets,
		       (unsigned long long)s.tx_total.bytes,
		       (unsigned long long)s.tx_total.drops);
	printf("netping: %llu connections, %llu bytes echoed\n", connections,
	       echoed_bytes);
}

int main(int argc, char *argv[])
{
	unsigned long port = 7;
	char *end;
	int listener, err;

	if (argc > 2 || (argc == 2 && (port = strtoul(argv[1], &end, 10),
				       *end || port == 0 || port > 65535))) {
		printf("usage: netping [PORT]\n");
		return 64;
	}
	listener = listen_on((uint16_t)port);
	if (listener < 0 || spawn(serve, (void *)(intptr_t)listener))
		return 1;
	if (!loopback_check((uint16_t)port)) {
		printf("netping: no echo through 127.0.0.1\n");
		return 1;
	}
	printf("netping: loopback echo ok\n");

	err = tess_lwip_netif_wait_up(ADDRESS_WAIT_NS);
	if (err == 0) {
		char ip[16];

		ip4addr_ntoa_r(netif_ip4_addr(tess_lwip_netif()), ip,
			       sizeof(ip));
		printf("netping: serving TCP echo on %s port %lu\n", ip, port);
	} else {
		printf("netping: net0 has no address (%s): 127.0.0.1 only\n",
		       err == -ETIMEDOUT ? "timed out" : "none configured");
	}
	fflush(stdout);
	wait_for_stop();
	print_stats();
	return 0;
}
