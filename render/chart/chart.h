#ifndef PROGREP_CHART_H
#define PROGREP_CHART_H

#include <stddef.h>

#include "core/engine/report.h"
#include "render/layout/layout.h"

/*
 * Charts drawn as vectors (lines, rectangles, circles and text boxes of
 * render/layout/doc.h) into the page flow: line charts over periods, bar charts
 * over regions, progress bars toward targets.
 *
 * chart_draw() and chart_draw_progress() draw a chart model that knows
 * nothing of the config (tests build one by hand); render/chart_block.c
 * fills it from a chart of the report model. Every chart is one unbreakable block: it goes whole on the
 * current page or on the next, with its caption under it and the waiting
 * headings above it (layout_begin_block).
 */

/* Tick values of a value axis: lo, lo + step, ..., hi. */
struct chart_ticks {
	double lo, hi, step;
	int n;        /* number of ticks, (hi - lo) / step + 1 */
	int decimals; /* places needed to print every tick (0 for step >= 1) */
};

/* Nice ticks for data in [min, max]: the smallest step of 1, 2 or 5 x 10^k
 * whose multiples cover the range in at most maxn ticks (maxn >= 2). The
 * range always takes in 0, since bars grow from 0 and a trend read from a
 * cut axis misleads: 0..19.4 gives 0, 5, 10, 15, 20 and 0..308.9 gives 0,
 * 100, ..., 400 (maxn 6). An empty or flat range at 0 gives 0..1. NaN and
 * infinite bounds are treated as 0. */
void chart_ticks(double min, double max, int maxn, struct chart_ticks *t);

/* How category labels under a horizontal axis are set so that they never
 * overlap: level on one line when each fits its slot, else wrapped onto two
 * lines, else turned 45 degrees, thinned to every k-th label when even
 * turned ones are too close. */
enum chart_label_mode { LABELS_LEVEL, LABELS_WRAP, LABELS_ROTATE };

struct chart_labels {
	enum chart_label_mode mode;
	double size;   /* type size */
	int every;     /* 1: every label; k: labels 0, k, 2k, ... */
	double height; /* the room they take under the axis */
};

/* Where a category label of size points breaks to fit lines of w points:
 * returns 1 (one line, the whole label), 2 (*end1 ends the first line,
 * *start2 starts the second) or 0 (no sensible break into two lines). A
 * region name breaks only before its administrative suffix: before 自治
 * ("木垒哈萨克/自治县"), else before a final 县, 市, 区, 州, 旗 or 地区
 * ("乌鲁木齐/市"), never inside the proper name; a label with no such
 * suffix breaks as text does. */
int chart_label_split(const struct layout *lo, const char *s, double size, double w,
		      size_t *end1, size_t *start2);

/* Plan n labels of size points in slots slot points wide (the distance
 * between category centres). */
void chart_plan_labels(const struct layout *lo, const char *const *labels, size_t n, double size,
		       double slot, struct chart_labels *out);

/* One series: ncats values in the DISPLAY unit (scaled by 万/亿 already);
 * NaN is missing and leaves a gap. labels: ncats value label texts or NULL
 * (no value labels); an entry may be NULL. */
struct chart_series {
	const char *name;
	const double *v;
	const char *const *labels;
	unsigned color;
};

/* A legend entry the chart cannot know by itself (status colours). */
struct chart_key {
	const char *name;
	unsigned color;
	int status;  /* with patterned: the status whose fill and pattern it shows */
	int patterned;
};

/* No chart text is set smaller than this at print size (points): where
 * labels do not fit they are thinned or the chart is cut, never shrunk. */
#define CHART_MIN_TEXT REPORT_CHART_MIN_TEXT

struct chart {
	enum report_chart_kind kind; /* REPORT_CHART_LINE or REPORT_CHART_BAR */
	const char *caption;        /* under the chart, or NULL */
	const char *empty_note;     /* shown when there is nothing to draw, or NULL */
	const char *axis_title;     /* value axis, e.g. "贫困发生率（%）", or NULL */
	size_t ncats;
	const char *const *cats;
	size_t nseries;             /* >= 1 */
	const struct chart_series *series;
	const unsigned *cat_colors; /* bar: per-category fill for series 0, or NULL */
	const int *cat_status;      /* bar: with cat_colors, the status of each category:
				       its bar also gets the status pattern */
	const struct chart_key *keys; /* extra legend entries */
	size_t nkeys;
	int horizontal;             /* bar: 1, 0, or -1 automatic */
	int has_target;             /* line: a dashed line at target */
	double target;              /* display unit */
	const char *target_label;   /* e.g. "2020年目标 0%" */
	int mono;                   /* print in black and grey only (gongwen, bulletin) */
};

/* Bar charts turn horizontal by themselves beyond this many bars. */
#define CHART_MAX_VERTICAL_BARS 14

/* Draw c across the text width at the flow position. Returns the page it
 * went on. */
int chart_draw(struct layout *lo, const struct chart *c);

/* Would chart_draw lay c's bars out horizontally? */
int chart_is_horizontal(const struct layout *lo, const struct chart *c);

/* One progress bar: how far an indicator has come from its baseline to
 * its target. */
struct chart_progress_row {
	const char *label;  /* the indicator's name */
	double progress;    /* percent (may be < 0 or > 100), NaN when unknown */
	const char *figure; /* e.g. "94.6%" */
	int status;         /* enum report_status (core/engine/report.h) */
	const char *detail; /* smaller text under the bar, or NULL */
};

/* status_label: the words of the three statuses, by enum report_status,
 * beside each bar and in the legend. */
int chart_draw_progress(struct layout *lo, const char *caption,
			const struct chart_progress_row *rows, size_t n,
			const char *const status_label[3], int mono);

/* The colours of enum status, for bars (light) and text (dark); mono: the
 * greys of black-and-white print. */
unsigned chart_status_fill(int status);
unsigned chart_status_text(int status);
unsigned chart_status_fill_mono(int status);

/* How a status reads without colour: on track plain, at risk hatched one
 * way (////), off track cross-hatched; the same in every preset. */
enum chart_pattern { PATTERN_NONE, PATTERN_HATCH, PATTERN_CROSS };
enum chart_pattern chart_status_pattern(int status);

/* The series colour i: the palette, or in mono a grey (dark first). */
unsigned chart_series_color(size_t i, int mono);

#endif
