#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/util/strbuf.h"

static void test_strbuf_appends_and_stays_terminated(void **state)
{
	struct strbuf b = {0};
	size_t i;

	(void)state;
	strbuf_adds(&b, "ab");
	strbuf_addch(&b, 'c');
	strbuf_add(&b, "d\0e", 3);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.s, "abcd\0e", 7);
	for (i = 0; i < 1000; i++)
		strbuf_addch(&b, 'x');
	assert_int_equal(b.len, 1006);
	assert_int_equal(b.s[b.len], '\0');
	strbuf_release(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
}

static void test_strbuf_addf_grows_past_its_first_guess(void **state)
{
	struct strbuf b = {0};
	char big[300];

	(void)state;
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&b, "%d-%s", 42, "z");
	strbuf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 4 + 2 + 299);
	assert_memory_equal(b.s, "42-z[yy", 7);
	assert_int_equal(b.s[b.len - 1], ']');
	strbuf_release(&b);
}

static void test_strbuf_reset_keeps_memory_and_detach_hands_it_over(void **state)
{
	struct strbuf b = {0};
	char *s, *kept;
	size_t len;

	(void)state;
	s = strbuf_detach(&b, &len); /* empty: still a string */
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	strbuf_adds(&b, "hello");
	kept = b.s;
	strbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	strbuf_adds(&b, "hi");
	assert_ptr_equal(b.s, kept);
	s = strbuf_detach(&b, NULL);
	assert_string_equal(s, "hi");
	assert_null(b.s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_appends_and_stays_terminated),
		cmocka_unit_test(test_strbuf_addf_grows_past_its_first_guess),
		cmocka_unit_test(test_strbuf_reset_keeps_memory_and_detach_hands_it_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
