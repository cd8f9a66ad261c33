/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating-system layer on Tessera (read through lwip/sys.h):
 * threads are lib/sched threads, semaphores and mutexes lib/lock's,
 * mailboxes lib/mpi's bounded mailboxes, the clock the platform's
 * monotonic clock, and lwIP's short critical sections (SYS_ARCH_PROTECT)
 * the platform's interrupt mask. The functions are in sys_arch.c.
 *
 * lwIP names the types sys_sem_t, sys_mutex_t, sys_mbox_t and
 * sys_thread_t, so they are typedefs here (its interface, not ours);
 * each is a struct but sys_thread_t, which lwIP wants as a handle.
 * An object is valid between its _new and its _free (lwIP checks with
 * sys_*_valid before freeing).
 */
#ifndef TESS_LWIP_ARCH_SYS_ARCH_H
#define TESS_LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>
#include <tess/lock.h>
#include <tess/mpi.h>
#include <tess/plat/irq.h>

struct tess_lwip_sem {
	struct tess_lock_sem sem;
	bool valid;
};

struct tess_lwip_mutex {
	struct tess_lock_mutex mutex;
	bool valid;
};

/* The slots come from the default heap (tess_mpi_mbox_create). */
struct tess_lwip_mbox {
	struct tess_mpi_mbox *mbox;
};

typedef struct tess_lwip_sem sys_sem_t;
typedef struct tess_lwip_mutex sys_mutex_t;
typedef struct tess_lwip_mbox sys_mbox_t;
typedef struct tess_thread *sys_thread_t;

#define sys_sem_valid(s)	 ((s) != NULL && (s)->valid)
#define sys_sem_set_invalid(s)	 ((s)->valid = false)
#define sys_mutex_valid(m)	 ((m) != NULL && (m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = false)
#define sys_mbox_valid(mb)	 ((mb) != NULL && (mb)->mbox != NULL)
#define sys_mbox_set_invalid(mb) ((mb)->mbox = NULL)

/* lwIP's critical sections are a few instructions on shared counters
 * and lists: masking interrupts (a software flag, no trap) keeps out
 * other threads (nothing is preempted while masked) and handlers. */
#define SYS_ARCH_DECL_PROTECT(lev) bool lev
#define SYS_ARCH_PROTECT(lev)	   ((lev) = tess_plat_irq_save())
#define SYS_ARCH_UNPROTECT(lev)	   tess_plat_irq_restore(lev)

#endif /* TESS_LWIP_ARCH_SYS_ARCH_H */
