/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/initrd: unpacks the platform's initrd (tess_plat_initrd, a cpio
 * newc archive) into the root file system at TESS_INIT_FS + 2, after the
 * root and /dev are mounted. Provides the archive walk in tess/cpio.h.
 * Needs lib/posix-fs (it makes the files through the file system calls,
 * with their checks). A corrupt archive, or an entry that cannot be
 * made, stops the boot naming it.
 */
#ifndef TESS_INITRD_H
#define TESS_INITRD_H

#include <tess/cpio.h>

#endif /* TESS_INITRD_H */
