#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/util/period.h"

static void test_period_parses_years_quarters_and_months(void **state)
{
	struct period p;
	char buf[16];

	(void)state;
	assert_int_equal(period_parse("2019", 4, &p), 0);
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(p.ord, 2019);
	assert_int_equal(period_parse("2019Q3", 6, &p), 0);
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_string_equal(period_format(p, buf, sizeof(buf)), "2019Q3");
	assert_int_equal(period_parse("2019-03", 7, &p), 0);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_string_equal(period_format(p, buf, sizeof(buf)), "2019-03");
}

static void test_period_rejects_what_is_not_a_period(void **state)
{
	struct period p;
	const char *bad[] = {"", "19", "999", "20190", "2019Q5", "2019Q0", "2019-13", "2019-00",
			     "2019-1", "abcd", "2019 ", "0999"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(period_parse(bad[i], strlen(bad[i]), &p), -1);
}

static void test_period_previous_of_january_is_december(void **state)
{
	struct period p, q;
	char buf[16];

	(void)state;
	period_parse("2020-01", 7, &p);
	q = p;
	q.ord--;
	assert_string_equal(period_format(q, buf, sizeof(buf)), "2019-12");
	period_parse("2020Q1", 6, &p);
	p.ord--;
	assert_string_equal(period_format(p, buf, sizeof(buf)), "2019Q4");
}

static void test_period_years_between(void **state)
{
	struct period a, b;

	(void)state;
	period_parse("2013", 4, &a);
	period_parse("2019", 4, &b);
	assert_true(period_years_between(a, b) == 6);
	period_parse("2019Q1", 6, &a);
	period_parse("2019Q3", 6, &b);
	assert_true(period_years_between(a, b) == 0.5);
}

static void test_period_axis_index(void **state)
{
	struct period_axis ax = {PERIOD_YEAR, 2013, 7};
	struct period p = {PERIOD_YEAR, 2019}, q = {PERIOD_QUARTER, 2019 * 4};

	(void)state;
	assert_int_equal(period_index(&ax, p), 6);
	p.ord = 2020;
	assert_int_equal(period_index(&ax, p), -1);
	p.ord = 2012;
	assert_int_equal(period_index(&ax, p), -1);
	assert_int_equal(period_index(&ax, q), -1);
	assert_int_equal(period_at(&ax, 0).ord, 2013);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_parses_years_quarters_and_months),
		cmocka_unit_test(test_period_rejects_what_is_not_a_period),
		cmocka_unit_test(test_period_previous_of_january_is_december),
		cmocka_unit_test(test_period_years_between),
		cmocka_unit_test(test_period_axis_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
