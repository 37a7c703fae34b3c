#ifndef PROGREP_LAYOUT_TABLE_INT_H
#define PROGREP_LAYOUT_TABLE_INT_H

#include <stddef.h>

#include "render/layout/layout.h"

/* Between render/layout/layout_table.c and layout_table_words.c (which
 * works on texts, never on a struct layout_table: the two files never
 * call each other, tests/golden/layers.sh). */

/* Header text s without its U+200B, into *out (xmalloc'd), and where its
 * lines may start into *ok (xcalloc'd, strlen(s) + 1): bit 1 between words
 * (layout.h, head_words: a U+200B, before （, after ）, / or 、, a space,
 * after a year's 年; and when lex and s has no U+200B but before a unit's （, between the words
 * of the built-in lexicon of table words and of extra[0..nextra), longest
 * match), bit 4
 * (lex only) between two Han characters no word covers, bit 2 also
 * between characters but not inside （…） ("（万人）" is one unit), a
 * number, before closing punctuation or after an opening bracket. A place
 * with bit 2 but neither 1 nor 4 is inside a word. */
void table_head_words(const char *s, int lex, const char *const *extra, size_t nextra,
		      char **out, unsigned char **ok);
/* Does s hold a U+200B (a break place a config title asked for)? */
int table_has_break(const char *s);

/* Break s at lo's table size into lines of at most avail points (*l
 * xmalloc'd), greedily, each line ending at the best place that fits:
 * where ok has bit 1, else (mask has 4) bit 1 or 4, else (mask has 2) any
 * bit, else after any code point (at least one per line). */
size_t table_words_break(const struct layout *lo, const char *s, const unsigned char *ok,
			 unsigned mask, enum doc_font f, double avail, struct linebreak_line **l);

/* A figure's split for decimal alignment: the bytes of s left of the
 * alignment point (sign and integer digits); the rest (point, decimals, a
 * unit) goes right of it. 0 when s is no figure. */
size_t table_fig_head(const char *s);

#endif
