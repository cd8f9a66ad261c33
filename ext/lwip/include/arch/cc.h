/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and C library glue for Tessera (read through
 * lwip/arch.h): GCC on x86_64, little-endian; nolibc or musl as the C
 * library; diagnostics and assertions through lib/debug.
 */
#ifndef TESS_LWIP_ARCH_CC_H
#define TESS_LWIP_ARCH_CC_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t: lwIP includes no unistd.h */
#include <tess/random.h>

#ifndef BYTE_ORDER /* musl's <sys/types.h> has it */
#define BYTE_ORDER LITTLE_ENDIAN
#endif
#define LWIP_NO_UNISTD_H 1

#ifdef CONFIG_TESS_EXT_MUSL
/* musl defines struct timeval; an application including both its
 * headers and lwIP's must not get two. */
#include <sys/time.h>
#define LWIP_TIMEVAL_PRIVATE 0
#endif

/* Byte order: the compiler's byte swaps instead of lwIP's functions. */
#define lwip_htons(x) __builtin_bswap16((uint16_t)(x))
#define lwip_htonl(x) __builtin_bswap32((uint32_t)(x))

/* Protocol headers sit at any byte offset in a frame (an IPv4 header at
 * 14): lwIP's header structs are packed, so the compiler never assumes
 * their alignment. */
#define PACK_STRUCT_STRUCT __attribute__((packed))

/* lwIP's messages (LWIP_DEBUGF and a few diagnostics) at info level, and
 * its assertions as panics: they mean a broken invariant of the stack. */
void tess_lwip_diag(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void tess_lwip_assert_failed(const char *message, const char *file, int line)
	__attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) tess_lwip_diag x
#define LWIP_PLATFORM_ASSERT(x) tess_lwip_assert_failed((x), __FILE__, __LINE__)

#endif /* TESS_LWIP_ARCH_CC_H */
