/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu interrupts: host signals delivered through a software mask.
 *
 * Disabling interrupts only clears a flag (no system call). The signal
 * handler checks the flag: when enabled it runs the Tessera handler at
 * once (with interrupts disabled, like hardware); otherwise it records the
 * line as pending and tess_plat_irq_restore() runs it later.
 *
 * SIGALRM is installed with SA_NODEFER: the host does not block it while
 * the handler runs, because a preemptive scheduler may switch threads
 * inside the handler (tess_plat_irq_return_hook_set) and the thread
 * switched to must go on receiving timer interrupts. A signal arriving
 * inside the handler finds the software mask set and only marks itself
 * pending, as on kvm.
 */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>

#include "../common/irq_soft.h"
#include "linuxu.h"

/* Marks line pending and delivers it at once when interrupts are on. */
void linuxu_irq_raise(unsigned int line)
{
	__atomic_or_fetch(&plat_irq_pending, 1UL << line, __ATOMIC_SEQ_CST);
	if (plat_irq_enabled) {
		plat_irq_enabled = false;
		tess_barrier();
		plat_irq_deliver();
	}
}

static void irq_signal_handler(int sig)
{
	(void)sig;
	linuxu_irq_raise(TESS_IRQ_TIMER);
}

/* The host's SIGHUP, SIGINT and SIGTERM, once TESS_IRQ_HOST has a
 * handler: kept for tess_plat_host_signals_take. */
static const int host_signals[] = {LINUX_SIGHUP, LINUX_SIGINT, LINUX_SIGTERM};
static uint64_t host_signals_sent;

static void host_signal_handler(int sig)
{
	__atomic_or_fetch(&host_signals_sent, 1ULL << (sig - 1),
			  __ATOMIC_SEQ_CST);
	linuxu_irq_raise(TESS_IRQ_HOST);
}

uint64_t tess_plat_host_signals_take(void)
{
	return __atomic_exchange_n(&host_signals_sent, 0, __ATOMIC_SEQ_CST);
}

/* Signals idle must block between its check and its sleep. */
static uint64_t idle_signals(void)
{
	uint64_t mask = 1ULL << (LINUX_SIGALRM - 1);

	for (unsigned int i = 0; i < TESS_ARRAY_SIZE(host_signals); i++)
		mask |= 1ULL << (host_signals[i] - 1);
	for (unsigned int line = TESS_IRQ_DEVICE_FIRST; line < TESS_IRQ_COUNT;
	     line++)
		mask |= 1ULL << (LINUXU_LINE_SIGNAL(line) - 1);
	return mask;
}

/* The host's timer fires at the deadline, never early. */
bool plat_irq_line_due(enum tess_irq irq)
{
	(void)irq;
	return true;
}

int plat_irq_line_enable(enum tess_irq irq)
{
	if (irq == TESS_IRQ_TIMER)
		return linuxu_sigaction(LINUX_SIGALRM, irq_signal_handler,
					LINUX_SA_RESTART | LINUX_SA_NODEFER);
	/* A device line's signal is set up with its descriptor
	 * (tess_linuxu_fd_irq). */
	if (irq >= TESS_IRQ_DEVICE_FIRST && irq < TESS_IRQ_COUNT)
		return 0;
	if (irq != TESS_IRQ_HOST)
		return -EINVAL;
	for (unsigned int i = 0; i < TESS_ARRAY_SIZE(host_signals); i++) {
		int err = linuxu_sigaction(host_signals[i], host_signal_handler,
					   LINUX_SA_RESTART | LINUX_SA_NODEFER);

		if (err)
			return err;
	}
	return 0;
}

#define SYS_ppoll_host 271

void tess_plat_idle(void)
{
	uint64_t block = idle_signals();
	uint64_t old = 0, none = 0;

	/* Block the signal, check, then atomically unblock and sleep: an
	 * interrupt between the check and the sleep cannot be lost. */
	struct {
		int fd;
		short events, revents;
	} input = {linuxu_console_idle_fd(), 0x001 /* POLLIN */, 0};

	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_BLOCK, (long)&block,
			(long)&old, 8, 0, 0);
	if (__atomic_load_n(&plat_irq_pending, __ATOMIC_SEQ_CST) == 0) {
		/* A reader waits for console input: sleep on fd 0 too,
		 * with the same atomic unblocking of the signals. */
		if (input.fd >= 0)
			linuxu_syscall6(SYS_ppoll_host, (long)&input, 1, 0,
					(long)&none, 8, 0);
		else
			linuxu_syscall(SYS_rt_sigsuspend, &none, 8, 0);
	}
	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_SETMASK, (long)&old, 0,
			8, 0, 0);
	if (input.revents) {
		bool was = tess_plat_irq_save();

		linuxu_console_input_ready();
		tess_plat_irq_restore(was);
	}
	tess_plat_irq_restore(tess_plat_irq_save());
}

int linuxu_sigaction(int sig, void *handler, unsigned long flags)
{
	struct linux_sigaction sa = {
		.handler = handler,
		.flags = flags | LINUX_SA_RESTORER,
		.restorer = linuxu_signal_return,
		.mask = 0,
	};

	return (int)linuxu_syscall6(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0,
				    0);
}
