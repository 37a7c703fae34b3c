#ifndef PROGREP_CHART_INT_H
#define PROGREP_CHART_INT_H

/*
 * Private to render/chart/chart*.c: drawing primitives in doc coordinates (y
 * down) on the flow's current page, all with ROLE_CHART, and the pieces
 * every chart kind shares (tick labels, legend, caption).
 */
#include "render/chart/chart.h"

#define CHART_PI 3.14159265358979323846
/* Room above a chart and below its caption. */
#define CHART_PAD_TOP 6.0
#define CHART_PAD_BOTTOM 8.0
/* Type sizes: none below CHART_MIN_TEXT (chart.h). */
#define CHART_TICK_SIZE 8.0
#define CHART_LABEL_SIZE 8.5
#define CHART_VALUE_SIZE CHART_MIN_TEXT
#define CHART_TITLE_SIZE 8.5
#define CHART_CAPTION_SIZE 10.5
#define CHART_AXIS_COLOR 0x555555u
#define CHART_GRID_COLOR 0xE1E5EBu
#define CHART_TEXT_COLOR 0x333333u
#define CHART_MUTED_COLOR 0x666666u
#define CHART_TARGET_COLOR 0xC62828u
/* mono (gongwen, bulletin): grid and track greys, outlines, the target */
#define CHART_MONO_GRID 0xD9D9D9u
#define CHART_MONO_TRACK 0xEEEEEEu
#define CHART_MONO_EDGE 0x000000u
#define CHART_MONO_TARGET 0x000000u

/* The series colour i of a palette that survives grey printing. */
unsigned chart_palette(size_t i);

/* Text with its top-left at (x, y); returns its width. */
double chart_text(struct layout *lo, const char *s, enum doc_font f, double size, double x,
		  double y, unsigned color);
/* Text centred on cx / ending at xr, top at y. */
void chart_text_center(struct layout *lo, const char *s, enum doc_font f, double size, double cx,
		       double y, unsigned color);
void chart_text_right(struct layout *lo, const char *s, enum doc_font f, double size, double xr,
		      double y, unsigned color);
double chart_width(const struct layout *lo, const char *s, enum doc_font f, double size);
void chart_line(struct layout *lo, double x1, double y1, double x2, double y2, unsigned color,
		double width, double dash);
void chart_rect(struct layout *lo, double x, double y, double w, double h, unsigned fill,
		unsigned stroke);
void chart_circle(struct layout *lo, double cx, double cy, double r, unsigned fill,
		  unsigned stroke);
/* A bar of status st: its fill (colour, or grey in mono), an outline in
 * mono, and the status pattern over it. */
void chart_status_rect(struct layout *lo, double x, double y, double w, double h, int st,
		       int mono);
/* The hatch lines of pattern p over the rectangle, in colour. */
void chart_pattern_draw(struct layout *lo, double x, double y, double w, double h,
			enum chart_pattern p, unsigned color);
/* Polyline through n points (xy pairs), copied into the doc's arena. */
void chart_polyline(struct layout *lo, const double *xy, size_t n, unsigned color, double width,
		    double dash);

/* The text of tick i of t (the value at lo + i * step). */
void chart_tick_text(const struct chart_ticks *t, int i, char *buf, size_t n);
/* Width of the widest tick text. */
double chart_ticks_width(const struct layout *lo, const struct chart_ticks *t);

/* Legend entries: a filled box, a line with a marker, or a dashed line. */
enum chart_key_kind { KEY_BOX, KEY_LINE, KEY_DASH };

struct chart_legend {
	size_t n;
	const char *name[16];
	unsigned color[16];
	enum chart_key_kind kind[16];
	int status[16];  /* KEY_BOX of a status: drawn as its bars are; else -2 */
	double dash[16]; /* KEY_LINE: the line's dash */
	int mono;
};

void chart_legend_add(struct chart_legend *lg, const char *name, unsigned color,
		      enum chart_key_kind kind);
/* A box showing status st as chart_status_rect draws it. */
void chart_legend_add_status(struct chart_legend *lg, const char *name, int st);
/* Height of the legend laid out in rows across w points (0 when empty). */
double chart_legend_height(const struct layout *lo, const struct chart_legend *lg, double w);
/* Draw it centred in [x, x + w] with its top at y. */
void chart_legend_draw(struct layout *lo, const struct chart_legend *lg, double x, double w,
		       double y);

/* The caption under a chart: its height, and drawing it at y. */
double chart_caption_height(const struct layout *lo, const char *caption);
void chart_caption_draw(struct layout *lo, const char *caption, double y);

/* Category labels of a vertical chart, planned by chart_plan_labels,
 * under the axis at y, category i centred on x0 + (i + 0.5) * slot. */
void chart_labels_draw(struct layout *lo, const char *const *cats, size_t n,
		       const struct chart_labels *pl, double x0, double slot, double y);

/* A bar chart with horizontal bars (render/chart/chart_hbar.c). */
int chart_hbar_draw(struct layout *lo, const struct chart *c);
/* The smallest and largest finite value of c's series and target (0 always
 * included) (render/chart/chart_common.c, like chart_legend_of). */
void chart_data_range(const struct chart *c, double *min, double *max);
/* The legend c needs: its series when more than one, its extra keys, its
 * target line. */
void chart_legend_of(const struct chart *c, struct chart_legend *lg);
/* The dash of line series s (0: solid), and the target line's colour. */
double chart_series_dash(size_t s, int mono);
unsigned chart_target_color(int mono);

#endif
