/* SPDX-License-Identifier: BSD-3-Clause */
/* qsort and bsearch of lib/nolibc. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/test.h>

#define MAX_ELEMENTS 2000

/* An element remembers where it started, to prove a permutation. */
struct element {
	int key;
	uint16_t origin;
};

static unsigned int comparisons;

static int compare_elements(const void *a, const void *b)
{
	const struct element *x = a, *y = b;

	comparisons++;
	return (x->key > y->key) - (x->key < y->key);
}

static uint32_t rng_state;

/* xorshift32: a fixed, reproducible sequence. */
static uint32_t next_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

enum shape {
	RANDOM,
	FEW_KEYS,
	SORTED,
	REVERSED,
	ALL_EQUAL,
	ORGAN_PIPE,
	SAWTOOTH,
	SHAPE_COUNT
};

static int shape_key(enum shape shape, size_t i, size_t n)
{
	switch (shape) {
	case RANDOM: return (int)(next_random() % 100000) - 50000;
	case FEW_KEYS: return (int)(next_random() % 4);
	case SORTED: return (int)i;
	case REVERSED: return (int)(n - i);
	case ALL_EQUAL: return 7;
	case ORGAN_PIPE: return (int)(i < n / 2 ? i : n - i);
	default: return (int)(i % 17);
	}
}

/* Sorts one array and checks order, the permutation and the cost. */
static void check_sort(enum shape shape, size_t n)
{
	static struct element original[MAX_ELEMENTS], sorted[MAX_ELEMENTS];
	static bool seen[MAX_ELEMENTS];
	unsigned int log2n = 1;

	rng_state = 0x9e3779b9u + (uint32_t)n;
	for (size_t i = 0; i < n; i++) {
		original[i].key = shape_key(shape, i, n);
		original[i].origin = (uint16_t)i;
		seen[i] = false;
	}
	memcpy(sorted, original, n * sizeof(sorted[0]));
	comparisons = 0;
	qsort(sorted, n, sizeof(sorted[0]), compare_elements);

	for (size_t i = 1; i < n; i++) {
		if (sorted[i - 1].key > sorted[i].key) {
			tess_test_fail(__FILE__, __LINE__,
				       "shape %d, n %zu: out of order at %zu",
				       shape, n, i);
			return;
		}
	}
	for (size_t i = 0; i < n; i++) {
		uint16_t from = sorted[i].origin;

		if (from >= n || seen[from] ||
		    original[from].key != sorted[i].key) {
			tess_test_fail(
				__FILE__, __LINE__,
				"shape %d, n %zu: not a permutation at %zu",
				shape, n, i);
			return;
		}
		seen[from] = true;
	}
	/* Heapsort makes at most about 2 n log2 n + 2 n comparisons. */
	while ((1u << log2n) < n)
		log2n++;
	EXPECT_LE_U(comparisons, 2 * n * log2n + 2 * n);
}

TESS_TEST(nolibc_qsort, sorts_random_and_adversarial_arrays)
{
	static const size_t sizes[] = {0, 1,  2,  3,   4,   5,	  7,
				       8, 16, 31, 100, 257, 1000, MAX_ELEMENTS};

	for (int shape = 0; shape < SHAPE_COUNT; shape++) {
		for (size_t i = 0; i < TESS_ARRAY_SIZE(sizes); i++)
			check_sort((enum shape)shape, sizes[i]);
	}
}

static int compare_bytes3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

TESS_TEST(nolibc_qsort, sorts_elements_of_odd_size)
{
	char items[][3] = {{'c', 'a', 't'},
			   {'a', 'n', 't'},
			   {'b', 'e', 'e'},
			   {'a', 'p', 'e'},
			   {'a', 'n', 'd'}};

	qsort(items, TESS_ARRAY_SIZE(items), 3, compare_bytes3);
	EXPECT_MEMEQ(items, "andantapebeecat", 15);
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

TESS_TEST(nolibc_qsort, bsearch_finds_every_member_and_no_other)
{
	static const int values[] = {-50, -3, 0, 1, 2, 8, 13, 21, 1000};
	const size_t n = TESS_ARRAY_SIZE(values);

	for (size_t i = 0; i < n; i++) {
		EXPECT_TRUE(bsearch(&values[i], values, n, sizeof(int),
				    compare_ints) == &values[i]);
		/* Every prefix of the array, too. */
		for (size_t len = 0; len <= n; len++) {
			const int *found = bsearch(&values[i], values, len,
						   sizeof(int), compare_ints);

			EXPECT_TRUE(found == (i < len ? &values[i] : NULL));
		}
	}
	for (int key = -60; key <= 1010; key++) {
		bool member = false;

		for (size_t i = 0; i < n; i++)
			member = member || values[i] == key;
		if (!member)
			EXPECT_NULL(bsearch(&key, values, n, sizeof(int),
					    compare_ints));
	}
}
