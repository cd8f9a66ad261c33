/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-time internals shared by its sources. */
#ifndef TESS_POSIX_TIME_IMPL_H
#define TESS_POSIX_TIME_IMPL_H

#include <stdint.h>

long clock_ns_read(int id, uint64_t *ns);

#endif /* TESS_POSIX_TIME_IMPL_H */
