/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-thread slots. Every TESS_SCHED_SLOT places the boot thread's data in
 * the section tess_sched_slot_area; the section as a whole is the boot
 * thread's slot area, and a slot's offset in it is the same in every
 * other thread's area (allocated with the thread). The linker lays it out
 * once, so nothing is computed or registered at run time.
 */
#include <errno.h>
#include <tess/plat/irq.h>

#include "sched_impl.h"

size_t sched_slots_size(void)
{
	return (size_t)(__stop_tess_sched_slot_area -
			__start_tess_sched_slot_area);
}

void *tess_sched_slot_data(const struct tess_thread *t,
			   const struct tess_sched_slot *slot)
{
	return t->slots +
	       ((char *)slot->main_data - __start_tess_sched_slot_area);
}

void *tess_sched_slot_self(const struct tess_sched_slot *slot)
{
	return tess_sched_slot_data(sched.current, slot);
}

#define for_each_slot(s)                                                       \
	for (const struct tess_sched_slot *const *s =                          \
		     __start_tess_sched_slots;                                 \
	     s < __stop_tess_sched_slots; s++)

int sched_slots_create(struct tess_thread *t)
{
	for_each_slot (s) {
		int err;

		if ((*s)->on_create == NULL)
			continue;
		err = (*s)->on_create(t, tess_sched_slot_data(t, *s));
		if (err) {
			tess_pr_err("thread creation refused by slot %s (%d)",
				    (*s)->name, err);
			return err;
		}
	}
	return 0;
}

void sched_slots_exit(struct tess_thread *t)
{
	for_each_slot (s)
		if ((*s)->on_exit != NULL)
			(*s)->on_exit(t, tess_sched_slot_data(t, *s));
}

int tess_sched_interrupted(void)
{
	struct tess_thread *self = sched.current;

	for_each_slot (s)
		if ((*s)->on_interrupt != NULL)
			(*s)->on_interrupt(self, tess_sched_slot_data(self, *s));
	return -EINTR;
}
