/* SPDX-License-Identifier: BSD-3-Clause */
/* POSIX types used by C library and application interfaces. */
#ifndef TESS_NOLIBC_SYS_TYPES_H
#define TESS_NOLIBC_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

/* A byte count or -1: the signed type as wide as size_t. */
typedef __PTRDIFF_TYPE__ ssize_t;
/* A file offset; 64 bits on every architecture. */
typedef int64_t off_t;

#endif /* TESS_NOLIBC_SYS_TYPES_H */
