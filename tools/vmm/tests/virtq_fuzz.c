/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the monitor's virtqueue over guest RAM made of the
 * fuzzer's bytes. The first bytes choose the queue size, EVENT_IDX and
 * where the rings sit; the rest is guest RAM (descriptors, rings, tables,
 * indices, all hostile). The device loop pops, pushes, asks about
 * interrupts and switches doorbells as the monitor does, until the queue
 * is empty or broken. ASan and UBSan turn any read outside guest RAM, or
 * any undefined arithmetic, into a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../virtq.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  (16 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtq_chain chain;
	struct virtq_ram ram;
	struct virtq q;
	uint8_t *mem;
	unsigned int num;
	uint64_t desc, avail, used;

	if (size < 8)
		return 0;
	/* Exactly RAM_SIZE bytes: ASan sees any byte past them. */
	mem = calloc(1, RAM_SIZE);
	if (!mem)
		return 0;
	memcpy(mem, data + 8, size - 8 < RAM_SIZE ? size - 8 : RAM_SIZE);
	ram = (struct virtq_ram){mem, RAM_START, RAM_SIZE};
	num = 1u << (data[0] % 9); /* 1..256 */
	desc = RAM_START + ((uint64_t)data[1] << 6);
	avail = RAM_START + ((uint64_t)data[2] << 6);
	used = RAM_START + ((uint64_t)data[3] << 6);
	if (data[4] & 0x80) /* sometimes anywhere at all */
		desc ^= (uint64_t)data[5] << 24;
	if (virtq_setup(&q, &ram, num, desc, avail, used, data[4] & 1) == 0) {
		for (int round = 0; round < 512; round++) {
			int r = virtq_pop(&q, &chain);

			if (r <= 0)
				break;
			/* Touch every byte the chain gives, as a device
			 * reading and writing it would. */
			for (unsigned int i = 0; i < chain.nseg; i++) {
				if (chain.seg[i].write)
					memset(chain.seg[i].ptr, 0xa5,
					       chain.seg[i].len);
				else
					(void)memchr(chain.seg[i].ptr, 0x5a,
						     chain.seg[i].len);
			}
			virtq_push(&q, chain.head, chain.write_len);
			(void)virtq_should_interrupt(&q);
			(void)virtq_notifications(&q, round & 1);
		}
	}
	free(mem);
	return 0;
}
