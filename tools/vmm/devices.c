/* SPDX-License-Identifier: BSD-3-Clause */
/* The monitor's device bus: register dispatch, I/O threads, interrupts. */
#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "devices.h"
#include "seccomp.h"

/* Protocol errors said per device; a hostile guest cannot flood the log. */
#define COMPLAINTS_MAX 8
/* How long a device thread polls after its last work (DESIGN 7a): longer
 * than a guest's gap between requests under load, shorter than a tick. */
#define SPIN_NS_DEFAULT 200000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void vmm_devices_init(struct vmm_devices *bus, int vm_fd, uint8_t *ram,
		      uint64_t ram_start, uint64_t ram_size)
{
	memset(bus, 0, sizeof(*bus));
	bus->vm_fd = vm_fd;
	bus->ram = (struct virtq_ram){ram, ram_start, ram_size};
	bus->spin_ns = SPIN_NS_DEFAULT;
}

static void device_notify(void *dev, unsigned int queue)
{
	struct vmm_device *d = dev;
	uint64_t one = 1;

	(void)queue;
	if (write(d->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		fprintf(stderr, "tess run: %s: cannot wake its thread: %s\n",
			d->label, strerror(errno));
}

static void device_reset(void *dev)
{
	struct vmm_device *d = dev;

	if (d->model.reset)
		d->model.reset(d->model.ctx);
}

struct vmm_device *vmm_devices_add(struct vmm_devices *bus,
				   const struct vmm_device_model *model,
				   const char *label)
{
	struct vmm_device *d;

	if (bus->count == TESS_KVM_DEVICE_MAX)
		return NULL;
	d = &bus->devices[bus->count];
	memset(d, 0, sizeof(*d));
	d->bus = bus;
	d->index = bus->count;
	/* Lines are not shared while there are enough. */
	d->line = bus->count % TESS_KVM_DEVICE_LINES;
	d->model = *model;
	d->model.transport.notify = device_notify;
	d->model.transport.reset = device_reset;
	d->model.transport.dev = d;
	snprintf(d->label, sizeof(d->label), "%s", label);
	vmmio_init(&d->mmio, &d->model.transport, &bus->ram);
	pthread_mutex_init(&d->lock, NULL);
	d->wake_fd = -1;
	d->irq_fd = -1;
	bus->count++;
	return d;
}

void vmm_devices_describe(const struct vmm_devices *bus,
			  struct tess_kvm_boot_info *info)
{
	info->device_count = bus->count;
	for (unsigned int i = 0; i < bus->count; i++)
		info->devices[i] = (struct tess_kvm_device){
			.kind = TESS_KVM_DEVICE_VIRTIO_MMIO,
			.line = bus->devices[i].line,
			.base = TESS_KVM_DEVICE_PAGE(i),
			.size = VMMIO_REGION_SIZE,
		};
}

/* Says what the guest did wrong, the first few times. Lock held. */
static void complain(struct vmm_device *d)
{
	if (!d->mmio.why[0])
		return;
	if (d->complaints < COMPLAINTS_MAX)
		fprintf(stderr, "tess run: %s: the guest's driver: %s%s\n",
			d->label, d->mmio.why,
			d->mmio.status & TESS_VIRTIO_STATUS_DEVICE_NEEDS_RESET
				? " (the device needs a reset)"
				: "");
	else if (d->complaints == COMPLAINTS_MAX)
		fprintf(stderr, "tess run: %s: more errors of the guest's "
				"driver are not shown\n",
			d->label);
	d->complaints++;
	d->mmio.why[0] = '\0';
}

static void interrupt(struct vmm_device *d)
{
	struct kvm_msi msi = {.address_lo = TESS_KVM_APIC_BASE,
			      .data = TESS_KVM_VECTOR_DEVICE(d->line)};
	uint64_t one = 1;

	d->interrupts++;
	if (d->irq_fd >= 0) {
		if (write(d->irq_fd, &one, sizeof(one)) < 0)
			fprintf(stderr, "tess run: %s: irqfd: %s\n", d->label,
				strerror(errno));
		return;
	}
	if (ioctl(d->bus->vm_fd, KVM_SIGNAL_MSI, &msi) < 0)
		fprintf(stderr, "tess run: %s: KVM_SIGNAL_MSI: %s\n", d->label,
			strerror(errno));
}

/* GSIs above the split irqchip's 24 IOAPIC routes: one per line. */
#define IRQFD_GSI_BASE 24

/* irqfd: an eventfd KVM turns into the line's MSI without this process
 * making a KVM call per interrupt. The routing table holds every
 * device's route (KVM_SET_GSI_ROUTING replaces it whole). */
static int irqfds_set(struct vmm_devices *bus)
{
	struct {
		struct kvm_irq_routing head;
		struct kvm_irq_routing_entry entries[TESS_KVM_DEVICE_LINES];
	} routing = {.head.nr = 0};
	unsigned int lines = bus->count < TESS_KVM_DEVICE_LINES
				     ? bus->count
				     : TESS_KVM_DEVICE_LINES;

	for (unsigned int line = 0; line < lines; line++) {
		struct kvm_irq_routing_entry *e = &routing.entries[line];

		e->gsi = IRQFD_GSI_BASE + line;
		e->type = KVM_IRQ_ROUTING_MSI;
		e->u.msi.address_lo = TESS_KVM_APIC_BASE;
		e->u.msi.data = TESS_KVM_VECTOR_DEVICE(line);
		routing.head.nr++;
	}
	if (ioctl(bus->vm_fd, KVM_SET_GSI_ROUTING, &routing) < 0)
		return -errno;
	for (unsigned int i = 0; i < bus->count; i++) {
		struct vmm_device *d = &bus->devices[i];
		struct kvm_irqfd irqfd = {.gsi = IRQFD_GSI_BASE + d->line};

		d->irq_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		irqfd.fd = (uint32_t)d->irq_fd;
		if (d->irq_fd < 0 || ioctl(bus->vm_fd, KVM_IRQFD, &irqfd) < 0)
			return -errno;
	}
	return 0;
}

/* ioeventfd: a doorbell (a write to QUEUE_NOTIFY) signals the device's
 * eventfd inside KVM; the vCPU does not come out to this process. (The
 * register's check that the queue is live is then the thread's: it
 * works only live queues.) */
static int ioeventfd_set(struct vmm_device *d)
{
	struct kvm_ioeventfd io = {
		.addr = TESS_KVM_DEVICE_PAGE(d->index) + VMMIO_QUEUE_NOTIFY,
		.len = 4,
		.fd = d->wake_fd,
	};

	return ioctl(d->bus->vm_fd, KVM_IOEVENTFD, &io) < 0 ? -errno : 0;
}

/* One round: the model's work, then the interrupt the guest asked for.
 * Returns what the model did. */
static int device_round(struct vmm_device *d)
{
	bool tell = false;
	int done;

	pthread_mutex_lock(&d->lock);
	done = vmmio_live(&d->mmio) ? d->model.work(d, d->model.ctx) : 0;
	for (unsigned int q = 0; q < d->model.transport.num_queues; q++)
		tell |= vmmio_used(&d->mmio, q);
	complain(d);
	pthread_mutex_unlock(&d->lock);
	if (tell)
		interrupt(d);
	return done < 0 ? 0 : done;
}

/* Doorbells on (before sleeping) or off (while polling) on every live
 * queue; on: returns whether work arrived meanwhile. */
static bool doorbells(struct vmm_device *d, bool on)
{
	bool arrived = false;

	pthread_mutex_lock(&d->lock);
	for (unsigned int q = 0; q < d->model.transport.num_queues; q++) {
		struct virtq *vq = vmmio_queue(&d->mmio, q);

		if (vq)
			arrived |= virtq_notifications(vq, on);
	}
	pthread_mutex_unlock(&d->lock);
	return arrived;
}

static void *device_thread(void *arg)
{
	struct vmm_device *d = arg;
	uint64_t idle_since = 0;

	if (d->bus->seccomp) {
		int err = d->model.confine ? d->model.confine()
					   : vmm_seccomp_confine();

		if (err < 0) {
			fprintf(stderr, "tess run: %s: cannot install the "
					"seccomp filter: %s\n",
				d->label, strerror(-err));
			_exit(TESS_KVM_STATUS_BAD_EXIT);
		}
	}

	for (;;) {
		struct pollfd fds[2] = {{d->wake_fd, POLLIN, 0},
					{d->model.input_fd, POLLIN, 0}};
		uint64_t count;

		if (device_round(d) > 0) {
			idle_since = 0;
			continue;
		}
		if (idle_since == 0) {
			idle_since = now_ns();
			doorbells(d, false);
		}
		if (now_ns() - idle_since < d->bus->spin_ns) {
			/* Polling, but giving the CPU up to anything else
			 * runnable (the vCPU itself, when cores are few). */
			sched_yield();
			continue;
		}
		idle_since = 0;
		/* Entries that came while doorbells were off are worked now;
		 * entries the device cannot use yet (receive buffers with no
		 * frame to fill them) do not keep it awake. */
		if (doorbells(d, true) && device_round(d) > 0)
			continue;
		if (d->model.input_fd >= 0) {
			pthread_mutex_lock(&d->lock);
			fds[1].events = d->model.input_events
						? d->model.input_events(d->model.ctx)
						: POLLIN;
			pthread_mutex_unlock(&d->lock);
		}
		d->sleeps++;
		while (poll(fds, d->model.input_fd >= 0 ? 2 : 1, -1) < 0 &&
		       errno == EINTR)
			;
		/* The count of doorbells rung since the last read (through
		 * MMIO exits or the ioeventfd alike). */
		if (read(d->wake_fd, &count, sizeof(count)) == sizeof(count)) {
			pthread_mutex_lock(&d->lock);
			d->doorbells += count;
			pthread_mutex_unlock(&d->lock);
		} else if (errno != EAGAIN) {
			break;
		}
	}
	fprintf(stderr, "tess run: %s: its thread stopped: %s\n", d->label,
		strerror(errno));
	return NULL;
}

int vmm_devices_start(struct vmm_devices *bus, bool seccomp)
{
	int err;

	bus->seccomp = seccomp;
	if (bus->irqfd && (err = irqfds_set(bus)) < 0)
		return err;
	for (unsigned int i = 0; i < bus->count; i++) {
		struct vmm_device *d = &bus->devices[i];

		d->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (d->wake_fd < 0)
			return -errno;
		/* Without ioeventfd (an old KVM) doorbells exit to us. */
		if (bus->ioeventfd && ioeventfd_set(d) < 0)
			bus->ioeventfd = false;
		err = pthread_create(&d->thread, NULL, device_thread, d);
		if (err)
			return -err;
	}
	return 0;
}

bool vmm_devices_mmio(struct vmm_devices *bus, uint64_t addr, bool is_write,
		      unsigned int len, uint64_t *value)
{
	struct vmm_device *d;
	uint64_t offset;

	if (addr < TESS_KVM_DEVICE_PAGE(0) ||
	    addr >= TESS_KVM_DEVICE_PAGE(bus->count))
		return false;
	d = &bus->devices[(addr - TESS_KVM_DEVICE_PAGE(0)) / VMMIO_REGION_SIZE];
	offset = (addr - TESS_KVM_DEVICE_PAGE(0)) % VMMIO_REGION_SIZE;
	pthread_mutex_lock(&d->lock);
	if (is_write)
		vmmio_write(&d->mmio, offset, len, *value);
	else
		*value = vmmio_read(&d->mmio, offset, len);
	complain(d);
	pthread_mutex_unlock(&d->lock);
	return true;
}

void vmm_devices_drain(struct vmm_devices *bus)
{
	for (unsigned int i = 0; i < bus->count; i++)
		for (int round = 0; round < 64; round++)
			if (device_round(&bus->devices[i]) <= 0)
				break;
}

void vmm_devices_report(struct vmm_devices *bus)
{
	for (unsigned int i = 0; i < bus->count; i++) {
		struct vmm_device *d = &bus->devices[i];

		pthread_mutex_lock(&d->lock);
		fprintf(stderr,
			"tess run: %s: %llu doorbells (guest exits), %llu "
			"interrupts, its thread slept %llu times\n",
			d->label, (unsigned long long)d->doorbells,
			(unsigned long long)d->interrupts,
			(unsigned long long)d->sleeps);
		pthread_mutex_unlock(&d->lock);
	}
}
