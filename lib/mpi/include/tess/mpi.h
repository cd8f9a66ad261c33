/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message passing: bounded mailboxes of pointers between threads.
 *
 * Provides a FIFO mailbox with a fixed number of slots, each holding one
 * message (a void *; what it points to belongs to the protocol of sender
 * and receiver). Send blocks while the mailbox is full, receive while it
 * is empty; each has a try variant (-EAGAIN at once) and a timed variant
 * (relative timeout in ns, -ETIMEDOUT). The slots are the caller's
 * (tess_mpi_mbox_init) or come from the default heap
 * (tess_mpi_mbox_create).
 *
 * Needs: lib/lock (wait queues), lib/sched, lib/alloc for _create.
 *
 * Promises: one CPU; every operation is atomic (interrupts masked).
 * Messages are received in the order they were sent. The try variants
 * never block and may be called from interrupt context (a device handler
 * can post to a thread). Blocking variants are for threads only.
 */
#ifndef TESS_MPI_H
#define TESS_MPI_H

#include <stddef.h>
#include <stdint.h>
#include <tess/lock.h>

struct tess_mpi_mbox {
	void **slots;
	size_t capacity;
	size_t head;  /* slot of the oldest message */
	size_t count; /* messages held */
	bool allocated;
	struct tess_sched_waitq not_full;
	struct tess_sched_waitq not_empty;
};

/* Sets up mb over capacity caller-owned slots. Returns 0 or -EINVAL
 * (NULL mb or slots, capacity 0). */
int tess_mpi_mbox_init(struct tess_mpi_mbox *mb, void **slots, size_t capacity);
/* A mailbox with its slots on the default heap, or NULL (-EINVAL /
 * -ENOMEM in *err when err is not NULL). */
struct tess_mpi_mbox *tess_mpi_mbox_create(size_t capacity, int *err);
/* Frees a mailbox from _create: 0, or -EBUSY while threads wait on it
 * (nothing is freed then), -EINVAL for one from _init. */
int tess_mpi_mbox_destroy(struct tess_mpi_mbox *mb);

/* 0 once msg is queued. */
int tess_mpi_mbox_send(struct tess_mpi_mbox *mb, void *msg);
/* 0 or -EAGAIN (full). Safe from interrupt context. */
int tess_mpi_mbox_trysend(struct tess_mpi_mbox *mb, void *msg);
/* 0 or -ETIMEDOUT. */
int tess_mpi_mbox_timedsend(struct tess_mpi_mbox *mb, void *msg,
			    uint64_t timeout_ns);

/* 0 once the oldest message is stored in *msg. */
int tess_mpi_mbox_recv(struct tess_mpi_mbox *mb, void **msg);
/* 0 or -EAGAIN (empty). Safe from interrupt context. */
int tess_mpi_mbox_tryrecv(struct tess_mpi_mbox *mb, void **msg);
/* 0 or -ETIMEDOUT. */
int tess_mpi_mbox_timedrecv(struct tess_mpi_mbox *mb, void **msg,
			    uint64_t timeout_ns);

/* Messages queued now. */
size_t tess_mpi_mbox_count(const struct tess_mpi_mbox *mb);

#endif /* TESS_MPI_H */
