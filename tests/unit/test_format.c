#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util/format.h"

static const char *num(double x, int scale, int dec, enum rounding m, int th)
{
	static char buf[512];
	if (fmt_number(x, scale, dec, m, th, buf, sizeof(buf)) < 0)
		return "<error>";
	return buf;
}

static void test_format_half_up_rounds_the_decimal_a_person_wrote(void **state)
{
	(void)state;
	assert_string_equal(num(2.675, 0, 2, ROUND_HALF_UP, 0), "2.68");
	assert_string_equal(num(0.125, 0, 2, ROUND_HALF_UP, 0), "0.13");
	assert_string_equal(num(1.005, 0, 2, ROUND_HALF_UP, 0), "1.01");
	assert_string_equal(num(1.24, 0, 2, ROUND_HALF_UP, 0), "1.24");
	assert_string_equal(num(19.45, 0, 1, ROUND_HALF_UP, 0), "19.5");
	assert_string_equal(num(0.5, 0, 0, ROUND_HALF_UP, 0), "1");
	assert_string_equal(num(2.5, 0, 0, ROUND_HALF_UP, 0), "3");
	assert_string_equal(num(9.995, 0, 2, ROUND_HALF_UP, 0), "10.00");
	assert_string_equal(num(999.5, 0, 0, ROUND_HALF_UP, 0), "1000");
}

static void test_format_half_up_is_away_from_zero_for_negatives(void **state)
{
	(void)state;
	assert_string_equal(num(-2.675, 0, 2, ROUND_HALF_UP, 0), "-2.68");
	assert_string_equal(num(-0.125, 0, 2, ROUND_HALF_UP, 0), "-0.13");
}

static void test_format_half_even_follows_gb_t_8170(void **state)
{
	(void)state;
	assert_string_equal(num(0.125, 0, 2, ROUND_HALF_EVEN, 0), "0.12");
	assert_string_equal(num(0.135, 0, 2, ROUND_HALF_EVEN, 0), "0.14");
	assert_string_equal(num(2.5, 0, 0, ROUND_HALF_EVEN, 0), "2");
	assert_string_equal(num(3.5, 0, 0, ROUND_HALF_EVEN, 0), "4");
	/* more than half: up, whatever the parity */
	assert_string_equal(num(0.1251, 0, 2, ROUND_HALF_EVEN, 0), "0.13");
	assert_string_equal(num(2.675, 0, 2, ROUND_HALF_EVEN, 0), "2.68");
}

static void test_format_scales_shift_the_decimal_point(void **state)
{
	(void)state;
	assert_string_equal(num(165800, 4, 2, ROUND_HALF_UP, 0), "16.58");
	assert_string_equal(num(3089000, 4, 1, ROUND_HALF_UP, 0), "308.9");
	assert_string_equal(num(2923200, 4, 2, ROUND_HALF_UP, 0), "292.32");
	assert_string_equal(num(11000000000.0, 8, 0, ROUND_HALF_UP, 0), "110");
	assert_string_equal(num(26750, 4, 2, ROUND_HALF_UP, 0), "2.68");
}

static void test_format_small_values_and_zero(void **state)
{
	(void)state;
	assert_string_equal(num(0, 0, 2, ROUND_HALF_UP, 0), "0.00");
	assert_string_equal(num(-0.0, 0, 2, ROUND_HALF_UP, 0), "0.00");
	assert_string_equal(num(-0.001, 0, 2, ROUND_HALF_UP, 0), "0.00");
	assert_string_equal(num(0.004, 0, 2, ROUND_HALF_UP, 0), "0.00");
	assert_string_equal(num(0.005, 0, 2, ROUND_HALF_UP, 0), "0.01");
	assert_string_equal(num(0.0005, 0, 2, ROUND_HALF_UP, 0), "0.00");
	assert_string_equal(num(1e-300, 0, 2, ROUND_HALF_UP, 0), "0.00");
}

static void test_format_thousands_separators(void **state)
{
	(void)state;
	assert_string_equal(num(12035, 0, 0, ROUND_HALF_UP, 1), "12,035");
	assert_string_equal(num(1234567.891, 0, 2, ROUND_HALF_UP, 1), "1,234,567.89");
	assert_string_equal(num(-999, 0, 0, ROUND_HALF_UP, 1), "-999");
	assert_string_equal(num(-1000, 0, 0, ROUND_HALF_UP, 1), "-1,000");
	assert_string_equal(num(100, 0, 0, ROUND_HALF_UP, 1), "100");
}

static void test_format_display_adds_scale_and_unit(void **state)
{
	struct numfmt f = {"人", 4, "万", 2, ROUND_HALF_UP, 0};
	struct numfmt pct = {"%", 0, "", 2, ROUND_HALF_UP, 0};
	struct numfmt pp = {"个百分点", 0, "", 2, ROUND_HALF_UP, 0};
	char buf[64];

	(void)state;
	assert_true(fmt_display(165800, &f, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "16.58万人");
	assert_true(fmt_display(1.2403, &pct, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "1.24%");
	assert_true(fmt_display(3.59, &pp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "3.59个百分点");
	assert_true(fmt_display(NAN, &pct, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "\xe2\x80\x94");
	assert_int_equal(fmt_display(165800, &f, buf, 4), -1);
}

static void test_format_round_returns_the_nearest_double(void **state)
{
	(void)state;
	assert_true(fmt_round(2.675, 2, ROUND_HALF_UP) == 2.68);
	assert_true(fmt_round(0.125, 2, ROUND_HALF_EVEN) == 0.12);
	assert_true(fmt_round(35.5302, 2, ROUND_HALF_UP) == 35.53);
	assert_true(isnan(fmt_round(NAN, 2, ROUND_HALF_UP)));
}

static void test_format_roundtrip_reads_back_to_the_same_double(void **state)
{
	double xs[] = {0.1, 2.675, 1.0 / 3, 1e22, 123456789.125, -0.0, 5e-324, 1.7976931348623157e308};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		fmt_roundtrip(xs[i], buf, sizeof(buf));
		assert_true(strtod(buf, NULL) == xs[i]);
	}
	fmt_roundtrip(0.1, buf, sizeof(buf));
	assert_string_equal(buf, "0.1");
	/* The shortest text of the double: -0.3 is "-0.3"; 0.7 - 1 is another
	 * double, which only 17 digits tell apart (compute --excel, issue 16). */
	fmt_roundtrip(-0.3, buf, sizeof(buf));
	assert_string_equal(buf, "-0.3");
	fmt_roundtrip(0.7 - 1.0, buf, sizeof(buf));
	assert_string_equal(buf, "-0.30000000000000004");
	fmt_roundtrip(NAN, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_format_integer_fast_path_agrees_with_the_general_path(void **state)
{
	char a[64], b[64];
	double xs[] = {1, 7, 10, 999999999999999.0, -123456, 165800, 3089000, 42100};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		fmt_roundtrip(xs[i], a, sizeof(a));
		snprintf(b, sizeof(b), "%.17g", xs[i]);
		assert_true(strtod(a, NULL) == xs[i]);
		assert_string_equal(a, b);
		/* 2 decimals of the integer + 0.001 rounds like the integer */
		assert_string_equal(num(xs[i], 4, 2, ROUND_HALF_UP, 0),
				    num(xs[i] + (xs[i] < 0 ? -1e-6 : 1e-6), 4, 2, ROUND_HALF_UP, 0));
	}
	fmt_roundtrip(-0.0, a, sizeof(a));
	assert_string_equal(a, "-0");
}

/* The shortest of %.15g, %.16g, %.17g that reads back: what fmt_roundtrip
 * must write, whichever of its fast paths it takes. */
static void shortest(double x, char *buf, size_t n)
{
	int p;

	for (p = 15; p <= 17; p++) {
		snprintf(buf, n, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

static void test_format_roundtrip_fast_paths_write_the_shortest_text(void **state)
{
	double xs[] = {12.5, 0.0375, -0.0001, 1.0 / 3, 2.0 / 3, 1e-300, 123456.789, 0.1 + 0.2,
		       9.999999999999999e22, 35.533391741059695, 1e16 + 2, -7.5e-5, 1e21 / 3};
	char a[64], b[64], small[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		fmt_roundtrip(xs[i], a, sizeof(a));
		shortest(xs[i], b, sizeof(b));
		assert_string_equal(a, b);
		fmt_roundtrip(xs[i], small, sizeof(small));
		assert_string_equal(small, b);
	}
	fmt_roundtrip(INFINITY, a, sizeof(a));
	assert_string_equal(a, "inf");
}

static void test_format_rejects_non_finite_and_bad_decimals(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(fmt_number(INFINITY, 0, 2, ROUND_HALF_UP, 0, buf, sizeof(buf)), -1);
	assert_int_equal(fmt_number(1, 0, 16, ROUND_HALF_UP, 0, buf, sizeof(buf)), -1);
	/* 15 significant digits, then zeros: the figure as written */
	{
		char want[400];
		memset(want, '0', 301);
		want[0] = '1';
		memcpy(want + 301, ".00", 4);
		assert_string_equal(num(1e300, 0, 2, ROUND_HALF_UP, 0), want);
	}
}

static void test_format_parses_scale_words(void **state)
{
	const char *label;
	(void)state;
	assert_int_equal(fmt_parse_scale("万", &label), 4);
	assert_string_equal(label, "万");
	assert_int_equal(fmt_parse_scale("亿", &label), 8);
	assert_int_equal(fmt_parse_scale("1", &label), 0);
	assert_string_equal(label, "");
	assert_int_equal(fmt_parse_scale("兆", &label), -1);
}

/* Both ways of reading a double's 15 significant digits (the fast one in
 * format.c and printf's "%.14e") give the same text, shown to all 15
 * digits and at 0-3 decimals, for 700,000 numbers: random bit patterns
 * across the fast path's range, decimals as data holds them (m / 10^d),
 * and numbers within a few ulps of a rounding tie. */
static void compare_paths(double x)
{
	char a[512], b[512];
	int e = x != 0 ? (int)floor(log10(fabs(x))) : 0, d, k;
	static const enum rounding modes[] = {ROUND_HALF_UP, ROUND_HALF_EVEN};

	for (k = 0; k < 2; k++)
		for (d = -1; d <= 3; d++) {
			int dec = d < 0 ? (14 - e < 0 ? 0 : 14 - e > 15 ? 15 : 14 - e) : d;
			int la, lb;

			format_force_printf = 0;
			la = fmt_number(x, 0, dec, modes[k], 0, a, sizeof(a));
			format_force_printf = 1;
			lb = fmt_number(x, 0, dec, modes[k], 0, b, sizeof(b));
			format_force_printf = 0;
			if (la != lb || strcmp(a, b) != 0)
				fail_msg("%.17g at %d decimals: fast '%s', printf '%s'", x, dec, a, b);
		}
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_format_fast_digits_agree_with_printf(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 250000; i++) {
		/* uniform in the exponent over 1e-9 .. 1e16 */
		double x = pow(10, -9 + 25 * (double)(rng() % 1000000) / 1e6) *
			   (1 + (double)(rng() % 1000000) / 1e6);

		compare_paths(rng() & 1 ? x : -x);
	}
	for (i = 0; i < 250000; i++) {
		/* m / 10^d: what a CSV holds */
		double m = (double)(rng() % 100000000000ULL), x;
		int d = (int)(rng() % 11);

		x = m / pow(10, d);
		compare_paths(x);
	}
	for (i = 0; i < 200000; i++) {
		/* ties: (n + 0.5) / 10^k, nudged by up to 2 ulps */
		double x = ((double)(rng() % 1000000000ULL) + 0.5) / pow(10, (int)(rng() % 8));
		int u = (int)(rng() % 5) - 2;

		for (; u < 0; u++)
			x = nextafter(x, 0);
		for (; u > 0; u--)
			x = nextafter(x, INFINITY);
		compare_paths(x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_half_up_rounds_the_decimal_a_person_wrote),
		cmocka_unit_test(test_format_fast_digits_agree_with_printf),
		cmocka_unit_test(test_format_half_up_is_away_from_zero_for_negatives),
		cmocka_unit_test(test_format_half_even_follows_gb_t_8170),
		cmocka_unit_test(test_format_scales_shift_the_decimal_point),
		cmocka_unit_test(test_format_small_values_and_zero),
		cmocka_unit_test(test_format_thousands_separators),
		cmocka_unit_test(test_format_display_adds_scale_and_unit),
		cmocka_unit_test(test_format_round_returns_the_nearest_double),
		cmocka_unit_test(test_format_roundtrip_reads_back_to_the_same_double),
		cmocka_unit_test(test_format_integer_fast_path_agrees_with_the_general_path),
		cmocka_unit_test(test_format_roundtrip_fast_paths_write_the_shortest_text),
		cmocka_unit_test(test_format_rejects_non_finite_and_bad_decimals),
		cmocka_unit_test(test_format_parses_scale_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
