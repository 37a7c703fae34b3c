/*
 * 落款 and 版记 (GB/T 9704-2012 7.3.5 and 7.5), placed as the standard
 * puts them; their words come from the report model
 * (core/engine/report_signoff.c).
 *
 * 落款: a line left empty under the text, then the issuing office over the
 * date, the date's right end four characters in from the type area's
 * right edge and the office centred over it (pushed left when it would
 * run past the edge). 版记: at the foot of the last page, which is an even
 * page (the back of a sheet; a page is added when the text ends on an odd
 * one): 抄送 one character in, wrapped under the first name after the
 * colon, then 印发机关 one character in on the left and the 印发日期 one
 * character in on the right; a 0.35 mm rule above 抄送, 0.25 mm between
 * the two, and 0.35 mm under them on the type area's bottom edge, all as
 * wide as the type area; text in 4号 (14 pt).
 */
#include "render/layout_signoff.h"

#include <stdlib.h>
#include <string.h>

#include "core/engine/report.h"
#include "render/layout/layout.h"
#include "render/layout/linebreak.h"

#define MM_PT (72.0 / 25.4)
#define BANJI_SIZE 14.0           /* 4号 */
/* The 版记's lines are the body's pitch (gongwen: 28.95 pt, twice its
 * 4号), but never closer than this many times their size: at bulletin's
 * 17.6 pt the text touched the rules. */
#define BANJI_PITCH_MIN 1.75
#define RULE_THICK (0.35 * MM_PT)
#define RULE_THIN (0.25 * MM_PT)

int layout_signoff_before(const struct report_section *s)
{
	return s->level <= 0 &&
	       (s->new_page || (s->title && strncmp(s->title, "附", strlen("附")) == 0));
}

static double body_char(const struct layout *lo)
{
	return lo->body_size + lo->body_track;
}

void layout_signoff(struct layout *lo, const struct report *rep)
{
	double lh = lo->line_pitch, size = lo->body_size, dw, ow, xd, xo;
	const char *office = rep->signoff_office, *date = rep->signoff_date;

	if (!office || !date)
		return;
	/* the empty line and the two: on one page */
	layout_begin_block(lo, 3 * lh);
	lo->y += lh;
	dw = layout_text_width(lo, DOC_FONT_BODY, size, date, strlen(date));
	ow = layout_text_width(lo, DOC_FONT_BODY, size, office, strlen(office));
	xd = lo->right - 4 * body_char(lo) - dw;
	xo = xd + (dw - ow) / 2;
	if (xo + ow > lo->right)
		xo = lo->right - ow;
	if (xo < lo->left)
		xo = lo->left;
	layout_text_at(lo, office, strlen(office), DOC_FONT_BODY, size, xo,
		       lo->y + (lh - size) / 2, ROLE_BODY);
	lo->y += lh;
	layout_text_at(lo, date, strlen(date), DOC_FONT_BODY, size, xd, lo->y + (lh - size) / 2,
		       ROLE_BODY);
	lo->y += lh;
}

static void rule(struct layout *lo, double y, double lw)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_LINE);

	b->x = lo->left;
	b->y = y;
	b->w = lo->right - lo->left;
	b->h = 0;
	b->stroke = 0x000000;
	b->line_width = lw;
}

void layout_banji(struct layout *lo, const struct report *rep)
{
	double ch = BANJI_SIZE, lh = lo->line_pitch, top, y, cw = 0, w;
	const char *cc = rep->banji_cc;
	struct linebreak_line *l = NULL;
	size_t n = 0, i, lead = 0;

	if (!rep->banji_issuer || !rep->banji_issued)
		return;
	if (lh < BANJI_PITCH_MIN * ch)
		lh = BANJI_PITCH_MIN * ch;
	layout_flush_headings(lo);
	if (cc) {
		/* 抄送： then the names, wrapped under the first of them */
		lead = strlen("抄送：");
		cw = layout_text_width(lo, DOC_FONT_BODY, ch, cc, lead);
		w = lo->right - lo->left - 2 * ch - cw;
		n = layout_break(lo, cc + lead, DOC_FONT_BODY, ch, w, 0, &l);
	}
	/* the last page, an even one, with room at its foot */
	top = lo->bottom - (double)(n + 1) * lh;
	if (lo->page < 0 || lo->y > top + 0.01 ||
	    layout_page_number(lo, lo->page) % 2 != 0 || lo->page < lo->first_numbered)
		layout_new_page(lo);
	while (layout_page_number(lo, lo->page) % 2 != 0)
		layout_new_page(lo);
	rule(lo, top, RULE_THICK);
	y = top;
	for (i = 0; i < n; i++) {
		/* the first line with its 抄送： (one box: one line of text) */
		size_t from = i ? lead + l[i].start : 0;

		layout_text_at(lo, cc + from, lead + l[i].end - from, DOC_FONT_BODY, ch,
			       lo->left + ch + (i ? cw : 0), y + (lh - ch) / 2, ROLE_BODY);
		y += lh;
	}
	free(l);
	if (n)
		rule(lo, y, RULE_THIN);
	layout_text_at(lo, rep->banji_issuer, strlen(rep->banji_issuer), DOC_FONT_BODY, ch,
		       lo->left + ch, y + (lh - ch) / 2, ROLE_BODY);
	w = layout_text_width(lo, DOC_FONT_BODY, ch, rep->banji_issued, strlen(rep->banji_issued));
	layout_text_at(lo, rep->banji_issued, strlen(rep->banji_issued), DOC_FONT_BODY, ch,
		       lo->right - ch - w, y + (lh - ch) / 2, ROLE_BODY);
	rule(lo, lo->bottom, RULE_THICK);
	lo->y = lo->bottom;
}
