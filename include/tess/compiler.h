/* SPDX-License-Identifier: BSD-3-Clause */
/* Compiler helpers shared by every library (always on the include path). */
#ifndef TESS_COMPILER_H
#define TESS_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#define tess_likely(x) __builtin_expect(!!(x), 1)
#define tess_unlikely(x) __builtin_expect(!!(x), 0)
#define TESS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TESS_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define TESS_ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define TESS_IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define TESS_IS_POW2(x) ((x) != 0 && ((x) & ((x) - 1)) == 0)
#define TESS_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TESS_MAX(a, b) ((a) > (b) ? (a) : (b))
#define tess_container_of(ptr, type, member)                                 \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define tess_barrier() __asm__ __volatile__("" ::: "memory")
#define __tess_unused __attribute__((unused))
#define __tess_noreturn __attribute__((noreturn))
#define __tess_packed __attribute__((packed))
/* Code and data used only while booting; placed in their own sections so
 * a platform may release them after main() starts. */
#define __tess_init __attribute__((section(".text.tess_init")))

#define TESS_KIB(x) ((size_t)(x) << 10)
#define TESS_MIB(x) ((size_t)(x) << 20)
#define TESS_NSEC_PER_SEC 1000000000ULL

#endif /* TESS_COMPILER_H */
