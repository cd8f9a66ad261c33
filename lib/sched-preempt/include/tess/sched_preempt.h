/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The preemptive backend of lib/sched: strict priorities, time slices.
 *
 * Provides: 32 levels (TESS_SCHED_PRIORITY_MIN..MAX of tess/sched.h);
 * the highest non-empty level runs; within a level, round-robin (FIFO
 * ready queue; a thread preempted or at the end of its slice goes to the
 * back of its level). A thread made ready with a higher priority than
 * the running one preempts it at once, from a thread or from an interrupt
 * handler (on the way back from the interrupt). Threads of the same
 * priority share the CPU in slices of tess_sched_preempt_slice_get() ns.
 * Tickless: no slice timer while only one thread can run or none can.
 *
 * Needs lib/sched (which does the switching and owns the timer) and the
 * platform's unmask hook. Queue operations are O(1) (a bitmap of
 * non-empty levels). Everything here: threads only.
 */
#ifndef TESS_SCHED_PREEMPT_H
#define TESS_SCHED_PREEMPT_H

#include <stdint.h>

/* Smallest and largest slice accepted (100 us, 1 s). */
#define TESS_SCHED_PREEMPT_SLICE_MIN_NS 100000ULL
#define TESS_SCHED_PREEMPT_SLICE_MAX_NS 1000000000ULL

/* The time slice in ns (CONFIG_TESS_SCHED_PREEMPT_SLICE_US, or the
 * library option sched.slice_us, or the last _set). */
uint64_t tess_sched_preempt_slice_get(void);
/* Sets it for slices that begin from now on; returns 0 or -EINVAL
 * (outside [TESS_SCHED_PREEMPT_SLICE_MIN_NS, _MAX_NS]). */
int tess_sched_preempt_slice_set(uint64_t ns);

#endif /* TESS_SCHED_PREEMPT_H */
