/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The signal mask ppoll, pselect6 and epoll_pwait wait with: set with
 * lib/posix-process's rt_sigprocmask for the wait, put back after it. A
 * signal the mask unblocks that was already pending runs its handler as
 * the mask is set (rt_sigprocmask delivers at once), and the call then
 * ends with -EINTR, as Linux's ends before waiting. One that comes during
 * the wait ends it (lib/sched's interruptible wait) with its handler run
 * under the temporary mask, as on Linux.
 */
#include <errno.h>
#include <tess/posix-process.h>
#include <tess/syscall.h>

#include "poll_impl.h"

#define SIG_SETMASK 2
/* SIGKILL and SIGSTOP: never blocked, so never pending-and-blocked. */
#define UNBLOCKABLE ((1ULL << (9 - 1)) | (1ULL << (19 - 1)))

long poll_sigmask_apply(const uint64_t *mask, size_t size,
			struct poll_sigmask *save)
{
	uint64_t pending = 0;
	long err;

	save->applied = false;
	if (!mask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	/* rt_sigpending: what is pending and blocked now (posix-process
	 * offers it only through the table). */
	err = tess_syscall(TESS_SYS_rt_sigpending, (long)&pending,
			   sizeof(pending), 0, 0, 0, 0);
	if (err)
		pending = 0;
	err = tess_sys_rt_sigprocmask(SIG_SETMASK, mask, &save->old,
				      sizeof(uint64_t));
	if (err)
		return err;
	save->applied = true;
	if (pending & ~*mask & ~UNBLOCKABLE)
		return -EINTR;
	return 0;
}

void poll_sigmask_restore(struct poll_sigmask *save)
{
	if (save->applied)
		tess_sys_rt_sigprocmask(SIG_SETMASK, &save->old, NULL,
					sizeof(uint64_t));
	save->applied = false;
}
