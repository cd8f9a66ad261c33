/* SPDX-License-Identifier: BSD-3-Clause */
/* ChaCha20 generator object with fast key erasure. */
#include <string.h>
#include <tess/compiler.h>
#include <tess/random.h>

#define KEY_BYTES (TESS_CHACHA20_KEY_WORDS * 4)

static const uint32_t zero_nonce[TESS_CHACHA20_NONCE_WORDS];

/*
 * Clears secrets from memory. The empty asm that "reads" the buffer keeps
 * the compiler from dropping the memset as a store to dead memory.
 */
static void wipe(void *buf, size_t len)
{
	memset(buf, 0, len);
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void key_from_bytes(uint32_t key[TESS_CHACHA20_KEY_WORDS],
			   const uint8_t *bytes)
{
	int i;

	for (i = 0; i < TESS_CHACHA20_KEY_WORDS; i++)
		key[i] = load_le32(bytes + 4 * i);
}

void tess_random_state_seed(struct tess_random_state *st, const void *seed,
			    size_t len)
{
	const uint8_t *in = seed;
	uint32_t key[TESS_CHACHA20_KEY_WORDS] = {0};
	uint32_t nonce[TESS_CHACHA20_NONCE_WORDS];
	uint8_t block[TESS_CHACHA20_BLOCK_BYTES];
	uint32_t chunk_index = 0;
	size_t done = 0;

	/* The length in the nonce tells "ab" from "ab\0" apart. */
	nonce[1] = (uint32_t)len;
	nonce[2] = (uint32_t)((uint64_t)len >> 32);
	do {
		size_t n = TESS_MIN(len - done, (size_t)KEY_BYTES);
		size_t i;

		for (i = 0; i < n; i++)
			key[i / 4] ^= (uint32_t)in[done + i] << (8 * (i % 4));
		nonce[0] = chunk_index++;
		tess_chacha20_block(key, 0, nonce, block);
		key_from_bytes(key, block);
		done += n;
	} while (done < len);

	memcpy(st->key, key, sizeof(st->key));
	wipe(key, sizeof(key));
	wipe(block, sizeof(block));
}

/*
 * One step of the generator: at most TESS_RANDOM_REKEY_BYTES of output,
 * which keeps the 32-bit block counter far from wrapping.
 */
static void generate(struct tess_random_state *st, uint8_t *out, size_t len)
{
	uint32_t next_key[TESS_CHACHA20_KEY_WORDS];
	uint8_t block[TESS_CHACHA20_BLOCK_BYTES];
	uint32_t counter = 0;
	size_t n;

	/* Block 0: the next key, then the first 32 bytes of output. */
	tess_chacha20_block(st->key, counter++, zero_nonce, block);
	key_from_bytes(next_key, block);
	n = TESS_MIN(len, (size_t)(TESS_CHACHA20_BLOCK_BYTES - KEY_BYTES));
	memcpy(out, block + KEY_BYTES, n);
	out += n;
	len -= n;

	while (len >= TESS_CHACHA20_BLOCK_BYTES) {
		tess_chacha20_block(st->key, counter++, zero_nonce, out);
		out += TESS_CHACHA20_BLOCK_BYTES;
		len -= TESS_CHACHA20_BLOCK_BYTES;
	}
	if (len > 0) {
		tess_chacha20_block(st->key, counter++, zero_nonce, block);
		memcpy(out, block, len);
	}

	memcpy(st->key, next_key, sizeof(st->key));
	wipe(next_key, sizeof(next_key));
	wipe(block, sizeof(block));
}

void tess_random_state_bytes(struct tess_random_state *st, void *buf,
			     size_t len)
{
	uint8_t *out = buf;

	while (len > 0) {
		size_t n = TESS_MIN(len, (size_t)TESS_RANDOM_REKEY_BYTES);

		generate(st, out, n);
		out += n;
		len -= n;
	}
}

uint32_t tess_random_state_u32(struct tess_random_state *st)
{
	uint32_t value;

	tess_random_state_bytes(st, &value, sizeof(value));
	return value;
}

uint64_t tess_random_state_u64(struct tess_random_state *st)
{
	uint64_t value;

	tess_random_state_bytes(st, &value, sizeof(value));
	return value;
}

uint32_t tess_random_state_uniform(struct tess_random_state *st, uint32_t bound)
{
	uint32_t reject_below;
	uint32_t value;

	if (bound == 0)
		return 0;
	/*
	 * 2^32 mod bound: the values [0, reject_below) form the incomplete
	 * copy of [0, bound); what is left is a whole number of copies.
	 */
	reject_below = (0u - bound) % bound;
	do {
		value = tess_random_state_u32(st);
	} while (value < reject_below);
	return value % bound;
}
