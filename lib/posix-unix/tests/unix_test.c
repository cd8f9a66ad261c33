/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-unix in an image without a network stack: socketpair streams and
 * datagrams, names (a path's socket file, abstract names, EADDRINUSE,
 * ECONNREFUSED), a connection through a listener, SO_RCVTIMEO, a blocked
 * receive woken by another thread, and a descriptor passed (SCM_RIGHTS).
 * tests/posix/unix.c compares much more with Linux, through musl.
 */
#include <errno.h>
#include <string.h>
#include <tess/posix-fs.h>
#include <tess/posix-pipe.h>
#include <tess/posix-socket.h>
#include <tess/sched.h>
#include <tess/test.h>

#define AF_UNIX 1

struct sun {
	uint16_t family;
	char path[108];
};

static void close_both(const int fds[2])
{
	tess_sys_close(fds[0]);
	tess_sys_close(fds[1]);
}

TESS_TEST(posix_unix, a_stream_pair_carries_bytes_both_ways)
{
	char buf[16] = {0};
	struct tess_stat st;
	int sv[2];

	ASSERT_EQ(tess_sys_socketpair(AF_UNIX, TESS_SOCK_STREAM, 0, sv), 0);
	EXPECT_EQ(tess_sys_write(sv[0], "hello", 5), 5);
	EXPECT_EQ(tess_sys_write(sv[0], " you", 4), 4);
	EXPECT_EQ(tess_sys_read(sv[1], buf, sizeof(buf)), 9);
	EXPECT_STREQ(buf, "hello you");
	EXPECT_EQ(tess_sys_write(sv[1], "back", 4), 4);
	EXPECT_EQ(tess_sys_recvfrom(sv[0], buf, 2, 0, NULL, NULL), 2);
	EXPECT_EQ(tess_sys_recvfrom(sv[0], buf, 8, 0, NULL, NULL), 2);
	EXPECT_EQ(tess_sys_fstat(sv[0], &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFSOCK));
	EXPECT_EQ(tess_sys_shutdown(sv[1], 1), 0);
	EXPECT_EQ(tess_sys_read(sv[0], buf, sizeof(buf)), 0);
	close_both(sv);
}

TESS_TEST(posix_unix, datagrams_keep_their_boundaries)
{
	char buf[16];
	int sv[2];

	ASSERT_EQ(tess_sys_socketpair(AF_UNIX, TESS_SOCK_DGRAM, 0, sv), 0);
	EXPECT_EQ(tess_sys_sendto(sv[0], "one", 3, 0, NULL, 0), 3);
	EXPECT_EQ(tess_sys_sendto(sv[0], "three", 5, 0, NULL, 0), 5);
	EXPECT_EQ(tess_sys_recvfrom(sv[1], buf, sizeof(buf), 0, NULL, NULL), 3);
	EXPECT_EQ(tess_sys_recvfrom(sv[1], buf, 2, TESS_MSG_TRUNC, NULL, NULL),
		  5);
	EXPECT_EQ(
		tess_sys_recvfrom(sv[1], buf, 2, TESS_MSG_DONTWAIT, NULL, NULL),
		-EAGAIN);
	close_both(sv);
}

TESS_TEST(posix_unix, names_are_taken_once_and_refused_when_nobody_listens)
{
	struct sun a = {AF_UNIX, "\0tess-unix-test"};
	unsigned alen = 2 + 15;
	int s = (int)tess_sys_socket(AF_UNIX, TESS_SOCK_STREAM, 0);
	int t = (int)tess_sys_socket(AF_UNIX, TESS_SOCK_STREAM, 0);

	ASSERT_GE(s, 0);
	ASSERT_GE(t, 0);
	EXPECT_EQ(tess_sys_connect(t, &a, alen), -ECONNREFUSED);
	EXPECT_EQ(tess_sys_bind(s, &a, alen), 0);
	EXPECT_EQ(tess_sys_bind(t, &a, alen), -EADDRINUSE);
	EXPECT_EQ(tess_sys_connect(t, &a, alen), -ECONNREFUSED);
	EXPECT_EQ(tess_sys_listen(s, 1), 0);
	EXPECT_EQ(tess_sys_connect(t, &a, alen), 0);
	tess_sys_close(t);
	t = (int)tess_sys_accept(s, NULL, NULL);
	EXPECT_GE(t, 0);
	tess_sys_close(t);
	tess_sys_close(s);
}

TESS_TEST(posix_unix, a_path_name_is_a_socket_file)
{
	struct sun a = {AF_UNIX, "/tmp/tess-unix-test.sock"};
	struct tess_stat st;
	int s = (int)tess_sys_socket(AF_UNIX, TESS_SOCK_DGRAM, 0);

	ASSERT_GE(s, 0);
	EXPECT_EQ(tess_sys_bind(s, &a, sizeof(a)), 0);
	EXPECT_EQ(tess_sys_stat(a.path, &st), 0);
	EXPECT_TRUE(TESS_S_ISTYPE(st.mode, TESS_S_IFSOCK));
	EXPECT_EQ(tess_sys_unlink(a.path), 0);
	tess_sys_close(s);
}

TESS_TEST(posix_unix, so_rcvtimeo_ends_a_receive_with_eagain)
{
	int64_t tv[2] = {0, 20000};
	char c;
	int sv[2];

	ASSERT_EQ(tess_sys_socketpair(AF_UNIX, TESS_SOCK_STREAM, 0, sv), 0);
	EXPECT_EQ(tess_sys_setsockopt(sv[0], TESS_SOL_SOCKET, TESS_SO_RCVTIMEO,
				      tv, sizeof(tv)),
		  0);
	EXPECT_EQ(tess_sys_read(sv[0], &c, 1), -EAGAIN);
	close_both(sv);
}

static void *writer(void *arg)
{
	return (void *)tess_sys_write(*(int *)arg, "ping", 4);
}

TESS_TEST(posix_unix, a_blocked_receive_is_woken_by_another_thread)
{
	struct tess_thread *t;
	void *result = NULL;
	char buf[8] = {0};
	int sv[2];

	ASSERT_EQ(tess_sys_socketpair(AF_UNIX, TESS_SOCK_SEQPACKET, 0, sv), 0);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, writer, &sv[1]), 0);
	EXPECT_EQ(tess_sys_read(sv[0], buf, sizeof(buf)), 4);
	EXPECT_STREQ(buf, "ping");
	ASSERT_EQ(tess_sched_thread_join(t, &result), 0);
	EXPECT_EQ((long)result, 4);
	close_both(sv);
}

TESS_TEST(posix_unix, a_descriptor_passes_over_scm_rights)
{
	struct {
		size_t len;
		int level, type;
		int fd;
		int pad;
	} cm = {20, TESS_SOL_SOCKET, 1, -1, 0};
	struct tess_iovec iov = {"x", 1};
	struct tess_msghdr msg = {NULL, 0, &iov, 1, &cm, sizeof(cm), 0};
	char buf[8] = {0};
	int sv[2], p[2];

	ASSERT_EQ(tess_sys_socketpair(AF_UNIX, TESS_SOCK_STREAM, 0, sv), 0);
	ASSERT_EQ(tess_sys_pipe(p), 0);
	cm.fd = p[0];
	EXPECT_EQ(tess_sys_sendmsg(sv[0], &msg, 0), 1);
	tess_sys_close(p[0]);
	memset(&cm, 0, sizeof(cm));
	iov.base = buf;
	EXPECT_EQ(tess_sys_recvmsg(sv[1], &msg, 0), 1);
	EXPECT_EQ(cm.len, 20);
	EXPECT_EQ(cm.type, 1);
	EXPECT_EQ(tess_sys_write(p[1], "pipe", 4), 4);
	EXPECT_EQ(tess_sys_read(cm.fd, buf, sizeof(buf)), 4);
	EXPECT_STREQ(buf, "pipe");
	tess_sys_close(cm.fd);
	tess_sys_close(p[1]);
	close_both(sv);
}
