#include "render/chart/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "render/chart/chart_int.h"
#include "render/layout/linebreak.h"

/* Ticks, category labels, and the drawing pieces the chart kinds share. */

void chart_ticks(double min, double max, int maxn, struct chart_ticks *t)
{
	static const double mult[] = { 1, 2, 5 };
	double raw, step = 1, lo = 0, hi = 1, p;
	int k, m, n = 2;

	if (!isfinite(min))
		min = 0;
	if (!isfinite(max))
		max = 0;
	if (min > max) {
		raw = min;
		min = max;
		max = raw;
	}
	min = min > 0 ? 0 : min;
	max = max < 0 ? 0 : max;
	if (max - min <= 0)
		max = 1;
	if (maxn < 2)
		maxn = 2;
	raw = (max - min) / (maxn - 1);
	/* Start one decade below the raw step: the first fitting step wins. */
	for (k = (int)floor(log10(raw)) - 1; k < 400; k++) {
		p = pow(10, k);
		for (m = 0; m < 3; m++) {
			step = mult[m] * p;
			lo = floor(min / step + 1e-9) * step;
			hi = ceil(max / step - 1e-9) * step;
			n = (int)floor((hi - lo) / step + 0.5) + 1;
			if (n <= maxn)
				goto done;
		}
	}
done:
	t->lo = lo;
	t->hi = hi;
	t->step = step;
	t->n = n;
	k = (int)floor(log10(step) + 1e-9);
	t->decimals = k < 0 ? -k : 0;
}

void chart_tick_text(const struct chart_ticks *t, int i, char *buf, size_t n)
{
	double v = t->lo + i * t->step;

	if (fabs(v) < t->step * 1e-6)
		v = 0; /* no "-0" */
	snprintf(buf, n, "%.*f", t->decimals, v);
}

double chart_ticks_width(const struct layout *lo, const struct chart_ticks *t)
{
	char buf[64];
	double w, max = 0;
	int i;

	for (i = 0; i < t->n; i++) {
		chart_tick_text(t, i, buf, sizeof(buf));
		w = chart_width(lo, buf, DOC_FONT_BODY, CHART_TICK_SIZE);
		if (w > max)
			max = w;
	}
	return max;
}

/* Is s[0..len) ending in suffix sf? */
static int ends_with(const char *s, size_t len, const char *sf)
{
	size_t n = strlen(sf);

	return len > n && memcmp(s + len - n, sf, n) == 0;
}

/* Where a region name may break, best first: before 自治 (the last one),
 * before a final 地区, before a final 县/市/区/州/旗. Returns how many
 * (at most 2) it put in at[]. */
static size_t name_breaks(const char *s, size_t len, size_t *at)
{
	static const char *const cls[] = { "县", "市", "区", "州", "旗" };
	const char *p, *q = NULL;
	size_t n = 0, k;

	for (p = strstr(s, "自治"); p; p = strstr(p + 1, "自治"))
		q = p;
	if (q && q > s)
		at[n++] = (size_t)(q - s);
	if (ends_with(s, len, "地区")) {
		at[n++] = len - strlen("地区");
		return n;
	}
	for (k = 0; k < sizeof(cls) / sizeof(cls[0]); k++)
		if (ends_with(s, len, cls[k])) {
			at[n++] = len - strlen(cls[k]);
			break;
		}
	return n;
}

int chart_label_split(const struct layout *lo, const char *s, double size, double w,
		      size_t *end1, size_t *start2)
{
	struct linebreak_line *l;
	size_t len = strlen(s), at[2], n, k, nl;
	int ok;

	*end1 = len;
	*start2 = len;
	if (layout_text_width(lo, DOC_FONT_BODY, size, s, len) <= w + 0.01)
		return 1;
	n = name_breaks(s, len, at);
	for (k = 0; k < n; k++)
		if (at[k] > 0 && layout_text_width(lo, DOC_FONT_BODY, size, s, at[k]) <= w + 0.01 &&
		    layout_text_width(lo, DOC_FONT_BODY, size, s + at[k], len - at[k]) <= w + 0.01) {
			*end1 = *start2 = at[k];
			return 2;
		}
	if (n)
		return 0; /* a name that would split inside itself */
	nl = layout_break(lo, s, DOC_FONT_BODY, size, w, 0, &l);
	ok = nl == 2 && l[0].width <= w + 0.01 && l[1].width <= w + 0.01;
	if (ok) {
		*end1 = l[0].end;
		*start2 = l[1].start;
	}
	free(l);
	return ok ? 2 : 0;
}

/* Does every label break into at most two lines of width w? */
static int wraps_in_two(const struct layout *lo, const char *const *labels, size_t n,
			double size, double w)
{
	size_t i, e, b;

	for (i = 0; i < n; i++)
		if (!chart_label_split(lo, labels[i] ? labels[i] : "", size, w, &e, &b))
			return 0;
	return 1;
}

void chart_plan_labels(const struct layout *lo, const char *const *labels, size_t n, double size,
		       double slot, struct chart_labels *out)
{
	double maxw = 0, w, gap = size * 0.6, pitch;
	size_t i;

	for (i = 0; i < n; i++) {
		w = chart_width(lo, labels[i] ? labels[i] : "", DOC_FONT_BODY, size);
		if (w > maxw)
			maxw = w;
	}
	out->size = size;
	out->every = 1;
	if (maxw <= slot - gap) {
		out->mode = LABELS_LEVEL;
		out->height = size * 1.5;
		return;
	}
	if (slot - gap > size * 2 && wraps_in_two(lo, labels, n, size, slot - gap)) {
		out->mode = LABELS_WRAP;
		out->height = size * 2.8;
		return;
	}
	/* Turned 45 degrees, neighbours are slot * sin(45) apart across their
	 * lines; a line needs size * 1.2. */
	out->mode = LABELS_ROTATE;
	pitch = size * 1.2 / sin(CHART_PI / 4);
	out->every = slot >= pitch ? 1 : (int)ceil(pitch / slot);
	out->height = maxw * sin(CHART_PI / 4) + size * 1.6;
}

void chart_labels_draw(struct layout *lo, const char *const *cats, size_t n,
		       const struct chart_labels *pl, double x0, double slot, double y)
{
	double cx, s = pl->size, c45 = cos(CHART_PI / 4), w;
	size_t i, nl;
	struct box *b;

	for (i = 0; i < n; i += (size_t)pl->every) {
		const char *t = cats[i] ? cats[i] : "";

		cx = x0 + ((double)i + 0.5) * slot;
		if (pl->mode == LABELS_LEVEL) {
			chart_text_center(lo, t, DOC_FONT_BODY, s, cx, y + s * 0.3,
					  CHART_TEXT_COLOR);
		} else if (pl->mode == LABELS_WRAP) {
			size_t e, b2, len = strlen(t);

			/* planned: every label splits (wraps_in_two) */
			nl = (size_t)chart_label_split(lo, t, s, slot - s * 0.6, &e, &b2);
			chart_text_center(lo, arena_strndup(lo->doc->arena, t, e), DOC_FONT_BODY, s,
					  cx, y + s * 0.3, CHART_TEXT_COLOR);
			if (nl == 2)
				chart_text_center(lo, arena_strndup(lo->doc->arena, t + b2, len - b2),
						  DOC_FONT_BODY, s, cx, y + s * 0.3 + s * 1.2,
						  CHART_TEXT_COLOR);
		} else {
			/* The end of the baseline sits just under the tick. */
			w = chart_width(lo, t, DOC_FONT_BODY, s);
			b = layout_text_at(lo, t, strlen(t), DOC_FONT_BODY, s, 0, 0, ROLE_CHART);
			b->color = CHART_TEXT_COLOR;
			b->angle = 45;
			b->x = cx + s * 0.3 - w * c45;
			b->y = y + s * 0.9 + w * c45;
		}
	}
}

unsigned chart_palette(size_t i)
{
	static const unsigned colors[] = { 0x2F6DB5, 0xE0802C, 0x3B9B5E, 0x8E5BB5,
					   0xC9463D, 0x4FA3B8, 0x9C7A3C, 0x7F7F7F };

	return colors[i % (sizeof(colors) / sizeof(colors[0]))];
}

unsigned chart_series_color(size_t i, int mono)
{
	/* Dark and light alternate, so neighbours in a group stay apart. */
	static const unsigned greys[] = { 0x404040, 0xA6A6A6, 0x000000, 0xD0D0D0, 0x737373 };

	return mono ? greys[i % (sizeof(greys) / sizeof(greys[0]))] : chart_palette(i);
}

unsigned chart_status_fill(int status)
{
	return status == REPORT_STATUS_ON_TRACK ? 0x4E9F63u
	       : status == REPORT_STATUS_AT_RISK ? 0xE6A13Au
	       : status == REPORT_STATUS_OFF_TRACK ? 0xD65A52u : 0x9AA4B1u;
}

unsigned chart_status_fill_mono(int status)
{
	return status == REPORT_STATUS_ON_TRACK ? 0xBFBFBFu
	       : status == REPORT_STATUS_AT_RISK ? 0xFFFFFFu
	       : status == REPORT_STATUS_OFF_TRACK ? 0x595959u : 0xE6E6E6u;
}

unsigned chart_status_text(int status)
{
	return status == REPORT_STATUS_ON_TRACK ? 0x1E7B34u
	       : status == REPORT_STATUS_AT_RISK ? 0xB26B00u
	       : status == REPORT_STATUS_OFF_TRACK ? 0xC62828u : CHART_MUTED_COLOR;
}

enum chart_pattern chart_status_pattern(int status)
{
	return status == REPORT_STATUS_AT_RISK	  ? PATTERN_HATCH
	       : status == REPORT_STATUS_OFF_TRACK ? PATTERN_CROSS : PATTERN_NONE;
}

#define HATCH_STEP 3.0
#define HATCH_WIDTH 0.6

/* Lines x - y = const (p: also x + y = const) HATCH_STEP apart across the
 * rectangle, each cut to it: no clipping path needed. */
void chart_pattern_draw(struct layout *lo, double x, double y, double w, double h,
			enum chart_pattern p, unsigned color)
{
	double d, t0, t1;

	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	if (p == PATTERN_NONE || w < 1 || h < 1)
		return;
	/* Line d runs from (x + d, y + h) up-right: points (x + d + t, y + h - t). */
	for (d = -h + HATCH_STEP / 2; d < w; d += HATCH_STEP) {
		t0 = d < 0 ? -d : 0;
		t1 = w - d < h ? w - d : h;
		if (t1 - t0 < 0.3)
			continue;
		chart_line(lo, x + d + t0, y + h - t0, x + d + t1, y + h - t1, color, HATCH_WIDTH, 0);
		if (p == PATTERN_CROSS) /* its mirror: (x + d + t, y + t) */
			chart_line(lo, x + d + t0, y + t0, x + d + t1, y + t1, color, HATCH_WIDTH, 0);
	}
}

void chart_status_rect(struct layout *lo, double x, double y, double w, double h, int st,
		       int mono)
{
	unsigned fill = mono ? chart_status_fill_mono(st) : chart_status_fill(st);
	/* Black hatching on the white bar of mono, white on a filled one. */
	unsigned ink = mono && st == REPORT_STATUS_AT_RISK ? 0x000000u : 0xFFFFFFu;

	chart_rect(lo, x, y, w, h, fill, mono ? CHART_MONO_EDGE : DOC_NOCOLOR);
	chart_pattern_draw(lo, x, y, w, h, chart_status_pattern(st), ink);
}

double chart_width(const struct layout *lo, const char *s, enum doc_font f, double size)
{
	return layout_text_width(lo, f, size, s, strlen(s));
}

double chart_text(struct layout *lo, const char *s, enum doc_font f, double size, double x,
		  double y, unsigned color)
{
	struct box *b = layout_text_at(lo, s, strlen(s), f, size, x, y, ROLE_CHART);

	b->color = color;
	return b->w;
}

void chart_text_center(struct layout *lo, const char *s, enum doc_font f, double size, double cx,
		       double y, unsigned color)
{
	chart_text(lo, s, f, size, cx - chart_width(lo, s, f, size) / 2, y, color);
}

void chart_text_right(struct layout *lo, const char *s, enum doc_font f, double size, double xr,
		      double y, unsigned color)
{
	chart_text(lo, s, f, size, xr - chart_width(lo, s, f, size), y, color);
}

void chart_line(struct layout *lo, double x1, double y1, double x2, double y2, unsigned color,
		double width, double dash)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_LINE);

	b->role = ROLE_CHART;
	b->x = x1;
	b->y = y1;
	b->w = x2 - x1;
	b->h = y2 - y1;
	b->stroke = color;
	b->line_width = width;
	b->dash = dash;
}

void chart_rect(struct layout *lo, double x, double y, double w, double h, unsigned fill,
		unsigned stroke)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_RECT);

	/* A rectangle is given by its top-left corner: flip a negative side. */
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	b->role = ROLE_CHART;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->fill = fill;
	b->stroke = stroke;
	b->line_width = 0.5;
}

void chart_circle(struct layout *lo, double cx, double cy, double r, unsigned fill,
		  unsigned stroke)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_CIRCLE);

	b->role = ROLE_CHART;
	b->x = cx;
	b->y = cy;
	b->w = r;
	b->h = r;
	b->fill = fill;
	b->stroke = stroke;
	b->line_width = 0.8;
}

void chart_polyline(struct layout *lo, const double *xy, size_t n, unsigned color, double width,
		    double dash)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_POLYLINE);
	double *pts = arena_alloc(lo->doc->arena, 2 * n * sizeof(double));

	memcpy(pts, xy, 2 * n * sizeof(double));
	b->role = ROLE_CHART;
	b->x = xy[0];
	b->y = xy[1];
	b->pts = pts;
	b->npts = n;
	b->stroke = color;
	b->line_width = width;
	b->dash = dash;
}

void chart_legend_add(struct chart_legend *lg, const char *name, unsigned color,
		      enum chart_key_kind kind)
{
	size_t cap = sizeof(lg->name) / sizeof(lg->name[0]);

	if (lg->n == cap || !name)
		return;
	lg->name[lg->n] = name;
	lg->color[lg->n] = color;
	lg->kind[lg->n] = kind;
	lg->status[lg->n] = -2;
	lg->dash[lg->n] = 0;
	lg->n++;
}

void chart_legend_add_status(struct chart_legend *lg, const char *name, int st)
{
	size_t n = lg->n;

	chart_legend_add(lg, name, lg->mono ? chart_status_fill_mono(st) : chart_status_fill(st),
			 KEY_BOX);
	if (lg->n > n)
		lg->status[n] = st;
}

#define KEY_W 16.0
#define KEY_GAP 14.0
#define KEY_ROW 13.0

static double key_width(const struct layout *lo, const struct chart_legend *lg, size_t i)
{
	return KEY_W + 4 + chart_width(lo, lg->name[i], DOC_FONT_BODY, CHART_LABEL_SIZE);
}

/* Entries [i, end) that fit on one row of w points; returns end. */
static size_t legend_row(const struct layout *lo, const struct chart_legend *lg, size_t i,
			 double w, double *used)
{
	size_t end = i;

	*used = 0;
	while (end < lg->n) {
		double kw = key_width(lo, lg, end) + (end > i ? KEY_GAP : 0);

		if (end > i && *used + kw > w)
			break;
		*used += kw;
		end++;
	}
	return end;
}

double chart_legend_height(const struct layout *lo, const struct chart_legend *lg, double w)
{
	size_t i = 0, rows = 0;
	double used;

	while (i < lg->n) {
		i = legend_row(lo, lg, i, w, &used);
		rows++;
	}
	return rows ? (double)rows * KEY_ROW + 4 : 0;
}

static void key_draw(struct layout *lo, const struct chart_legend *lg, size_t i, double x,
		     double y)
{
	double my = y + KEY_ROW / 2 - 1;

	if (lg->kind[i] == KEY_BOX && lg->status[i] != -2) {
		chart_status_rect(lo, x + 3, my - 4, KEY_W - 6, 8, lg->status[i], lg->mono);
	} else if (lg->kind[i] == KEY_BOX) {
		chart_rect(lo, x + 3, my - 4, KEY_W - 6, 8, lg->color[i],
			   lg->mono ? CHART_MONO_EDGE : DOC_NOCOLOR);
	} else {
		chart_line(lo, x, my, x + KEY_W, my, lg->color[i], 1.6,
			   lg->kind[i] == KEY_DASH ? 3 : lg->dash[i]);
		if (lg->kind[i] == KEY_LINE)
			chart_circle(lo, x + KEY_W / 2, my, 2.5, lg->color[i], 0xFFFFFF);
	}
	chart_text(lo, lg->name[i], DOC_FONT_BODY, CHART_LABEL_SIZE, x + KEY_W + 4,
		   my - CHART_LABEL_SIZE / 2, CHART_TEXT_COLOR);
}

void chart_legend_draw(struct layout *lo, const struct chart_legend *lg, double x, double w,
		       double y)
{
	size_t i = 0, end, k;
	double used, kx;

	while (i < lg->n) {
		end = legend_row(lo, lg, i, w, &used);
		kx = x + (w - used) / 2;
		for (k = i; k < end; k++) {
			key_draw(lo, lg, k, kx, y);
			kx += key_width(lo, lg, k) + KEY_GAP;
		}
		y += KEY_ROW;
		i = end;
	}
}

double chart_caption_height(const struct layout *lo, const char *caption)
{
	struct linebreak_line *l;
	size_t n;

	if (!caption || !*caption)
		return 0;
	n = layout_break(lo, caption, DOC_FONT_HEADING, CHART_CAPTION_SIZE, lo->right - lo->left,
			 0, &l);
	free(l);
	return (double)(n ? n : 1) * CHART_CAPTION_SIZE * 1.5 + CHART_CAPTION_SIZE * 0.5;
}

void chart_caption_draw(struct layout *lo, const char *caption, double y)
{
	struct linebreak_line *l;
	double cw = lo->right - lo->left, s = CHART_CAPTION_SIZE;
	size_t n, i;

	if (!caption || !*caption)
		return;
	n = layout_break(lo, caption, DOC_FONT_HEADING, s, cw, 0, &l);
	for (i = 0; i < n; i++) {
		struct box *b = layout_text_at(lo, caption + l[i].start, l[i].end - l[i].start,
					       DOC_FONT_HEADING, s, lo->left + (cw - l[i].width) / 2,
					       y + s * 0.25 + (double)i * s * 1.5, ROLE_CAPTION);
		b->color = 0;
	}
	free(l);
}
