#ifndef PROGREP_LAYOUT_H
#define PROGREP_LAYOUT_H

#include <stddef.h>

#include "core/util/diag.h"
#include "render/layout/doc.h"

struct font;
struct report;

/*
 * Layout: the report model (core/engine/report.h) becomes a struct doc of
 * positioned boxes (HACKING.md, "The pipeline in one picture"). It runs to the end
 * before anything is drawn, so page totals, the table of contents and
 * bookmarks are known when the writers walk the doc. Layout decides where
 * things go, never what they say.
 *
 * layout_report() is the whole job. The layers below it (a page-flow engine
 * with headings, paragraphs, KPI strips and tables) are public so that
 * tests and later block kinds (charts) can use them.
 */

/* Lay out the whole report into out (doc_init'ed by the caller, with its
 * arena; rep may point into the same arena). fonts[DOC_FONT_BODY] and
 * fonts[DOC_FONT_HEADING] are open fonts used for measurement (they may be
 * NULL: fixed metrics, for tests). Returns 0, or -1 with errors in d. */
int layout_report(const struct report *rep, struct font *fonts[DOC_NFONTS], struct doc *out,
		  struct diag *d);

/* Page geometry and type sizes (points) of the `report` preset: what
 * layout_init() starts from; layout_set_page() puts a report's own
 * (struct report_page, core/engine/report.h) in their place. */
#define LAYOUT_MARGIN_TOP 72.0
#define LAYOUT_MARGIN_BOTTOM 72.0
#define LAYOUT_MARGIN_SIDE 64.0
#define LAYOUT_BODY_SIZE 11.0
#define LAYOUT_LINE_HEIGHT 1.6 /* times the type size */
#define LAYOUT_CELL_SIZE 9.0
#define LAYOUT_CELL_PAD 4.0 /* room left and right of a cell's text, and above and below */
#define LAYOUT_NOTE_SIZE 9.0 /* footnotes of a section */
/* Punctuation is squeezed only where the mark is full-width (its advance
 * at least this, in 1/1000 em): proportional marks have no empty half. */
#define LAYOUT_SQUEEZE_MIN 900.0

/* A heading placed on a page: for the table of contents. */
struct layout_entry {
	const char *title;
	int level;
	int page;
	double y;
};

struct layout_pending {
	const char *text;
	int level;
	int toc; /* 1: gets an outline entry and a TOC line */
};

/* The flow state: where the next block goes. */
struct layout {
	struct doc *doc;
	const struct font *fonts[DOC_NFONTS];
	/* How a font is measured: font_advance in a real run; NULL gives
	 * fixed metrics (CJK 1 em, others 0.5 em) so tests need no font. */
	double (*advance)(const struct font *f, unsigned cp);
	double left, right, top, bottom; /* the content area of a page */
	int page;                        /* current page, -1 before the first */
	double y;                        /* top of the free space on it */
	int first_numbered;              /* header and footer from this page on */
	const char *header;              /* the running header text, or NULL */
	double body_size, line_pitch, para_space;
	/* Added to every character's advance in body text at body_size, so
	 * that a line holds a whole number of characters (the 公文 grid). */
	double body_track;
	double heading_size[3];
	double cover_title_size, title_size;
	int show_header;                 /* layout_report sets header when 1 */
	int footer;                      /* enum report_footer */
	double footer_size, footer_gap;
	int three_line;                  /* tables in three-line style */
	double table_size, table_pad;    /* table cells: type size, least side room */
	int gb_headings;                 /* GB/T 9704 faces for title and headings */
	unsigned heading_bold;           /* a bit per heading level set bold */
	int squeeze;                     /* punctuation squeeze (linebreak_squeeze) */
	int latin;                       /* Latin runs in fonts[DOC_FONT_LATIN] */
	int grid;                        /* a character grid: headings on it too */
	struct layout_pending pending[8]; /* headings waiting for their block */
	size_t npending;
	int nblocks; /* paragraphs laid out so far (struct box's block) */
	struct layout_entry *entries;    /* every heading with toc = 1 */
	size_t nentries, capentries;
	/* On landscape pages (layout_landscape.c): 1, the portrait type
	 * area (left, right, top, bottom) kept meanwhile. */
	int landscape;
	double portrait[4];
	/* 1 while a table's head is drawn again on a new page: its text
	 * boxes get DOC_TEXT_REPEAT (layout_table.c) */
	int repeat;
	/* Texts already decoded and measured (layout.c): a table breaks
	 * and measures each cell many times. Owned; layout_release frees. */
	struct layout_memo *memo;
	/* Warnings go here (a header broken inside a word), or NULL. */
	struct diag *diag;
};

/* The font role of a heading at level, and of the title. */
int layout_heading_font(const struct layout *lo, int level);
int layout_title_font(const struct layout *lo);
void layout_init(struct layout *lo, struct doc *doc, struct font *fonts[DOC_NFONTS]);
struct report_page;
/* The type area, sizes, header and footer of pg instead of the constants
 * above (call it right after layout_init; pg is copied). The running
 * header text is set apart, and only kept when pg has a header. A zeroed
 * pg (a model built by hand, as in tests) keeps today's geometry. */
void layout_set_page(struct layout *lo, const struct report_page *pg);
/* The number page p (0-based) shows in the footer and the TOC: counted
 * from the first page for REPORT_FOOTER_PAGE_OF, from first_numbered
 * (the first body page) for REPORT_FOOTER_GONGWEN. */
int layout_page_number(const struct layout *lo, int p);
void layout_release(struct layout *lo);

/* Width of s[0..len) in points. */
double layout_text_width(const struct layout *lo, enum doc_font f, double size, const char *s,
			 size_t len);
/* Width of the widest piece of s that can never be broken (linebreak.h). */
double layout_text_min_width(const struct layout *lo, enum doc_font f, double size,
			     const char *s, size_t len);
struct linebreak_line;
/* Break s (NUL-terminated) into lines of at most width points, the first
 * line of each paragraph indent narrower; *lines is xmalloc'd (free it). */
size_t layout_break(const struct layout *lo, const char *s, enum doc_font f, double size,
		    double width, double indent, struct linebreak_line **lines);
/* Start a new page (always). */
void layout_new_page(struct layout *lo);
/* layout_landscape.c (called by layout.c, never calling it). Landscape
 * pages (1), with the type area turned, from the current page on (call it
 * on an empty page: after layout_page_break), or portrait again (0): the
 * next block then starts a new page. */
void layout_orientation(struct layout *lo, int landscape);
/* Set the current page's size to the orientation in force. */
void layout_page_size(struct layout *lo);
int layout_page_is_landscape(const struct layout *lo, int p);
/* Boxes from index from on of page p, placed as on a portrait page, are
 * turned with the sheet (landscape page furniture). */
void layout_turn_boxes(struct layout *lo, int p, size_t from);
/* Start a new page unless the current one is still empty. */
void layout_page_break(struct layout *lo);
/* Vertical space; never carries over to a new page. */
void layout_space(struct layout *lo, double h);

/* A heading of level 0, 1, 2...: it waits until the next block is placed
 * and goes on the same page as that block's first lines (or first table
 * row), so it is never left alone at the bottom of a page. With toc, it
 * gets an outline entry (doc_add_outline) and a struct layout_entry. */
void layout_heading(struct layout *lo, const char *text, int level, int toc);
/* Place waiting headings now (at the end, or before a page break). */
void layout_flush_headings(struct layout *lo);
/* Reserve room for a block whose first unbreakable part is h high: place
 * the waiting headings with it, on a new page if both do not fit. */
void layout_begin_block(struct layout *lo, double h);

/* A body paragraph: wrapped, every "\n" paragraph's first line indented by
 * two characters, lines line_pitch apart, justified (all lines but
 * a paragraph's last fill the width), no orphan or widow line. */
void layout_paragraph(struct layout *lo, const char *text);
/* A footnote under a section's last block: as a paragraph, smaller and
 * without indent. */
void layout_note(struct layout *lo, const char *text);
/* Lines of text centred on the page at the current position (cover). */
void layout_centered(struct layout *lo, const char *text, enum doc_font f, double size,
		     enum box_role role);
/* A single text line at x (left end) with its top at y on the current page;
 * returns the box. */
struct box *layout_text_at(struct layout *lo, const char *text, size_t len, enum doc_font f,
			   double size, double x, double y, enum box_role role);
/* A row of n boxes, each a large figure over a small label. */
void layout_kpi(struct layout *lo, size_t n, const char *const *figures,
		const char *const *labels);
/* A framed area of height h with a title: where a chart will go. */
void layout_frame(struct layout *lo, const char *title, double h);

/* A table: header rows, then body rows (the first one a total row when
 * total is set). Cells are row-major over all rows; NULL means empty. */
/* ALIGN_DECIMAL: the figures of a column aligned on their decimal point
 * (an integer's end, or where its unit starts, where the point would be);
 * other texts right-aligned. */
enum layout_align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER, ALIGN_DECIMAL };

enum layout_row_kind { LAYOUT_ROW_PLAIN, LAYOUT_ROW_GROUP, LAYOUT_ROW_SUBTOTAL };

struct layout_table {
	const char *title;   /* caption above; "续表 " + title on continuation pages */
	const char *note;    /* text under the table, or NULL */
	const char *cont_title; /* caption on continuation pages, or NULL */
	size_t ncols;
	size_t nhead;        /* header rows (repeated on every page) */
	size_t nrows;        /* all rows, header rows included */
	const char **cells;  /* nrows * ncols */
	unsigned *colors;    /* nrows * ncols text colours, or NULL (black) */
	enum layout_align *align; /* per column for body rows */
	int total;           /* the first body row is a total row (shaded) */
	const char *unit_line; /* "单位：万人" above the table at its right, or NULL */
	const double *width; /* per column: points, 0 (or width NULL) as found */
	/* per column: 1, body cells never wrap (report.h), or NULL; dropped
	 * by layout_table when the table cannot fit with it */
	const unsigned char *whole;
	/* Header cells wrap only between words: at a U+200B, before （, after
	 * ）, / and 、, at a space, after a year's 年 (report.h,
	 * REPORT_HEAD_BREAK); a column is widened rather than a word split,
	 * unless even so the table cannot fit. A U+200B is never printed. */
	int head_words;
	/* Set by layout_table, per header cell: where a line may start
	 * (byte offsets of the cell without its U+200B), or NULL. */
	unsigned char **head_breaks;
	int keep_labels;     /* set by layout_table: row labels (column 0) never wrap */
	/* set by layout_table: which break places of a header count
	 * (layout_table_int.h): 1 words, 5 also characters no word covers,
	 * 7 also inside a word but not inside （…） or a number */
	unsigned head_mask;
	/* more header words for head_words (report.words), or NULL */
	const char *const *words;
	size_t nwords;
	/* the table's place in the config, for the warning when a header is
	 * broken inside a word (file NULL: no warning) */
	const char *pos_file;
	int pos_line, pos_col;
	double *dec_right;   /* set by layout_table: per decimal column, the widest
				part right of the point (else computed per cell) */
	/* per row, enum layout_row_kind, or NULL: a group's header row spans
	 * the table, its name in the heading font at the left; a 小计 row's
	 * label is in the heading font (the figures stay in the body's) */
	const unsigned char *row_kind;
};

/* Column widths for avail points. Each column gets at least the width of
 * its longest unbreakable piece, and a body cell that is a figure
 * (linebreak_is_figure: "0.00万人") its whole width, so numbers never wrap;
 * then, stage by stage while room lasts, headers in at most three lines,
 * body cells unwrapped, headers in at most two lines, everything unwrapped
 * (a stage that does not fit whole is shared evenly, no column beyond what
 * it asks); room left over goes in proportion. When even the minimums do
 * not fit they shrink in proportion (cells then break by code point). w
 * gets ncols widths that add up to avail. */
/* The least width t takes without breaking a figure or a word: the sum
 * of its columns' minimums above. Wider than the type area, the table
 * goes on a landscape page (render/layout/layout_landscape.c). */
double layout_table_min_width(const struct layout *lo, const struct layout_table *t);
void layout_table_widths(const struct layout *lo, const struct layout_table *t, double avail,
			 double *w);
/* Lay out the table across as many pages as it needs: rows are never
 * split; header rows repeat on each continuation page under a "续表"
 * caption; a short table (under half a page) is kept whole, a long one
 * starts with at least three body rows, leaves at least three for its
 * last page and never a total row alone there. Wrapping cells break into
 * lines of even length. */
void layout_table(struct layout *lo, const struct layout_table *t);

/* Finish: place waiting headings, then draw the running header (when set)
 * and the footer (by lo->footer) on every page from first_numbered on. */
void layout_finish(struct layout *lo);

#endif
