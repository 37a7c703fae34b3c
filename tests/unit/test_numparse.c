#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/numparse.h"

/* Same bits as strtod (so -0.0 differs from 0.0). */
static void assert_like_strtod(const char *s)
{
	double got = 12345, want = strtod(s, NULL);

	if (numparse_double(s, strlen(s), &got) != 0)
		fail_msg("'%s' rejected", s);
	if (memcmp(&got, &want, sizeof(got)) != 0)
		fail_msg("'%s': got %.17g, strtod gives %.17g", s, got, want);
}

static void test_numparse_matches_strtod_on_hard_cases(void **state)
{
	static const char *const cases[] = {
		"0.1", "2.675", "1e22", "1e23", "123456789012345678", "4.35", "0", "-0", "+5",
		".5", "5.", "1E5", "1e-5", "0.000001", "9007199254740992", "9007199254740993",
		"9007199254740995", "2.2250738585072014e-308", "4.9e-324", "1e-400",
		"1.7976931348623157e308", "0.30000000000000004", "100.5", "-2.5", "1e3",
		"00000000000000000000000012.5", "0.00000000000000000000000000001",
		"1234567890123456789012345678901234567890", "3.14159265358979323846264338327950288",
		"1e-22", "1e-23", "8.98846567431158e307", "17976931348623157e292",
		"123456789e-30", "7.0e-10", "0e999999999", "1.5e+3",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_like_strtod(cases[i]);
}

static void test_numparse_rejects_what_is_not_a_number(void **state)
{
	static const char *const bad[] = {
		"", "abc", "1e400", "-1e400", "nan", "NaN", "inf", "-inf", "infinity", "0x10",
		" 1", "1 ", "1,000", "1e", "1e+", "e5", ".", "-", "+", "1.2.3", "--1", "1-",
		"12abc", "1.5e3.2", "٣",
	};
	size_t i;
	double x;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (numparse_double(bad[i], strlen(bad[i]), &x) == 0)
			fail_msg("'%s' accepted as %g", bad[i], x);
}

static void test_numparse_reads_only_the_given_length(void **state)
{
	double x;

	(void)state;
	assert_int_equal(numparse_double("12.5,7", 4, &x), 0);
	assert_true(x == 12.5);
	assert_int_equal(numparse_double("1e400", 3, &x), 0);
	assert_true(x == 1e4);
}

static unsigned long long rng = 88172645463325252ull;

static unsigned long long next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random decimal: 1 to 25 digits, a point anywhere or none, maybe an
 * exponent; the mix reaches both the fast path and the strtod fallback. */
static void random_decimal(char *buf)
{
	int ndig = 1 + (int)(next_random() % 25), point = (int)(next_random() % (ndig + 2)) - 1;
	int i, n = 0;

	if (next_random() % 4 == 0)
		buf[n++] = '-';
	for (i = 0; i < ndig; i++) {
		if (i == point)
			buf[n++] = '.';
		buf[n++] = (char)('0' + next_random() % 10);
	}
	if (next_random() % 3 == 0)
		n += sprintf(buf + n, "e%d", (int)(next_random() % 61) - 30);
	buf[n] = '\0';
}

static void test_numparse_matches_strtod_on_random_decimals(void **state)
{
	char buf[64];
	int i;

	(void)state;
	for (i = 0; i < 300000; i++) {
		random_decimal(buf);
		assert_like_strtod(buf);
	}
}

/* Round trips of random doubles printed with 17 and with 15 digits. */
static void test_numparse_round_trips_printed_doubles(void **state)
{
	char buf[64];
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		unsigned long long bits = next_random();
		double v;
		memcpy(&v, &bits, sizeof(v));
		if (!isfinite(v))
			continue;
		snprintf(buf, sizeof(buf), i % 2 ? "%.17g" : "%.15g", v);
		assert_like_strtod(buf);
		snprintf(buf, sizeof(buf), "%.6f", fmod(fabs(v), 1e9));
		assert_like_strtod(buf);
	}
}

/* The inline fast path: plain decimals of up to 15 digits, exactly as
 * strtod; anything else it must leave (nothing set) to numparse_double. */
static void test_numparse_fast_takes_plain_decimals_and_hands_over_the_rest(void **state)
{
	static const char *const taken[] = {
		"0", "-0", "+5", "22", "6410.3", "2503.08", "-3.07", ".5", "5.", "0.1", "2.675",
		"123456789012345", "-12345678.9012345", "0.00000000000001", "999999999999999",
		"000000000000001", "4.35",
	};
	static const char *const left[] = {
		"", "-", "+", ".", "-.", "1e5", "1E5", "1.2.3", " 1", "1 ", "0x1", "inf", "nan",
		"1234567890123456", "0.000000000000001", "12345678901234567", "1,5", "--1", "+-1",
		"9007199254740993", "1.5e+3",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		double got = 12345, want = strtod(taken[i], NULL);
		if (numparse_fast(taken[i], strlen(taken[i]), &got) != 0)
			fail_msg("'%s' not taken", taken[i]);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("'%s': got %.17g, strtod gives %.17g", taken[i], got, want);
		assert_like_strtod(taken[i]);
	}
	for (i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
		double got = 12345;
		if (numparse_fast(left[i], strlen(left[i]), &got) != -1 || got != 12345)
			fail_msg("'%s' taken by the fast path", left[i]);
	}
	/* What the fast path leaves, numparse_double still reads right. */
	assert_like_strtod("1234567890123456");
	assert_like_strtod("0.000000000000001");
	assert_like_strtod("9007199254740993");
	assert_like_strtod("1.5e+3");
}

/* Random short texts, mostly near-numbers: whatever the fast path takes,
 * it reads exactly as numparse_double and strtod do. */
static void test_numparse_fast_agrees_on_random_short_texts(void **state)
{
	static const char alphabet[] = "0123456789000.-+e x";
	char buf[32];
	int i, taken = 0;

	(void)state;
	for (i = 0; i < 300000; i++) {
		size_t len = next_random() % 19, k;
		double got = 12345, want;
		for (k = 0; k < len; k++)
			buf[k] = alphabet[next_random() % (sizeof(alphabet) - 1)];
		if (len > 0 && next_random() % 2) /* mostly digits, maybe a point */
			for (k = 0; k < len; k++)
				buf[k] = next_random() % 9 ? (char)('0' + next_random() % 10) : '.';
		buf[len] = 'x'; /* not NUL-terminated */
		if (numparse_fast(buf, len, &got) != 0) {
			assert_true(got == 12345);
			continue;
		}
		taken++;
		assert_int_equal(numparse_double(buf, len, &want), 0);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("'%.*s': fast %.17g, numparse_double %.17g", (int)len, buf, got,
				 want);
		buf[len] = '\0';
		want = strtod(buf, NULL);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("'%s': fast %.17g, strtod %.17g", buf, got, want);
	}
	assert_true(taken > 50000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numparse_matches_strtod_on_hard_cases),
		cmocka_unit_test(test_numparse_fast_takes_plain_decimals_and_hands_over_the_rest),
		cmocka_unit_test(test_numparse_fast_agrees_on_random_short_texts),
		cmocka_unit_test(test_numparse_rejects_what_is_not_a_number),
		cmocka_unit_test(test_numparse_reads_only_the_given_length),
		cmocka_unit_test(test_numparse_matches_strtod_on_random_decimals),
		cmocka_unit_test(test_numparse_round_trips_printed_doubles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
