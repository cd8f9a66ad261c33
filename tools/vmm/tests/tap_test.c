/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the monitor's tap side (tools/vmm/tap.c). The --net
 * parser always. Attaching, and frames both ways, in a network namespace
 * of this process's own (root only: unshare(CLONE_NEWNET)), so the host's
 * devices are never touched: taps and a tun made there by ioctl, a packet
 * socket on the tap's host side. Without root every such check is
 * reported skipped, with the reason, and the count stays the same.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOST_CHECK_PREFIX "tap: "
#include "../../common/host_check.h"
#include "../tap.h"

#define TEST_ETHERTYPE 0x88b5 /* IEEE local experimental: no stack uses it */

static char why[256];
static struct tap_spec spec;

static bool parses(const char *value, unsigned int index)
{
	return tap_spec_parse(value, index, &spec, why, sizeof(why)) == 0;
}

/* Refused, with a sentence containing what. */
static bool refused(const char *value, const char *what)
{
	why[0] = '\0';
	return tap_spec_parse(value, 0, &spec, why, sizeof(why)) == -1 &&
	       strstr(why, what) != NULL;
}

static void test_parse(void)
{
	static const uint8_t prefix[3] = {2, 0x54, 0x45};
	static const uint8_t given[6] = {2, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
	uint8_t mac0[6], mac3[6];

	check(parses("tap:tap0", 0) && strcmp(spec.ifname, "tap0") == 0 &&
		      (memcpy(mac0, spec.mac, 6), !spec.mac_given) &&
		      memcmp(mac0, prefix, 3) == 0 && mac0[5] == 0 &&
		      parses("tap:tap0", 3) && (memcpy(mac3, spec.mac, 6), true) &&
		      memcmp(mac3, mac0, 5) == 0 && mac3[5] == 3 &&
		      parses("tap:tap0", 0) && memcmp(spec.mac, mac0, 6) == 0 &&
		      parses("tap:tap1", 0) && memcmp(spec.mac, mac0, 6) != 0,
	      "tap:NAME gives the name and a fixed MAC per tap and device "
	      "index (02:54:45, a hash of the name, the index)");
	check(parses("tap:t-1.x_y,mac=02:AA:bb:CC:dd:EE", 0) &&
		      strcmp(spec.ifname, "t-1.x_y") == 0 &&
		      memcmp(spec.mac, given, 6) == 0 && spec.mac_given,
	      "mac=XX:XX:XX:XX:XX:XX gives the MAC, in either case");
	check(parses("tap:abcdefghijklmno", 0) &&
		      refused("tap:abcdefghijklmnop", "longer than 15 bytes"),
	      "a name of 15 bytes is taken, 16 refused (IFNAMSIZ)");
	check(refused("tap:", "no interface name") &&
		      refused("tap:,mac=02:00:00:00:00:01",
			      "no interface name") &&
		      refused("tap:a/b", "not a valid interface name") &&
		      refused("tap:a b", "not a valid interface name") &&
		      refused("tap:a:b", "not a valid interface name") &&
		      refused("tap:.", "not a valid interface name") &&
		      refused("tap:..", "not a valid interface name") &&
		      refused("tap:a\tb", "not a valid interface name"),
	      "empty names, '/', ':', blanks, \".\" and \"..\" are refused");
	check(refused("user:x", "unknown backend 'user'") &&
		      refused("tap0", "expected tap:IFNAME") &&
		      refused("", "expected tap:IFNAME"),
	      "another backend, or no backend, is refused and says what is "
	      "taken");
	check(refused("tap:t,mac=01:00:5e:00:00:01", "multicast") &&
		      refused("tap:t,mac=ff:ff:ff:ff:ff:ff", "multicast") &&
		      refused("tap:t,mac=00:00:00:00:00:00", "not a usable"),
	      "multicast, broadcast and zero MACs are refused");
	check(refused("tap:t,mac=02:00:00:00:00", "not a MAC address") &&
		      refused("tap:t,mac=02-00-00-00-00-01",
			      "not a MAC address") &&
		      refused("tap:t,mac=02:00:00:00:00:0g",
			      "not a MAC address") &&
		      refused("tap:t,mac=02:00:00:00:00:001",
			      "not a MAC address") &&
		      refused("tap:t,mac=", "not a MAC address") &&
		      refused("tap:t,mac=2:0:0:0:0:1:00:0",
			      "not a MAC address"),
	      "malformed MACs are refused");
	check(refused("tap:t,foo=1", "unknown option 'foo'") &&
		      refused("tap:t,mac", "mac needs a value") &&
		      refused("tap:t,", "empty option") &&
		      refused("tap:t,,mac=02:00:00:00:00:01", "empty option") &&
		      refused("tap:t,mac=02:00:00:00:00:01,mac=02:00:00:00:00:"
			      "02",
			      "given twice"),
	      "unknown, empty, valueless and repeated options are refused");
	check(parses("tap:t", 255) && spec.mac[5] == 255 &&
		      tap_spec_parse("tap:t", 256, &spec, why, sizeof(why)) ==
			      -1 &&
		      strstr(why, "256"),
	      "device indices above 255 are refused");
}

/* The checks that need a network namespace, by name, so that a host
 * without one reports each skipped. */
static const char *const ns_checks[] = {
	"a second attach is busy and names the process holding the tap",
	"attaching to an existing tap gives a non-blocking fd",
	"a missing device is 'missing', and attaching does not create it",
	"a tun device is 'not a tap'",
	"a device that is not a tun/tap (lo) is 'not a tap'",
	"another user's tap, without CAP_NET_ADMIN, is 'no permission'",
	"the MTU is the device's",
	"an empty tap reads -EAGAIN",
	"frames from the host arrive through the backend after a virtio header",
	"frames through the backend arrive on the host byte for byte",
	"a frame longer than the buffers reads longer than them and goes",
	"through the device model: host to guest with num_buffers 1, and back",
};
#define NS_CHECKS (sizeof(ns_checks) / sizeof(ns_checks[0]))
static unsigned int ns_done;

static void ns_check(int cond)
{
	check(cond, ns_checks[ns_done++]);
}

static void ns_skip_rest(const char *reason)
{
	while (ns_done < NS_CHECKS)
		printf("# skipped: %s%s: %s\n", HOST_CHECK_PREFIX,
		       ns_checks[ns_done++], reason);
}

/* Makes a persistent tap or tun named name, up; -errno on failure. */
static int device_make(const char *name, int kind, uid_t owner)
{
	struct ifreq ifr;
	int f = open("/dev/net/tun", O_RDWR | O_CLOEXEC), s, r = 0;

	if (f < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_flags = (short)(kind | IFF_NO_PI);
	if (ioctl(f, TUNSETIFF, &ifr) < 0 ||
	    (owner != (uid_t)-1 && ioctl(f, TUNSETOWNER, owner) < 0) ||
	    ioctl(f, TUNSETPERSIST, 1) < 0)
		r = -errno;
	close(f);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (r == 0 && s >= 0 && ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	if (s >= 0)
		close(s);
	return r;
}

/* A child that attaches to name and holds it until the pipe closes;
 * returns its pid once it holds it, or -1. */
static pid_t holder_start(const char *name, int *release)
{
	int ready[2], hold[2];
	pid_t pid;
	char c;

	if (pipe(ready) < 0)
		return -1;
	if (pipe(hold) < 0) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		prctl(PR_SET_NAME, "tap-holder");
		close(ready[0]);
		close(hold[1]);
		if (tap_open(name, &fd, why, sizeof(why)) == TAP_OK &&
		    write(ready[1], "y", 1) == 1)
			(void)read(hold[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		close(hold[1]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return -1;
	}
	close(ready[0]);
	*release = hold[1];
	return pid;
}

/* In a child without CAP_NET_ADMIN: what attaching to name gives. */
static int attach_without_net_admin(const char *name)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct __user_cap_header_struct h = {
			_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct d[2];
		int fd;

		if (syscall(SYS_capget, &h, d) < 0)
			_exit(100);
		d[0].effective &= ~(1u << CAP_NET_ADMIN);
		d[0].permitted &= ~(1u << CAP_NET_ADMIN);
		if (syscall(SYS_capset, &h, d) < 0)
			_exit(101);
		_exit(tap_open(name, &fd, why, sizeof(why)));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* A packet socket on ifname's host side, seeing every frame. */
static int packet_socket(const char *ifname)
{
	struct sockaddr_ll sll = {0};
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (s < 0)
		return -1;
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(s);
		return -1;
	}
	return s;
}

static void frame_make(uint8_t *f, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		f[i] = (uint8_t)(i * 13 + seed);
	memset(f, 0xff, 6); /* broadcast */
	f[12] = TEST_ETHERTYPE >> 8;
	f[13] = TEST_ETHERTYPE & 0xff;
}

static bool is_test_frame(const uint8_t *f, size_t len)
{
	return len >= 14 && f[12] == (TEST_ETHERTYPE >> 8) &&
	       f[13] == (TEST_ETHERTYPE & 0xff);
}

/* The next test frame through the backend into header + frame (room
 * bytes); the kernel's own frames (IPv6 neighbour discovery) skipped.
 * Returns recv's result. */
static ssize_t backend_next(const struct vnet_backend *b, int fd,
			    uint8_t *header, uint8_t *frame, size_t room)
{
	struct iovec iov[2] = {{header, VNET_HDR_LEN}, {frame, room}};

	for (int tries = 0; tries < 50; tries++) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, 1000) != 1)
			return -ETIMEDOUT;
		n = b->recv(b->ctx, iov, 2);
		if (n < 0 && n != -EAGAIN)
			return n;
		if (n > VNET_HDR_LEN &&
		    is_test_frame(frame, (size_t)n - VNET_HDR_LEN))
			return n;
	}
	return -ETIMEDOUT;
}

/* The next test frame the packet socket sees arriving; its length. */
static ssize_t host_next(int s, uint8_t *frame, size_t room)
{
	for (int tries = 0; tries < 50; tries++) {
		struct sockaddr_ll from = {0};
		socklen_t fromlen = sizeof(from);
		struct pollfd p = {s, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, 1000) != 1)
			return -ETIMEDOUT;
		n = recvfrom(s, frame, room, 0, (struct sockaddr *)&from,
			     &fromlen);
		if (n < 0)
			return -errno;
		if (from.sll_pkttype != PACKET_OUTGOING &&
		    is_test_frame(frame, (size_t)n))
			return n;
	}
	return -ETIMEDOUT;
}

static void test_frames(int fd, int s)
{
	static const size_t lengths[] = {60, 61, 999, 1514};
	struct vnet_backend b = tap_backend(&fd);
	uint8_t header[VNET_HDR_LEN], want[1600], got[1600];
	static const uint8_t zero[VNET_HDR_LEN];
	struct iovec iov[3];
	bool in_ok = true, out_ok = true;
	ssize_t n;

	n = b.recv(b.ctx, (struct iovec[]){{header, VNET_HDR_LEN}, {got, 1600}},
		   2);
	while (n > 0) /* the kernel's own frames, sent when the link came up */
		n = b.recv(
			b.ctx,
			(struct iovec[]){{header, VNET_HDR_LEN}, {got, 1600}},
			2);
	ns_check(n == -EAGAIN);
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		frame_make(want, lengths[i], (unsigned int)i);
		memset(header, 0xee, sizeof(header));
		n = send(s, want, lengths[i], 0) == (ssize_t)lengths[i]
			    ? backend_next(&b, fd, header, got, 1600)
			    : -1;
		in_ok = in_ok && n == (ssize_t)(VNET_HDR_LEN + lengths[i]) &&
			memcmp(header, zero, 10) == 0 &&
			memcmp(got, want, lengths[i]) == 0;
	}
	ns_check(in_ok);
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		size_t split = lengths[i] / 3;

		frame_make(want, lengths[i], (unsigned int)i + 7);
		memset(header, 0, sizeof(header));
		iov[0] = (struct iovec){header, VNET_HDR_LEN};
		iov[1] = (struct iovec){want, split};
		iov[2] = (struct iovec){want + split, lengths[i] - split};
		n = b.send(b.ctx, iov, 3) == 0 ? host_next(s, got, sizeof(got))
					       : -1;
		out_ok = out_ok && n == (ssize_t)lengths[i] &&
			 memcmp(got, want, lengths[i]) == 0;
	}
	ns_check(out_ok);
	/* 1000 bytes into 12 + 100: longer than the buffers, then gone. */
	frame_make(want, 1000, 1);
	n = send(s, want, 1000, 0) == 1000
		    ? backend_next(&b, fd, header, got, 100)
		    : -1;
	frame_make(want, 200, 2);
	ns_check(n > VNET_HDR_LEN + 100 && send(s, want, 200, 0) == 200 &&
		 backend_next(&b, fd, header, got, 1600) ==
			 VNET_HDR_LEN + 200 &&
		 memcmp(got, want, 200) == 0);
}

/* The virtio-net model over the tap: a guest in memory with one receive
 * and one transmit buffer of a single descriptor each. */
static bool test_model(int fd, int s)
{
	enum { NUM = 4, RAM_SIZE = 0x10000 };
	const uint64_t start = 0x100000, rx_buf = start + 0x4000,
		       tx_buf = start + 0x8000;
	static const uint8_t mac[6] = {2, 0x54, 0x45, 0x53, 0, 9};
	struct vnet_backend b = tap_backend(&fd);
	uint8_t *mem = calloc(1, RAM_SIZE), want[1514], got[1600];
	struct virtq_ram ram = {mem, start, RAM_SIZE};
	struct virtq rxq, txq;
	struct tess_virtq_desc *d;
	struct tess_virtq_avail *a;
	struct tess_virtq_used *u;
	static struct vnet net;
	bool ok;

	if (!mem)
		return false;
	vnet_init(&net, &b, mac, 1500);
	virtq_setup(&rxq, &ram, NUM, start, start + 0x100, start + 0x200,
		    false);
	virtq_setup(&txq, &ram, NUM, start + 0x1000, start + 0x1100,
		    start + 0x1200, false);
	/* The guest posts a receive buffer; the host sends a frame. */
	d = (void *)mem;
	a = (void *)(mem + 0x100);
	d[0] = (struct tess_virtq_desc){rx_buf, VNET_HDR_LEN + 1518,
					TESS_VIRTQ_DESC_F_WRITE, 0};
	a->ring[0] = 0;
	a->idx = 1;
	u = (void *)(mem + 0x200);
	frame_make(want, 1514, 5);
	ok = send(s, want, 1514, 0) == 1514;
	for (int tries = 0; ok && tries < 50; tries++) {
		struct pollfd p = {fd, POLLIN, 0};

		ok = poll(&p, 1, 1000) == 1 && vnet_rx_work(&net, &rxq) >= 0;
		if (!ok || u->idx != a->idx)
			continue;
		if (is_test_frame(mem + 0x4000 + VNET_HDR_LEN,
				  u->ring[(u->idx - 1) % NUM].len -
					  VNET_HDR_LEN))
			break;
		/* One of the kernel's own frames: post the buffer again. */
		a->ring[a->idx % NUM] = 0;
		a->idx++;
	}
	ok = ok && u->idx == a->idx &&
	     u->ring[(u->idx - 1) % NUM].len == VNET_HDR_LEN + 1514 &&
	     mem[0x4000 + VNET_HDR_NUM_BUFFERS] == 1 &&
	     mem[0x4000 + VNET_HDR_NUM_BUFFERS + 1] == 0 &&
	     memcmp(mem + 0x4000 + VNET_HDR_LEN, want, 1514) == 0;
	/* The guest sends one: its header junk, the frame in two buffers. */
	d = (void *)(mem + 0x1000);
	a = (void *)(mem + 0x1100);
	memset(mem + 0x8000, 0x5a, VNET_HDR_LEN);
	frame_make(mem + 0x8000 + VNET_HDR_LEN, 700, 6);
	memcpy(want, mem + 0x8000 + VNET_HDR_LEN, 700);
	d[0] = (struct tess_virtq_desc){tx_buf, VNET_HDR_LEN + 300,
					TESS_VIRTQ_DESC_F_NEXT, 1};
	d[1] = (struct tess_virtq_desc){tx_buf + VNET_HDR_LEN + 300, 400, 0, 0};
	a->ring[0] = 0;
	a->idx = 1;
	ok = ok && vnet_tx_work(&net, &txq) == 1 && net.stats.tx_packets == 1 &&
	     host_next(s, got, sizeof(got)) == 700 &&
	     memcmp(got, want, 700) == 0;
	free(mem);
	return ok;
}

static void test_namespace(void)
{
	int fd = -1, fd2 = -1, release = -1, s;
	char busy_why[256];
	pid_t holder;
	enum tap_error e;

	if (unshare(CLONE_NEWNET) < 0) {
		char reason[128];

		snprintf(reason, sizeof(reason),
			 "cannot make a network namespace (unshare: %s); "
			 "run as root",
			 strerror(errno));
		ns_skip_rest(reason);
		return;
	}
	if (device_make("tt0", IFF_TAP, (uid_t)-1) < 0 ||
	    device_make("tun0", IFF_TUN, (uid_t)-1) < 0 ||
	    device_make("tother", IFF_TAP, 4242) < 0) {
		char reason[128];

		snprintf(reason, sizeof(reason),
			 "cannot make taps with /dev/net/tun: %s",
			 strerror(errno));
		ns_skip_rest(reason);
		return;
	}
	holder = holder_start("tt0", &release);
	e = tap_open("tt0", &fd2, busy_why, sizeof(busy_why));
	{
		char expect[64];

		snprintf(expect, sizeof(expect), "process %d (tap-holder)",
			 (int)holder);
		ns_check(holder > 0 && e == TAP_BUSY && fd2 == -1 &&
			 strstr(busy_why, expect) != NULL);
	}
	if (holder > 0) {
		close(release);
		waitpid(holder, NULL, 0);
	}
	e = tap_open("tt0", &fd, why, sizeof(why));
	ns_check(e == TAP_OK && fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) &&
		 (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	ns_check(tap_open("nosuch0", &fd2, why, sizeof(why)) == TAP_MISSING &&
		 strstr(why, "no network device nosuch0") &&
		 if_nametoindex("nosuch0") == 0);
	ns_check(tap_open("tun0", &fd2, why, sizeof(why)) == TAP_NOT_TAP &&
		 strstr(why, "is a tun device"));
	ns_check(tap_open("lo", &fd2, why, sizeof(why)) == TAP_NOT_TAP &&
		 strstr(why, "lo is not a tap device"));
	ns_check(attach_without_net_admin("tother") == TAP_PERMISSION);
	ns_check(tap_mtu("tt0") == 1500 && tap_mtu("nosuch0") == -ENODEV);
	s = packet_socket("tt0");
	if (e != TAP_OK || s < 0) {
		ns_skip_rest("no tap attached, or no packet socket");
	} else {
		test_frames(fd, s);
		ns_check(test_model(fd, s));
	}
	if (s >= 0)
		close(s);
	if (fd >= 0)
		close(fd);
	/* The namespace, and the devices in it, end with this process. */
}

int main(void)
{
	test_parse();
	test_namespace();
	printf("# tap tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
