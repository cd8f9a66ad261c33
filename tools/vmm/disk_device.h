/* SPDX-License-Identifier: BSD-3-Clause */
/* --disk FILE[,ro]: a disk file (tools/vmm/disk.h) given to the guest as
 * a virtio-blk device (virtio_blk.h) on the monitor's bus (devices.h). */
#ifndef TESS_VMM_DISK_DEVICE_H
#define TESS_VMM_DISK_DEVICE_H

#include <stddef.h>

#include "devices.h"
#include "disk.h"

/* Opens, locks and attaches the disk spec names (spec is modified).
 * Returns 0, or the monitor's exit status with why saying what failed:
 * TESS_KVM_STATUS_USAGE (a bad spec, too many devices),
 * _DEVICE_MISSING (no such file, not a disk), _DEVICE_DENIED (no
 * permission), _DEVICE_BUSY (locked by another instance). */
int disk_device_attach(struct vmm_devices *bus, char *spec, char *why,
		       size_t why_size);

/* The monitor's exit status for a disk refused with err (tess run uses
 * the same ones for linuxu and QEMU). */
int disk_device_status(enum disk_error err);

#endif /* TESS_VMM_DISK_DEVICE_H */
