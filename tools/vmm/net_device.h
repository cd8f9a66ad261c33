/* SPDX-License-Identifier: BSD-3-Clause */
/* --net tap:IFNAME[,mac=..]: an existing host tap (tools/vmm/tap.h) given
 * to the guest as a virtio-net device (virtio_net.h) on the monitor's bus
 * (devices.h). */
#ifndef TESS_VMM_NET_DEVICE_H
#define TESS_VMM_NET_DEVICE_H

#include <stddef.h>

#include "devices.h"
#include "tap.h"

/* Attaches the tap spec names as network device number index. Returns
 * 0, or the monitor's exit status with why saying what failed:
 * TESS_KVM_STATUS_USAGE (a bad spec, too many devices),
 * _DEVICE_MISSING (no such device, or not a tap), _DEVICE_BUSY (another
 * process has it), _DEVICE_DENIED (no permission). */
int net_device_attach(struct vmm_devices *bus, const char *spec,
		      unsigned int index, char *why, size_t why_size);

/* The monitor's exit status for a tap refused with err (tess run uses
 * the same ones for linuxu and QEMU). */
int net_device_status(enum tap_error err);

#endif /* TESS_VMM_NET_DEVICE_H */
