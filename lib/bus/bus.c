/* SPDX-License-Identifier: BSD-3-Clause */
/* The driver registry, attachment and the walk of the platform's devices. */
#include <errno.h>
#include <stdio.h>
#include <tess/bus.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>

/* The registered drivers (TESS_DRIVER); weak: an image may have none. */
extern const struct tess_driver *const __start_tess_drivers[]
	__attribute__((weak));
extern const struct tess_driver *const __stop_tess_drivers[]
	__attribute__((weak));

static const char *const virtio_names[] = {
	[1] = "net", [2] = "block", [3] = "console", [4] = "entropy",
	[5] = "balloon", [9] = "9p", [16] = "gpu", [18] = "input",
	[19] = "vsock", [26] = "fs",
};

const char *tess_bus_id_name(enum tess_bus_kind bus, uint32_t id)
{
	if (bus == TESS_BUS_VIRTIO && id < TESS_ARRAY_SIZE(virtio_names))
		return virtio_names[id];
	if (bus == TESS_BUS_PLATFORM && id == TESS_PLAT_DEVICE_VIRTIO_MMIO)
		return "virtio-mmio";
	return NULL;
}

/* What to select for a device nobody drives. */
static const char *driver_hint(const struct tess_device *dev)
{
	if (dev->bus == TESS_BUS_VIRTIO && dev->id == 1)
		return "select virtio-net (CONFIG_TESS_VIRTIO_NET)";
	if (dev->bus == TESS_BUS_VIRTIO && dev->id == 2)
		return "select virtio-blk (CONFIG_TESS_VIRTIO_BLK)";
	if (dev->bus == TESS_BUS_PLATFORM &&
	    dev->id == TESS_PLAT_DEVICE_VIRTIO_MMIO)
		return "select virtio-mmio (CONFIG_TESS_VIRTIO_MMIO)";
	return "Tessera has no driver for it yet";
}

int tess_bus_attach(struct tess_device *dev)
{
	const struct tess_driver *const *d;
	bool registered = false;
	int err = -ENODEV;

	for (d = __start_tess_drivers; d && d < __stop_tess_drivers; d++) {
		if ((*d)->bus != dev->bus || (*d)->id != dev->id)
			continue;
		registered = true;
		err = (*d)->probe(dev);
		if (err == 0) {
			dev->driver = *d;
			return 0;
		}
		if (err != -ENODEV)
			tess_pr_err("%s: driver %s cannot take it: error %d",
				    dev->name, (*d)->name, err);
	}
	if (!registered) {
		const char *what = tess_bus_id_name(dev->bus, dev->id);

		tess_pr_warn("%s: no driver for this %s%sdevice (id %u): %s",
			     dev->name, what ? what : "", what ? " " : "",
			     dev->id, driver_hint(dev));
	}
	return err;
}

/* Platform entries: as many as the largest device table (kvm's 8). */
#define PLATFORM_DEVICES_MAX 16
static struct tess_device platform_devices[PLATFORM_DEVICES_MAX];

static int bus_walk_platform(void)
{
	unsigned int i;

	for (i = 0; i < PLATFORM_DEVICES_MAX; i++) {
		struct tess_device *dev = &platform_devices[i];

		if (tess_plat_device_get(i, &dev->plat) != 0)
			break;
		dev->bus = TESS_BUS_PLATFORM;
		dev->id = dev->plat.kind;
		snprintf(dev->name, sizeof(dev->name), "%s@%#llx",
			 tess_bus_id_name(dev->bus, dev->id)
				 ? tess_bus_id_name(dev->bus, dev->id)
				 : "device",
			 (unsigned long long)dev->plat.base);
		tess_bus_attach(dev);
	}
	return 0;
}
TESS_INIT(bus_walk_platform, TESS_INIT_BUS);
