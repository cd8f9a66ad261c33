/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest's console input: the monitor's stdin, polled, never waited
 * for on the vCPU; a watcher thread interrupts the guest when it comes. */
#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "console_in.h"
#include "seccomp.h"
#include "vm.h"

/* One request reads at most this much (the register's length field). */
#define REQUEST_MAX 65535

bool console_in_init(struct console_in *c, uint32_t line)
{
	memset(c, 0, sizeof(*c));
	c->line = line;
	c->arm_fd = eventfd(0, EFD_CLOEXEC);
	return c->arm_fd >= 0;
}

static bool stdin_ready(void)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};

	return poll(&p, 1, 0) > 0;
}

static int64_t request(struct vm *vm, uint64_t buf, uint64_t len)
{
	struct console_in *c = &vm->console_in;
	ssize_t n;

	if (!stdin_ready()) {
		uint64_t one = 1;

		/* The watcher interrupts the guest once input comes. */
		if (write(c->arm_fd, &one, sizeof(one)) < 0)
			return 0;
		return -EAGAIN;
	}
	if (len == 0)
		return 1;
	do
		n = read(STDIN_FILENO, guest_ptr(vm, buf), len);
	while (n < 0 && errno == EINTR);
	c->reads++;
	/* An unreadable stdin ends the input, as a closed one does. */
	if (n < 0)
		return n == -1 && errno == EAGAIN ? -EAGAIN : 0;
	c->bytes += (uint64_t)n;
	return n;
}

int console_in_request(struct vm *vm, uint64_t value)
{
	uint64_t len = value >> 48, buf = value & ((1ULL << 48) - 1);
	volatile struct tess_kvm_boot_info *info =
		(volatile struct tess_kvm_boot_info *)guest_ptr(vm,
								vm->boot_info);

	if (len > REQUEST_MAX || (len && (buf < RAM_BASE ||
					  buf - RAM_BASE >= vm->mem_size ||
					  len > vm->mem_size - (buf - RAM_BASE)))) {
		fprintf(stderr, "tess run: guest console read outside its memory (%#llx, %llu bytes)\n",
			(unsigned long long)buf, (unsigned long long)len);
		return TESS_KVM_STATUS_BAD_EXIT;
	}
	info->console_in_result = request(vm, buf, len);
	return 0;
}

/* Waits to be armed, then for input (or its end), then interrupts the
 * guest: one MSI per -EAGAIN the guest saw. */
static void *watcher(void *arg)
{
	struct vm *vm = arg;
	struct console_in *c = &vm->console_in;
	struct kvm_msi msi = {.address_lo = TESS_KVM_APIC_BASE,
			      .data = TESS_KVM_VECTOR_DEVICE(c->line)};

	if (vm->seccomp && vmm_seccomp_confine() < 0) {
		fprintf(stderr, "tess run: console input: cannot confine its thread\n");
		return NULL;
	}
	for (;;) {
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		uint64_t armed;

		if (read(c->arm_fd, &armed, sizeof(armed)) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		while (poll(&p, 1, -1) < 0 && errno == EINTR)
			;
		c->interrupts++;
		if (ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
			fprintf(stderr, "tess run: console input: KVM_SIGNAL_MSI: %s\n",
				strerror(errno));
		/* An input that ended stays readable: wait for the next
		 * arming rather than spin. */
	}
}

int console_in_start(struct vm *vm)
{
	pthread_t thread;
	pthread_attr_t attr;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 << 10);
	err = pthread_create(&thread, &attr, watcher, vm);
	pthread_attr_destroy(&attr);
	return -err;
}
