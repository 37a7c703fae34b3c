#ifndef PROGREP_UTF8_H
#define PROGREP_UTF8_H

#include <stddef.h>

/* Decode one UTF-8 sequence at s (at most n bytes). Returns its length and
 * sets *cp, or -1 for an invalid, overlong or truncated sequence or a
 * surrogate. */
int utf8_decode(const char *s, size_t n, unsigned *cp);

/* Encode cp into buf (4 bytes at least); returns the length. */
int utf8_encode(unsigned cp, char *buf);

/* Byte offset of the first invalid sequence in s, or (size_t)-1 if all of it
 * is valid UTF-8. */
size_t utf8_invalid(const char *s, size_t n);

/* Number of code points in the first n bytes (invalid bytes count as one). */
size_t utf8_count(const char *s, size_t n);

/* Whether cp is a letter for names (indicator ids, names in formulas,
 * placeholders): ASCII letters and a table of the letter ranges of Latin
 * (with Latin-1, Extended-A/B and Vietnamese), Greek, Cyrillic, Armenian,
 * Hebrew, Arabic (with the Uyghur letters), Tibetan, Mongolian, Hangul,
 * kana, bopomofo and the CJK ideographs (unified, extensions A-G,
 * compatibility) with 々 〆 〇. Not libicu's full Unicode: marks, symbols
 * and full-width forms (U+FF01..U+FF5E, refused with a hint to write the
 * ASCII character) are not letters. */
int utf8_is_letter(unsigned cp);

/* A letter, an ASCII digit or '_'. */
int utf8_is_name_char(unsigned cp);

/* Whether s (NUL-terminated) is a name: a letter or '_', then letters,
 * ASCII digits and '_'. */
int utf8_is_name(const char *s);

#endif
