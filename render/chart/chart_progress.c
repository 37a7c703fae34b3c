#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/xalloc.h"
#include "render/chart/chart_int.h"
#include "render/layout/linebreak.h"

/* Progress bars: one row per indicator, a track from 0% (the baseline) to
 * 100% (the target) filled as far as the indicator has come, coloured by
 * its status, with the figure and the status in words beside it. */

#define TRACK_H 10.0
#define DETAIL_SIZE CHART_MIN_TEXT
#define SCALE_H 14.0

struct pgeo {
	double lw;               /* label column */
	double left, right;      /* the track */
	double fw;               /* figure column */
	const char *const *names; /* the status words, by enum report_status */
	int mono;
};

static double row_height(const struct layout *lo, const struct pgeo *g,
			 const struct chart_progress_row *r)
{
	struct linebreak_line *l;
	size_t nl = layout_break(lo, r->label ? r->label : "", DOC_FONT_BODY, CHART_LABEL_SIZE,
				 g->lw, 0, &l);
	double h = TRACK_H + (r->detail ? DETAIL_SIZE * 1.6 : 0), lh;

	free(l);
	lh = (double)nl * CHART_LABEL_SIZE * 1.25;
	return (lh > h ? lh : h) + 9;
}

static void row_draw(struct layout *lo, const struct pgeo *g, const struct chart_progress_row *r,
		     double y, double h)
{
	struct linebreak_line *l;
	const char *label = r->label ? r->label : "";
	double p = r->progress, ty, body = TRACK_H + (r->detail ? DETAIL_SIZE * 1.6 : 0);
	double by = y + (h - body) / 2, x;
	unsigned ink;
	size_t nl, k;

	nl = layout_break(lo, label, DOC_FONT_BODY, CHART_LABEL_SIZE, g->lw, 0, &l);
	ty = by + TRACK_H / 2 - (double)nl * CHART_LABEL_SIZE * 1.25 / 2 + CHART_LABEL_SIZE * 0.1;
	for (k = 0; k < nl; k++)
		chart_text(lo, arena_strndup(lo->doc->arena, label + l[k].start,
					     l[k].end - l[k].start),
			   DOC_FONT_BODY, CHART_LABEL_SIZE, lo->left,
			   ty + (double)k * CHART_LABEL_SIZE * 1.25, CHART_TEXT_COLOR);
	free(l);
	chart_rect(lo, g->left, by, g->right - g->left, TRACK_H,
		   g->mono ? CHART_MONO_TRACK : 0xEDF0F4, DOC_NOCOLOR);
	if (isfinite(p) && p > 0)
		chart_status_rect(lo, g->left, by, (g->right - g->left) * (p > 100 ? 100 : p) / 100,
				  TRACK_H, r->status, g->mono);
	/* Quarter marks cut into the bar: a scale that leaves the text alone. */
	for (k = 1; k < 4; k++) {
		x = g->left + (g->right - g->left) * (double)k / 4;
		chart_line(lo, x, by, x, by + TRACK_H, 0xFFFFFF, 0.8, 0);
	}
	x = g->right + 6;
	ty = by + (TRACK_H - CHART_LABEL_SIZE) / 2;
	ink = g->mono ? 0x000000u : chart_status_text(r->status);
	chart_text(lo, r->figure ? r->figure : "\xe2\x80\x94", DOC_FONT_HEADING, CHART_LABEL_SIZE,
		   x, ty, ink);
	if (r->status >= 0)
		chart_text(lo, g->names[r->status], DOC_FONT_BODY, CHART_LABEL_SIZE,
			   x + g->fw + 6, ty, ink);
	if (r->detail)
		chart_text(lo, r->detail, DOC_FONT_BODY, DETAIL_SIZE, g->left,
			   by + TRACK_H + DETAIL_SIZE * 0.4, CHART_MUTED_COLOR);
}

static void scale_draw(struct layout *lo, const struct pgeo *g, double y)
{
	static const char *const pct[] = { "0%", "25%", "50%", "75%", "100%" };
	double x;
	int i;

	for (i = 0; i < 5; i++) {
		x = g->left + (g->right - g->left) * i / 4;
		chart_text_center(lo, pct[i], DOC_FONT_BODY, CHART_TICK_SIZE, x, y,
				  CHART_MUTED_COLOR);
		chart_line(lo, x, y + SCALE_H - 4, x, y + SCALE_H - 1, CHART_AXIS_COLOR, 0.5, 0);
	}
}

static void geometry(const struct layout *lo, const struct chart_progress_row *rows, size_t n,
		     struct pgeo *g)
{
	double w = lo->right - lo->left, sw = 0, t;
	size_t i;

	g->lw = 0;
	g->fw = chart_width(lo, "100.0%", DOC_FONT_HEADING, CHART_LABEL_SIZE);
	for (i = 0; i < n; i++) {
		t = chart_width(lo, rows[i].label ? rows[i].label : "", DOC_FONT_BODY,
				CHART_LABEL_SIZE);
		g->lw = t > g->lw ? t : g->lw;
		if (rows[i].figure) {
			t = chart_width(lo, rows[i].figure, DOC_FONT_HEADING, CHART_LABEL_SIZE);
			g->fw = t > g->fw ? t : g->fw;
		}
		if (rows[i].status >= 0) {
			t = chart_width(lo, g->names[rows[i].status], DOC_FONT_BODY,
					CHART_LABEL_SIZE);
			sw = t > sw ? t : sw;
		}
	}
	if (g->lw > w * 0.28)
		g->lw = w * 0.28;
	g->left = lo->left + g->lw + 10;
	g->right = lo->right - (6 + g->fw + 6 + sw + 2);
}

int chart_draw_progress(struct layout *lo, const char *caption,
			const struct chart_progress_row *rows, size_t n,
			const char *const status_label[3], int mono)
{
	struct pgeo g;
	struct chart_legend lg;
	double *h, total, y, ch, lh;
	size_t i;

	if (n == 0)
		return lo->page;
	g.names = status_label;
	g.mono = mono;
	geometry(lo, rows, n, &g);
	memset(&lg, 0, sizeof(lg));
	lg.mono = mono;
	chart_legend_add_status(&lg, status_label[REPORT_STATUS_ON_TRACK], REPORT_STATUS_ON_TRACK);
	chart_legend_add_status(&lg, status_label[REPORT_STATUS_AT_RISK], REPORT_STATUS_AT_RISK);
	chart_legend_add_status(&lg, status_label[REPORT_STATUS_OFF_TRACK],
				REPORT_STATUS_OFF_TRACK);
	lh = chart_legend_height(lo, &lg, lo->right - lo->left);
	ch = chart_caption_height(lo, caption);
	h = xmalloc(n * sizeof(double));
	total = SCALE_H;
	for (i = 0; i < n; i++)
		total += h[i] = row_height(lo, &g, &rows[i]);
	layout_begin_block(lo, CHART_PAD_TOP + total + 6 + lh + ch + CHART_PAD_BOTTOM);
	y = lo->y + CHART_PAD_TOP;
	scale_draw(lo, &g, y);
	y += SCALE_H;
	for (i = 0; i < n; i++) {
		row_draw(lo, &g, &rows[i], y, h[i]);
		y += h[i];
	}
	chart_legend_draw(lo, &lg, lo->left, lo->right - lo->left, y + 6);
	chart_caption_draw(lo, caption, y + 6 + lh);
	lo->y = y + 6 + lh + ch + CHART_PAD_BOTTOM;
	free(h);
	return lo->page;
}
