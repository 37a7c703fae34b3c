#ifndef PROGREP_DOC_H
#define PROGREP_DOC_H

#include <stddef.h>

/*
 * The laid-out document: pages of positioned boxes. Layout (render/layout*)
 * makes it from the report model (core/engine/report.h); the PDF writer (render/pdf/)
 * and the text writer (render/layout/text.c) only walk it. Units are PostScript
 * points; the origin is the top-left corner of the page and y grows down
 * (the PDF writer flips it). Strings are UTF-8 and live in the doc's arena.
 */

/* Font roles (GB/T 9704): body 仿宋 or 宋, heading 黑体, title 小标宋, kai
 * 楷体; latin: the proportional face of Latin letters, digits and ASCII
 * punctuation inside text of the other roles (a box with DOC_TEXT_LATIN).
 * New roles go last: a role's index orders nothing in the PDF (fonts are
 * added on first use), but keeping BODY and HEADING first keeps the
 * `report` preset's bytes. */
enum doc_font {
	DOC_FONT_BODY, DOC_FONT_HEADING, DOC_FONT_TITLE, DOC_FONT_KAI, DOC_FONT_LATIN, DOC_NFONTS
};

/* Is cp set in the latin role in a DOC_TEXT_LATIN box (when that font
 * has it)? The printable ASCII but the space. */
static inline int doc_latin_cp(unsigned cp)
{
	return cp > 0x20 && cp < 0x7F;
}

enum box_kind {
	BOX_TEXT,  /* one line of text; (x, y) is the left end of the baseline */
	BOX_RECT,  /* a rectangle: filled with fill, stroked with stroke */
	BOX_LINE,  /* a line from (x, y) to (x + w, y + h) */
	BOX_LINK,  /* an invisible link area to page dest_page (0-based) at dest_y */
	BOX_POLYLINE, /* npts points joined by straight lines, stroked with stroke */
	BOX_CIRCLE    /* a circle centred on (x, y) with radius w: fill and stroke */
};

/* What a box belongs to, for the text writer and tests. */
enum box_role {
	ROLE_NONE, ROLE_TITLE, ROLE_HEADING, ROLE_BODY, ROLE_CELL, ROLE_HEADER_CELL,
	ROLE_CAPTION, ROLE_PAGE_HEADER, ROLE_PAGE_FOOTER, ROLE_TOC, ROLE_CHART, ROLE_KPI
};

#define DOC_NOCOLOR 0xFFFFFFFFu

/* How a text box is set (struct box flags). */
#define DOC_TEXT_BOLD 1u    /* bold synthesised: filled and stroked, 1/30 em */
#define DOC_TEXT_SQUEEZE 2u /* adjacent full-width punctuation takes 1.5 em
			     * (linebreak_squeeze) */
#define DOC_TEXT_LATIN 4u   /* runs of doc_latin_cp in the latin role */
#define DOC_TEXT_REPEAT 8u  /* drawn again where a table goes on to a new
			     * page: its 续表 caption, 单位 line and header
			     * rows; an artifact in tagged PDF (the table's
			     * structure has them once, on its first page) */

struct box {
	enum box_kind kind;
	enum box_role role;
	double x, y, w, h;
	/* BOX_TEXT */
	const char *text;
	enum doc_font font;
	unsigned flags;          /* BOX_TEXT: DOC_TEXT_* */
	double size;
	unsigned color;          /* 0xRRGGBB */
	/* BOX_RECT / BOX_LINE */
	unsigned fill, stroke;   /* 0xRRGGBB or DOC_NOCOLOR */
	double line_width;
	/* BOX_LINK */
	int dest_page;
	double dest_y;
	/* table cells: row and column in their table, -1 elsewhere */
	int row, col;
	/* BOX_TEXT: degrees counter-clockwise about (x, y); 0 is level */
	double angle;
	/* BOX_LINE / BOX_POLYLINE: dash and gap length in points; 0 is solid */
	double dash;
	/* BOX_POLYLINE: npts points as x, y pairs (2 * npts doubles, in the
	 * doc's arena) */
	const double *pts;
	size_t npts;
	/* BOX_TEXT: extra space after each character in points (justified
	 * lines); 0 is the font's own spacing */
	double char_space;
	/* ROLE_CHART: the chart's text alternative (its caption and figures,
	 * for tagged PDF), on the chart's first box; NULL elsewhere */
	const char *alt;
	/* BOX_TEXT with DOC_TEXT_SQUEEZE: points added to what each squeezed
	 * pair saves, <= 0: a negative grid track (char_space) given back, so
	 * that two marks never overlap by more than half an em (pdftotext
	 * would read them as two lines) */
	double squeeze_adj;
	/* BOX_TEXT: the part of char_space that justifies the line; with
	 * DOC_TEXT_LATIN it goes between characters but not inside a Latin
	 * run ("2019" is never set "2 0 1 9") */
	double stretch;
	/* the paragraph the box is a line of, numbered from 1 in the doc, so
	 * a tagged PDF gives each paragraph its own P; 0 elsewhere */
	int block;
};

struct doc_page {
	struct box *boxes;
	size_t n, cap;
	/* this page's size: the doc's, or the doc's turned for a landscape
	 * page (a wide table; render/layout/layout_landscape.c) */
	double width, height;
};

/* A bookmark (outline entry). level 0 = top. */
struct doc_outline {
	const char *title;
	int level;
	int page;
	double y;
};

/* A file embedded in the PDF, as given: its name in the PDF, MIME type,
 * description, whether it is a source of the report (the config, its
 * data) or data derived from them (the explain trail), and its bytes;
 * z, when not NULL, the same bytes already deflated (zlib format), which
 * the writer then embeds as they are: a batch deflates a shared data
 * file once, not once per report. */
struct doc_attachment {
	const char *name, *mime, *desc;
	int derived;
	const unsigned char *bytes;
	size_t len;
	const unsigned char *z;
	size_t zlen;
};

struct doc {
	struct arena *arena;
	double width, height;      /* A4: 595.276 x 841.890; new pages get it */
	struct doc_page *pages;
	size_t npages, cappages;
	struct doc_outline *outlines;
	size_t noutlines, capoutlines;
	/* document info */
	const char *title, *author, *subject, *keywords, *creator;
	const char *date;          /* PDF date "D:YYYYMMDDHHmmSS" or NULL */
	/* the font of each role, as resolved (family name or file) */
	const char *font_spec[DOC_NFONTS];
	/* files a PDF/A-3 carries (render/pdf/pdf_attach.h), borrowed: they
	 * must outlive the writes; none unless cmd/ adds them */
	const struct doc_attachment *attach;
	size_t nattach;
};

void doc_init(struct doc *d, struct arena *a);
void doc_release(struct doc *d);
/* Append a page; returns its index. */
int doc_add_page(struct doc *d);
/* Append a box to page p and return it (zeroed, row/col -1, colors none). */
struct box *doc_add_box(struct doc *d, int page, enum box_kind kind);
void doc_add_outline(struct doc *d, const char *title, int level, int page, double y);

#endif
