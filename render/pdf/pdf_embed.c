#include "render/pdf/pdf_embed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/strbuf.h"
#include "core/util/xalloc.h"
#include "render/pdf/pdf_deflate.h"
#include "render/pdf/pdf_haru.h"
#include "render/pdf/pdf_trim.h"

/* A width in 1/1000 em as PDF writes it: to a tenth, no trailing zeros. */
static void sb_width(struct strbuf *b, double w)
{
	long t = lround(w * 10);
	char num[32];
	int k;

	if (t % 10 == 0)
		k = snprintf(num, sizeof(num), "%ld", t / 10);
	else
		k = snprintf(num, sizeof(num), "%.1f", (double)t / 10);
	strbuf_add(b, num, (size_t)k);
}

static long tenths(float w)
{
	return lround(w * 10.0);
}

/* The character each glyph stands for (the first code point mapping to
 * it); 0 for glyphs no code point reaches. */
static unsigned *glyph_chars(const struct font_subset *s)
{
	unsigned *inv = xcalloc(s->nglyphs ? s->nglyphs : 1, sizeof(*inv));
	unsigned cp;

	for (cp = 1; cp < 0x10000u; cp++) {
		unsigned g = s->gid[cp];

		if (g && g < s->nglyphs && !inv[g])
			inv[g] = cp;
	}
	return inv;
}

/* DW is the commonest width of the drawn glyphs (1000 for Chinese text);
 * W lists the others in runs of consecutive glyph ids. */
static char *widths_text(const struct font_subset *s, const unsigned *inv)
{
	struct strbuf b = {0};
	long dw = 1000, best = 0;
	unsigned g, h;
	int open = 0;

	for (g = 1; g < s->nglyphs; g++) {
		long n = 0;

		if (!inv[g])
			continue;
		for (h = 1; h < s->nglyphs; h++)
			n += inv[h] && tenths(s->width[h]) == tenths(s->width[g]);
		if (n > best) {
			best = n;
			dw = tenths(s->width[g]);
		}
		if (best * 2 > (long)s->nglyphs)
			break;
	}
	strbuf_adds(&b, "/DW ");
	sb_width(&b, dw / 10.0);
	strbuf_adds(&b, "\n/W [");
	for (g = 1; g < s->nglyphs; g++) {
		char num[16];

		if (!inv[g] || tenths(s->width[g]) == dw) {
			if (open)
				strbuf_adds(&b, "]");
			open = 0;
			continue;
		}
		if (!open) {
			snprintf(num, sizeof(num), " %u [", g);
			strbuf_adds(&b, num);
		} else {
			strbuf_adds(&b, " ");
		}
		open = 1;
		sb_width(&b, s->width[g]);
	}
	strbuf_adds(&b, open ? "]]\n" : "]\n");
	return b.s;
}

static const char cmap_head[] =
	"/CIDInit /ProcSet findresource begin\n"
	"12 dict begin\n"
	"begincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	"/CMapName /Adobe-Identity-UCS def\n"
	"/CMapType 2 def\n"
	"1 begincodespacerange\n"
	"<0000> <FFFF>\n"
	"endcodespacerange\n";

static const char cmap_tail[] =
	"endcmap\n"
	"CMapName currentdict /CMap defineresource pop\n"
	"end\n"
	"end\n";

/* Length of the run of glyphs from g whose characters follow each other,
 * within one last byte of both (a bfrange may not cross one). */
static unsigned run_len(const unsigned *inv, unsigned n, unsigned g)
{
	unsigned k = 1;

	while (g + k < n && inv[g + k] == inv[g] + k && ((g + k) & 0xFF) != 0 &&
	       ((inv[g] + k) & 0xFF) != 0)
		k++;
	return k;
}

/* The ToUnicode CMap: glyph id -> character, as bfrange lines, at most
 * 100 to a block as the CMap format asks. */
static char *tounicode_text(const struct font_subset *s, const unsigned *inv)
{
	struct strbuf b = {0}, lines = {0};
	unsigned g = 1, nlines = 0;

	strbuf_adds(&b, cmap_head);
	while (g < s->nglyphs) {
		unsigned k;
		char line[48];

		if (!inv[g]) {
			g++;
			continue;
		}
		k = run_len(inv, s->nglyphs, g);
		snprintf(line, sizeof(line), "<%04X> <%04X> <%04X>\n", g, g + k - 1, inv[g]);
		strbuf_adds(&lines, line);
		g += k;
		if (++nlines == 100 || g >= s->nglyphs) {
			snprintf(line, sizeof(line), "%u beginbfrange\n", nlines);
			strbuf_adds(&b, line);
			strbuf_add(&b, lines.s, lines.len);
			strbuf_adds(&b, "endbfrange\n");
			lines.len = 0;
			nlines = 0;
		}
	}
	if (nlines) {
		char line[32];

		snprintf(line, sizeof(line), "%u beginbfrange\n", nlines);
		strbuf_adds(&b, line);
		strbuf_add(&b, lines.s, lines.len);
		strbuf_adds(&b, "endbfrange\n");
	}
	strbuf_adds(&b, cmap_tail);
	free(lines.s);
	return b.s;
}

/* The font file and ToUnicode CMap are deflated once per run; level 7 is
 * the last before libdeflate gets several times slower for 2% less. */
#define PREPARED_LEVEL 7

static unsigned char *deflate_all(const void *data, size_t len, size_t *zlen)
{
	size_t room = pdf_deflate_bound(PREPARED_LEVEL, len);
	unsigned char *z = xmalloc(room);

	*zlen = pdf_deflate(data, len, PREPARED_LEVEL, z, room);
	if (*zlen == 0) {
		free(z);
		return NULL;
	}
	return z;
}

/* The subset tag: six capital letters from the subset's bytes (FNV-1a),
 * so the same subset gets the same name and PDFs stay reproducible. */
static char *base_font(const struct font_subset *s)
{
	unsigned long long h = 1469598103934665603ULL;
	size_t i, n = strlen(s->psname) + 8;
	char *name = xmalloc(n);

	for (i = 0; i < s->len; i++)
		h = (h ^ s->data[i]) * 1099511628211ULL;
	for (i = 0; i < 6; i++, h /= 26)
		name[i] = (char)('A' + h % 26);
	snprintf(name + 6, n - 6, "+%s", s->psname);
	return name;
}

int pdf_embed_make(struct pdf_embed *e, const struct font *f, const unsigned *cps, size_t n,
		   struct diag *d)
{
	struct src_pos nopos = {0};
	unsigned char *file;
	unsigned *inv;
	char *cmap;

	memset(e, 0, sizeof(*e));
	if (font_subset(f, cps, n, &e->sub, d) != 0)
		return -1;
	inv = glyph_chars(&e->sub);
	e->widths = widths_text(&e->sub, inv);
	cmap = tounicode_text(&e->sub, inv);
	free(inv);
	e->base_font = base_font(&e->sub);
	e->trim = pdf_trim_new(e->sub.data, e->sub.len);
	file = pdf_trim_font(e->trim, NULL, e->sub.nglyphs, &e->file_len);
	if (file) {
		/* trims start from the file to embed: cmap, name and post are out
		 * already, and planning without them costs a third less */
		pdf_trim_free(e->trim);
		e->trim = pdf_trim_new(file, e->file_len);
	}
	if (!file) { /* hb-subset failed: embed the subset whole */
		file = xmalloc(e->sub.len);
		memcpy(file, e->sub.data, e->sub.len);
		e->file_len = e->sub.len;
	}
	e->file_z = deflate_all(file, e->file_len, &e->file_zlen);
	free(file);
	e->cmap_z = deflate_all(cmap, strlen(cmap), &e->cmap_zlen);
	free(cmap);
	if (!e->file_z || !e->cmap_z) {
		pdf_embed_release(e);
		return diag_error(d, nopos, "cannot compress the subset of font '%s'",
				  font_family(f));
	}
	return 0;
}

void pdf_embed_release(struct pdf_embed *e)
{
	font_subset_release(&e->sub);
	pdf_trim_free(e->trim);
	free(e->base_font);
	free(e->widths);
	free(e->file_z);
	free(e->cmap_z);
	memset(e, 0, sizeof(*e));
}

/* The font descriptor, with the font file as its FontFile2. No /CIDSet
 * here: PDF/A-2 (6.2.11.4.2) makes it optional, PDF 2.0 deprecates it,
 * and one that is present must list exactly the glyphs of the embedded
 * file, which pdf.c's trim_fonts cuts down per doc after this is written;
 * for PDF/A-1, which requires it, trim_fonts adds it then
 * (pdf_embed_cidset_bits). */
static HPDF_Dict add_descriptor(HPDF_Doc pdf, const struct pdf_embed *e, HPDF_Dict *filep)
{
	const struct font_subset *s = &e->sub;
	HPDF_Dict desc = pdf_haru_dict_new(pdf), file;
	HPDF_STATUS st = HPDF_OK;
	long bbox[4];
	int i;

	if (!desc)
		return NULL;
	for (i = 0; i < 4; i++)
		bbox[i] = lround(s->bbox[i]);
	st |= pdf_haru_add_name(desc, "Type", "FontDescriptor");
	st |= pdf_haru_add_name(desc, "FontName", e->base_font);
	st |= pdf_haru_add_int(desc, "Flags", 4); /* symbolic: not Latin text */
	st |= pdf_haru_add_ints(desc, "FontBBox", bbox, 4);
	st |= pdf_haru_add_int(desc, "ItalicAngle", lround(s->italic_angle));
	st |= pdf_haru_add_int(desc, "Ascent", lround(s->ascent));
	st |= pdf_haru_add_int(desc, "Descent", lround(s->descent));
	st |= pdf_haru_add_int(desc, "CapHeight", lround(s->cap_height));
	st |= pdf_haru_add_int(desc, "StemV", 80);
	file = pdf_haru_stream_new(pdf, e->file_z, e->file_zlen);
	if (st != HPDF_OK || !file || pdf_haru_add_dict(desc, "FontFile2", file) != HPDF_OK ||
	    pdf_haru_add_int(file, "Length1", (long)e->file_len) != HPDF_OK)
		return NULL;
	*filep = file;
	return desc;
}

/* The CIDFont, with the widths written as one prepared string. */
static HPDF_Dict add_cidfont(HPDF_Doc pdf, const struct pdf_embed *e, HPDF_Dict *file,
			     HPDF_Dict *descp)
{
	HPDF_Dict cid = pdf_haru_dict_new(pdf), info, desc;
	HPDF_STATUS st = HPDF_OK;

	if (!cid)
		return NULL;
	st |= pdf_haru_set_raw(cid, e->widths);
	st |= pdf_haru_add_name(cid, "Type", "Font");
	st |= pdf_haru_add_name(cid, "Subtype", "CIDFontType2");
	st |= pdf_haru_add_name(cid, "BaseFont", e->base_font);
	info = pdf_haru_add_new_dict(cid, "CIDSystemInfo");
	if (st != HPDF_OK || !info)
		return NULL;
	st |= pdf_haru_add_string(info, "Registry", "Adobe");
	st |= pdf_haru_add_string(info, "Ordering", "Identity");
	st |= pdf_haru_add_int(info, "Supplement", 0);
	desc = add_descriptor(pdf, e, file);
	if (st != HPDF_OK || !desc || pdf_haru_add_dict(cid, "FontDescriptor", desc) != HPDF_OK ||
	    pdf_haru_add_name(cid, "CIDToGIDMap", "Identity") != HPDF_OK)
		return NULL;
	*descp = desc;
	return cid;
}

HPDF_Dict pdf_embed_add(HPDF_Doc pdf, const struct pdf_embed *e, HPDF_Dict *file,
			HPDF_Dict *desc)
{
	HPDF_Dict font = pdf_haru_dict_new(pdf), cid, tou;
	HPDF_STATUS st = HPDF_OK;

	if (!font)
		return NULL;
	st |= pdf_haru_add_name(font, "Type", "Font");
	st |= pdf_haru_add_name(font, "Subtype", "Type0");
	st |= pdf_haru_add_name(font, "BaseFont", e->base_font);
	st |= pdf_haru_add_name(font, "Encoding", "Identity-H");
	cid = add_cidfont(pdf, e, file, desc);
	if (st != HPDF_OK || !cid || pdf_haru_add_dict_array(font, "DescendantFonts", cid) != HPDF_OK)
		return NULL;
	tou = pdf_haru_stream_new(pdf, e->cmap_z, e->cmap_zlen);
	if (!tou || pdf_haru_add_dict(font, "ToUnicode", tou) != HPDF_OK)
		return NULL;
	return font;
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The table tag of ttf, *n its length; NULL if absent or out of bounds. */
static const unsigned char *sfnt_table(const unsigned char *ttf, size_t len, const char *tag,
				       size_t *n)
{
	unsigned i, ntables;

	if (len < 12)
		return NULL;
	ntables = be16(ttf + 4);
	for (i = 0; i < ntables && 12 + 16 * (size_t)(i + 1) <= len; i++) {
		const unsigned char *r = ttf + 12 + 16 * (size_t)i;
		unsigned long off = be32(r + 8), l = be32(r + 12);

		if (memcmp(r, tag, 4) != 0)
			continue;
		if (off > len || l > len - off)
			return NULL;
		*n = l;
		return ttf + off;
	}
	return NULL;
}

unsigned char *pdf_embed_cidset_bits(const unsigned char *ttf, size_t len,
				     const unsigned char *used, unsigned nglyphs, size_t *n)
{
	const unsigned char *head, *loca;
	size_t hlen, llen;
	unsigned char *bits;
	unsigned g;
	int longloca;

	head = sfnt_table(ttf, len, "head", &hlen);
	loca = sfnt_table(ttf, len, "loca", &llen);
	if (!head || hlen < 54 || !loca || nglyphs == 0)
		return NULL;
	longloca = be16(head + 50) != 0;
	if (llen < (size_t)(nglyphs + 1) * (longloca ? 4 : 2))
		return NULL;
	*n = (nglyphs + 7) / 8;
	bits = xcalloc(*n, 1);
	for (g = 0; g < nglyphs; g++) {
		unsigned long a = longloca ? be32(loca + 4 * g) : 2ul * be16(loca + 2 * g);
		unsigned long b = longloca ? be32(loca + 4 * (g + 1)) : 2ul * be16(loca + 2 * (g + 1));

		if (g == 0 || b > a || (used && used[g]))
			bits[g / 8] |= (unsigned char)(0x80 >> (g % 8));
	}
	return bits;
}
