#include "render/pdf/pdf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "core/util/afile.h"
#include "core/util/arena.h"
#include "core/util/sha256.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/font.h"
#include "render/pdf/pdf_attach.h"
#include "render/pdf/pdf_embed.h"
#include "render/pdf/pdf_content.h"
#include "render/pdf/pdf_deflate.h"
#include "render/pdf/pdf_haru.h"
#include "render/pdf/pdf_icc.h"
#include "render/pdf/pdf_pack.h"
#include "render/pdf/pdf_struct.h"
#include "render/pdf/pdf_xmp.h"
#include "render/pdf/pdf_trim.h"

/*
 * Drawing a doc with libharu: document, pages, links, bookmarks, document
 * info and saving through its public API; fonts, page content, text
 * outside the pages and destinations that keep the reader's zoom through
 * the adapter render/pdf/pdf_haru.h, the one place that goes beyond it
 * (its own TrueType path is slow and writes an invalid ToUnicode CMap,
 * render/pdf/pdf_embed.h; its text encoders are slow and BMP-only,
 * add_text; its destinations insist on a zoom, make_dest).
 */

#define MAX_OUTLINE_DEPTH 16
/* libdeflate levels (render/pdf/pdf_deflate.h) of page content and of a font
 * trimmed for one doc of a batch, deflated again for every report. */
#define PDF_CONTENT_LEVEL 6
#define PDF_FONT_LEVEL 6

/* The first libharu error of a document, recorded by the one adapter. */
struct haru_err {
	HPDF_STATUS error, detail;
	int sys_errno; /* errno then: libharu writes the file with stdio */
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
	HPDF_Dict font[DOC_NFONTS]; /* Type0 font of each role, once used */
	HPDF_Dict file[DOC_NFONTS]; /* its FontFile2 */
	HPDF_Dict desc[DOC_NFONTS]; /* its font descriptor */
	unsigned char *used[DOC_NFONTS]; /* glyphs drawn, per glyph id */
	struct pdf_content content; /* of the page being drawn */
	int cur;                /* the index of that page */
	int tagged;             /* pdf_options.tagged, for this doc */
	struct pdf_struct tags; /* the structure tree when tagged, pdf_struct.h */
	char xmp_date[128]; /* the info dates in XMP's form, or "" */
	char *sha;	  /* the written bytes' sha256, or NULL */
	long long *bytes; /* their count, or NULL */
};

static struct pdf_options options = {NULL, PDF_STANDARD_NONE, 0, 0};

/* The only libharu error handler. It records and returns: never longjmp
 * out of its callback, which would skip libharu's own cleanup; every
 * call's status is checked by the caller. */
static void haru_on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct haru_err *e = user;

	if (!e->error) {
		e->error = error;
		e->detail = detail;
		e->sys_errno = errno;
	}
}

static const char *haru_message(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "out of memory";
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return "cannot write the file";
	case HPDF_INVALID_DATE_TIME:
		return "invalid document date";
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

	if ((w->err.error == HPDF_FILE_IO_ERROR || w->err.error == HPDF_FILE_OPEN_ERROR) &&
	    w->err.sys_errno)
		return diag_error(w->d, nopos, "cannot write '%s': %s", w->path,
				  strerror(w->err.sys_errno));
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

/* y on page p measured from the top, as PDF measures it: from the bottom. */
static double flip(const struct writer *w, int p, double y)
{
	return w->doc->pages[p].height - y;
}

/* The font of role, added to the PDF on first use, so a font a doc never
 * uses is not embedded; roles sharing a subset share the font. */
static HPDF_Dict get_font(struct writer *w, int role)
{
	int j;

	if (w->font[role])
		return w->font[role];
	for (j = 0; j < DOC_NFONTS; j++) {
		if (j != role && w->font[j] && w->pf->embed[j] == w->pf->embed[role]) {
			w->used[role] = w->used[j];
			return w->font[role] = w->font[j];
		}
	}
	w->used[role] = arena_zalloc(w->arena, w->pf->embed[role]->sub.nglyphs + 1);
	w->font[role] = pdf_embed_add(w->pdf, w->pf->embed[role], &w->file[role], &w->desc[role]);
	if (!w->font[role]) {
		haru_fail(w);
		return NULL;
	}
	if (check(w, HPDF_OK) != 0)
		return NULL;
	return w->font[role];
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

/* Draw s, a run of box b in font role, at the box's start, or where the
 * run before it ended (cont). */
static int draw_run(struct writer *w, HPDF_Page page, const struct box *b, int role,
		    const char *s, int cont)
{
	struct pdf_text_run r;
	HPDF_Dict font;
	unsigned missing;

	font = get_font(w, role);
	if (!font)
		return -1;
	r.embed = w->pf->embed[role];
	r.used = w->used[role];
	r.res = pdf_haru_font_name(page, font);
	if (!r.res)
		return haru_fail(w);
	r.role = role;
	r.size = b->size;
	r.x = b->x;
	r.y = b->y;
	r.angle = b->angle;
	r.char_space = b->char_space;
	r.color = b->color;
	r.flags = b->flags;
	r.squeeze_adj = b->squeeze_adj;
	r.cont = cont;
	r.after = 0;
	/* A Latin run takes no stretch inside; the gap after it does. */
	if (role == DOC_FONT_LATIN && role != (int)b->font && b->stretch != 0) {
		r.char_space -= b->stretch;
		r.after = b->stretch;
	}
	/* A code point outside the prepared subset would draw nothing: an
	 * error (a doc pdf_codepoints_add never saw). */
	missing = pdf_content_text(&w->content, &r, s);
	if (missing)
		return diag_error(w->d, (struct src_pos){0},
				  "cannot write '%s': character U+%04X is not in the "
				  "prepared subset of font '%s'",
				  w->path, missing, font_family(w->pf->font[role]));
	return 0;
}

static int draw_text(struct writer *w, HPDF_Page page, const struct box *b)
{
	const char *s;
	size_t n, i = 0, start = 0;
	int role = -1, cont = 0;

	if (!b->text || !*b->text)
		return 0;
	if ((unsigned)b->font >= DOC_NFONTS) {
		struct src_pos nopos = {0};

		return diag_error(w->d, nopos, "cannot write '%s': text box with font %d",
				  w->path, (int)b->font);
	}
	s = drawn_text(w, b);
	if (!(b->flags & DOC_TEXT_LATIN))
		return draw_run(w, page, b, b->font, s, 0);
	/* Runs of one role each, drawn on from where the last one ended:
	 * layout measured each character in the role that draws it. */
	n = strlen(s);
	for (;;) {
		unsigned cp = 0;
		int len = 0, next = -1;

		if (i < n) {
			len = utf8_decode(s + i, n - i, &cp);
			if (len <= 0)
				len = 1, cp = 0xFFFD;
			next = pdf_latin_role(w->pf, b, cp);
		}
		if (role >= 0 && next != role) {
			if (draw_run(w, page, b, role,
				     arena_strndup(w->arena, s + start, i - start), cont) != 0)
				return -1;
			cont = 1;
			start = i;
		}
		if (i >= n)
			return 0;
		role = next;
		i += (size_t)len;
	}
}

/* A destination at y on page p (0-based): [page /XYZ 0 top null], keeping
 * the reader's zoom. */
static HPDF_Destination make_dest(struct writer *w, int p, double y)
{
	HPDF_Destination dst = HPDF_Page_CreateDestination(w->pages[p]);
	double top = flip(w, p, y);

	if (!dst)
		return NULL;
	if (top < 0)
		top = 0;
	if (top > w->doc->pages[p].height)
		top = w->doc->pages[p].height;
	if (pdf_haru_dest_xyz(dst, w->pages[p], 0, top) != HPDF_OK)
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
	r.bottom = (HPDF_REAL)flip(w, w->cur, b->y + b->h);
	r.top = (HPDF_REAL)flip(w, w->cur, b->y);
	annot = HPDF_Page_CreateLinkAnnot(page, r, dst);
	if (!annot)
		return haru_fail(w);
	/* /F 4, print: without it a printed copy would differ from the screen
	 * only for links, and PDF/A refuses annotations that do not print. */
	if (check(w, pdf_haru_add_int(annot, "F", 4)) != 0 ||
	    (w->tagged && check(w, pdf_struct_link(&w->tags, annot)) != 0))
		return -1;
	return check(w, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0));
}

static int draw_box(struct writer *w, HPDF_Page page, const struct box *b)
{
	if (w->tagged && check(w, pdf_struct_box(&w->tags, &w->content, b, b->text)) != 0)
		return -1;
	switch (b->kind) {
	case BOX_TEXT:
		return draw_text(w, page, b);
	case BOX_LINK:
		return draw_link(w, page, b);
	default:
		pdf_content_box(&w->content, b);
		return 0;
	}
}

/* PDF/A-1's /CIDSet of the font of role, whose embedded TrueType file
 * is ttf (pdf_embed.h). */
static int write_cidset(struct writer *w, int role, const unsigned char *ttf, size_t len)
{
	const struct font_subset *s = &w->pf->embed[role]->sub;
	size_t n, zlen;
	unsigned char *bits = pdf_embed_cidset_bits(ttf, len, w->used[role], s->nglyphs, &n);
	unsigned char *z;
	HPDF_Dict set;

	if (!bits)
		return diag_error(w->d, (struct src_pos){0},
				  "cannot write '%s': font '%s' has no glyph outlines for a /CIDSet",
				  w->path, font_family(w->pf->font[role]));
	zlen = pdf_deflate_bound(PDF_FONT_LEVEL, n);
	z = arena_alloc(w->arena, zlen);
	zlen = pdf_deflate(bits, n, PDF_FONT_LEVEL, z, zlen);
	free(bits);
	if (zlen == 0)
		return diag_error(w->d, (struct src_pos){0}, "cannot write '%s': cannot compress",
				  w->path);
	set = pdf_haru_stream_new(w->pdf, z, zlen);
	if (!set || pdf_haru_add_dict(w->desc[role], "CIDSet", set) != HPDF_OK)
		return haru_fail(w);
	return 0;
}

/* Each font embedded with just the glyphs this doc draws (pdf_trim.h),
 * when the prepared subset has more: those of a batch hold every report's
 * text. PDF/A-1b: with the /CIDSet of the file embedded. */
static int trim_fonts(struct writer *w)
{
	int role, cidset = options.standard == PDF_STANDARD_A1B;

	for (role = 0; role < DOC_NFONTS; role++) {
		const struct font_subset *s;
		unsigned char *ttf, *z;
		size_t len, zlen;

		if (!w->file[role])
			continue; /* not used, or shares another role's font */
		s = &w->pf->embed[role]->sub;
		ttf = pdf_trim_font(w->pf->embed[role]->trim, w->used[role], s->nglyphs, &len);
		if (cidset && write_cidset(w, role, ttf ? ttf : s->data, ttf ? len : s->len) != 0) {
			free(ttf);
			return -1;
		}
		if (!ttf)
			continue; /* needs (nearly) all: the prepared file as it is */
		zlen = pdf_deflate_bound(PDF_FONT_LEVEL, len);
		z = arena_alloc(w->arena, zlen);
		zlen = pdf_deflate(ttf, len, PDF_FONT_LEVEL, z, zlen);
		free(ttf);
		if (zlen == 0)
			continue; /* the whole subset still draws correctly */
		if (check(w, pdf_haru_stream_use(w->file[role], z, zlen)) != 0 ||
		    check(w, pdf_haru_add_int(w->file[role], "Length1", (long)len)) != 0)
			return -1;
	}
	return 0;
}

/* The page's content, deflated, as its content stream. */
static int end_page(struct writer *w, HPDF_Page page)
{
	size_t len, zlen;
	const char *ops = pdf_content_finish(&w->content, &len);
	size_t room = pdf_deflate_bound(PDF_CONTENT_LEVEL, len);
	unsigned char *z = arena_alloc(w->arena, room);

	zlen = pdf_deflate(ops, len, PDF_CONTENT_LEVEL, z, room);
	if (zlen == 0)
		return diag_error(w->d, (struct src_pos){0}, "cannot write '%s': cannot compress page",
				  w->path);
	return check(w, pdf_haru_page_content(page, z, zlen));
}

/* Set key of d to a text string of the document outside the page content
 * (bookmark titles, document info): pdf_haru_add_utf8 says how. */
static HPDF_STATUS add_text(struct writer *w, HPDF_Dict d, const char *key, const char *s)
{
	(void)w;
	return pdf_haru_add_utf8(d, key, s);
}

/* Bookmarks nest by level: an entry's parent is the last entry one level
 * up; a level that skips ahead is attached to the deepest open entry. */
static int write_outlines(struct writer *w)
{
	HPDF_Outline stack[MAX_OUTLINE_DEPTH];
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
		ol = HPDF_CreateOutline(w->pdf, level ? stack[level - 1] : NULL, "", NULL);
		if (!ol || add_text(w, ol, "Title", o->title ? o->title : "") != HPDF_OK)
			return haru_fail(w);
		dst = make_dest(w, o->page, o->y);
		if (!dst || HPDF_Outline_SetDestination(ol, dst) != HPDF_OK ||
		    (options.standard == PDF_STANDARD_A1B && pdf_haru_dest_direct(ol) != HPDF_OK))
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

/* The document's dates, as libharu writes them into the info dictionary
 * and in XMP's form (ISO 8601) into w->xmp_date: the two must agree. */
static int write_dates(struct writer *w)
{
	HPDF_Date dt;
	char tz[32] = "";

	if (!w->doc->date)
		return 0;
	if (parse_date(w->doc->date, &dt) != 0)
		return diag_error(w->d, (struct src_pos){0},
				  "cannot write '%s': invalid document date '%s'", w->path,
				  w->doc->date);
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, dt);
	if (dt.ind == 'Z')
		strcpy(tz, "Z");
	else if (dt.ind == '+' || dt.ind == '-')
		snprintf(tz, sizeof(tz), "%c%02d:%02d", dt.ind, dt.off_hour, dt.off_minutes);
	snprintf(w->xmp_date, sizeof(w->xmp_date), "%04d-%02d-%02dT%02d:%02d:%02d%s", dt.year,
		 dt.month, dt.day, dt.hour, dt.minutes, dt.seconds, tz);
	return check(w, HPDF_OK);
}

static int write_info(struct writer *w)
{
	const struct doc *doc = w->doc;
	const struct {
		const char *key;
		const char *value;
	} attrs[] = {
		{"Title", doc->title},
		{"Author", doc->author},
		{"Subject", doc->subject},
		{"Keywords", doc->keywords},
		{"Creator", doc->creator ? doc->creator : "progrep"},
	};
	HPDF_Dict info;
	size_t i;

	/* makes the info dictionary; the Creator is replaced below */
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "progrep");
	if (check(w, HPDF_OK) != 0 || !(info = pdf_haru_info(w->pdf)))
		return haru_fail(w);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (attrs[i].value && *attrs[i].value &&
		    add_text(w, info, attrs[i].key, attrs[i].value) != HPDF_OK)
			return haru_fail(w);
	return write_dates(w);
}

void pdf_write_set_options(const struct pdf_options *o)
{
	options = *o;
}

const struct pdf_options *pdf_write_options(void)
{
	return &options;
}

static const char *producer(void)
{
	static char buf[64];

	/* what libharu writes into the info dictionary itself */
	snprintf(buf, sizeof(buf), "Haru Free PDF Library %s", pdf_haru_checked_version());
	return buf;
}

/* The catalog's /Metadata: an XMP packet saying what the info dictionary
 * says (PDF/A 6.6.2.3 requires them equal), unfiltered as PDF/A wants. */
static int write_metadata(struct writer *w, HPDF_Dict catalog)
{
	const struct doc *doc = w->doc;
	struct pdf_xmp m = {0};
	HPDF_Dict md;
	char *xmp;
	size_t len;

	m.title = doc->title;
	m.author = doc->author;
	m.subject = doc->subject;
	m.keywords = doc->keywords;
	m.creator = doc->creator ? doc->creator : "progrep";
	m.producer = producer();
	m.date = w->xmp_date[0] ? w->xmp_date : NULL;
	if (options.standard != PDF_STANDARD_NONE) {
		m.pdfa_part = options.standard == PDF_STANDARD_A1B   ? 1
			      : options.standard == PDF_STANDARD_A3B ? 3
								     : 2;
		m.pdfa_conformance = "B";
	}
	if (w->tagged)
		m.pdfua_part = 1;
	xmp = pdf_xmp_packet(&m, &len);
	md = pdf_haru_stream_plain(w->pdf, (unsigned char *)arena_strdup(w->arena, xmp), len);
	free(xmp);
	if (!md || pdf_haru_add_name(md, "Type", "Metadata") != HPDF_OK ||
	    pdf_haru_add_name(md, "Subtype", "XML") != HPDF_OK ||
	    pdf_haru_add_dict(catalog, "Metadata", md) != HPDF_OK)
		return haru_fail(w);
	return 0;
}

/* PDF/A's output intent: the colours of the pages (DeviceRGB and
 * DeviceGray, never CMYK) are sRGB, the profile progrep makes (pdf_icc.h). */
static int write_output_intent(struct writer *w, HPDF_Dict catalog)
{
	unsigned char prof[PDF_ICC_SRGB_MAX];
	size_t n = pdf_icc_srgb(prof);
	size_t room = pdf_deflate_bound(PDF_FONT_LEVEL, n);
	unsigned char *z = arena_alloc(w->arena, room);
	size_t zlen = pdf_deflate(prof, n, PDF_FONT_LEVEL, z, room);
	HPDF_Dict icc, oi;

	if (zlen == 0)
		return diag_error(w->d, (struct src_pos){0},
				  "cannot write '%s': cannot compress the ICC profile", w->path);
	icc = pdf_haru_stream_new(w->pdf, z, zlen);
	oi = pdf_haru_dict_new(w->pdf);
	if (!icc || !oi || pdf_haru_add_int(icc, "N", 3) != HPDF_OK ||
	    pdf_haru_add_name(oi, "Type", "OutputIntent") != HPDF_OK ||
	    pdf_haru_add_name(oi, "S", "GTS_PDFA1") != HPDF_OK ||
	    pdf_haru_add_string(oi, "OutputConditionIdentifier", "sRGB IEC61966-2.1") != HPDF_OK ||
	    pdf_haru_add_string(oi, "Info", "sRGB IEC61966-2.1") != HPDF_OK ||
	    pdf_haru_add_dict(oi, "DestOutputProfile", icc) != HPDF_OK ||
	    pdf_haru_add_dict_array(catalog, "OutputIntents", oi) != HPDF_OK)
		return haru_fail(w);
	return 0;
}

/* The trailer's /ID, zeros for now: stamp_id replaces them with a digest
 * of the file, once written (a random or clock-based ID would make two
 * runs differ). */
#define PDF_ID_LEN 16

/* What the document declares beyond its pages (pdf.h, pdf_options). */
static int write_document(struct writer *w)
{
	static const unsigned char zeros[PDF_ID_LEN];
	HPDF_Dict catalog = pdf_haru_catalog(w->pdf), vp;

	if (options.standard == PDF_STANDARD_A1B)
		pdf_haru_set_version_14(w->pdf);
	else
		pdf_haru_set_version_17(w->pdf);
	if (w->doc->noutlines)
		HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (check(w, HPDF_OK) != 0)
		return -1;
	vp = pdf_haru_add_new_dict(catalog, "ViewerPreferences");
	if (!vp || pdf_haru_add_bool(vp, "DisplayDocTitle", 1) != HPDF_OK ||
	    pdf_haru_add_string(catalog, "Lang", options.lang ? options.lang : "zh-CN") != HPDF_OK ||
	    pdf_haru_trailer_id(w->pdf, zeros, PDF_ID_LEN) != HPDF_OK)
		return haru_fail(w);
	if ((w->tagged &&
	     check(w, pdf_struct_finish(&w->tags, catalog)) != 0) ||
	    write_metadata(w, catalog) != 0)
		return -1;
	if (options.standard != PDF_STANDARD_NONE && write_output_intent(w, catalog) != 0)
		return -1;
	/* PDF/A-3: the files the report was made from, dated by the report */
	if (options.standard == PDF_STANDARD_A3B &&
	    check(w, pdf_attach_write(w->pdf, catalog, w->doc->attach, w->doc->nattach,
				      w->doc->date, w->arena)) != 0)
		return -1;
	return check(w, HPDF_OK);
}

/* Replace the zeros of the trailer's /ID (write_document), the last
 * "/ID [ <0...0> <0...0> ]" of the file, with the first bytes of the
 * file's sha256 in hex: a digest of everything else, the same length, so
 * no offset moves. */
static void stamp_id(unsigned char *buf, size_t n)
{
	static const char key[] = "/ID [ <"; /* libharu's spacing */
	size_t k = sizeof(key) - 1, hexlen = 2 * PDF_ID_LEN, i, at;
	char hex[SHA256_HEX_LEN + 1];

	if (n < k + 2 * hexlen + 3)
		return;
	for (at = n - (k + 2 * hexlen + 3) + 1; at-- > 0;)
		if (memcmp(buf + at, key, k) == 0)
			break;
	if (at == (size_t)-1)
		return;
	at += k;
	for (i = 0; i < 2 * hexlen + 3; i++)
		if (buf[at + i] != (i == hexlen ? '>' : i == hexlen + 1 ? ' ' : i == hexlen + 2 ? '<' : '0'))
			return; /* not our placeholder */
	sha256_buf(buf, n, hex);
	for (i = 0; i < hexlen; i++)
		buf[at + i] = buf[at + hexlen + 3 + i] = (unsigned char)hex[i];
}

static int io_fail(struct writer *w, int e)
{
	struct src_pos nopos = {0};

	return diag_error(w->d, nopos, "cannot write '%s': %s", w->path, strerror(e));
}

static int sync_each = 1;

void pdf_write_set_sync(int on)
{
	sync_each = on;
}

/* The whole PDF from libharu's memory stream, in a malloc'd buffer. Not
 * HPDF_SaveToFile: libharu ignores what its final fclose returns, so a
 * disk that fills during the last flush left a truncated file that was
 * reported as written. Our own write() loop checks every byte. */
static unsigned char *save_to_memory(struct writer *w, size_t *n)
{
	unsigned char *buf;
	HPDF_UINT32 got;

	if (check(w, HPDF_SaveToStream(w->pdf)) != 0)
		return NULL;
	*n = HPDF_GetStreamSize(w->pdf);
	buf = xmalloc(*n ? *n : 1);
	got = (HPDF_UINT32)*n;
	if (check(w, HPDF_ReadFromStream(w->pdf, buf, &got)) != 0 || got != *n) {
		free(buf);
		if (!w->err.error)
			haru_fail(w);
		return NULL;
	}
	return buf;
}

/* libharu's file buf (n bytes, freed here) with its objects in object
 * streams (pdf_pack.h) and, when tagged, the structure tree added, or
 * NULL after an error: a file the packer cannot read is a bug of ours,
 * never written half-packed. */
static unsigned char *pack(struct writer *w, unsigned char *buf, size_t *n)
{
	char why[160] = "";
	struct pdf_pack *pk = pdf_pack_read(buf, *n, why, sizeof(why));
	unsigned char *out = NULL;

	if (pk && w->tagged && pdf_struct_write(&w->tags, pk) != 0)
		snprintf(why, sizeof(why), "the structure tree does not fit");
	else if (pk)
		out = pdf_pack_write(pk, n, !options.plain_xref, why, sizeof(why));
	pdf_pack_free(pk);
	free(buf);
	if (!out)
		diag_error(w->d, (struct src_pos){0},
			   "cannot write '%s': cannot pack its objects: %s", w->path, why);
	return out;
}

/* Write the document next to the target and rename it into place only when
 * every byte was written and the file flushed and closed without error
 * (core/util/afile.h): a failed run leaves no partial file, and an older
 * report at path stays as it was. w->sha gets the hash of the bytes. */
static int save_atomic(struct writer *w)
{
	struct afile af;
	unsigned char *buf;
	size_t n;
	int ret = 0;

	if (!(buf = save_to_memory(w, &n)) ||
	    ((!options.plain_xref || w->tagged) && !(buf = pack(w, buf, &n))))
		return -1;
	stamp_id(buf, n);
	if (w->sha)
		sha256_buf(buf, n, w->sha);
	if (w->bytes)
		*w->bytes = (long long)n;
	if (afile_open(&af, w->path, sync_each ? AFILE_SYNC : 0) != 0)
		ret = io_fail(w, errno);
	else if (afile_write(&af, buf, n) != 0) {
		ret = io_fail(w, errno);
		afile_abort(&af);
	} else if (afile_commit(&af) != 0)
		ret = io_fail(w, errno);
	free(buf);
	return ret;
}

static int setup(struct writer *w)
{
	size_t p;

	if (check(w, HPDF_OK) != 0 || write_info(w) != 0)
		return -1;
	/* Every page exists before drawing starts: links point forward too. */
	w->pages = arena_zalloc(w->arena, (w->doc->npages + 1) * sizeof(*w->pages));
	for (p = 0; p < w->doc->npages; p++) {
		w->pages[p] = HPDF_AddPage(w->pdf);
		if (!w->pages[p])
			return haru_fail(w);
		HPDF_Page_SetWidth(w->pages[p], (HPDF_REAL)w->doc->pages[p].width);
		HPDF_Page_SetHeight(w->pages[p], (HPDF_REAL)w->doc->pages[p].height);
		if (check(w, HPDF_OK) != 0)
			return -1;
	}
	return 0;
}

static int render(struct writer *w)
{
	size_t p, b;

	if (setup(w) != 0 ||
	    (w->tagged && check(w, pdf_struct_init(&w->tags, w->pdf, (int)w->doc->npages)) != 0))
		return -1;
	for (p = 0; p < w->doc->npages; p++) {
		w->cur = (int)p;
		pdf_content_page(&w->content, w->doc->pages[p].height);
		if (w->tagged && check(w, pdf_struct_page(&w->tags, w->pages[p], (int)p)) != 0)
			return -1;
		for (b = 0; b < w->doc->pages[p].n; b++)
			if (draw_box(w, w->pages[p], &w->doc->pages[p].boxes[b]) != 0)
				return -1;
		if ((w->tagged && check(w, pdf_struct_end_page(&w->tags, &w->content)) != 0) ||
		    end_page(w, w->pages[p]) != 0)
			return -1;
	}
	if (write_outlines(w) != 0 || trim_fonts(w) != 0 || write_document(w) != 0)
		return -1;
	return save_atomic(w);
}

static int write_prepared(const struct doc *doc, const struct pdf_fonts *pf, const char *path,
			  struct diag *d, char *sha, long long *bytes)
{
	struct writer w;
	struct src_pos nopos = {0};
	int ret;

	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.pf = pf;
	w.d = d;
	w.path = path;
	w.sha = sha;
	w.bytes = bytes;
	w.tagged = options.tagged;
	if (doc->npages == 0)
		return diag_error(d, nopos, "cannot write '%s': the document has no pages", path);
	w.pdf = HPDF_New(haru_on_error, &w.err);
	if (!w.pdf)
		return diag_error(d, nopos, "cannot write '%s': out of memory", path);
	w.arena = arena_new();
	pdf_content_init(&w.content);
	ret = render(&w);
	pdf_struct_release(&w.tags);
	pdf_content_release(&w.content);
	HPDF_Free(w.pdf);
	arena_free(w.arena);
	return ret;
}

int pdf_write(const struct doc *doc, const struct pdf_fonts *fonts, const char *path,
	      struct diag *d)
{
	return pdf_write_hashed(doc, fonts, path, d, NULL, NULL);
}

int pdf_write_hashed(const struct doc *doc, const struct pdf_fonts *fonts, const char *path,
		     struct diag *d, char sha[65], long long *bytes)
{
	struct pdf_fonts own;
	struct pdf_codepoints *cp;
	int ret;

	if (fonts->prepared)
		return write_prepared(doc, fonts, path, d, sha, bytes);
	/* Not prepared: subset for this doc alone. */
	pdf_fonts_init(&own, fonts->font[DOC_FONT_BODY], fonts->font[DOC_FONT_HEADING]);
	memcpy(own.font, fonts->font, sizeof(own.font)); /* every role's font */
	cp = pdf_codepoints_new();
	pdf_codepoints_add(cp, &own, doc);
	ret = pdf_fonts_prepare(&own, cp, d);
	pdf_codepoints_free(cp);
	if (ret == 0)
		ret = write_prepared(doc, &own, path, d, sha, bytes);
	pdf_fonts_release(&own);
	return ret;
}
