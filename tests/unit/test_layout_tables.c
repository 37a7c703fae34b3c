#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine/report.h"
#include "core/util/arena.h"
#include "render/layout/doc.h"
#include "render/layout/layout.h"
#include "tests/unit/layout_fixture.h"

/*
 * Tables as 统计公报 print them, laid out (render/layout/layout_table.c):
 * decimal alignment, header words, column widths, the 单位 line, the
 * smaller size of a wide table. Fonts are NULL: fixed metrics (CJK 1 em,
 * others 0.5 em), so at 10.5 pt a digit is 5.25 pt wide.
 */

/* A table of ncols columns and nrows rows, the first its header, body
 * cells aligned as align says (NULL: the layout's default). */
static struct layout_table table_of(const char **cells, size_t ncols, size_t nrows,
				    enum layout_align *align)
{
	struct layout_table t;

	memset(&t, 0, sizeof(t));
	t.ncols = ncols;
	t.nhead = 1;
	t.nrows = nrows;
	t.cells = cells;
	t.align = align;
	return t;
}

static int setup(void **state)
{
	struct fixture *f = fixture_new(NULL);

	/* the gongwen and bulletin table type (report_page.c) */
	f->lo.table_size = 10.5;
	f->lo.table_pad = 5.25;
	*state = f;
	return 0;
}

/* The text boxes of cell (r, c) on page 0, at most n, in order. */
static size_t cell_boxes(const struct doc *d, int r, int c, const struct box **out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < d->pages[0].n && k < n; i++) {
		const struct box *b = &d->pages[0].boxes[i];

		if (b->kind == BOX_TEXT && b->row == r && b->col == c &&
		    (b->role == ROLE_CELL || b->role == ROLE_HEADER_CELL))
			out[k++] = b;
	}
	return k;
}

static const struct box *find_text(const struct doc *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->pages[0].n; i++)
		if (d->pages[0].boxes[i].kind == BOX_TEXT &&
		    strcmp(d->pages[0].boxes[i].text, text) == 0)
			return &d->pages[0].boxes[i];
	return NULL;
}

static void test_decimal_column_aligns_on_the_point(void **state)
{
	struct fixture *f = *state;
	const char *cells[] = { "地区", "数值", "甲", "12.5", "乙", "3", "丙", "100.25",
				"丁", "\xe2\x80\x94", "戊", "7.5个百分点" };
	enum layout_align align[] = { ALIGN_LEFT, ALIGN_DECIMAL };
	struct layout_table t;
	const struct box *b = NULL;
	double point[5], dw = 10.5 / 2;
	size_t r;
	int i;

	t = table_of(cells, 2, 6, align);
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	for (r = 1, i = 0; r <= 5; r++) {
		const char *s = cells[2 * r + 1];
		const char *dot = strchr(s, '.');
		size_t head = dot ? (size_t)(dot - s) : strlen(s);

		assert_int_equal(cell_boxes(&f->doc, (int)r, 1, &b, 1), 1);
		if (r == 4) {
			/* "—" right-aligned, half a character in */
			assert_true(b->x + b->w <= f->lo.right - 5.25 + 1e-6);
			continue;
		}
		point[i++] = b->x + (double)head * dw;
	}
	for (r = 1; r < 4; r++)
		assert_true(point[r] > point[0] - 0.01 && point[r] < point[0] + 0.01);
	/* the widest decimals end half a character from the edge */
	assert_int_equal(cell_boxes(&f->doc, 3, 1, &b, 1), 1);
	assert_true(b->x + b->w <= f->lo.right - 5.25 + 1e-6);
}

/* Is s some consecutive words of w (NULL-terminated) run together? */
static int is_run_of(const char *s, const char *const *w)
{
	size_t i, j, k;

	for (i = 0; w[i]; i++)
		for (j = i, k = 0; w[j]; j++) {
			if (strncmp(s + k, w[j], strlen(w[j])) != 0)
				break;
			k += strlen(w[j]);
			if (!s[k])
				return 1;
		}
	return 0;
}

static const char *const words2013[] = { "2013年", "贫困", "发生率", "（%）", NULL };

static void test_header_wraps_only_between_words(void **state)
{
	struct fixture *f = *state;
	const char *cells[] = { "地区", "建档立卡" REPORT_HEAD_BREAK "贫困人口" REPORT_HEAD_BREAK "（万人）",
				"2013年贫困发生率（%）", "喀什地区", "308.90", "19.40" };
	enum layout_align align[] = { ALIGN_LEFT, ALIGN_DECIMAL, ALIGN_DECIMAL };
	struct layout_table t;
	const struct box *b[4];
	size_t n, i;

	t = table_of(cells, 3, 2, align);
	t.head_words = 1;
	/* narrow: each header needs three lines */
	f->lo.right = f->lo.left + 4 * 10.5 + 2 * 5.25 + 140;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	n = cell_boxes(&f->doc, 0, 1, b, 4);
	assert_int_equal(n, 3);
	assert_string_equal(b[0]->text, "建档立卡");
	assert_string_equal(b[1]->text, "贫困人口");
	assert_string_equal(b[2]->text, "（万人）");
	/* a title without marks wraps between the lexicon's words */
	n = cell_boxes(&f->doc, 0, 2, b, 4);
	assert_true(n >= 2);
	for (i = 0; i < n; i++)
		assert_true(is_run_of(b[i]->text, words2013));
	/* no U+200B is printed */
	for (i = 0; i < f->doc.pages[0].n; i++)
		assert_null(f->doc.pages[0].boxes[i].text
				    ? strstr(f->doc.pages[0].boxes[i].text, REPORT_HEAD_BREAK)
				    : NULL);
}

/* A default title (an indicator's name, no | marks) wraps between the
 * words of the lexicon, and words of report.words stay whole. */
static void test_header_lexicon_words(void **state)
{
	struct fixture *f = *state;
	const char *cells[] = { "地区", "未脱贫人口占全区比重", "棉花种植面积", "喀什地区", "47.89",
				"1.00" };
	const char *const extra[] = { "种植面积", NULL };
	const char *const words[] = { "未脱贫", "人口", "占全区", "比重", NULL };
	const char *const cotton[] = { "棉", "花", "种植面积", NULL };
	enum layout_align align[] = { ALIGN_LEFT, ALIGN_DECIMAL, ALIGN_DECIMAL };
	struct layout_table t;
	const struct box *b[6];
	size_t n, i;

	t = table_of(cells, 3, 2, align);
	t.head_words = 1;
	t.words = extra;
	t.nwords = 1;
	/* room for about four characters a column */
	f->lo.right = f->lo.left + 3 * (4 * 10.5 + 2 * 5.25) + 1;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	n = cell_boxes(&f->doc, 0, 1, b, 6);
	assert_true(n >= 2);
	for (i = 0; i < n; i++)
		assert_true(is_run_of(b[i]->text, words));
	n = cell_boxes(&f->doc, 0, 2, b, 6);
	assert_true(n >= 2);
	for (i = 0; i < n; i++)
		assert_true(is_run_of(b[i]->text, cotton));
}

static void test_wide_table_goes_to_xiao_wu_before_splitting_words(void **state)
{
	struct fixture *f = *state;
	/* ten characters no word of the lexicon covers: one word */
	const char *cells[] = { "地区", "棉花种植面积核桃产量", "喀什地区", "47.89" };
	enum layout_align align[] = { ALIGN_LEFT, ALIGN_DECIMAL };
	struct layout_table t;
	const struct box *b = NULL;

	t = table_of(cells, 2, 2, align);
	t.head_words = 1;
	/* room for ten characters at 9 pt, not at 10.5 pt */
	f->lo.right = f->lo.left + 4 * 9 + 4.5 * 2 + 10 * 9 + 4.5 * 2 + 1;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	assert_int_equal(cell_boxes(&f->doc, 0, 1, &b, 1), 1);
	assert_string_equal(b->text, "棉花种植面积核桃产量");
	assert_true(b->size == 9.0);
	assert_true(f->lo.table_size == 10.5); /* the next table starts over */
}

static void test_column_width_as_configured(void **state)
{
	struct fixture *f = *state;
	const char *cells[] = { "地区", "数值", "喀什地区", "1.00" };
	const double width[] = { 0, 100 };
	struct layout_table t;
	double w[2];

	(void)f;
	t = table_of(cells, 2, 2, NULL);
	t.width = width;
	layout_table_widths(&f->lo, &t, 400, w);
	assert_true(w[1] > 100 - 1e-9 && w[1] < 100 + 1e-9);
	assert_true(w[0] > 300 - 1e-9 && w[0] < 300 + 1e-9);
}

static void test_unit_line_above_the_table_at_its_right(void **state)
{
	struct fixture *f = *state;
	const char *cells[] = { "地区", "数值", "喀什地区", "1.00" };
	struct layout_table t;
	const struct box *u, *h;

	t = table_of(cells, 2, 2, NULL);
	t.unit_line = "单位：万人";
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	u = find_text(&f->doc, "单位：万人");
	h = find_text(&f->doc, "数值");
	assert_non_null(u);
	assert_non_null(h);
	assert_true(u->y + u->h <= h->y);
	/* text goes to a quarter point (layout_text_at) */
	assert_true(u->x + u->w > f->lo.right - 0.26 && u->x + u->w < f->lo.right + 0.26);
}

/* A grouped table (report_group.c): the group's header row spans the
 * table (its long name on one line, beyond the 地区 column, which it does
 * not widen) in the heading font; the 小计 label is in the heading font,
 * its figure in the body's; in a grid table no inner vertical rule
 * crosses the group's row; the other rows are as before. */
static void test_group_rows_span_in_the_heading_font(void **state)
{
	struct fixture *f = *state;
	static const char *const all[] = { "地区", "数值", "数值二",
					   "克孜勒苏柯尔克孜自治州", "", "",
					   "阿图什市", "1.00", "2.00",
					   "小计", "1.00", "2.00" };
	const char *cells[12];
	const unsigned char kind[] = { LAYOUT_ROW_PLAIN, LAYOUT_ROW_GROUP, LAYOUT_ROW_PLAIN,
				       LAYOUT_ROW_SUBTOTAL };
	struct layout_table t;
	const struct box *g, *c, *s, *v, *b;
	double w[3], w0[3];
	size_t i, crossing = 0, inner = 0;

	memcpy(cells, all, sizeof(all));
	t = table_of(cells, 3, 4, NULL);
	t.row_kind = kind;
	/* the columns are as wide as without the group's row */
	layout_table_widths(&f->lo, &t, 200, w);
	memmove(cells + 3, cells + 6, 6 * sizeof(*cells));
	t.nrows = 3;
	t.row_kind = NULL;
	layout_table_widths(&f->lo, &t, 200, w0);
	for (i = 0; i < 3; i++)
		assert_true(w[i] > w0[i] - 1e-9 && w[i] < w0[i] + 1e-9);
	memcpy(cells, all, sizeof(all));
	t.nrows = 4;
	t.row_kind = kind;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	g = find_text(&f->doc, "克孜勒苏柯尔克孜自治州");
	c = find_text(&f->doc, "阿图什市");
	s = find_text(&f->doc, "小计");
	assert_non_null(g);
	assert_non_null(c);
	assert_non_null(s);
	assert_int_equal(g->font, DOC_FONT_HEADING);
	assert_int_equal(s->font, DOC_FONT_HEADING);
	assert_int_equal(c->font, DOC_FONT_BODY);
	assert_true(g->x > c->x - 0.26 && g->x < c->x + 0.26); /* at the left, as the names */
	for (i = 0; i < f->doc.pages[0].n; i++) {
		v = &f->doc.pages[0].boxes[i];
		if (v->kind == BOX_TEXT && v->row == 3 && v->col == 1)
			assert_int_equal(v->font, DOC_FONT_BODY);
	}
	/* the group row's extent: from the rule above it to the one below */
	for (i = 0; i < f->doc.pages[0].n; i++) {
		b = &f->doc.pages[0].boxes[i];
		if (b->kind != BOX_LINE || b->w != 0 || b->x < f->lo.left + 1 ||
		    b->x > f->lo.right - 1)
			continue;
		inner++;
		if (b->y < g->y + g->h / 2 && b->y + b->h > g->y + g->h / 2)
			crossing++;
	}
	assert_true(inner >= 2);
	assert_int_equal(crossing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decimal_column_aligns_on_the_point, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_wraps_only_between_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_lexicon_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_table_goes_to_xiao_wu_before_splitting_words,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_column_width_as_configured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_line_above_the_table_at_its_right, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_group_rows_span_in_the_heading_font, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
