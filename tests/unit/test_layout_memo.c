#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util/arena.h"
#include "render/layout/doc.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/layout/linebreak.h"
#include "tests/unit/layout_fixture.h"

/* The layout's memo (layout.c): a text is decoded and measured once per
 * font, size and track, however often a table breaks or measures it, and
 * every answer is the one a fresh layout gives. */

static unsigned long calls;
static char dummy_font[1]; /* never read: count_advance ignores it */

/* CJK 1 em, others 0.5 em, counted. */
static double count_advance(const struct font *f, unsigned cp)
{
	(void)f;
	calls++;
	return cp >= 0x2000 ? 1000.0 : 500.0;
}

/* Every role the dummy font, measured by count_advance. */
static struct font *counted[DOC_NFONTS];

/* A layout over f's doc that counts what it measures. */
static void init_layout(struct fixture *f)
{
	layout_init(&f->lo, &f->doc, counted);
	f->lo.advance = count_advance;
}

static int setup(void **state)
{
	struct fixture *f;
	int i;

	for (i = 0; i < DOC_NFONTS; i++)
		counted[i] = (struct font *)dummy_font;
	f = fixture_new(counted);
	f->lo.advance = count_advance;
	*state = f;
	return 0;
}

static const char *const texts[] = {
	"截至2019年底，全区建档立卡贫困人口由2013年的258.97万人减少到16.58万人，"
	"贫困发生率由19.4%下降到1.24%（《新疆日报》），累计减少242.39万人。",
	"建档立卡贫困人口（万人）",
	"喀什地区\n和田地区 克孜勒苏柯尔克孜自治州",
	"aaaaaaaaa", /* nine bytes, as the next */
	"中中中",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* A table bisects widths over one cell: its code points are measured a
 * bounded number of times (twice each: alone and after the one before),
 * not once per try. */
static void test_memo_measures_a_text_once(void **state)
{
	struct fixture *f = *state;
	const char *s = texts[0];
	struct linebreak_line *l;
	size_t ncp = 0, i;
	int k;

	for (i = 0; s[i]; i++)
		ncp += ((unsigned char)s[i] & 0xC0) != 0x80;
	calls = 0;
	for (k = 0; k < 40; k++) {
		layout_break(&f->lo, s, DOC_FONT_BODY, 10, 40 + 7.5 * k, 0, &l);
		free(l);
		(void)layout_text_width(&f->lo, DOC_FONT_BODY, 10, s, strlen(s));
		(void)layout_text_min_width(&f->lo, DOC_FONT_BODY, 10, s, strlen(s));
	}
	assert_true(calls > 0);
	assert_true(calls <= 2 * ncp);
}

/* Everything a warm layout answers, in any order and again, is what a
 * layout that never saw the text answers. */
static void test_memo_answers_as_a_fresh_layout(void **state)
{
	struct fixture *f = *state;
	static const double widths[] = { 12, 25, 33.3, 60, 95, 200, 1000 };
	const size_t nw = sizeof(widths) / sizeof(widths[0]);
	size_t t, w, i, n, m;
	int round, font;

	for (round = 0; round < 3; round++)
		for (t = 0; t < NTEXTS; t++)
			for (w = 0; w < nw; w++)
				for (font = 0; font < 2; font++) {
					struct fixture g = { f->a, f->doc, { 0 } };
					struct linebreak_line *a, *b;
					const char *s = texts[(t + (size_t)round) % NTEXTS];
					enum doc_font df = font ? DOC_FONT_HEADING : DOC_FONT_BODY;
					double indent = round == 1 ? 10 : 0, size = 9 + round;

					/* body text carries a track, headings none */
					f->lo.body_track = 0.5;
					f->lo.body_size = size;
					init_layout(&g);
					g.lo.body_track = 0.5;
					g.lo.body_size = size;
					n = layout_break(&f->lo, s, df, size, widths[w], indent, &a);
					m = layout_break(&g.lo, s, df, size, widths[w], indent, &b);
					assert_int_equal(n, m);
					for (i = 0; i < n; i++) {
						assert_int_equal(a[i].start, b[i].start);
						assert_int_equal(a[i].end, b[i].end);
						assert_true(a[i].width == b[i].width);
						assert_int_equal(a[i].first, b[i].first);
					}
					assert_true(layout_text_width(&f->lo, df, size, s, strlen(s)) ==
						    layout_text_width(&g.lo, df, size, s, strlen(s)));
					assert_true(layout_text_min_width(&f->lo, df, size, s, strlen(s)) ==
						    layout_text_min_width(&g.lo, df, size, s, strlen(s)));
					free(a);
					free(b);
					layout_release(&g.lo);
				}
}

/* The same bytes at another size, in another role, or two texts of the
 * same length: never one another's answer. */
static void test_memo_keys_on_text_size_and_role(void **state)
{
	struct fixture *f = *state;

	f->lo.body_size = 10;
	f->lo.body_track = 1;
	assert_true(layout_text_width(&f->lo, DOC_FONT_HEADING, 10, "中文", 6) == 20.0);
	assert_true(layout_text_width(&f->lo, DOC_FONT_BODY, 10, "中文", 6) == 22.0);
	assert_true(layout_text_width(&f->lo, DOC_FONT_HEADING, 20, "中文", 6) == 40.0);
	assert_true(layout_text_width(&f->lo, DOC_FONT_HEADING, 10, "aaaaaaaaa", 9) == 45.0);
	assert_true(layout_text_width(&f->lo, DOC_FONT_HEADING, 10, "中中中", 9) == 30.0);
	/* a prefix is its own text */
	assert_true(layout_text_width(&f->lo, DOC_FONT_HEADING, 10, "中中中", 6) == 20.0);
	/* a new track after layout_set_page-like changes */
	f->lo.body_track = 0;
	assert_true(layout_text_width(&f->lo, DOC_FONT_BODY, 10, "中文", 6) == 20.0);
}

/* A remembered break is handed out as a fresh array the caller frees. */
static void test_memo_breaks_are_copies(void **state)
{
	struct fixture *f = *state;
	const char *s = texts[0];
	struct linebreak_line *a, *b, keep[64];
	size_t n, m, i;

	n = layout_break(&f->lo, s, DOC_FONT_BODY, 10, 80, 0, &a);
	assert_true(n >= 2 && n <= 64);
	memcpy(keep, a, n * sizeof(*a));
	memset(a, 0, n * sizeof(*a));
	free(a);
	m = layout_break(&f->lo, s, DOC_FONT_BODY, 10, 80, 0, &b);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++) {
		assert_int_equal(keep[i].start, b[i].start);
		assert_int_equal(keep[i].end, b[i].end);
		assert_true(keep[i].width == b[i].width);
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_memo_measures_a_text_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memo_answers_as_a_fresh_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memo_keys_on_text_size_and_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memo_breaks_are_copies, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
