/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the monitor's virtio-mmio transport: the set-up a
 * Linux or Tessera driver does, step by step, and each way a driver can
 * break the protocol, refused and said.
 */
#include <stdlib.h>
#include <string.h>

#define HOST_CHECK_PREFIX "virtio-mmio: "
#include "../../common/host_check.h"
#include "../virtio_mmio.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  (64 * 1024)
#define F_SOME	  5 /* a device feature bit */

static struct virtq_ram ram;
static struct vmmio m;
static struct vmmio_device device;
static unsigned int notified, resets;

static void on_notify(void *dev, unsigned int queue)
{
	(void)dev, (void)queue;
	notified++;
}

static void on_reset(void *dev)
{
	(void)dev;
	resets++;
}

static uint32_t rd(uint64_t off)
{
	return (uint32_t)vmmio_read(&m, off, 4);
}

static void wr(uint64_t off, uint32_t v)
{
	vmmio_write(&m, off, 4, v);
}

/* The driver's set-up up to FEATURES_OK, taking features (low, high). */
static void negotiate(uint32_t low, uint32_t high)
{
	wr(VMMIO_STATUS, 0);
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE | TESS_VIRTIO_STATUS_DRIVER);
	wr(VMMIO_DRIVER_FEATURES_SEL, 0);
	wr(VMMIO_DRIVER_FEATURES, low);
	wr(VMMIO_DRIVER_FEATURES_SEL, 1);
	wr(VMMIO_DRIVER_FEATURES, high);
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE | TESS_VIRTIO_STATUS_DRIVER |
				 TESS_VIRTIO_STATUS_FEATURES_OK);
}

/* Queue 0 of size 16 at desc, driver and device areas given. */
static void queue_setup(uint64_t desc, uint64_t driver, uint64_t dev)
{
	wr(VMMIO_QUEUE_SEL, 0);
	wr(VMMIO_QUEUE_NUM, 16);
	wr(VMMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(VMMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(VMMIO_QUEUE_DRIVER_LOW, (uint32_t)driver);
	wr(VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(driver >> 32));
	wr(VMMIO_QUEUE_DEVICE_LOW, (uint32_t)dev);
	wr(VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(dev >> 32));
	wr(VMMIO_QUEUE_READY, 1);
}

static void fresh(void)
{
	memset(ram.base, 0, RAM_SIZE);
	vmmio_init(&m, &device, &ram);
	notified = resets = 0;
}

static void test_probe_and_setup(void)
{
	const uint32_t ok_status = TESS_VIRTIO_STATUS_ACKNOWLEDGE |
				   TESS_VIRTIO_STATUS_DRIVER |
				   TESS_VIRTIO_STATUS_FEATURES_OK;

	fresh();
	check(rd(VMMIO_MAGIC_VALUE) == VMMIO_MAGIC &&
		      rd(VMMIO_VERSION_REG) == 2 && rd(VMMIO_DEVICE_ID) == 2 &&
		      rd(VMMIO_VENDOR_ID) == VMMIO_VENDOR,
	      "magic, version 2, device and vendor ids");
	wr(VMMIO_DEVICE_FEATURES_SEL, 0);
	{
		uint32_t low = rd(VMMIO_DEVICE_FEATURES);

		wr(VMMIO_DEVICE_FEATURES_SEL, 1);
		check(low == ((1u << F_SOME) | (1u << TESS_VIRTIO_F_EVENT_IDX)) &&
			      rd(VMMIO_DEVICE_FEATURES) == 1,
		      "the offered features, VERSION_1 in the high word");
	}
	negotiate((1u << F_SOME) | (1u << TESS_VIRTIO_F_EVENT_IDX), 1);
	check(rd(VMMIO_STATUS) == ok_status,
	      "offered features are taken: FEATURES_OK stays set");
	check(rd(VMMIO_QUEUE_NUM_MAX) == 64, "queue 0 takes up to 64 entries");
	wr(VMMIO_QUEUE_SEL, 3);
	check(rd(VMMIO_QUEUE_NUM_MAX) == 0, "a queue that does not exist reads 0");
	queue_setup(RAM_START, RAM_START + 0x1000, RAM_START + 0x2000);
	check(rd(VMMIO_QUEUE_READY) == 1, "a queue inside RAM becomes ready");
	wr(VMMIO_QUEUE_NOTIFY, 0);
	check(notified == 0, "a doorbell before DRIVER_OK reaches no device");
	wr(VMMIO_STATUS, ok_status | TESS_VIRTIO_STATUS_DRIVER_OK);
	check(vmmio_live(&m) && vmmio_queue(&m, 0) &&
		      vmmio_queue(&m, 0)->event_idx,
	      "DRIVER_OK makes the device live, EVENT_IDX on its queue");
	wr(VMMIO_QUEUE_NOTIFY, 0);
	check(notified == 1, "a doorbell on a live queue reaches the device");
	/* The device uses an entry: the interrupt status says so. */
	{
		struct virtq *q = vmmio_queue(&m, 0);
		struct tess_virtq_desc *d = (void *)(ram.base);
		struct tess_virtq_avail *a = (void *)(ram.base + 0x1000);
		struct virtq_chain c;

		d[0] = (struct tess_virtq_desc){RAM_START + 0x4000, 8, 0, 0};
		a->ring[0] = 0;
		a->idx = 1;
		a->ring[16] = 0; /* used_event: the first */
		virtq_pop(q, &c);
		virtq_push(q, c.head, 0);
		check(vmmio_used(&m, 0) &&
			      rd(VMMIO_INTERRUPT_STATUS) == VMMIO_INT_USED,
		      "used entries set the interrupt status");
		wr(VMMIO_INTERRUPT_ACK, VMMIO_INT_USED);
		check(rd(VMMIO_INTERRUPT_STATUS) == 0, "the driver acknowledges it");
	}
	check(vmmio_read(&m, VMMIO_CONFIG + 2, 2) == 0x0403 &&
		      vmmio_read(&m, VMMIO_CONFIG, 8) == 0x0807060504030201ULL,
	      "config space reads of 2 and 8 bytes");
	resets = 0;
	wr(VMMIO_STATUS, 0);
	check(resets == 1 && rd(VMMIO_STATUS) == 0 &&
		      rd(VMMIO_QUEUE_READY) == 0 && !vmmio_queue(&m, 0),
	      "writing status 0 resets the device and its queues");
}

static void test_protocol_errors(void)
{
	fresh();
	negotiate(1u << 9, 1); /* bit 9: not offered */
	check(!(rd(VMMIO_STATUS) & TESS_VIRTIO_STATUS_FEATURES_OK) &&
		      strstr(m.why, "does not offer"),
	      "features the device does not offer keep FEATURES_OK clear");
	fresh();
	negotiate(1u << F_SOME, 0);
	check(!(rd(VMMIO_STATUS) & TESS_VIRTIO_STATUS_FEATURES_OK) &&
		      strstr(m.why, "VERSION_1"),
	      "a driver without VIRTIO_F_VERSION_1 is refused (legacy)");
	fresh();
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE | TESS_VIRTIO_STATUS_DRIVER |
				 TESS_VIRTIO_STATUS_DRIVER_OK);
	check(!vmmio_live(&m) && strstr(m.why, "before FEATURES_OK"),
	      "DRIVER_OK before FEATURES_OK is refused");
	fresh();
	negotiate(0, 1);
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE);
	check((rd(VMMIO_STATUS) & TESS_VIRTIO_STATUS_FEATURES_OK) &&
		      strstr(m.why, "without a reset"),
	      "clearing status bits without a reset is refused");
	wr(VMMIO_DRIVER_FEATURES, 0);
	check(strstr(m.why, "after FEATURES_OK") != NULL,
	      "features written after FEATURES_OK are refused");
	wr(VMMIO_QUEUE_SEL, 0);
	wr(VMMIO_QUEUE_NUM, 100);
	check(strstr(m.why, "queue size 100") != NULL, "a queue size not a power of two is refused");
	wr(VMMIO_QUEUE_NUM, 128);
	check(strstr(m.why, "queue size 128") != NULL, "a queue larger than the device takes is refused");
	queue_setup(RAM_START, RAM_START + 0x1000, RAM_START + 0x2000);
	wr(VMMIO_QUEUE_DESC_LOW, 0x5000);
	check(strstr(m.why, "changed while in use") &&
		      m.queues[0].desc == RAM_START,
	      "a ready queue's registers cannot change");
	/* A queue whose rings are outside RAM: NEEDS_RESET. */
	fresh();
	negotiate(0, 1);
	queue_setup(RAM_START + RAM_SIZE - 64, RAM_START + 0x1000,
		    RAM_START + 0x2000);
	check((rd(VMMIO_STATUS) & TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET) &&
		      (rd(VMMIO_INTERRUPT_STATUS) & VMMIO_INT_CONFIG) &&
		      rd(VMMIO_QUEUE_READY) == 0,
	      "rings outside guest RAM make the device NEEDS_RESET");
	wr(VMMIO_STATUS, 0);
	check(rd(VMMIO_STATUS) == 0, "and a reset clears it");
	/* Bad accesses read 0 and write nothing. */
	fresh();
	check(vmmio_read(&m, VMMIO_MAGIC_VALUE, 2) == 0 &&
		      vmmio_read(&m, VMMIO_MAGIC_VALUE + 1, 4) == 0 &&
		      vmmio_read(&m, VMMIO_QUEUE_NOTIFY, 4) == 0 &&
		      vmmio_read(&m, VMMIO_CONFIG + 255, 2) == 0 &&
		      vmmio_read(&m, VMMIO_CONFIG, 3) == 0,
	      "misaligned, odd-sized, write-only and out-of-range reads give 0");
	vmmio_write(&m, VMMIO_CONFIG, 4, 0xdeadbeef);
	vmmio_write(&m, VMMIO_STATUS, 1, 0xff);
	vmmio_write(&m, 0x800, 4, 1);
	check(rd(VMMIO_STATUS) == 0 &&
		      vmmio_read(&m, VMMIO_CONFIG, 4) == 0x04030201,
	      "config writes, odd-sized and unknown register writes change nothing");
	wr(VMMIO_STATUS, TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	check(rd(VMMIO_STATUS) == 0, "the driver cannot set DEVICE_NEEDS_RESET");
}

static void test_broken_queue(void)
{
	struct tess_virtq_avail *a = (void *)(ram.base + 0x1000);
	struct virtq_chain c;

	fresh();
	negotiate(0, 1);
	queue_setup(RAM_START, RAM_START + 0x1000, RAM_START + 0x2000);
	wr(VMMIO_STATUS, rd(VMMIO_STATUS) | TESS_VIRTIO_STATUS_DRIVER_OK);
	a->idx = 100; /* jumps past the queue's 16 */
	check(virtq_pop(vmmio_queue(&m, 0), &c) == -1 && vmmio_used(&m, 0) &&
		      (rd(VMMIO_STATUS) & TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET) &&
		      strstr(m.why, "queue 0: the available index moved") &&
		      !vmmio_live(&m),
	      "a broken queue makes the device NEEDS_RESET, saying why");
	wr(VMMIO_QUEUE_NOTIFY, 0);
	check(notified == 0, "and its doorbells reach no device");
}

int main(void)
{
	ram.base = calloc(1, RAM_SIZE);
	ram.start = RAM_START;
	ram.size = RAM_SIZE;
	if (!ram.base)
		return 1;
	device = (struct vmmio_device){
		.device_id = 2,
		.features = (1ULL << F_SOME) | (1ULL << TESS_VIRTIO_F_EVENT_IDX),
		.num_queues = 1,
		.queue_max = 64,
		.notify = on_notify,
		.reset = on_reset,
	};
	for (int i = 0; i < 8; i++)
		device.config[i] = (uint8_t)(i + 1);
	test_probe_and_setup();
	test_protocol_errors();
	test_broken_queue();
	free(ram.base);
	printf("# virtio-mmio tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
