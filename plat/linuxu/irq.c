/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu interrupts: host signals delivered through a software mask.
 *
 * Disabling interrupts only clears a flag (no system call). The signal
 * handler checks the flag: when enabled it runs the Tessera handler at
 * once (with interrupts disabled, like hardware); otherwise it records the
 * line as pending and tess_plat_irq_restore() runs it later.
 *
 * The interrupt signals (the timer's SIGALRM, the host's SIGHUP, SIGINT
 * and SIGTERM, the device lines') block one another while a handler runs,
 * so the host cannot stack a frame per signal on the running thread's
 * stack: a tap's flood of SIGIO-style signals, delivered back to back
 * while the kernel was still writing frames, overflowed a 64 KiB stack.
 * A handler that finds interrupts enabled unblocks them before it runs
 * the Tessera handlers, because a preemptive scheduler may switch threads
 * there (tess_plat_irq_return_hook_set) and the thread switched to must go
 * on receiving interrupts; a signal arriving then finds the software mask
 * set and only marks itself pending, as on kvm, one frame deep.
 */
#include <errno.h>
#include <tess/compiler.h>
#include <tess/plat/irq.h>

#include "../common/irq_soft.h"
#include "linuxu.h"

/* Marks line pending and delivers it at once when interrupts are on. */
static uint64_t idle_signals(void);

void linuxu_irq_raise(unsigned int line)
{
	__atomic_or_fetch(&plat_irq_pending, 1UL << line, __ATOMIC_SEQ_CST);
	if (plat_irq_enabled) {
		uint64_t signals = idle_signals();

		plat_irq_enabled = false;
		tess_barrier();
		/* The handler's own mask blocked them (see above). */
		linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_UNBLOCK,
				(long)&signals, 0, 8, 0, 0);
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
					LINUX_SA_RESTART);
	/* A device line's signal is set up with its descriptor
	 * (tess_linuxu_fd_irq). */
	if (irq >= TESS_IRQ_DEVICE_FIRST && irq < TESS_IRQ_COUNT)
		return 0;
	if (irq != TESS_IRQ_HOST)
		return -EINVAL;
	for (unsigned int i = 0; i < TESS_ARRAY_SIZE(host_signals); i++) {
		int err = linuxu_sigaction(host_signals[i], host_signal_handler,
					   LINUX_SA_RESTART);

		if (err)
			return err;
	}
	return 0;
}

#define SYS_read_host	   0
#define SYS_ppoll_host	   271
#define SYS_signalfd4	   289
#define LINUX_SFD_FLAGS	   (04000 | 02000000) /* SFD_NONBLOCK | SFD_CLOEXEC */
#define SIGNALFD_INFO_SIZE 128 /* struct signalfd_siginfo */

/* The handlers linuxu_sigaction installed for the interrupt signals
 * (idle_signals: plain handlers, not SA_SIGINFO), so that idle can run
 * them itself; the set of those signals. */
static void (*signal_handlers[65])(int);
static uint64_t handled_signals;

/* A signalfd of handled_signals (made and updated by linuxu_sigaction). */
static int idle_signalfd = -1;

/* Runs the handler of every signal the signalfd holds; each only marks
 * its line pending, since idle runs masked. */
static void idle_signals_take(void)
{
	uint32_t info[SIGNALFD_INFO_SIZE / 4 * 8] = {0};
	long got;

	while ((got = linuxu_syscall(SYS_read_host, idle_signalfd, (long)info,
				     sizeof(info))) > 0) {
		for (long off = 0; off + SIGNALFD_INFO_SIZE <= got;
		     off += SIGNALFD_INFO_SIZE) {
			uint32_t sig = info[off / 4]; /* ssi_signo */

			if (sig < TESS_ARRAY_SIZE(signal_handlers) &&
			    signal_handlers[sig])
				signal_handlers[sig]((int)sig);
		}
	}
}

/*
 * Sleeps until a signal or console input comes, with the interrupt
 * signals blocked throughout: they are read from a signalfd, not
 * delivered, so a wake-up writes no signal frame (over 3 KiB each with
 * AVX-512 state) on the sleeping thread's stack and returns through no
 * handler.
 */
void tess_plat_idle(void)
{
	/* A signal without a handler keeps its default action (the image
	 * ends), so it is not blocked and can end the sleep. */
	uint64_t block = handled_signals;
	uint64_t old = 0;
	struct {
		int fd;
		short events, revents;
	} fds[2] = {{idle_signalfd, 0x001 /* POLLIN */, 0},
		    {linuxu_console_idle_fd(), 0x001, 0}};

	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_BLOCK, (long)&block,
			(long)&old, 8, 0, 0);
	if (__atomic_load_n(&plat_irq_pending, __ATOMIC_SEQ_CST) == 0)
		linuxu_syscall6(SYS_ppoll_host, (long)fds, fds[1].fd >= 0 ? 2 : 1,
				0, 0, 8, 0);
	idle_signals_take();
	linuxu_syscall6(SYS_rt_sigprocmask, LINUX_SIG_SETMASK, (long)&old, 0,
			8, 0, 0);
	if (fds[1].revents) {
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

	/* An interrupt signal's handler blocks every interrupt signal (see
	 * the top of this file). */
	if (sig > 0 && (idle_signals() & (1ULL << (sig - 1)))) {
		sa.mask = idle_signals();
		sa.flags &= ~(unsigned long)LINUX_SA_NODEFER;
	}

	if (!(flags & LINUX_SA_SIGINFO) && sig > 0 &&
	    (idle_signals() & (1ULL << (sig - 1)))) {
		uint64_t mask = handled_signals | 1ULL << (sig - 1);
		/* Idle's signalfd, made or given the new set (-1: made). */
		long fd = linuxu_syscall6(SYS_signalfd4, idle_signalfd,
					  (long)&mask, 8, LINUX_SFD_FLAGS, 0,
					  0);

		if (fd < 0)
			return (int)fd;
		idle_signalfd = (int)fd;
		signal_handlers[sig] = (void (*)(int))handler;
		handled_signals = mask;
	}
	return (int)linuxu_syscall6(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0,
				    0);
}
