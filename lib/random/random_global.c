/* SPDX-License-Identifier: BSD-3-Clause */
/* The global generator: seeded at boot, usable from interrupt context. */
#include <stdbool.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/debug.h>
#include <tess/init.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/random.h>

/* Bytes taken from the platform: one full ChaCha20 key. */
#define SEED_BYTES 32

/*
 * Written once by random_init() at boot, then by every tess_random_*()
 * call (with interrupts disabled, so an interrupt handler never sees the
 * state half-updated).
 */
static struct tess_random_state global_state;
static bool global_seeded;

static void require_seeded(void)
{
	if (tess_unlikely(!global_seeded))
		tess_panic("random number requested before lib/random was "
			   "seeded (from an init function with priority "
			   "below TESS_INIT_LIB?)");
}

void tess_random_bytes(void *buf, size_t len)
{
	uint8_t *out = buf;

	require_seeded();
	while (len > 0) {
		size_t n = TESS_MIN(len, (size_t)TESS_RANDOM_IRQ_CHUNK);
		bool irq_was_enabled = tess_plat_irq_save();

		tess_random_state_bytes(&global_state, out, n);
		tess_plat_irq_restore(irq_was_enabled);
		out += n;
		len -= n;
	}
}

uint32_t tess_random_u32(void)
{
	uint32_t value;

	tess_random_bytes(&value, sizeof(value));
	return value;
}

uint64_t tess_random_u64(void)
{
	uint64_t value;

	tess_random_bytes(&value, sizeof(value));
	return value;
}

uint32_t tess_random_uniform(uint32_t bound)
{
	bool irq_was_enabled;
	uint32_t value;

	require_seeded();
	irq_was_enabled = tess_plat_irq_save();
	value = tess_random_state_uniform(&global_state, bound);
	tess_plat_irq_restore(irq_was_enabled);
	return value;
}

#ifdef CONFIG_TESS_RANDOM_ALLOW_WEAK_SEED
/* Predictable: an observer who knows roughly when the image booted can
 * guess these values. Only for platforms without entropy, by choice. */
static void __tess_init weak_seed(uint8_t seed[SEED_BYTES], int entropy_error)
{
	uint64_t parts[4];

	parts[0] = tess_plat_monotonic_ns();
	parts[1] = tess_plat_wall_ns();
	parts[2] = (uint64_t)(uintptr_t)&parts;
	parts[3] = (uint64_t)(int64_t)entropy_error;
	memcpy(seed, parts, SEED_BYTES);
}
#endif /* CONFIG_TESS_RANDOM_ALLOW_WEAK_SEED */

static int __tess_init random_init(void)
{
	uint8_t seed[SEED_BYTES];
	int rc;

	rc = tess_plat_entropy(seed, sizeof(seed));
	if (rc < 0) {
#ifdef CONFIG_TESS_RANDOM_ALLOW_WEAK_SEED
		tess_pr_warn(
			"**************************************************");
		tess_pr_warn("WEAK SEED: the platform has no entropy source "
			     "(error %d)",
			     rc);
		tess_pr_warn("seeding from the clocks: random numbers are "
			     "PREDICTABLE;");
		tess_pr_warn("do not use them for keys, tokens or anything "
			     "an attacker must not guess");
		tess_pr_warn(
			"**************************************************");
		weak_seed(seed, rc);
#else
		tess_pr_err("cannot seed the random number generator: the "
			    "platform has no entropy source (error %d); run "
			    "on a platform with one, or accept predictable "
			    "numbers with CONFIG_TESS_RANDOM_ALLOW_WEAK_SEED",
			    rc);
		return rc;
#endif /* CONFIG_TESS_RANDOM_ALLOW_WEAK_SEED */
	}

	tess_random_state_seed(&global_state, seed, sizeof(seed));
	memset(seed, 0, sizeof(seed));
	__asm__ __volatile__("" : : "r"(seed) : "memory");
	global_seeded = true;
	return 0;
}
TESS_INIT(random_init, TESS_INIT_LIB);
