/* SPDX-License-Identifier: BSD-3-Clause */
/* Cooperative round-robin backend: one FIFO ready queue. */
#include <tess/init.h>
#include <tess/sched_backend.h>

/* Ready threads in the order they became ready. Changed only through the
 * ops below, which lib/sched calls with interrupts masked. */
static struct tess_list ready = TESS_LIST_INIT(ready);

static void coop_enqueue(struct tess_thread *t)
{
	tess_list_push_back(&ready, &t->run_link);
}

static struct tess_thread *coop_dequeue(void)
{
	struct tess_thread *t = tess_list_first_entry_or_null(
		&ready, struct tess_thread, run_link);

	if (t != NULL)
		tess_list_remove(&t->run_link);
	return t;
}

static const struct tess_sched_ops coop_ops = {
	.name = "coop",
	.enqueue = coop_enqueue,
	.dequeue = coop_dequeue,
};

static int coop_init(void)
{
	return tess_sched_start(&coop_ops);
}
TESS_INIT(coop_init, TESS_INIT_SCHED);
