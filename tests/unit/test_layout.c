#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/config/config_node.h"
#include "core/engine/report.h"
#include "core/config/expr.h"
#include "core/engine/metrics.h"
#include "render/layout/doc.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/layout/text.h"
#include "tests/unit/layout_fixture.h"

/* Fonts are NULL throughout: fixed metrics (CJK 1 em, others 0.5 em). */

static int setup(void **state)
{
	*state = fixture_new(NULL);
	return 0;
}

/* The first text box on page p with this role, or NULL. */
static const struct box *find_role(const struct doc *d, int p, enum box_role role)
{
	size_t i;

	for (i = 0; i < d->pages[p].n; i++)
		if (d->pages[p].boxes[i].kind == BOX_TEXT && d->pages[p].boxes[i].role == role)
			return &d->pages[p].boxes[i];
	return NULL;
}

static const struct box *find_text(const struct doc *d, int p, const char *text)
{
	size_t i;

	for (i = 0; i < d->pages[p].n; i++)
		if (d->pages[p].boxes[i].kind == BOX_TEXT &&
		    strcmp(d->pages[p].boxes[i].text, text) == 0)
			return &d->pages[p].boxes[i];
	return NULL;
}

/* A table of nrows body rows: 地区 | 数值 with one header row. */
struct tbl {
	struct layout_table t;
	const char *cells[2 * 201];
	char buf[200][32];
	enum layout_align align[2];
};

static void make_table(struct tbl *x, size_t nbody)
{
	size_t r;

	memset(x, 0, sizeof(*x));
	x->cells[0] = "地区";
	x->cells[1] = "贫困发生率";
	for (r = 0; r < nbody; r++) {
		snprintf(x->buf[r], sizeof(x->buf[r]), "%zu.%02zu%%", r, r % 100);
		x->cells[2 * (r + 1)] = "喀什地区";
		x->cells[2 * (r + 1) + 1] = x->buf[r];
	}
	x->align[0] = ALIGN_LEFT;
	x->align[1] = ALIGN_RIGHT;
	x->t.title = "表2 各地州主要指标";
	x->t.ncols = 2;
	x->t.nhead = 1;
	x->t.nrows = nbody + 1;
	x->t.cells = x->cells;
	x->t.align = x->align;
}

static void test_layout_table_widths_fill_the_width_in_proportion(void **state)
{
	struct fixture *f = *state;
	struct tbl x;
	double w[2];

	make_table(&x, 3);
	layout_table_widths(&f->lo, &x.t, 400, w);
	assert_true(w[0] + w[1] > 399.999 && w[0] + w[1] < 400.001);
	/* 贫困发生率 is the widest content: its column is wider. */
	assert_true(w[1] > w[0]);
}

static void test_layout_table_widths_keep_unbreakable_numbers_whole(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	const char *cells[] = { "说明", "数值",
				"这是一段很长很长的说明文字需要换行才能放得下的内容", "12345678.90" };
	double w[2], num = 11 * 4.5 + 8; /* 11 ASCII at 9 pt / 2, padding 2 x 4 */

	(void)f;
	memset(&t, 0, sizeof(t));
	t.ncols = 2;
	t.nhead = 1;
	t.nrows = 2;
	t.cells = cells;
	layout_table_widths(&f->lo, &t, 150, w);
	assert_true(w[1] >= num - 1e-9);
	assert_true(w[0] + w[1] > 149.999 && w[0] + w[1] < 150.001);
}

static void test_layout_table_widths_shrink_when_minimums_do_not_fit(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	const char *cells[] = { "1234567890", "1234567890" };
	double w[2];

	memset(&t, 0, sizeof(t));
	t.ncols = 2;
	t.nrows = 1;
	t.cells = cells;
	layout_table_widths(&f->lo, &t, 60, w);
	assert_true(w[0] + w[1] > 59.999 && w[0] + w[1] < 60.001);
	assert_true(w[0] > 29.99 && w[0] < 30.01);
}

static void test_layout_long_table_repeats_header_and_never_splits_rows(void **state)
{
	struct fixture *f = *state;
	struct tbl x;
	int row_page[101];
	size_t p, i;

	make_table(&x, 100);
	memset(row_page, -1, sizeof(row_page));
	layout_new_page(&f->lo);
	layout_table(&f->lo, &x.t);
	assert_true(f->doc.npages >= 3);
	for (p = 0; p < f->doc.npages; p++) {
		const struct doc_page *pg = &f->doc.pages[p];
		const struct box *first = NULL;

		for (i = 0; i < pg->n; i++) {
			const struct box *b = &pg->boxes[i];

			if (b->row < 0)
				continue;
			if (!first && b->kind == BOX_TEXT)
				first = b;
			/* every box of a row lies on one page, inside the margins */
			if (b->row > 0) {
				assert_true(row_page[b->row] < 0 || row_page[b->row] == (int)p);
				row_page[b->row] = (int)p;
			}
			assert_true(b->y + (b->kind == BOX_RECT ? b->h : 0) <=
				    f->lo.bottom + 0.01);
		}
		assert_non_null(first);
		assert_int_equal(first->role, ROLE_HEADER_CELL);
		assert_string_equal(first->text, "地区");
		if (p > 0)
			assert_non_null(find_text(&f->doc, (int)p, "续表 表2 各地州主要指标"));
	}
	for (i = 1; i <= 100; i++)
		assert_true(row_page[i] >= 0);
}

/* How many lines (text boxes) cell (row, col) was set in, over all pages. */
static size_t cell_lines(const struct doc *d, int row, int col)
{
	size_t p, i, n = 0;

	for (p = 0; p < d->npages; p++)
		for (i = 0; i < d->pages[p].n; i++)
			n += d->pages[p].boxes[i].kind == BOX_TEXT && d->pages[p].boxes[i].row == row &&
			     d->pages[p].boxes[i].col == col;
	return n;
}

static void test_layout_table_numeric_cells_never_wrap(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	const char *cells[] = { "地区", "建档立卡贫困人口", "未脱贫人口",
				"克孜勒苏柯尔克孜自治州", "0.00万人", "16.58万人",
				"阿图什市", "123.23万人", "-3107个" };
	double w[3], fig = 5 * 4.5 + 2 * 9 + 2 * 4; /* "16.58万人" + padding */

	memset(&t, 0, sizeof(t));
	t.ncols = 3;
	t.nhead = 1;
	t.nrows = 3;
	t.cells = cells;
	/* So narrow that the region names and headers must wrap. */
	layout_table_widths(&f->lo, &t, 150, w);
	assert_true(w[1] >= 6 * 4.5 + 18 + 8 - 1e-9); /* "123.23万人" */
	assert_true(w[2] >= fig - 1e-9);
	assert_true(w[0] + w[1] + w[2] > 149.999 && w[0] + w[1] + w[2] < 150.001);
	f->lo.right = f->lo.left + 150;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	assert_int_equal(cell_lines(&f->doc, 1, 1), 1);
	assert_int_equal(cell_lines(&f->doc, 1, 2), 1);
	assert_int_equal(cell_lines(&f->doc, 2, 1), 1);
	assert_int_equal(cell_lines(&f->doc, 2, 2), 1);
	assert_true(cell_lines(&f->doc, 1, 0) >= 2); /* the text column wraps */
}

static void test_layout_table_sets_short_columns_whole(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	const char *cells[] = { "地区", "情况",
				"65 新疆维吾尔自治区",
				"原文年均增长12.09%；由5400元增至12035元（2013—2019年，6年）的复合年均增长率为14.29%，与原文不符" };
	double w[2], name = 3 * 4.5 + 8 * 9 + 8;

	memset(&t, 0, sizeof(t));
	t.ncols = 2;
	t.nhead = 1;
	t.nrows = 2;
	t.cells = cells;
	layout_table_widths(&f->lo, &t, 400, w);
	/* The short cell gets its whole width; the long one wraps. */
	assert_true(w[0] >= name - 1e-6);
	assert_true(w[0] + w[1] > 399.999 && w[0] + w[1] < 400.001);
}

/* A short column set whole beside long wrapping text (the 指标说明
 * appendix: a target column of "—" and one long target) gives up the width
 * it can spare without making a row taller: the long text takes fewer
 * lines and the table gets shorter. */
static void test_layout_table_gives_spare_width_to_wrapping_text(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	static const char *const body[][3] = {
		{"指标甲", "历年累计识别的建档立卡贫困人口数（2013年为建档立卡前的基期贫困人口）", "—"},
		{"指标乙", "已经退出的建档立卡贫困村个数（村级数据：退出当年起为1）", "—"},
		{"指标丙", "有扶贫任务的非贫困县（县级数据，是为1）", "2020年降至0.00万人"},
	};
	const char *cells[12] = {"指标", "定义", "目标"};
	size_t r, c, lines = 0;
	double w[3];

	for (r = 0; r < 3; r++)
		for (c = 0; c < 3; c++)
			cells[3 + 3 * r + c] = body[r][c];
	memset(&t, 0, sizeof(t));
	t.ncols = 3;
	t.nhead = 1;
	t.nrows = 4;
	t.cells = cells;
	f->lo.right = f->lo.left + 200;
	layout_table_widths(&f->lo, &t, 200, w);
	/* the first widths: the target column as wide as the definitions */
	assert_true(w[2] > 80);
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	for (r = 1; r <= 3; r++)
		lines += cell_lines(&f->doc, (int)r, 1);
	/* the first widths give 12 lines of definitions in all and the target
	 * 2; rebalanced, 8 lines in all and the target 3 (fixed advances) */
	assert_true(lines <= 9);
	assert_true(cell_lines(&f->doc, 3, 2) >= 3);
}

static void test_layout_table_header_wraps_into_even_lines(void **state)
{
	struct fixture *f = *state;
	struct layout_table t;
	const char *cells[] = { "建档立卡贫困人口", "12万人" };
	double w = 7 * 9 + 8; /* room for 7 of the 8 characters */
	const struct box *b;
	size_t i;

	memset(&t, 0, sizeof(t));
	t.ncols = 1;
	t.nhead = 1;
	t.nrows = 2;
	t.cells = cells;
	f->lo.right = f->lo.left + w;
	layout_new_page(&f->lo);
	layout_table(&f->lo, &t);
	/* 4 + 4, not 7 + a lone 口 */
	for (i = 0; i < f->doc.pages[0].n; i++) {
		b = &f->doc.pages[0].boxes[i];
		if (b->kind == BOX_TEXT && b->row == 0)
			assert_int_equal(strlen(b->text), 4 * 3);
	}
	assert_int_equal(cell_lines(&f->doc, 0, 0), 2);
}

/* Body rows of x (1..nbody) on each page: the count on page p. */
static size_t rows_on_page(const struct doc *d, size_t p)
{
	size_t i, n = 0;

	for (i = 0; i < d->pages[p].n; i++)
		n += d->pages[p].boxes[i].kind == BOX_TEXT && d->pages[p].boxes[i].row > 0 &&
		     d->pages[p].boxes[i].col == 0;
	return n;
}

static void test_layout_table_leaves_no_lone_rows_on_a_continuation_page(void **state)
{
	struct fixture *f = *state;
	size_t nbody, p;

	(void)f;
	/* Whatever the length, the last page gets three rows or more, and the
	 * total row is never there alone. */
	for (nbody = 20; nbody < 80; nbody++) {
		struct arena *a = arena_new();
		struct doc doc;
		struct layout lo;
		struct tbl x;

		doc_init(&doc, a);
		layout_init(&lo, &doc, NULL);
		make_table(&x, nbody);
		x.t.total = 1;
		layout_new_page(&lo);
		layout_table(&lo, &x.t);
		p = doc.npages - 1;
		if (doc.npages > 1)
			assert_true(rows_on_page(&doc, p) >= 3);
		for (p = 0; p < doc.npages; p++)
			assert_true(rows_on_page(&doc, p) >= 1);
		layout_release(&lo);
		doc_release(&doc);
		arena_free(a);
	}
}

static void test_layout_short_table_is_kept_whole(void **state)
{
	struct fixture *f = *state;
	struct tbl x;

	make_table(&x, 6);
	layout_new_page(&f->lo);
	/* Room for the caption, header and a few rows, not all six. */
	f->lo.y = f->lo.bottom - 90;
	layout_table(&f->lo, &x.t);
	assert_int_equal(f->doc.npages, 2);
	assert_int_equal(rows_on_page(&f->doc, 0), 0);
	assert_int_equal(rows_on_page(&f->doc, 1), 6);
	assert_null(find_text(&f->doc, 1, "续表 表2 各地州主要指标"));
}

static void test_layout_paragraph_leaves_no_widow_line(void **state)
{
	struct fixture *f = *state;
	char s[3 * 42 * 6 + 1];
	double lh = LAYOUT_BODY_SIZE * LAYOUT_LINE_HEIGHT;
	size_t i, n0, n1, k;

	(void)f;
	/* 6 lines of 42 characters (the page is 42 wide); then start it at
	 * every height where it does not fit whole. */
	for (i = 0; i < 42 * 6 - 8; i++)
		memcpy(s + 3 * i, "贫", 3);
	s[3 * i] = '\0';
	for (k = 1; k < 6; k++) {
		struct arena *a = arena_new();
		struct doc doc;
		struct layout lo;

		doc_init(&doc, a);
		layout_init(&lo, &doc, NULL);
		layout_new_page(&lo);
		lo.y = lo.bottom - (double)k * lh - 1;
		layout_paragraph(&lo, s);
		n0 = n1 = 0;
		for (i = 0; i < doc.pages[0].n; i++)
			n0 += doc.pages[0].boxes[i].role == ROLE_BODY;
		for (i = 0; doc.npages > 1 && i < doc.pages[1].n; i++)
			n1 += doc.pages[1].boxes[i].role == ROLE_BODY;
		assert_true(n0 == 0 || n0 >= 2);
		assert_true(n1 == 0 || n1 >= 2);
		layout_release(&lo);
		doc_release(&doc);
		arena_free(a);
	}
}

static void test_layout_paragraph_justifies_all_lines_but_the_last(void **state)
{
	struct fixture *f = *state;
	const struct box *first = NULL, *last = NULL;
	size_t i;

	layout_paragraph(&f->lo, "截至2019年底，新疆建档立卡贫困人口总规模77.97万户，合计308.9万人、"
				 "贫困村3666个、贫困县35个。目前，尚有10个县未摘帽。");
	for (i = 0; i < f->doc.pages[0].n; i++)
		if (f->doc.pages[0].boxes[i].role == ROLE_BODY) {
			if (!first)
				first = &f->doc.pages[0].boxes[i];
			last = &f->doc.pages[0].boxes[i];
		}
	assert_non_null(first);
	assert_true(first != last);
	assert_true(first->char_space > 0);
	assert_true(first->char_space <= 0.2 * first->size + 1e-9);
	assert_true(last->char_space == 0);
}

/* The lines of one paragraph share a block number, the next paragraph's
 * differ (a tagged PDF makes a P of each). */
static void test_layout_paragraph_lines_share_their_block(void **state)
{
	struct fixture *f = *state;
	int blocks[8] = {0}, nb = 0;
	size_t i, lines = 0;

	layout_paragraph(&f->lo, "截至2019年底，新疆建档立卡贫困人口总规模77.97万户，合计308.9万人、"
				 "贫困村3666个、贫困县35个。目前，尚有10个县未摘帽。");
	layout_paragraph(&f->lo, "全区各地州贫困发生率均有下降。");
	for (i = 0; i < f->doc.pages[0].n; i++) {
		const struct box *b = &f->doc.pages[0].boxes[i];

		if (b->role != ROLE_BODY)
			continue;
		lines++;
		assert_true(b->block > 0);
		if (!nb || blocks[nb - 1] != b->block)
			blocks[nb++] = b->block;
	}
	assert_true(lines >= 3);
	assert_int_equal(nb, 2);
}

static void test_layout_kpi_wraps_a_long_label(void **state)
{
	struct fixture *f = *state;
	const char *fig[] = { "16.58万人", "1.24%", "559个", "10个", "9195元" };
	const char *lab[] = { "未脱贫人口", "贫困发生率", "未退出贫困村", "未摘帽贫困县",
			      "建档立卡贫困户人均纯收入" };
	const struct box *b;
	size_t i, n = 0;

	layout_kpi(&f->lo, 5, fig, lab);
	for (i = 0; i < f->doc.pages[0].n; i++) {
		b = &f->doc.pages[0].boxes[i];
		if (b->kind == BOX_TEXT && b->role == ROLE_KPI && b->size == 9) {
			n++;
			assert_true(b->w <= (f->lo.right - f->lo.left) / 5);
		}
	}
	/* four one-line labels and one in two lines, all at full size */
	assert_int_equal(n, 6);
}

static void test_layout_heading_is_kept_with_the_next_block(void **state)
{
	struct fixture *f = *state;
	const struct box *h;

	layout_new_page(&f->lo);
	/* Leave room for the heading but not for it plus two lines. */
	f->lo.y = f->lo.bottom - 30;
	layout_heading(&f->lo, "二、分地区进展", 0, 1);
	layout_paragraph(&f->lo, "全区各地州贫困发生率均有下降。");
	assert_int_equal(f->doc.npages, 2);
	assert_null(find_role(&f->doc, 0, ROLE_HEADING));
	h = find_role(&f->doc, 1, ROLE_HEADING);
	assert_non_null(h);
	assert_string_equal(h->text, "二、分地区进展");
	assert_int_equal(f->doc.noutlines, 1);
	assert_int_equal(f->doc.outlines[0].page, 1);
	assert_int_equal(f->lo.nentries, 1);
}

static void test_layout_paragraph_indents_two_characters(void **state)
{
	struct fixture *f = *state;
	const struct box *b;

	layout_paragraph(&f->lo, "截至2019年底，全区建档立卡贫困人口累计减少。");
	b = find_role(&f->doc, 0, ROLE_BODY);
	assert_non_null(b);
	assert_true(b->x > f->lo.left + 2 * LAYOUT_BODY_SIZE - 0.01);
	assert_true(b->x < f->lo.left + 2 * LAYOUT_BODY_SIZE + 0.01);
}

static void test_layout_paragraph_flows_onto_new_pages(void **state)
{
	struct fixture *f = *state;
	char *s = calloc(1, 3 * 2000 + 1);
	size_t i;

	for (i = 0; i < 2000; i++)
		memcpy(s + 3 * i, "贫", 3);
	layout_paragraph(&f->lo, s);
	assert_true(f->doc.npages >= 2);
	for (i = 0; i < f->doc.pages[0].n; i++)
		assert_true(f->doc.pages[0].boxes[i].y <= f->lo.bottom);
	free(s);
}

static void test_layout_footer_counts_pages_and_skips_the_cover(void **state)
{
	struct fixture *f = *state;

	layout_new_page(&f->lo);
	layout_new_page(&f->lo);
	layout_new_page(&f->lo);
	f->lo.first_numbered = 1;
	f->lo.header = "脱贫攻坚进展报告";
	layout_finish(&f->lo);
	assert_null(find_role(&f->doc, 0, ROLE_PAGE_FOOTER));
	assert_non_null(find_text(&f->doc, 1, "第 2 页 / 共 3 页"));
	assert_non_null(find_text(&f->doc, 2, "第 3 页 / 共 3 页"));
	assert_non_null(find_text(&f->doc, 2, "脱贫攻坚进展报告"));
}

static void test_layout_kpi_strip_places_figures_and_labels(void **state)
{
	struct fixture *f = *state;
	const char *fig[] = { "16.58万人", "1.24%", "0个" };
	const char *lab[] = { "剩余贫困人口", "贫困发生率", "未摘帽县" };

	layout_kpi(&f->lo, 3, fig, lab);
	assert_non_null(find_text(&f->doc, 0, "1.24%"));
	assert_non_null(find_text(&f->doc, 0, "未摘帽县"));
	assert_true(find_text(&f->doc, 0, "1.24%")->x > find_text(&f->doc, 0, "16.58万人")->x);
}

static void test_text_write_joins_table_cells_by_row(void **state)
{
	struct fixture *f = *state;
	struct tbl x;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	make_table(&x, 2);
	layout_paragraph(&f->lo, "正文。");
	layout_table(&f->lo, &x.t);
	assert_int_equal(text_write(&f->doc, out), 0);
	fclose(out);
	assert_string_equal(buf, "=== page 1 ===\n"
				 "正文。\n"
				 "表2 各地州主要指标\n"
				 "地区 | 贫困发生率\n"
				 "喀什地区 | 0.00%\n"
				 "喀什地区 | 1.01%\n");
	free(buf);
}

static void test_layout_measures_with_real_fonts(void **state)
{
	struct fixture *f = *state;
	struct diag d;
	struct font *fonts[DOC_NFONTS];
	const char *s = "截至2019年底，全区建档立卡贫困人口由2013年的258.97万人减少到16.58万人，"
			"贫困发生率由19.4%下降到1.24%（《新疆日报》），累计减少242.39万人。";
	size_t i, lines = 0;

	diag_init(&d);
	fonts[DOC_FONT_BODY] = font_open("AR PL UMing CN", &d);
	fonts[DOC_FONT_HEADING] = font_open("WenQuanYi Zen Hei", &d);
	/* The fonts are a dependency (scripts/deps.sh): missing is a failure. */
	assert_non_null(fonts[DOC_FONT_BODY]);
	assert_non_null(fonts[DOC_FONT_HEADING]);
	layout_init(&f->lo, &f->doc, fonts);
	f->lo.advance = font_advance;
	/* AR PL UMing: digits are half an em. */
	assert_true(layout_text_width(&f->lo, DOC_FONT_BODY, 10, "2019", 4) == 20.0);
	layout_paragraph(&f->lo, s);
	for (i = 0; i < f->doc.pages[0].n; i++) {
		const struct box *b = &f->doc.pages[0].boxes[i];

		assert_true(b->x + b->w <= f->lo.right + 0.01);
		assert_true(strncmp(b->text, "，", 3) != 0 && strncmp(b->text, "。", 3) != 0);
		lines++;
	}
	assert_true(lines >= 2);
	font_free(fonts[DOC_FONT_BODY]);
	font_free(fonts[DOC_FONT_HEADING]);
	diag_release(&d);
	font_cleanup(); /* fontconfig's global state, for the leak checker */
}

/* A hand-made report: region 新疆 with prefectures 喀什地区 (one county) and
 * 和田地区, years 2018-2019, two indicators. */
struct rfix {
	struct arena *a;
	struct doc doc;
	struct diag d;
	struct cfg cfg;
	struct results res;
	struct regions rg;
	struct cfg_indicator ind[2];
	struct cfg_section sec[2];
	struct cfg_block blk[4];
	struct cfg_piece text[5], title0, title1, body1[2];
	struct cfg_column cols[3];
	int kpis[2];
	double v[2 * 4 * 2];
	char *out;
};

static const char *codes[] = { "65", "6531", "653101", "6532" };
static const char *names[] = { "新疆", "喀什地区", "喀什市", "和田地区" };
static int parents[] = { -1, 0, 1, 0 };
static int levels[] = { 0, 1, 2, 1 };
static int cstart[] = { 0, 2, 3, 3, 3 };
static int clist[] = { 1, 3, 2 };
static const char *lvnames[] = { "region", "prefecture", "county" };

static void lit(struct cfg_piece *p, const char *s)
{
	memset(p, 0, sizeof(*p));
	p->lit = s;
	p->ind = -1;
	p->decimals = -1;
}

static void special(struct cfg_piece *p, const char *s)
{
	lit(p, NULL);
	p->special = s;
}

static void rfix_cfg(struct rfix *f)
{
	struct numfmt persons = { "人", 4, "万", 2, ROUND_HALF_UP, 0 };
	struct numfmt pct = { "%", 0, "", 2, ROUND_HALF_UP, 0 };

	f->ind[0].id = "remaining";
	f->ind[0].name = "剩余贫困人口";
	f->ind[0].fmt = persons;
	f->ind[1].id = "incidence";
	f->ind[1].name = "贫困发生率";
	f->ind[1].fmt = pct;
	f->ind[1].target.present = 1;
	f->ind[1].target.value = 0;
	f->ind[1].target.by.kind = PERIOD_YEAR;
	f->ind[1].target.by.ord = 2020;
	f->ind[1].target.direction = DIR_DOWN;
	f->ind[1].target.on_track = 90;
	f->ind[1].target.at_risk = 70;
	f->cfg.ind = f->ind;
	f->cfg.nind = 2;
	f->cfg.levels = lvnames;
	f->cfg.nlevels = 3;
	f->cfg.report.title = "新疆脱贫攻坚进展报告";
	f->cfg.report.office = "扶贫开发领导小组办公室";
	f->cfg.report.date = "2020-04-24";
	f->cfg.report.toc = 1;
	f->cfg.report.cover = 1;
}

static void rfix_sections(struct rfix *f)
{
	struct expr_error err;
	struct expr *e = expr_parse("remaining", 9, f->a, &err);

	assert_non_null(e);
	e->ind = 0;
	lit(&f->text[0], "截至");
	special(&f->text[1], "period");
	lit(&f->text[2], "年底，剩余贫困人口");
	lit(&f->text[3], NULL);
	f->text[3].expr = e;
	f->text[3].ind = 0;
	lit(&f->text[4], "。");
	f->blk[0].kind = BLOCK_TEXT;
	f->blk[0].text.pieces = f->text;
	f->blk[0].text.n = 5;
	f->kpis[0] = 0;
	f->kpis[1] = 1;
	f->blk[1].kind = BLOCK_KPI;
	f->blk[1].kpis = f->kpis;
	f->blk[1].nkpis = 2;
	f->cols[0].ind = 0;
	f->cols[0].decimals = -1;
	f->cols[1].ind = 1;
	f->cols[1].decimals = -1;
	f->cols[2].ind = 1;
	f->cols[2].decimals = -1;
	f->cols[2].measure = MEASURE_STATUS;
	f->blk[2].kind = BLOCK_TABLE;
	f->blk[2].table.title = "表1 {period}年各地州";
	f->blk[2].table.rows = ROWS_CHILDREN;
	f->blk[2].table.cols = f->cols;
	f->blk[2].table.ncols = 3;
	f->blk[2].table.total = 1;
	f->blk[2].table.sort_col = 1;
	f->blk[2].table.sort_desc = 1;
	lit(&f->title0, "一、总体进展");
	f->sec[0].title.pieces = &f->title0;
	f->sec[0].title.n = 1;
	f->sec[0].each = -1;
	f->sec[0].blocks = f->blk;
	f->sec[0].nblocks = 3;
	special(&f->title1, "region.name");
	f->sec[1].title.pieces = &f->title1;
	f->sec[1].title.n = 1;
	f->sec[1].each = 1;
	lit(&f->body1[0], "本地区为");
	special(&f->body1[1], "region.code");
	f->blk[3].kind = BLOCK_TEXT;
	f->blk[3].text.pieces = f->body1;
	f->blk[3].text.n = 2;
	f->sec[1].blocks = &f->blk[3];
	f->sec[1].nblocks = 1;
	f->cfg.sections = f->sec;
	f->cfg.nsections = 2;
}

static void rfix_results(struct rfix *f)
{
	/* remaining: 新疆, 喀什, 喀什市, 和田 x 2018, 2019 */
	static const double rem[] = { 650000, 165800, 100000, 41500, 20000, 10000, 60000, 22500 };
	static const double inc[] = { 6.51, 1.24, 12.0, 2.5, 4.0, 1.0, 10.0, 0.5 };

	f->rg.n = 4;
	f->rg.code = codes;
	f->rg.name = names;
	f->rg.parent = parents;
	f->rg.level = levels;
	f->rg.child_start = cstart;
	f->rg.child_list = clist;
	memcpy(f->v, rem, sizeof(rem));
	memcpy(f->v + 8, inc, sizeof(inc));
	f->res.cfg = &f->cfg;
	f->res.reg = &f->rg;
	f->res.axis.kind = PERIOD_YEAR;
	f->res.axis.first = 2018;
	f->res.axis.n = 2;
	f->res.nind = 2;
	f->res.nreg = 4;
	f->res.nper = 2;
	f->res.v = f->v;
	f->res.report_period = 1;
	f->res.report_region = 0;
}

/* The report model of the fixture, laid out into doc. */
static int build_and_lay_out(struct rfix *f, struct font *fonts[DOC_NFONTS], struct doc *doc)
{
	struct report rep;

	if (report_build(&f->cfg, &f->res, doc->arena, &f->d, &rep) < 0)
		return -1;
	return layout_report(&rep, fonts, doc, &f->d);
}

static int rsetup(void **state)
{
	struct rfix *f = calloc(1, sizeof(*f));
	struct font *fonts[DOC_NFONTS] = { NULL, NULL };
	size_t len = 0;
	FILE *out;

	f->a = arena_new();
	diag_init(&f->d);
	doc_init(&f->doc, f->a);
	rfix_cfg(f);
	rfix_sections(f);
	rfix_results(f);
	assert_int_equal(build_and_lay_out(f, fonts, &f->doc), 0);
	out = open_memstream(&f->out, &len);
	assert_int_equal(text_write(&f->doc, out), 0);
	fclose(out);
	if (getenv("LAYOUT_DUMP"))
		fputs(f->out, stderr);
	*state = f;
	return 0;
}

static int rteardown(void **state)
{
	struct rfix *f = *state;

	free(f->out);
	doc_release(&f->doc);
	diag_release(&f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static void test_report_has_cover_toc_and_body_pages(void **state)
{
	struct rfix *f = *state;

	assert_int_equal(f->doc.npages, 3);
	assert_non_null(find_text(&f->doc, 0, "新疆脱贫攻坚进展报告"));
	assert_non_null(find_text(&f->doc, 0, "2020年4月24日"));
	assert_null(find_role(&f->doc, 0, ROLE_PAGE_FOOTER));
	assert_non_null(find_text(&f->doc, 1, "目  录"));
	assert_non_null(find_text(&f->doc, 2, "第 3 页 / 共 3 页"));
	assert_string_equal(f->doc.date, "D:20200424000000");
	assert_string_equal(f->doc.author, "扶贫开发领导小组办公室");
}

static void test_report_expands_text_placeholders(void **state)
{
	struct rfix *f = *state;

	assert_non_null(strstr(f->out, "截至2019年底，剩余贫困人口16.58万人。"));
	assert_non_null(strstr(f->out, "本地区为6531"));
	assert_non_null(strstr(f->out, "本地区为6532"));
}

static void test_report_table_sorts_rows_and_adds_total(void **state)
{
	struct rfix *f = *state;

	assert_non_null(strstr(f->out, "表1 2019年各地州\n"
					"地区 | 剩余贫困人口 | 贫困发生率 | 贫困发生率状态\n"
					"合计 | 16.58万人 | 1.24% | 进展顺利\n"
					"喀什地区 | 4.15万人 | 2.50% | 进展顺利\n"
					"和田地区 | 2.25万人 | 0.50% | 进展顺利\n"));
}

static void test_report_without_cover_puts_the_title_on_page_one(void **state)
{
	struct rfix *f = *state;
	struct font *fonts[DOC_NFONTS] = { NULL, NULL };
	struct doc doc;

	f->cfg.report.cover = 0;
	f->cfg.report.toc = 0;
	doc_init(&doc, f->a);
	assert_int_equal(build_and_lay_out(f, fonts, &doc), 0);
	/* the title heads page 1, which is numbered, and the body follows */
	assert_non_null(find_text(&doc, 0, "新疆脱贫攻坚进展报告"));
	assert_non_null(find_role(&doc, 0, ROLE_PAGE_FOOTER));
	assert_null(find_text(&doc, 0, "目  录"));
	doc_release(&doc);
}

static void test_report_toc_lists_headings_with_pages_and_links(void **state)
{
	struct rfix *f = *state;
	const struct doc_page *p = &f->doc.pages[1];
	size_t i, links = 0;

	assert_non_null(strstr(f->out, "一、总体进展 "));
	assert_int_equal(f->doc.noutlines, 3);
	assert_string_equal(f->doc.outlines[1].title, "喀什地区");
	for (i = 0; i < p->n; i++)
		if (p->boxes[i].kind == BOX_LINK) {
			assert_int_equal(p->boxes[i].dest_page, 2);
			links++;
		}
	assert_int_equal(links, 3);
}

/* gongwen (GB/T 9704): the title in the title role, 一、 headings in the
 * heading (黑体) role, （一） in kai (楷体); unnumbered titles get numbers. */
static void test_report_gongwen_numbers_headings_in_their_roles(void **state)
{
	struct rfix *f = *state;
	struct font *fonts[DOC_NFONTS] = { NULL, NULL };
	struct doc doc;
	const struct box *b;
	size_t p, i;
	int kai = 0;

	cfg_page_defaults(&f->cfg.report.page);
	f->cfg.report.page.preset = CFG_PAGE_GONGWEN;
	/* the regions' sections below 一、: （一） （二） */
	f->sec[0].subs = &f->sec[1];
	f->sec[0].nsubs = 1;
	f->cfg.nsections = 1;
	doc_init(&doc, f->a);
	assert_int_equal(build_and_lay_out(f, fonts, &doc), 0);
	b = find_text(&doc, 0, "新疆脱贫攻坚进展报告");
	assert_non_null(b);
	assert_int_equal(b->font, DOC_FONT_TITLE);
	assert_true(b->size == 22.0);
	for (p = 2; p < doc.npages; p++)
		for (i = 0; i < doc.pages[p].n; i++) {
			b = &doc.pages[p].boxes[i];
			if (b->kind != BOX_TEXT || b->role != ROLE_HEADING)
				continue;
			if (strncmp(b->text, "一、", strlen("一、")) == 0)
				assert_int_equal(b->font, DOC_FONT_HEADING);
			if (strncmp(b->text, "（一）", strlen("（一）")) == 0) {
				assert_int_equal(b->font, DOC_FONT_KAI);
				kai++;
			}
		}
	assert_int_equal(kai, 1);
	doc_release(&doc);
}

static void test_report_date_comes_from_source_date_epoch(void **state)
{
	struct rfix *f = *state;
	struct doc doc;
	struct font *fonts[DOC_NFONTS] = { NULL, NULL };

	f->cfg.report.date = NULL;
	setenv("SOURCE_DATE_EPOCH", "1587731696", 1); /* 2020-04-24 12:34:56 UTC */
	doc_init(&doc, f->a);
	assert_int_equal(build_and_lay_out(f, fonts, &doc), 0);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_string_equal(doc.date, "D:20200424123456");
	assert_non_null(find_text(&doc, 0, "2020年4月24日"));
	doc_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout_table_widths_fill_the_width_in_proportion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_widths_keep_unbreakable_numbers_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_widths_shrink_when_minimums_do_not_fit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_long_table_repeats_header_and_never_splits_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_numeric_cells_never_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_gives_spare_width_to_wrapping_text,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_sets_short_columns_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_header_wraps_into_even_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_table_leaves_no_lone_rows_on_a_continuation_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_short_table_is_kept_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_paragraph_leaves_no_widow_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_paragraph_justifies_all_lines_but_the_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_paragraph_lines_share_their_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_kpi_wraps_a_long_label, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_heading_is_kept_with_the_next_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_paragraph_indents_two_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_paragraph_flows_onto_new_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_footer_counts_pages_and_skips_the_cover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_kpi_strip_places_figures_and_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_write_joins_table_cells_by_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_measures_with_real_fonts, setup, teardown),
	};

	const struct CMUnitTest report[] = {
		cmocka_unit_test_setup_teardown(test_report_has_cover_toc_and_body_pages, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_expands_text_placeholders, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_table_sorts_rows_and_adds_total, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_without_cover_puts_the_title_on_page_one, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_toc_lists_headings_with_pages_and_links, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_gongwen_numbers_headings_in_their_roles,
						rsetup, rteardown),
		cmocka_unit_test_setup_teardown(test_report_date_comes_from_source_date_epoch, rsetup, rteardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	return rc | cmocka_run_group_tests(report, NULL, NULL);
}
