#ifndef PROGREP_STRBUF_H
#define PROGREP_STRBUF_H

#include <stddef.h>
#include <string.h>

/* A growing NUL-terminated string; memory from xalloc (never fails). Start
 * with struct strbuf b = {0}; strbuf_release(&b) (or free(b.s)) when done.
 * While len == 0 and nothing was added, s may be NULL. */
struct strbuf {
	char *s;
	size_t len, cap;
};

/* Make room for at least extra more bytes (plus the NUL): after it, up to
 * extra bytes may be written at s + len without another check. */
void strbuf_grow(struct strbuf *b, size_t extra);

/* Append n bytes of s (which may hold NULs); s may be NULL when n == 0.
 * Inline because compute's CSV writer calls it for every field of millions
 * of rows; the rare growth goes through strbuf_grow. */
static inline void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		strbuf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append the string s (not NULL). */
static inline void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

/* Append one byte. */
static inline void strbuf_addch(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

/* Append printf-formatted text. */
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append the decimal v: without strbuf_addf's vsnprintf, which costs more
 * than the digits when a PDF writer adds tens of thousands of numbers. */
void strbuf_add_ulong(struct strbuf *b, unsigned long v);

/* Empty the string but keep its memory, for a buffer reused per row. */
static inline void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* Hand the string to the caller (free it; never NULL, "" when empty) and
 * leave b empty. */
char *strbuf_detach(struct strbuf *b, size_t *len);

/* Free the memory and leave b empty; b may be reused. */
void strbuf_release(struct strbuf *b);

#endif
