/* SPDX-License-Identifier: BSD-3-Clause */
/* Preemptive backend: 32 strict priority levels, round-robin time slices. */
#include <errno.h>
#include <stdlib.h>
#include <tess/init.h>
#include <tess/plat/irq.h>
#include <tess/sched_backend.h>
#include <tess/sched_preempt.h>

#define LEVELS (TESS_SCHED_PRIORITY_MAX - TESS_SCHED_PRIORITY_MIN + 1)
_Static_assert(LEVELS <= 32, "the level bitmap is 32 bits");

/* Ready threads, one FIFO per level, and the bitmap of non-empty levels.
 * Changed only through the ops below, which lib/sched calls with
 * interrupts masked. */
static struct tess_list ready[LEVELS];
static uint32_t nonempty;
/* Written by the sched.slice_us option at boot and by _slice_set (with
 * interrupts masked: lib/sched reads it at a switch). */
static uint64_t slice_ns = CONFIG_TESS_SCHED_PREEMPT_SLICE_US * 1000ULL;

static unsigned int level_of(const struct tess_thread *t)
{
	return (unsigned int)(t->priority - TESS_SCHED_PRIORITY_MIN);
}

static unsigned int top_level(void)
{
	return 31u - (unsigned int)__builtin_clz(nonempty);
}

static void preempt_enqueue(struct tess_thread *t)
{
	unsigned int level = level_of(t);

	tess_list_push_back(&ready[level], &t->run_link);
	nonempty |= 1u << level;
}

static struct tess_thread *preempt_dequeue(void)
{
	struct tess_thread *t;
	unsigned int level;

	if (nonempty == 0)
		return NULL;
	level = top_level();
	t = tess_list_first_entry_or_null(&ready[level], struct tess_thread,
					  run_link);
	tess_list_remove(&t->run_link);
	if (tess_list_empty(&ready[level]))
		nonempty &= ~(1u << level);
	return t;
}

static enum tess_sched_verdict
preempt_verdict(const struct tess_thread *running)
{
	unsigned int top, own = level_of(running);

	if (nonempty == 0)
		return TESS_SCHED_RUN_ON;
	top = top_level();
	if (top > own)
		return TESS_SCHED_PREEMPT;
	return top == own ? TESS_SCHED_SHARE : TESS_SCHED_RUN_ON;
}

static uint64_t preempt_slice_ns(void)
{
	return slice_ns;
}

static const struct tess_sched_ops preempt_ops = {
	.name = "preempt",
	.enqueue = preempt_enqueue,
	.dequeue = preempt_dequeue,
	.verdict = preempt_verdict,
	.slice_ns = preempt_slice_ns,
};

uint64_t tess_sched_preempt_slice_get(void)
{
	return slice_ns;
}

int tess_sched_preempt_slice_set(uint64_t ns)
{
	bool was;

	if (ns < TESS_SCHED_PREEMPT_SLICE_MIN_NS ||
	    ns > TESS_SCHED_PREEMPT_SLICE_MAX_NS)
		return -EINVAL;
	was = tess_plat_irq_save();
	slice_ns = ns;
	tess_plat_irq_restore(was);
	return 0;
}

static int slice_param(const char *value)
{
	char *end;
	unsigned long us = strtoul(value, &end, 10);

	if (end == value || *end != '\0' ||
	    us > TESS_SCHED_PREEMPT_SLICE_MAX_NS / 1000)
		return -EINVAL;
	return tess_sched_preempt_slice_set(us * 1000ULL);
}
TESS_PARAM(slice_us, "sched.slice_us", slice_param,
	   "time slice of sched-preempt in microseconds (100-1000000)");

static int preempt_init(void)
{
	for (unsigned int i = 0; i < LEVELS; i++)
		tess_list_init(&ready[i]);
	return tess_sched_start(&preempt_ops);
}
TESS_INIT(preempt_init, TESS_INIT_SCHED);
