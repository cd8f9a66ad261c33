/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm-specific platform tests: missing calls are reported, not faked
 * (the shared contract tests are plat/common/tests/contract_test.c). */
#include <errno.h>
#include <tess/plat/time.h>
#include <tess/test.h>

TESS_TEST(kvm, timer_is_reported_missing_not_faked)
{
	EXPECT_EQ(tess_plat_timer_set(tess_plat_monotonic_ns() + 1000), -ENOSYS);
}
