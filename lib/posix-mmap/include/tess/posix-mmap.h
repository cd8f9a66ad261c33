/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-mmap: Linux's memory-mapping system calls for anonymous memory,
 * in lib/syscall's table and as direct tess_sys_<name> functions.
 *
 * mmap(MAP_PRIVATE | MAP_ANONYMOUS) returns zeroed whole pages from the
 * default heap (the address hint is ignored; MAP_FIXED and anonymous
 * MAP_SHARED are refused with -EINVAL). A file mapping is such pages
 * filled from the file by the file layer that registered itself
 * (tess_mmap_file_register, below: lib/posix-fs), MAP_PRIVATE a private
 * copy, MAP_SHARED a copy the file layer keeps coherent with the file at
 * read, write, msync and munmap; without a file layer, -ENODEV. Each
 * mapping is
 * tracked: munmap must name whole mappings or a head or tail of one
 * (pages freed only when the whole mapping is unmapped: a partial unmap
 * makes its pages inaccessible where the platform can, but does not
 * return them); mprotect may switch whole pages between PROT_NONE and
 * PROT_READ|PROT_WRITE (PROT_READ alone reads as read-write: pages are
 * never write-protected here), never to PROT_EXEC (-EACCES, W^X);
 * mremap grows or shrinks by copying (MREMAP_MAYMOVE) or shrinks in
 * place; madvise(MADV_DONTNEED) zeroes. brk never grows: it always
 * returns the initial break, 0, so libcs use mmap instead.
 *
 * Not for interrupt context; serialised by masking interrupts (one CPU).
 */
#ifndef TESS_POSIX_MMAP_H
#define TESS_POSIX_MMAP_H

#include <stddef.h>

#define TESS_PROT_NONE	    0
#define TESS_PROT_READ	    1
#define TESS_PROT_WRITE	    2
#define TESS_PROT_EXEC	    4
#define TESS_MAP_SHARED	    0x01
#define TESS_MAP_PRIVATE    0x02
#define TESS_MAP_FIXED	    0x10
#define TESS_MAP_ANONYMOUS  0x20
#define TESS_MAP_FAILED	    ((void *)-1)
#define TESS_MREMAP_MAYMOVE 1
#define TESS_MADV_NORMAL    0
#define TESS_MADV_DONTNEED  4

long tess_sys_mmap(void *addr, size_t len, int prot, int flags, int fd,
		   long offset);
long tess_sys_munmap(void *addr, size_t len);
long tess_sys_mprotect(void *addr, size_t len, int prot);
long tess_sys_mremap(void *old_addr, size_t old_len, size_t new_len, int flags,
		     void *new_addr);
long tess_sys_madvise(void *addr, size_t len, int advice);
long tess_sys_brk(unsigned long addr);
long tess_sys_msync(void *addr, size_t len, int flags);

/*
 * The file layer's part of a file mapping. map: checks the descriptor for
 * a mapping (-EBADF, -EACCES, -ENODEV...), fills base[0, len) from the
 * file at offset (base comes zeroed: bytes past the end of the file stay
 * zero), and for MAP_SHARED returns in *handle what sync and unmap take
 * (NULL for a private copy). sync writes a shared mapping back (msync,
 * and munmap before the pages go); unmap forgets it.
 */
struct tess_mmap_file_ops {
	long (*map)(int fd, long offset, void *base, size_t len, int prot,
		    int flags, void **handle);
	int (*sync)(void *handle);
	void (*unmap)(void *handle);
};
void tess_mmap_file_register(const struct tess_mmap_file_ops *ops);

#endif /* TESS_POSIX_MMAP_H */
