#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util/arena.h"
#include "render/chart/chart.h"
#include "render/chart/chart_int.h"
#include "render/layout/doc.h"
#include "render/layout/layout.h"
#include "tests/unit/layout_fixture.h"

/* Fonts are NULL throughout: fixed metrics (CJK 1 em, others 0.5 em). */

static int setup(void **state)
{
	struct fixture *f = fixture_new(NULL);

	layout_new_page(&f->lo);
	*state = f;
	return 0;
}

static void expect_ticks(double min, double max, int maxn, double lo, double hi, double step,
			 int decimals)
{
	struct chart_ticks t;

	chart_ticks(min, max, maxn, &t);
	assert_true(fabs(t.lo - lo) < 1e-9 * (fabs(lo) + 1));
	assert_true(fabs(t.hi - hi) < 1e-9 * (fabs(hi) + 1));
	assert_true(fabs(t.step - step) < 1e-12 * (step + 1));
	assert_int_equal(t.n, (int)floor((hi - lo) / step + 0.5) + 1);
	assert_int_equal(t.decimals, decimals);
}

static void test_chart_ticks_incidence_runs_0_to_20_by_5(void **state)
{
	(void)state;
	/* 19.4% in 2013: 0, 5, 10, 15, 20. */
	expect_ticks(1.24, 19.4, 6, 0, 20, 5, 0);
}

static void test_chart_ticks_persons_run_0_to_400_by_100(void **state)
{
	(void)state;
	/* 308.9万人 with at most 6 ticks: step 50 would need 8, so 100. */
	expect_ticks(0, 308.9, 6, 0, 400, 100, 0);
	/* With room for 8 ticks the finer step wins. */
	expect_ticks(0, 308.9, 8, 0, 350, 50, 0);
}

static void test_chart_ticks_small_values_get_decimals(void **state)
{
	(void)state;
	expect_ticks(0, 0.24, 6, 0, 0.25, 0.05, 2);
	expect_ticks(0.1, 1.7, 6, 0, 2, 0.5, 1);
}

static void test_chart_ticks_take_in_zero_and_negatives(void **state)
{
	(void)state;
	expect_ticks(-3, 7, 6, -5, 10, 5, 0);
	expect_ticks(50, 80, 6, 0, 80, 20, 0);
	expect_ticks(-80, -50, 6, -80, 0, 20, 0);
}

static void test_chart_ticks_flat_or_missing_range_is_0_to_1(void **state)
{
	(void)state;
	expect_ticks(0, 0, 6, 0, 1, 0.2, 1);
	expect_ticks(NAN, NAN, 6, 0, 1, 0.2, 1);
}

static void test_chart_ticks_are_nice_and_cover_the_range(void **state)
{
	struct chart_ticks t;
	double min, max, m;
	int i, maxn;

	(void)state;
	srand(7);
	for (i = 0; i < 2000; i++) {
		min = (rand() % 3 == 0) ? -(double)rand() / RAND_MAX * 1000 : 0;
		max = (double)rand() / RAND_MAX * pow(10, rand() % 12 - 4);
		maxn = 3 + rand() % 6;
		chart_ticks(min, max, maxn, &t);
		assert_true(t.n >= 2 && t.n <= maxn);
		assert_true(t.lo <= min + 1e-9 && t.hi >= max - 1e-9 * (fabs(max) + 1));
		m = t.step / pow(10, floor(log10(t.step) + 1e-9));
		assert_true(fabs(m - 1) < 1e-6 || fabs(m - 2) < 1e-6 || fabs(m - 5) < 1e-6);
	}
}

static const char *const years[] = { "2013年", "2014年", "2015年", "2016年",
				     "2017年", "2018年", "2019年" };
static const char *const prefs[] = { "克孜勒苏柯尔克孜自治州", "巴音郭楞蒙古自治州",
				     "博尔塔拉蒙古自治州", "昌吉回族自治州", "伊犁哈萨克自治州",
				     "和田地区" };

static void test_chart_labels_level_when_they_fit(void **state)
{
	struct fixture *f = *state;
	struct chart_labels pl;

	chart_plan_labels(&f->lo, years, 7, 8.5, 60, &pl);
	assert_int_equal(pl.mode, LABELS_LEVEL);
	assert_int_equal(pl.every, 1);
}

static void test_chart_labels_wrap_long_names_on_two_lines(void **state)
{
	struct fixture *f = *state;
	struct chart_labels pl;

	/* 11 characters at 8.5 pt = 93.5 pt; slots of 80 take them in two,
	 * 克孜勒苏柯尔克孜 (68 pt) over 自治州. */
	chart_plan_labels(&f->lo, prefs, 6, 8.5, 80, &pl);
	assert_int_equal(pl.mode, LABELS_WRAP);
	/* In slots of 70 (64.9 pt of text) only a break inside the name would
	 * fit: turned instead. */
	chart_plan_labels(&f->lo, prefs, 6, 8.5, 70, &pl);
	assert_int_equal(pl.mode, LABELS_ROTATE);
}

/* The two lines chart_label_split makes of s in w points at 8.5 pt (fixed
 * metrics: 8.5 pt a character), "a|b", or "a" on one line, or "" for none. */
static const char *split(struct fixture *f, const char *s, double w)
{
	static char buf[256];
	size_t e, b;
	int n = chart_label_split(&f->lo, s, 8.5, w, &e, &b);

	if (n == 0)
		return "";
	if (n == 1)
		return s;
	snprintf(buf, sizeof(buf), "%.*s|%s", (int)e, s, s + b);
	return buf;
}

static void test_chart_label_breaks_before_the_administrative_suffix(void **state)
{
	struct fixture *f = *state;

	/* The review's two: before 自治, not "木垒哈萨克自|治县". */
	assert_string_equal(split(f, "木垒哈萨克自治县", 60), "木垒哈萨克|自治县");
	assert_string_equal(split(f, "和布克赛尔蒙古自治县", 60), "和布克赛尔蒙古|自治县");
	assert_string_equal(split(f, "克孜勒苏柯尔克孜自治州", 70), "克孜勒苏柯尔克孜|自治州");
	assert_string_equal(split(f, "巴音郭楞蒙古自治州", 60), "巴音郭楞蒙古|自治州");
	/* Without 自治: before the final class word. */
	assert_string_equal(split(f, "乌鲁木齐市", 40), "乌鲁木齐|市");
	assert_string_equal(split(f, "吉木萨尔县", 40), "吉木萨尔|县");
	assert_string_equal(split(f, "阿勒泰地区", 40), "阿勒泰|地区");
	/* When the proper name itself does not fit a line: no break at all
	 * (the chart turns its labels), never "和布克赛尔蒙|古自治县". */
	assert_string_equal(split(f, "和布克赛尔蒙古自治县", 55), "");
	assert_string_equal(split(f, "木垒哈萨克自治县", 40), "");
	/* A name that fits stays on one line; a label that is no region name
	 * wraps as text. */
	assert_string_equal(split(f, "和田地区", 40), "和田地区");
	assert_string_equal(split(f, "产业扶贫项目", 30), "产业扶|贫项目");
}

static void test_chart_labels_turn_then_thin_when_slots_shrink(void **state)
{
	struct fixture *f = *state;
	struct chart_labels pl;

	chart_plan_labels(&f->lo, prefs, 6, 8.5, 20, &pl);
	assert_int_equal(pl.mode, LABELS_ROTATE);
	assert_int_equal(pl.every, 1);
	chart_plan_labels(&f->lo, prefs, 6, 8.5, 6, &pl);
	assert_int_equal(pl.mode, LABELS_ROTATE);
	assert_true(pl.every >= 2);
}

/* Do the text boxes of labels drawn level or wrapped overlap? */
static int level_overlap(const struct doc_page *p, size_t from)
{
	size_t i, j;

	for (i = from; i < p->n; i++)
		for (j = i + 1; j < p->n; j++) {
			const struct box *a = &p->boxes[i], *b = &p->boxes[j];

			if (a->kind != BOX_TEXT || b->kind != BOX_TEXT)
				continue;
			if (a->x < b->x + b->w && b->x < a->x + a->w && a->y - a->size < b->y &&
			    b->y - b->size < a->y)
				return 1;
		}
	return 0;
}

/* Turned labels: parallel lines at 45 degrees; apart by dx * sin 45. */
static int rotated_too_close(const struct doc_page *p, size_t from, double size)
{
	size_t i, j;

	for (i = from; i < p->n; i++)
		for (j = i + 1; j < p->n; j++) {
			const struct box *a = &p->boxes[i], *b = &p->boxes[j];
			/* Distance across the lines: (dx - dy_up) * sin 45. */
			double d = fabs((b->x - a->x) + (b->y - a->y)) * sin(CHART_PI / 4);

			if (d < size * 1.2 - 1e-6)
				return 1;
		}
	return 0;
}

static void test_chart_labels_never_overlap(void **state)
{
	struct fixture *f = *state;
	struct chart_labels pl;
	const struct doc_page *p = &f->doc.pages[0];
	double slots[] = { 120, 70, 40, 20, 9, 4 };
	size_t k, from;

	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++) {
		from = p->n;
		chart_plan_labels(&f->lo, prefs, 6, 8.5, slots[k], &pl);
		chart_labels_draw(&f->lo, prefs, 6, &pl, 0, slots[k], 100);
		if (pl.mode == LABELS_ROTATE)
			assert_false(rotated_too_close(p, from, 8.5));
		else
			assert_false(level_overlap(p, from));
	}
}

static size_t count_kind(const struct doc *d, int page, enum box_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < d->pages[page].n; i++)
		n += d->pages[page].boxes[i].kind == k;
	return n;
}

static const struct box *find_text(const struct doc *d, int page, const char *s)
{
	size_t i;

	for (i = 0; i < d->pages[page].n; i++)
		if (d->pages[page].boxes[i].kind == BOX_TEXT &&
		    strcmp(d->pages[page].boxes[i].text, s) == 0)
			return &d->pages[page].boxes[i];
	return NULL;
}

static void line_chart(struct chart *c, struct chart_series *s, const double *v)
{
	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	s->name = "贫困发生率";
	s->v = v;
	s->color = 0x2F6DB5;
	c->kind = REPORT_CHART_LINE;
	c->caption = "图1 贫困发生率";
	c->axis_title = "贫困发生率（%）";
	c->ncats = 7;
	c->cats = years;
	c->nseries = 1;
	c->series = s;
	c->horizontal = -1;
}

static void test_chart_line_missing_value_leaves_a_gap(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 19.4, 15.2, 12.1, NAN, 6.5, 3.1, 1.24 };
	struct chart c;
	struct chart_series s;
	size_t i, npoly = 0, npts = 0;
	const struct doc_page *p = &f->doc.pages[0];

	line_chart(&c, &s, v);
	chart_draw(&f->lo, &c);
	for (i = 0; i < p->n; i++)
		if (p->boxes[i].kind == BOX_POLYLINE) {
			npoly++;
			npts += p->boxes[i].npts;
			/* No point of a line sits at zero (the axis) for 2016. */
			assert_int_equal(p->boxes[i].npts, 3);
		}
	assert_int_equal(npoly, 2);
	assert_int_equal(npts, 6);
	assert_int_equal(count_kind(&f->doc, 0, BOX_CIRCLE), 6);
	assert_non_null(find_text(&f->doc, 0, "贫困发生率（%）"));
	assert_non_null(find_text(&f->doc, 0, "图1 贫困发生率"));
	assert_non_null(find_text(&f->doc, 0, "20"));
}

static void test_chart_bar_missing_value_draws_no_bar(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 19.4, 15.2, NAN, 6.5, 3.1, 1.24 };
	struct chart c;
	struct chart_series s;
	size_t i, nbars = 0;
	const struct doc_page *p = &f->doc.pages[0];

	line_chart(&c, &s, v);
	c.kind = REPORT_CHART_BAR;
	c.ncats = 6;
	c.cats = prefs;
	c.horizontal = 0;
	chart_draw(&f->lo, &c);
	for (i = 0; i < p->n; i++)
		nbars += p->boxes[i].kind == BOX_RECT && p->boxes[i].fill == 0x2F6DB5;
	assert_int_equal(nbars, 5);
	assert_non_null(find_text(&f->doc, 0, "\xe2\x80\x94"));
}

/* A bar chart of a region without children has no bars, but keeps its
 * caption and says why, rather than vanish from the report. */
static void test_chart_without_categories_keeps_its_caption_and_says_so(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 1 };
	struct chart c;
	struct chart_series s;
	double y = f->lo.y;

	line_chart(&c, &s, v);
	c.kind = REPORT_CHART_BAR;
	c.ncats = 0;
	c.cats = prefs;
	c.empty_note = "（无可绘制的数据）";
	chart_draw(&f->lo, &c);
	assert_non_null(find_text(&f->doc, 0, "图1 贫困发生率"));
	assert_non_null(find_text(&f->doc, 0, "（无可绘制的数据）"));
	assert_true(f->lo.y > y);
}

static void test_chart_bar_turns_horizontal_for_many_or_long_labels(void **state)
{
	struct fixture *f = *state;
	double v[20] = { 0 };
	const char *cats[20];
	struct chart c;
	struct chart_series s;
	size_t i;

	for (i = 0; i < 20; i++)
		cats[i] = "县";
	line_chart(&c, &s, v);
	c.kind = REPORT_CHART_BAR;
	c.cats = cats;
	c.ncats = 6;
	assert_false(chart_is_horizontal(&f->lo, &c));
	c.ncats = 20; /* more than CHART_MAX_VERTICAL_BARS */
	assert_true(chart_is_horizontal(&f->lo, &c));
	c.horizontal = 0;
	assert_false(chart_is_horizontal(&f->lo, &c));
	/* Five long names wrap in their slots before 自治州; 克孜勒苏柯尔克孜
	 * would not fit a line of a sixth of the width (it is not broken
	 * inside); twelve would have to turn. */
	c.horizontal = -1;
	c.cats = prefs + 1;
	c.ncats = 5;
	assert_false(chart_is_horizontal(&f->lo, &c));
	c.cats = prefs;
	c.ncats = 6;
	assert_true(chart_is_horizontal(&f->lo, &c));
	for (i = 0; i < 12; i++)
		cats[i] = prefs[0];
	c.cats = cats;
	c.ncats = 12;
	assert_true(chart_is_horizontal(&f->lo, &c));
}

static void test_chart_is_one_block_moved_whole_to_the_next_page(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 19.4, 15.2, 12.1, 9.0, 6.5, 3.1, 1.24 };
	struct chart c;
	struct chart_series s;

	f->lo.y = f->lo.bottom - 100;
	line_chart(&c, &s, v);
	assert_int_equal(chart_draw(&f->lo, &c), 1);
	assert_int_equal(count_kind(&f->doc, 0, BOX_POLYLINE), 0);
	assert_int_equal(count_kind(&f->doc, 0, BOX_TEXT), 0);
	assert_int_equal(count_kind(&f->doc, 1, BOX_POLYLINE), 1);
	assert_true(f->lo.y <= f->lo.bottom);
}

static void test_chart_progress_bar_stops_at_the_target(void **state)
{
	struct fixture *f = *state;
	static const char *const words[3] = { "进度滞后", "存在风险", "进展顺利" };
	struct chart_progress_row rows[2] = {
		{ "未脱贫人口", 130, "130.0%", 2, NULL },
		{ "贫困发生率", 45, "45.0%", 0, "2013年 19.40% → 2019年 1.24%" },
	};
	const struct doc_page *p = &f->doc.pages[0];
	double track = -1, on = -1, off = -1;
	size_t i;

	chart_draw_progress(&f->lo, "图2 目标进度", rows, 2, words, 0);
	for (i = 0; i < p->n; i++) {
		const struct box *b = &p->boxes[i];

		if (b->kind != BOX_RECT)
			continue;
		if (b->fill == 0xEDF0F4 && track < 0)
			track = b->w;
		if (b->fill == chart_status_fill(2) && b->h == 10)
			on = b->w;
		if (b->fill == chart_status_fill(0) && b->h == 10)
			off = b->w;
	}
	assert_true(track > 0);
	assert_true(fabs(on - track) < 1e-9);
	assert_true(fabs(off - track * 0.45) < 1e-9);
	assert_non_null(find_text(&f->doc, 0, "130.0%"));
	assert_non_null(find_text(&f->doc, 0, "进展顺利"));
	assert_non_null(find_text(&f->doc, 0, "进度滞后"));
}

static size_t count_text(const struct doc *d, int page, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < d->pages[page].n; i++)
		n += d->pages[page].boxes[i].kind == BOX_TEXT &&
		     strcmp(d->pages[page].boxes[i].text, s) == 0;
	return n;
}

static void test_chart_target_line_is_drawn_over_the_line_and_named(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 19.4, 17.26, 14.32, 11.48, 8.5, 4.85, 1.24 };
	struct chart c;
	struct chart_series s;
	size_t i, poly = 0, target = 0;
	const struct doc_page *p = &f->doc.pages[0];

	line_chart(&c, &s, v);
	c.has_target = 1;
	c.target = 0; /* on the axis: it must still show */
	c.target_label = "2020年目标：0.00%";
	chart_draw(&f->lo, &c);
	for (i = 0; i < p->n; i++) {
		if (p->boxes[i].kind == BOX_POLYLINE)
			poly = i;
		if (p->boxes[i].kind == BOX_LINE && p->boxes[i].stroke == CHART_TARGET_COLOR &&
		    p->boxes[i].dash > 0 && p->boxes[i].w > 100)
			target = i;
	}
	assert_true(poly > 0);
	assert_true(target > poly); /* over the line, the axis and the grid */
	/* in the legend and beside the line */
	assert_int_equal(count_text(&f->doc, 0, "2020年目标：0.00%"), 2);
}

static int grey(unsigned c)
{
	unsigned r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;

	return c == DOC_NOCOLOR || (r == g && g == b);
}

static void test_chart_mono_status_bars_are_grey_and_patterned(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 3.59, 2.12, 1.28 };
	static const char *const cats[] = { "和田地区", "喀什地区", "克州" };
	const int st[] = { REPORT_STATUS_ON_TRACK, REPORT_STATUS_AT_RISK, REPORT_STATUS_OFF_TRACK };
	const unsigned col[] = { 0x4E9F63, 0xE6A13A, 0xD65A52 };
	struct chart_key keys[3];
	struct chart c;
	struct chart_series s;
	const struct doc_page *p = &f->doc.pages[0];
	size_t i, k, diag[3] = { 0, 0, 0 }, legend_diag = 0;
	double bx[3][4];
	int nb = 0;

	line_chart(&c, &s, v);
	c.kind = REPORT_CHART_BAR;
	c.ncats = 3;
	c.cats = cats;
	c.horizontal = 1;
	c.mono = 1;
	s.color = chart_series_color(0, 1);
	c.cat_colors = col;
	c.cat_status = st;
	for (i = 0; i < 3; i++) {
		keys[i].name = i == 0 ? "进展顺利" : i == 1 ? "存在风险" : "进度滞后";
		keys[i].color = col[i];
		keys[i].status = st[i];
		keys[i].patterned = 1;
	}
	c.keys = keys;
	c.nkeys = 3;
	chart_draw(&f->lo, &c);
	for (i = 0; i < p->n; i++) {
		const struct box *b = &p->boxes[i];

		/* no colour anywhere, and text no lighter than 60% black */
		assert_true(grey(b->fill) && grey(b->stroke));
		if (b->kind == BOX_TEXT)
			assert_true(grey(b->color) && (b->color & 0xFF) <= 0x66);
		if (b->kind == BOX_RECT && b->w > 20 && nb < 3) {
			bx[nb][0] = b->x, bx[nb][1] = b->y, bx[nb][2] = b->w, bx[nb][3] = b->h;
			nb++;
		}
	}
	assert_int_equal(nb, 3); /* the three bars, top to bottom */
	for (i = 0; i < p->n; i++) {
		const struct box *b = &p->boxes[i];

		if (b->kind != BOX_LINE || fabs(fabs(b->w) - fabs(b->h)) > 0.01 || fabs(b->w) < 0.2)
			continue;
		for (k = 0; k < 3; k++)
			if (b->x >= bx[k][0] - 0.01 && b->x <= bx[k][0] + bx[k][2] + 0.01 &&
			    b->y >= bx[k][1] - 0.01 && b->y <= bx[k][1] + bx[k][3] + 0.01)
				break;
		if (k < 3)
			diag[k]++;
		else
			legend_diag++;
	}
	assert_int_equal(diag[0], 0);   /* on track: plain */
	assert_true(diag[1] > 5);       /* at risk: hatched */
	assert_true(diag[2] > diag[1]); /* off track: cross-hatched, twice the lines */
	assert_true(legend_diag > 0);   /* and the legend shows the patterns */
}

static void test_chart_text_is_never_below_8pt(void **state)
{
	struct fixture *f = *state;
	static const char *names[60];
	double v[60], w[60];
	static char buf[60][32];
	static const char *fig[60];
	struct chart c;
	struct chart_series s[2];
	size_t i, k, ntext = 0;

	for (i = 0; i < 60; i++) {
		snprintf(buf[i], sizeof(buf[i]), "阿克苏地区第%zu村", i);
		names[i] = buf[i];
		v[i] = 30.0 - (double)i * 0.4;
		w[i] = 3.0 - (double)i * 0.04;
		fig[i] = "12.34";
	}
	line_chart(&c, &s[0], v);
	s[0].labels = fig;
	s[1] = s[0];
	s[1].v = w;
	c.kind = REPORT_CHART_BAR;
	c.ncats = 60; /* more than a page holds: rows stop shrinking at 8 pt */
	c.cats = names;
	c.nseries = 2;
	c.series = s;
	chart_draw(&f->lo, &c);
	for (k = 0; k < f->doc.npages; k++)
		for (i = 0; i < f->doc.pages[k].n; i++)
			if (f->doc.pages[k].boxes[i].kind == BOX_TEXT &&
			    f->doc.pages[k].boxes[i].role == ROLE_CHART) {
				assert_true(f->doc.pages[k].boxes[i].size >= CHART_MIN_TEXT);
				ntext++;
			}
	assert_true(ntext > 180); /* 60 names, 120 figures */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_ticks_incidence_runs_0_to_20_by_5),
		cmocka_unit_test(test_chart_ticks_persons_run_0_to_400_by_100),
		cmocka_unit_test(test_chart_ticks_small_values_get_decimals),
		cmocka_unit_test(test_chart_ticks_take_in_zero_and_negatives),
		cmocka_unit_test(test_chart_ticks_flat_or_missing_range_is_0_to_1),
		cmocka_unit_test(test_chart_ticks_are_nice_and_cover_the_range),
		cmocka_unit_test_setup_teardown(test_chart_labels_level_when_they_fit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_chart_labels_wrap_long_names_on_two_lines,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_labels_turn_then_thin_when_slots_shrink,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_labels_never_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_line_missing_value_leaves_a_gap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_chart_bar_missing_value_draws_no_bar, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_chart_without_categories_keeps_its_caption_and_says_so,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_label_breaks_before_the_administrative_suffix,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_bar_turns_horizontal_for_many_or_long_labels,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_is_one_block_moved_whole_to_the_next_page,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_target_line_is_drawn_over_the_line_and_named,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_mono_status_bars_are_grey_and_patterned,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_text_is_never_below_8pt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_progress_bar_stops_at_the_target, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
