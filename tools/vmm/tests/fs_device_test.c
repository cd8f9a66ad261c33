/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of --share: the option's parser, the refusals of
 * attach, and the virtio-9p device on a bus as a guest driver sees it:
 * its ID, feature and tag, a T-message split across buffers answered
 * into split buffers, a chain with no room for a reply, a reset (from a
 * thread under the vCPU's seccomp filter, as the monitor's is) ending the
 * 9P session.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOST_CHECK_PREFIX "virtio-9p: "
#include "../../common/host_check.h"
#include "../fs_device.h"
#include "../p9_server.h"
#include "../seccomp.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  (64 * 1024)
#define DESC	  0x0000 /* offsets in guest RAM */
#define AVAIL	  0x1000
#define USED	  0x2000
#define DATA	  0x3000

static struct vmm_devices bus;
static uint8_t *ram;
static char dir[64];

static int parse(const char *spec, struct fs_share *share)
{
	static char copy[256];
	char why[256];

	snprintf(copy, sizeof(copy), "%s", spec);
	return fs_share_parse(copy, share, why, sizeof(why));
}

static void test_parse(void)
{
	struct fs_share s;
	char tag33[64];

	check(parse("/srv/data,tag=v0", &s) == 0 &&
		      strcmp(s.path, "/srv/data") == 0 &&
		      strcmp(s.tag, "v0") == 0 && !s.read_only,
	      "HOSTDIR,tag=TAG");
	check(parse("/srv/data,tag=v1,ro", &s) == 0 && s.read_only &&
		      strcmp(s.tag, "v1") == 0,
	      "HOSTDIR,tag=TAG,ro");
	check(parse("/a,tag=x,b,tag=t", &s) == 0 &&
		      strcmp(s.path, "/a,tag=x,b") == 0 &&
		      strcmp(s.tag, "t") == 0,
	      "a folder with commas (the last tag= is the tag)");
	snprintf(tag33, sizeof(tag33), "/d,tag=%033d", 0);
	check(parse("/srv", &s) < 0 && parse(",tag=v0", &s) < 0 &&
		      parse("/srv,tag=", &s) < 0 &&
		      parse("/srv,tag=a:b", &s) < 0 &&
		      parse("/srv,tag=a b", &s) < 0 && parse(tag33, &s) < 0,
	      "no tag, no folder, an empty tag, a tag with ':' or ' ' or over "
	      "32 bytes: refused");
}

static uint32_t rd(struct vmm_device *d, uint64_t off)
{
	return (uint32_t)vmmio_read(&d->mmio, off, 4);
}

static void wr(struct vmm_device *d, uint64_t off, uint32_t v)
{
	vmmio_write(&d->mmio, off, 4, v);
}

/* The driver's set-up: features (the tag, VERSION_1), queue 0 of 16. */
static void driver_setup(struct vmm_device *d)
{
	const uint32_t s =
		TESS_VIRTIO_STATUS_ACKNOWLEDGE | TESS_VIRTIO_STATUS_DRIVER;

	memset(ram, 0, DATA);
	wr(d, VMMIO_STATUS, 0);
	wr(d, VMMIO_STATUS, TESS_VIRTIO_STATUS_ACKNOWLEDGE);
	wr(d, VMMIO_STATUS, s);
	wr(d, VMMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, VMMIO_DRIVER_FEATURES, 1u << FS_F_MOUNT_TAG);
	wr(d, VMMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VMMIO_DRIVER_FEATURES, 1);
	wr(d, VMMIO_STATUS, s | TESS_VIRTIO_STATUS_FEATURES_OK);
	wr(d, VMMIO_QUEUE_SEL, 0);
	wr(d, VMMIO_QUEUE_NUM, 16);
	wr(d, VMMIO_QUEUE_DESC_LOW, (uint32_t)(RAM_START + DESC));
	wr(d, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)(RAM_START + AVAIL));
	wr(d, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)(RAM_START + USED));
	wr(d, VMMIO_QUEUE_READY, 1);
	wr(d, VMMIO_STATUS,
	   s | TESS_VIRTIO_STATUS_FEATURES_OK | TESS_VIRTIO_STATUS_DRIVER_OK);
}

static uint16_t avail_idx;

/* Posts a chain of buffers at DATA: lens[i] bytes each, the first
 * readable ones readable; returns the RAM offset of each in at[]. */
static void post(unsigned int n, const uint32_t *lens, unsigned int readable,
		 uint32_t *at)
{
	struct tess_virtq_desc *desc = (void *)(ram + DESC);
	struct tess_virtq_avail *avail = (void *)(ram + AVAIL);
	uint32_t off = DATA;

	for (unsigned int i = 0; i < n; i++) {
		desc[i] = (struct tess_virtq_desc){
			RAM_START + off, lens[i],
			(uint16_t)((i + 1 < n ? TESS_VIRTQ_DESC_F_NEXT : 0) |
				   (i >= readable ? TESS_VIRTQ_DESC_F_WRITE
						  : 0)),
			(uint16_t)(i + 1)};
		at[i] = off;
		off += lens[i];
	}
	avail->ring[avail_idx % 16] = 0;
	avail->idx = ++avail_idx;
}

/* Copies msg into the readable buffers at[0..readable). */
static void fill(const uint8_t *msg, const uint32_t *lens,
		 unsigned int readable, const uint32_t *at)
{
	size_t done = 0;

	for (unsigned int i = 0; i < readable; i++) {
		memcpy(ram + at[i], msg + done, lens[i]);
		done += lens[i];
	}
}

/* The driver's set-up as the vCPU thread runs it: confined by its
 * seccomp filter (a forbidden call ends the test with status 79). */
static bool vcpu_side_ok;

static void *vcpu_side_setup(void *arg)
{
	if (vmm_seccomp_confine() == 0) {
		driver_setup(arg);
		vcpu_side_ok = true;
	}
	return NULL;
}

static void test_device(void)
{
	static const uint8_t tversion[] = {
		21, 0, 0,   0,	 P9_TVERSION, 0xff, 0xff, 0,   0,   1,	0,
		8,  0, '9', 'P', '2',	      '0',  '0',  '0', '.', 'L'};
	static const uint8_t tattach[] = {19,	0, 0, 0, P9_TATTACH, 1,	   0,
					  0,	0, 0, 0, 0xff,	     0xff, 0xff,
					  0xff, 0, 0, 0, 0};
	char spec[128], why[256];
	struct vmm_device *d;
	struct tess_virtq_used *used;
	uint32_t lens[5], at[5];
	uint8_t reply[32];
	int status;

	vmm_devices_init(&bus, -1, ram, RAM_START, RAM_SIZE);
	used = (void *)(ram + USED);
	snprintf(spec, sizeof(spec), "%s/missing,tag=v0", dir);
	status = fs_device_attach(&bus, spec, why, sizeof(why));
	check(status == TESS_KVM_STATUS_DEVICE_MISSING && bus.count == 0 &&
		      strstr(why, "No such file"),
	      "a missing folder: status 76, said");
	snprintf(spec, sizeof(spec), "%s/file,tag=v0", dir);
	status = fs_device_attach(&bus, spec, why, sizeof(why));
	check(status == TESS_KVM_STATUS_DEVICE_MISSING &&
		      strstr(why, "not a folder"),
	      "a file: status 76, not a folder");
	snprintf(spec, sizeof(spec), "%s,tag=data", dir);
	status = fs_device_attach(&bus, spec, why, sizeof(why));
	snprintf(spec, sizeof(spec), "%s,tag=data,ro", dir);
	check(status == 0 && bus.count == 1 &&
		      fs_device_attach(&bus, spec, why, sizeof(why)) ==
			      TESS_KVM_STATUS_USAGE &&
		      strstr(why, "twice"),
	      "a folder is attached; its tag given twice is refused");
	d = &bus.devices[0];
	wr(d, VMMIO_DEVICE_FEATURES_SEL, 0);
	check(rd(d, VMMIO_DEVICE_ID) == FS_DEVICE_ID &&
		      (rd(d, VMMIO_DEVICE_FEATURES) & (1u << FS_F_MOUNT_TAG)) &&
		      vmmio_read(&d->mmio, VMMIO_CONFIG, 2) == 4 &&
		      vmmio_read(&d->mmio, VMMIO_CONFIG + 2, 4) ==
			      ('d' | 'a' << 8 | 't' << 16 |
			       (uint32_t)'a' << 24),
	      "device 9, MOUNT_TAG offered, config: tag_len 4, \"data\"");
	driver_setup(d);
	/* Tversion in 3 readable pieces, the reply in 2 writable ones. */
	lens[0] = 5, lens[1] = 7, lens[2] = sizeof(tversion) - 12;
	lens[3] = 10, lens[4] = 300;
	post(5, lens, 3, at);
	fill(tversion, lens, 3, at);
	check(d->model.work(d, d->model.ctx) == 1 && used->idx == 1 &&
		      used->ring[0].len == 21,
	      "a T-message split in 3 buffers: one reply, 21 bytes used");
	memcpy(reply, ram + at[3], 10);
	memcpy(reply + 10, ram + at[4], 11);
	check(reply[4] == P9_TVERSION + 1 && reply[11] == 8 &&
		      memcmp(reply + 13, "9P2000.L", 8) == 0,
	      "the Rversion written across the 2 writable buffers");
	lens[0] = sizeof(tattach), lens[1] = 300;
	post(2, lens, 1, at);
	fill(tattach, lens, 1, at);
	check(d->model.work(d, d->model.ctx) == 1 && used->ring[1].len == 20 &&
		      ram[at[1] + 4] == P9_TATTACH + 1,
	      "Tattach through the queue: Rattach");
	lens[0] = sizeof(tattach);
	post(1, lens, 1, at);
	fill(tattach, lens, 1, at);
	check(d->model.work(d, d->model.ctx) == 1 && used->idx == 3 &&
		      used->ring[2].len == 0,
	      "a chain with no writable buffer: given back, used length 0");
	/* The reset comes from the vCPU thread, under its filter. */
	avail_idx = 0;
	{
		pthread_t t;

		pthread_create(&t, NULL, vcpu_side_setup, d);
		pthread_join(t, NULL);
	}
	check(vcpu_side_ok,
	      "the driver's reset, from a thread under the vCPU's "
	      "seccomp filter, makes no call it forbids");
	lens[0] = sizeof(tattach), lens[1] = 300;
	post(2, lens, 1, at);
	fill(tattach, lens, 1, at);
	check(d->model.work(d, d->model.ctx) == 1 &&
		      ram[at[1] + 4] == P9_RLERROR && ram[at[1] + 7] == EPROTO,
	      "a device reset ends the 9P session (Tattach before Tversion: "
	      "EPROTO)");
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

int main(void)
{
	char path[128];
	FILE *f;

	ram = calloc(1, RAM_SIZE);
	snprintf(dir, sizeof(dir), "/tmp/fsdev-XXXXXX");
	if (!ram || !mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	test_parse();
	test_device();
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	printf("# virtio-9p tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
