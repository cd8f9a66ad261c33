/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What plat/linuxu promises of the optional parts of the platform contract (each
 * may say -ENOSYS on a platform that lacks it): the contract tests fail a
 * promised call that says -ENOSYS.
 */
#ifndef TESS_PLAT_PROMISES_H
#define TESS_PLAT_PROMISES_H

#define TESS_PLAT_PROMISES_GUARD   1 /* tess_plat_memory_guard */
#define TESS_PLAT_PROMISES_PROTECT 1 /* tess_plat_memory_protect */
#define TESS_PLAT_PROMISES_TLS	   1 /* tess_plat_tls_set */

#endif /* TESS_PLAT_PROMISES_H */
