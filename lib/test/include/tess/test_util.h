/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the unit tests of every library.
 *
 * Provides: a fixed-seed xorshift64 generator (struct tess_test_rng, owned
 * by the caller), so "random" tests run the same sequence every time; a
 * byte pattern derived from a block id, to check that memory handed out
 * was not overwritten; a way to lower the log level around tests of
 * misuse, whose error logs are expected; an alignment check; and a busy
 * wait on the platform clock. None of them allocates memory, so they are
 * safe in allocator tests.
 */
#ifndef TESS_TEST_UTIL_H
#define TESS_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tess/debug.h>

/* xorshift64 state; owned by the caller, seeded with tess_test_rng_seed. */
struct tess_test_rng {
	uint64_t state;
};

/* Starts the sequence; seed must not be 0 (xorshift64 would stay at 0). */
void tess_test_rng_seed(struct tess_test_rng *rng, uint64_t seed);
/* The next 64-bit value of the sequence. */
uint64_t tess_test_rng_next(struct tess_test_rng *rng);
/* The next value reduced modulo n, in [0, n); n must not be 0. */
size_t tess_test_rng_below(struct tess_test_rng *rng, size_t n);

/* Fills len bytes at p with the pattern of id. */
void tess_test_pattern_fill(void *p, size_t len, unsigned int id);
/* True when the len bytes at p still hold the pattern of id. */
bool tess_test_pattern_intact(const void *p, size_t len, unsigned int id);

/* Lowers the log level to TESS_LOG_CRIT, for tests whose misuse makes a
 * library log errors; returns the level to give tess_test_log_restore. */
enum tess_log_level tess_test_log_quiet(void);
void tess_test_log_restore(enum tess_log_level level);

/* True when p is a multiple of align, a power of two. */
bool tess_test_is_aligned(const void *p, size_t align);

/* Spins until the monotonic clock reaches deadline_ns: never yields nor
 * idles, and leaves the interrupt mask as it is (tests of preemption and
 * of timers rely on both). */
void tess_test_busy_until(uint64_t deadline_ns);

#endif /* TESS_TEST_UTIL_H */
