/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver model: devices found on buses, drivers chosen in Kconfig.
 *
 * Provides driver registration (TESS_DRIVER: a driver names its bus and
 * says which devices it takes), the attachment of a found device to the
 * first driver that takes it, and the boot-time walk of the platform's
 * device table (tess/plat/device.h) that starts it all: each entry is a
 * TESS_BUS_PLATFORM device; a bus driver (virtio-mmio, PCI) that takes
 * one finds the devices behind it and attaches each on its own bus
 * (TESS_BUS_VIRTIO, TESS_BUS_PCI), where the device drivers (virtio-blk,
 * virtio-net) take them.
 *
 * Needs: the platform's device table; lib/boot's init table (the walk
 * runs at TESS_INIT_BUS).
 *
 * Promises:
 * - An image without this library pays nothing for devices; with it and
 *   no driver, each device found is named once in the log ("no driver
 *   for ... : select ...") and left alone.
 * - A driver's probe runs once per device it takes, on the boot thread;
 *   a probe that fails is logged with its error and the device is left
 *   unbound (the next driver that takes it is tried).
 */
#ifndef TESS_BUS_H
#define TESS_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include <tess/plat/device.h>

enum tess_bus_kind {
	TESS_BUS_PLATFORM, /* id: enum tess_plat_device_kind */
	TESS_BUS_VIRTIO,   /* id: the virtio device ID (1 net, 2 block...) */
};

struct tess_driver;

struct tess_device {
	enum tess_bus_kind bus;
	uint32_t id;
	char name[32];			  /* for logs: "virtio-mmio@0xd0001000" */
	struct tess_plat_device plat;	  /* where it was found */
	void *bus_data;			  /* the bus driver's (its transport) */
	const struct tess_driver *driver; /* bound to, or NULL */
	void *driver_data;		  /* the bound driver's */
};

struct tess_driver {
	const char *name;	/* its library's name: "virtio-blk" */
	enum tess_bus_kind bus;
	uint32_t id;		/* the id it takes on its bus */
	/* Takes the device: 0 (bound), -ENODEV (not one it drives after
	 * all, quietly) or another -errno (logged). */
	int (*probe)(struct tess_device *dev);
};

/* Registers driver d (a static struct tess_driver). */
#define TESS_DRIVER(d)                                                        \
	static const struct tess_driver *const tess_driver_##d                 \
		__attribute__((used, retain, section("tess_drivers"))) = &(d)

/* Attaches dev to the first registered driver of its bus and id whose
 * probe takes it. Returns 0 (bound), -ENODEV (no driver took it: said in
 * the log when no driver is registered for it), or the last probe's
 * error. dev must live as long as the image. */
int tess_bus_attach(struct tess_device *dev);

/* A name for a bus's id in logs ("net", "block"), or NULL. */
const char *tess_bus_id_name(enum tess_bus_kind bus, uint32_t id);

#endif /* TESS_BUS_H */
