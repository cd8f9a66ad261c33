/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm console: under tess-vmm, whole buffers handed to the monitor, one
 * exit per write, on two registers (standard output and error); under a
 * PVH loader (QEMU), COM1 through a privileged call, one stream.
 */
#include <tess/plat/console.h>

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

/* Console input is not passed in by the monitor yet: the end of input,
 * as before (a reader of fd 0 sees end of file). */
long tess_plat_console_read(char *buf, size_t len)
{
	(void)buf, (void)len;
	return 0;
}

void tess_plat_console_input_handler(void (*fn)(void))
{
	(void)fn;
}

int tess_plat_console_input_ready(void)
{
	return 1; /* the end of input is there */
}

bool plat_console_input_armed(void)
{
	return false;
}
