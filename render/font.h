#ifndef PROGREP_FONT_H
#define PROGREP_FONT_H

#include <stddef.h>

#include "core/diag.h"

/*
 * Fonts: found through fontconfig by family name (or opened from a file
 * path), measured with HarfBuzz from the full font, and subset with
 * hb-subset to the code points a run uses before libharu embeds them
 * (ARCHITECTURE.md, "Layout and PDF": the subset is ~10x smaller and
 * faster, and draws fonts whose glyph ids exceed 32767 correctly).
 */
struct font;

/* Open by fontconfig family name or by file path. NULL with an error in d
 * when nothing suitable is found. */
struct font *font_open(const char *spec, struct diag *d);
void font_free(struct font *f); /* NULL is a no-op */

/* Advance width of code point cp in em units / 1000 (so width in points
 * = advance * size / 1000). */
double font_advance(const struct font *f, unsigned cp);
/* Does the font have a glyph for cp? */
int font_has(const struct font *f, unsigned cp);
/* Ascender and descender (negative) in 1/1000 em. */
double font_ascent(const struct font *f);
double font_descent(const struct font *f);
/* The file and face index that was opened. */
const char *font_file(const struct font *f);
unsigned font_face_index(const struct font *f);

/* Subset the font to the given code points (sorted or not, duplicates
 * allowed) and write it as a TrueType file to path. 0 or -1 (error in d). */
int font_subset_to_file(const struct font *f, const unsigned *cps, size_t n, const char *path,
			struct diag *d);

#endif
