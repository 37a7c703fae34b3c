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

#endif
