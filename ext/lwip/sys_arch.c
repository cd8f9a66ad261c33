/* SPDX-License-Identifier: BSD-3-Clause */
/* lwIP's operating-system layer: threads, semaphores, mutexes, mailboxes, time, the core lock. */
#include <errno.h>
#include <stdarg.h>
#include <tess/alloc.h>
#include <tess/debug.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "lwip_impl.h"

#define NS_PER_MS 1000000ULL

/* Written once, by the tcpip thread as it starts (tess_lwip_tcpip_started):
 * from then on the core lock exists and every call into the stack must
 * hold it. */
static struct tess_thread *tcpip_thread;

/* Set by netif_netdev.c before the tcpip thread starts, read under the
 * core lock. */
static void (*unlock_hook)(void);

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(tess_plat_monotonic_ns() / NS_PER_MS);
}

/* lwIP's timeouts are in milliseconds, 0 meaning none. */
static uint64_t timeout_to_ns(u32_t timeout_ms)
{
	return timeout_ms == 0 ? TESS_SCHED_FOREVER
			       : (uint64_t)timeout_ms * NS_PER_MS;
}

/* What lwIP's waits return: the milliseconds they took, or
 * SYS_ARCH_TIMEOUT. The value must not collide with SYS_ARCH_TIMEOUT. */
static u32_t waited_ms(uint64_t start_ns)
{
	uint64_t ms = (tess_plat_monotonic_ns() - start_ns) / NS_PER_MS;

	return ms >= SYS_ARCH_TIMEOUT ? SYS_ARCH_TIMEOUT - 1 : (u32_t)ms;
}

/* ---- threads ---- */

struct thread_start {
	lwip_thread_fn fn;
	void *arg;
};

static void *thread_main(void *arg)
{
	struct thread_start start = *(struct thread_start *)arg;

	tess_free(tess_alloc_default(), arg);
	start.fn(start.arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg,
			    int stacksize, int prio)
{
	struct thread_start *start =
		tess_malloc(tess_alloc_default(), sizeof(*start));
	struct tess_sched_thread_attr attr = {
		.name = name,
		.stack_size = stacksize > 0 ? (size_t)stacksize : 0,
		.priority = prio,
		.detached = true,
		.service = true, /* the stack's, not the program's */
	};
	struct tess_thread *t = NULL;
	int err;

	if (prio < TESS_SCHED_PRIORITY_MIN)
		attr.priority = TESS_SCHED_PRIORITY_MIN;
	if (prio > TESS_SCHED_PRIORITY_MAX)
		attr.priority = TESS_SCHED_PRIORITY_MAX;
	if (attr.stack_size && attr.stack_size < TESS_SCHED_STACK_MIN)
		attr.stack_size = TESS_SCHED_STACK_MIN;
	if (start == NULL)
		tess_panic("lwIP thread %s: no memory", name);
	start->fn = thread;
	start->arg = arg;
	err = tess_sched_thread_create(&t, &attr, thread_main, start);
	/* lwIP has no way to hear that a thread could not be made. */
	if (err)
		tess_panic("lwIP thread %s: cannot create it: error %d", name,
			   err);
	return t;
}

/* ---- semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	tess_lock_sem_init(&sem->sem, count);
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	tess_lock_sem_post(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout_ms)
{
	uint64_t start = tess_plat_monotonic_ns();

	if (timeout_ms == 0)
		tess_lock_sem_wait(&sem->sem);
	else if (tess_lock_sem_timedwait(&sem->sem, timeout_to_ns(timeout_ms)))
		return SYS_ARCH_TIMEOUT;
	return waited_ms(start);
}

/* ---- mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	tess_lock_mutex_init(&mutex->mutex);
	mutex->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	int err = tess_lock_mutex_lock(&mutex->mutex);

	if (err)
		tess_panic("lwIP mutex %p: lock: error %d", (void *)mutex, err);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	int err = tess_lock_mutex_unlock(&mutex->mutex);

	if (err)
		tess_panic("lwIP mutex %p: unlock: error %d", (void *)mutex,
			   err);
}

/* ---- mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	mbox->mbox = tess_mpi_mbox_create(size > 0 ? (size_t)size : 1, NULL);
	return mbox->mbox ? ERR_OK : ERR_MEM;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	/* lwIP empties a mailbox and stops using it before freeing it; a
	 * waiter still there would be a bug in the stack. */
	if (tess_mpi_mbox_destroy(mbox->mbox))
		tess_panic("lwIP mailbox %p freed while in use", (void *)mbox);
	mbox->mbox = NULL;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	tess_mpi_mbox_send(mbox->mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	return tess_mpi_mbox_trysend(mbox->mbox, msg) ? ERR_MEM : ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout_ms)
{
	uint64_t start = tess_plat_monotonic_ns();
	void *dummy;

	if (msg == NULL)
		msg = &dummy;
	if (timeout_ms == 0)
		tess_mpi_mbox_recv(mbox->mbox, msg);
	else if (tess_mpi_mbox_timedrecv(mbox->mbox, msg,
					 timeout_to_ns(timeout_ms)))
		return SYS_ARCH_TIMEOUT;
	return waited_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *dummy;

	if (msg == NULL)
		msg = &dummy;
	return tess_mpi_mbox_tryrecv(mbox->mbox, msg) ? SYS_MBOX_EMPTY : 0;
}

/* ---- the core lock ---- */

void tess_lwip_core_lock(void)
{
	sys_mutex_lock(&lock_tcpip_core);
}

void tess_lwip_core_unlock(void)
{
	if (unlock_hook)
		unlock_hook();
	sys_mutex_unlock(&lock_tcpip_core);
}

void tess_lwip_core_assert_locked(void)
{
	struct tess_thread *owner;

	if (tcpip_thread == NULL)
		return; /* lwip_init, before the lock exists: one thread */
	owner = tess_lock_mutex_owner(&lock_tcpip_core.mutex);
	if (owner != tess_sched_current())
		tess_panic("lwIP called by thread %s without the core lock "
			   "(held by %s)",
			   tess_sched_thread_name(tess_sched_current()),
			   owner ? tess_sched_thread_name(owner) : "nobody");
}

void tess_lwip_tcpip_started(void)
{
	tcpip_thread = tess_sched_current();
}

void tess_lwip_unlock_hook_set(void (*hook)(void))
{
	unlock_hook = hook;
}

/* ---- diagnostics ---- */

void tess_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tess_vprintk(TESS_LOG_INFO, TESS_LIBNAME, fmt, ap);
	va_end(ap);
}

void tess_lwip_assert_failed(const char *message, const char *file, int line)
{
	tess_panic_at(TESS_LIBNAME, file, line, "lwIP assertion: %s", message);
}
