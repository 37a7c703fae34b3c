#include "render/layout/font.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "core/util/arena.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

#define BMP_SIZE 0x10000u
/* Invalid UTF-8 bytes are remembered as warned under this base + byte. */
#define WARN_BAD_BYTE 0x110000u

/* Code points already warned about: a font is passed const to layout and
 * the PDF writer, but "warn once" needs memory, so it lives behind a pointer. */
struct font_warned {
	unsigned *cps;
	size_t n, cap;
};

struct font {
	char *file;
	unsigned index;
	char *family;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *hb;
	double scale;         /* 1000 / units per em */
	double ascent, descent;
	float *adv;           /* BMP advances, < 0 until measured */
	unsigned char *has;   /* BMP: 0 not looked up yet, 1 has a glyph, 2 lacks one */
	struct font_warned *warned;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	size_t i;

	if (n < m)
		return 0;
	for (i = 0; i < m; i++) {
		char c = s[n - m + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return 0;
	}
	return 1;
}

static int is_path(const char *spec)
{
	return strchr(spec, '/') || ends_with(spec, ".ttf") || ends_with(spec, ".ttc") ||
	       ends_with(spec, ".otf");
}

/* Compare family names as fontconfig does: ASCII case and blanks ignored. */
static int family_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

/* Does any family name of the matched pattern equal the request? */
static int family_matches(FcPattern *match, const char *spec, const char **first)
{
	FcChar8 *fam;
	int i;

	*first = NULL;
	for (i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
		if (!*first)
			*first = (const char *)fam;
		if (family_eq((const char *)fam, spec))
			return 1;
	}
	return 0;
}

static int covers_chinese(FcPattern *match)
{
	FcCharSet *cs;

	return FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch &&
	       FcCharSetHasChar(cs, 0x4E2D); /* 中 */
}

/* Ask fontconfig for a family: file, face index and family name, or -1. */
static int lookup_family(const char *spec, char **file, unsigned *index, char **family,
			 struct diag *d)
{
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *path;
	const char *first;
	int idx = 0, ret = -1;
	struct src_pos nopos = {0};

	pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)spec);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (!match || FcPatternGetString(match, FC_FILE, 0, &path) != FcResultMatch) {
		diag_error(d, nopos, "font '%s' not found", spec);
		goto out;
	}
	if (!family_matches(match, spec, &first)) {
		if (!covers_chinese(match)) {
			diag_error(d, nopos, "font '%s' not found", spec);
			goto out;
		}
		diag_warning(d, nopos, "font '%s' not found, using '%s' instead", spec,
			     first ? first : (const char *)path);
	}
	FcPatternGetInteger(match, FC_INDEX, 0, &idx);
	*file = xstrdup((const char *)path);
	/* The high 16 bits select a named instance of a variable font. */
	*index = (unsigned)idx & 0xFFFFu;
	*family = xstrdup(family_matches(match, spec, &first) ? spec : first ? first : spec);
	ret = 0;
out:
	if (match)
		FcPatternDestroy(match);
	return ret;
}

static char *face_family(hb_face_t *face, const char *fallback)
{
	char buf[256];
	unsigned len = sizeof(buf);

	if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &len, buf) >
	    0)
		return xstrdup(buf);
	return xstrdup(fallback);
}

/* Load the face with HarfBuzz and read the metrics layout needs. */
static int load_face(struct font *f, const char *spec, struct diag *d)
{
	struct src_pos nopos = {0};
	hb_font_extents_t ext;
	unsigned upem, i;

	errno = 0;
	f->blob = hb_blob_create_from_file_or_fail(f->file);
	if (!f->blob)
		return diag_error(d, nopos, "cannot open font '%s': %s", f->file,
				  errno ? strerror(errno) : "cannot read file");
	if (f->index >= hb_face_count(f->blob))
		return diag_error(d, nopos, "font '%s' is not a TrueType or OpenType file",
				  f->file);
	f->face = hb_face_create(f->blob, f->index);
	upem = hb_face_get_upem(f->face);
	if (hb_face_get_glyph_count(f->face) == 0 || upem == 0)
		return diag_error(d, nopos, "font '%s' has no glyphs", f->file);
	f->hb = hb_font_create(f->face);
	hb_font_set_scale(f->hb, (int)upem, (int)upem);
	f->scale = 1000.0 / upem;
	if (hb_font_get_h_extents(f->hb, &ext)) {
		f->ascent = ext.ascender * f->scale;
		f->descent = ext.descender * f->scale;
	} else {
		f->ascent = 880;
		f->descent = -120;
	}
	if (!f->family)
		f->family = face_family(f->face, spec);
	f->adv = xmalloc(BMP_SIZE * sizeof(*f->adv));
	f->has = xcalloc(BMP_SIZE, 1);
	for (i = 0; i < BMP_SIZE; i++)
		f->adv[i] = -1.0f;
	return 0;
}

int font_family_installed(const char *family)
{
	FcPattern *pat, *match;
	FcResult res;
	const char *first;
	int ok;

	pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	ok = match && family_matches(match, family, &first);
	if (match)
		FcPatternDestroy(match);
	return ok;
}

struct font *font_open(const char *spec, struct diag *d)
{
	struct font *f = xcalloc(1, sizeof(*f));

	f->warned = xcalloc(1, sizeof(*f->warned));
	if (is_path(spec)) {
		f->file = xstrdup(spec);
	} else if (lookup_family(spec, &f->file, &f->index, &f->family, d) != 0) {
		font_free(f);
		return NULL;
	}
	if (load_face(f, spec, d) != 0) {
		font_free(f);
		return NULL;
	}
	return f;
}

void font_free(struct font *f)
{
	if (!f)
		return;
	hb_font_destroy(f->hb);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->adv);
	free(f->has);
	if (f->warned)
		free(f->warned->cps);
	free(f->warned);
	free(f->file);
	free(f->family);
	free(f);
}

void font_cleanup(void)
{
	FcFini();
}

static hb_codepoint_t glyph_of(const struct font *f, unsigned cp)
{
	hb_codepoint_t gid = 0;

	if (!hb_font_get_nominal_glyph(f->hb, cp, &gid))
		return 0;
	return gid;
}

/* Every text box asks this of each of its characters, layout and the PDF
 * writer both: remember HarfBuzz's answer for the BMP. */
int font_has(const struct font *f, unsigned cp)
{
	if (cp >= BMP_SIZE)
		return glyph_of(f, cp) != 0;
	if (!f->has[cp])
		f->has[cp] = glyph_of(f, cp) != 0 ? 1 : 2;
	return f->has[cp] == 1;
}

int font_can_draw(const struct font *f, unsigned cp)
{
	return cp < BMP_SIZE && font_has(f, cp);
}

static double measure(const struct font *f, unsigned cp)
{
	hb_codepoint_t gid = glyph_of(f, cp);

	if (gid == 0 && cp != FONT_REPLACEMENT)
		return measure(f, FONT_REPLACEMENT);
	return hb_font_get_glyph_h_advance(f->hb, gid) * f->scale;
}

double font_advance(const struct font *f, unsigned cp)
{
	if (cp >= BMP_SIZE)
		return measure(f, FONT_REPLACEMENT);
	if (f->adv[cp] < 0)
		f->adv[cp] = (float)measure(f, cp);
	return f->adv[cp];
}

double font_ascent(const struct font *f)
{
	return f->ascent;
}

double font_descent(const struct font *f)
{
	return f->descent;
}

const char *font_file(const struct font *f)
{
	return f->file;
}

unsigned font_face_index(const struct font *f)
{
	return f->index;
}

const char *font_family(const struct font *f)
{
	return f->family;
}

/* Record cp as warned; 1 if it was new. The list stays sorted. */
static int warn_once(const struct font *f, unsigned cp)
{
	struct font_warned *w = f->warned;
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->cps[mid] == cp)
			return 0;
		if (w->cps[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	xgrow((void **)&w->cps, &w->cap, w->n + 1, sizeof(*w->cps));
	memmove(&w->cps[lo + 1], &w->cps[lo], (w->n - lo) * sizeof(*w->cps));
	w->cps[lo] = cp;
	w->n++;
	return 1;
}

static void warn_missing(const struct font *f, unsigned cp, const char *s, int len,
			 struct diag *d)
{
	struct src_pos nopos = {0};

	if (!warn_once(f, cp))
		return;
	if (cp >= WARN_BAD_BYTE)
		diag_warning(d, nopos, "invalid UTF-8 byte 0x%02X in text (shown as \u25A1)",
			     cp - WARN_BAD_BYTE);
	else if (cp >= BMP_SIZE)
		diag_warning(d, nopos,
			     "character U+%04X '%.*s' is outside the Basic Multilingual Plane "
			     "(shown as \u25A1)",
			     cp, len, s);
	else
		diag_warning(d, nopos, "character U+%04X '%.*s' is not in font '%s' (shown as \u25A1)",
			     cp, len, s, f->family);
}

static int passes(unsigned cp)
{
	return cp == '\t' || cp == '\n' || cp == '\r';
}

/* Length of utf8 after replacing what cannot be drawn, or (size_t)-1 when
 * nothing needs replacing. Warns as it goes. */
static size_t sanitized_len(const struct font *f, const char *s, size_t n, struct diag *d)
{
	size_t i = 0, out = 0;
	int changed = 0;

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);

		if (len < 0) {
			warn_missing(f, WARN_BAD_BYTE + (unsigned char)s[i], s + i, 1, d);
			len = 1;
		} else if (passes(cp) || font_can_draw(f, cp)) {
			out += (size_t)len;
			i += (size_t)len;
			continue;
		} else {
			warn_missing(f, cp, s + i, len, d);
		}
		out += 3; /* U+25A1 in UTF-8 */
		i += (size_t)len;
		changed = 1;
	}
	return changed ? out : (size_t)-1;
}

const char *font_sanitize(const struct font *f, const char *utf8, struct arena *a,
			  struct diag *d)
{
	size_t n = strlen(utf8), i = 0, o = 0;
	size_t out = sanitized_len(f, utf8, n, d);
	char *r;

	if (out == (size_t)-1)
		return utf8;
	r = arena_alloc(a, out + 1);
	while (i < n) {
		unsigned cp;
		int len = utf8_decode(utf8 + i, n - i, &cp);

		if (len > 0 && (passes(cp) || font_can_draw(f, cp))) {
			memcpy(r + o, utf8 + i, (size_t)len);
			o += (size_t)len;
		} else {
			o += (size_t)utf8_encode(FONT_REPLACEMENT, r + o);
		}
		i += len > 0 ? (size_t)len : 1;
	}
	r[o] = '\0';
	return r;
}

/* Layout tables are dropped: the PDF draws glyphs by id, shaped by nothing
 * but our line breaking, and keeping GSUB would pull vertical and ligature
 * forms into the subset through glyph closure. */
static void drop_layout_tables(hb_subset_input_t *in)
{
	static const char *const tags[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF",
					   "morx", "kerx", "vhea", "vmtx", "VORG"};
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		hb_set_add(drop, hb_tag_from_string(tags[i], 4));
}

static int be16(const char *p)
{
	return (int)(short)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* The PostScript name as a PDF name: printable ASCII without delimiters. */
static char *ps_name(hb_face_t *face)
{
	char buf[128];
	unsigned len = sizeof(buf);
	size_t i, o = 0;

	if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
				buf) == 0)
		buf[0] = '\0';
	for (i = 0; buf[i] && o < 56; i++)
		if (isalnum((unsigned char)buf[i]) || buf[i] == '-' || buf[i] == '_')
			buf[o++] = buf[i];
	buf[o] = '\0';
	return xstrdup(o ? buf : "Font");
}

/* Font-wide figures of the font descriptor, in 1/1000 em: the bounding box
 * from 'head', the italic angle from 'post', the cap height from OS/2. */
static void descriptor_metrics(const struct font *f, struct font_subset *s)
{
	hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
	hb_blob_t *post = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
	unsigned len;
	const char *p = hb_blob_get_data(head, &len);
	hb_position_t cap;
	int i;

	s->ascent = f->ascent;
	s->descent = f->descent;
	s->cap_height = f->ascent;
	if (hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0)
		s->cap_height = cap * f->scale;
	for (i = 0; i < 4; i++)
		s->bbox[i] = len >= 44 ? be16(p + 36 + 2 * i) * f->scale : (i < 2 ? -100 : 1000);
	p = hb_blob_get_data(post, &len);
	s->italic_angle = 0;
	if (len >= 8) /* Fixed 16.16 */
		s->italic_angle = be16(p + 4) + (((unsigned)(unsigned char)p[6] << 8) |
						 (unsigned char)p[7]) / 65536.0;
	hb_blob_destroy(head);
	hb_blob_destroy(post);
}

/* Glyph of each requested code point and advance of each glyph, read from
 * the subset itself (its glyph ids are renumbered). */
static void subset_tables(const struct font *f, hb_face_t *sub, const unsigned *cps, size_t n,
			  struct font_subset *s)
{
	hb_font_t *hb = hb_font_create(sub);
	unsigned upem = hb_face_get_upem(sub), g;
	size_t i;

	hb_font_set_scale(hb, (int)upem, (int)upem);
	s->nglyphs = hb_face_get_glyph_count(sub);
	s->gid = xcalloc(BMP_SIZE, sizeof(*s->gid));
	s->width = xmalloc((s->nglyphs ? s->nglyphs : 1) * sizeof(*s->width));
	for (g = 0; g < s->nglyphs; g++)
		s->width[g] = (float)(hb_font_get_glyph_h_advance(hb, g) * f->scale);
	for (i = 0; i <= n; i++) {
		unsigned cp = i < n ? cps[i] : ' ';
		hb_codepoint_t gid = 0;

		if (cp < BMP_SIZE && hb_font_get_nominal_glyph(hb, cp, &gid) && gid < 0x10000u)
			s->gid[cp] = (unsigned short)gid;
	}
	hb_font_destroy(hb);
}

static int has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	int has = hb_blob_get_length(b) > 0;

	hb_blob_destroy(b);
	return has;
}

int font_subset(const struct font *f, const unsigned *cps, size_t n, struct font_subset *s,
		struct diag *d)
{
	struct src_pos nopos = {0};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *sub;
	hb_blob_t *blob;
	hb_set_t *uni;
	const char *data;
	unsigned len;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!in)
		return diag_error(d, nopos, "cannot subset font '%s': out of memory", f->file);
	uni = hb_subset_input_unicode_set(in);
	for (i = 0; i < n; i++)
		hb_set_add(uni, cps[i]);
	/* A space keeps an otherwise empty subset a valid font. */
	hb_set_add(uni, ' ');
	drop_layout_tables(in);
	sub = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (!sub)
		return diag_error(d, nopos, "cannot subset font '%s'", f->file);
	if (!has_table(sub, HB_TAG('g', 'l', 'y', 'f'))) {
		hb_face_destroy(sub);
		return diag_error(d, nopos,
				  "cannot embed font '%s': it has PostScript (CFF) outlines, and "
				  "progrep embeds TrueType outlines only; name a TrueType font in "
				  "report.fonts (e.g. AR PL UMing CN)",
				  f->family);
	}
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (len == 0 || hb_face_get_glyph_count(sub) > 0xFFFFu) {
		hb_blob_destroy(blob);
		hb_face_destroy(sub);
		return diag_error(d, nopos, "cannot subset font '%s'", f->file);
	}
	s->data = xmalloc(len);
	memcpy(s->data, data, len);
	s->len = len;
	subset_tables(f, sub, cps, n, s);
	s->psname = ps_name(f->face);
	descriptor_metrics(f, s);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return 0;
}

void font_subset_release(struct font_subset *s)
{
	free(s->data);
	free(s->gid);
	free(s->width);
	free(s->psname);
	memset(s, 0, sizeof(*s));
}
