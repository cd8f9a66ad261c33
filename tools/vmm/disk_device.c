/* SPDX-License-Identifier: BSD-3-Clause */
/* --disk FILE[,ro]: a disk file as a virtio-blk device on the bus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk_device.h"
#include "virtio_blk.h"

struct disk_device {
	struct disk disk;
	struct vblk blk;
};

static int disk_work(struct vmm_device *d, void *ctx)
{
	struct disk_device *dd = ctx;
	struct virtq *q = vmmio_queue(&d->mmio, 0);

	return q ? vblk_work(&dd->blk, q) : 0;
}

int disk_device_status(enum disk_error err)
{
	switch (err) {
	case DISK_OK: return 0;
	case DISK_BAD_SPEC: return TESS_KVM_STATUS_USAGE;
	case DISK_MISSING:
	case DISK_NOT_DISK: return TESS_KVM_STATUS_DEVICE_MISSING;
	case DISK_DENIED: return TESS_KVM_STATUS_DEVICE_DENIED;
	case DISK_LOCKED: return TESS_KVM_STATUS_DEVICE_BUSY;
	default: return TESS_KVM_STATUS_BAD_EXIT;
	}
}

int disk_device_attach(struct vmm_devices *bus, char *spec, char *why,
		       size_t why_size)
{
	struct disk_device *dd = calloc(1, sizeof(*dd));
	struct vmm_device_model model = {.work = disk_work, .input_fd = -1};
	char label[96];
	const char *base;
	enum disk_error err;

	if (!dd) {
		snprintf(why, why_size, "out of memory");
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	err = disk_take(spec, &dd->disk, why, why_size);
	if (err != DISK_OK) {
		free(dd);
		return disk_device_status(err);
	}
	/* GET_ID answers with the file's name (20 bytes at most). */
	base = strrchr(dd->disk.path, '/');
	vblk_init(&dd->blk, &dd->disk.backend, dd->disk.size / VBLK_SECTOR,
		  dd->disk.read_only, base ? base + 1 : dd->disk.path);
	model.transport.device_id = 2;
	model.transport.features = vblk_features(&dd->blk);
	model.transport.num_queues = 1;
	model.transport.queue_max = 256;
	vblk_config(&dd->blk, model.transport.config);
	model.ctx = dd;
	snprintf(label, sizeof(label), "disk %s", dd->disk.path);
	if (!vmm_devices_add(bus, &model, label)) {
		snprintf(why, why_size, "too many devices (at most %d)",
			 TESS_KVM_DEVICE_MAX);
		return TESS_KVM_STATUS_USAGE;
	}
	return 0;
}
