#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/diag.h"

/* diag_print into a string. */
static char *printed(const struct diag *d)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	diag_print(d, f);
	fclose(f);
	return buf;
}

static void test_diag_shows_line_and_caret_under_the_column(void **state)
{
	static const char text[] = "a: 1\nindicators:\n  x: {formla: y}\n";
	struct diag d;
	struct src_pos pos = {"c.yaml", 3, 8};

	(void)state;
	diag_init(&d);
	diag_add_source(&d, "c.yaml", text, sizeof(text) - 1);
	assert_int_equal(diag_error(&d, pos, "unknown key '%s'", "formla"), -1);
	assert_string_equal(printed(&d), "c.yaml:3:8: error: unknown key 'formla'\n"
					 "      x: {formla: y}\n"
					 "           ^\n");
	assert_true(diag_has_errors(&d));
	diag_release(&d);
}

static void test_diag_caret_counts_chinese_as_two_columns(void **state)
{
	static const char text[] = "title: 贫困发生率 {x\n";
	struct diag d;
	struct src_pos pos = {"c.yaml", 1, 14};

	(void)state;
	diag_init(&d);
	diag_add_source(&d, "c.yaml", text, sizeof(text) - 1);
	diag_error(&d, pos, "unclosed '{'");
	/* 7 ASCII columns + 5 wide characters (10 columns) + 1 space */
	assert_string_equal(printed(&d), "c.yaml:1:14: error: unclosed '{'\n"
					 "    title: 贫困发生率 {x\n"
					 "                      ^\n");
	diag_release(&d);
}

static void test_diag_keeps_a_data_line_given_by_the_caller(void **state)
{
	struct diag d;
	struct src_pos pos = {"values.csv", 12, 17};
	static const char line[] = "653121,2019,pop,abc\r\n";

	(void)state;
	diag_init(&d);
	diag_error_line(&d, pos, line, sizeof(line) - 1, "value '%s' is not a number", "abc");
	assert_string_equal(printed(&d), "values.csv:12:17: error: value 'abc' is not a number\n"
					 "    653121,2019,pop,abc\n"
					 "                    ^\n");
	diag_release(&d);
}

static void test_diag_caps_the_number_of_errors(void **state)
{
	struct diag d;
	struct src_pos none = {NULL, 0, 0};
	int i;

	(void)state;
	diag_init(&d);
	d.max_errors = 3;
	for (i = 0; i < 5; i++)
		diag_error(&d, none, "e%d", i);
	diag_warning(&d, none, "w");
	assert_int_equal(d.nerrors, 5);
	assert_int_equal(d.nwarnings, 1);
	assert_int_equal(d.dropped, 2);
	assert_string_equal(printed(&d), "error: e0\nerror: e1\nerror: e2\nwarning: w\n"
					 "progrep: 2 more errors not shown\n");
	diag_release(&d);
}

static void test_diag_json_escapes_messages(void **state)
{
	static char buf[1024];
	struct diag d;
	struct src_pos pos = {"a\"b.yaml", 1, 2};
	FILE *f;

	(void)state;
	diag_init(&d);
	diag_warning(&d, pos, "say \"%s\"", "hi\n");
	f = fmemopen(buf, sizeof(buf), "w");
	diag_print_json(&d, f);
	fclose(f);
	assert_string_equal(buf, "[\n {\"level\":\"warning\",\"file\":\"a\\\"b.yaml\",\"line\":1,"
				 "\"col\":2,\"message\":\"say \\\"hi\\n\\\"\"}\n]\n");
	diag_release(&d);
}

static void test_diag_shows_control_characters_visibly(void **state)
{
	static const char line[] = "65\x1b]0;pwned\x07,2019,x,1\x7f";
	struct diag d;
	struct src_pos pos = {"v.csv", 2, 20};

	(void)state;
	diag_init(&d);
	diag_error_line(&d, pos, line, sizeof(line) - 1, "value '%s'", "1\x7f\xc2\x9b\t");
	/* ESC and BEL as control pictures, DEL as U+2421, C1 as U+FFFD, the
	 * caret under the '1' as before */
	assert_string_equal(printed(&d),
			    "v.csv:2:20: error: value '1\u2421\ufffd\u2409'\n"
			    "    65\u241b]0;pwned\u2407,2019,x,1\u2421\n"
			    "                       ^\n");
	diag_release(&d);
}

static void test_diag_cuts_a_long_line_around_the_caret(void **state)
{
	size_t n = 100000;
	char *line = malloc(n + 1), want[1024];
	struct diag d;
	struct src_pos pos = {"v.csv", 1, 50001};

	(void)state;
	memset(line, 'a', n);
	line[50000] = 'X';
	line[n] = '\0';
	diag_init(&d);
	diag_error_line(&d, pos, line, n, "here");
	/* 200 code points around column 50001, an ellipsis at each cut, the
	 * caret under the X: 4 + 1 + 100 columns in */
	snprintf(want, sizeof(want), "v.csv:1:50001: error: here\n    \u2026%.100sX%.99s\u2026\n"
		 "%105s^\n", line, line, "");
	assert_string_equal(printed(&d), want);
	free(line);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag_shows_line_and_caret_under_the_column),
		cmocka_unit_test(test_diag_caret_counts_chinese_as_two_columns),
		cmocka_unit_test(test_diag_keeps_a_data_line_given_by_the_caller),
		cmocka_unit_test(test_diag_caps_the_number_of_errors),
		cmocka_unit_test(test_diag_json_escapes_messages),
		cmocka_unit_test(test_diag_shows_control_characters_visibly),
		cmocka_unit_test(test_diag_cuts_a_long_line_around_the_caret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
