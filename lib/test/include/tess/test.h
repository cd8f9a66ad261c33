/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit test registration and expectation macros.
 *
 * A test is a function registered with TESS_TEST(suite, name); the
 * registration is a record placed in the linker section "tess_tests", so
 * a library's tests are compiled into the image only when the library and
 * lib/test are selected, and no central list is maintained.
 *
 * EXPECT_* records a failure (with file:line and the values involved) and
 * lets the test continue; ASSERT_* records the failure and returns from
 * the test function at once. Neither allocates memory, so they are safe
 * in allocator tests.
 *
 * Not thread-safe: tests run one at a time on the boot thread.
 */
#ifndef TESS_TEST_H
#define TESS_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tess_test {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

/* Counters for the test that is currently running. */
struct tess_test_state {
	unsigned int failures;	/* expectations that failed */
	bool quiet;		/* do not print failures (framework self-tests) */
};

extern struct tess_test_state *tess_test_current;

void tess_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TESS_TEST(suite, name)                                               \
	static void tess_test_fn_##suite##_##name(void);                     \
	static const struct tess_test tess_test_rec_##suite##_##name         \
		__attribute__((used, retain, section("tess_tests"),          \
			       aligned(sizeof(void *)))) = {                 \
			#suite, #name, tess_test_fn_##suite##_##name };      \
	static void tess_test_fn_##suite##_##name(void)

/* Linker-generated bounds of the registration section; weak, so that an
 * image with no tests links (both are then NULL). */
extern const struct tess_test __start_tess_tests[] __attribute__((weak));
extern const struct tess_test __stop_tess_tests[] __attribute__((weak));

/*
 * Runs every registered test whose "suite" or "suite.name" matches one of
 * the filters (all tests when nfilters == 0). Prints one line per test
 * and the final line "N passed, N failed". Returns the number of failed
 * tests.
 */
unsigned int tess_test_run(int nfilters, char *const filters[]);

/* Scalar comparisons; operands are evaluated once, compared as intmax_t
 * (or uintmax_t for the _U variants) so the report can print them. */
#define TESS_TEST_CMP_(ty, fmt, a, op, b, onfail)                            \
	do {                                                                 \
		ty tess_a_ = (ty)(a);                                        \
		ty tess_b_ = (ty)(b);                                        \
		if (!(tess_a_ op tess_b_)) {                                 \
			tess_test_fail(__FILE__, __LINE__,                   \
				       "expected %s %s %s (" fmt " vs " fmt  \
				       ")",                                  \
				       #a, #op, #b, tess_a_, tess_b_);       \
			onfail;                                              \
		}                                                            \
	} while (0)

#define EXPECT_EQ(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, ==, b, (void)0)
#define EXPECT_NE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, !=, b, (void)0)
#define EXPECT_LT(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, <, b, (void)0)
#define EXPECT_LE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, <=, b, (void)0)
#define EXPECT_GT(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, >, b, (void)0)
#define EXPECT_GE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, >=, b, (void)0)
#define EXPECT_EQ_U(a, b) TESS_TEST_CMP_(uintmax_t, "%#jx", a, ==, b, (void)0)
#define EXPECT_NE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%#jx", a, !=, b, (void)0)
#define EXPECT_LT_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, <, b, (void)0)
#define EXPECT_LE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, <=, b, (void)0)
#define EXPECT_GE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, >=, b, (void)0)
#define EXPECT_GT_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, >, b, (void)0)

#define ASSERT_EQ_U(a, b) TESS_TEST_CMP_(uintmax_t, "%#jx", a, ==, b, return)
#define ASSERT_NE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%#jx", a, !=, b, return)
#define ASSERT_LT_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, <, b, return)
#define ASSERT_LE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, <=, b, return)
#define ASSERT_GE_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, >=, b, return)
#define ASSERT_GT_U(a, b) TESS_TEST_CMP_(uintmax_t, "%ju", a, >, b, return)
#define ASSERT_EQ(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, ==, b, return)
#define ASSERT_NE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, !=, b, return)
#define ASSERT_LT(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, <, b, return)
#define ASSERT_LE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, <=, b, return)
#define ASSERT_GE(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, >=, b, return)
#define ASSERT_GT(a, b) TESS_TEST_CMP_(intmax_t, "%jd", a, >, b, return)

#define TESS_TEST_BOOL_(cond, want, onfail)                                  \
	do {                                                                 \
		if ((bool)(cond) != (want)) {                                \
			tess_test_fail(__FILE__, __LINE__,                   \
				       "expected %s to be %s", #cond,        \
				       (want) ? "true" : "false");           \
			onfail;                                              \
		}                                                            \
	} while (0)

#define EXPECT_TRUE(c) TESS_TEST_BOOL_(c, true, (void)0)
#define EXPECT_FALSE(c) TESS_TEST_BOOL_(c, false, (void)0)
#define ASSERT_TRUE(c) TESS_TEST_BOOL_(c, true, return)
#define ASSERT_FALSE(c) TESS_TEST_BOOL_(c, false, return)
#define EXPECT_NULL(p) TESS_TEST_BOOL_((p) == NULL, true, (void)0)
#define EXPECT_NOT_NULL(p) TESS_TEST_BOOL_((p) != NULL, true, (void)0)
#define ASSERT_NOT_NULL(p) TESS_TEST_BOOL_((p) != NULL, true, return)

/* String and memory comparisons. */
int tess_test_check_str(const char *file, int line, const char *ea,
			const char *eb, const char *a, const char *b);
int tess_test_check_mem(const char *file, int line, const char *ea,
			const char *eb, const void *a, const void *b,
			size_t len);

#define EXPECT_STREQ(a, b)                                                   \
	((void)tess_test_check_str(__FILE__, __LINE__, #a, #b, (a), (b)))
#define ASSERT_STREQ(a, b)                                                   \
	do {                                                                 \
		if (tess_test_check_str(__FILE__, __LINE__, #a, #b, (a),     \
					(b)))                                \
			return;                                              \
	} while (0)
#define EXPECT_MEMEQ(a, b, len)                                              \
	((void)tess_test_check_mem(__FILE__, __LINE__, #a, #b, (a), (b),     \
				   (len)))

#endif /* TESS_TEST_H */
