#ifndef PROGREP_PDF_EMBED_H
#define PROGREP_PDF_EMBED_H

#include <stddef.h>

#include <hpdf.h>

#include "core/util/diag.h"
#include "render/layout/font.h"

/*
 * A font as every PDF of a run embeds it, made once per run and then
 * written into each PDF as bytes: a Type0 font with Identity-H encoding
 * whose codes are the subset's glyph ids (CIDToGIDMap /Identity), its
 * widths, a ToUnicode CMap from glyph id back to the character, and the
 * subset TrueType file, deflated once.
 *
 * Why not libharu's own TrueType path (HPDF_LoadTTFontFromFile with the
 * UTF-8 encoder): per PDF it re-parses the font, looks up all 65,536 BMP
 * code points in the font's cmap one segment at a time, writes a
 * 65,536-entry CIDToGIDMap and deflates the font again. In a batch of
 * county reports that was about half of all the work (measured with
 * callgrind: 63M of 135M instructions per report), and its ToUnicode CMap
 * was invalid besides. Only render/pdf/ sees this (it includes hpdf.h).
 */
struct pdf_trim;

struct pdf_embed {
	struct font_subset sub; /* the glyph of each code point, metrics */
	char *base_font;        /* "ABCDEF+PostScriptName": tag from the subset's bytes */
	char *widths;           /* "/DW w\n/W [...]\n", written into the CIDFont */
	unsigned char *file_z;  /* the TrueType file to embed (pdf_trim.h), deflated */
	size_t file_zlen, file_len;
	unsigned char *cmap_z;  /* the ToUnicode CMap, deflated */
	size_t cmap_zlen;
	struct pdf_trim *trim;  /* sub made ready for trimming per doc (pdf_trim.h) */
};

/* Subset f to the code points cps and prepare everything a PDF needs of
 * it. 0, or -1 with an error in d. */
int pdf_embed_make(struct pdf_embed *e, const struct font *f, const unsigned *cps, size_t n,
		   struct diag *d);
void pdf_embed_release(struct pdf_embed *e);

/* Add the font's objects to pdf (render/pdf/pdf_haru.h) and return its
 * Type0 font dictionary (for a page's font resources), or NULL on a
 * libharu error (reported through pdf's error handler). *file is set to
 * the FontFile2 stream, which holds the whole subset until
 * pdf_haru_stream_use gives it other bytes, *desc to the font descriptor.
 * e must outlive pdf's saving. */
HPDF_Dict pdf_embed_add(HPDF_Doc pdf, const struct pdf_embed *e, HPDF_Dict *file,
			HPDF_Dict *desc);

/* PDF/A-1 (6.3.5) wants a subset CID font's descriptor to list the CIDs
 * of the embedded program in a /CIDSet: one bit per CID (= glyph id,
 * CIDToGIDMap /Identity), the high bit of the first byte CID 0. Set
 * there: .notdef, every glyph with an outline in the TrueType file ttf
 * (len bytes; its loca table), and every glyph the doc draws (used[],
 * nglyphs entries, may be NULL: a space has no outline but is drawn).
 * The bits are malloc'd, *n bytes: ceil(nglyphs / 8); NULL when ttf is
 * not a TrueType file with glyf outlines for nglyphs glyphs. */
unsigned char *pdf_embed_cidset_bits(const unsigned char *ttf, size_t len,
				     const unsigned char *used, unsigned nglyphs, size_t *n);

/* The glyph of code point cp, 0 if the subset lacks it. */
static inline unsigned pdf_embed_glyph(const struct pdf_embed *e, unsigned cp)
{
	return cp < 0x10000u ? e->sub.gid[cp] : 0;
}

#endif
