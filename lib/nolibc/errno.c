/* SPDX-License-Identifier: BSD-3-Clause */
/* errno's location without a scheduler: one thread, one word. lib/sched
 * defines the strong tess_errno_location (one word per thread), which the
 * linker takes instead of this one. */
#include <errno.h>

__attribute__((weak)) int *tess_errno_location(void)
{
	static int only_thread_errno;

	return &only_thread_errno;
}
