#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/util/outpath.h"

static int check(const char *pattern)
{
	struct diag d;
	int rc;

	diag_init(&d);
	rc = outpath_check(pattern, &d);
	diag_release(&d);
	return rc;
}

static void test_outpath_refuses_patterns_that_escape(void **state)
{
	(void)state;
	assert_int_equal(check("../{code}.pdf"), -1);
	assert_int_equal(check("out/../../etc/{code}.pdf"), -1);
	assert_int_equal(check("out/{period}/../{code}.pdf"), -1);
	assert_int_equal(check("out/{code}/.."), -1);
	assert_int_equal(check(""), -1);
	assert_int_equal(check("out/"), -1);
	assert_int_equal(check("out/{code.pdf"), -1);
	assert_int_equal(check("out/code}.pdf"), -1);
	assert_int_equal(check("out/{county}.pdf"), -1);
	assert_int_equal(check("out/{period}/{code}-{name}.pdf"), 0);
	assert_int_equal(check("/srv/reports/{level}/{code}..pdf"), 0);
	assert_int_equal(check("{code}.pdf"), 0);
}

static void test_outpath_root_is_the_folders_before_the_first_field(void **state)
{
	static const char *const cases[][2] = {
		{"out/{period}/{code}.pdf", "out"}, {"{code}.pdf", "."},
		{"a/b/x{code}.pdf", "a/b"},         {"/srv/{code}.pdf", "/srv"},
		{"/{code}.pdf", "/"},               {"out/all.pdf", "out"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *root = outpath_root(cases[i][0]);
		assert_string_equal(root, cases[i][1]);
		free(root);
	}
}

static void assert_sanitized(const char *in, const char *want)
{
	char *got = outpath_sanitize(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_outpath_sanitize_makes_names_safe(void **state)
{
	char longname[400], *got;
	size_t i;

	(void)state;
	assert_sanitized("洛浦县", "洛浦县");
	assert_sanitized("../etc/passwd", "_._etc_passwd");
	assert_sanitized("..", "_.");
	assert_sanitized(".hidden", "_hidden");
	assert_sanitized("", "_");
	assert_sanitized("a\tb\nc\x7f", "a_b_c_");
	assert_sanitized("a:b*c?d\"e<f>g|h\\i", "a_b_c_d_e_f_g_h_i");
	assert_sanitized("bad\xff\xfe utf8", "bad__ utf8");
	/* Cut on a character boundary, never inside a 3-byte character. */
	longname[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(longname, "县");
	got = outpath_sanitize(longname);
	assert_true(strlen(got) <= OUTPATH_FIELD_MAX);
	assert_int_equal(strlen(got) % 3, 0);
	free(got);
}

static void test_outpath_expand_fills_the_fields(void **state)
{
	struct outpath_fields f = {"653224", "洛浦/县", "county", "2019"};
	struct diag d;
	char *p;

	(void)state;
	diag_init(&d);
	p = outpath_expand("out/{period}/{level}/{code}-{name}.pdf", &f, &d);
	assert_non_null(p);
	assert_string_equal(p, "out/2019/county/653224-洛浦_县.pdf");
	free(p);
	f.name = "..";
	p = outpath_expand("out/{name}/{code}.pdf", &f, &d);
	assert_string_equal(p, "out/_./653224.pdf");
	free(p);
	assert_int_equal(d.nerrors, 0);
	diag_release(&d);
}

static void test_outpath_expand_refuses_too_long_names(void **state)
{
	struct outpath_fields f = {"1", "n", "county", "2019"};
	char pattern[600];
	struct diag d;

	(void)state;
	memset(pattern, 'x', 300);
	strcpy(pattern + 300, "{code}.pdf");
	diag_init(&d);
	assert_null(outpath_expand(pattern, &f, &d));
	assert_int_equal(d.nerrors, 1);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outpath_refuses_patterns_that_escape),
		cmocka_unit_test(test_outpath_root_is_the_folders_before_the_first_field),
		cmocka_unit_test(test_outpath_sanitize_makes_names_safe),
		cmocka_unit_test(test_outpath_expand_fills_the_fields),
		cmocka_unit_test(test_outpath_expand_refuses_too_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
