/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm console: under tess-vmm, whole buffers handed to the monitor, one
 * exit per write, on two registers (standard output and error); under a
 * PVH loader (QEMU), COM1 through a privileged call, one stream.
 */
#include <errno.h>
#include <stdbool.h>
#include <tess/plat/console.h>
#include <tess/plat/irq.h>

#include "../common/irq_soft.h"
#include "kvm.h"
#include "privcall.h"

/* The register carries the length in its top 16 bits. */
#define CHUNK_MAX 65535u

static long console_write(unsigned int reg, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < CHUNK_MAX ? len - done : CHUNK_MAX;

		if (kvm_boot_info.flags & TESS_KVM_BOOT_PVH)
			kvm_privcall(KVM_PRIV_OUTSB, KVM_PORT_COM1,
				     (uintptr_t)(buf + done), n);
		else
			kvm_monitor_write(reg, ((uint64_t)n << 48) |
						  (uintptr_t)(buf + done));
		done += n;
	}
	return (long)done;
}

long tess_plat_console_write(const char *buf, size_t len)
{
	return console_write(TESS_KVM_MMIO_CONSOLE, buf, len);
}

/* Under tess-vmm the error stream is the monitor's standard error; a PVH
 * loader's serial port is one stream for both. */
long tess_plat_console_write_err(const char *buf, size_t len)
{
	return console_write(TESS_KVM_MMIO_CONSOLE_ERR, buf, len);
}

/* What the monitor saw of its own streams (boot info flags); a PVH
 * loader's serial port is not known to be one. */
int tess_plat_console_tty(enum tess_plat_console_stream stream,
			  unsigned short *rows, unsigned short *cols)
{
	static const uint32_t flag[] = {
		[TESS_PLAT_CONSOLE_IN] = TESS_KVM_BOOT_STDIN_TTY,
		[TESS_PLAT_CONSOLE_OUT] = TESS_KVM_BOOT_STDOUT_TTY,
		[TESS_PLAT_CONSOLE_ERR] = TESS_KVM_BOOT_STDERR_TTY,
	};

	if ((unsigned int)stream > TESS_PLAT_CONSOLE_ERR ||
	    !(kvm_boot_info.flags & flag[stream]))
		return 0;
	*rows = kvm_boot_info.tty_rows;
	*cols = kvm_boot_info.tty_cols;
	return 1;
}

/*
 * Console input (tess-vmm's standard input): each read is one request to
 * the monitor (TESS_KVM_MMIO_CONSOLE_IN), which never waits; after
 * "nothing yet" the monitor interrupts on console_in_line when input
 * comes. Without the line (a PVH loader, an older monitor) input is at
 * its end at once.
 */
static void (*input_handler)(void);
static bool input_armed;
static bool input_irq_registered;

static bool input_present(void)
{
	return !(kvm_boot_info.flags & TESS_KVM_BOOT_PVH) &&
	       kvm_boot_info.console_in_line < TESS_KVM_DEVICE_LINES &&
	       kvm_boot_info.console_in_line < TESS_IRQ_DEVICE_LINES;
}

static long input_request(char *buf, size_t len)
{
	long n;

	if (len > 65535)
		len = 65535;
	kvm_monitor_write(TESS_KVM_MMIO_CONSOLE_IN,
			  ((uint64_t)len << 48) | (uint64_t)(uintptr_t)buf);
	n = (long)kvm_boot_page->console_in_result;
	if (n == -EAGAIN)
		input_armed = true;
	return n;
}

long tess_plat_console_read(char *buf, size_t len)
{
	if (!input_present())
		return 0;
	if (len == 0)
		return 0;
	return input_request(buf, len);
}

int tess_plat_console_input_ready(void)
{
	if (!input_present())
		return 1;
	return input_request(NULL, 0) != -EAGAIN;
}

static void input_interrupt(enum tess_irq irq, void *arg)
{
	(void)irq, (void)arg;
	input_armed = false;
	if (input_handler)
		input_handler();
}

void tess_plat_console_input_handler(void (*fn)(void))
{
	input_handler = fn;
	if (fn && input_present() && !input_irq_registered &&
	    tess_plat_irq_register_shared(
		    TESS_IRQ_DEVICE(kvm_boot_info.console_in_line),
		    input_interrupt, NULL) == 0)
		input_irq_registered = true;
}

bool plat_console_input_armed(void)
{
	return input_armed && input_handler && input_irq_registered;
}
