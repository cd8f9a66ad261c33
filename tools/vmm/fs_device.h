/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --share HOSTDIR,tag=TAG[,ro]: a host folder given to the guest as a
 * virtio-9p device (virtio 1.2, 5.11: device ID 9, the mount tag in its
 * config space) on the monitor's bus (devices.h), served by the 9P2000.L
 * server of p9_server.h from the device's own thread, which alone gets
 * the file system calls (seccomp.h, vmm_seccomp_confine_fs).
 */
#ifndef TESS_VMM_FS_DEVICE_H
#define TESS_VMM_FS_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "devices.h"

#define FS_DEVICE_ID   9
#define FS_F_MOUNT_TAG 0 /* feature bit: the config space has a tag */
/* A tag: 1 to 32 bytes of letters, digits, '_', '-' and '.'. */
#define FS_TAG_MAX 32

struct fs_share {
	const char *path; /* the host folder */
	const char *tag;
	bool read_only;
};

/* Parses "HOSTDIR,tag=TAG" or "HOSTDIR,tag=TAG,ro" (spec is modified;
 * the folder may contain commas). 0, or -1 with why saying what is
 * wrong. */
int fs_share_parse(char *spec, struct fs_share *share, char *why,
		   size_t why_size);

/* Whether tag is a valid mount tag. */
bool fs_tag_valid(const char *tag);

/* Opens the share spec names (modified) and attaches its device. Returns
 * 0, or the monitor's exit status with why saying what failed:
 * TESS_KVM_STATUS_USAGE (a bad spec, too many devices),
 * _DEVICE_MISSING (no such folder, not a folder), _DEVICE_DENIED (no
 * permission), _BAD_EXIT (out of memory, no /proc). */
int fs_device_attach(struct vmm_devices *bus, char *spec, char *why,
		     size_t why_size);

/* The monitor's exit status for a folder open_errno refused (tess run
 * uses the same ones for linuxu and QEMU). */
int fs_device_status(int open_errno);

#endif /* TESS_VMM_FS_DEVICE_H */
