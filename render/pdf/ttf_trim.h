#ifndef PROGREP_TTF_TRIM_H
#define PROGREP_TTF_TRIM_H

#include <stddef.h>

/*
 * Copy the TrueType file d (len bytes, a font of nglyphs glyphs) for
 * embedding in a PDF as a CIDFontType2 (glyph ids as codes): without cmap,
 * name, post and the layout tables, and, unless keep is NULL, with the
 * outlines of every glyph whose keep[] entry is 0 removed: glyph ids and
 * the metrics stay, the glyph draws nothing. keep[0] (.notdef) and the
 * components of kept composite glyphs are set in keep as well. Returns the
 * new file (xmalloc'd, *out_len set), or NULL when d is not a TrueType file
 * this understands (the caller then embeds d as it is).
 */
/* Set in keep[] .notdef and the components of every composite glyph keep
 * has, as ttf_keep_glyphs would: how many glyphs a doc needs. */
void ttf_close_glyphs(const unsigned char *d, size_t len, unsigned char *keep, unsigned nglyphs);

unsigned char *ttf_keep_glyphs(const unsigned char *d, size_t len, unsigned char *keep,
			       unsigned nglyphs, size_t *out_len);

#endif
