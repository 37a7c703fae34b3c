#ifndef PROGREP_PDF_CONTENT_H
#define PROGREP_PDF_CONTENT_H

#include <stddef.h>

#include "render/layout/doc.h"
#include "render/pdf/pdf_embed.h"

/*
 * The content stream of one page, built by the PDF writer (render/pdf/pdf.c)
 * box by box and handed to libharu whole, deflated (render/pdf/pdf_content.c
 * says why). Coordinates in: doc points from the top left; out: PDF
 * points from the bottom left of a page of the given height.
 */
struct pdf_content {
	char *buf;
	size_t len, cap;
	double height;          /* of the page */
	int text;               /* inside BT .. ET */
	int mark_in_text;       /* the open marked content began inside BT */
	int font;               /* doc font role of the current Tf, -1 none */
	double size, tc;
	int bold;               /* text render mode 2 (fill and stroke) is set */
	int rotated;            /* the text matrix is more than a translation */
	double lx, ly;          /* the last line start, as written */
	unsigned fill, stroke, have_fill, have_stroke;
	double lw, dashed;
	int round_join;
};

/* One text box: the font resource name res (from the page's resources)
 * of doc font role, whose subset is embed. */
struct pdf_text_run {
	const struct pdf_embed *embed;
	unsigned char *used;    /* per glyph of embed: set for each glyph drawn */
	const char *res;
	int role;
	double size, x, y, angle, char_space;
	unsigned color;         /* 0xRRGGBB */
	unsigned flags;         /* DOC_TEXT_* of the box */
	double squeeze_adj;     /* the box's */
	int cont;               /* go on where the last text ended: no move */
	double after;           /* extra space after the last glyph, points */
};

void pdf_content_init(struct pdf_content *c);
void pdf_content_release(struct pdf_content *c);
/* Start a page of the given height (points). */
void pdf_content_page(struct pdf_content *c, double height);
/* Draw s (at r's x and y, or after the last text with r->cont). 0, or the first code point the run's subset has no glyph for
 * (the page is then unusable: what was written of s stops there). */
unsigned pdf_content_text(struct pdf_content *c, const struct pdf_text_run *r, const char *s);
/* Draw a BOX_RECT, BOX_LINE, BOX_POLYLINE or BOX_CIRCLE. */
void pdf_content_box(struct pdf_content *c, const struct box *b);
/* Marked content (tagged PDF): begin a sequence tagged tag (a PDF name
 * without the slash) with marked-content id mcid, or an /Artifact
 * sequence; end the open one. Each ends any text object first, so a
 * sequence holds whole BT .. ET objects as PDF 14.6 requires. */
void pdf_content_begin_tag(struct pdf_content *c, const char *tag, int mcid);
/* The same for a sequence of text only (no path may be drawn before its
 * end_mark), opened inside a text object (PDF 14.6 allows BT BDC .. EMC
 * ET: the two kinds nest separately) so the text object goes on after
 * it, with relative moves, as untagged text does. */
void pdf_content_begin_text_tag(struct pdf_content *c, const char *tag, int mcid);
void pdf_content_begin_artifact(struct pdf_content *c);
void pdf_content_end_mark(struct pdf_content *c);
/* The page's operators, valid until the next pdf_content_page. */
const char *pdf_content_finish(struct pdf_content *c, size_t *len);

#endif
