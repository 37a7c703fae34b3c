#ifndef PROGREP_FONT_H
#define PROGREP_FONT_H

#include <stddef.h>

#include "core/util/diag.h"

struct arena;

/*
 * Fonts: found through fontconfig by family name (or opened from a file
 * path), measured with HarfBuzz from the full font, and subset with
 * hb-subset to the code points a run uses before the PDF writer embeds them
 * (measured on libharu 2.3.0: the subset is ~10x smaller and faster than
 * embedding the whole font, and fonts whose glyph ids exceed 32767 draw
 * correctly).
 */
struct font;

/* The character drawn in place of one the font lacks (U+25A1 WHITE SQUARE). */
#define FONT_REPLACEMENT 0x25A1u

/* Open by fontconfig family name or by file path. The spec is a file path
 * when it contains '/' or ends in .ttf, .ttc or .otf (face 0 of a
 * collection); otherwise it is a family name. A family fontconfig does not
 * have is an error, unless fontconfig's substitute covers Chinese (an alias
 * such as "宋体"): then it is used with a warning. NULL with an error in d
 * when nothing suitable is found. */
struct font *font_open(const char *spec, struct diag *d);
void font_free(struct font *f); /* NULL is a no-op */
/* Does fontconfig have this family itself (not a substitute)? */
int font_family_installed(const char *family);
/* Release fontconfig's process-wide state (for leak checkers): call at
 * exit, after the last font_open. */
void font_cleanup(void);

/* Advance width of code point cp in em units / 1000 (so width in points
 * = advance * size / 1000). A code point the font lacks measures as
 * FONT_REPLACEMENT (what font_sanitize puts in its place). */
double font_advance(const struct font *f, unsigned cp);
/* Does the font have a glyph for cp? */
int font_has(const struct font *f, unsigned cp);
/* Would cp be drawn as itself? True when the font has it and it is in the
 * Basic Multilingual Plane (the PDF writer maps BMP code points to glyphs). */
int font_can_draw(const struct font *f, unsigned cp);
/* Ascender and descender (negative) in 1/1000 em. */
double font_ascent(const struct font *f);
double font_descent(const struct font *f);
/* The file and face index that was opened, and the family name (from
 * fontconfig, or the file's own name table for a path). */
const char *font_file(const struct font *f);
unsigned font_face_index(const struct font *f);
const char *font_family(const struct font *f);

/* Return utf8 with every character that cannot be drawn (not in the font,
 * above U+FFFF, or an invalid UTF-8 byte) replaced by FONT_REPLACEMENT, and
 * a warning naming each such character (U+XXXX) once per font and run.
 * Tab, line feed and carriage return pass through unchanged. Returns utf8
 * itself when nothing needs replacing, else a copy in arena a. */
const char *font_sanitize(const struct font *f, const char *utf8, struct arena *a,
			  struct diag *d);

/* A subset of a font for embedding, with what the PDF font dictionaries
 * need to know of it. Glyph ids are renumbered; the file keeps the (3,1)
 * Unicode cmap, name, OS/2, post, hhea/hmtx and glyf/loca. */
struct font_subset {
	unsigned char *data;  /* the TrueType file */
	size_t len;
	unsigned nglyphs;
	unsigned short *gid;  /* per BMP code point: its glyph, 0 if not in the subset */
	float *width;         /* per glyph: advance in 1/1000 em */
	char *psname;         /* PostScript name, as a PDF name */
	/* In 1/1000 em: */
	double ascent, descent, cap_height, italic_angle;
	double bbox[4];       /* xMin yMin xMax yMax */
};

/* Subset the font to the given code points (sorted or not, duplicates
 * allowed; a space is always added). Only they map to glyphs in s->gid.
 * 0, or -1 with an error in d. */
int font_subset(const struct font *f, const unsigned *cps, size_t n, struct font_subset *s,
		struct diag *d);
void font_subset_release(struct font_subset *s);

#endif
