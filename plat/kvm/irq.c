/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm interrupts, timer, exit and entropy. The timer and interrupt
 * delivery are not there yet (they need the CPL0 layer): those calls fail
 * with -ENOSYS and say so once, never pretend.
 */
#include <errno.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>

#include "kvm.h"

/* Software interrupt flag (no interrupt source exists yet). */
static volatile bool irq_enabled = true;

static void missing_once(bool *logged, const char *call)
{
	if (!*logged) {
		*logged = true;
		tess_pr_warn("%s: not implemented on kvm yet (-ENOSYS)", call);
	}
}

int tess_plat_timer_set(uint64_t deadline_ns)
{
	static bool logged;

	(void)deadline_ns;
	missing_once(&logged, "tess_plat_timer_set");
	return -ENOSYS;
}

void tess_plat_timer_cancel(void)
{
}

int tess_plat_irq_register(enum tess_irq irq, tess_irq_handler_t handler,
			   void *arg)
{
	static bool logged;

	(void)irq, (void)handler, (void)arg;
	missing_once(&logged, "tess_plat_irq_register");
	return -ENOSYS;
}

void tess_plat_irq_unregister(enum tess_irq irq)
{
	(void)irq;
}

bool tess_plat_irq_save(void)
{
	bool was = irq_enabled;

	irq_enabled = false;
	tess_barrier();
	return was;
}

void tess_plat_irq_restore(bool was_enabled)
{
	tess_barrier();
	irq_enabled = was_enabled;
}

void tess_plat_idle(void)
{
	tess_panic("idle: no interrupt source on kvm yet, nothing could wake the CPU");
}

void tess_plat_exit(int status)
{
	for (;;)
		kvm_monitor_write(TESS_KVM_MMIO_EXIT, (uint64_t)(status & 0xff));
}

/* The monitor's entropy words 1-3 (word 0 seeded the stack canary),
 * handed out once; then RDRAND, which runs natively at CPL3. */
static unsigned int boot_entropy_used = 8;

static bool rdrand64(uint64_t *out)
{
	unsigned char ok;

	for (int tries = 0; tries < 10; tries++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static bool rdrand_present(void)
{
	static int present = -1;

	if (present < 0) {
		unsigned int a = 1, b, c = 0, d;

		__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		present = (c >> 30) & 1;
	}
	return present;
}

int tess_plat_entropy(void *buf, unsigned long len)
{
	unsigned char *p = buf;
	const unsigned char *boot = (const unsigned char *)kvm_boot_info.entropy;

	while (len > 0 && boot_entropy_used < sizeof(kvm_boot_info.entropy)) {
		*p++ = boot[boot_entropy_used++];
		len--;
	}
	while (len > 0) {
		uint64_t word;
		size_t n = len < 8 ? len : 8;

		if (!rdrand_present() || !rdrand64(&word))
			return -ENOSYS;
		memcpy(p, &word, n);
		p += n;
		len -= n;
	}
	return 0;
}
