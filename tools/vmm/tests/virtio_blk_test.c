/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the monitor's virtio-blk model on a disk in memory:
 * reads and writes as drivers frame them (and as they may), flush, the
 * id, and each bad request answered with its status, the disk untouched.
 */
#include <stdlib.h>
#include <string.h>

#define HOST_CHECK_PREFIX "virtio-blk: "
#include "../../common/host_check.h"
#include "../virtio_blk.h"

#define SECTORS 64

static uint8_t disk[SECTORS * VBLK_SECTOR];
static unsigned int flushes;
static int fail_io;

static int mem_read(void *ctx, uint64_t off, uint8_t *buf, uint32_t len)
{
	(void)ctx;
	if (fail_io)
		return -5;
	memcpy(buf, disk + off, len);
	return 0;
}

static int mem_write(void *ctx, uint64_t off, const uint8_t *buf, uint32_t len)
{
	(void)ctx;
	if (fail_io)
		return -5;
	memcpy(disk + off, buf, len);
	return 0;
}

static int mem_flush(void *ctx)
{
	(void)ctx;
	flushes++;
	return fail_io ? -5 : 0;
}

static const struct vblk_backend backend = {mem_read, mem_write, mem_flush,
					    NULL};
static struct vblk blk;

struct request_header {
	uint32_t type, reserved;
	uint64_t sector;
};

static struct request_header hdr;
static uint8_t data[4 * VBLK_SECTOR], status;
static struct virtq_chain c;

/* A chain of header, data (readable for a write, writable for a read)
 * and status, each its own buffer, as Linux frames it. */
static void framed(uint32_t type, uint64_t sector, uint32_t len)
{
	hdr = (struct request_header){type, 0, sector};
	status = 0xee;
	c.nseg = 0;
	c.seg[c.nseg++] = (struct virtq_seg){(uint8_t *)&hdr, 16, false};
	if (len)
		c.seg[c.nseg++] = (struct virtq_seg){data, len,
						     type != VBLK_T_OUT};
	c.seg[c.nseg++] = (struct virtq_seg){&status, 1, true};
}

static void test_reads_and_writes(void)
{
	uint32_t used;

	for (unsigned int i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i / VBLK_SECTOR);
	framed(VBLK_T_IN, 5, 2 * VBLK_SECTOR);
	used = vblk_request(&blk, &c);
	check(status == VBLK_S_OK && used == 2 * VBLK_SECTOR + 1 &&
		      data[0] == 5 && data[VBLK_SECTOR] == 6,
	      "a read gives the sectors asked and says how many bytes");
	memset(data, 0xab, VBLK_SECTOR);
	framed(VBLK_T_OUT, 63, VBLK_SECTOR);
	used = vblk_request(&blk, &c);
	check(status == VBLK_S_OK && used == 1 && disk[63 * VBLK_SECTOR] == 0xab &&
		      disk[63 * VBLK_SECTOR + 511] == 0xab,
	      "a write reaches the last sector; the used length is the status");
	/* Another framing: the header split in two, data and status in one
	 * buffer. */
	hdr = (struct request_header){VBLK_T_IN, 0, 7};
	c.nseg = 0;
	c.seg[c.nseg++] = (struct virtq_seg){(uint8_t *)&hdr, 4, false};
	c.seg[c.nseg++] = (struct virtq_seg){(uint8_t *)&hdr + 4, 12, false};
	c.seg[c.nseg++] = (struct virtq_seg){data, VBLK_SECTOR + 1, true};
	data[VBLK_SECTOR] = 0xee;
	used = vblk_request(&blk, &c);
	check(data[VBLK_SECTOR] == VBLK_S_OK && data[0] == 7 &&
		      used == VBLK_SECTOR + 1,
	      "any framing: a split header, data and status in one buffer");
	framed(VBLK_T_FLUSH, 0, 0);
	flushes = 0;
	check(vblk_request(&blk, &c) == 1 && status == VBLK_S_OK && flushes == 1,
	      "a flush reaches the backend");
	framed(VBLK_T_GET_ID, 0, 20);
	check(vblk_request(&blk, &c) == 21 && status == VBLK_S_OK &&
		      memcmp(data, "tess-disk", 10) == 0,
	      "GET_ID gives the disk's id");
}

static void test_bad_requests(void)
{
	uint8_t before[sizeof(disk)];

	memcpy(before, disk, sizeof(disk));
	framed(VBLK_T_IN, 63, 2 * VBLK_SECTOR);
	check(vblk_request(&blk, &c) && status == VBLK_S_IOERR,
	      "a read past the end is an I/O error");
	framed(VBLK_T_OUT, UINT64_MAX, VBLK_SECTOR);
	check(vblk_request(&blk, &c) == 1 && status == VBLK_S_IOERR &&
		      memcmp(before, disk, sizeof(disk)) == 0,
	      "a write at a huge sector is refused, the disk untouched");
	framed(VBLK_T_OUT, 0, 100);
	check(vblk_request(&blk, &c) == 1 && status == VBLK_S_IOERR &&
		      memcmp(before, disk, sizeof(disk)) == 0,
	      "data not a whole number of sectors is refused");
	framed(77, 0, 0);
	check(vblk_request(&blk, &c) == 1 && status == VBLK_S_UNSUPP,
	      "an unknown request type is UNSUPP");
	framed(VBLK_T_OUT, 0, VBLK_SECTOR);
	c.nseg--; /* no status buffer: it ends readable */
	check(vblk_request(&blk, &c) == 0 && memcmp(before, disk, sizeof(disk)) == 0,
	      "a chain with no writable status byte is answered with nothing");
	framed(VBLK_T_IN, 0, VBLK_SECTOR);
	c.nseg--; /* the status is then the data's last byte: 511 bytes */
	check(vblk_request(&blk, &c) == 1 && data[VBLK_SECTOR - 1] == VBLK_S_IOERR,
	      "a read whose status takes the data's last byte is short: an error");
	c.nseg = 0;
	c.seg[c.nseg++] = (struct virtq_seg){(uint8_t *)&hdr, 8, false};
	c.seg[c.nseg++] = (struct virtq_seg){&status, 1, true};
	check(vblk_request(&blk, &c) == 0, "a header shorter than 16 bytes too");
	fail_io = 1;
	framed(VBLK_T_IN, 0, VBLK_SECTOR);
	check(vblk_request(&blk, &c) && status == VBLK_S_IOERR,
	      "a backend error is an I/O error");
	framed(VBLK_T_FLUSH, 0, 0);
	check(vblk_request(&blk, &c) == 1 && status == VBLK_S_IOERR,
	      "a failed flush is an I/O error");
	fail_io = 0;
	{
		struct vblk ro;

		vblk_init(&ro, &backend, SECTORS, true, "ro");
		framed(VBLK_T_OUT, 0, VBLK_SECTOR);
		check(vblk_request(&ro, &c) == 1 && status == VBLK_S_IOERR &&
			      memcmp(before, disk, sizeof(disk)) == 0 &&
			      (vblk_features(&ro) & (1ULL << VBLK_F_RO)),
		      "a read-only disk refuses writes and says it is read-only");
	}
}

static void test_queue(void)
{
	static uint8_t ram_mem[16384];
	struct virtq_ram ram = {ram_mem, 0x100000, sizeof(ram_mem)};
	struct tess_virtq_desc *d = (void *)ram_mem;
	struct tess_virtq_avail *a = (void *)(ram_mem + 0x100);
	struct tess_virtq_used *u = (void *)(ram_mem + 0x200);
	struct virtq q;
	uint8_t config[64];
	uint64_t capacity;

	virtq_setup(&q, &ram, 4, 0x100000, 0x100100, 0x100200, false);
	memcpy(ram_mem + 0x1000, &(struct request_header){VBLK_T_IN, 0, 9}, 16);
	d[0] = (struct tess_virtq_desc){0x101000, 16, TESS_VIRTQ_DESC_F_NEXT, 1};
	d[1] = (struct tess_virtq_desc){0x102000, VBLK_SECTOR,
					TESS_VIRTQ_DESC_F_NEXT |
						TESS_VIRTQ_DESC_F_WRITE,
					2};
	d[2] = (struct tess_virtq_desc){0x103000, 1, TESS_VIRTQ_DESC_F_WRITE, 0};
	a->ring[0] = 0;
	a->idx = 1;
	check(vblk_work(&blk, &q) == 1 && u->idx == 1 &&
		      u->ring[0].len == VBLK_SECTOR + 1 &&
		      ram_mem[0x3000] == VBLK_S_OK && ram_mem[0x2000] == 9,
	      "a request through a queue: read, status and used entry");
	vblk_config(&blk, config);
	memcpy(&capacity, config + VBLK_CONFIG_CAPACITY, 8);
	check(capacity == SECTORS && (vblk_features(&blk) & (1ULL << VBLK_F_FLUSH)),
	      "the config space gives the capacity; FLUSH is offered");
}

int main(void)
{
	vblk_init(&blk, &backend, SECTORS, false, "tess-disk");
	test_reads_and_writes();
	test_bad_requests();
	test_queue();
	printf("# virtio-blk tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
