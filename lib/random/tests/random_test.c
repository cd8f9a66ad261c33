/* SPDX-License-Identifier: BSD-3-Clause */
/* Generator object and global generator of lib/random. */
#include <string.h>
#include <tess/random.h>
#include <tess/test.h>

static const char test_seed[] = "tessera random test seed";

static void seed_test_state(struct tess_random_state *st)
{
	tess_random_state_seed(st, test_seed, sizeof(test_seed) - 1);
}

static unsigned int popcount8(uint8_t byte)
{
	unsigned int bits = 0;

	for (; byte != 0; byte >>= 1)
		bits += byte & 1;
	return bits;
}

TESS_TEST(random, equal_seeds_and_requests_give_equal_output)
{
	static const size_t sizes[] = {1, 4, 31, 32, 33, 63, 64, 65, 100, 300};
	struct tess_random_state a, b;
	uint8_t out_a[301], out_b[301];
	size_t i;

	seed_test_state(&a);
	seed_test_state(&b);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(out_a, 0x11, sizeof(out_a));
		memset(out_b, 0x22, sizeof(out_b));
		tess_random_state_bytes(&a, out_a, sizes[i]);
		tess_random_state_bytes(&b, out_b, sizes[i]);
		EXPECT_MEMEQ(out_a, out_b, sizes[i]);
		/* Nothing is written past the requested length. */
		EXPECT_EQ(out_a[sizes[i]], 0x11);
	}
	EXPECT_EQ(tess_random_state_u64(&a), tess_random_state_u64(&b));
}

TESS_TEST(random, different_seeds_give_different_output)
{
	static const uint8_t long_seed_a[100] = {[99] = 1};
	static const uint8_t long_seed_b[100] = {[99] = 2};
	struct tess_random_state a, b;
	uint8_t out_a[64], out_b[64];

	tess_random_state_seed(&a, "seed one", 8);
	tess_random_state_seed(&b, "seed two", 8);
	tess_random_state_bytes(&a, out_a, sizeof(out_a));
	tess_random_state_bytes(&b, out_b, sizeof(out_b));
	EXPECT_NE(memcmp(out_a, out_b, sizeof(out_a)), 0);

	/* Same prefix, different length: the length is part of the seed. */
	tess_random_state_seed(&a, "ab", 2);
	tess_random_state_seed(&b, "ab\0", 3);
	EXPECT_NE(memcmp(a.key, b.key, sizeof(a.key)), 0);
	tess_random_state_seed(&a, "", 0);
	tess_random_state_seed(&b, "\0", 1);
	EXPECT_NE(memcmp(a.key, b.key, sizeof(a.key)), 0);

	/* Every byte of a seed longer than one key is absorbed. */
	tess_random_state_seed(&a, long_seed_a, sizeof(long_seed_a));
	tess_random_state_seed(&b, long_seed_b, sizeof(long_seed_b));
	EXPECT_NE(memcmp(a.key, b.key, sizeof(a.key)), 0);
}

/*
 * Fast key erasure: after a request the key is the first half of block 0
 * of the old key's keystream, the output is the rest of that keystream,
 * and the new key's keystream does not contain the output.
 */
TESS_TEST(random, each_request_replaces_the_key)
{
	static const uint32_t zero_nonce[3];
	struct tess_random_state st, replay;
	uint32_t old_key[8], expected_key[8];
	uint8_t block0[64], block1[64], out[64], later[64];
	int i;

	seed_test_state(&st);
	memcpy(old_key, st.key, sizeof(old_key));
	tess_chacha20_block(old_key, 0, zero_nonce, block0);
	tess_chacha20_block(old_key, 1, zero_nonce, block1);
	for (i = 0; i < 8; i++)
		expected_key[i] = (uint32_t)block0[4 * i] |
				  (uint32_t)block0[4 * i + 1] << 8 |
				  (uint32_t)block0[4 * i + 2] << 16 |
				  (uint32_t)block0[4 * i + 3] << 24;

	tess_random_state_bytes(&st, out, sizeof(out));
	EXPECT_NE(memcmp(st.key, old_key, sizeof(old_key)), 0);
	EXPECT_MEMEQ(st.key, expected_key, sizeof(expected_key));
	EXPECT_MEMEQ(out, block0 + 32, 32);
	EXPECT_MEMEQ(out + 32, block1, 32);

	/* Someone who copies the state now only sees future output. */
	memcpy(&replay, &st, sizeof(st));
	tess_random_state_bytes(&replay, later, sizeof(later));
	EXPECT_NE(memcmp(later, out, sizeof(out)), 0);

	/* A u32 request re-keys too; an empty request changes nothing. */
	memcpy(old_key, st.key, sizeof(old_key));
	(void)tess_random_state_u32(&st);
	EXPECT_NE(memcmp(st.key, old_key, sizeof(old_key)), 0);
	memcpy(old_key, st.key, sizeof(old_key));
	tess_random_state_bytes(&st, out, 0);
	EXPECT_MEMEQ(st.key, old_key, sizeof(old_key));
}

TESS_TEST(random, uniform_stays_below_bound)
{
	static const uint32_t bounds[] = {
		1,    2,	   3,		7,	     10,
		1000, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu,
	};
	struct tess_random_state st;
	size_t i;
	int n;

	seed_test_state(&st);
	EXPECT_EQ_U(tess_random_state_uniform(&st, 0), 0);
	EXPECT_EQ_U(tess_random_state_uniform(&st, 1), 0);
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		for (n = 0; n < 1000; n++)
			ASSERT_LT(tess_random_state_uniform(&st, bounds[i]),
				  bounds[i]);
}

TESS_TEST(random, uniform_fills_every_bucket_evenly)
{
	struct tess_random_state st;
	unsigned int buckets[10] = {0};
	int n;
	int i;

	seed_test_state(&st);
	for (n = 0; n < 100000; n++)
		buckets[tess_random_state_uniform(&st, 10)]++;
	/* 10000 expected per bucket, standard deviation 95. */
	for (i = 0; i < 10; i++) {
		EXPECT_GT(buckets[i], 9500);
		EXPECT_LT(buckets[i], 10500);
	}
}

/*
 * With bound 3 * 2^30, "u32 % bound" would hit [0, 2^30) twice as often
 * as the other two thirds (half the draws instead of a third).
 */
TESS_TEST(random, uniform_has_no_modulo_bias)
{
	const uint32_t bound = 0xc0000000u;
	struct tess_random_state st;
	unsigned int low = 0;
	int n;

	seed_test_state(&st);
	for (n = 0; n < 30000; n++)
		if (tess_random_state_uniform(&st, bound) < 0x40000000u)
			low++;
	/* 10000 expected unbiased (sd 82), 15000 with the bias. */
	EXPECT_GT(low, 9500);
	EXPECT_LT(low, 10500);
}

TESS_TEST(random, bits_are_balanced_over_64_kib)
{
	struct tess_random_state st;
	unsigned int ones_at[8] = {0};
	unsigned long ones = 0;
	uint8_t chunk[1024];
	int round;
	size_t i;
	int bit;

	seed_test_state(&st);
	for (round = 0; round < 64; round++) {
		tess_random_state_bytes(&st, chunk, sizeof(chunk));
		for (i = 0; i < sizeof(chunk); i++) {
			ones += popcount8(chunk[i]);
			for (bit = 0; bit < 8; bit++)
				ones_at[bit] += (chunk[i] >> bit) & 1;
		}
	}
	/* 524288 bits: 262144 ones expected, sd 362; per position 32768,
	 * sd 128. The bounds are about six standard deviations. */
	EXPECT_GT(ones, 262144 - 2200);
	EXPECT_LT(ones, 262144 + 2200);
	for (bit = 0; bit < 8; bit++) {
		EXPECT_GT(ones_at[bit], 32768 - 800);
		EXPECT_LT(ones_at[bit], 32768 + 800);
	}
}

TESS_TEST(random, u64_uses_all_64_bits)
{
	struct tess_random_state st;
	uint64_t all_or = 0;
	uint64_t all_and = ~(uint64_t)0;
	int n;

	seed_test_state(&st);
	for (n = 0; n < 64; n++) {
		uint64_t value = tess_random_state_u64(&st);

		all_or |= value;
		all_and &= value;
	}
	EXPECT_EQ_U(all_or, ~(uint64_t)0);
	EXPECT_EQ_U(all_and, 0);
}

/* The global generator was seeded at boot (TESS_INIT_LIB). */
TESS_TEST(random, global_generator_is_seeded_and_works)
{
	uint8_t a[64], b[64];
	uint32_t first = tess_random_u32();
	bool all_same = true;
	int n;

	tess_random_bytes(a, sizeof(a));
	tess_random_bytes(b, sizeof(b));
	EXPECT_NE(memcmp(a, b, sizeof(a)), 0);
	for (n = 0; n < 16; n++)
		if (tess_random_u32() != first)
			all_same = false;
	EXPECT_FALSE(all_same);
	EXPECT_NE_U(tess_random_u64(), tess_random_u64());
	EXPECT_EQ_U(tess_random_uniform(0), 0);
	EXPECT_EQ_U(tess_random_uniform(1), 0);
	for (n = 0; n < 1000; n++)
		ASSERT_LT(tess_random_uniform(6), 6);
}

TESS_TEST(random, global_request_spanning_irq_chunks_is_filled)
{
	static uint8_t big[3 * TESS_RANDOM_IRQ_CHUNK + 5];
	unsigned long ones = 0;
	size_t i;

	memset(big, 0, sizeof(big));
	tess_random_bytes(big, sizeof(big));
	for (i = 0; i < sizeof(big); i++)
		ones += popcount8(big[i]);
	/* 12328 ones expected, sd 56; the tail must be filled too. */
	EXPECT_GT(ones, sizeof(big) * 4 - 600);
	EXPECT_LT(ones, sizeof(big) * 4 + 600);
	EXPECT_NE(big[sizeof(big) - 1] | big[sizeof(big) - 2] |
			  big[sizeof(big) - 3] | big[sizeof(big) - 4],
		  0);
}
