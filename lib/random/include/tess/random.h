/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cryptographically secure random numbers (ChaCha20, fast key erasure).
 *
 * Provides the ChaCha20 block function (RFC 8439 §2.3), a generator object
 * (struct tess_random_state) that callers may seed themselves, e.g. for
 * reproducible simulations, and one global generator that lib/random seeds
 * at boot (TESS_INIT_LIB) from tess_plat_entropy(). Needs only the platform
 * (entropy, clocks, interrupt masking) and lib/debug for its boot messages.
 *
 * Generator design ("fast key erasure"): the state is only a 256-bit
 * ChaCha20 key. Every output request runs ChaCha20 with that key (nonce 0,
 * block counter from 0); the first 32 bytes of block 0 become the next key,
 * the rest of the keystream is the output. The old key is overwritten
 * before the call returns, so a later copy of the state cannot recompute
 * any output handed out earlier (backtracking resistance). Requests larger
 * than TESS_RANDOM_REKEY_BYTES are served in several such steps.
 *
 * Promises: the global generator refuses to run unseeded (tess_panic) and
 * boot fails when the platform has no entropy, unless Kconfig option
 * TESS_RANDOM_ALLOW_WEAK_SEED is set. The global functions may be called
 * from interrupt context: they update the state with interrupts disabled,
 * at most TESS_RANDOM_IRQ_CHUNK bytes at a time. A struct tess_random_state
 * has no locking: its owner serialises access. Single CPU for now. Cost is
 * linear in the bytes requested, plus one 64-byte block per request.
 */
#ifndef TESS_RANDOM_H
#define TESS_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#define TESS_CHACHA20_KEY_WORDS	  8
#define TESS_CHACHA20_NONCE_WORDS 3
#define TESS_CHACHA20_BLOCK_BYTES 64

/* Largest output served with one key before the generator re-keys. */
#define TESS_RANDOM_REKEY_BYTES (1024 * 1024)
/* Largest piece the global generator produces with interrupts disabled. */
#define TESS_RANDOM_IRQ_CHUNK 1024

/*
 * Computes one ChaCha20 block (RFC 8439 §2.3): the 20-round function of the
 * state (constants, key, counter, nonce), added to that state and
 * serialised little-endian into out. key and nonce are the words of the
 * state, i.e. the little-endian reading of the RFC's byte strings
 * (key bytes 00 01 02 03 ... -> key[0] = 0x03020100).
 */
void tess_chacha20_block(const uint32_t key[TESS_CHACHA20_KEY_WORDS],
			 uint32_t counter,
			 const uint32_t nonce[TESS_CHACHA20_NONCE_WORDS],
			 uint8_t out[TESS_CHACHA20_BLOCK_BYTES]);

/*
 * A generator. The key is exposed so tests can check the key erasure; no
 * other code should read or write it.
 */
struct tess_random_state {
	uint32_t key[TESS_CHACHA20_KEY_WORDS];
};

/*
 * Replaces the whole state with one derived from len bytes at seed (len 0
 * is allowed and gives a fixed, public state). Equal seeds followed by
 * equal sequences of requests give equal output (each request re-keys, so
 * one request of 8 bytes and two of 4 differ). The seed is absorbed 32
 * bytes at a time: each chunk is
 * XORed into the key, which is then replaced by ChaCha20 keystream (nonce:
 * chunk index and seed length). This keeps up to 256 bits of the seed's
 * entropy; it is not a general-purpose hash. For secrets the seed must
 * hold at least 256 bits of entropy.
 */
void tess_random_state_seed(struct tess_random_state *st, const void *seed,
			    size_t len);

/* Fills buf with len random bytes and re-keys (a no-op for len 0). */
void tess_random_state_bytes(struct tess_random_state *st, void *buf,
			     size_t len);
uint32_t tess_random_state_u32(struct tess_random_state *st);
uint64_t tess_random_state_u64(struct tess_random_state *st);
/*
 * Returns a uniformly distributed number in [0, bound), without modulo
 * bias: draws that fall in the incomplete last copy of [0, bound) in
 * [0, 2^32) are rejected and redrawn (fewer than half are, for any bound).
 * Returns 0 for bound 0.
 */
uint32_t tess_random_state_uniform(struct tess_random_state *st,
				   uint32_t bound);

/*
 * The same operations on the global generator. Safe from interrupt
 * context; calling them before lib/random's init function has run (from
 * an init function with a priority below TESS_INIT_LIB) panics.
 */
void tess_random_bytes(void *buf, size_t len);
uint32_t tess_random_u32(void);
uint64_t tess_random_u64(void);
uint32_t tess_random_uniform(uint32_t bound);

#endif /* TESS_RANDOM_H */
