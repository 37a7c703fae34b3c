#ifndef PROGREP_STRBUF_H
#define PROGREP_STRBUF_H

#include <stddef.h>

/* A growing NUL-terminated string; memory from xalloc (never fails). Start
 * with struct strbuf b = {0}; free(b.s) when done. */
struct strbuf {
	char *s;
	size_t len, cap;
};

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);

#endif
