/* SPDX-License-Identifier: BSD-3-Clause */
/* --net tap:IFNAME[,mac=..]: a tap as a virtio-net device on the bus. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net_device.h"
#include "virtio_net.h"

struct net_device {
	int fd;
	struct vnet_backend backend;
	struct vnet net;
};

/* Frames out, then frames in; what the guest got back in all. */
static int net_work(struct vmm_device *d, void *ctx)
{
	struct net_device *nd = ctx;
	struct virtq *tx = vmmio_queue(&d->mmio, VNET_QUEUE_TX);
	struct virtq *rx = vmmio_queue(&d->mmio, VNET_QUEUE_RX);
	int sent = tx ? vnet_tx_work(&nd->net, tx) : 0;
	int received = rx ? vnet_rx_work(&nd->net, rx) : 0;

	return (sent > 0 ? sent : 0) + (received > 0 ? received : 0);
}

static void net_reset(void *ctx)
{
	struct net_device *nd = ctx;

	vnet_reset(&nd->net);
}

/* Frames from the tap matter only while a receive chain waits for one
 * (else they wait in the host's queue); a held transmit waits for room. */
static short net_input_events(void *ctx)
{
	struct net_device *nd = ctx;

	return (short)((nd->net.rx_held ? POLLIN : 0) |
		       (nd->net.tx_held ? POLLOUT : 0));
}

int net_device_status(enum tap_error err)
{
	switch (err) {
	case TAP_OK: return 0;
	case TAP_MISSING:
	case TAP_NOT_TAP: return TESS_KVM_STATUS_DEVICE_MISSING;
	case TAP_BUSY: return TESS_KVM_STATUS_DEVICE_BUSY;
	case TAP_PERMISSION: return TESS_KVM_STATUS_DEVICE_DENIED;
	default: return TESS_KVM_STATUS_BAD_EXIT;
	}
}

int net_device_attach(struct vmm_devices *bus, const char *spec,
		      unsigned int index, char *why, size_t why_size)
{
	struct vmm_device_model model = {.work = net_work,
					 .reset = net_reset,
					 .input_events = net_input_events};
	struct net_device *nd;
	struct tap_spec tap;
	enum tap_error err;
	char label[96];
	int mtu;

	if (tap_spec_parse(spec, index, &tap, why, why_size) < 0)
		return TESS_KVM_STATUS_USAGE;
	nd = calloc(1, sizeof(*nd));
	if (!nd) {
		snprintf(why, why_size, "out of memory");
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	err = tap_open(tap.ifname, &nd->fd, why, why_size);
	if (err != TAP_OK) {
		free(nd);
		return net_device_status(err);
	}
	mtu = tap_mtu(tap.ifname);
	nd->backend = tap_backend(&nd->fd);
	if (vnet_init(&nd->net, &nd->backend, tap.mac,
		      mtu > 0 ? (unsigned int)mtu : 1500) < 0) {
		snprintf(why, why_size, "tap %s has an MTU (%d) virtio-net "
					"cannot give",
			 tap.ifname, mtu);
		return TESS_KVM_STATUS_DEVICE_MISSING;
	}
	model.transport.device_id = VNET_DEVICE_ID;
	model.transport.features = vnet_features(&nd->net);
	model.transport.num_queues = VNET_QUEUES;
	model.transport.queue_max = 256;
	vnet_config(&nd->net, model.transport.config);
	model.input_fd = nd->fd;
	model.ctx = nd;
	snprintf(label, sizeof(label), "net tap %s", tap.ifname);
	if (!vmm_devices_add(bus, &model, label)) {
		snprintf(why, why_size, "too many devices (at most %d)",
			 TESS_KVM_DEVICE_MAX);
		return TESS_KVM_STATUS_USAGE;
	}
	return 0;
}
