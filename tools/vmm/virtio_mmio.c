/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio version 2 registers for one device (virtio 1.2, 4.2), with
 * the device status protocol of 2.1-2.2 and 3.1 enforced: features are
 * taken only before FEATURES_OK and only as offered; queues are set up
 * only before DRIVER_OK, with a size up to the device's; doorbells count
 * only on a live device and ready queue. Anything else is refused and
 * said; a broken queue makes the device NEEDS_RESET.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "virtio_mmio.h"

static void say(struct vmmio *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
}

static void queues_clear(struct vmmio *m)
{
	memset(m->queues, 0, sizeof(m->queues));
}

void vmmio_init(struct vmmio *m, const struct vmmio_device *device,
		const struct virtq_ram *ram)
{
	memset(m, 0, sizeof(*m));
	m->device = device;
	m->ram = ram;
}

static uint64_t offered(const struct vmmio *m)
{
	return m->device->features | (1ULL << TESS_VIRTIO_F_VERSION_1);
}

bool vmmio_live(const struct vmmio *m)
{
	return (m->status & TESS_VIRTIO_STATUS_DRIVER_OK) &&
	       !(m->status & (TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET |
			      TESS_VIRTIO_STATUS_FAILED));
}

void vmmio_needs_reset(struct vmmio *m, const char *why)
{
	/* (why may be m->why itself, which say() must not read while it
	 * writes it.) */
	if (why != m->why)
		say(m, "%s", why);
	m->status |= TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	m->interrupt_status |= VMMIO_INT_CONFIG;
}

static struct vmmio_queue *selected(struct vmmio *m)
{
	if (m->queue_sel >= m->device->num_queues)
		return NULL;
	return &m->queues[m->queue_sel];
}

static void reset(struct vmmio *m)
{
	if (m->device->reset)
		m->device->reset(m->device->dev);
	m->status = 0;
	m->driver_features = 0;
	m->interrupt_status = 0;
	m->device_features_sel = m->driver_features_sel = m->queue_sel = 0;
	queues_clear(m);
}

/* A status write: bits only added, in the protocol's order; 0 resets. */
static void status_write(struct vmmio *m, uint32_t value)
{
	uint32_t added = value & ~m->status;

	if (value == 0) {
		reset(m);
		return;
	}
	if (value & ~m->status & TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
		say(m, "the driver set DEVICE_NEEDS_RESET, the device's bit");
		return;
	}
	if (m->status & ~value) {
		say(m, "the driver cleared status bits %#x without a reset",
		    m->status & ~value);
		return;
	}
	if ((added & TESS_VIRTIO_STATUS_FEATURES_OK) &&
	    (m->driver_features & ~offered(m))) {
		say(m, "the driver took features %#llx the device does not offer",
		    (unsigned long long)(m->driver_features & ~offered(m)));
		value &= ~(uint32_t)TESS_VIRTIO_STATUS_FEATURES_OK;
	}
	if ((added & TESS_VIRTIO_STATUS_FEATURES_OK) &&
	    !(m->driver_features & (1ULL << TESS_VIRTIO_F_VERSION_1))) {
		say(m, "the driver did not take VIRTIO_F_VERSION_1");
		value &= ~(uint32_t)TESS_VIRTIO_STATUS_FEATURES_OK;
	}
	if ((added & TESS_VIRTIO_STATUS_DRIVER_OK) &&
	    !(value & TESS_VIRTIO_STATUS_FEATURES_OK)) {
		say(m, "DRIVER_OK before FEATURES_OK");
		value &= ~(uint32_t)TESS_VIRTIO_STATUS_DRIVER_OK;
	}
	m->status = value;
}

static void queue_ready_write(struct vmmio *m, struct vmmio_queue *q,
			      uint32_t value)
{
	if (!value) {
		q->ready = false;
		return;
	}
	if (q->ready)
		return;
	if (virtq_setup(&q->q, m->ram, q->num, q->desc, q->driver, q->device,
			(m->driver_features >> TESS_VIRTIO_F_EVENT_IDX) & 1) <
	    0) {
		say(m, "queue %u: %s", m->queue_sel, q->q.why);
		vmmio_needs_reset(m, m->why);
		return;
	}
	q->ready = true;
}

/* An address register's low or high 32 bits (the _HIGH registers are
 * the _LOW ones + 4). */
static void half_set(uint64_t *reg, bool high, uint32_t value)
{
	if (high)
		*reg = (*reg & 0xffffffffULL) | ((uint64_t)value << 32);
	else
		*reg = (*reg & ~0xffffffffULL) | value;
}

/* A queue register write: only before DRIVER_OK and while not ready. */
static void queue_write(struct vmmio *m, uint64_t offset, uint32_t value)
{
	struct vmmio_queue *q = selected(m);

	if (!q) {
		say(m, "queue %u does not exist", m->queue_sel);
		return;
	}
	if (offset == VMMIO_QUEUE_READY) {
		queue_ready_write(m, q, value);
		return;
	}
	if (q->ready || (m->status & TESS_VIRTIO_STATUS_DRIVER_OK)) {
		say(m, "queue %u changed while in use", m->queue_sel);
		return;
	}
	switch (offset) {
	case VMMIO_QUEUE_NUM:
		if (value == 0 || value > m->device->queue_max ||
		    (value & (value - 1))) {
			say(m, "queue size %u (the device takes powers of two up to %u)",
			    value, m->device->queue_max);
			return;
		}
		q->num = (uint16_t)value;
		return;
	case VMMIO_QUEUE_DESC_LOW:
	case VMMIO_QUEUE_DESC_HIGH: half_set(&q->desc, offset & 4, value); return;
	case VMMIO_QUEUE_DRIVER_LOW:
	case VMMIO_QUEUE_DRIVER_HIGH:
		half_set(&q->driver, offset & 4, value);
		return;
	default: /* VMMIO_QUEUE_DEVICE_LOW and _HIGH */
		half_set(&q->device, offset & 4, value);
		return;
	}
}

uint64_t vmmio_read(struct vmmio *m, uint64_t offset, unsigned int size)
{
	struct vmmio_queue *q;

	if (offset >= VMMIO_CONFIG) {
		uint64_t v = 0;

		if ((size != 1 && size != 2 && size != 4 && size != 8) ||
		    offset - VMMIO_CONFIG + size > VMMIO_CONFIG_SIZE) {
			say(m, "config read of %u bytes at %#llx", size,
			    (unsigned long long)offset);
			return 0;
		}
		memcpy(&v, &m->device->config[offset - VMMIO_CONFIG], size);
		return v;
	}
	if (size != 4 || (offset & 3)) {
		say(m, "register read of %u bytes at %#llx", size,
		    (unsigned long long)offset);
		return 0;
	}
	q = selected(m);
	switch (offset) {
	case VMMIO_MAGIC_VALUE: return VMMIO_MAGIC;
	case VMMIO_VERSION_REG: return VMMIO_VERSION;
	case VMMIO_DEVICE_ID: return m->device->device_id;
	case VMMIO_VENDOR_ID: return VMMIO_VENDOR;
	case VMMIO_DEVICE_FEATURES:
		return m->device_features_sel > 1
			       ? 0
			       : (uint32_t)(offered(m) >>
					    (32 * m->device_features_sel));
	case VMMIO_QUEUE_NUM_MAX: return q ? m->device->queue_max : 0;
	case VMMIO_QUEUE_READY: return q ? q->ready : 0;
	case VMMIO_INTERRUPT_STATUS: return m->interrupt_status;
	case VMMIO_STATUS: return m->status;
	case VMMIO_CONFIG_GENERATION: return m->config_generation;
	default:
		say(m, "read of write-only or unknown register %#llx",
		    (unsigned long long)offset);
		return 0;
	}
}

void vmmio_write(struct vmmio *m, uint64_t offset, unsigned int size,
		 uint64_t value64)
{
	uint32_t value = (uint32_t)value64;

	if (offset >= VMMIO_CONFIG) {
		say(m, "config write at %#llx: the device's config is read-only",
		    (unsigned long long)offset);
		return;
	}
	if (size != 4 || (offset & 3)) {
		say(m, "register write of %u bytes at %#llx", size,
		    (unsigned long long)offset);
		return;
	}
	switch (offset) {
	case VMMIO_DEVICE_FEATURES_SEL: m->device_features_sel = value; return;
	case VMMIO_DRIVER_FEATURES_SEL: m->driver_features_sel = value; return;
	case VMMIO_DRIVER_FEATURES:
		if (m->status & TESS_VIRTIO_STATUS_FEATURES_OK) {
			say(m, "features written after FEATURES_OK");
			return;
		}
		if (m->driver_features_sel > 1)
			return;
		m->driver_features &=
			~(0xffffffffULL << (32 * m->driver_features_sel));
		m->driver_features |= (uint64_t)value
				      << (32 * m->driver_features_sel);
		return;
	case VMMIO_QUEUE_SEL: m->queue_sel = value; return;
	case VMMIO_QUEUE_NUM:
	case VMMIO_QUEUE_READY:
	case VMMIO_QUEUE_DESC_LOW:
	case VMMIO_QUEUE_DESC_HIGH:
	case VMMIO_QUEUE_DRIVER_LOW:
	case VMMIO_QUEUE_DRIVER_HIGH:
	case VMMIO_QUEUE_DEVICE_LOW:
	case VMMIO_QUEUE_DEVICE_HIGH: queue_write(m, offset, value); return;
	case VMMIO_QUEUE_NOTIFY:
		if (value >= m->device->num_queues || !vmmio_live(m) ||
		    !m->queues[value].ready) {
			say(m, "doorbell for queue %u, which is not live",
			    value);
			return;
		}
		if (m->device->notify)
			m->device->notify(m->device->dev, value);
		return;
	case VMMIO_INTERRUPT_ACK: m->interrupt_status &= ~value; return;
	case VMMIO_STATUS: status_write(m, value); return;
	default:
		say(m, "write to read-only or unknown register %#llx",
		    (unsigned long long)offset);
		return;
	}
}

struct virtq *vmmio_queue(struct vmmio *m, unsigned int queue)
{
	if (queue >= m->device->num_queues || !vmmio_live(m) ||
	    !m->queues[queue].ready)
		return NULL;
	return &m->queues[queue].q;
}

bool vmmio_used(struct vmmio *m, unsigned int queue)
{
	struct virtq *q = vmmio_queue(m, queue);

	if (!q)
		return false;
	if (q->broken) {
		char why[sizeof(q->why) + 16];

		snprintf(why, sizeof(why), "queue %u: %s", queue, q->why);
		vmmio_needs_reset(m, why);
		return true;
	}
	if (!virtq_should_interrupt(q))
		return false;
	m->interrupt_status |= VMMIO_INT_USED;
	return true;
}
