#include "render/pdf/pdf_content.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/layout.h"
#include "render/layout/linebreak.h"

/*
 * A page's content stream, written here rather than through libharu's
 * HPDF_Page_* drawing calls: each of those clears a 2 KB buffer byte by
 * byte and formats its numbers through HPDF_FToA, and HPDF_Page_TextOut
 * wraps every string in its own BT .. ET with a Tf and encodes it through
 * a per-PDF UTF-8 encoder. In a batch of county reports that was most of
 * the time spent per PDF (callgrind). Here text codes are the subset's
 * glyph ids (pdf_embed.h), consecutive text boxes share one text object,
 * and colour, font, line width and the like are written only when they
 * change. Coordinates are written to 1/100 pt, colours to 1/1000. Nothing
 * saves or restores the graphics state (no q/Q), so what was last written
 * is what is in force.
 */

void pdf_content_init(struct pdf_content *c)
{
	memset(c, 0, sizeof(*c));
}

void pdf_content_release(struct pdf_content *c)
{
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

static void put(struct pdf_content *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->cap)
		xgrow((void **)&c->buf, &c->cap, c->len + n + 1, 1);
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

static void put_str(struct pdf_content *c, const char *s)
{
	put(c, s, strlen(s));
}

/* v rounded to 1/10^digits, shortest form, then a space: "12.5 ", "-3 ". */
static void put_num(struct pdf_content *c, double v, int digits)
{
	static const double scale[] = {1, 10, 100, 1000, 10000};
	long long k = llround(v * scale[digits]);
	char tmp[40], *p = tmp + sizeof(tmp);
	int i, frac = 0;

	*--p = ' ';
	if (k < 0) {
		put(c, "-", 1);
		k = -k;
	}
	for (i = 0; i < digits; i++, k /= 10) {
		int dgt = (int)(k % 10);

		if (frac || dgt) {
			*--p = (char)('0' + dgt);
			frac = 1;
		}
	}
	if (frac)
		*--p = '.';
	do {
		*--p = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	put(c, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void put_pt(struct pdf_content *c, double v)
{
	put_num(c, v, 2);
}

static double rounded(double v)
{
	return (double)llround(v * 100) / 100;
}

void pdf_content_page(struct pdf_content *c, double height)
{
	c->height = height;
	c->len = 0;
	c->text = 0;
	c->mark_in_text = 0;
	c->font = -1;
	c->have_fill = c->have_stroke = 0;
	c->tc = 0;
	c->bold = 0;
	c->lw = 1; /* the PDF defaults */
	c->dashed = 0;
	c->round_join = 0;
}

static void end_text(struct pdf_content *c)
{
	if (c->text)
		put_str(c, "ET\n");
	c->text = 0;
}

static void set_color(struct pdf_content *c, unsigned color, int stroke)
{
	unsigned *have = stroke ? &c->have_stroke : &c->have_fill;
	unsigned *cur = stroke ? &c->stroke : &c->fill;
	int i;

	if (*have && *cur == color)
		return;
	for (i = 16; i >= 0; i -= 8)
		put_num(c, ((color >> i) & 0xFF) / 255.0, 3);
	put_str(c, stroke ? "RG\n" : "rg\n");
	*cur = color;
	*have = 1;
}

static void set_font(struct pdf_content *c, int role, const char *res, double size)
{
	if (c->font == role && c->size == size)
		return;
	put(c, "/", 1);
	put_str(c, res);
	put(c, " ", 1);
	put_pt(c, size);
	put_str(c, "Tf\n");
	c->font = role;
	c->size = size;
}

static void set_char_space(struct pdf_content *c, double tc)
{
	if (c->tc == tc)
		return;
	put_pt(c, tc);
	put_str(c, "Tc\n");
	c->tc = tc;
}

/* Move to (x, y): relative to the last line start with Td while the text
 * matrix is a plain translation, else with a whole Tm. */
static void move_to(struct pdf_content *c, double x, double y, double angle)
{
	if (angle != 0) {
		double rad = angle * 3.14159265358979323846 / 180;
		double cs = cos(rad), sn = sin(rad);

		put_num(c, cs, 4);
		put_num(c, sn, 4);
		put_num(c, -sn, 4);
		put_num(c, cs, 4);
		put_pt(c, x);
		put_pt(c, y);
		put_str(c, "Tm\n");
		c->rotated = 1;
	} else if (c->rotated) {
		put_str(c, "1 0 0 1 ");
		put_pt(c, x);
		put_pt(c, y);
		put_str(c, "Tm\n");
		c->rotated = 0;
	} else {
		/* relative to the last start as written: no drift */
		put_pt(c, rounded(x) - c->lx);
		put_pt(c, rounded(y) - c->ly);
		put_str(c, "Td\n");
	}
	c->lx = rounded(x);
	c->ly = rounded(y);
}

static void put_glyph(struct pdf_content *c, unsigned g)
{
	int k;

	for (k = 8; k >= 0; k -= 8) {
		char ch = (char)((g >> k) & 0xFF);

		if (ch == '(' || ch == ')' || ch == '\\')
			put(c, "\\", 1);
		if (ch == '\r')
			put(c, "\\r", 2);
		else if (ch == '\n')
			put(c, "\\n", 2);
		else
			put(c, &ch, 1);
	}
}

/* Does s hold a pair of full-width punctuation marks to squeeze? */
static int has_squeeze(const char *s)
{
	size_t n = strlen(s), i = 0;
	unsigned prev = 0, cp;
	int len;

	while (i < n && (len = utf8_decode(s + i, n - i, &cp)) > 0) {
		if (linebreak_may_squeeze(prev) && linebreak_may_squeeze(cp) &&
		    linebreak_squeeze(prev, cp))
			return 1;
		prev = cp;
		i += (size_t)len;
	}
	return 0;
}

/* The glyph ids of s as a literal string of 2-byte codes (Tj), or with
 * squeeze as an array (TJ) in which each squeezed pair of punctuation
 * marks (linebreak_squeeze) is drawn half an advance of the squeezed mark
 * closer, as layout measured it, and after (1/1000 em) more space after
 * the last glyph; a code point the subset lacks stops it:
 * 0, or that code point. */
static unsigned put_glyphs(struct pdf_content *c, const struct pdf_embed *e, unsigned char *used,
			   const char *s, int squeeze, double adj, double after)
{
	size_t n = strlen(s), i = 0;
	unsigned prev = 0, prev_g = 0;
	int array;

	squeeze = squeeze && has_squeeze(s);
	array = squeeze || after != 0;
	put_str(c, array ? "[(" : "(");
	while (i < n) {
		unsigned cp, g;
		int len = utf8_decode(s + i, n - i, &cp), k;

		if (len <= 0)
			return 0xFFFD; /* not reached: the text was sanitized */
		g = pdf_embed_glyph(e, cp);
		if (!g)
			return cp;
		used[g] = 1;
		k = squeeze && linebreak_may_squeeze(prev) && linebreak_may_squeeze(cp)
			    ? linebreak_squeeze(prev, cp)
			    : 0;
		if (k && e->sub.width[k == 1 ? prev_g : g] >= LAYOUT_SQUEEZE_MIN) {
			double adv = e->sub.width[k == 1 ? prev_g : g];

			put_str(c, ")");
			put_num(c, (double)LINEBREAK_SQUEEZE * adv + adj, 1);
			put_str(c, "(");
		}
		put_glyph(c, g);
		prev = cp;
		prev_g = g;
		i += (size_t)len;
	}
	if (after != 0) {
		put_str(c, ")");
		put_num(c, -after, 1);
		put_str(c, "(");
	}
	put_str(c, array ? ")]TJ\n" : ")Tj\n");
	return 0;
}

static void set_line_width(struct pdf_content *c, double lw);

/* Synthesised bold: text render mode 2 strokes each glyph's outline in
 * the fill colour with a line 1/30 em wide. */
static void set_bold(struct pdf_content *c, const struct pdf_text_run *r)
{
	int bold = (r->flags & DOC_TEXT_BOLD) != 0;

	if (bold) {
		set_color(c, r->color, 1);
		set_line_width(c, r->size / 30);
	}
	if (bold == c->bold)
		return;
	put_str(c, bold ? "2 Tr\n" : "0 Tr\n");
	c->bold = bold;
}

static void begin_text(struct pdf_content *c)
{
	if (!c->text) {
		put_str(c, "BT\n");
		c->text = 1;
		c->lx = c->ly = 0;
		c->rotated = 0;
	}
}

unsigned pdf_content_text(struct pdf_content *c, const struct pdf_text_run *r, const char *s)
{
	begin_text(c);
	set_font(c, r->role, r->res, r->size);
	set_color(c, r->color, 0);
	set_char_space(c, r->angle == 0 ? r->char_space : 0);
	set_bold(c, r);
	if (!r->cont)
		move_to(c, r->x, c->height - r->y, r->angle);
	return put_glyphs(c, r->embed, r->used, s, (r->flags & DOC_TEXT_SQUEEZE) != 0,
			  r->squeeze_adj * 1000.0 / r->size, r->after * 1000.0 / r->size);
}

static void set_line_width(struct pdf_content *c, double lw)
{
	/* A zeroed box asks for nothing in particular: a hairline, not PDF's
	 * "thinnest the device can draw". */
	if (lw <= 0)
		lw = 0.5;
	if (rounded(lw) == c->lw)
		return;
	put_pt(c, lw);
	put_str(c, "w\n");
	c->lw = rounded(lw);
}

static void set_dash(struct pdf_content *c, double dash)
{
	double d = dash <= 0 ? 0 : dash < 1 ? 1 : dash > 100 ? 100 : floor(dash + 0.5);

	if (d == c->dashed)
		return;
	if (d == 0) {
		put_str(c, "[] 0 d\n");
	} else {
		put_str(c, "[");
		put_pt(c, d);
		put_pt(c, d);
		put_str(c, "] 0 d\n");
	}
	c->dashed = d;
}

static void set_join(struct pdf_content *c, int round_join)
{
	if (c->round_join == round_join)
		return;
	put_str(c, round_join ? "1 j\n" : "0 j\n");
	c->round_join = round_join;
}

static void point(struct pdf_content *c, double x, double y, const char *op)
{
	put_pt(c, x);
	put_pt(c, c->height - y);
	put_str(c, op);
}

/* Fill and stroke colours and width for a closed shape; its paint operator. */
static const char *paint(struct pdf_content *c, const struct box *b)
{
	int fill = b->fill != DOC_NOCOLOR, stroke = b->stroke != DOC_NOCOLOR;

	if (fill)
		set_color(c, b->fill, 0);
	if (stroke) {
		set_color(c, b->stroke, 1);
		set_line_width(c, b->line_width);
	}
	return fill && stroke ? "B\n" : fill ? "f\n" : "S\n";
}

static void draw_rect(struct pdf_content *c, const struct box *b)
{
	const char *op;

	if (b->fill == DOC_NOCOLOR && b->stroke == DOC_NOCOLOR)
		return;
	op = paint(c, b);
	put_pt(c, b->x);
	put_pt(c, c->height - (b->y + b->h));
	put_pt(c, b->w);
	put_pt(c, b->h);
	put_str(c, "re ");
	put_str(c, op);
}

/* A polyline of n points, or a line from (x, y) by (w, h) when pts is NULL. */
static void draw_path(struct pdf_content *c, const struct box *b, const double *pts, size_t n)
{
	size_t i;

	if (b->stroke == DOC_NOCOLOR)
		return;
	set_color(c, b->stroke, 1);
	set_line_width(c, b->line_width);
	set_join(c, pts != NULL);
	set_dash(c, b->dash);
	if (!pts) {
		point(c, b->x, b->y, "m ");
		point(c, b->x + b->w, b->y + b->h, "l S\n");
		return;
	}
	point(c, pts[0], pts[1], "m\n");
	for (i = 1; i < n; i++)
		point(c, pts[2 * i], pts[2 * i + 1], i + 1 < n ? "l\n" : "l S\n");
}

static void curve(struct pdf_content *c, double x1, double y1, double x2, double y2, double x3,
		  double y3)
{
	put_pt(c, x1);
	put_pt(c, y1);
	put_pt(c, x2);
	put_pt(c, y2);
	put_pt(c, x3);
	put_pt(c, y3);
	put_str(c, "c\n");
}

/* Four Bézier quarters from the leftmost point, clockwise, as libharu's
 * HPDF_Page_Circle drew it. */
static void draw_circle(struct pdf_content *c, const struct box *b)
{
	double x = b->x, y = c->height - b->y, r = b->w, k = 0.5522847498 * r;
	const char *op;

	if ((b->fill == DOC_NOCOLOR && b->stroke == DOC_NOCOLOR) || r <= 0)
		return;
	op = paint(c, b);
	put_pt(c, x - r);
	put_pt(c, y);
	put_str(c, "m\n");
	curve(c, x - r, y + k, x - k, y + r, x, y + r);
	curve(c, x + k, y + r, x + r, y + k, x + r, y);
	curve(c, x + r, y - k, x + k, y - r, x, y - r);
	curve(c, x - k, y - r, x - r, y - k, x - r, y);
	put_str(c, op);
}

void pdf_content_box(struct pdf_content *c, const struct box *b)
{
	end_text(c);
	switch (b->kind) {
	case BOX_RECT:
		draw_rect(c, b);
		break;
	case BOX_LINE:
		draw_path(c, b, NULL, 0);
		break;
	case BOX_POLYLINE:
		if (b->npts >= 2 && b->pts)
			draw_path(c, b, b->pts, b->npts);
		break;
	case BOX_CIRCLE:
		draw_circle(c, b);
		break;
	default:
		break;
	}
}

void pdf_content_begin_tag(struct pdf_content *c, const char *tag, int mcid)
{
	end_text(c);
	put(c, "/", 1);
	put_str(c, tag);
	put_str(c, " <</MCID ");
	put_num(c, mcid, 0);
	put_str(c, ">>BDC\n");
}

/* Inside the text object: a row of table cells, each its own sequence,
 * stays one text object with relative moves, as untagged, instead of a
 * BT .. ET with absolute coordinates per cell (4 KB of the tagged
 * sample, deflated). */
void pdf_content_begin_text_tag(struct pdf_content *c, const char *tag, int mcid)
{
	begin_text(c);
	put(c, "/", 1);
	put_str(c, tag);
	put_str(c, " <</MCID ");
	put_num(c, mcid, 0);
	put_str(c, ">>BDC\n");
	c->mark_in_text = 1;
}

void pdf_content_begin_artifact(struct pdf_content *c)
{
	end_text(c);
	put_str(c, "/Artifact BMC\n");
}

void pdf_content_end_mark(struct pdf_content *c)
{
	if (!c->mark_in_text)
		end_text(c);
	c->mark_in_text = 0;
	put_str(c, "EMC\n");
}

const char *pdf_content_finish(struct pdf_content *c, size_t *len)
{
	end_text(c);
	*len = c->len;
	return c->buf ? c->buf : "";
}
