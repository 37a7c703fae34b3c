#include "render/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "render/linebreak.h"

/* Cell padding, line height factor, rule width and shades. */
#define CELL_PAD 4.0
#define CELL_LH 1.4
#define RULE 0.5
#define HEAD_FILL 0xE6ECF2u
#define TOTAL_FILL 0xF4F4F4u
#define CAPTION_SIZE 10.5

static enum doc_font cell_font(const struct layout_table *t, size_t r)
{
	return r < t->nhead ? DOC_FONT_HEADING : DOC_FONT_BODY;
}

static const char *cell(const struct layout_table *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->ncols + c];

	return s ? s : "";
}

/* Minimum and natural width of every column, padding included. */
static void column_bounds(const struct layout *lo, const struct layout_table *t, double *min,
			  double *max)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		min[c] = max[c] = 2 * CELL_PAD + LAYOUT_CELL_SIZE;
		for (r = 0; r < t->nrows; r++) {
			const char *s = cell(t, r, c);
			double lo_w = layout_text_min_width(lo, cell_font(t, r), LAYOUT_CELL_SIZE,
							    s, strlen(s));
			double hi_w = layout_text_width(lo, cell_font(t, r), LAYOUT_CELL_SIZE, s,
							strlen(s));

			if (lo_w + 2 * CELL_PAD > min[c])
				min[c] = lo_w + 2 * CELL_PAD;
			if (hi_w + 2 * CELL_PAD > max[c])
				max[c] = hi_w + 2 * CELL_PAD;
		}
	}
}

void layout_table_widths(const struct layout *lo, const struct layout_table *t, double avail,
			 double *w)
{
	double *min = xcalloc(t->ncols ? t->ncols : 1, sizeof(double));
	double *max = xcalloc(t->ncols ? t->ncols : 1, sizeof(double));
	double smin = 0, smax = 0;
	size_t c;

	column_bounds(lo, t, min, max);
	for (c = 0; c < t->ncols; c++) {
		smin += min[c];
		smax += max[c];
	}
	for (c = 0; c < t->ncols; c++) {
		if (smax <= avail)
			/* Everything fits unbroken: fill the width in proportion. */
			w[c] = max[c] + (avail - smax) * max[c] / smax;
		else if (smin <= avail && smax > smin)
			/* Columns that want more get more of what is left. */
			w[c] = min[c] + (avail - smin) * (max[c] - min[c]) / (smax - smin);
		else
			w[c] = min[c] * avail / smin;
	}
	free(min);
	free(max);
}

static double row_height(const struct layout *lo, const struct layout_table *t, size_t r,
			 const double *w)
{
	double lh = LAYOUT_CELL_SIZE * CELL_LH, h = lh;
	struct linebreak_line *l;
	size_t c, n;

	for (c = 0; c < t->ncols; c++) {
		n = layout_break(lo, cell(t, r, c), cell_font(t, r), LAYOUT_CELL_SIZE,
				 w[c] - 2 * CELL_PAD, 0, &l);
		free(l);
		if ((double)n * lh > h)
			h = (double)n * lh;
	}
	return h + 2 * CELL_PAD;
}

static void cell_text(struct layout *lo, const struct layout_table *t, size_t r, size_t c,
		      double x, double w, double y, double h)
{
	double lh = LAYOUT_CELL_SIZE * CELL_LH, tx;
	const char *s = cell(t, r, c);
	enum layout_align a = r < t->nhead ? ALIGN_CENTER : t->align ? t->align[c] : ALIGN_LEFT;
	struct linebreak_line *l;
	size_t n, i;
	struct box *b;

	n = layout_break(lo, s, cell_font(t, r), LAYOUT_CELL_SIZE, w - 2 * CELL_PAD, 0, &l);
	y += (h - (double)n * lh) / 2;
	for (i = 0; i < n; i++, y += lh) {
		tx = x + CELL_PAD;
		if (a == ALIGN_RIGHT)
			tx = x + w - CELL_PAD - l[i].width;
		else if (a == ALIGN_CENTER)
			tx = x + (w - l[i].width) / 2;
		b = layout_text_at(lo, s + l[i].start, l[i].end - l[i].start, cell_font(t, r),
				   LAYOUT_CELL_SIZE, tx, y + (lh - LAYOUT_CELL_SIZE) / 2,
				   r < t->nhead ? ROLE_HEADER_CELL : ROLE_CELL);
		b->row = (int)r;
		b->col = (int)c;
		if (t->colors && r >= t->nhead)
			b->color = t->colors[r * t->ncols + c];
	}
	free(l);
}

static void draw_row(struct layout *lo, const struct layout_table *t, size_t r, const double *w,
		     double h)
{
	double x = lo->left;
	size_t c;
	struct box *b;

	for (c = 0; c < t->ncols; c++) {
		b = doc_add_box(lo->doc, lo->page, BOX_RECT);
		b->role = r < t->nhead ? ROLE_HEADER_CELL : ROLE_CELL;
		b->x = x;
		b->y = lo->y;
		b->w = w[c];
		b->h = h;
		b->stroke = 0x000000;
		b->line_width = RULE;
		if (r < t->nhead)
			b->fill = HEAD_FILL;
		else if (t->total && r == t->nrows - 1)
			b->fill = TOTAL_FILL;
		b->row = (int)r;
		b->col = (int)c;
		cell_text(lo, t, r, c, x, w[c], lo->y, h);
		x += w[c];
	}
	lo->y += h;
}

static double caption_height(void)
{
	return CAPTION_SIZE * 1.8;
}

static void caption(struct layout *lo, const char *title, int cont)
{
	char *s;
	size_t n;
	double cw = lo->right - lo->left, tw;

	if (!title && !cont)
		return;
	n = (title ? strlen(title) : 0) + 16;
	s = xmalloc(n);
	snprintf(s, n, "%s%s", cont ? "续表 " : "", title ? title : "");
	tw = layout_text_width(lo, DOC_FONT_HEADING, CAPTION_SIZE, s, strlen(s));
	if (tw > cw)
		tw = cw;
	layout_text_at(lo, s, strlen(s), DOC_FONT_HEADING, CAPTION_SIZE, lo->left + (cw - tw) / 2,
		       lo->y + (caption_height() - CAPTION_SIZE) / 2, ROLE_CAPTION);
	free(s);
	lo->y += caption_height();
}

static void table_head(struct layout *lo, const struct layout_table *t, const double *w,
		       const double *h, int cont)
{
	size_t r;

	caption(lo, t->title, cont);
	for (r = 0; r < t->nhead && r < t->nrows; r++)
		draw_row(lo, t, r, w, h[r]);
}

static void table_note(struct layout *lo, const char *note)
{
	struct linebreak_line *l;
	double size = LAYOUT_CELL_SIZE, lh = size * 1.5;
	size_t n, i;

	n = layout_break(lo, note, DOC_FONT_BODY, size, lo->right - lo->left, 0, &l);
	lo->y += 2;
	for (i = 0; i < n; i++) {
		if (lo->y + lh > lo->bottom)
			layout_new_page(lo);
		layout_text_at(lo, note + l[i].start, l[i].end - l[i].start, DOC_FONT_BODY, size,
			       lo->left, lo->y + (lh - size) / 2, ROLE_CAPTION);
		lo->y += lh;
	}
	free(l);
}

void layout_table(struct layout *lo, const struct layout_table *t)
{
	double *w, *h, first;
	size_t r, nhead = t->nhead < t->nrows ? t->nhead : t->nrows;

	if (t->ncols == 0)
		return;
	w = xcalloc(t->ncols, sizeof(double));
	h = xcalloc(t->nrows ? t->nrows : 1, sizeof(double));
	layout_table_widths(lo, t, lo->right - lo->left, w);
	first = t->title ? caption_height() : 0;
	for (r = 0; r < t->nrows; r++) {
		h[r] = row_height(lo, t, r, w);
		if (r <= nhead)
			first += h[r];
	}
	/* The caption, the header and the first body row go together. */
	layout_begin_block(lo, first);
	table_head(lo, t, w, h, 0);
	for (r = nhead; r < t->nrows; r++) {
		if (lo->y + h[r] > lo->bottom + 0.01) {
			layout_new_page(lo);
			table_head(lo, t, w, h, 1);
		}
		draw_row(lo, t, r, w, h[r]);
	}
	if (t->note)
		table_note(lo, t->note);
	lo->y += LAYOUT_BODY_SIZE;
	free(w);
	free(h);
}
