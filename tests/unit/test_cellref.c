#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util/cellref.h"

static void test_cellref_reads_column_and_row_zero_based(void **state)
{
	const char *end;
	int c, r;

	(void)state;
	assert_int_equal(cellref_parse("C7:K9", &c, &r, &end), 0);
	assert_int_equal(c, 2);
	assert_int_equal(r, 6);
	assert_string_equal(end, ":K9");
	assert_int_equal(cellref_parse("aa10", &c, &r, NULL), 0);
	assert_int_equal(c, 26);
	assert_int_equal(r, 9);
	assert_int_equal(cellref_parse("XFD1048576", &c, &r, NULL), 0);
	assert_int_equal(c, 16383);
	assert_int_equal(r, 1048575);
}

static void test_cellref_refuses_what_excel_cannot_address(void **state)
{
	int c, r;

	(void)state;
	assert_int_equal(cellref_parse("XFE1", &c, &r, NULL), -1);
	assert_int_equal(cellref_parse("A0", &c, &r, NULL), -1);
	assert_int_equal(cellref_parse("A1048577", &c, &r, NULL), -1);
	assert_int_equal(cellref_parse("7C", &c, &r, NULL), -1);
	assert_int_equal(cellref_parse("C", &c, &r, NULL), -1);
	assert_int_equal(cellref_parse("", &c, &r, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cellref_reads_column_and_row_zero_based),
		cmocka_unit_test(test_cellref_refuses_what_excel_cannot_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
