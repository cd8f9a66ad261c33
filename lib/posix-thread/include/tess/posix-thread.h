/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-thread: Linux's thread system calls on lib/sched threads, in
 * lib/syscall's table and as direct tess_sys_<name> functions.
 *
 * Thread ids: lib/sched's ids (the boot thread is 1 = getpid()). Every
 * futex wait is interruptible (lib/sched's tess_sched_thread_interrupt,
 * which lib/posix-process's signals use): -EINTR. The last thread's
 * exit ends the image with its status, as on Linux.
 * futex: FUTEX_WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAIT_BITSET and
 * WAKE_BITSET (private or not: one address space), with relative
 * (WAIT) or absolute (WAIT_BITSET, FUTEX_CLOCK_REALTIME honoured)
 * timeouts; others return -ENOSYS, logged once. Waiters are woken in
 * arrival order. clone makes threads only: the caller's flags must
 * include CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
 * CLONE_THREAD (fork and friends: -ENOSYS, logged once); CLONE_SETTLS,
 * CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID work
 * as on Linux. The new thread runs on a stack of lib/sched's (the stack
 * the caller passes is not used for its frames).
 *
 * A libc built for Tessera creates threads with tess_clone(), the
 * function form of clone (its child starts in fn, not by returning from
 * the call). The clone system call (tess_sys_clone, the table's slot and
 * tess_syscall_nr_56: one assembly entry) works as Linux's does for raw
 * clone code: the child returns 0 from the call on the stack it was given
 * (which must not be NULL: -EINVAL), with the caller's callee-saved
 * registers, so the code after the call must not need its frame.
 * Not for interrupt context.
 */
#ifndef TESS_POSIX_THREAD_H
#define TESS_POSIX_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#define TESS_FUTEX_WAIT		    0
#define TESS_FUTEX_WAKE		    1
#define TESS_FUTEX_REQUEUE	    3
#define TESS_FUTEX_CMP_REQUEUE	    4
#define TESS_FUTEX_WAIT_BITSET	    9
#define TESS_FUTEX_WAKE_BITSET	    10
#define TESS_FUTEX_PRIVATE_FLAG	    128
#define TESS_FUTEX_CLOCK_REALTIME   256
#define TESS_FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define TESS_CLONE_VM		  0x100
#define TESS_CLONE_FS		  0x200
#define TESS_CLONE_FILES	  0x400
#define TESS_CLONE_SIGHAND	  0x800
#define TESS_CLONE_THREAD	  0x10000
#define TESS_CLONE_SYSVSEM	  0x40000
#define TESS_CLONE_SETTLS	  0x80000
#define TESS_CLONE_PARENT_SETTID  0x100000
#define TESS_CLONE_CHILD_CLEARTID 0x200000
#define TESS_CLONE_DETACHED	  0x400000
#define TESS_CLONE_CHILD_SETTID	  0x1000000

/*
 * Creates a thread running fn(arg), with the clone flags above; returns
 * its thread id, or a negative errno. When fn returns, the thread exits
 * with fn's value (as SYS_exit).
 */
long tess_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid,
		void *tls, int *ctid);

/* Wakes up to count waiters on the futex word at uaddr (any bitset);
 * returns how many. For other libraries (thread exit). */
int tess_futex_wake(const int *uaddr, int count);

struct linux_timespec;
long tess_sys_futex(int *uaddr, int op, int val,
		    const struct linux_timespec *timeout, int *uaddr2,
		    int val3);
long tess_sys_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
		    unsigned long tls);
long tess_sys_set_tid_address(int *clear_tid);
long tess_sys_gettid(void);
long tess_sys_exit(int status) __attribute__((noreturn));
long tess_sys_sched_yield(void);

#endif /* TESS_POSIX_THREAD_H */
