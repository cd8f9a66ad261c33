/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the monitor's virtio-mmio transport driven by a guest
 * made of the fuzzer's bytes. The first 4 KiB are guest RAM (rings,
 * descriptors); the rest is a sequence of register accesses (offset,
 * size, value, read or write). A doorbell makes the device work its
 * queue as a device model would (pop, touch, push, interrupt). ASan and
 * UBSan turn any access outside guest RAM into a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../virtio_mmio.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vmmio m;

static void work(void *dev, unsigned int queue)
{
	static struct virtq_chain c;
	struct virtq *q = vmmio_queue(&m, queue);

	(void)dev;
	for (int i = 0; q && i < 64 && virtq_pop(q, &c) == 1; i++) {
		for (unsigned int s = 0; s < c.nseg; s++)
			if (c.seg[s].write)
				memset(c.seg[s].ptr, 0, c.seg[s].len);
		virtq_push(q, c.head, c.write_len);
	}
	(void)vmmio_used(&m, queue);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int sizes[4] = {1, 2, 4, 8};
	struct vmmio_device device = {
		.device_id = 2,
		.features = (1ULL << TESS_VIRTIO_F_EVENT_IDX) | 1,
		.num_queues = 2,
		.queue_max = 64,
		.notify = work,
	};
	struct virtq_ram ram;
	uint8_t *mem = calloc(1, RAM_SIZE);

	if (!mem)
		return 0;
	memcpy(mem, data, size < RAM_SIZE ? size : RAM_SIZE);
	ram = (struct virtq_ram){mem, RAM_START, RAM_SIZE};
	vmmio_init(&m, &device, &ram);
	/* Accesses of 8 bytes each: offset (2), size and kind (1), value
	 * (4, its high bits from the offset's for the address registers). */
	for (size_t at = RAM_SIZE; at + 8 <= size; at += 8) {
		uint64_t offset = (uint64_t)(data[at] | data[at + 1] << 8) % 0x200;
		unsigned int access = sizes[data[at + 2] & 3];
		uint64_t value = (uint64_t)data[at + 3] | (uint64_t)data[at + 4] << 8 |
				 (uint64_t)data[at + 5] << 16 |
				 (uint64_t)data[at + 6] << 24;

		if (data[at + 7] & 1)
			vmmio_write(&m, offset, access, value);
		else
			(void)vmmio_read(&m, offset, access);
	}
	free(mem);
	return 0;
}
