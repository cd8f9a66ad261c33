/* SPDX-License-Identifier: BSD-3-Clause */
/* QEMU's command line for a kvm image and the meaning of QEMU's exit status. */
#include <stdio.h>

#include "tess.h"

/*
 * Fills argv (at most max entries, NULL-terminated) for booting the image
 * on QEMU's microvm: no firmware option ROMs, no RTC, no default devices,
 * the serial port on stdio and an isa-debug-exit port at 0xf4 (the
 * guest's exit status). mem_buf holds the -m value; QEMU is given at
 * least TESS_QEMU_MIN_MEM, rounded up to whole MiB. Returns the number of
 * entries, or -1 when argv or mem_buf is too small.
 */
int tess_qemu_argv(const struct tess_qemu_config *config, char *mem_buf,
		   size_t mem_size, const char **argv, size_t max)
{
	uint64_t mib = (config->mem_bytes + (1ULL << 20) - 1) >> 20;
	const char *fixed[] = {
		config->program,
		"-M",
		"microvm,x-option-roms=off,rtc=off",
		"-accel",
		config->accel_kvm ? "kvm" : "tcg",
		"-cpu",
		"max",
		"-m",
		mem_buf,
		"-nodefaults",
		"-no-user-config",
		"-nographic",
		"-no-reboot",
		"-serial",
		"stdio",
		"-device",
		"isa-debug-exit,iobase=0xf4,iosize=4",
		"-kernel",
		config->image,
		"-append",
		config->cmdline,
	};
	size_t n = sizeof(fixed) / sizeof(fixed[0]);
	int written;

	if (mib < TESS_QEMU_MIN_MEM >> 20)
		mib = TESS_QEMU_MIN_MEM >> 20;
	written = snprintf(mem_buf, mem_size, "%lluM", (unsigned long long)mib);
	if (written < 0 || (size_t)written >= mem_size || n + 1 > max)
		return -1;
	for (size_t i = 0; i < n; i++)
		argv[i] = fixed[i];
	argv[n] = NULL;
	return (int)n;
}

/*
 * A guest write of byte v to isa-debug-exit makes QEMU exit with
 * (v << 1) | 1, so an odd status carries the guest's value. Only the low
 * 7 bits survive the 8-bit exit status: guest statuses 128-255 come back
 * as status - 128. Status 0 (the guest reset or powered off, which
 * -no-reboot turns into an exit) and other even statuses (QEMU's own
 * errors) carry no guest status: returns -1 for them.
 */
int tess_qemu_guest_status(int qemu_status)
{
	if (qemu_status < 0 || qemu_status > 255 || qemu_status % 2 == 0)
		return -1;
	return (qemu_status - 1) / 2;
}
