/* SPDX-License-Identifier: BSD-3-Clause */
/* QEMU's command line for a kvm image and the meaning of QEMU's exit status. */
#include <stdio.h>
#include <string.h>

#include "tess.h"

/*
 * Fills argv (at most max entries, NULL-terminated) for booting the image
 * on QEMU's microvm: no firmware option ROMs, no default devices (the RTC
 * stays: it is the guest's wall clock), the serial port on stdio and an isa-debug-exit port at 0xf4 (the
 * guest's exit status). mem_buf holds the -m value; QEMU is given at
 * least TESS_QEMU_MIN_MEM, rounded up to whole MiB. Returns the number of
 * entries, or -1 when argv or mem_buf is too small.
 */
int tess_qemu_argv(const struct tess_qemu_config *config, char *mem_buf,
		   size_t mem_size, const char **argv, size_t max)
{
	uint64_t mib = (config->mem_bytes + (1ULL << 20) - 1) >> 20;
	/* COM2 carries the guest's whole exit status byte to a file. */
	const char *status_port[] = {
		"-chardev", config->status_chardev,
		"-device", "isa-serial,iobase=0x2f8,irq=3,chardev=tess-status",
	};
	const char *fixed[] = {
		config->program,
		"-M",
		/* acpi=off: microvm then announces its virtio-mmio devices
		 * on the command line, where the PVH entry finds them. */
		"microvm,x-option-roms=off,acpi=off",
		"-accel",
		config->accel_kvm ? "kvm" : "tcg",
		"-cpu",
		config->cpu ? config->cpu : "max",
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
		/* virtio 1 (version 2) registers: QEMU's default for
		 * virtio-mmio is the legacy interface. */
		"-global",
		"virtio-mmio.force-legacy=false",
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
	if (written < 0 || (size_t)written >= mem_size ||
	    n + 4 + (size_t)config->nextra + 1 > max)
		return -1;
	for (size_t i = 0; i < n; i++)
		argv[i] = fixed[i];
	if (config->status_chardev) {
		for (size_t i = 0; i < 4; i++)
			argv[n++] = status_port[i];
	}
	for (int i = 0; i < config->nextra; i++)
		argv[n++] = config->extra[i];
	argv[n] = NULL;
	return (int)n;
}

/*
 * A guest write of byte v to isa-debug-exit makes QEMU exit with
 * (v << 1) | 1, so an odd status carries the guest's value, but only its
 * low 7 bits survive the 8-bit exit status. The guest writes the whole
 * byte to COM2 first: status_bytes (status_len bytes read from the COM2
 * file) gives it back when it is one byte that agrees with QEMU's status.
 * Status 0 (the guest reset or powered off, which -no-reboot turns into
 * an exit) and other even statuses (QEMU's own errors) carry no guest
 * status: returns -1 for them.
 */
int tess_qemu_guest_status(int qemu_status, const unsigned char *status_bytes,
			   size_t status_len)
{
	if (qemu_status < 0 || qemu_status > 255 || qemu_status % 2 == 0)
		return -1;
	if (status_len == 1 && ((status_bytes[0] << 1 | 1) & 0xff) == qemu_status)
		return status_bytes[0];
	return (qemu_status - 1) / 2;
}

/*
 * The guest's command line under QEMU: the image path, then plat.tsc_khz
 * (QEMU without KVM tells the guest no TSC frequency; its TSC runs at the
 * host's rate), then the arguments given to tess run. Library options
 * stand before a `--`; when the arguments have none, they are all the
 * application's, so a `--` is added after plat.tsc_khz. Returns 0, or -1
 * when the line does not fit in size bytes.
 */
int tess_qemu_cmdline(char *buf, size_t size, const char *image,
		      uint64_t tsc_khz, char *const *args, int nargs)
{
	char option[48];
	size_t len = 0;
	bool has_separator = false;

	for (int i = 0; i < nargs; i++)
		has_separator |= strcmp(args[i], "--") == 0;
	buf[0] = '\0';
	snprintf(option, sizeof(option), "plat.tsc_khz=%llu",
		 (unsigned long long)tsc_khz);
	if (tess_cmdline_append(buf, size, &len, image) < 0 ||
	    tess_cmdline_append(buf, size, &len, option) < 0 ||
	    (!has_separator && tess_cmdline_append(buf, size, &len, "--") < 0))
		return -1;
	for (int i = 0; i < nargs; i++)
		if (tess_cmdline_append(buf, size, &len, args[i]) < 0)
			return -1;
	return 0;
}

/* Appends text to buf at *at, commas doubled (QEMU's escape in option
 * values); false when it does not fit. */
static bool put(char *buf, size_t size, size_t *at, const char *text,
		bool escape_commas)
{
	for (; *text; text++) {
		size_t need = escape_commas && *text == ',' ? 2 : 1;

		if (*at + need >= size)
			return false;
		buf[(*at)++] = *text;
		if (need == 2)
			buf[(*at)++] = ',';
	}
	buf[*at] = '\0';
	return true;
}

int tess_qemu_device_args(const char *const *disks, int ndisks,
			  const char *const *taps, const char *const *macs,
			  int ntaps, char *buf, size_t size, const char **argv,
			  size_t max)
{
	size_t at = 0, n = 0;

	if (ndisks < 0 || ntaps < 0 || 4 * ((size_t)ndisks + (size_t)ntaps) > max)
		return -1;
	for (int i = 0; i < ndisks; i++) {
		char path[4096], id[32];
		size_t len = strlen(disks[i]);
		bool ro = len > 3 && strcmp(disks[i] + len - 3, ",ro") == 0;

		snprintf(path, sizeof(path), "%.*s", (int)(len - (ro ? 3 : 0)),
			 disks[i]);
		snprintf(id, sizeof(id), "tess-disk%d", i);
		argv[n++] = "-drive";
		argv[n++] = buf + at;
		if (!put(buf, size, &at, "file=", false) ||
		    !put(buf, size, &at, path, true) ||
		    !put(buf, size, &at, ",format=raw,if=none,id=", false) ||
		    !put(buf, size, &at, id, false) ||
		    !put(buf, size, &at, ro ? ",readonly=on" : "", false))
			return -1;
		at++;
		argv[n++] = "-device";
		argv[n++] = buf + at;
		if (!put(buf, size, &at, "virtio-blk-device,drive=", false) ||
		    !put(buf, size, &at, id, false))
			return -1;
		at++;
	}
	for (int i = 0; i < ntaps; i++) {
		char id[32];

		snprintf(id, sizeof(id), "tess-net%d", i);
		argv[n++] = "-netdev";
		argv[n++] = buf + at;
		if (!put(buf, size, &at, "tap,script=no,downscript=no,id=", false) ||
		    !put(buf, size, &at, id, false) ||
		    !put(buf, size, &at, ",ifname=", false) ||
		    !put(buf, size, &at, taps[i], true))
			return -1;
		at++;
		argv[n++] = "-device";
		argv[n++] = buf + at;
		if (!put(buf, size, &at, "virtio-net-device,netdev=", false) ||
		    !put(buf, size, &at, id, false) ||
		    !put(buf, size, &at, ",mac=", false) ||
		    !put(buf, size, &at, macs[i], false))
			return -1;
		at++;
	}
	return (int)n;
}

int tess_qemu_share_args(const struct tess_volume *volumes, int n, char *buf,
			 size_t size, const char **argv, size_t max)
{
	size_t at = 0, k = 0;

	if (n < 0 || 4 * (size_t)n > max)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct tess_volume *v = &volumes[i];

		argv[k++] = "-fsdev";
		argv[k++] = buf + at;
		if (!put(buf, size, &at, "local,id=", false) ||
		    !put(buf, size, &at, v->tag, false) ||
		    !put(buf, size, &at, ",path=", false) ||
		    !put(buf, size, &at, v->host, true) ||
		    !put(buf, size, &at, ",security_model=none", false) ||
		    !put(buf, size, &at, v->read_only ? ",readonly=on" : "",
			 false))
			return -1;
		at++;
		argv[k++] = "-device";
		argv[k++] = buf + at;
		if (!put(buf, size, &at, "virtio-9p-device,fsdev=", false) ||
		    !put(buf, size, &at, v->tag, false) ||
		    !put(buf, size, &at, ",mount_tag=", false) ||
		    !put(buf, size, &at, v->tag, false))
			return -1;
		at++;
	}
	return (int)k;
}
