/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform contract: console output.
 *
 * Implemented by every platform (plat/<name>). Usable from the first line
 * of C code, before any allocator exists, and from interrupt context.
 */
#ifndef TESS_PLAT_CONSOLE_H
#define TESS_PLAT_CONSOLE_H

#include <stddef.h>

/* Writes len bytes to the console; returns bytes written or -errno. The
 * "err" variant is the error stream where the platform has one (linuxu:
 * fd 2), otherwise the same console. */
long tess_plat_console_write(const char *buf, size_t len);
long tess_plat_console_write_err(const char *buf, size_t len);

#endif /* TESS_PLAT_CONSOLE_H */
