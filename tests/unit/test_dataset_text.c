#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset_text.h"
#include "core/data/encoding.h"

static int value(const struct cfg_source *src, const char *s, double *x)
{
	struct arena *a = arena_new();
	const char *why = NULL;
	int r = ds_text_value(src, s, strlen(s), x, &why, a);

	arena_free(a);
	return r;
}

static void test_text_reads_thousands_grouped_by_three(void **state)
{
	static const struct { const char *s; double x; } ok[] = {
		{"9,899", 9899}, {"1,234,567.5", 1234567.5}, {"-1,234", -1234},
		{"+12,345", 12345}, {"１２３", 123}, {"－１．５", -1.5}, {"１,２３４", 1234},
	};
	static const char *const bad[] = {"1,5", "12,3456", "1234,567", ",123", "123,",
					  "1,234,56", "1,000e5", "1,234.5,6", "abc", "１２a"};
	double x;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		x = 0;
		if (value(NULL, ok[i].s, &x) != DS_TEXT_VALUE || x != ok[i].x)
			fail_msg("'%s': got %g", ok[i].s, x);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value(NULL, bad[i], &x) != DS_TEXT_BAD)
			fail_msg("'%s' accepted", bad[i]);
}

static void test_text_missing_only_when_the_source_says_so(void **state)
{
	const char *marks[] = {"—", "-"};
	struct cfg_source src;
	double x;

	(void)state;
	memset(&src, 0, sizeof(src));
	assert_int_equal(value(&src, "—", &x), DS_TEXT_BAD);
	src.missing = marks;
	src.nmissing = 2;
	assert_int_equal(value(&src, "—", &x), DS_TEXT_MISSING);
	assert_int_equal(value(&src, "-", &x), DS_TEXT_MISSING);
	assert_int_equal(value(&src, "…", &x), DS_TEXT_BAD);
}

static void test_text_period_takes_the_year_sign(void **state)
{
	struct period p;

	(void)state;
	assert_int_equal(ds_text_period("2012年", strlen("2012年"), &p), 0);
	assert_int_equal(p.ord, 2012);
	assert_int_equal(ds_text_period("２０１９年", strlen("２０１９年"), &p), 0);
	assert_int_equal(p.ord, 2019);
	assert_int_equal(ds_text_period("2012年度", strlen("2012年度"), &p), -1);
	assert_int_equal(ds_text_period("2019Q3年", strlen("2019Q3年"), &p), -1);
	assert_int_equal(ds_text_period("年", strlen("年"), &p), -1);
}

static void test_gb18030_converts_and_names_the_bad_byte(void **state)
{
	size_t n = 0, bad = 0;
	char *s = encoding_gb18030_to_utf8("a,\xd6\xd0\xce\xc4\n", 7, &n, &bad);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "a,中文\n");
	free(s);
	assert_null(encoding_gb18030_to_utf8("ab\xd6\xd0\xff", 5, &n, &bad));
	assert_int_equal(bad, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_reads_thousands_grouped_by_three),
		cmocka_unit_test(test_text_missing_only_when_the_source_says_so),
		cmocka_unit_test(test_text_period_takes_the_year_sign),
		cmocka_unit_test(test_gb18030_converts_and_names_the_bad_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
