#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/json.h"

/* What json_write_str writes for s, in a static buffer. */
static const char *json_of(const char *s)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	json_write_str(f, s);
	fclose(f);
	return buf;
}

static void test_json_escapes_quotes_and_control_characters(void **state)
{
	(void)state;
	assert_string_equal(json_of("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(json_of("1\n2\t3\r4"), "\"1\\n2\\t3\\r4\"");
	assert_string_equal(json_of("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	assert_string_equal(json_of(NULL), "\"\"");
}

static void test_json_keeps_utf8_and_replaces_invalid_bytes(void **state)
{
	(void)state;
	assert_string_equal(json_of("新疆"), "\"新疆\"");
	assert_string_equal(json_of("a\xff" "b"), "\"a\\ufffdb\"");
	assert_string_equal(json_of("\xe6\x96"), "\"\\ufffd\\ufffd\"");
}

static void test_json_numbers_read_back_and_nan_is_null(void **state)
{
	static char buf[64];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	json_write_num(f, 0.1);
	fputc(' ', f);
	json_write_num(f, NAN);
	fclose(f);
	assert_string_equal(buf, "0.1 null");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escapes_quotes_and_control_characters),
		cmocka_unit_test(test_json_keeps_utf8_and_replaces_invalid_bytes),
		cmocka_unit_test(test_json_numbers_read_back_and_nan_is_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
