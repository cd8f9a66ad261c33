/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Address sanitizer runtime (heap).
 *
 * With CONFIG_TESS_ASAN every load and store of instrumented code calls
 * this runtime. Memory ranges registered with tess_asan_track() have a
 * shadow map: one shadow byte per 8-byte granule, 0 when the whole granule
 * is accessible, 1-7 when only its first k bytes are, or a poison code.
 * An access touching poisoned bytes is reported (kind, address, size,
 * backtrace) and panics. Accesses outside tracked ranges are not checked.
 *
 * The allocator (lib/alloc) tracks the default heap, poisons red zones and
 * freed blocks and unpoisons what it hands out. Single CPU; the checks may
 * run in interrupt context (they take no lock and never allocate).
 */
#ifndef TESS_ASAN_H
#define TESS_ASAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TESS_ASAN_GRANULE 8

/* Poison codes (shadow values), also used to name the report. */
#define TESS_ASAN_HEAP_REDZONE 0xfa
#define TESS_ASAN_HEAP_FREED 0xfd
#define TESS_ASAN_UNALLOCATED 0xfe

/* Bytes of shadow needed for a range of len bytes. */
size_t tess_asan_shadow_size(size_t len);

/* Tracks [base, base+len) with the given shadow (tess_asan_shadow_size(len)
 * bytes, outside the range). base must be granule-aligned. The whole range
 * starts poisoned as TESS_ASAN_UNALLOCATED. Returns 0, -EINVAL for bad
 * arguments or overlap, -ENOSPC when all range slots are used. */
int tess_asan_track(uintptr_t base, size_t len, uint8_t *shadow);

/* Marks [addr, addr+len) poisoned with code; addr granule-aligned. */
void tess_asan_poison(const void *addr, size_t len, uint8_t code);
/* Marks [addr, addr+len) accessible; addr granule-aligned. A partial last
 * granule records how many of its bytes are valid. */
void tess_asan_unpoison(const void *addr, size_t len);

/* Capture mode for the runtime's own tests: reports are counted, not
 * printed, and do not panic. Stopping returns the count. */
unsigned int tess_asan_capture(bool on);

#endif /* TESS_ASAN_H */
