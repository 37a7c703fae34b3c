#include "render/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "render/font.h"

/*
 * Drawing a doc with libharu 2.3.0. Two things in that version need help,
 * both reached through its exported object API (hpdf_objects.h):
 * - the ToUnicode CMap it writes for UTF-8 TrueType fonts uses cidrange,
 *   which is not valid in a ToUnicode CMap (poppler warns and guesses);
 *   text must be selectable and searchable, so we write a proper bfrange
 *   CMap into that stream (fix_tounicode);
 * - a link or bookmark destination can only be XYZ with a fixed zoom; we
 *   want "keep the reader's zoom", i.e. a null zoom (set_dest).
 */

#define MAX_OUTLINE_DEPTH 16

/* The first libharu error of a document, recorded by the one adapter. */
struct haru_err {
	HPDF_STATUS error, detail;
};

struct writer {
	const struct doc *doc;
	const struct pdf_fonts *pf;
	struct diag *d;
	const char *path;
	struct arena *arena;
	HPDF_Doc pdf;
	struct haru_err err;
	HPDF_Page *pages;
	HPDF_Font font[DOC_NFONTS];
	HPDF_Font cur_font;
	double cur_size;
};

/* The only libharu error handler. It records and returns: never longjmp
 * (STYLE.md); every call's status is checked by the caller. */
static void haru_on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct haru_err *e = user;

	if (!e->error) {
		e->error = error;
		e->detail = detail;
	}
}

static const char *haru_message(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "out of memory";
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return "cannot read a file";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "the font's licence does not allow embedding";
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_INVALID_FONTDEF_DATA:
	case HPDF_UNSUPPORTED_FONT_TYPE:
		return "the font cannot be embedded";
	case HPDF_INVALID_DATE_TIME:
		return "invalid document date";
	case HPDF_PAGE_INVALID_FONT_SIZE:
		return "invalid font size";
	case HPDF_PAGE_INVALID_SIZE:
		return "invalid page size";
	case HPDF_REAL_OUT_OF_RANGE:
	case HPDF_PAGE_OUT_OF_RANGE:
		return "a coordinate is out of range";
	default:
		return "internal error";
	}
}

/* Turn the recorded libharu error into a diagnostic. */
static int haru_fail(struct writer *w)
{
	struct src_pos nopos = {0};

	return diag_error(w->d, nopos, "cannot write '%s': %s (libharu error 0x%04X, detail %u)",
			  w->path, haru_message(w->err.error), (unsigned)w->err.error,
			  (unsigned)w->err.detail);
}

static int check(struct writer *w, HPDF_STATUS st)
{
	if (st != HPDF_OK && !w->err.error)
		w->err.error = st;
	return w->err.error ? haru_fail(w) : 0;
}

static void set_rgb(HPDF_Page page, unsigned c, int stroke)
{
	HPDF_REAL r = (HPDF_REAL)((c >> 16) & 0xFF) / 255;
	HPDF_REAL g = (HPDF_REAL)((c >> 8) & 0xFF) / 255;
	HPDF_REAL b = (HPDF_REAL)(c & 0xFF) / 255;

	if (stroke)
		HPDF_Page_SetRGBStroke(page, r, g, b);
	else
		HPDF_Page_SetRGBFill(page, r, g, b);
}

static double flip(const struct writer *w, double y)
{
	return w->doc->height - y;
}

static const char tounicode_head[] =
	"/CIDInit /ProcSet findresource begin\n"
	"12 dict begin\n"
	"begincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	"/CMapName /Adobe-Identity-UCS def\n"
	"/CMapType 2 def\n"
	"1 begincodespacerange\n"
	"<0000> <FFFF>\n"
	"endcodespacerange\n";

static const char tounicode_tail[] =
	"endcmap\n"
	"CMapName currentdict /CMap defineresource pop\n"
	"end\n"
	"end\n";

/* Runs of consecutive code points that share the high byte: one bfrange
 * line each (a bfrange may not cross a last-byte boundary). */
static size_t tounicode_runs(const unsigned *cps, size_t n, size_t *starts)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (i == 0 || cps[i] != cps[i - 1] + 1 || (cps[i] & 0xFF) == 0)
			starts[k++] = i;
	return k;
}

/* Write a ToUnicode CMap for a font whose codes are the UTF-16 code units
 * of the text (libharu's UTF-8 encoder with Identity-H): code c is
 * character c. Only the code points of the subset are listed. */
static HPDF_STATUS write_tounicode(HPDF_Stream s, const unsigned *cps, size_t n)
{
	size_t *starts = xmalloc((n ? n : 1) * sizeof(*starts));
	size_t runs = tounicode_runs(cps, n, starts), r;
	HPDF_STATUS st = HPDF_Stream_WriteStr(s, tounicode_head);
	char line[64];

	for (r = 0; r < runs && st == HPDF_OK; r++) {
		size_t end = r + 1 < runs ? starts[r + 1] : n;
		unsigned lo = cps[starts[r]], hi = cps[end - 1];

		if (r % 100 == 0) {
			size_t left = runs - r < 100 ? runs - r : 100;

			snprintf(line, sizeof(line), "%zu beginbfrange\n", left);
			st = HPDF_Stream_WriteStr(s, line);
		}
		snprintf(line, sizeof(line), "<%04X> <%04X> <%04X>\n", lo, hi, lo);
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteStr(s, line);
		if (st == HPDF_OK && (r % 100 == 99 || r + 1 == runs))
			st = HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(s, tounicode_tail);
	free(starts);
	return st;
}

/* Replace the content of the ToUnicode stream libharu made (see the top of
 * this file). The stream object is reused so no orphan object is written;
 * its CMap-only keys go. */
static int fix_tounicode(struct writer *w, HPDF_Font font, int role)
{
	HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	size_t i;

	if (!cmap || !cmap->stream)
		return 0; /* a later libharu: nothing to repair */
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		HPDF_Dict_RemoveElement(cmap, keys[i]); /* absent: no error raised */
	HPDF_MemStream_FreeData(cmap->stream);
	cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return check(w, write_tounicode(cmap->stream, w->pf->cps[role], w->pf->ncps[role]));
}

/* Load role's subset on first use, so a font a doc never uses is not
 * embedded; roles sharing a subset share the libharu font. */
static HPDF_Font get_font(struct writer *w, int role)
{
	const char *name;
	int j;

	if (w->font[role])
		return w->font[role];
	for (j = 0; j < DOC_NFONTS; j++) {
		if (j != role && w->font[j] && strcmp(w->pf->subset[j], w->pf->subset[role]) == 0)
			return w->font[role] = w->font[j];
	}
	name = HPDF_LoadTTFontFromFile(w->pdf, w->pf->subset[role], HPDF_TRUE);
	if (name)
		w->font[role] = HPDF_GetFont(w->pdf, name, "UTF-8");
	if (!w->font[role]) {
		haru_fail(w);
		return NULL;
	}
	if (check(w, HPDF_OK) != 0 || fix_tounicode(w, w->font[role], role) != 0)
		return NULL;
	return w->font[role];
}

/* Is every code point of s in role's subset? Drawing one outside it would
 * silently show nothing, so it is an error (a doc missed by
 * pdf_codepoints_add). */
static int check_subset(struct writer *w, int role, const char *s)
{
	const unsigned *cps = w->pf->cps[role];
	size_t n = strlen(s), i = 0, lo, hi;
	struct src_pos nopos = {0};

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);

		if (len < 0)
			break; /* not reached: the text was sanitized */
		for (lo = 0, hi = w->pf->ncps[role]; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (cps[mid] < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == w->pf->ncps[role] || cps[lo] != cp)
			return diag_error(w->d, nopos,
					  "cannot write '%s': character U+%04X is not in the "
					  "prepared subset of font '%s'",
					  w->path, cp, font_family(w->pf->font[role]));
		i += (size_t)len;
	}
	return 0;
}

/* The text as drawn: sanitized for the font, tab and line breaks as spaces. */
static const char *drawn_text(struct writer *w, const struct box *b)
{
	const char *s = font_sanitize(w->pf->font[b->font], b->text, w->arena, w->d);
	char *t;
	size_t i;

	if (!strpbrk(s, "\t\n\r"))
		return s;
	t = arena_strdup(w->arena, s);
	for (i = 0; t[i]; i++)
		if (t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
			t[i] = ' ';
	return t;
}

static int draw_text(struct writer *w, HPDF_Page page, const struct box *b)
{
	const char *s;
	HPDF_Font font;

	if (!b->text || !*b->text)
		return 0;
	if ((unsigned)b->font >= DOC_NFONTS) {
		struct src_pos nopos = {0};

		return diag_error(w->d, nopos, "cannot write '%s': text box with font %d",
				  w->path, (int)b->font);
	}
	s = drawn_text(w, b);
	if (check_subset(w, b->font, s) != 0)
		return -1;
	font = get_font(w, b->font);
	if (!font)
		return -1;
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)b->size);
	set_rgb(page, b->color, 0);
	if (b->angle != 0) {
		double rad = b->angle * 3.14159265358979323846 / 180;
		HPDF_REAL c = (HPDF_REAL)cos(rad), sn = (HPDF_REAL)sin(rad);

		HPDF_Page_SetTextMatrix(page, c, sn, -sn, c, (HPDF_REAL)b->x,
					(HPDF_REAL)flip(w, b->y));
		HPDF_Page_ShowText(page, s);
	} else if (b->char_space > 0) {
		/* Tc outlives ET: set it for this line only. */
		HPDF_Page_SetCharSpace(page, (HPDF_REAL)b->char_space);
		HPDF_Page_TextOut(page, (HPDF_REAL)b->x, (HPDF_REAL)flip(w, b->y), s);
		HPDF_Page_SetCharSpace(page, 0);
	} else {
		HPDF_Page_TextOut(page, (HPDF_REAL)b->x, (HPDF_REAL)flip(w, b->y), s);
	}
	return check(w, HPDF_Page_EndText(page));
}

static void set_line_width(HPDF_Page page, double lw)
{
	/* A zeroed box asks for nothing in particular: a hairline, not PDF's
	 * "thinnest the device can draw". */
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)(lw > 0 ? lw : 0.5));
}

static int draw_rect(struct writer *w, HPDF_Page page, const struct box *b)
{
	int fill = b->fill != DOC_NOCOLOR, stroke = b->stroke != DOC_NOCOLOR;

	if (!fill && !stroke)
		return 0;
	if (fill)
		set_rgb(page, b->fill, 0);
	if (stroke) {
		set_rgb(page, b->stroke, 1);
		set_line_width(page, b->line_width);
	}
	HPDF_Page_Rectangle(page, (HPDF_REAL)b->x, (HPDF_REAL)flip(w, b->y + b->h),
			    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
	if (fill && stroke)
		return check(w, HPDF_Page_FillStroke(page));
	return check(w, fill ? HPDF_Page_Fill(page) : HPDF_Page_Stroke(page));
}

/* Dashes stay in the graphics state: a dashed stroke resets them after. */
static void set_dash(HPDF_Page page, double dash)
{
	HPDF_UINT16 d = (HPDF_UINT16)(dash < 1 ? 1 : dash > 100 ? 100 : dash + 0.5);
	HPDF_UINT16 ptn[2];

	ptn[0] = d;
	ptn[1] = d;
	HPDF_Page_SetDash(page, ptn, 2, 0);
}

static int stroke_path(struct writer *w, HPDF_Page page, const struct box *b)
{
	HPDF_STATUS st = HPDF_Page_Stroke(page);

	if (b->dash > 0)
		HPDF_Page_SetDash(page, NULL, 0, 0);
	return check(w, st);
}

static int draw_line(struct writer *w, HPDF_Page page, const struct box *b)
{
	if (b->stroke == DOC_NOCOLOR)
		return 0;
	set_rgb(page, b->stroke, 1);
	set_line_width(page, b->line_width);
	if (b->dash > 0)
		set_dash(page, b->dash);
	HPDF_Page_MoveTo(page, (HPDF_REAL)b->x, (HPDF_REAL)flip(w, b->y));
	HPDF_Page_LineTo(page, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)flip(w, b->y + b->h));
	return stroke_path(w, page, b);
}

static int draw_polyline(struct writer *w, HPDF_Page page, const struct box *b)
{
	size_t i;

	if (b->stroke == DOC_NOCOLOR || b->npts < 2 || !b->pts)
		return 0;
	set_rgb(page, b->stroke, 1);
	set_line_width(page, b->line_width);
	HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
	if (b->dash > 0)
		set_dash(page, b->dash);
	HPDF_Page_MoveTo(page, (HPDF_REAL)b->pts[0], (HPDF_REAL)flip(w, b->pts[1]));
	for (i = 1; i < b->npts; i++)
		HPDF_Page_LineTo(page, (HPDF_REAL)b->pts[2 * i],
				 (HPDF_REAL)flip(w, b->pts[2 * i + 1]));
	if (stroke_path(w, page, b) != 0)
		return -1;
	return check(w, HPDF_Page_SetLineJoin(page, HPDF_MITER_JOIN));
}

static int draw_circle(struct writer *w, HPDF_Page page, const struct box *b)
{
	int fill = b->fill != DOC_NOCOLOR, stroke = b->stroke != DOC_NOCOLOR;

	if ((!fill && !stroke) || b->w <= 0)
		return 0;
	if (fill)
		set_rgb(page, b->fill, 0);
	if (stroke) {
		set_rgb(page, b->stroke, 1);
		set_line_width(page, b->line_width);
	}
	HPDF_Page_Circle(page, (HPDF_REAL)b->x, (HPDF_REAL)flip(w, b->y), (HPDF_REAL)b->w);
	if (fill && stroke)
		return check(w, HPDF_Page_FillStroke(page));
	return check(w, fill ? HPDF_Page_Fill(page) : HPDF_Page_Stroke(page));
}

/* A destination at y on page p (0-based): [page /XYZ 0 top null], keeping
 * the reader's zoom. libharu's SetXYZ insists on a zoom, so the array is
 * rebuilt with a null. */
static HPDF_Destination make_dest(struct writer *w, int p, double y)
{
	HPDF_Destination dst = HPDF_Page_CreateDestination(w->pages[p]);
	double top = flip(w, y);

	if (!dst)
		return NULL;
	if (top < 0)
		top = 0;
	if (top > w->doc->height)
		top = w->doc->height;
	if (HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)top, 1) != HPDF_OK)
		return NULL;
	HPDF_Array_Clear(dst);
	if (HPDF_Array_Add(dst, w->pages[p]) != HPDF_OK ||
	    HPDF_Array_AddName(dst, "XYZ") != HPDF_OK || HPDF_Array_AddReal(dst, 0) != HPDF_OK ||
	    HPDF_Array_AddReal(dst, (HPDF_REAL)top) != HPDF_OK ||
	    HPDF_Array_Add(dst, HPDF_Null_New(dst->mmgr)) != HPDF_OK)
		return NULL;
	return dst;
}

static int bad_page(struct writer *w, const char *what, int p)
{
	struct src_pos nopos = {0};

	return diag_error(w->d, nopos, "cannot write '%s': %s to page %d of %zu", w->path, what,
			  p + 1, w->doc->npages);
}

static int draw_link(struct writer *w, HPDF_Page page, const struct box *b)
{
	HPDF_Destination dst;
	HPDF_Annotation annot;
	HPDF_Rect r;

	if (b->dest_page < 0 || (size_t)b->dest_page >= w->doc->npages)
		return bad_page(w, "link", b->dest_page);
	dst = make_dest(w, b->dest_page, b->dest_y);
	if (!dst)
		return haru_fail(w);
	r.left = (HPDF_REAL)b->x;
	r.right = (HPDF_REAL)(b->x + b->w);
	r.bottom = (HPDF_REAL)flip(w, b->y + b->h);
	r.top = (HPDF_REAL)flip(w, b->y);
	annot = HPDF_Page_CreateLinkAnnot(page, r, dst);
	if (!annot)
		return haru_fail(w);
	return check(w, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0));
}

static int draw_box(struct writer *w, HPDF_Page page, const struct box *b)
{
	switch (b->kind) {
	case BOX_TEXT:
		return draw_text(w, page, b);
	case BOX_RECT:
		return draw_rect(w, page, b);
	case BOX_LINE:
		return draw_line(w, page, b);
	case BOX_LINK:
		return draw_link(w, page, b);
	case BOX_POLYLINE:
		return draw_polyline(w, page, b);
	case BOX_CIRCLE:
		return draw_circle(w, page, b);
	}
	return 0;
}

/* Bookmark titles are shown by the viewer in its own font, but libharu's
 * UTF-8 to UTF-16 conversion handles the BMP only. */
static const char *bmp_text(struct writer *w, const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *t = arena_alloc(w->arena, 3 * n + 1);

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);

		if (len < 0 || cp > 0xFFFF)
			cp = FONT_REPLACEMENT;
		o += (size_t)utf8_encode(cp, t + o);
		i += len > 0 ? (size_t)len : 1;
	}
	t[o] = '\0';
	return t;
}

/* Bookmarks nest by level: an entry's parent is the last entry one level
 * up; a level that skips ahead is attached to the deepest open entry. */
static int write_outlines(struct writer *w)
{
	HPDF_Outline stack[MAX_OUTLINE_DEPTH];
	HPDF_Encoder enc = HPDF_GetEncoder(w->pdf, "UTF-8");
	int depth = 0;
	size_t i;

	for (i = 0; i < w->doc->noutlines; i++) {
		const struct doc_outline *o = &w->doc->outlines[i];
		int level = o->level < 0 ? 0 : o->level > depth ? depth : o->level;
		HPDF_Destination dst;
		HPDF_Outline ol;

		if (level >= MAX_OUTLINE_DEPTH)
			level = MAX_OUTLINE_DEPTH - 1;
		if (o->page < 0 || (size_t)o->page >= w->doc->npages)
			return bad_page(w, "bookmark", o->page);
		ol = HPDF_CreateOutline(w->pdf, level ? stack[level - 1] : NULL,
					bmp_text(w, o->title ? o->title : ""), enc);
		if (!ol)
			return haru_fail(w);
		dst = make_dest(w, o->page, o->y);
		if (!dst || HPDF_Outline_SetDestination(ol, dst) != HPDF_OK)
			return haru_fail(w);
		/* Chapters show their sections; deeper levels stay folded. */
		HPDF_Outline_SetOpened(ol, level == 0 ? HPDF_TRUE : HPDF_FALSE);
		stack[level] = ol;
		depth = level + 1;
	}
	return check(w, HPDF_OK);
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse a PDF date "D:YYYYMMDDHHmmSS" with optional "Z" or "+HH'mm'"; the
 * fields after the year may be left off. 0 or -1. */
static int parse_date(const char *s, HPDF_Date *dt)
{
	static const int defaults[] = {1, 1, 0, 0, 0};
	int *fields[] = {&dt->month, &dt->day, &dt->hour, &dt->minutes, &dt->seconds};
	size_t i;

	memset(dt, 0, sizeof(*dt));
	if (strncmp(s, "D:", 2) == 0)
		s += 2;
	if ((dt->year = digits(s, 4)) < 0)
		return -1;
	s += 4;
	for (i = 0; i < 5; i++) {
		int v = digits(s, 2);

		*fields[i] = v >= 0 ? v : defaults[i];
		if (v >= 0)
			s += 2;
	}
	dt->ind = ' ';
	if (*s == 'Z') {
		dt->ind = 'Z';
		s++;
	} else if (*s == '+' || *s == '-') {
		dt->ind = *s;
		if ((dt->off_hour = digits(s + 1, 2)) < 0)
			return -1;
		s += 3;
		if (*s == '\'')
			s++;
		if ((dt->off_minutes = digits(s, 2)) < 0)
			dt->off_minutes = 0;
		else
			s += 2;
		if (*s == '\'')
			s++;
	}
	if (*s || dt->month < 1 || dt->month > 12 || dt->day < 1 || dt->day > 31 ||
	    dt->hour > 23 || dt->minutes > 59 || dt->seconds > 59 || dt->off_hour > 23 ||
	    dt->off_minutes > 59)
		return -1;
	return 0;
}

static int write_info(struct writer *w)
{
	const struct doc *doc = w->doc;
	const struct {
		HPDF_InfoType type;
		const char *value;
	} attrs[] = {
		{HPDF_INFO_TITLE, doc->title},
		{HPDF_INFO_AUTHOR, doc->author},
		{HPDF_INFO_SUBJECT, doc->subject},
		{HPDF_INFO_KEYWORDS, doc->keywords},
		{HPDF_INFO_CREATOR, doc->creator ? doc->creator : "progrep"},
	};
	struct src_pos nopos = {0};
	HPDF_Date dt;
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (attrs[i].value && *attrs[i].value)
			HPDF_SetInfoAttr(w->pdf, attrs[i].type, bmp_text(w, attrs[i].value));
	if (doc->date) {
		if (parse_date(doc->date, &dt) != 0)
			return diag_error(w->d, nopos, "cannot write '%s': invalid document date '%s'",
					  w->path, doc->date);
		HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
		HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, dt);
	}
	return check(w, HPDF_OK);
}

static int io_fail(struct writer *w, int e)
{
	struct src_pos nopos = {0};

	return diag_error(w->d, nopos, "cannot write '%s': %s", w->path, strerror(e));
}

/* Copy libharu's in-memory PDF to fd. */
static int copy_out(struct writer *w, int fd)
{
	HPDF_UINT32 left = HPDF_GetStreamSize(w->pdf);
	HPDF_BYTE buf[16384];

	while (left > 0) {
		HPDF_UINT32 len = left < sizeof(buf) ? left : sizeof(buf);
		size_t off = 0;

		/* Asking for exactly what is left never hits libharu's EOF error. */
		if (check(w, HPDF_ReadFromStream(w->pdf, buf, &len)) != 0)
			return -1;
		if (len == 0)
			break;
		while (off < len) {
			ssize_t k = write(fd, buf + off, len - off);

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				return io_fail(w, errno);
			off += (size_t)k;
		}
		left -= len;
	}
	return 0;
}

/* The folder of path, for the temporary file and the fsync after rename. */
static char *dir_of(struct writer *w)
{
	const char *slash = strrchr(w->path, '/');

	if (!slash)
		return arena_strdup(w->arena, ".");
	if (slash == w->path)
		return arena_strdup(w->arena, "/");
	return arena_strndup(w->arena, w->path, (size_t)(slash - w->path));
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY);

	if (fd >= 0) {
		fsync(fd); /* best effort: the rename is already done */
		close(fd);
	}
}

/* Fill the temporary file and get it onto the disk. */
static int fill_file(struct writer *w, int fd)
{
	mode_t mask = umask(0);

	umask(mask);
	/* mkstemp makes the file 0600; a report is as readable as any file. */
	if (fchmod(fd, 0666 & ~mask) != 0)
		return io_fail(w, errno);
	if (copy_out(w, fd) != 0)
		return -1;
	if (fsync(fd) != 0)
		return io_fail(w, errno);
	return 0;
}

/* Write the document next to the target and rename it into place only when
 * it is complete and on disk: a failed run leaves no partial file, and an
 * older report at path stays as it was. */
static int save_atomic(struct writer *w)
{
	const char *slash = strrchr(w->path, '/');
	char *dir = dir_of(w);
	char *tmp = arena_printf(w->arena, "%s/.%s.XXXXXX", dir, slash ? slash + 1 : w->path);
	int fd, ret;

	if (check(w, HPDF_SaveToStream(w->pdf)) != 0)
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0)
		return io_fail(w, errno);
	ret = fill_file(w, fd);
	if (close(fd) != 0 && ret == 0)
		ret = io_fail(w, errno);
	if (ret == 0 && rename(tmp, w->path) != 0)
		ret = io_fail(w, errno);
	if (ret != 0) {
		unlink(tmp);
		return -1;
	}
	sync_dir(dir);
	return 0;
}

static int setup(struct writer *w)
{
	size_t p;

	HPDF_UseUTFEncodings(w->pdf);
	HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
	HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
	if (check(w, HPDF_OK) != 0 || write_info(w) != 0)
		return -1;
	/* Every page exists before drawing starts: links point forward too. */
	w->pages = arena_zalloc(w->arena, (w->doc->npages + 1) * sizeof(*w->pages));
	for (p = 0; p < w->doc->npages; p++) {
		w->pages[p] = HPDF_AddPage(w->pdf);
		if (!w->pages[p])
			return haru_fail(w);
		HPDF_Page_SetWidth(w->pages[p], (HPDF_REAL)w->doc->width);
		HPDF_Page_SetHeight(w->pages[p], (HPDF_REAL)w->doc->height);
		if (check(w, HPDF_OK) != 0)
			return -1;
	}
	return 0;
}

static int render(struct writer *w)
{
	size_t p, b;

	if (setup(w) != 0)
		return -1;
	for (p = 0; p < w->doc->npages; p++)
		for (b = 0; b < w->doc->pages[p].n; b++)
			if (draw_box(w, w->pages[p], &w->doc->pages[p].boxes[b]) != 0)
				return -1;
	if (write_outlines(w) != 0)
		return -1;
	return save_atomic(w);
}

static int write_prepared(const struct doc *doc, const struct pdf_fonts *pf, const char *path,
			  struct diag *d)
{
	struct writer w;
	struct src_pos nopos = {0};
	int ret;

	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.pf = pf;
	w.d = d;
	w.path = path;
	if (doc->npages == 0)
		return diag_error(d, nopos, "cannot write '%s': the document has no pages", path);
	w.pdf = HPDF_New(haru_on_error, &w.err);
	if (!w.pdf)
		return diag_error(d, nopos, "cannot write '%s': out of memory", path);
	w.arena = arena_new();
	ret = render(&w);
	HPDF_Free(w.pdf);
	arena_free(w.arena);
	return ret;
}

int pdf_write(const struct doc *doc, const struct pdf_fonts *fonts, const char *path,
	      struct diag *d)
{
	struct pdf_fonts own;
	struct pdf_codepoints *cp;
	int ret;

	if (fonts->dir)
		return write_prepared(doc, fonts, path, d);
	/* Not prepared: subset for this doc alone. */
	pdf_fonts_init(&own, fonts->font[DOC_FONT_BODY], fonts->font[DOC_FONT_HEADING]);
	cp = pdf_codepoints_new();
	pdf_codepoints_add(cp, &own, doc);
	ret = pdf_fonts_prepare(&own, cp, NULL, d);
	pdf_codepoints_free(cp);
	if (ret == 0)
		ret = write_prepared(doc, &own, path, d);
	pdf_fonts_release(&own);
	return ret;
}
