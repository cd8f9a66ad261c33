/* SPDX-License-Identifier: BSD-3-Clause */
/* SIGHUP, SIGINT and SIGTERM passed on to a guest that takes them. */
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>

#include "vm.h"

/*
 * SIGHUP, SIGINT and SIGTERM (tess stop, ^C, a hang-up) reach the guest.
 * The handler sets kvm_run's immediate_exit, so a signal that lands
 * between two runs still ends the next at once (KVM_RUN fails with EINTR,
 * as it does for one that lands inside). (Blocking them outside KVM_RUN
 * with KVM_SET_SIGNAL_MASK instead made every KVM_RUN on kvm-pvm fail
 * with EINTR.) A guest that takes them (posix-process
 * registers for them: TESS_KVM_MMIO_SIGNALS) gets each counted in its
 * boot info and an interrupt at TESS_KVM_VECTOR_HOST; its handler runs,
 * stdio is flushed, and it exits when it chooses (tess stop kills us
 * after its --timeout). A guest that does not ends as the monitor would
 * without this: killed by the signal.
 */
static const int passed_signals[] = TESS_KVM_HOST_SIGNALS;
_Static_assert(SIGHUP == 1 && SIGINT == 2 && SIGTERM == 15,
	       "TESS_KVM_HOST_SIGNALS are the host's own numbers");
static volatile sig_atomic_t signals_caught; /* bit i: passed_signals[i] */
static struct kvm_run *volatile signals_run; /* the vCPU's, once set up */

static void signal_caught(int sig)
{
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		if (passed_signals[i] == sig)
			signals_caught |= 1 << i;
	if (signals_run)
		signals_run->immediate_exit = 1;
}

/* The signals reach the vCPU thread only (a KVM_RUN in progress ends
 * only for a signal to its own thread): every other thread of the
 * monitor blocks them, from before the first is created. */
static void signals_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		sigaddset(&set, passed_signals[i]);
	pthread_sigmask(how, &set, NULL);
}

void signals_setup(struct vm *vm)
{
	struct sigaction sa = {.sa_handler = signal_caught};

	signals_run = vm->run;
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++)
		sigaction(passed_signals[i], &sa, NULL);
	signals_mask(SIG_UNBLOCK);
}

/* Passes the caught signals on, or ends as killed by the first. */
void signals_pass(struct vm *vm)
{
	int caught;
	struct tess_kvm_boot_info *info = (struct tess_kvm_boot_info *)
		guest_ptr(vm, vm->boot_info);
	struct kvm_msi msi = {.address_lo = TESS_KVM_APIC_BASE,
			      .data = TESS_KVM_VECTOR_HOST};

	/* Cleared first: a signal after the exchange sets both again and
	 * ends the next run at once. */
	vm->run->immediate_exit = 0;
	caught = __atomic_exchange_n(&signals_caught, 0, __ATOMIC_SEQ_CST);
	for (int i = 0; i < TESS_KVM_HOST_SIGNAL_COUNT; i++) {
		if (!(caught & (1 << i)))
			continue;
		if (!vm->takes_signals) {
			signal(passed_signals[i], SIG_DFL);
			raise(passed_signals[i]);
		}
		__atomic_add_fetch(&info->host_signal_count[i], 1,
				   __ATOMIC_RELEASE);
	}
	if (caught && ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
		die_errno("KVM_SIGNAL_MSI");
}

void signals_block(void)
{
	signals_mask(SIG_BLOCK);
}
