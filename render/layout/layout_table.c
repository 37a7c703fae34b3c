#include "render/layout/layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "render/layout/layout_table_int.h"
#include "render/layout/linebreak.h"

/* Cell padding, line height factor, rule width and shades. */
#define CELL_LH 1.4
#define RULE 0.5
/* Three-line tables (统计公报, GB/T 9704's 版记 weights): 0.35 mm rules at
 * top and bottom, 0.25 mm under the header. */
#define RULE_THICK (0.35 * 72 / 25.4)
#define RULE_THIN (0.25 * 72 / 25.4)
#define HEAD_FILL 0xE6ECF2u
#define TOTAL_FILL 0xF4F4F4u
#define CAPTION_SIZE 10.5

static int row_is(const struct layout_table *t, size_t r, enum layout_row_kind k)
{
	return t->row_kind && r >= t->nhead && r < t->nrows && t->row_kind[r] == k;
}

/* A group's header row: its name spans the table's width (the other cells
 * are empty), so a long prefecture name neither wraps nor widens the
 * label column. */
static int spans(const struct layout_table *t, size_t r, size_t c)
{
	return c == 0 && row_is(t, r, LAYOUT_ROW_GROUP);
}

/* Header cells too are set in the body font: the heading font is kept to
 * headings and captions, so its embedded subset stays a few dozen glyphs
 * (every character in both fonts is embedded twice). The labels of a
 * group's header row and of its 小计 row are in the heading font, as
 * statistical yearbooks set them; their figures stay in the body font,
 * aligned with the others. */
static enum doc_font cell_font(const struct layout_table *t, size_t r, size_t c)
{
	return c == 0 && (row_is(t, r, LAYOUT_ROW_GROUP) || row_is(t, r, LAYOUT_ROW_SUBTOTAL))
		       ? DOC_FONT_HEADING
		       : DOC_FONT_BODY;
}

static const char *cell(const struct layout_table *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->ncols + c];

	return s ? s : "";
}

/* A figure never wraps: "0.00万" over "人" is not a number a reader
 * trusts. */
static int is_numeric(const char *s)
{
	return linebreak_is_figure(s, strlen(s));
}

/* Does body cell s of column c never wrap: a figure, a row label when the
 * table keeps them, a cell of a column the model keeps whole? */
static int keeps_whole(const struct layout_table *t, size_t c, const char *s)
{
	return is_numeric(s) || (c == 0 && t->keep_labels) || (t->whole && t->whole[c]);
}

static double cell_natural(const struct layout *lo, const struct layout_table *t, size_t r,
			   size_t c)
{
	const char *s = cell(t, r, c);

	if (spans(t, r, c))
		return 0;
	return layout_text_width(lo, cell_font(t, r, c), lo->table_size, s, strlen(s));
}

/* Header cell (r, c)'s break places (layout.h, head_breaks), or NULL. */
static const unsigned char *head_ok(const struct layout_table *t, size_t r, size_t c)
{
	return t->head_breaks && r < t->nhead ? t->head_breaks[r * t->ncols + c] : NULL;
}

/* Which break places of table_head_words() count (layout.h, head_mask):
 * words, unless layout_table found the table needs more. */
static unsigned head_mask(const struct layout_table *t)
{
	return t->head_mask ? t->head_mask : 1u;
}

/* Cell (r, c) broken into lines of at most avail points. */
static size_t break_cell(const struct layout *lo, const struct layout_table *t, size_t r,
			 size_t c, double avail, struct linebreak_line **l)
{
	const char *s = cell(t, r, c);
	const unsigned char *ok = head_ok(t, r, c);

	if (ok)
		return table_words_break(lo, s, ok, head_mask(t), cell_font(t, r, c), avail, l);
	return layout_break(lo, s, cell_font(t, r, c), lo->table_size, avail, 0, l);
}

/* The width of cell (r, c)'s widest piece between break places of mask m
 * (a header cell with break places), else as linebreak.h has it. */
static double cell_min_mask(const struct layout *lo, const struct layout_table *t, size_t r,
			    size_t c, unsigned m)
{
	const char *s = cell(t, r, c);
	const unsigned char *ok = head_ok(t, r, c);
	size_t len = strlen(s), a = 0, b;
	double w, mx = 0;

	if (spans(t, r, c))
		return 0;
	if (!ok)
		return layout_text_min_width(lo, cell_font(t, r, c), lo->table_size, s, len);
	for (b = 1; b <= len; b++)
		if (b == len || (ok[b] & m)) {
			w = layout_text_width(lo, cell_font(t, r, c), lo->table_size, s + a, b - a);
			mx = w > mx ? w : mx;
			a = b;
		}
	return mx;
}

/* The width of cell (r, c)'s widest piece that never breaks at the
 * table's mask. */
static double cell_min(const struct layout *lo, const struct layout_table *t, size_t r, size_t c)
{
	return cell_min_mask(lo, t, r, c, head_mask(t));
}

/* The narrowest width (text only, no padding) at which cell (r, c) takes
 * at most nlines lines: between its longest unbreakable piece and its
 * natural width, found by bisection (a few breaks of a short cell). */
static double width_for_lines(const struct layout *lo, const struct layout_table *t, size_t r,
			      size_t c, double lo_w, double hi_w, size_t nlines)
{
	struct linebreak_line *l;
	size_t n;
	int i;

	if (hi_w - lo_w < 0.5)
		return hi_w;
	for (i = 0; i < 12; i++) {
		double mid = (lo_w + hi_w) / 2;

		n = break_cell(lo, t, r, c, mid, &l);
		free(l);
		if (n <= nlines)
			hi_w = mid;
		else
			lo_w = mid;
	}
	return hi_w + 0.01;
}

/* Widths of the parts left and right of the alignment point of the
 * figures of body column c (decimal-aligned). */
static void dec_parts(const struct layout *lo, const struct layout_table *t, size_t c,
		      double *left, double *right)
{
	size_t r, k;
	double a, b;

	*left = *right = 0;
	for (r = t->nhead; r < t->nrows; r++) {
		const char *s = cell(t, r, c);

		if (!(k = table_fig_head(s)))
			continue;
		a = layout_text_width(lo, cell_font(t, r, c), lo->table_size, s, k);
		b = layout_text_width(lo, cell_font(t, r, c), lo->table_size, s + k, strlen(s + k));
		*left = a > *left ? a : *left;
		*right = b > *right ? b : *right;
	}
}

static int is_decimal(const struct layout_table *t, size_t c)
{
	return t->align && t->align[c] == ALIGN_DECIMAL;
}

enum { W_MIN, W_WORD, W_HEAD3, W_BODY, W_HEAD2, W_MAX, W_NSTAGES };

/* balance() line-breaks every cell a few dozen times: for longer tables
 * (an appendix of all counties) the first widths stand. */
#define BALANCE_MAX_ROWS 80

/* Raise *want to the width (padding included) header cell s needs to
 * take at most nlines lines. */
static void head_want(const struct layout *lo, const struct layout_table *t, size_t r, size_t c,
		      double mn, double nat, size_t nlines, double *want)
{
	double w = nat > mn ? width_for_lines(lo, t, r, c, mn, nat, nlines) : mn;

	if (w + 2 * lo->table_pad > *want)
		*want = w + 2 * lo->table_pad;
}

/* The widths a column asks for, padding included, in the order they are
 * granted: W_MIN what it cannot do without (a number's whole width, a
 * word's), W_WORD its header's words whole when the table's mask lets
 * headers break inside a word (so columns with slack give width to keep
 * words whole before any is split; else as W_MIN), W_HEAD3 its header in at most three lines, W_BODY its body
 * cells unwrapped, W_HEAD2 its header in at most two lines, W_MAX
 * everything unwrapped. Each stage is at least the one before. */
static void column_wants(const struct layout *lo, const struct layout_table *t, size_t c,
			 double *want)
{
	double pad = 2 * lo->table_pad, mn, nat;
	size_t r, k;

	for (k = 0; k < W_NSTAGES; k++)
		want[k] = pad + lo->table_size;
	for (r = 0; r < t->nrows; r++) {
		const char *s = cell(t, r, c);
		int head = r < t->nhead;

		nat = cell_natural(lo, t, r, c);
		mn = !head && keeps_whole(t, c, s) ? nat : cell_min(lo, t, r, c);
		if (mn + pad > want[W_MIN])
			want[W_MIN] = mn + pad;
		if (head && head_mask(t) == 7u) {
			double wd = cell_min_mask(lo, t, r, c, 5u);

			if (wd + pad > want[W_WORD])
				want[W_WORD] = wd + pad;
		}
		if (!head && nat + pad > want[W_BODY])
			want[W_BODY] = nat + pad;
		if (head) {
			head_want(lo, t, r, c, mn, nat, 3, &want[W_HEAD3]);
			head_want(lo, t, r, c, mn, nat, 2, &want[W_HEAD2]);
		}
		if (nat + pad > want[W_MAX])
			want[W_MAX] = nat + pad;
	}
	if (is_decimal(t, c)) {
		/* aligned figures take their widest integer part beside their
		 * widest decimals, and never wrap */
		double left, right;

		dec_parts(lo, t, c, &left, &right);
		for (k = 0; k < W_NSTAGES; k++)
			if (k != W_HEAD3 && k != W_HEAD2 && left + right + pad > want[k])
				want[k] = left + right + pad;
	}
	if (t->width && t->width[c] > 0)
		for (k = 0; k < W_NSTAGES; k++)
			want[k] = t->width[c];
	for (k = 1; k < W_NSTAGES; k++)
		if (want[k] < want[k - 1])
			want[k] = want[k - 1];
}

/* Share room among the columns still short of stage k, evenly, but a
 * column never beyond what it asks for (what it leaves goes to the
 * others): a short column ("65 新疆维吾尔自治区") is then set whole and the
 * long text columns wrap, instead of every column wrapping a little. */
static void share_rest(size_t nc, const double *want, size_t k, double room, double *w)
{
	size_t c, nshort;
	double share, need;

	while (room > 1e-6) {
		nshort = 0;
		for (c = 0; c < nc; c++)
			nshort += want[c * W_NSTAGES + k] - w[c] > 1e-9;
		if (nshort == 0)
			return;
		share = room / (double)nshort;
		for (c = 0; c < nc; c++) {
			need = want[c * W_NSTAGES + k] - w[c];
			if (need <= 1e-9)
				continue;
			need = need < share ? need : share;
			w[c] += need;
			room -= need;
		}
	}
}

double layout_table_min_width(const struct layout *lo, const struct layout_table *t)
{
	double want[W_NSTAGES], sum = 0;
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		column_wants(lo, t, c, want);
		sum += want[W_MIN];
	}
	return sum;
}

void layout_table_widths(const struct layout *lo, const struct layout_table *t, double avail,
			 double *w)
{
	size_t nc = t->ncols ? t->ncols : 1, c, k;
	double *want = xcalloc(nc * W_NSTAGES, sizeof(double));
	double sum[W_NSTAGES] = { 0 }, have, free_w;

	for (c = 0; c < t->ncols; c++) {
		column_wants(lo, t, c, want + c * W_NSTAGES);
		for (k = 0; k < W_NSTAGES; k++)
			sum[k] += want[c * W_NSTAGES + k];
	}
	if (sum[W_MIN] > avail) {
		/* Even the minimums do not fit: shrink in proportion (cells
		 * then break by code point). */
		for (c = 0; c < t->ncols; c++)
			w[c] = want[c * W_NSTAGES + W_MIN] * avail / sum[W_MIN];
		free(want);
		return;
	}
	for (c = 0; c < t->ncols; c++)
		w[c] = want[c * W_NSTAGES + W_MIN];
	have = sum[W_MIN];
	for (k = 1; k < W_NSTAGES; k++) {
		if (sum[k] <= avail) {
			for (c = 0; c < t->ncols; c++)
				w[c] = want[c * W_NSTAGES + k];
			have = sum[k];
			continue;
		}
		/* This stage does not fit whole: share what is left. */
		share_rest(t->ncols, want, k, avail - have, w);
		free(want);
		return;
	}
	/* Everything fits unwrapped: spread the rest in proportion, over the
	 * columns whose width the config left open (all, if it set every
	 * one). */
	for (c = 0, free_w = 0; c < t->ncols; c++)
		free_w += t->width && t->width[c] > 0 ? 0 : w[c];
	for (c = 0; c < t->ncols; c++)
		if (free_w <= 0 || !(t->width && t->width[c] > 0))
			w[c] += (avail - have) * w[c] / (free_w > 0 ? free_w : have);
	free(want);
}

/* Break cell (r, c) for a column w wide: a wrapping cell gets lines of
 * even length (the narrowest width that needs no more lines), never a
 * lone character on the last one. */
static size_t cell_lines(const struct layout *lo, const struct layout_table *t, size_t r,
			 size_t c, double w, struct linebreak_line **l)
{
	double avail = w - 2 * lo->table_pad, mn, even;
	size_t n = break_cell(lo, t, r, c, avail, l);

	if (n < 2)
		return n;
	free(*l);
	mn = cell_min(lo, t, r, c);
	even = width_for_lines(lo, t, r, c, mn < avail ? mn : avail, avail, n);
	return break_cell(lo, t, r, c, even < avail ? even : avail, l);
}

static void cell_text(struct layout *lo, const struct layout_table *t, size_t r, size_t c,
		      double x, double w, double y, double h)
{
	double lh = lo->table_size * CELL_LH, tx, left, right = 0;
	const char *s = cell(t, r, c);
	enum layout_align a = r < t->nhead ? ALIGN_CENTER : t->align ? t->align[c] : ALIGN_LEFT;
	struct linebreak_line *l;
	size_t n, i, k = 0;
	struct box *b;

	if (a == ALIGN_DECIMAL && (k = table_fig_head(s)) > 0) {
		if (t->dec_right)
			right = t->dec_right[c];
		else
			dec_parts(lo, t, c, &left, &right);
	}
	n = cell_lines(lo, t, r, c, w, &l);
	y += (h - (double)n * lh) / 2;
	for (i = 0; i < n; i++, y += lh) {
		tx = x + lo->table_pad;
		if (k > 0 && n == 1) /* the integer part ends at the column's point */
			tx = x + w - lo->table_pad - right -
			     layout_text_width(lo, cell_font(t, r, c), lo->table_size, s, k);
		else if (a == ALIGN_RIGHT || a == ALIGN_DECIMAL)
			tx = x + w - lo->table_pad - l[i].width;
		else if (a == ALIGN_CENTER)
			tx = x + (w - l[i].width) / 2;
		b = layout_text_at(lo, s + l[i].start, l[i].end - l[i].start, cell_font(t, r, c),
				   lo->table_size, tx, y + (lh - lo->table_size) / 2,
				   r < t->nhead ? ROLE_HEADER_CELL : ROLE_CELL);
		b->row = (int)r;
		b->col = (int)c;
		if (t->colors && r >= t->nhead)
			b->color = t->colors[r * t->ncols + c];
	}
	free(l);
}

/* Rules and shades go to a quarter point, like text (layout_text_at):
 * shorter numbers in the PDF, no visible difference. */
static double snap(double v)
{
	return floor(v * 4 + 0.5) / 4;
}

static void rule_w(struct layout *lo, double x, double y, double w, double h, double lw)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_LINE);

	b->x = snap(x);
	b->y = snap(y);
	b->w = snap(x + w) - b->x;
	b->h = snap(y + h) - b->y;
	b->stroke = 0x000000;
	b->line_width = lw;
}

static void rule(struct layout *lo, double x, double y, double w, double h)
{
	rule_w(lo, x, y, w, h, RULE);
}

/* One row: the shade of header and total rows, the cell texts and the
 * rule under it. The vertical rules come with the page's segment
 * (segment_end): one line per column edge, not four per cell, keeps the
 * page's drawing small. */
static void draw_row(struct layout *lo, const struct layout_table *t, size_t r, const double *w,
		     double h)
{
	double x = lo->left, cw = lo->right - lo->left;
	unsigned fill = r < t->nhead ? HEAD_FILL
			: t->total && r == t->nhead ? TOTAL_FILL : DOC_NOCOLOR;
	size_t c;
	struct box *b;

	/* A three-line table has no shades: its rules alone set the header
	 * apart. */
	if (fill != DOC_NOCOLOR && !lo->three_line) {
		b = doc_add_box(lo->doc, lo->page, BOX_RECT);
		b->role = r < t->nhead ? ROLE_HEADER_CELL : ROLE_CELL;
		b->x = snap(lo->left);
		b->y = snap(lo->y);
		b->w = snap(lo->left + cw) - b->x;
		b->h = snap(lo->y + h) - b->y;
		b->fill = fill;
		b->row = (int)r;
	}
	for (c = 0; c < t->ncols; c++) {
		if (spans(t, r, c)) {
			cell_text(lo, t, r, c, x, cw, lo->y, h);
			break; /* its other cells are empty */
		}
		cell_text(lo, t, r, c, x, w[c], lo->y, h);
		x += w[c];
	}
	lo->y += h;
	if (!lo->three_line)
		rule(lo, lo->left, lo->y, cw, 0);
	else if (r + 1 == t->nhead)
		rule_w(lo, lo->left, lo->y, cw, 0, RULE_THIN);
}

/* The inner vertical rule at x from top down to the current position,
 * broken where a group's header row spans the table (gap: ngap pairs of
 * its top and bottom, in order). */
static void inner_rule(struct layout *lo, double x, double top, const double *gap, size_t ngap)
{
	size_t i;

	if (ngap == 0) {
		rule(lo, x, top, 0, lo->y - top);
		return;
	}
	for (i = 0; i < ngap; i++) {
		if (gap[2 * i] > top)
			rule(lo, x, top, 0, gap[2 * i] - top);
		top = gap[2 * i + 1];
	}
	if (lo->y > top)
		rule(lo, x, top, 0, lo->y - top);
}

/* Close the part of the table on this page: its vertical rules from top
 * down to the current position (the inner ones broken by the group rows
 * in gap). */
static void segment_end(struct layout *lo, const struct layout_table *t, const double *w,
			double top, const double *gap, size_t ngap)
{
	double x = lo->left;
	size_t c;

	/* Three-line: each page's part closes with the thick bottom rule. */
	if (lo->three_line) {
		rule_w(lo, x, lo->y, lo->right - lo->left, 0, RULE_THICK);
		return;
	}
	rule(lo, x, top, 0, lo->y - top);
	for (c = 0; c < t->ncols; c++) {
		x += w[c];
		if (c + 1 < t->ncols)
			inner_rule(lo, x, top, gap, ngap);
		else
			rule(lo, x, top, 0, lo->y - top);
	}
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

/* The 单位 line: above the table at its right, in the table's size. */
static double unit_height(const struct layout *lo, const struct layout_table *t)
{
	return t->unit_line ? lo->table_size * 1.5 : 0;
}

static void unit_line(struct layout *lo, const struct layout_table *t)
{
	const char *s = t->unit_line;
	double tw;

	if (!s)
		return;
	tw = layout_text_width(lo, DOC_FONT_BODY, lo->table_size, s, strlen(s));
	layout_text_at(lo, s, strlen(s), DOC_FONT_BODY, lo->table_size, lo->right - tw,
		       lo->y + (unit_height(lo, t) - lo->table_size) / 2, ROLE_CAPTION);
	lo->y += unit_height(lo, t);
}

/* The caption and the header rows; returns the top of the ruled part. */
static double table_head(struct layout *lo, const struct layout_table *t, const double *w,
			 const double *h, int cont)
{
	size_t r;
	double top;

	/* On a continuation page all of this repeats what the table's first
	 * page has: the reader sees it, the structure has it once. */
	lo->repeat = cont;
	if (cont && t->cont_title)
		caption(lo, t->cont_title, 0);
	else
		caption(lo, t->title, cont);
	unit_line(lo, t);
	top = lo->y;
	rule_w(lo, lo->left, top, lo->right - lo->left, 0, lo->three_line ? RULE_THICK : RULE);
	for (r = 0; r < t->nhead && r < t->nrows; r++)
		draw_row(lo, t, r, w, h[r]);
	lo->repeat = 0;
	return top;
}

/* The note's size and line pitch, and the gap above it. */
#define NOTE_LH 1.5
#define NOTE_GAP 2

/* The height of t's note under the table (0: none). */
static double note_height(struct layout *lo, const struct layout_table *t)
{
	struct linebreak_line *l;
	size_t n;

	if (!t->note)
		return 0;
	n = layout_break(lo, t->note, DOC_FONT_BODY, LAYOUT_CELL_SIZE, lo->right - lo->left, 0,
			 &l);
	free(l);
	return NOTE_GAP + (double)n * LAYOUT_CELL_SIZE * NOTE_LH;
}

static void table_note(struct layout *lo, const char *note)
{
	struct linebreak_line *l;
	double size = LAYOUT_CELL_SIZE, lh = size * NOTE_LH;
	size_t n, i;

	n = layout_break(lo, note, DOC_FONT_BODY, size, lo->right - lo->left, 0, &l);
	lo->y += NOTE_GAP;
	for (i = 0; i < n; i++) {
		if (lo->y + lh > lo->bottom)
			layout_new_page(lo);
		layout_text_at(lo, note + l[i].start, l[i].end - l[i].start, DOC_FONT_BODY, size,
			       lo->left, lo->y + (lh - size) / 2, ROLE_CAPTION);
		lo->y += lh;
	}
	free(l);
}

/* How many rows from r on go on the current page: as many as fit, but
 * never fewer than KEEP_ROWS on the next page when the table goes on
 * (a lone row or two on a continuation page reads as an accident). The
 * note (note_h high) goes with the last rows: when they fit but it does
 * not, the last KEEP_ROWS rows go on with it to the next page, so a note
 * is never alone there. A group's header row never ends a page (it
 * belongs to the rows under it), and a 小计 row never starts one. At least one row, so a row taller than
 * a page still gets placed. */
#define KEEP_ROWS 3
static size_t rows_here(const struct layout *lo, const struct layout_table *t, const double *h,
			size_t r, double note_h)
{
	double y = lo->y;
	size_t k = 0, left = t->nrows - r;

	while (k < left && y + h[r + k] <= lo->bottom + 0.01)
		y += h[r + k++];
	if (k == left && note_h > 0 && y + note_h > lo->bottom + 0.01 && k > KEEP_ROWS)
		k -= KEEP_ROWS;
	else if (k < left && left - k < KEEP_ROWS && k > KEEP_ROWS) {
		size_t move = KEEP_ROWS - (left - k);

		k = k > move + 1 ? k - move : 1;
	}
	/* nor does a 小计 start one: its group's last row goes on with it,
	 * so a reader sees whose subtotal it is */
	if (k > 1 && k < left && row_is(t, r + k, LAYOUT_ROW_SUBTOTAL))
		k--;
	while (k > 1 && k < left && row_is(t, r + k - 1, LAYOUT_ROW_GROUP))
		k--;
	return k ? k : 1;
}

/* The height the table's start needs on its page: all of a short table
 * (up to SHORT_TABLE of the page) with its note (note_h), else caption,
 * header and the first KEEP_ROWS body rows. */
#define SHORT_TABLE 0.45
static double first_part(const struct layout *lo, const struct layout_table *t, const double *h,
			 size_t nhead, double note_h)
{
	double first = (t->title ? caption_height() : 0) + unit_height(lo, t), all;
	size_t r;

	for (r = 0; r < t->nrows; r++)
		first += r < nhead + KEEP_ROWS ? h[r] : 0;
	all = (t->title ? caption_height() : 0) + unit_height(lo, t);
	for (r = 0; r < t->nrows; r++)
		all += h[r];
	return all <= (lo->bottom - lo->top) * SHORT_TABLE ? all + note_h : first;
}

/* Lines of cell (r, c) in a column w wide. */
static size_t lines_at(const struct layout *lo, const struct layout_table *t, size_t r, size_t c,
		       double w)
{
	struct linebreak_line *l;
	size_t n;

	if (spans(t, r, c)) /* not in one column: row_lines counts it */
		return 1;
	n = cell_lines(lo, t, r, c, w, &l);
	free(l);
	return n ? n : 1;
}

/* The width of the table with columns w. */
static double table_width(const struct layout_table *t, const double *w)
{
	double sum = 0;
	size_t c;

	for (c = 0; c < t->ncols; c++)
		sum += w[c];
	return sum;
}

/* Lines of each row (the most of its cells, at least 1) with widths w;
 * their sum. */
static size_t row_lines(const struct layout *lo, const struct layout_table *t, const double *w,
			size_t *hl)
{
	size_t r, c, sum = 0;
	struct linebreak_line *l;

	for (r = 0; r < t->nrows; r++) {
		hl[r] = 1;
		for (c = 0; c < t->ncols; c++) {
			size_t n = lines_at(lo, t, r, c, w[c]);

			if (spans(t, r, c)) {
				n = cell_lines(lo, t, r, c, table_width(t, w), &l);
				free(l);
			}

			if (n > hl[r])
				hl[r] = n;
		}
		sum += hl[r];
	}
	return sum;
}

/* The narrowest width (down to its minimum) at which no cell of column c
 * takes more lines than its row has anyway. */
static double narrowest(const struct layout *lo, const struct layout_table *t, size_t c,
			double mn, double w, const size_t *hl)
{
	double lo_w = mn, hi_w = w;
	int i;
	size_t r;

	for (i = 0; i < 10 && hi_w - lo_w > 1; i++) {
		double mid = (lo_w + hi_w) / 2;

		for (r = 0; r < t->nrows && lines_at(lo, t, r, c, mid) <= hl[r]; r++)
			;
		if (r == t->nrows)
			hi_w = mid;
		else
			lo_w = mid;
	}
	return hi_w;
}

/* When text wraps, the widths from layout_table_widths may leave a short
 * column whole while a long one wraps into many lines on the same rows
 * (the 指标说明 appendix: a mostly empty 目标 column beside five-line
 * definitions). Take from each column what it can give without making any
 * row taller and give it to the columns that set the rows' heights, in
 * proportion to how many rows each sets; keep the result only if the table
 * gets shorter. A few rounds; tables whose cells all fit are left alone. */
static void balance(const struct layout *lo, const struct layout_table *t, double *w, size_t *hl,
		    size_t total)
{
	size_t nc = t->ncols, nr = t->nrows, r, c, round, wraps = 0;
	size_t *sets = xcalloc(nc, sizeof(*sets));
	double *nw = xcalloc(nc, sizeof(*nw)), *mn = xcalloc(nc, sizeof(*mn));

	for (r = t->nhead; r < nr; r++)
		wraps += hl[r] > 1;
	/* only a header wraps (or nothing): nothing worth moving; a body
	 * cell kept whole stays whole */
	for (c = 0; c < nc && wraps; c++)
		for (r = 0; r < nr; r++) {
			double m = (r >= t->nhead && keeps_whole(t, c, cell(t, r, c))
					    ? cell_natural(lo, t, r, c)
					    : cell_min(lo, t, r, c)) +
				   2 * lo->table_pad;

			if (m > mn[c])
				mn[c] = m;
		}
	for (round = 0; round < 3 && wraps && total > nr; round++) {
		double slack = 0;
		size_t nsets = 0, t2;

		memset(sets, 0, nc * sizeof(*sets));
		for (r = 0; r < nr; r++)
			for (c = 0; c < nc && hl[r] > 1; c++)
				if (lines_at(lo, t, r, c, w[c]) == hl[r])
					sets[c]++, nsets++;
		for (c = 0; c < nc; c++) {
			nw[c] = narrowest(lo, t, c, mn[c] < w[c] ? mn[c] : w[c], w[c], hl);
			slack += w[c] - nw[c];
		}
		if (nsets == 0 || slack < 1)
			break;
		for (c = 0; c < nc; c++)
			nw[c] += slack * (double)sets[c] / (double)nsets;
		t2 = row_lines(lo, t, nw, hl);
		if (t2 >= total) {
			row_lines(lo, t, w, hl);
			break;
		}
		memcpy(w, nw, nc * sizeof(*w));
		total = t2;
	}
	free(sets);
	free(nw);
	free(mn);
}

/* Do the columns' least widths (column_wants' W_MIN: no header line
 * breaks tried, so a few tries stay cheap) fit in avail? */
static int minimums_fit(const struct layout *lo, const struct layout_table *t, double avail)
{
	double pad = 2 * lo->table_pad, sum = 0, mn, left, right;
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		double w = pad + lo->table_size;

		for (r = 0; r < t->nrows; r++) {
			const char *s = cell(t, r, c);

			mn = r >= t->nhead && keeps_whole(t, c, s) ? cell_natural(lo, t, r, c)
								      : cell_min(lo, t, r, c);
			w = mn + pad > w ? mn + pad : w;
		}
		if (is_decimal(t, c)) {
			dec_parts(lo, t, c, &left, &right);
			w = left + right + pad > w ? left + right + pad : w;
		}
		if (t->width && t->width[c] > 0)
			w = t->width[c];
		sum += w;
	}
	return sum <= avail;
}

static void table_body(struct layout *lo, const struct layout_table *t,
		       unsigned char *const *words_ok);

/* A copy of t to lay out: header cells split into words (without their
 * U+200B) when t asks for it or a header has a U+200B. Release with
 * words_release(). */
static void words_setup(const struct layout_table *t, struct layout_table *tt)
{
	size_t r, c, i, n = t->nrows * t->ncols, nh = t->nhead < t->nrows ? t->nhead : t->nrows;
	const char **cells;
	int any = t->head_words;

	*tt = *t;
	tt->dec_right = NULL;
	for (i = 0; i < nh * t->ncols; i++)
		any |= table_has_break(t->cells[i]);
	if (!any)
		return;
	cells = xcalloc(n + 1, sizeof(*cells));
	memcpy(cells, t->cells, n * sizeof(*cells));
	tt->head_breaks = xcalloc(n + 1, sizeof(*tt->head_breaks));
	for (r = 0; r < nh; r++)
		for (c = 0; c < t->ncols; c++) {
			char *s;

			i = r * t->ncols + c;
			table_head_words(cell(t, r, c), t->head_words, t->words, t->nwords, &s,
					 &tt->head_breaks[i]);
			cells[i] = s;
		}
	tt->cells = cells;
}

static void words_release(const struct layout_table *t, struct layout_table *tt)
{
	size_t i, nh = t->nhead < t->nrows ? t->nhead : t->nrows;

	free(tt->dec_right);
	if (!tt->head_breaks)
		return;
	for (i = 0; i < nh * t->ncols; i++) {
		free((char *)tt->cells[i]);
		free(tt->head_breaks[i]);
	}
	free(tt->head_breaks);
	free((void *)tt->cells);
}

/* Tables in 五号 that cannot fit go down to 小五 (9 pt), as 统计公报 set
 * their wide tables, before any header word or row label is split. */
#define CELL_SIZE_SMALL 9.0

/* The first that fits of: row labels whole and headers wrapped between
 * words at the table's size, the same at CELL_SIZE_SMALL, then there
 * labels wrapped, then headers wrapped also between characters no word of
 * the lexicon covers, then also inside a word but never inside （万人） or
 * a number (labels whole, then not; the columns then still widen to keep
 * words whole as far as room lasts, W_WORD): a long region name on two
 * lines reads better than a header word split, and either better than
 * columns crushed to a character (the last resort, as in `report`). Sets
 * lo's table size and padding, and tt's head_mask, keep_labels and
 * head_breaks. */
static void fit_table(struct layout *lo, struct layout_table *tt)
{
	static const struct { int small; unsigned mask; int keep; } tries[] = {
		{ 0, 1, 1 }, { 1, 1, 1 }, { 1, 1, 0 }, { 1, 5, 1 }, { 1, 5, 0 }, { 1, 7, 1 }, { 1, 7, 0 }
	};
	double size = lo->table_size, pad = lo->table_pad, avail = lo->right - lo->left;
	double small = size > CELL_SIZE_SMALL ? CELL_SIZE_SMALL : size;
	size_t i;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		lo->table_size = tries[i].small ? small : size;
		lo->table_pad = pad * lo->table_size / size;
		tt->head_mask = tries[i].mask;
		tt->keep_labels = tries[i].keep;
		if (minimums_fit(lo, tt, avail))
			return;
	}
	/* nothing fits: cells break by code point (layout_table_widths) */
	tt->head_breaks = NULL;
}

void layout_table(struct layout *lo, const struct layout_table *t)
{
	struct layout_table tt;
	unsigned char **breaks;
	double size = lo->table_size, pad = lo->table_pad, left;
	size_t c;

	if (t->ncols == 0)
		return;
	words_setup(t, &tt);
	breaks = tt.head_breaks;
	tt.keep_labels = 0;
	if (tt.whole && !minimums_fit(lo, &tt, lo->right - lo->left))
		tt.whole = NULL;
	tt.keep_labels = t->head_words;
	if (t->head_words)
		fit_table(lo, &tt);
	else if (breaks && !minimums_fit(lo, &tt, lo->right - lo->left))
		tt.head_breaks = NULL;
	/* the widest decimals of each aligned column, at the size found */
	tt.dec_right = xcalloc(t->ncols + 1, sizeof(double));
	for (c = 0; c < t->ncols; c++)
		if (is_decimal(t, c))
			dec_parts(lo, t, c, &left, &tt.dec_right[c]);
	table_body(lo, &tt, t->head_words ? breaks : NULL);
	tt.head_breaks = breaks;
	words_release(t, &tt);
	lo->table_size = size;
	lo->table_pad = pad;
}

/* Warn, at the table's place in the config, of each header cell that
 * columns w wide break inside a word: where no place of words_ok (the
 * cells' break places, table_head_words) with bit 1 or 4 is. */
static void warn_split_words(struct layout *lo, const struct layout_table *t, const double *w,
			     unsigned char *const *words_ok)
{
	struct src_pos pos = { t->pos_file, t->pos_line, t->pos_col };
	struct linebreak_line *l;
	size_t r, c, i, n, nh = t->nhead < t->nrows ? t->nhead : t->nrows;

	if (!words_ok || !lo->diag || !t->pos_file)
		return;
	for (r = 0; r < nh; r++)
		for (c = 0; c < t->ncols; c++) {
			const unsigned char *ok = words_ok[r * t->ncols + c];

			n = cell_lines(lo, t, r, c, w[c], &l);
			for (i = 0; i + 1 < n && ok; i++)
				if (!(ok[l[i].end] & 5u))
					break;
			free(l);
			if (ok && i + 1 < n)
				diag_warning(lo->diag, pos,
					     "header '%s' of table '%s' is broken inside a word: give "
					     "the column a short title with | or widen it",
					     cell(t, r, c), t->title ? t->title : "");
		}
}

/* The table laid out, its header cells ready (words_setup); words_ok:
 * the header cells' word places, to warn of a word split, or NULL. */
static void table_body(struct layout *lo, const struct layout_table *t,
		       unsigned char *const *words_ok)
{
	double *w, *h, top, note_h = note_height(lo, t), *gap;
	size_t r, k, total, *hl, nhead = t->nhead < t->nrows ? t->nhead : t->nrows, ngap = 0;

	w = xcalloc(t->ncols, sizeof(double));
	h = xcalloc(t->nrows ? t->nrows : 1, sizeof(double));
	hl = xcalloc(t->nrows ? t->nrows : 1, sizeof(*hl));
	gap = xcalloc(2 * t->nrows + 2, sizeof(double));
	layout_table_widths(lo, t, lo->right - lo->left, w);
	total = row_lines(lo, t, w, hl);
	if (t->nrows <= BALANCE_MAX_ROWS)
		balance(lo, t, w, hl, total); /* hl stays that of w */
	warn_split_words(lo, t, w, words_ok);
	for (r = 0; r < t->nrows; r++)
		h[r] = (double)hl[r] * lo->table_size * CELL_LH + 2 * lo->table_pad;
	free(hl);
	layout_begin_block(lo, first_part(lo, t, h, nhead, note_h));
	top = table_head(lo, t, w, h, 0);
	for (r = nhead; r < t->nrows;) {
		if (r > nhead) {
			segment_end(lo, t, w, top, gap, ngap);
			ngap = 0;
			layout_new_page(lo);
			top = table_head(lo, t, w, h, 1);
		}
		for (k = rows_here(lo, t, h, r, note_h); k > 0; k--, r++) {
			if (row_is(t, r, LAYOUT_ROW_GROUP)) {
				gap[2 * ngap] = lo->y;
				gap[2 * ngap++ + 1] = lo->y + h[r];
			}
			draw_row(lo, t, r, w, h[r]);
		}
	}
	segment_end(lo, t, w, top, gap, ngap);
	if (t->note)
		table_note(lo, t->note);
	lo->y += lo->body_size;
	free(w);
	free(h);
	free(gap);
}
