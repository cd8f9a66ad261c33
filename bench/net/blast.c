/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host's end of the frame tests and of bench/net: sends COUNT frames
 * of SIZE bytes (our EtherType, a sequence number) out of IFNAME (to the
 * reflector behind it: apps/l2reflect in a guest, or bench/net/reflect)
 * through an AF_PACKET socket, sendmmsg 64 at a time, keeping at most
 * WINDOW frames unanswered (0: no limit, a burst), and checks every
 * answer: MAC addresses swapped, the rest byte for byte.
 *
 * Prints one line: sent N back N bad N lost_here N ns N fps N, where
 * lost_here counts frames this socket's queue dropped, ns the time from
 * the first send to the last answer, fps back per second.
 * usage: blast IFNAME COUNT SIZE [WINDOW [QUIET_MS]]    (SIZE 60..1514,
 *        or 0: sizes 60..1514 in turn; QUIET_MS, default 300: no answer
 *        this long and the run is over, the rest counted lost)
 * Exit status 0 when no answer was wrong.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETH_TYPE 0x88b5
#define BATCH	 64

static const uint8_t dst[6] = {2, 0xff, 0xff, 0xff, 0xff, 1};
static const uint8_t src[6] = {2, 0, 0, 0, 0, 1};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static unsigned int size_of(unsigned int size, uint32_t seq)
{
	return size ? size : 60 + seq % 1455;
}

/* Frame seq: header, the number, then bytes that depend on both. */
static void frame_fill(uint8_t *f, unsigned int len, uint32_t seq)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = ETH_TYPE >> 8;
	f[13] = ETH_TYPE & 0xff;
	memcpy(f + 14, &seq, 4);
	for (unsigned int i = 18; i < len; i++)
		f[i] = (uint8_t)(seq * 31 + i);
}

static int answer_ok(const uint8_t *f, unsigned int len, unsigned int size,
		     uint32_t *seq)
{
	static uint8_t want[1600];

	if (len < 18)
		return 0;
	memcpy(seq, f + 14, 4);
	if (len != size_of(size, *seq))
		return 0;
	frame_fill(want, len, *seq);
	return memcmp(f, want + 6, 6) == 0 && memcmp(f + 6, want, 6) == 0 &&
	       memcmp(f + 12, want + 12, len - 12) == 0;
}

int main(int argc, char *argv[])
{
	static uint8_t out[BATCH][1600], in[BATCH][1600];
	struct mmsghdr omsg[BATCH], imsg[BATCH];
	struct iovec oiov[BATCH], iiov[BATCH];
	struct sockaddr_ll sll = {0};
	struct tpacket_stats st;
	socklen_t stlen = sizeof(st);
	uint64_t count, window, quiet_ns, sent = 0, back = 0, bad = 0, start,
		last;
	unsigned int size;
	int s, buf = 32 << 20;

	if (argc < 4 || argc > 6) {
		fprintf(stderr,
			"usage: blast IFNAME COUNT SIZE [WINDOW [QUIET_MS]]\n");
		return 64;
	}
	count = strtoull(argv[2], NULL, 10);
	size = (unsigned int)strtoul(argv[3], NULL, 10);
	window = argc >= 5 ? strtoull(argv[4], NULL, 10) : 0;
	quiet_ns = (argc == 6 ? strtoull(argv[5], NULL, 10) : 300) * 1000000ULL;
	if (size && (size < 60 || size > 1514)) {
		fprintf(stderr, "blast: SIZE 60..1514, or 0\n");
		return 64;
	}
	s = socket(AF_PACKET, SOCK_RAW, htons(ETH_TYPE));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_TYPE);
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (s < 0 || !sll.sll_ifindex ||
	    bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("blast: socket on IFNAME");
		return 1;
	}
	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf));
	setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf));
	for (int i = 0; i < BATCH; i++) {
		iiov[i] = (struct iovec){in[i], sizeof(in[i])};
		imsg[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iiov[i],
						       .msg_iovlen = 1}};
	}
	start = last = now_ns();
	for (;;) {
		int n;

		/* Send while the window allows. */
		n = 0;
		while (sent + (uint64_t)n < count && n < BATCH &&
		       (window == 0 || sent + (uint64_t)n - back < window)) {
			uint32_t seq = (uint32_t)(sent + (uint64_t)n);
			unsigned int len = size_of(size, seq);

			frame_fill(out[n], len, seq);
			oiov[n] = (struct iovec){out[n], len};
			omsg[n] = (struct mmsghdr){
				.msg_hdr = {.msg_iov = &oiov[n], .msg_iovlen = 1}};
			n++;
		}
		if (n) {
			int done = sendmmsg(s, omsg, (unsigned int)n, MSG_DONTWAIT);

			if (done > 0)
				sent += (uint64_t)done;
		}
		n = recvmmsg(s, imsg, BATCH, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			uint32_t seq;

			if (answer_ok(in[i], imsg[i].msg_len, size, &seq))
				back++;
			else if (memcmp(in[i] + 6, src, 6) != 0)
				bad++; /* not one we sent going out */
			last = now_ns();
		}
		if (n <= 0 && sent == count &&
		    (back == count || now_ns() - last > quiet_ns))
			break;
		if (n <= 0 && (sent == count || (window && sent - back >= window))) {
			struct pollfd p = {s, POLLIN, 0};

			poll(&p, 1, 10);
			/* A full window with no answer for long: frames were
			 * lost, and no more will come. */
			if (sent < count && now_ns() - last > quiet_ns)
				break;
		}
	}
	getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &stlen);
	printf("sent %llu back %llu bad %llu lost_here %u ns %llu fps %.0f\n",
	       (unsigned long long)sent, (unsigned long long)back,
	       (unsigned long long)bad, st.tp_drops,
	       (unsigned long long)(last - start),
	       last > start ? (double)back * 1e9 / (double)(last - start) : 0.0);
	return bad ? 1 : 0;
}
