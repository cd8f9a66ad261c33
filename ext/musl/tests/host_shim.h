/* SPDX-License-Identifier: BSD-3-Clause */
/* What the host shim records, for the test program (ext/musl/tests/host_app.c). */
#ifndef HOST_SHIM_H
#define HOST_SHIM_H

/* The interface the patched musl expects (ext/musl/patches/0001, 0004). */
#define TESS_SYSCALL_MAX 512
extern long (*tess_syscall_table[TESS_SYSCALL_MAX])(long, long, long, long,
						    long, long);
long tess_syscall_missing(long nr);
long tess_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid,
		void *tls, int *ctid);

extern unsigned long shim_calls[TESS_SYSCALL_MAX]; /* per system call number */
extern long shim_last_args[TESS_SYSCALL_MAX]
			  [6];		 /* arguments of the last call */
extern unsigned long shim_missing_calls; /* tess_syscall_missing calls */
extern long shim_missing_last;		 /* its last number */
extern unsigned long shim_clone_calls;	 /* tess_clone calls */

#endif /* HOST_SHIM_H */
