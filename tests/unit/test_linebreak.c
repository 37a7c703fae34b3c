#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/layout/linebreak.h"

/* A fixed-pitch font: CJK 10 pt, everything else 5 pt. */
static double fixed(void *user, unsigned prev, unsigned cp)
{
	(void)user;
	(void)prev;
	return cp >= 0x2000 ? 10.0 : 5.0;
}

/* Break s at width w and join the lines with "|". */
static char *brk(const char *s, double w, double indent)
{
	static char buf[1024];
	struct linebreak_line *l;
	size_t n, i;

	n = linebreak(s, strlen(s), w, indent, fixed, NULL, &l);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(buf, "|");
		strncat(buf, s + l[i].start, l[i].end - l[i].start);
		assert_true(l[i].width <= w + 1e-9 || l[i].end - l[i].start <= 4);
	}
	free(l);
	return buf;
}

static void test_linebreak_breaks_cjk_by_code_point(void **state)
{
	(void)state;
	assert_string_equal(brk("脱贫攻坚取得决定性成就", 40, 0), "脱贫攻坚|取得决定|性成就");
}

static void test_linebreak_never_starts_line_with_closing_punctuation(void **state)
{
	(void)state;
	/* "。" would start line 2: the char before it moves down with it. */
	assert_string_equal(brk("一二三四。五六", 40, 0), "一二三|四。五六");
	assert_string_equal(brk("一二三四，五", 40, 0), "一二三|四，五");
	assert_string_equal(brk("一二三四）五", 40, 0), "一二三|四）五");
	assert_string_equal(brk("一二三四」五", 40, 0), "一二三|四」五");
	assert_string_equal(brk("一二三四、五", 40, 0), "一二三|四、五");
	assert_string_equal(brk("一二三四”五", 40, 0), "一二三|四”五");
	/* a footnote mark stays with what it marks, even before "。" */
	assert_string_equal(brk("一二三四①五", 40, 0), "一二三|四①五");
	assert_string_equal(brk("一二三四②。", 40, 0), "一二三|四②。");
}

static void test_linebreak_never_ends_line_with_opening_punctuation(void **state)
{
	(void)state;
	assert_string_equal(brk("一二三（四五", 40, 0), "一二三|（四五");
	assert_string_equal(brk("一二三「四五", 40, 0), "一二三|「四五");
	assert_string_equal(brk("一二三《四五", 40, 0), "一二三|《四五");
	assert_string_equal(brk("一二三“四五", 40, 0), "一二三|“四五");
}

static void test_linebreak_keeps_ascii_punctuation_rules(void **state)
{
	(void)state;
	assert_string_equal(brk("一二三四.五", 40, 0), "一二三|四.五");
	assert_string_equal(brk("一二三(4)", 40, 0), "一二三|(4)");
}

static void test_linebreak_keeps_numbers_whole(void **state)
{
	(void)state;
	/* "16.58" is 25 pt and must not be split at the line end. */
	assert_string_equal(brk("减少了16.58", 40, 0), "减少了|16.58");
	assert_string_equal(brk("一二三1.24%", 40, 0), "一二三|1.24%");
	assert_string_equal(brk("截至2019年底", 30, 0), "截至|2019年|底");
}

static void test_linebreak_breaks_latin_at_spaces_and_drops_them(void **state)
{
	(void)state;
	assert_string_equal(brk("aaa bbb ccc", 40, 0), "aaa bbb|ccc");
}

static void test_linebreak_splits_a_word_wider_than_the_line(void **state)
{
	(void)state;
	assert_string_equal(brk("abcdefghij", 20, 0), "abcd|efgh|ij");
}

static void test_linebreak_honours_explicit_newlines(void **state)
{
	(void)state;
	assert_string_equal(brk("一二\n三四\n\n五", 100, 0), "一二|三四||五");
	assert_string_equal(brk("一二\n", 100, 0), "一二");
}

static void test_linebreak_indents_the_first_line_of_each_paragraph(void **state)
{
	struct linebreak_line *l;
	const char *s = "一二三四五六\n七八九十";
	size_t n;

	(void)state;
	assert_string_equal(brk(s, 40, 20), "一二|三四五六|七八|九十");
	n = linebreak(s, strlen(s), 40, 20, fixed, NULL, &l);
	assert_int_equal(n, 4);
	assert_int_equal(l[0].first, 1);
	assert_int_equal(l[1].first, 0);
	assert_int_equal(l[2].first, 1);
	assert_true(l[1].width == 40.0);
	free(l);
}

static void test_linebreak_empty_text_has_no_lines(void **state)
{
	struct linebreak_line *l = NULL;

	(void)state;
	assert_int_equal(linebreak("", 0, 100, 0, fixed, NULL, &l), 0);
	free(l);
}

static void test_linebreak_min_width_is_the_longest_unbreakable_piece(void **state)
{
	const char *s = "增长1.24%。";

	(void)state;
	/* "1.24%" (25) cannot break; "%。" too, but 。 glues to the number. */
	assert_true(linebreak_min_width(s, strlen(s), fixed, NULL) == 35.0);
	assert_true(linebreak_max_width(s, strlen(s), fixed, NULL) == 55.0);
	assert_true(linebreak_min_width("ab cd", 5, fixed, NULL) == 10.0);
}

static void test_linebreak_keeps_a_number_and_its_unit_together(void **state)
{
	(void)state;
	/* "16.58万人" (45 pt) fits a line; neither "16.58|万人" nor "16.58万|人". */
	assert_string_equal(brk("减少了16.58万人", 50, 0), "减少了|16.58万人");
	assert_string_equal(brk("尚有4.21万户未脱贫", 50, 0), "尚有|4.21万户未|脱贫");
	assert_string_equal(brk("增加到12035元，", 50, 0), "增加到|12035元，");
	assert_string_equal(brk("增幅高5.34个百分点", 60, 0), "增幅高|5.34个百分点");
	assert_string_equal(brk("降至1.24％", 30, 0), "降至|1.24％");
}

static void test_linebreak_unit_glue_ends_after_the_unit(void **state)
{
	(void)state;
	/* The run after "1个" is text again: it breaks by code point. */
	assert_string_equal(brk("每村1个部门单位", 40, 0), "每村1个|部门单位");
	/* A unit character with no number before it glues to nothing. */
	assert_string_equal(brk("一二三个人", 40, 0), "一二三个|人");
	/* A number and unit wider than the line are broken by code point. */
	assert_string_equal(brk("123456万人", 20, 0), "1234|56万|人");
}

static void test_linebreak_min_width_counts_the_unit(void **state)
{
	const char *s = "未脱贫0.00万人";

	(void)state;
	/* "0.00" 20 pt + "万人" 20 pt: a table column must hold all 40. */
	assert_true(linebreak_min_width(s, strlen(s), fixed, NULL) == 40.0);
}

static void test_linebreak_is_figure_tells_numbers_from_text(void **state)
{
	static const char *const yes[] = { "12.5万人", "-3107个", "93.4%", "5.34个百分点", "0",
					   "12035元", "110亿元", "\xE2\x88\x92" "2.1%" };
	static const char *const no[] = { "2020年降至0万户", "2013—2019年复合年均增长率", "—",
					  "地区", "", "-", "65 新疆", "1户1个护边员" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(linebreak_is_figure(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(linebreak_is_figure(no[i], strlen(no[i])));
}

/* 标点挤压: closing mark or stop first → the first is squeezed; an opening
 * mark after another opening one → the second; nothing between a mark
 * and a character, between half-width marks, or in "（）". */
static void test_linebreak_squeeze_pairs(void **state)
{
	(void)state;
	assert_int_equal(linebreak_squeeze(0xFF09, 0x3002), 1); /* ）。 */
	assert_int_equal(linebreak_squeeze(0x201D, 0xFF1B), 1); /* ”； */
	assert_int_equal(linebreak_squeeze(0x3002, 0x201D), 1); /* 。” */
	assert_int_equal(linebreak_squeeze(0xFF0C, 0x201C), 1); /* ，“ */
	assert_int_equal(linebreak_squeeze(0xFF08, 0x201C), 2); /* （“ */
	assert_int_equal(linebreak_squeeze(0xFF08, 0xFF09), 0); /* （） */
	assert_int_equal(linebreak_squeeze(0x4E2D, 0x3002), 0); /* 中。 */
	assert_int_equal(linebreak_squeeze(0x3002, 0x4E2D), 0); /* 。中 */
	assert_int_equal(linebreak_squeeze(')', '.'), 0);
	assert_int_equal(linebreak_squeeze(0xFF09, '.'), 0);
}

/* A measure that squeezes as layout does: the break sees the squeezed
 * width, and a line that starts with the second mark of a pair (never
 * at a break: no line starts with a closing mark) measures it whole. */
static double squeezing(void *user, unsigned prev, unsigned cp)
{
	double w = fixed(user, 0, cp);

	if (prev && linebreak_squeeze(prev, cp))
		w -= 5.0;
	return w;
}

static void test_linebreak_measures_squeezed_pairs(void **state)
{
	struct linebreak_line *l;
	size_t n;

	(void)state;
	/* 甲）。乙: 10 + 5 + 10 + 10 = 35 points squeezed, 40 not */
	assert_true(linebreak_max_width("甲）。乙", strlen("甲）。乙"), squeezing, NULL) == 35.0);
	n = linebreak("甲）。乙", strlen("甲）。乙"), 35.0, 0, squeezing, NULL, &l);
	assert_int_equal(n, 1);
	assert_true(l[0].width == 35.0);
	free(l);
	/* 甲，“乙: a break may fall between ， and “; the line ending in ，
	 * is not squeezed, and “ starts the next one whole */
	n = linebreak("甲，“乙", strlen("甲，“乙"), 25.0, 0, squeezing, NULL, &l);
	assert_int_equal(n, 2);
	assert_true(l[0].width == 20.0);
	assert_true(l[1].width == 20.0);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linebreak_breaks_cjk_by_code_point),
		cmocka_unit_test(test_linebreak_never_starts_line_with_closing_punctuation),
		cmocka_unit_test(test_linebreak_never_ends_line_with_opening_punctuation),
		cmocka_unit_test(test_linebreak_keeps_ascii_punctuation_rules),
		cmocka_unit_test(test_linebreak_keeps_numbers_whole),
		cmocka_unit_test(test_linebreak_breaks_latin_at_spaces_and_drops_them),
		cmocka_unit_test(test_linebreak_splits_a_word_wider_than_the_line),
		cmocka_unit_test(test_linebreak_honours_explicit_newlines),
		cmocka_unit_test(test_linebreak_indents_the_first_line_of_each_paragraph),
		cmocka_unit_test(test_linebreak_empty_text_has_no_lines),
		cmocka_unit_test(test_linebreak_min_width_is_the_longest_unbreakable_piece),
		cmocka_unit_test(test_linebreak_keeps_a_number_and_its_unit_together),
		cmocka_unit_test(test_linebreak_unit_glue_ends_after_the_unit),
		cmocka_unit_test(test_linebreak_min_width_counts_the_unit),
		cmocka_unit_test(test_linebreak_is_figure_tells_numbers_from_text),
		cmocka_unit_test(test_linebreak_squeeze_pairs),
		cmocka_unit_test(test_linebreak_measures_squeezed_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
