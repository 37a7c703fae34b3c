#ifndef PROGREP_PDF_TRIM_H
#define PROGREP_PDF_TRIM_H

#include <stddef.h>

/*
 * The TrueType file a PDF embeds, made from a prepared subset with
 * HarfBuzz's hb-subset in its retain-glyph-ids mode
 * (HB_SUBSET_FLAGS_RETAIN_GIDS): glyph ids, which are the PDF's character
 * codes (CIDToGIDMap /Identity), stay as they are.
 *
 * A batch subsets each font once, for the union of all its reports' text
 * (render/pdf/pdf.h); each report then embeds that subset with only the
 * glyphs it draws (a county report ~110 of a batch's ~140): the others
 * keep their id and metrics and draw nothing. The tables a CIDFontType2
 * does not read (cmap, name, post: ISO 32000-1, 9.9; the ToUnicode CMap
 * maps glyphs back to text) are left out in both cases.
 */

/* A prepared subset to be trimmed, for a batch once per report. */
struct pdf_trim;

/* For the subset data (len bytes), which is copied. NULL when HarfBuzz
 * cannot read it; pdf_trim_font(NULL, ...) then gives NULL. */
struct pdf_trim *pdf_trim_new(const unsigned char *data, size_t len);
void pdf_trim_free(struct pdf_trim *t); /* NULL is a no-op */

/* The file to embed for a subset of nglyphs glyphs. keep NULL: every
 * glyph. Otherwise the glyphs keep[] marks (nglyphs entries), plus
 * .notdef and the parts of composite ones ("i" is a dot and a stem); NULL
 * when that is 95% or more of the glyphs, as the whole subset then costs
 * no more than making a file for each report. NULL as well when hb-subset
 * fails. The caller then embeds the subset as it is, which draws the same.
 * The file is malloc'd, *out_len set; the caller frees it. */
unsigned char *pdf_trim_font(struct pdf_trim *t, const unsigned char *keep, unsigned nglyphs,
			     size_t *out_len);

#endif
