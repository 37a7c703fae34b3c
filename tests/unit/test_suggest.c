#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/util/suggest.h"

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b));
}

static const char *pick(const char *word, const char *const *cands)
{
	struct suggest sg;

	suggest_init(&sg, word, strlen(word));
	for (; *cands; cands++)
		suggest_consider(&sg, *cands);
	return sg.pick;
}

static void test_suggest_distance_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(dist("kitten", "sitting"), 3);
	assert_int_equal(dist("", "abc"), 3);
	assert_int_equal(dist("贫困人口", "贫困户口"), 1);
	/* Code points, not bytes: one ideograph missing is one edit. */
	assert_int_equal(dist("农村贫困人", "农村贫困人口"), 1);
	assert_int_equal(dist("abc", "abc"), 0);
}

static void test_suggest_picks_a_near_name_within_the_limit(void **state)
{
	static const char *const names[] = {"levels", "name", "decimals", "sum", NULL};

	(void)state;
	assert_string_equal(pick("levls", names), "levels");
	assert_string_equal(pick("nmae", names), "name");
	assert_string_equal(pick("sun", names), "sum");
	assert_null(pick("xyz", names));
	assert_null(pick("name", names)); /* the name itself is no suggestion */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suggest_distance_counts_code_points),
		cmocka_unit_test(test_suggest_picks_a_near_name_within_the_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
