/* SPDX-License-Identifier: BSD-3-Clause */
/* printf conversions of doubles (f F e E g G) of lib/nolibc. */
#include <float.h>
#include <stdio.h>
#include <tess/test.h>

#include "format_check.h"

#define INF	  __builtin_inf()
#define NAN_VALUE __builtin_nan("")

TESS_TEST(nolibc_printf_float, f_rounds_half_to_even_on_the_exact_value)
{
	CHECK_FORMAT("0.000000", "%f", 0.0);
	CHECK_FORMAT("-0.000000", "%f", -0.0);
	CHECK_FORMAT("1.500000", "%f", 1.5);
	/* Exact ties go to the even digit. */
	CHECK_FORMAT("0", "%.0f", 0.5);
	CHECK_FORMAT("2", "%.0f", 1.5);
	CHECK_FORMAT("2", "%.0f", 2.5);
	CHECK_FORMAT("4", "%.0f", 3.5);
	CHECK_FORMAT("0.2", "%.1f", 0.25);
	/* Not ties: 0.35 is 0.34999..., 1.005 is 1.00499..., 0.05 is
	 * 0.0500000000000000027... */
	CHECK_FORMAT("0.3", "%.1f", 0.35);
	CHECK_FORMAT("1.00", "%.2f", 1.005);
	CHECK_FORMAT("0.9", "%.1f", 0.95);
	CHECK_FORMAT("9.99", "%.2f", 9.995);
	CHECK_FORMAT("0.1", "%.1f", 0.05);
	CHECK_FORMAT("0.1", "%.1f", 0.15);
	CHECK_FORMAT("0", "%.0f", 0.49999999999999994);
	/* Rounding carries into a new leading digit. */
	CHECK_FORMAT("10", "%.0f", 9.5);
	CHECK_FORMAT(" 10.0", "%5.1f", 9.96);
	/* Below the last place: to zero or to one unit of it. */
	CHECK_FORMAT("0.000", "%.3f", 1e-10);
	CHECK_FORMAT("0.001", "%.3f", 0.0005);
	CHECK_FORMAT("0.002", "%.3f", 0.0015);
	CHECK_FORMAT("0.001", "%.3f", 0.00051);
	CHECK_FORMAT("-0.000", "%.3f", -0.0004);
}

TESS_TEST(nolibc_printf_float, f_prints_exact_digits_of_large_and_long_values)
{
	CHECK_FORMAT("0.10000000000000000555", "%.20f", 0.1);
	CHECK_FORMAT("0.10000000000000001", "%.17f", 0.1);
	CHECK_FORMAT("0.333333333333333314829616256247", "%.30f", 1.0 / 3);
	CHECK_FORMAT("123456789.125000", "%f", 123456789.125);
	CHECK_FORMAT("100000000000000000000.000000", "%f", 1e20);
	CHECK_FORMAT("10000000000000000000000", "%.0f", 1e22);
	CHECK_FORMAT("99999999999999991611392", "%.0f", 1e23);
	CHECK_FORMAT("4503599627370496.000000", "%f", 4503599627370496.5);
	CHECK_FORMAT("1797693134862315708145274237317043567980705675258449965"
		     "9891747680315726078002853876058955863276687817154045895"
		     "3514382464234321326889464182768467546703537516986049910"
		     "5765512820762454900903893289440758685084551339423045832"
		     "3690322294816580855933212334827479782620414472316873817"
		     "7180919299881250404026184124858368",
		     "%.0f", DBL_MAX);
}

TESS_TEST(nolibc_printf_float, f_flags_and_width)
{
	CHECK_FORMAT("     3.142", "%10.3f", 3.14159);
	CHECK_FORMAT("3.142     |", "%-10.3f|", 3.14159);
	CHECK_FORMAT("-00003.142", "%010.3f", -3.14159);
	CHECK_FORMAT("+1.000000", "%+f", 1.0);
	CHECK_FORMAT(" 1.000000", "% f", 1.0);
	CHECK_FORMAT("1.", "%#.0f", 1.0);
	CHECK_FORMAT("1", "%.0f", 1.0);
	CHECK_FORMAT("1.50", "%.*f", 2, 1.5);
	CHECK_FORMAT("1.500000", "%Lf", (long double)1.5);
	CHECK_FORMAT("2.500000", "%F", 2.5);
}

TESS_TEST(nolibc_printf_float, e_conversions)
{
	CHECK_FORMAT("0.000000e+00", "%e", 0.0);
	CHECK_FORMAT("+0.000000e+00", "%+e", 0.0);
	CHECK_FORMAT("1.000000e+00", "%e", 1.0);
	CHECK_FORMAT("1.234560e+05", "%e", 123456.0);
	CHECK_FORMAT("1.00e+01", "%.2e", 9.999);
	CHECK_FORMAT("1.000000E-300", "%E", 1e-300);
	CHECK_FORMAT("1.000000e+100", "%e", 1e100);
	CHECK_FORMAT("5e-324", "%.0e", 5e-324);
	CHECK_FORMAT("1.797693e+308", "%e", DBL_MAX);
	CHECK_FORMAT("2.22507385850720138309e-308", "%.20e", DBL_MIN);
	CHECK_FORMAT("2.500e-05", "%.3e", 2.5e-5);
	CHECK_FORMAT("1.000000e-04", "%e", 9.9999999e-5);
	CHECK_FORMAT("2e+00", "%.0e", 2.5);
	CHECK_FORMAT("4e+00", "%.0e", 3.5);
	CHECK_FORMAT("1.e+00", "%#.0e", 1.0);
	CHECK_FORMAT("   1.234e+03", "%12.3e", 1234.5);
	CHECK_FORMAT("1.234e+03   |", "%-12.3e|", 1234.5);
	CHECK_FORMAT("-001.500e+00", "%012.3e", -1.5);
	CHECK_FORMAT(
		"1.00000000000000005551115123125782702118158340454101562500"
		"0000e-01",
		"%.60e", 0.1);
}

TESS_TEST(nolibc_printf_float, g_picks_the_shorter_style_and_trims_zeros)
{
	CHECK_FORMAT("0", "%g", 0.0);
	CHECK_FORMAT("-0", "%g", -0.0);
	CHECK_FORMAT("1.5", "%g", 1.5);
	CHECK_FORMAT("100000", "%g", 100000.0);
	CHECK_FORMAT("1e+06", "%g", 1000000.0);
	CHECK_FORMAT("0.0001", "%g", 0.0001);
	CHECK_FORMAT("1e-05", "%g", 0.00001);
	CHECK_FORMAT("1.23457e+08", "%g", 123456789.0);
	CHECK_FORMAT("0.000123457", "%g", 0.000123456789);
	CHECK_FORMAT("12345.7", "%g", 12345.678);
	CHECK_FORMAT("3.14", "%.3g", 3.14159);
	CHECK_FORMAT("100", "%.3g", 100.0);
	/* Precision 0 means 1. */
	CHECK_FORMAT("4", "%.0g", 3.9);
	/* The exponent after rounding picks the style. */
	CHECK_FORMAT("1e+06", "%g", 999999.5);
	CHECK_FORMAT("1e+02", "%.2g", 99.5);
	CHECK_FORMAT("0.1", "%.10g", 0.1);
	CHECK_FORMAT("0.10000000000000001", "%.17g", 0.1);
	CHECK_FORMAT("1E-10", "%G", 1e-10);
	CHECK_FORMAT("1E+20", "%G", 1e20);
	CHECK_FORMAT("4.94066e-324", "%g", 5e-324);
	CHECK_FORMAT("1.79769e+308", "%g", DBL_MAX);
	CHECK_FORMAT(" 2", "% g", 2.0);
}

TESS_TEST(nolibc_printf_float, g_with_alt_flag_keeps_zeros_and_point)
{
	CHECK_FORMAT("1.00000", "%#g", 1.0);
	CHECK_FORMAT("0.00", "%#.3g", 0.0);
	CHECK_FORMAT("100.", "%#.3g", 100.0);
	CHECK_FORMAT("1.00e+10", "%#.3g", 1e10);
	CHECK_FORMAT("       1.5|", "%10g|", 1.5);
	CHECK_FORMAT("1.5       |", "%-10g|", 1.5);
	CHECK_FORMAT("-0000001.5", "%010g", -1.5);
}

TESS_TEST(nolibc_printf_float, infinity_and_nan_are_words_never_zero_padded)
{
	CHECK_FORMAT("inf", "%f", INF);
	CHECK_FORMAT("INF", "%F", INF);
	CHECK_FORMAT("-inf", "%e", -INF);
	CHECK_FORMAT("-INF", "%G", -INF);
	CHECK_FORMAT("  inf", "%5f", INF);
	CHECK_FORMAT("  inf", "%05f", INF);
	CHECK_FORMAT("+inf", "%+f", INF);
	CHECK_FORMAT(" inf", "% e", INF);
	CHECK_FORMAT("inf", "%.3g", INF);
	CHECK_FORMAT("nan", "%f", NAN_VALUE);
	CHECK_FORMAT("NAN", "%G", NAN_VALUE);
	CHECK_FORMAT("nan   |", "%-6f|", NAN_VALUE);
	CHECK_FORMAT("-nan", "%f", -NAN_VALUE);
}

TESS_TEST(nolibc_printf_float, huge_precision_pads_with_exact_zeros)
{
	char buf[1200];

	/* All 1074 fraction digits of the smallest subnormal, then zeros. */
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%.1100f", 5e-324), 1102);
	EXPECT_EQ(buf[2 + 322], '0');
	EXPECT_EQ(buf[2 + 323], '4');
	EXPECT_EQ(buf[2 + 1073], '5');
	EXPECT_EQ(buf[2 + 1074], '0');
	EXPECT_EQ(buf[1101], '0');
	EXPECT_EQ(snprintf(NULL, 0, "%.1000e", 1.0), 1006);
}
