/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio-mmio transport (virtio 1.2, 4.2, version 2 registers): takes
 * the platform's virtio-mmio entries, checks what sits behind each and
 * attaches the device on TESS_BUS_VIRTIO for its driver.
 *
 * Every register access exits to the monitor (about 19 us on kvm-pvm), so
 * they happen at set-up, for doorbells the device asked for, and, on a
 * level-triggered line only, to acknowledge an interrupt.
 */
#include <errno.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/bus.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/virtio_dev.h>

#define MAGIC		      0x74726976 /* "virt" */
#define REG_MAGIC	      0x000
#define REG_VERSION	      0x004
#define REG_DEVICE_ID	      0x008
#define REG_DEVICE_FEATURES   0x010
#define REG_DEVICE_FEAT_SEL   0x014
#define REG_DRIVER_FEATURES   0x020
#define REG_DRIVER_FEAT_SEL   0x024
#define REG_QUEUE_SEL	      0x030
#define REG_QUEUE_NUM_MAX     0x034
#define REG_QUEUE_NUM	      0x038
#define REG_QUEUE_READY	      0x044
#define REG_QUEUE_NOTIFY      0x050
#define REG_INTERRUPT_STATUS  0x060
#define REG_INTERRUPT_ACK     0x064
#define REG_STATUS	      0x070
#define REG_QUEUE_DESC_LOW    0x080
#define REG_QUEUE_DESC_HIGH   0x084
#define REG_QUEUE_DRIVER_LOW  0x090
#define REG_QUEUE_DRIVER_HIGH 0x094
#define REG_QUEUE_DEVICE_LOW  0x0a0
#define REG_QUEUE_DEVICE_HIGH 0x0a4
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG	      0x100

struct mmio_transport {
	volatile uint8_t *regs;
	struct tess_device *parent;
	struct tess_virtio_dev vdev;
	struct tess_device child; /* on TESS_BUS_VIRTIO */
};

static struct mmio_transport *of(struct tess_virtio_dev *dev)
{
	return dev->transport;
}

static uint32_t rd(struct mmio_transport *t, unsigned int reg)
{
	return *(volatile uint32_t *)(t->regs + reg);
}

static void wr(struct mmio_transport *t, unsigned int reg, uint32_t value)
{
	*(volatile uint32_t *)(t->regs + reg) = value;
}

static uint64_t features_get(struct tess_virtio_dev *dev)
{
	struct mmio_transport *t = of(dev);
	uint64_t features;

	wr(t, REG_DEVICE_FEAT_SEL, 1);
	features = (uint64_t)rd(t, REG_DEVICE_FEATURES) << 32;
	wr(t, REG_DEVICE_FEAT_SEL, 0);
	return features | rd(t, REG_DEVICE_FEATURES);
}

static void features_set(struct tess_virtio_dev *dev, uint64_t features)
{
	struct mmio_transport *t = of(dev);

	wr(t, REG_DRIVER_FEAT_SEL, 0);
	wr(t, REG_DRIVER_FEATURES, (uint32_t)features);
	wr(t, REG_DRIVER_FEAT_SEL, 1);
	wr(t, REG_DRIVER_FEATURES, (uint32_t)(features >> 32));
}

static uint8_t status_get(struct tess_virtio_dev *dev)
{
	return (uint8_t)rd(of(dev), REG_STATUS);
}

static void status_set(struct tess_virtio_dev *dev, uint8_t status)
{
	wr(of(dev), REG_STATUS, status);
}

static void reset(struct tess_virtio_dev *dev)
{
	wr(of(dev), REG_STATUS, 0);
	/* The device says when it is done (4.2.3.1). */
	while (rd(of(dev), REG_STATUS) != 0)
		;
}

/* A consistent copy: read again while the generation moves (4.2.2). */
static void config_read(struct tess_virtio_dev *dev, unsigned int offset,
			void *buf, unsigned int len)
{
	struct mmio_transport *t = of(dev);
	uint8_t *out = buf;
	uint32_t generation;

	do {
		generation = rd(t, REG_CONFIG_GENERATION);
		for (unsigned int i = 0; i < len;) {
			unsigned int at = REG_CONFIG + offset + i;

			if (at % 4 == 0 && len - i >= 4) {
				uint32_t word = rd(t, at);

				for (int b = 0; b < 4; b++)
					out[i + b] = (uint8_t)(word >> (8 * b));
				i += 4;
			} else {
				out[i++] = *(volatile uint8_t *)(t->regs + at);
			}
		}
	} while (generation != rd(t, REG_CONFIG_GENERATION));
}

static unsigned int queue_max(struct tess_virtio_dev *dev, unsigned int idx)
{
	struct mmio_transport *t = of(dev);

	wr(t, REG_QUEUE_SEL, idx);
	if (rd(t, REG_QUEUE_READY))
		return 0; /* in use already: not ours to set up */
	return rd(t, REG_QUEUE_NUM_MAX);
}

static int queue_enable(struct tess_virtio_dev *dev, unsigned int idx,
			struct tess_virtq *q)
{
	struct mmio_transport *t = of(dev);
	uint64_t desc, avail, used;

	tess_virtq_addrs(q, &desc, &avail, &used);
	wr(t, REG_QUEUE_SEL, idx);
	wr(t, REG_QUEUE_NUM, tess_virtq_num(q));
	wr(t, REG_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(t, REG_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(t, REG_QUEUE_DRIVER_LOW, (uint32_t)avail);
	wr(t, REG_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	wr(t, REG_QUEUE_DEVICE_LOW, (uint32_t)used);
	wr(t, REG_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	wr(t, REG_QUEUE_READY, 1);
	return rd(t, REG_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void notify(struct tess_virtio_dev *dev, unsigned int idx)
{
	wr(of(dev), REG_QUEUE_NOTIFY, idx);
}

static const struct tess_virtio_ops mmio_ops = {
	features_get, features_set, status_get, status_set, reset,
	config_read,  queue_max,    queue_enable, notify,
};

/* An MSI is this device's and needs nothing acknowledged. A pin's
 * interrupt (which may be another device's) is acknowledged at the
 * device; the status is read again after, since an event between the
 * read and the acknowledgement would leave the line raised with no new
 * edge for the (edge-routed) pin. */
static void mmio_interrupt(enum tess_irq irq, void *arg)
{
	struct mmio_transport *t = arg;
	uint32_t status;

	(void)irq;
	if (t->parent->plat.irq_edge) {
		if (t->vdev.on_interrupt)
			t->vdev.on_interrupt(&t->vdev, t->vdev.on_interrupt_arg);
		return;
	}
	while ((status = rd(t, REG_INTERRUPT_STATUS)) != 0) {
		wr(t, REG_INTERRUPT_ACK, status);
		if (t->vdev.on_interrupt)
			t->vdev.on_interrupt(&t->vdev, t->vdev.on_interrupt_arg);
	}
}

static int mmio_probe(struct tess_device *dev)
{
	volatile uint8_t *regs = tess_plat_device_map(&dev->plat);
	struct mmio_transport *t;
	uint32_t version, device_id;
	int err;

	if (!regs || dev->plat.size < REG_CONFIG)
		return -ENODEV;
	if (*(volatile uint32_t *)(regs + REG_MAGIC) != MAGIC) {
		tess_pr_err("%s: no virtio-mmio magic value", dev->name);
		return -ENODEV;
	}
	version = *(volatile uint32_t *)(regs + REG_VERSION);
	device_id = *(volatile uint32_t *)(regs + REG_DEVICE_ID);
	if (version != 2) {
		tess_pr_err("%s: virtio-mmio version %u (legacy): only "
			    "version 2 is supported",
			    dev->name, version);
		return -ENODEV;
	}
	if (device_id == 0)
		return -ENODEV; /* a placeholder slot (4.2.3.1.1) */
	t = tess_malloc(tess_alloc_default(), sizeof(*t));
	if (!t)
		return -ENOMEM;
	*t = (struct mmio_transport){.regs = regs, .parent = dev};
	t->vdev.ops = &mmio_ops;
	t->vdev.name = dev->name;
	t->vdev.device_id = device_id;
	t->vdev.transport = t;
	if (dev->plat.has_irq) {
		err = tess_plat_irq_register_shared(dev->plat.irq,
						    mmio_interrupt, t);
		if (err) {
			tess_pr_err("%s: cannot take its interrupt line: "
				    "error %d",
				    dev->name, err);
			tess_free(tess_alloc_default(), t);
			return err;
		}
	}
	dev->bus_data = t;
	t->child.bus = TESS_BUS_VIRTIO;
	t->child.id = device_id;
	t->child.plat = dev->plat;
	t->child.bus_data = &t->vdev;
	memcpy(t->child.name, dev->name, sizeof(t->child.name));
	/* The transport stays bound even when no driver takes the device:
	 * the entry is virtio-mmio's either way. */
	tess_bus_attach(&t->child);
	return 0;
}

static const struct tess_driver virtio_mmio = {
	"virtio-mmio", TESS_BUS_PLATFORM, TESS_PLAT_DEVICE_VIRTIO_MMIO,
	mmio_probe};
TESS_DRIVER(virtio_mmio);
