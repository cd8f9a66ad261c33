/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Undefined behaviour sanitizer runtime.
 *
 * With CONFIG_TESS_UBSAN every library is built with -fsanitize=undefined
 * and the compiler calls this library's __ubsan_handle_* functions when a
 * check fails. A report names the kind of undefined behaviour, the source
 * location and the values involved, then panics (CONFIG_TESS_UBSAN_PANIC)
 * or goes on, reporting each location once.
 *
 * Capture mode exists for tests of the sanitizer itself: reports are
 * counted, not printed, and never panic. Single CPU; not reentrant.
 */
#ifndef TESS_UBSAN_H
#define TESS_UBSAN_H

#include <stdbool.h>

/* Starts (true) or stops (false) capture mode; stopping returns how many
 * reports were captured since it started. */
unsigned int tess_ubsan_capture(bool on);

#endif /* TESS_UBSAN_H */
