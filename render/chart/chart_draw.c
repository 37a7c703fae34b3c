#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "render/chart/chart_int.h"

/* Line charts and bar charts: a value axis with nice ticks, categories
 * along the other axis. */

#define PLOT_H 170.0
#define TITLE_H 14.0
#define MAX_BAR_W 28.0

/* Where a vertical chart (categories across, values up) goes. */
struct vgeo {
	double left, right;      /* the plot area */
	double top, bottom;
	double slot;             /* category pitch */
	struct chart_ticks t;
	struct chart_labels pl;
};

static double vy(const struct vgeo *g, double v)
{
	return g->bottom - (v - g->t.lo) / (g->t.hi - g->t.lo) * (g->bottom - g->top);
}

/* The value axis of a vertical chart: grid lines, tick labels, title. */
static void value_axis(struct layout *lo, const struct chart *c, const struct vgeo *g,
		       double title_y)
{
	char buf[64];
	double y;
	int i;

	if (c->axis_title)
		chart_text(lo, c->axis_title, DOC_FONT_BODY, CHART_TITLE_SIZE, lo->left, title_y,
			   CHART_MUTED_COLOR);
	for (i = 0; i < g->t.n; i++) {
		y = vy(g, g->t.lo + i * g->t.step);
		chart_line(lo, g->left, y, g->right, y, c->mono ? CHART_MONO_GRID : CHART_GRID_COLOR,
			   0.5, 0);
		chart_tick_text(&g->t, i, buf, sizeof(buf));
		chart_text_right(lo, buf, DOC_FONT_BODY, CHART_TICK_SIZE, g->left - 4,
				 y - CHART_TICK_SIZE / 2, CHART_MUTED_COLOR);
	}
	y = vy(g, 0);
	chart_line(lo, g->left, y, g->right, y, CHART_AXIS_COLOR, 0.7, 0);
	chart_line(lo, g->left, g->top, g->left, g->bottom, CHART_AXIS_COLOR, 0.7, 0);
}

/* A value label's box, to keep labels of several series apart. */
struct lbox {
	double x, y, w, h;
};

static int overlaps(const struct lbox *a, size_t n, const struct lbox *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b->x < a[i].x + a[i].w && a[i].x < b->x + b->w && b->y < a[i].y + a[i].h &&
		    a[i].y < b->y + b->h)
			return 1;
	return 0;
}

/* Value label s above (or, if taken, below) the point (cx, py), inside
 * the plot; none where neither place is free. */
static void point_label(struct layout *lo, const struct vgeo *g, const char *s, double cx,
			double py, struct lbox *placed, size_t *np, unsigned color)
{
	double sz = CHART_VALUE_SIZE, w = chart_width(lo, s, DOC_FONT_BODY, sz);
	struct lbox b = { cx - w / 2, py - sz - 5, w, sz };

	if (w > g->slot * 0.95)
		return;
	if (b.y < g->top - sz || overlaps(placed, *np, &b)) {
		b.y = py + 5;
		if (b.y + sz > g->bottom - 1 || overlaps(placed, *np, &b))
			return;
	}
	chart_text(lo, s, DOC_FONT_BODY, sz, b.x, b.y, color);
	placed[(*np)++] = b;
}

/* The label of a line's latest point, to its right, moved up or down
 * off the other lines' labels. */
static void end_label(struct layout *lo, const struct vgeo *g, const char *s, double cx,
		      double py, struct lbox *placed, size_t *np, unsigned color)
{
	static const double shift[] = { 0, -1, 1, -2, 2 };
	double sz = CHART_VALUE_SIZE, w = chart_width(lo, s, DOC_FONT_BODY, sz);
	struct lbox b = { cx + 5, 0, w, sz };
	size_t k;

	if (cx + 5 + w > g->right + 4) {
		point_label(lo, g, s, cx, py, placed, np, color);
		return;
	}
	for (k = 0; k < sizeof(shift) / sizeof(shift[0]); k++) {
		b.y = py - sz / 2 + shift[k] * (sz + 1);
		if (!overlaps(placed, *np, &b))
			break;
	}
	if (k == sizeof(shift) / sizeof(shift[0]))
		return;
	chart_text(lo, s, DOC_FONT_BODY, sz, b.x, b.y, color);
	placed[(*np)++] = b;
}

static void line_series(struct layout *lo, const struct chart *c, const struct vgeo *g,
			size_t s, struct lbox *placed, size_t *np)
{
	const struct chart_series *se = &c->series[s];
	double *xy = xcalloc(2 * c->ncats + 2, sizeof(double));
	double dash = chart_series_dash(s, c->mono);
	/* In mono a light grey line keeps dark figures: grey text stays legible. */
	unsigned ink = c->mono ? CHART_TEXT_COLOR : se->color;
	size_t i, run = 0, last;

	/* A missing value ends the run: the line has a gap there. */
	for (i = 0; i <= c->ncats; i++) {
		if (i < c->ncats && isfinite(se->v[i])) {
			xy[2 * run] = g->left + ((double)i + 0.5) * g->slot;
			xy[2 * run + 1] = vy(g, se->v[i]);
			run++;
			continue;
		}
		if (run >= 2)
			chart_polyline(lo, xy, run, se->color, 1.6, dash);
		run = 0;
	}
	/* Several lines with a figure at every point would cross their
	 * labels: then only the latest point of each is labelled. */
	for (i = c->ncats, last = c->ncats; i > 0; i--)
		if (isfinite(se->v[i - 1])) {
			last = i - 1;
			break;
		}
	for (i = 0; i < c->ncats; i++) {
		double cx = g->left + ((double)i + 0.5) * g->slot, py;

		if (!isfinite(se->v[i]))
			continue;
		py = vy(g, se->v[i]);
		chart_circle(lo, cx, py, 2.6, se->color, 0xFFFFFF);
		if (!se->labels || !se->labels[i])
			continue;
		if (c->nseries == 1)
			point_label(lo, g, se->labels[i], cx, py, placed, np, ink);
		else if (i == last)
			end_label(lo, g, se->labels[i], cx, py, placed, np, ink);
	}
	free(xy);
}

/* Does b cover a data point of c (with its marker)? */
static int covers_point(const struct chart *c, const struct vgeo *g, const struct lbox *b)
{
	size_t s, i;
	double cx, py;

	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncats; i++) {
			if (!isfinite(c->series[s].v[i]))
				continue;
			cx = g->left + ((double)i + 0.5) * g->slot;
			py = vy(g, c->series[s].v[i]);
			if (cx + 3 > b->x && cx - 3 < b->x + b->w && py + 3 > b->y &&
			    py - 3 < b->y + b->h)
				return 1;
		}
	return 0;
}

/* The target line, drawn over the axis, grid and lines so that a target
 * of 0 still shows on the axis, and named beside it where a place is free
 * of figures and points (right end above, left end above, then below). */
static void target_line(struct layout *lo, const struct chart *c, const struct vgeo *g,
			struct lbox *placed, size_t *np)
{
	double y = vy(g, c->target), sz = CHART_VALUE_SIZE, w;
	unsigned col = chart_target_color(c->mono);
	const char *s = c->target_label;
	struct lbox b;
	int k;

	chart_line(lo, g->left, y, g->right, y, col, c->mono ? 1.4 : 1.0, 3);
	if (!s)
		return;
	w = chart_width(lo, s, DOC_FONT_BODY, sz);
	for (k = 0; k < 4; k++) {
		b.x = k % 2 ? g->left + 4 : g->right - 4 - w;
		b.y = k < 2 ? y - sz - 3 : y + 3;
		b.w = w;
		b.h = sz;
		if (b.y >= g->top - 2 && b.y + b.h <= g->bottom &&
		    !overlaps(placed, *np, &b) && !covers_point(c, g, &b))
			break;
	}
	if (k == 4)
		return; /* the legend still names it */
	chart_text(lo, s, DOC_FONT_BODY, sz, b.x, b.y, c->mono ? 0x000000u : col);
	placed[(*np)++] = b;
}

static void line_plot(struct layout *lo, const struct chart *c, const struct vgeo *g)
{
	struct lbox *placed = xcalloc(c->nseries * c->ncats + 2, sizeof(*placed));
	size_t s, i, np = 0;

	for (i = 0; i < c->ncats; i++) {
		double cx = g->left + ((double)i + 0.5) * g->slot;

		chart_line(lo, cx, g->bottom, cx, g->bottom + 3, CHART_AXIS_COLOR, 0.7, 0);
	}
	for (s = 0; s < c->nseries; s++)
		line_series(lo, c, g, s, placed, &np);
	if (c->has_target && isfinite(c->target))
		target_line(lo, c, g, placed, &np);
	free(placed);
}

static void bar_value(struct layout *lo, const char *s, double cx, double y, int below,
		      double room)
{
	double w = chart_width(lo, s, DOC_FONT_BODY, CHART_VALUE_SIZE);

	if (w > room)
		return;
	chart_text(lo, s, DOC_FONT_BODY, CHART_VALUE_SIZE, cx - w / 2,
		   below ? y + 2 : y - CHART_VALUE_SIZE - 3, CHART_TEXT_COLOR);
}

static void vbar_plot(struct layout *lo, const struct chart *c, const struct vgeo *g)
{
	double gw = g->slot * (c->nseries > 1 ? 0.8 : 0.6), bw = gw / (double)c->nseries;
	double y0 = vy(g, 0), x, y, room;
	size_t i, s;

	/* Few categories would give slabs: bars stay slim, groups centred. */
	if (bw > MAX_BAR_W) {
		bw = MAX_BAR_W;
		gw = bw * (double)c->nseries;
	}
	room = c->nseries > 1 ? bw + (g->slot - gw) / 2 : g->slot;

	for (i = 0; i < c->ncats; i++) {
		for (s = 0; s < c->nseries; s++) {
			const struct chart_series *se = &c->series[s];
			unsigned fill = c->cat_colors && s == 0 ? c->cat_colors[i] : se->color;
			int st = c->cat_colors && c->cat_status && s == 0;

			x = g->left + ((double)i + 0.5) * g->slot - gw / 2 + (double)s * bw;
			if (!isfinite(se->v[i])) {
				bar_value(lo, "\xe2\x80\x94", x + bw / 2, y0, 0, room);
				continue;
			}
			y = vy(g, se->v[i]);
			if (st)
				chart_status_rect(lo, x + 0.5, y, bw - 1, y0 - y, c->cat_status[i],
						  c->mono);
			else
				chart_rect(lo, x + 0.5, y, bw - 1, y0 - y, fill,
					   c->mono ? CHART_MONO_EDGE : DOC_NOCOLOR);
			if (se->labels && se->labels[i])
				bar_value(lo, se->labels[i], x + bw / 2, y, se->v[i] < 0, room);
		}
	}
}

static int vchart_draw(struct layout *lo, const struct chart *c)
{
	struct vgeo g;
	struct chart_legend lg;
	double min, max, w = lo->right - lo->left, h, lh, ch, y0, th, fixed;
	double avail = lo->bottom - lo->top;

	chart_data_range(c, &min, &max);
	chart_ticks(min, max, 6, &g.t);
	g.left = lo->left + chart_ticks_width(lo, &g.t) + 8;
	g.right = lo->right - 4;
	g.slot = (g.right - g.left) / (double)(c->ncats ? c->ncats : 1);
	chart_plan_labels(lo, c->cats, c->ncats, CHART_LABEL_SIZE, g.slot, &g.pl);
	chart_legend_of(c, &lg);
	lh = chart_legend_height(lo, &lg, w);
	ch = chart_caption_height(lo, c->caption);
	th = c->axis_title ? TITLE_H : 4;
	h = PLOT_H;
	fixed = CHART_PAD_TOP + th + 6 + 6 + g.pl.height + lh + ch + CHART_PAD_BOTTOM;
	if (fixed + h > avail)
		h = avail - fixed;
	h = h < 60 ? 60 : h;
	layout_begin_block(lo, fixed + h);
	y0 = lo->y + CHART_PAD_TOP;
	g.top = y0 + th + 6;
	g.bottom = g.top + h;
	value_axis(lo, c, &g, y0);
	if (c->kind == REPORT_CHART_LINE)
		line_plot(lo, c, &g);
	else
		vbar_plot(lo, c, &g);
	chart_labels_draw(lo, c->cats, c->ncats, &g.pl, g.left, g.slot, g.bottom + 3);
	chart_legend_draw(lo, &lg, lo->left, w, g.bottom + 6 + g.pl.height);
	chart_caption_draw(lo, c->caption, g.bottom + 6 + g.pl.height + lh);
	lo->y = g.bottom + 6 + g.pl.height + lh + ch + CHART_PAD_BOTTOM;
	return lo->page;
}

int chart_is_horizontal(const struct layout *lo, const struct chart *c)
{
	struct chart_labels pl;
	double slot;

	if (c->kind != REPORT_CHART_BAR)
		return 0;
	if (c->horizontal >= 0)
		return c->horizontal;
	if (c->ncats * c->nseries > CHART_MAX_VERTICAL_BARS)
		return 1;
	/* Room for the widest tick label, as vchart_draw leaves. */
	slot = (lo->right - lo->left - 40) / (double)(c->ncats ? c->ncats : 1);
	chart_plan_labels(lo, c->cats, c->ncats, CHART_LABEL_SIZE, slot, &pl);
	return pl.mode == LABELS_ROTATE;
}

/* A chart with nothing to draw (a region with no children at the chart's
 * level) keeps its place: the reader finds the caption with a note, not a
 * figure number that skips one. */
static int empty_draw(struct layout *lo, const struct chart *c)
{
	const char *note = c->empty_note ? c->empty_note : "";
	double s = CHART_LABEL_SIZE, ch = chart_caption_height(lo, c->caption);
	double h = CHART_PAD_TOP + s * 2 + ch + CHART_PAD_BOTTOM, w;
	struct box *b;

	layout_begin_block(lo, h);
	w = layout_text_width(lo, DOC_FONT_BODY, s, note, strlen(note));
	b = layout_text_at(lo, note, strlen(note), DOC_FONT_BODY, s,
			   lo->left + (lo->right - lo->left - w) / 2, lo->y + CHART_PAD_TOP,
			   ROLE_CHART);
	b->color = 0x666666;
	chart_caption_draw(lo, c->caption, lo->y + CHART_PAD_TOP + s * 2);
	lo->y += h;
	return lo->page;
}

int chart_draw(struct layout *lo, const struct chart *c)
{
	if (c->ncats == 0 || c->nseries == 0)
		return empty_draw(lo, c);
	if (chart_is_horizontal(lo, c))
		return chart_hbar_draw(lo, c);
	return vchart_draw(lo, c);
}
