/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the stack through lwIP's socket API on the loopback interface
 * (127.0.0.1, always there): a TCP echo of 256 KiB checked byte for byte
 * with a server thread, UDP datagrams to oneself, receive timeouts, and
 * the errno values of failing calls (the C library's errno).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <tess/lwip.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "lwip/inet.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

#define ECHO_PORT   7007
#define UDP_PORT    7008
#define CLOSED_PORT 7009
#define ECHO_BYTES  (256 * 1024)

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in addr = {.sin_family = AF_INET,
				   .sin_port = lwip_htons(port),
				   .sin_addr.s_addr =
					   PP_HTONL(INADDR_LOOPBACK)};

	return addr;
}

struct echo_server {
	int listener;
	sys_sem_t done;
	size_t echoed;
};

static void echo_once(void *arg)
{
	struct echo_server *srv = arg;
	static char buf[4096];
	int s = lwip_accept(srv->listener, NULL, NULL);
	ssize_t n;

	while (s >= 0 && (n = lwip_recv(s, buf, sizeof(buf), 0)) > 0) {
		ssize_t off = 0;

		while (off < n) {
			ssize_t sent =
				lwip_send(s, buf + off, (size_t)(n - off), 0);

			if (sent <= 0)
				goto out;
			off += sent;
		}
		srv->echoed += (size_t)n;
	}
out:
	if (s >= 0)
		lwip_close(s);
	sys_sem_signal(&srv->done);
}

TESS_TEST(lwip_socket, tcp_echo_through_the_loopback_interface_is_exact)
{
	struct sockaddr_in addr = loopback(ECHO_PORT);
	struct echo_server srv = {0};
	unsigned char *out = malloc(ECHO_BYTES), *back = malloc(ECHO_BYTES);
	size_t sent = 0, got = 0;
	int s;

	ASSERT_NOT_NULL(out);
	ASSERT_NOT_NULL(back);
	for (size_t i = 0; i < ECHO_BYTES; i++)
		out[i] = (unsigned char)(i * 7 + (i >> 9));
	srv.listener = lwip_socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(srv.listener, 0);
	ASSERT_EQ(
		lwip_bind(srv.listener, (struct sockaddr *)&addr, sizeof(addr)),
		0);
	ASSERT_EQ(lwip_listen(srv.listener, 1), 0);
	ASSERT_EQ(sys_sem_new(&srv.done, 0), ERR_OK);
	ASSERT_NOT_NULL(sys_thread_new("echo", echo_once, &srv, 0, 0));

	s = lwip_socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(s, 0);
	ASSERT_EQ(lwip_connect(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	/* One thread both sends and reads: a send that would block waits
	 * for the echo instead, or both sides would end up blocked sending
	 * to a peer whose window is full because it does not read. */
	while (got < ECHO_BYTES) {
		ssize_t n = 0;

		if (sent < ECHO_BYTES) {
			n = lwip_send(s, out + sent, ECHO_BYTES - sent,
				      MSG_DONTWAIT);
			if (n < 0)
				ASSERT_EQ(errno, EWOULDBLOCK);
			else
				sent += (size_t)n;
		}
		n = lwip_recv(s, back + got, ECHO_BYTES - got,
			      n <= 0 && got < sent ? 0 : MSG_DONTWAIT);
		if (n < 0)
			ASSERT_EQ(errno, EWOULDBLOCK);
		else
			got += (size_t)n;
		ASSERT_LE_U(got, sent);
		if (n <= 0)
			tess_sched_yield();
	}
	EXPECT_EQ(memcmp(out, back, ECHO_BYTES), 0);
	EXPECT_EQ(lwip_close(s), 0);
	EXPECT_NE_U(sys_arch_sem_wait(&srv.done, 5000), SYS_ARCH_TIMEOUT);
	EXPECT_EQ_U(srv.echoed, ECHO_BYTES);
	EXPECT_EQ(lwip_close(srv.listener), 0);
	sys_sem_free(&srv.done);
	free(out);
	free(back);
}

TESS_TEST(lwip_socket, udp_datagrams_to_oneself_keep_their_boundaries)
{
	struct sockaddr_in addr = loopback(UDP_PORT), from;
	socklen_t from_len = sizeof(from);
	char buf[64];
	int s = lwip_socket(AF_INET, SOCK_DGRAM, 0);

	ASSERT_GE(s, 0);
	ASSERT_EQ(lwip_bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	EXPECT_EQ(lwip_sendto(s, "one", 3, 0, (struct sockaddr *)&addr,
			      sizeof(addr)),
		  3);
	EXPECT_EQ(lwip_sendto(s, "second", 6, 0, (struct sockaddr *)&addr,
			      sizeof(addr)),
		  6);
	EXPECT_EQ(lwip_recvfrom(s, buf, sizeof(buf), 0,
				(struct sockaddr *)&from, &from_len),
		  3);
	EXPECT_EQ(memcmp(buf, "one", 3), 0);
	EXPECT_EQ_U(from.sin_port, lwip_htons(UDP_PORT));
	EXPECT_EQ_U(from.sin_addr.s_addr, PP_HTONL(INADDR_LOOPBACK));
	EXPECT_EQ(lwip_recv(s, buf, sizeof(buf), 0), 6);
	EXPECT_EQ(memcmp(buf, "second", 6), 0);
	EXPECT_EQ(lwip_close(s), 0);
}

TESS_TEST(lwip_socket, a_receive_timeout_ends_the_wait_with_EAGAIN)
{
	struct sockaddr_in addr = loopback(UDP_PORT);
	struct timeval tv = {.tv_sec = 0, .tv_usec = 20000};
	char buf[8];
	int s = lwip_socket(AF_INET, SOCK_DGRAM, 0);

	ASSERT_GE(s, 0);
	ASSERT_EQ(lwip_bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ASSERT_EQ(lwip_setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)),
		  0);
	errno = 0;
	EXPECT_EQ(lwip_recv(s, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EAGAIN);
	EXPECT_EQ(lwip_close(s), 0);
}

TESS_TEST(lwip_socket, failing_calls_set_errno)
{
	struct sockaddr_in addr = loopback(CLOSED_PORT);
	char buf[4];
	int s;

	errno = 0;
	EXPECT_EQ(lwip_recv(12345, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EBADF);
	/* Nobody listens: the stack answers the SYN with a reset. */
	s = lwip_socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(s, 0);
	errno = 0;
	EXPECT_EQ(lwip_connect(s, (struct sockaddr *)&addr, sizeof(addr)), -1);
	EXPECT_TRUE(errno == ECONNRESET || errno == ECONNREFUSED);
	EXPECT_EQ(lwip_close(s), 0);
}

TESS_TEST(lwip_socket, an_image_without_a_device_has_no_interface_to_wait_for)
{
	/* The tests image runs without --net: loopback only. */
	if (tess_lwip_netif() != NULL)
		return;
	EXPECT_EQ(tess_lwip_netif_wait_up(0), -ENODEV);
}
