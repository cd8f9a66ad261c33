/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: the thread-local storage base (FS base on x86_64).
 *
 * Writing the FS base is privileged or needs CR4.FSGSBASE, so it is the
 * platform's job: linuxu asks the host kernel (arch_prctl), kvm would need
 * its CPL0 layer. lib/sched calls it when it switches to a thread whose
 * TLS base differs from the loaded one. Not for interrupt context.
 */
#ifndef TESS_PLAT_TLS_H
#define TESS_PLAT_TLS_H

#include <stdint.h>

/* Loads base as the current TLS base (%fs:0 then reads memory at base).
 * Returns 0, or -ENOSYS when the platform cannot set it (logged once). */
int tess_plat_tls_set(uintptr_t base);

#endif /* TESS_PLAT_TLS_H */
