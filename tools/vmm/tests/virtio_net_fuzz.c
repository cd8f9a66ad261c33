/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the monitor's virtio-net model with a guest made of
 * the fuzzer's bytes. The first 16 bytes choose the queues (sizes, where
 * their rings sit, EVENT_IDX), the MTU, whether the backend carries a
 * header and how long the script is; the script follows (4 bytes a step:
 * the guest posting a chain of buffers of the fuzzer's sizes, in either
 * direction, anywhere, or rewriting a byte of RAM; send, receive; a frame
 * of some length arriving from the host; the backend blocking or
 * failing; a reset); the rest is guest RAM (rings, descriptors, headers,
 * frames, all hostile), 4 KiB so that libFuzzer's default input size
 * reaches all of it. The backend reads every byte it is given and writes
 * every byte it may, so ASan and UBSan turn any iovec outside guest RAM,
 * or any undefined arithmetic, into a crash.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../virtio_net.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  4096
#define CONFIG	  16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t pending_len; /* the host's next frame, 0: none */
static int send_result, recv_result;
static volatile uint8_t sink;

static int fuzz_send(void *ctx, const struct iovec *iov, int iovcnt)
{
	uint8_t sum = 0;

	(void)ctx;
	if (iovcnt < 0 || iovcnt > VNET_IOV_MAX)
		abort();
	for (int i = 0; i < iovcnt; i++)
		for (size_t b = 0; b < iov[i].iov_len; b++)
			sum ^= ((const uint8_t *)iov[i].iov_base)[b];
	sink = sum;
	return send_result;
}

/* A frame of pending_len bytes, as a tap: written as far as it fits. */
static ssize_t fuzz_recv(void *ctx, const struct iovec *iov, int iovcnt)
{
	uint32_t left = pending_len, len = pending_len;

	(void)ctx;
	if (iovcnt < 0 || iovcnt > VNET_IOV_MAX)
		abort();
	if (recv_result)
		return recv_result;
	if (!pending_len)
		return -EAGAIN;
	for (int i = 0; i < iovcnt && left; i++) {
		size_t n = iov[i].iov_len < left ? iov[i].iov_len : left;

		memset(iov[i].iov_base, 0x5a, n);
		left -= (uint32_t)n;
	}
	pending_len = 0;
	return len;
}

/* The guest posts a chain of up to 4 buffers (as a driver would, with
 * the fuzzer's sizes and places, and sometimes the wrong direction). */
static void post(struct virtq *q, bool receive, const uint8_t *step)
{
	unsigned int num = q->num ? q->num : TESS_VIRTQ_SIZE_MAX;
	unsigned int nseg = 1 + (step[1] >> 1) % 4, head = step[2] % num;
	bool wrong = step[1] & 0x80;

	if (q->broken)
		return;
	for (unsigned int i = 0; i < nseg; i++) {
		unsigned int d = (head + i) % num;

		q->desc[d] = (struct tess_virtq_desc){
			RAM_START + ((step[3] + i * 7u) * 32u) % RAM_SIZE,
			1 + (step[2] * 37u + i * 101u + step[3]) % 1700,
			(uint16_t)((i + 1 < nseg ? TESS_VIRTQ_DESC_F_NEXT : 0) |
				   (receive != (wrong && i == nseg - 1)
					    ? TESS_VIRTQ_DESC_F_WRITE
					    : 0)),
			(uint16_t)((d + 1) % num)};
	}
	q->avail->ring[q->avail->idx % num] = (uint16_t)head;
	q->avail->idx++;
}

static void queue_setup(struct virtq *q, const struct virtq_ram *ram,
			const uint8_t *c)
{
	unsigned int num = 1u << (c[0] % 9); /* 1..256 */

	virtq_setup(q, ram, num, RAM_START + (uint64_t)(c[1] % 64) * 64,
		    RAM_START + (uint64_t)(c[2] % 64) * 64,
		    RAM_START + (uint64_t)(c[3] % 64) * 64, c[0] & 0x80);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vnet net;
	struct vnet_backend backend = {0, fuzz_send, fuzz_recv, NULL};
	static const uint8_t mac[6] = {2, 0x54, 0x45, 0x53, 0, 0};
	struct virtq rxq, txq;
	struct virtq_ram ram;
	const uint8_t *script = data + CONFIG;
	size_t script_len;
	uint8_t *mem;

	if (size < CONFIG)
		return 0;
	script_len = 4 * (size_t)data[15];
	if (script_len > size - CONFIG)
		script_len = (size - CONFIG) / 4 * 4;
	/* Exactly RAM_SIZE bytes: ASan sees any byte past them. */
	mem = calloc(1, RAM_SIZE);
	if (!mem)
		return 0;
	size -= CONFIG + script_len;
	memcpy(mem, script + script_len, size < RAM_SIZE ? size : RAM_SIZE);
	ram = (struct virtq_ram){mem, RAM_START, RAM_SIZE};
	backend.header = data[8] & 1;
	vnet_init(&net, &backend, mac, 68 + (data[9] | data[10] << 8) % 9000);
	queue_setup(&rxq, &ram, data);
	queue_setup(&txq, &ram, data + 4);
	pending_len = 0;
	send_result = recv_result = 0;
	for (size_t at = 0; at < script_len; at += 4) {
		uint32_t arg = script[at + 1] | script[at + 2] << 8;

		switch (script[at] % 8) {
		case 7:
			post(script[at + 1] & 1 ? &rxq : &txq,
			     script[at + 1] & 1, script + at);
			break;
		case 0: (void)vnet_tx_work(&net, &txq); break;
		case 1: (void)vnet_rx_work(&net, &rxq); break;
		case 2: pending_len = arg % 10000; break;
		case 3:
			send_result = arg & 1 ? -EAGAIN : arg & 2 ? -EIO : 0;
			break;
		case 4: recv_result = arg & 1 ? -EIO : 0; break;
		case 5: vnet_reset(&net); break;
		default:
			/* The guest rewrites a byte of RAM meanwhile. */
			mem[arg % RAM_SIZE] ^= script[at];
			break;
		}
	}
	/* And once more, as a device thread would when woken. */
	pending_len = 1514;
	(void)vnet_rx_work(&net, &rxq);
	(void)vnet_tx_work(&net, &txq);
	free(mem);
	return 0;
}
