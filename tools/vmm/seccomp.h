/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's confinement: once the VM and its devices are set up, the
 * threads that serve the guest (the vCPU thread and each device thread)
 * each install a seccomp filter allowing only the system calls they make
 * (the KVM ioctls they use, I/O on descriptors already open, futexes,
 * time, memory for stdio, signals to themselves). Any other call ends the
 * monitor with a message naming it and TESS_KVM_STATUS_SECCOMP.
 *
 * The filter is per thread (as Firecracker's are): the main thread, which
 * only waits for the vCPU thread and then cleans up tess run's records,
 * stays unfiltered, and runs no code on the guest's behalf. A shared
 * folder's thread (--share) gets a second list on top, the file system
 * calls of its 9P server, which no other thread has.
 */
#ifndef TESS_VMM_SECCOMP_H
#define TESS_VMM_SECCOMP_H

/* Installs the filter on the calling thread: 0, or -errno (the kernel
 * has no seccomp filters). */
int vmm_seccomp_confine(void);

/* The same with the file system calls a 9P share's server makes on its
 * descriptors (openat2, openat, mkdirat, unlinkat, renameat, linkat,
 * symlinkat, readlinkat, getdents64, fchmodat, fchownat, utimensat,
 * ftruncate, fstatfs, lseek, close, and fcntl for F_DUPFD_CLOEXEC and
 * OFD locks): the thread of a share (fs_device.c), and only it. */
int vmm_seccomp_confine_fs(void);

/* Makes a system call the filter forbids (mkdir): a self-test that the
 * filter is in force (tess-vmm --seccomp-selftest). Returns only when
 * the call was allowed. */
void vmm_seccomp_selftest(void);

#endif /* TESS_VMM_SECCOMP_H */
