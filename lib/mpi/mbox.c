/* SPDX-License-Identifier: BSD-3-Clause */
/* Bounded mailboxes: a ring of pointers and two wait queues. */
#include <errno.h>
#include <tess/alloc.h>
#include <tess/mpi.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>

int tess_mpi_mbox_init(struct tess_mpi_mbox *mb, void **slots, size_t capacity)
{
	if (mb == NULL || slots == NULL || capacity == 0)
		return -EINVAL;
	mb->slots = slots;
	mb->capacity = capacity;
	mb->head = 0;
	mb->count = 0;
	mb->allocated = false;
	tess_sched_waitq_init(&mb->not_full);
	tess_sched_waitq_init(&mb->not_empty);
	return 0;
}

struct tess_mpi_mbox *tess_mpi_mbox_create(size_t capacity, int *err)
{
	struct tess_alloc *heap = tess_alloc_default();
	struct tess_mpi_mbox *mb;
	void **slots;
	int e = 0;

	if (capacity == 0 || capacity > SIZE_MAX / sizeof(void *)) {
		e = -EINVAL;
		goto fail;
	}
	mb = tess_malloc(heap, sizeof(*mb));
	slots = tess_calloc(heap, capacity, sizeof(void *));
	if (mb == NULL || slots == NULL) {
		tess_free(heap, mb);
		tess_free(heap, slots);
		e = -ENOMEM;
		goto fail;
	}
	tess_mpi_mbox_init(mb, slots, capacity);
	mb->allocated = true;
	return mb;
fail:
	if (err != NULL)
		*err = e;
	return NULL;
}

int tess_mpi_mbox_destroy(struct tess_mpi_mbox *mb)
{
	if (mb == NULL || !mb->allocated)
		return -EINVAL;
	if (!tess_sched_waitq_empty(&mb->not_full) ||
	    !tess_sched_waitq_empty(&mb->not_empty))
		return -EBUSY;
	tess_free(tess_alloc_default(), mb->slots);
	tess_free(tess_alloc_default(), mb);
	return 0;
}

static int mbox_send(struct tess_mpi_mbox *mb, void *msg, uint64_t deadline_ns,
		     bool may_wait)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	while (mb->count == mb->capacity) {
		err = may_wait ? tess_sched_waitq_wait(&mb->not_full,
						      deadline_ns, "mbox send")
			       : -EAGAIN;
		if (err)
			goto out;
	}
	mb->slots[(mb->head + mb->count) % mb->capacity] = msg;
	mb->count++;
	tess_sched_waitq_wake_one(&mb->not_empty);
out:
	tess_plat_irq_restore(was);
	return err;
}

static int mbox_recv(struct tess_mpi_mbox *mb, void **msg, uint64_t deadline_ns,
		     bool may_wait)
{
	bool was = tess_plat_irq_save();
	int err = 0;

	while (mb->count == 0) {
		err = may_wait ? tess_sched_waitq_wait(&mb->not_empty,
						      deadline_ns, "mbox recv")
			       : -EAGAIN;
		if (err)
			goto out;
	}
	*msg = mb->slots[mb->head];
	mb->head = (mb->head + 1) % mb->capacity;
	mb->count--;
	tess_sched_waitq_wake_one(&mb->not_full);
out:
	tess_plat_irq_restore(was);
	return err;
}

int tess_mpi_mbox_send(struct tess_mpi_mbox *mb, void *msg)
{
	return mbox_send(mb, msg, TESS_SCHED_FOREVER, true);
}

int tess_mpi_mbox_trysend(struct tess_mpi_mbox *mb, void *msg)
{
	return mbox_send(mb, msg, TESS_SCHED_FOREVER, false);
}

int tess_mpi_mbox_timedsend(struct tess_mpi_mbox *mb, void *msg,
			    uint64_t timeout_ns)
{
	return mbox_send(mb, msg, tess_sched_deadline_after(timeout_ns), true);
}

int tess_mpi_mbox_recv(struct tess_mpi_mbox *mb, void **msg)
{
	return mbox_recv(mb, msg, TESS_SCHED_FOREVER, true);
}

int tess_mpi_mbox_tryrecv(struct tess_mpi_mbox *mb, void **msg)
{
	return mbox_recv(mb, msg, TESS_SCHED_FOREVER, false);
}

int tess_mpi_mbox_timedrecv(struct tess_mpi_mbox *mb, void **msg,
			    uint64_t timeout_ns)
{
	return mbox_recv(mb, msg, tess_sched_deadline_after(timeout_ns), true);
}

size_t tess_mpi_mbox_count(const struct tess_mpi_mbox *mb)
{
	return mb->count;
}
