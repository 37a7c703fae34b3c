#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "render/chart/chart_int.h"
#include "render/layout/linebreak.h"

/* Bar charts with horizontal bars: many or long-named categories, one row
 * each, names on the left, the value axis at the bottom. */

struct hgeo {
	double left, right, top; /* the plot area; rows start at top */
	double lw;               /* the label column */
	double rowh, barh, size; /* row pitch, bar thickness, label type size */
	struct chart_ticks t;
};

static double hx(const struct hgeo *g, double v)
{
	return g->left + (v - g->t.lo) / (g->t.hi - g->t.lo) * (g->right - g->left);
}

static double max_width(const struct layout *lo, const char *const *s, size_t n, double size)
{
	double w, max = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		w = s[i] ? chart_width(lo, s[i], DOC_FONT_BODY, size) : 0;
		max = w > max ? w : max;
	}
	return max;
}

static size_t max_lines(const struct layout *lo, const char *const *s, size_t n, double size,
			double w)
{
	struct linebreak_line *l;
	size_t i, nl, max = 1;

	for (i = 0; i < n; i++) {
		nl = layout_break(lo, s[i] ? s[i] : "", DOC_FONT_BODY, size, w, 0, &l);
		free(l);
		max = nl > max ? nl : max;
	}
	return max;
}

/* The name of category i, wrapped in the label column and centred on the
 * row that starts at y. */
static void row_label(struct layout *lo, const struct hgeo *g, const char *s, double y)
{
	struct linebreak_line *l = NULL, two[2];
	const struct linebreak_line *ln = two;
	size_t nl, k, e, b;
	double lh = g->size * 1.2, ty;

	/* A name on two lines breaks before its suffix, as under a vertical
	 * axis; longer ones wrap as text. */
	if (chart_label_split(lo, s, g->size, g->lw, &e, &b) == 2) {
		two[0].start = 0;
		two[0].end = e;
		two[1].start = b;
		two[1].end = strlen(s);
		nl = 2;
	} else {
		nl = layout_break(lo, s, DOC_FONT_BODY, g->size, g->lw, 0, &l);
		ln = l;
	}
	ty = y + (g->rowh - (double)nl * lh) / 2 + (lh - g->size) / 2;
	for (k = 0; k < nl; k++)
		chart_text_right(lo, arena_strndup(lo->doc->arena, s + ln[k].start,
						   ln[k].end - ln[k].start),
				 DOC_FONT_BODY, g->size, g->left - 6, ty + (double)k * lh,
				 CHART_TEXT_COLOR);
	free(l);
}

/* A bar thick enough for its figure beside it at the minimum size. */
#define BAR_MIN (CHART_VALUE_SIZE + 1)

static void row_bars(struct layout *lo, const struct chart *c, const struct hgeo *g, size_t i,
		     double y)
{
	double x0 = hx(g, 0), by = y + (g->rowh - g->barh * (double)c->nseries) / 2, x1;
	double vs = CHART_VALUE_SIZE;
	size_t s;

	for (s = 0; s < c->nseries; s++, by += g->barh) {
		const struct chart_series *se = &c->series[s];
		unsigned fill = c->cat_colors && s == 0 ? c->cat_colors[i] : se->color;
		double ty = by + (g->barh - vs) / 2;

		if (!isfinite(se->v[i])) {
			chart_text(lo, "\xe2\x80\x94", DOC_FONT_BODY, vs, x0 + 3, ty,
				   CHART_MUTED_COLOR);
			continue;
		}
		x1 = hx(g, se->v[i]);
		if (c->cat_colors && c->cat_status && s == 0)
			chart_status_rect(lo, x0, by + 0.5, x1 - x0, g->barh - 1, c->cat_status[i],
					  c->mono);
		else
			chart_rect(lo, x0, by + 0.5, x1 - x0, g->barh - 1, fill,
				   c->mono ? CHART_MONO_EDGE : DOC_NOCOLOR);
		if (se->labels && se->labels[i]) {
			if (se->v[i] >= 0)
				chart_text(lo, se->labels[i], DOC_FONT_BODY, vs, x1 + 3, ty,
					   CHART_TEXT_COLOR);
			else
				chart_text_right(lo, se->labels[i], DOC_FONT_BODY, vs, x1 - 3, ty,
						 CHART_TEXT_COLOR);
		}
	}
}

static void hvalue_axis(struct layout *lo, const struct chart *c, const struct hgeo *g,
			double bottom)
{
	char buf[64];
	double x;
	int i;

	for (i = 0; i < g->t.n; i++) {
		x = hx(g, g->t.lo + i * g->t.step);
		chart_line(lo, x, g->top, x, bottom, c->mono ? CHART_MONO_GRID : CHART_GRID_COLOR,
			   0.5, 0);
		chart_tick_text(&g->t, i, buf, sizeof(buf));
		chart_text_center(lo, buf, DOC_FONT_BODY, CHART_TICK_SIZE, x, bottom + 3,
				  CHART_MUTED_COLOR);
	}
	chart_line(lo, g->left, bottom, g->right, bottom, CHART_AXIS_COLOR, 0.7, 0);
	x = hx(g, 0);
	chart_line(lo, x, g->top, x, bottom, CHART_AXIS_COLOR, 0.7, 0);
	if (c->axis_title)
		chart_text_center(lo, c->axis_title, DOC_FONT_BODY, CHART_TITLE_SIZE,
				  (g->left + g->right) / 2, bottom + 3 + CHART_TICK_SIZE * 1.5,
				  CHART_MUTED_COLOR);
}

/* Row pitch and bar thickness for n rows: as wanted when they fit in
 * room, else squeezed, but never below a bar as thick as its figure and
 * a row as tall as its name: the text keeps its size (the engine cuts a
 * chart to as many bars as a page holds at that, report_chart.c). */
static void row_size(struct hgeo *g, const struct chart *c, size_t lines, double room)
{
	double want, least, ns = (double)c->nseries;

	g->size = CHART_LABEL_SIZE;
	g->barh = c->nseries > 1 ? BAR_MIN : 10;
	want = g->barh * ns + 6;
	if ((double)lines * g->size * 1.2 + 4 > want)
		want = (double)lines * g->size * 1.2 + 4;
	g->rowh = want;
	if (want * (double)c->ncats <= room)
		return;
	least = BAR_MIN * ns + 1;
	if ((double)lines * g->size * 1.2 + 1 > least)
		least = (double)lines * g->size * 1.2 + 1;
	g->rowh = room / (double)c->ncats;
	if (g->rowh < least)
		g->rowh = least;
	g->barh = (g->rowh - 1) / ns;
	if (g->barh > BAR_MIN + 1)
		g->barh = BAR_MIN + 1;
}

int chart_hbar_draw(struct layout *lo, const struct chart *c)
{
	struct hgeo g;
	struct chart_legend lg;
	double w = lo->right - lo->left, min, max, vr = 0, lh, ch, fixed, bottom;
	size_t s, lines;
	int maxn;

	g.lw = max_width(lo, c->cats, c->ncats, CHART_LABEL_SIZE);
	if (g.lw > w * 0.3)
		g.lw = w * 0.3;
	lines = max_lines(lo, c->cats, c->ncats, CHART_LABEL_SIZE, g.lw);
	for (s = 0; s < c->nseries; s++)
		if (c->series[s].labels) {
			double m = max_width(lo, c->series[s].labels, c->ncats, CHART_VALUE_SIZE);

			vr = m > vr ? m : vr;
		}
	g.left = lo->left + g.lw + 8;
	g.right = lo->right - vr - 8;
	chart_data_range(c, &min, &max);
	maxn = (int)((g.right - g.left) / 55);
	chart_ticks(min, max, maxn < 3 ? 3 : maxn > 8 ? 8 : maxn, &g.t);
	chart_legend_of(c, &lg);
	lh = chart_legend_height(lo, &lg, w);
	ch = chart_caption_height(lo, c->caption);
	fixed = CHART_PAD_TOP + CHART_PAD_BOTTOM + 4 + CHART_TICK_SIZE * 1.5 + 3 + (c->axis_title ? CHART_TITLE_SIZE * 1.6 : 0) + 6 +
		lh + ch;
	row_size(&g, c, lines, lo->bottom - lo->top - fixed);
	layout_begin_block(lo, fixed + g.rowh * (double)c->ncats);
	/* Headings placed with it may leave less than a page: squeeze more. */
	if (lo->y + fixed + g.rowh * (double)c->ncats > lo->bottom)
		row_size(&g, c, lines, lo->bottom - lo->y - fixed);
	g.top = lo->y + CHART_PAD_TOP + 4;
	bottom = g.top + g.rowh * (double)c->ncats;
	hvalue_axis(lo, c, &g, bottom);
	for (s = 0; s < c->ncats; s++) {
		row_label(lo, &g, c->cats[s] ? c->cats[s] : "", g.top + (double)s * g.rowh);
		row_bars(lo, c, &g, s, g.top + (double)s * g.rowh);
	}
	bottom += 3 + CHART_TICK_SIZE * 1.5 + (c->axis_title ? CHART_TITLE_SIZE * 1.6 : 0) + 6;
	chart_legend_draw(lo, &lg, lo->left, w, bottom);
	chart_caption_draw(lo, c->caption, bottom + lh);
	lo->y = bottom + lh + ch + CHART_PAD_BOTTOM;
	return lo->page;
}
