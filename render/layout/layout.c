#include "render/layout/layout.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/report.h"
#include "core/util/arena.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/font.h"
#include "render/layout/linebreak.h"

/* Where the baseline sits below the top of a line's em box. */
#define BASELINE 0.88

/* How one piece of text is measured, settled once for the piece (a line
 * break measures every character, often several times). */
struct measure_ctx {
	const struct layout *lo;
	enum doc_font font;
	double size;
	const struct font *f, *latin; /* latin: NULL when no Latin runs */
	double track;                 /* the grid's, added to every character */
	double adj;                   /* squeeze_adj, in 1/1000 em */
	int squeeze;
};

static double fixed_advance(unsigned cp)
{
	return cp >= 0x2000 ? 1000.0 : 500.0;
}

/* Does text in role f set Latin runs in the latin role (DOC_TEXT_LATIN)?
 * The Chinese serif and 楷 roles do; 黑体 headings keep their own
 * proportional digits. */
static int latin_applies(const struct layout *lo, enum doc_font f)
{
	return lo->latin && lo->advance && lo->fonts[DOC_FONT_LATIN] &&
	       (f == DOC_FONT_BODY || f == DOC_FONT_TITLE || f == DOC_FONT_KAI);
}

/* The grid track of text in font f at size (body text only). */
static double track(const struct layout *lo, enum doc_font f, double size)
{
	return f == DOC_FONT_BODY && size == lo->body_size ? lo->body_track : 0;
}

/* What a squeezed pair saves less than half the mark, in points: a
 * negative track, which would otherwise overlap the two by more. */
static double squeeze_adj(const struct layout *lo, enum doc_font f, double size)
{
	double t = track(lo, f, size);

	return t < 0 ? t : 0;
}

static struct measure_ctx measure_ctx(const struct layout *lo, enum doc_font f, double size)
{
	struct measure_ctx m;

	m.lo = lo;
	m.font = f;
	m.size = size;
	m.f = lo->advance ? lo->fonts[f] : NULL;
	m.latin = latin_applies(lo, f) ? lo->fonts[DOC_FONT_LATIN] : NULL;
	m.track = track(lo, f, size);
	m.adj = squeeze_adj(lo, f, size) * 1000.0 / size;
	m.squeeze = lo->squeeze;
	return m;
}

static double advance(const struct measure_ctx *m, unsigned cp)
{
	/* As the PDF writer draws it (pdf_latin_role). */
	if (m->latin && doc_latin_cp(cp) && font_can_draw(m->latin, cp))
		return m->lo->advance(m->latin, cp);
	return m->f ? m->lo->advance(m->f, cp) : fixed_advance(cp);
}

static double measure_cp(void *user, unsigned prev, unsigned cp)
{
	const struct measure_ctx *m = user;
	double adv = advance(m, cp);

	/* A squeezed pair: the squeezed mark's empty half comes off. */
	if (m->squeeze && linebreak_may_squeeze(prev) && linebreak_may_squeeze(cp)) {
		int k = linebreak_squeeze(prev, cp);
		double sq = k ? advance(m, k == 1 ? prev : cp) : 0;

		if (sq >= LAYOUT_SQUEEZE_MIN)
			adv -= LINEBREAK_SQUEEZE * sq + m->adj;
	}
	return adv * m->size / 1000.0 + m->track;
}

#define MEMO_BREAKS 8

/* One text measured in one measure_ctx. */
struct memo_entry {
	struct memo_entry *next;
	char *s;
	size_t len;
	unsigned long hash;
	struct measure_ctx m;
	double (*advance)(const struct font *f, unsigned cp);
	struct linebreak_prep p;
	double min_w, max_w; /* < 0 until asked */
	/* its last breaks into several lines (a table bisects widths per
	 * cell, and lays out the same cell at the same width again) */
	struct memo_break {
		double width, indent;
		size_t n; /* 0: slot unused */
		struct linebreak_line *l;
	} brk[MEMO_BREAKS];
	unsigned next_brk;
};

struct layout_memo {
	struct memo_entry **slot;
	size_t nslots, n;
	struct memo_entry *last; /* the last one asked for */
};

static int same_ctx(const struct measure_ctx *a, const struct measure_ctx *b)
{
	return a->lo == b->lo && a->font == b->font && a->size == b->size && a->f == b->f &&
	       a->latin == b->latin && a->track == b->track && a->adj == b->adj &&
	       a->squeeze == b->squeeze;
}

static unsigned long memo_hash(const struct measure_ctx *m, const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)m->font ^ ((uint64_t)len << 32), w;
	size_t i;

	/* eight bytes at a time: the hash runs on every lookup */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001B3u;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0x100000001B3u;
	memcpy(&w, &m->size, sizeof(w)); /* its bits: any double hashes */
	h = (h ^ w) * 0x100000001B3u;
	return (unsigned long)(h ^ (h >> 32));
}

static void memo_grow(struct layout_memo *mo)
{
	size_t n = mo->nslots ? mo->nslots * 2 : 1024, i;
	struct memo_entry **slot = xcalloc(n, sizeof(*slot)), *e, *next;

	for (i = 0; i < mo->nslots; i++)
		for (e = mo->slot[i]; e; e = next) {
			next = e->next;
			e->next = slot[e->hash & (n - 1)];
			slot[e->hash & (n - 1)] = e;
		}
	free(mo->slot);
	mo->slot = slot;
	mo->nslots = n;
}

/* lo's memo, made on first use. It is a cache, not the flow state: a
 * const layout gets one too (the object itself is never const: layout_init
 * fills it). */
static struct layout_memo *memo_of(const struct layout *lo)
{
	struct layout *w = (struct layout *)lo;

	if (!w->memo)
		w->memo = xcalloc(1, sizeof(*w->memo));
	return w->memo;
}

/* s[0..len) prepared in lo's fonts at f and size: from the memo, or
 * measured now and kept. Its widths come from measure_cp, so they are
 * those an unmemoised measure gives. */
static struct memo_entry *prepared(const struct layout *lo, enum doc_font f, double size,
				   const char *s, size_t len)
{
	struct layout_memo *mo = memo_of(lo);
	struct measure_ctx m = measure_ctx(lo, f, size);
	unsigned long h;
	struct memo_entry *e = mo->last;

	if (!s) /* an empty text may come as NULL, 0 */
		s = "";
	if (e && e->len == len && same_ctx(&e->m, &m) && lo->advance == e->advance &&
	    memcmp(e->s, s, len) == 0)
		return e;
	h = memo_hash(&m, s, len);
	for (e = mo->slot ? mo->slot[h & (mo->nslots - 1)] : NULL; e; e = e->next)
		if (e->hash == h && e->len == len && same_ctx(&e->m, &m) &&
		    lo->advance == e->advance && memcmp(e->s, s, len) == 0)
			return mo->last = e;
	if (mo->n + 1 > mo->nslots)
		memo_grow(mo);
	e = xcalloc(1, sizeof(*e));
	e->s = xmalloc(len + 1);
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	e->len = len;
	e->hash = h;
	e->m = m;
	e->advance = lo->advance;
	e->min_w = e->max_w = -1;
	linebreak_prepare(s, len, measure_cp, &m, &e->p);
	e->next = mo->slot[h & (mo->nslots - 1)];
	mo->slot[h & (mo->nslots - 1)] = e;
	mo->n++;
	return mo->last = e;
}

static void memo_free(struct layout_memo *mo)
{
	struct memo_entry *e, *next;
	size_t i, k;

	if (!mo)
		return;
	for (i = 0; i < mo->nslots; i++)
		for (e = mo->slot[i]; e; e = next) {
			next = e->next;
			linebreak_prep_free(&e->p);
			for (k = 0; k < MEMO_BREAKS; k++)
				free(e->brk[k].l);
			free(e->s);
			free(e);
		}
	free(mo->slot);
	free(mo);
}

void layout_init(struct layout *lo, struct doc *doc, struct font *fonts[DOC_NFONTS])
{
	int i;

	memset(lo, 0, sizeof(*lo));
	lo->doc = doc;
	for (i = 0; i < DOC_NFONTS; i++)
		lo->fonts[i] = fonts ? fonts[i] : NULL;
	lo->left = LAYOUT_MARGIN_SIDE;
	lo->right = doc->width - LAYOUT_MARGIN_SIDE;
	lo->top = LAYOUT_MARGIN_TOP;
	lo->bottom = doc->height - LAYOUT_MARGIN_BOTTOM;
	lo->page = -1;
	lo->first_numbered = 0;
	lo->body_size = LAYOUT_BODY_SIZE;
	lo->line_pitch = LAYOUT_BODY_SIZE * LAYOUT_LINE_HEIGHT;
	lo->para_space = LAYOUT_BODY_SIZE * 0.4;
	lo->body_track = 0;
	lo->heading_size[0] = 16.0;
	lo->heading_size[1] = 14.0;
	lo->heading_size[2] = 12.0;
	lo->cover_title_size = 26.0;
	lo->title_size = 18.0;
	lo->show_header = 1;
	lo->footer = REPORT_FOOTER_PAGE_OF;
	lo->footer_size = 9.0;
	lo->footer_gap = 30.0;
	lo->three_line = 0;
	lo->table_size = LAYOUT_CELL_SIZE;
	lo->table_pad = LAYOUT_CELL_PAD;
}

void layout_set_page(struct layout *lo, const struct report_page *pg)
{
	double w;

	if (pg->body_size <= 0)
		return;
	lo->left = pg->margin_left;
	lo->right = lo->doc->width - pg->margin_right;
	lo->top = pg->margin_top;
	lo->bottom = lo->doc->height - pg->margin_bottom;
	lo->body_size = pg->body_size;
	lo->line_pitch = pg->line_pitch;
	lo->para_space = pg->para_space;
	memcpy(lo->heading_size, pg->heading_size, sizeof(lo->heading_size));
	lo->cover_title_size = pg->cover_title_size;
	lo->title_size = pg->title_size;
	lo->show_header = pg->header;
	lo->footer = (int)pg->footer;
	lo->footer_size = pg->footer_size;
	lo->footer_gap = pg->footer_gap;
	lo->three_line = pg->three_line;
	if (pg->table_size > 0) {
		lo->table_size = pg->table_size;
		lo->table_pad = pg->table_pad;
	}
	lo->gb_headings = pg->gb_headings;
	lo->heading_bold = pg->heading_bold;
	lo->squeeze = pg->squeeze;
	lo->grid = pg->chars_per_line > 0;
	lo->latin = pg->latin && lo->fonts[DOC_FONT_LATIN] &&
		    lo->fonts[DOC_FONT_LATIN] != lo->fonts[DOC_FONT_BODY];
	/* A hair under the exact pitch, so that a full line of
	 * chars_per_line characters is never a rounding error too wide. */
	w = lo->right - lo->left;
	lo->body_track = pg->chars_per_line > 0
				 ? w / pg->chars_per_line - pg->body_size - 1e-6
				 : 0;
}

int layout_page_number(const struct layout *lo, int p)
{
	return lo->footer == REPORT_FOOTER_GONGWEN ? p - lo->first_numbered + 1 : p + 1;
}

void layout_release(struct layout *lo)
{
	free(lo->entries);
	lo->entries = NULL;
	memo_free(lo->memo);
	lo->memo = NULL;
	lo->nentries = lo->capentries = 0;
}

double layout_text_width(const struct layout *lo, enum doc_font f, double size, const char *s,
			 size_t len)
{
	struct memo_entry *e = prepared(lo, f, size, s, len);

	if (e->max_w < 0)
		e->max_w = linebreak_prep_max_width(&e->p);
	return e->max_w;
}

double layout_text_min_width(const struct layout *lo, enum doc_font f, double size,
			     const char *s, size_t len)
{
	struct memo_entry *e = prepared(lo, f, size, s, len);

	if (e->min_w < 0)
		e->min_w = linebreak_prep_min_width(&e->p);
	return e->min_w;
}

size_t layout_break(const struct layout *lo, const char *s, enum doc_font f, double size,
		    double width, double indent, struct linebreak_line **lines)
{
	size_t len = strlen(s), n, k;
	struct memo_entry *e = prepared(lo, f, size, s, len);

	for (k = 0; k < MEMO_BREAKS; k++) {
		struct memo_break *b = &e->brk[k];

		if (b->n && b->width == width && b->indent == indent) {
			*lines = xmalloc(b->n * sizeof(**lines));
			memcpy(*lines, b->l, b->n * sizeof(**lines));
			return b->n;
		}
	}
	n = linebreak_prepared(s, &e->p, width, indent, lines);
	if (n >= 2) {
		struct memo_break *b = &e->brk[e->next_brk];

		e->next_brk = (e->next_brk + 1) % MEMO_BREAKS;
		free(b->l);
		b->width = width;
		b->indent = indent;
		b->n = n;
		b->l = xmalloc(n * sizeof(*b->l));
		memcpy(b->l, *lines, n * sizeof(*b->l));
	}
	return n;
}

void layout_new_page(struct layout *lo)
{
	lo->page = doc_add_page(lo->doc);
	if (lo->landscape)
		layout_page_size(lo);
	lo->y = lo->top;
}

void layout_page_break(struct layout *lo)
{
	if (lo->page < 0 || lo->y > lo->top + 0.01)
		layout_new_page(lo);
}

void layout_space(struct layout *lo, double h)
{
	lo->y += h;
	if (lo->y > lo->bottom)
		lo->y = lo->bottom;
}

/* Text positions go to a quarter point: invisible on paper, and a
 * coordinate such as 730.75 is written in fewer digits than 730.96997,
 * which over a few thousand cells is a few KB of every PDF. */
static double snap(double v)
{
	return floor(v * 4 + 0.5) / 4;
}

struct box *layout_text_at(struct layout *lo, const char *text, size_t len, enum doc_font f,
			   double size, double x, double y, enum box_role role)
{
	struct box *b = doc_add_box(lo->doc, lo->page, BOX_TEXT);

	b->role = role;
	b->text = arena_strndup(lo->doc->arena, text, len);
	b->font = f;
	b->size = size;
	b->x = snap(x);
	b->y = snap(y + BASELINE * size);
	b->w = layout_text_width(lo, f, size, text, len);
	b->h = size;
	b->color = 0;
	/* Drawn as measured: body text on the character grid. */
	b->char_space = track(lo, f, size);
	if (latin_applies(lo, f))
		b->flags |= DOC_TEXT_LATIN;
	if (lo->squeeze) {
		b->flags |= DOC_TEXT_SQUEEZE;
		b->squeeze_adj = squeeze_adj(lo, f, size);
	}
	if (lo->repeat)
		b->flags |= DOC_TEXT_REPEAT;
	return b;
}

static double heading_size(const struct layout *lo, int level)
{
	return lo->heading_size[level <= 0 ? 0 : level == 1 ? 1 : 2];
}

/* GB/T 9704: 一、 黑体, （一） 楷体, 1. and （1） in the body face. */
int layout_heading_font(const struct layout *lo, int level)
{
	if (!lo->gb_headings || level <= 0)
		return DOC_FONT_HEADING;
	return level == 1 ? DOC_FONT_KAI : DOC_FONT_BODY;
}

int layout_title_font(const struct layout *lo)
{
	return lo->gb_headings ? DOC_FONT_TITLE : DOC_FONT_HEADING;
}

static int heading_bold(const struct layout *lo, int level)
{
	return level >= 0 && level < 32 && (lo->heading_bold >> level & 1u);
}

/* The width a heading line may take: a bold one's stroke reaches half
 * its width (1/60 em) past the glyphs' outlines at either end. */
static double heading_width(const struct layout *lo, int level, double size)
{
	return lo->right - lo->left - (heading_bold(lo, level) ? size / 30 : 0);
}

/* A heading's line height, and the space above and below it: on a
 * character grid (gongwen) a heading takes whole grid lines, as the body
 * does, so the lines after it stay on the grid. */
static double heading_line(const struct layout *lo, double size)
{
	return lo->grid ? lo->line_pitch : size * 1.4;
}

static double heading_above(const struct layout *lo, double size)
{
	return lo->grid ? 0 : size * 0.8;
}

static double heading_below(const struct layout *lo, double size)
{
	return lo->grid ? 0 : size * 0.4;
}

static double heading_height(const struct layout *lo, const struct layout_pending *p)
{
	struct linebreak_line *l;
	double size = heading_size(lo, p->level);
	size_t n = layout_break(lo, p->text, layout_heading_font(lo, p->level), size,
				heading_width(lo, p->level, size), 0, &l);

	free(l);
	return (double)(n ? n : 1) * heading_line(lo, size) + heading_above(lo, size) +
	       heading_below(lo, size);
}

void layout_heading(struct layout *lo, const char *text, int level, int toc)
{
	struct layout_pending *p;

	/* Headings only pile up without blocks in odd configs (empty
	 * sections); place the oldest rather than grow. */
	if (lo->npending == sizeof(lo->pending) / sizeof(lo->pending[0]))
		layout_flush_headings(lo);
	p = &lo->pending[lo->npending++];
	p->text = arena_strdup(lo->doc->arena, text);
	p->level = level;
	p->toc = toc;
}

static void place_heading(struct layout *lo, const struct layout_pending *p)
{
	struct linebreak_line *l;
	double size = heading_size(lo, p->level);
	double lh = heading_line(lo, size);
	int font = layout_heading_font(lo, p->level);
	size_t n, i;
	struct layout_entry *e;

	lo->y += heading_above(lo, size);
	if (p->toc) {
		doc_add_outline(lo->doc, p->text, p->level, lo->page, lo->y);
		xgrow((void **)&lo->entries, &lo->capentries, lo->nentries + 1,
		      sizeof(*lo->entries));
		e = &lo->entries[lo->nentries++];
		e->title = p->text;
		e->level = p->level;
		e->page = lo->page;
		e->y = lo->y;
	}
	n = layout_break(lo, p->text, font, size, heading_width(lo, p->level, size), 0, &l);
	for (i = 0; i < n; i++) {
		struct box *b = layout_text_at(lo, p->text + l[i].start, l[i].end - l[i].start,
					       font, size, lo->left, lo->y + (lh - size) / 2,
					       ROLE_HEADING);

		if (heading_bold(lo, p->level))
			b->flags |= DOC_TEXT_BOLD;
		lo->y += lh;
	}
	if (n == 0)
		lo->y += lh;
	lo->y += heading_below(lo, size);
	free(l);
}

void layout_begin_block(struct layout *lo, double h)
{
	double need = h;
	size_t i;

	for (i = 0; i < lo->npending; i++)
		need += heading_height(lo, &lo->pending[i]);
	if (lo->page < 0 || (lo->y + need > lo->bottom && lo->y > lo->top + 0.01))
		layout_new_page(lo);
	for (i = 0; i < lo->npending; i++)
		place_heading(lo, &lo->pending[i]);
	lo->npending = 0;
}

void layout_flush_headings(struct layout *lo)
{
	if (lo->npending)
		layout_begin_block(lo, 0);
}

/* Is the gap between a and b, in a box of role f, one that a justified
 * line may widen? Not inside a run of Latin letters and digits set in
 * the latin role: a number stays a number. */
static int stretchable(const struct layout *lo, enum doc_font f, unsigned a, unsigned b)
{
	const struct font *latin = lo->fonts[DOC_FONT_LATIN];

	return !(latin_applies(lo, f) && doc_latin_cp(a) && doc_latin_cp(b) &&
		 font_can_draw(latin, a) && font_can_draw(latin, b));
}

/* Spread a line that is not its paragraph's last over the full width w,
 * as Chinese text is set: the gap shared between the characters (but not
 * inside Latin runs, see stretchable). A gap too large to share unnoticed
 * (a long number moved to the next line) is shared only up to JUSTIFY_MAX
 * of the type size per gap; up to there pdftotext still reads the line
 * without spaces (measured). */
#define JUSTIFY_MAX 0.2
/* With Latin runs in their own face the gaps inside them take nothing,
 * so the others would take more: at most 0.08 em each, where pdftotext
 * (poppler 22.12) reads no space in any gongwen or bulletin line (0.12 em
 * already read "由 2015 年 的 每 年" in gongwen, 0.1 em "自 治 州 建 档" in
 * the bulletin's 小四 lines), and a reader sees no gaps. */
#define JUSTIFY_MAX_LATIN 0.08
static void justify(const struct layout *lo, struct box *b, double w, const char *s, size_t len)
{
	size_t n = 0, off = 0;
	unsigned prev = 0, cp;
	double cs, max;

	while (off < len) {
		int k = utf8_decode(s + off, len - off, &cp);

		if (k <= 0)
			k = 1, cp = 0xFFFD;
		if (off > 0 && stretchable(lo, b->font, prev, cp))
			n++;
		prev = cp;
		off += (size_t)k;
	}
	if (n < 1 || w <= b->w)
		return;
	cs = (w - b->w) / (double)n;
	max = (b->flags & DOC_TEXT_LATIN ? JUSTIFY_MAX_LATIN : JUSTIFY_MAX) * b->size;
	if (cs > max)
		cs = max;
	b->char_space += cs;
	b->stretch = cs;
	b->w += cs * (double)n;
}

/* Paragraphs of up to this many lines are never split across pages. */
#define PARA_WHOLE 4

static void paragraph(struct layout *lo, const char *text, double size, double indent,
		      double lh, double after)
{
	struct linebreak_line *l;
	size_t n, i;

	n = layout_break(lo, text, DOC_FONT_BODY, size, lo->right - lo->left, indent, &l);
	/* A short paragraph stays whole; a longer one keeps two lines
	 * together at its start (no orphan) and at its end (no widow). */
	layout_begin_block(lo, (double)(n <= PARA_WHOLE ? n : 2) * lh);
	lo->nblocks++;
	for (i = 0; i < n; i++) {
		double x = lo->left + (l[i].first ? indent : 0);

		if (lo->y + lh > lo->bottom + 0.01 ||
		    (i >= 2 && i + 2 == n && lo->y + 2 * lh > lo->bottom + 0.01))
			layout_new_page(lo);
		if (l[i].end > l[i].start) {
			struct box *b = layout_text_at(lo, text + l[i].start, l[i].end - l[i].start,
						       DOC_FONT_BODY, size, x, lo->y + (lh - size) / 2,
						       ROLE_BODY);

			b->block = lo->nblocks;
			if (i + 1 < n && !l[i + 1].first)
				justify(lo, b, lo->right - x, text + l[i].start,
					l[i].end - l[i].start);
		}
		lo->y += lh;
	}
	lo->y += after;
	free(l);
}

void layout_paragraph(struct layout *lo, const char *text)
{
	/* Two characters of indent, on the grid when there is one. */
	paragraph(lo, text, lo->body_size, 2 * (lo->body_size + lo->body_track), lo->line_pitch,
		  lo->para_space);
}

void layout_note(struct layout *lo, const char *text)
{
	paragraph(lo, text, LAYOUT_NOTE_SIZE, 0, LAYOUT_NOTE_SIZE * LAYOUT_LINE_HEIGHT,
		  LAYOUT_NOTE_SIZE * 0.4);
}

void layout_centered(struct layout *lo, const char *text, enum doc_font f, double size,
		     enum box_role role)
{
	struct linebreak_line *l;
	double cw = lo->right - lo->left, lh = size * 1.5;
	size_t n, i;

	n = layout_break(lo, text, f, size, cw, 0, &l);
	layout_begin_block(lo, (double)n * lh);
	for (i = 0; i < n; i++) {
		layout_text_at(lo, text + l[i].start, l[i].end - l[i].start, f, size,
			       lo->left + (cw - l[i].width) / 2, lo->y + (lh - size) / 2, role);
		lo->y += lh;
	}
	free(l);
}

/* Text centred in [x, x + w], shrunk to fit. */
static void centered_in(struct layout *lo, const char *s, enum doc_font f, double size, double x,
			double w, double y, enum box_role role)
{
	double tw = layout_text_width(lo, f, size, s, strlen(s));

	if (tw > w && tw > 0) {
		size = size * w / tw;
		tw = w;
	}
	layout_text_at(lo, s, strlen(s), f, size, x + (w - tw) / 2, y, role);
}

/* A KPI label: one line, else two even lines (a long indicator name such
 * as 建档立卡贫困户人均纯收入 shrunk onto one line is too small to read),
 * shrunk only when two lines are not enough. Returns the lines used. */
static size_t kpi_label(struct layout *lo, const char *s, double x, double w, double y,
			int place)
{
	double size = 9, lh = size * 1.3, tw = layout_text_width(lo, DOC_FONT_BODY, size, s,
								 strlen(s));
	struct linebreak_line *l;
	size_t n, i;

	if (tw <= w) {
		if (place)
			centered_in(lo, s, DOC_FONT_BODY, size, x, w, y, ROLE_KPI);
		return 1;
	}
	/* Two lines of about half the width each. */
	n = layout_break(lo, s, DOC_FONT_BODY, size, tw / 2 + size, 0, &l);
	if (n > 2) {
		free(l);
		if (place)
			centered_in(lo, s, DOC_FONT_BODY, size, x, w, y, ROLE_KPI);
		return 1;
	}
	for (i = 0; place && i < n; i++) {
		char *line = arena_strndup(lo->doc->arena, s + l[i].start, l[i].end - l[i].start);

		centered_in(lo, line, DOC_FONT_BODY, size, x, w, y + (double)i * lh, ROLE_KPI);
	}
	free(l);
	return n;
}

void layout_kpi(struct layout *lo, size_t n, const char *const *figures,
		const char *const *labels)
{
	double gap = 8, bh = 56, bw, x;
	size_t i, lines = 1, k;

	if (n == 0)
		return;
	bw = (lo->right - lo->left - gap * (double)(n - 1)) / (double)n;
	for (i = 0; i < n; i++) {
		k = kpi_label(lo, labels[i] ? labels[i] : "", 0, bw - 8, 0, 0);
		lines = k > lines ? k : lines;
	}
	if (lines > 1)
		bh += 9 * 1.3 * (double)(lines - 1) - 4;
	layout_begin_block(lo, bh + 14);
	lo->y += 4;
	for (i = 0; i < n; i++) {
		struct box *r = doc_add_box(lo->doc, lo->page, BOX_RECT);

		x = lo->left + (double)i * (bw + gap);
		r->role = ROLE_KPI;
		r->x = x;
		r->y = lo->y;
		r->w = bw;
		r->h = bh;
		r->fill = 0xF2F5FA;
		r->stroke = 0xC8D2E0;
		r->line_width = 0.5;
		centered_in(lo, figures[i] ? figures[i] : "", DOC_FONT_HEADING, 16, x + 4, bw - 8,
			    lo->y + (lines > 1 ? 8 : 10), ROLE_KPI);
		kpi_label(lo, labels[i] ? labels[i] : "", x + 4, bw - 8,
			  lo->y + (lines > 1 ? 31 : 34), 1);
	}
	lo->y += bh + 10;
}

void layout_frame(struct layout *lo, const char *title, double h)
{
	struct box *r;

	layout_begin_block(lo, h + 8);
	r = doc_add_box(lo->doc, lo->page, BOX_RECT);
	r->role = ROLE_CHART;
	r->x = lo->left;
	r->y = lo->y;
	r->w = lo->right - lo->left;
	r->h = h;
	r->stroke = 0xC8D2E0;
	r->line_width = 0.5;
	if (title)
		centered_in(lo, title, DOC_FONT_HEADING, 10.5, lo->left, r->w, lo->y + 8,
			    ROLE_CHART);
	lo->y += h + 8;
}

/* GB/T 9704: "— N —" in 4号, its top footer_gap below the type area, on
 * the outer side (odd pages right, even left) one character in. */
static void footer_gongwen(struct layout *lo, int p)
{
	const char *foot = arena_printf(lo->doc->arena, "— %d —", layout_page_number(lo, p));
	double sz = lo->footer_size;
	double w = layout_text_width(lo, DOC_FONT_BODY, sz, foot, strlen(foot));
	double x = layout_page_number(lo, p) % 2 ? lo->right - sz - w : lo->left + sz;

	layout_text_at(lo, foot, strlen(foot), DOC_FONT_BODY, sz, x, lo->bottom + lo->footer_gap,
		       ROLE_PAGE_FOOTER);
}

static void footer_page_of(struct layout *lo, int p, int total)
{
	const char *foot = arena_printf(lo->doc->arena, "第 %d 页 / 共 %d 页", p + 1, total);
	double cw = lo->right - lo->left, sz = lo->footer_size;
	double w = layout_text_width(lo, DOC_FONT_BODY, sz, foot, strlen(foot));
	struct box *b = layout_text_at(lo, foot, strlen(foot), DOC_FONT_BODY, sz,
				       lo->left + (cw - w) / 2, lo->bottom + lo->footer_gap,
				       ROLE_PAGE_FOOTER);

	b->color = 0x555555;
}

static void page_furniture(struct layout *lo, int p, int total)
{
	struct box *b;
	int saved = lo->page;
	size_t from = lo->doc->pages[p].n;

	lo->page = p;
	if (lo->header) {
		b = layout_text_at(lo, lo->header, strlen(lo->header), DOC_FONT_BODY, 9, lo->left,
				   lo->top - 36, ROLE_PAGE_HEADER);
		b->color = 0x555555;
		b = doc_add_box(lo->doc, p, BOX_LINE);
		b->role = ROLE_PAGE_HEADER;
		b->x = lo->left;
		b->y = lo->top - 22;
		b->w = lo->right - lo->left;
		b->stroke = 0x999999;
		b->line_width = 0.5;
	}
	if (lo->footer == REPORT_FOOTER_GONGWEN)
		footer_gongwen(lo, p);
	else if (lo->footer == REPORT_FOOTER_PAGE_OF)
		footer_page_of(lo, p, total);
	/* set as on a portrait page, turned with the sheet */
	if (layout_page_is_landscape(lo, p))
		layout_turn_boxes(lo, p, from);
	lo->page = saved;
}

void layout_finish(struct layout *lo)
{
	int p, total;

	layout_flush_headings(lo);
	if (lo->page < 0)
		layout_new_page(lo);
	total = (int)lo->doc->npages;
	for (p = lo->first_numbered; p < total; p++)
		page_furniture(lo, p, total);
}
