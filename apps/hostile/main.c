/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile: a guest that breaks the virtio rules on purpose, to show that
 * the monitor survives it, says what happened and keeps its other devices
 * working (issue 13's hostile-guest test). It drives the virtio-mmio
 * registers of the first device by hand (no driver in this image) and,
 * case by case, hands the monitor rings outside RAM or across its end,
 * descriptors pointing outside RAM (at the monitor's register page, below
 * RAM, far above it), loops, zero and huge lengths, an available index
 * that jumps; after each it expects DEVICE_NEEDS_RESET. Then it resets
 * the device and reads a sector through it, and through the second
 * device, correctly.
 *
 * usage: hostile RAM_END   (the end of guest RAM: 1 MiB + --mem)
 * Both devices must be disks whose sector 0 starts with "tessera".
 * Exit status: 0 when every case went as expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/kvm_abi.h>
#include <tess/sched.h>
#include <tess/virtio_ring.h>

#define REG_STATUS	     0x070
#define REG_DEVICE_FEATURES  0x010
#define REG_DEVICE_FEAT_SEL  0x014
#define REG_DRIVER_FEATURES  0x020
#define REG_DRIVER_FEAT_SEL  0x024
#define REG_QUEUE_SEL	     0x030
#define REG_QUEUE_NUM	     0x038
#define REG_QUEUE_READY	     0x044
#define REG_QUEUE_NOTIFY     0x050
#define REG_QUEUE_DESC	     0x080
#define REG_QUEUE_DRIVER     0x090
#define REG_QUEUE_DEVICE     0x0a0
#define NUM		     8
#define NEEDS_RESET	     TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET

/* One queue's three areas, in RAM, aligned as virtio asks. */
static struct {
	struct tess_virtq_desc desc[NUM];
} ring_desc __attribute__((aligned(16)));
static struct {
	struct tess_virtq_avail avail;
	uint16_t ring[NUM + 1];
} ring_avail __attribute__((aligned(4)));
static struct {
	struct tess_virtq_used used;
	struct tess_virtq_used_elem ring[NUM];
	uint16_t avail_event;
} ring_used __attribute__((aligned(4)));

static struct {
	uint32_t type, reserved;
	uint64_t sector;
} header;
static char data[512];
static volatile uint8_t status_byte;

static volatile uint32_t *reg(unsigned int dev, unsigned int off)
{
	return (volatile uint32_t *)(uintptr_t)(TESS_KVM_DEVICE_PAGE(dev) + off);
}

static void wr64(unsigned int dev, unsigned int off, uint64_t v)
{
	*reg(dev, off) = (uint32_t)v;
	*reg(dev, off + 4) = (uint32_t)(v >> 32);
}

/* Reset, then through FEATURES_OK with VERSION_1 only. */
static void negotiate(unsigned int dev)
{
	*reg(dev, REG_STATUS) = 0;
	*reg(dev, REG_STATUS) = TESS_VIRTIO_STATUS_ACKNOWLEDGE;
	*reg(dev, REG_STATUS) = TESS_VIRTIO_STATUS_ACKNOWLEDGE |
				TESS_VIRTIO_STATUS_DRIVER;
	*reg(dev, REG_DRIVER_FEAT_SEL) = 1;
	*reg(dev, REG_DRIVER_FEATURES) = 1; /* bit 32: VERSION_1 */
	*reg(dev, REG_DRIVER_FEAT_SEL) = 0;
	*reg(dev, REG_DRIVER_FEATURES) = 0;
	*reg(dev, REG_STATUS) = TESS_VIRTIO_STATUS_ACKNOWLEDGE |
				TESS_VIRTIO_STATUS_DRIVER |
				TESS_VIRTIO_STATUS_FEATURES_OK;
}

static void queue(unsigned int dev, uint64_t desc, uint64_t avail,
		  uint64_t used)
{
	*reg(dev, REG_QUEUE_SEL) = 0;
	*reg(dev, REG_QUEUE_NUM) = NUM;
	wr64(dev, REG_QUEUE_DESC, desc);
	wr64(dev, REG_QUEUE_DRIVER, avail);
	wr64(dev, REG_QUEUE_DEVICE, used);
	*reg(dev, REG_QUEUE_READY) = 1;
	*reg(dev, REG_STATUS) = *reg(dev, REG_STATUS) |
				TESS_VIRTIO_STATUS_DRIVER_OK;
}

static void good_queue(unsigned int dev)
{
	memset(&ring_desc, 0, sizeof(ring_desc));
	memset(&ring_avail, 0, sizeof(ring_avail));
	memset(&ring_used, 0, sizeof(ring_used));
	negotiate(dev);
	queue(dev, (uintptr_t)ring_desc.desc, (uintptr_t)&ring_avail.avail,
	      (uintptr_t)&ring_used.used);
}

/* Makes entry 0 of the available ring chain head, publishes count
 * entries, rings the doorbell. */
static void post(unsigned int dev, uint16_t head, uint16_t count)
{
	ring_avail.avail.ring[0] = head;
	__atomic_store_n(&ring_avail.avail.idx, count, __ATOMIC_RELEASE);
	*reg(dev, REG_QUEUE_NOTIFY) = 0;
}

/* Waits (up to a second) for the device thread to give its verdict. */
static bool needs_reset(unsigned int dev)
{
	for (int i = 0; i < 1000; i++) {
		if (*reg(dev, REG_STATUS) & NEEDS_RESET)
			return true;
		tess_sched_sleep_ns(1000000);
	}
	return false;
}

static int failures;

static void expect_reset(const char *what, unsigned int dev)
{
	bool got = needs_reset(dev);

	printf("hostile: %s: %s\n", what,
	       got ? "device needs reset" : "NOT refused");
	failures += !got;
}

static void desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	ring_desc.desc[i] = (struct tess_virtq_desc){addr, len, flags, next};
}

/* A correct read of sector 0 through device dev: its first bytes. */
static bool read_sector0(unsigned int dev)
{
	good_queue(dev);
	header.type = 0; /* VIRTIO_BLK_T_IN */
	header.sector = 0;
	memset(data, 0, sizeof(data));
	status_byte = 0xff;
	desc(0, (uintptr_t)&header, sizeof(header), TESS_VIRTQ_DESC_F_NEXT, 1);
	desc(1, (uintptr_t)data, sizeof(data),
	     TESS_VIRTQ_DESC_F_WRITE | TESS_VIRTQ_DESC_F_NEXT, 2);
	desc(2, (uintptr_t)&status_byte, 1, TESS_VIRTQ_DESC_F_WRITE, 0);
	post(dev, 0, 1);
	for (int i = 0; i < 1000 && status_byte == 0xff; i++)
		tess_sched_sleep_ns(1000000);
	return status_byte == 0 && memcmp(data, "tessera", 7) == 0;
}

/* One-descriptor chains that break a rule (addr 0: a buffer in RAM). */
struct bad_chain {
	const char *what;
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next, head, count;
	bool loop; /* descriptor 1 goes back to 0 */
};

static const struct bad_chain cases[] = {
	{"a buffer at the monitor's register page", TESS_KVM_MMIO_BASE, 16,
	 0, 0, 0, 1, false},
	{"a buffer below RAM", 0x1000, 16, 0, 0, 0, 1, false},
	{"a buffer of 4 GiB - 1 bytes", 0, 0xffffffffu, 0, 0, 0, 1, false},
	{"a buffer of 0 bytes", 0, 0, 0, 0, 0, 1, false},
	{"a chain that loops", 0, 16, TESS_VIRTQ_DESC_F_NEXT, 1, 0, 1, true},
	{"a chain going on past the table", 0, 16, TESS_VIRTQ_DESC_F_NEXT,
	 200, 0, 1, false},
	{"an available index that jumps by 1000", 0, 16, 0, 0, 0, 1000,
	 false},
	{"an available entry naming descriptor 77 of 8", 0, 16, 0, 0, 77, 1,
	 false},
};

int main(int argc, char *argv[])
{
	uint64_t ram_end;

	if (argc != 2 || (ram_end = strtoull(argv[1], NULL, 0)) < (2u << 20)) {
		printf("usage: hostile RAM_END\n");
		return 64;
	}
	negotiate(0);
	queue(0, 0x400000000000ULL, 0x400000001000ULL, 0x400000002000ULL);
	expect_reset("rings far outside RAM", 0);
	negotiate(0);
	queue(0, (uintptr_t)ring_desc.desc, (uintptr_t)&ring_avail.avail,
	      ram_end - 64);
	expect_reset("a used ring across the end of RAM", 0);

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_chain *c = &cases[i];

		good_queue(0);
		desc(0, c->addr ? c->addr : (uintptr_t)data, c->len, c->flags,
		     c->next);
		if (c->loop)
			desc(1, (uintptr_t)data, 16, TESS_VIRTQ_DESC_F_NEXT, 0);
		post(0, c->head, c->count);
		expect_reset(c->what, 0);
	}
	/* The same across the end of RAM, which the table cannot know. */
	good_queue(0);
	desc(0, ram_end - 8, 16, 0, 0);
	post(0, 0, 1);
	expect_reset("a buffer across the end of RAM", 0);

	if (read_sector0(1))
		printf("hostile: the other disk works throughout\n");
	else
		printf("hostile: the other disk FAILED\n"), failures++;
	if (read_sector0(0))
		printf("hostile: after a reset the broken disk works again\n");
	else
		printf("hostile: after a reset the broken disk FAILED\n"), failures++;
	return failures ? 1 : 0;
}
