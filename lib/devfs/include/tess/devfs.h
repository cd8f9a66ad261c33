/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/devfs: the device file system, mounted at /dev at boot.
 *
 * Provides the vfs file system type "devfs" and mounts it at /dev at
 * TESS_INIT_FS + 1, just after the root file system, making the /dev
 * directory in the root if it is missing (no root file system: nothing
 * is mounted, and boot goes on; any other failure is logged and boot goes
 * on too). Nothing is declared here.
 *
 * Nodes, character devices with Linux's numbers (st_rdev as Linux
 * encodes it):
 *   null (1:3)    reads end of file, writes are swallowed;
 *   zero (1:5)    reads zeros, writes are swallowed;
 *   full (1:7)    reads zeros, writes are -ENOSPC;
 *   random (1:8), urandom (1:9)   lib/random's generator (only with
 *                 lib/random); writes are swallowed;
 *   tty (5:0), console (5:1)      writes go to the platform console;
 *                 reads are end of file (no console input yet); ioctl
 *                 TCGETS and TIOCGWINSZ answer as on a terminal when the
 *                 host's side of the console is one, else -ENOTTY.
 * and, with lib/blkdev, every block device registered before boot
 * reached TESS_INIT_FS (vda, ram0, ...) as a block device node (259:N,
 * N its index), read and written at any byte offset and length (the
 * sectors around an unaligned part are read and written back), size its
 * capacity, fsync a flush of the device, ioctl BLKGETSIZE64, BLKGETSIZE
 * and BLKSSZGET.
 *
 * The directory is fixed when mounted: creating, removing or renaming
 * anything in it is -EPERM. chmod, chown and utimes change the nodes'
 * attributes in memory.
 *
 * Needs: lib/vfs, lib/lock, lib/alloc's default heap, lib/boot;
 * lib/random and lib/blkdev for their nodes.
 *
 * Promises: errors are negative errno values; every operation is safe
 * from any thread (not from interrupt context); block device I/O through
 * devfs is serialised (one mutex), so two unaligned writes never undo
 * each other's read-modify-write.
 */
#ifndef TESS_DEVFS_H
#define TESS_DEVFS_H
#endif /* TESS_DEVFS_H */
