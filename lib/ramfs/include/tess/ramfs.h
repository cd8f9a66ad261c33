/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/ramfs: a file system in memory, the default root file system.
 *
 * Provides the vfs file system type "ramfs" (tess/vfs.h: mount it with
 * tess_vfs_mount("", "/tmp", "ramfs", 0, "size=16M")): regular files,
 * directories, symbolic links, hard links and device nodes (FIFO,
 * character, block, socket: their mode and rdev are kept, nothing more),
 * with every vnode operation of struct tess_vnode_ops but poll and ioctl
 * (a regular file is always ready; ioctl is -ENOTTY). Nothing is declared
 * here: the type is found by name through the vfs.
 *
 * Mount options (comma-separated): size=N[K|M|G] caps the bytes of file
 * data (0 or absent: only the heap limits it); mode=OCTAL sets the root
 * directory's permissions (default 0755).
 *
 * Needs: lib/vfs, lib/lock (one mutex per mount), lib/alloc's default
 * heap (everything lives there), lib/boot (size parsing), the platform
 * wall clock (timestamps).
 *
 * Promises:
 * - Errors are negative errno values. When the size cap or the heap runs
 *   out, a write stops short (or is -ENOSPC if it wrote nothing), a
 *   creation is -ENOSPC, and nothing already stored is lost or changed.
 * - Inode numbers are unique within a mount and never reused by it.
 * - Directory cookies (readdir) stay valid while entries are added and
 *   removed: a listing resumed at a cookie never repeats an entry that
 *   still exists and never skips one that existed throughout.
 * - Thread-safe: every operation, data and namespace alike, holds the
 *   mount's mutex, so a write and a rename or unlink of the same file on
 *   other threads cannot corrupt each other. Not for interrupt context.
 * - Costs: a read or write is linear in the bytes moved (4 KiB pages
 *   found by index); a name is found by a linear search in directories
 *   of up to 32 entries, by a hash table beyond; readdir resumes in O(1)
 *   where the previous call stopped.
 */
#ifndef TESS_RAMFS_H
#define TESS_RAMFS_H
#endif /* TESS_RAMFS_H */
