/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers for tests: xorshift64, block patterns, quiet logs, alignment,
 * busy waits. */
#include <stdint.h>
#include <tess/debug.h>
#include <tess/plat/time.h>
#include <tess/test_util.h>

void tess_test_rng_seed(struct tess_test_rng *rng, uint64_t seed)
{
	rng->state = seed;
}

uint64_t tess_test_rng_next(struct tess_test_rng *rng)
{
	rng->state ^= rng->state << 13;
	rng->state ^= rng->state >> 7;
	rng->state ^= rng->state << 17;
	return rng->state;
}

size_t tess_test_rng_below(struct tess_test_rng *rng, size_t n)
{
	return (size_t)(tess_test_rng_next(rng) % n);
}

/* Byte i of the pattern of id: differs between neighbouring ids and
 * does not repeat every 256 bytes. */
static unsigned char pattern_byte(unsigned int id, size_t i)
{
	return (unsigned char)(id * 131u + i * 7u + (i >> 8));
}

void tess_test_pattern_fill(void *p, size_t len, unsigned int id)
{
	unsigned char *bytes = p;
	size_t i;

	for (i = 0; i < len; i++)
		bytes[i] = pattern_byte(id, i);
}

bool tess_test_pattern_intact(const void *p, size_t len, unsigned int id)
{
	const unsigned char *bytes = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (bytes[i] != pattern_byte(id, i))
			return false;
	return true;
}

enum tess_log_level tess_test_log_quiet(void)
{
	enum tess_log_level old = tess_log_level_get();

	tess_log_level_set(TESS_LOG_CRIT);
	return old;
}

void tess_test_log_restore(enum tess_log_level level)
{
	tess_log_level_set(level);
}

bool tess_test_is_aligned(const void *p, size_t align)
{
	return ((uintptr_t)p & (align - 1)) == 0;
}

void tess_test_busy_until(uint64_t deadline_ns)
{
	while (tess_plat_monotonic_ns() < deadline_ns)
		;
}
