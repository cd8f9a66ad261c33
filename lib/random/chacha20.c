/* SPDX-License-Identifier: BSD-3-Clause */
/* The ChaCha20 block function (RFC 8439 §2.3). */
#include <tess/random.h>

/* "expand 32-byte k" read as four little-endian words (RFC 8439 §2.3). */
#define CHACHA20_CONSTANT_0 0x61707865u
#define CHACHA20_CONSTANT_1 0x3320646eu
#define CHACHA20_CONSTANT_2 0x79622d32u
#define CHACHA20_CONSTANT_3 0x6b206574u

#define CHACHA20_STATE_WORDS   16
#define CHACHA20_DOUBLE_ROUNDS 10

static inline uint32_t rotate_left(uint32_t value, unsigned int bits)
{
	return (value << bits) | (value >> (32 - bits));
}

/* RFC 8439 §2.1 */
static inline void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotate_left(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotate_left(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotate_left(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotate_left(x[b] ^ x[c], 7);
}

void tess_chacha20_block(const uint32_t key[TESS_CHACHA20_KEY_WORDS],
			 uint32_t counter,
			 const uint32_t nonce[TESS_CHACHA20_NONCE_WORDS],
			 uint8_t out[TESS_CHACHA20_BLOCK_BYTES])
{
	uint32_t initial[CHACHA20_STATE_WORDS];
	uint32_t x[CHACHA20_STATE_WORDS];
	int i;

	initial[0] = CHACHA20_CONSTANT_0;
	initial[1] = CHACHA20_CONSTANT_1;
	initial[2] = CHACHA20_CONSTANT_2;
	initial[3] = CHACHA20_CONSTANT_3;
	for (i = 0; i < TESS_CHACHA20_KEY_WORDS; i++)
		initial[4 + i] = key[i];
	initial[12] = counter;
	for (i = 0; i < TESS_CHACHA20_NONCE_WORDS; i++)
		initial[13 + i] = nonce[i];

	for (i = 0; i < CHACHA20_STATE_WORDS; i++)
		x[i] = initial[i];

	/* Each double round is a column round then a diagonal round. */
	for (i = 0; i < CHACHA20_DOUBLE_ROUNDS; i++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}

	/* Serialise little-endian whatever the CPU's byte order. */
	for (i = 0; i < CHACHA20_STATE_WORDS; i++) {
		uint32_t word = x[i] + initial[i];

		out[4 * i + 0] = (uint8_t)word;
		out[4 * i + 1] = (uint8_t)(word >> 8);
		out[4 * i + 2] = (uint8_t)(word >> 16);
		out[4 * i + 3] = (uint8_t)(word >> 24);
	}
}
