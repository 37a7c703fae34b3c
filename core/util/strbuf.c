#include "core/util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util/xalloc.h"

void strbuf_grow(struct strbuf *b, size_t extra)
{
	int fresh = b->s == NULL;

	xgrow((void **)&b->s, &b->cap, b->len + extra + 1, 1);
	if (fresh)
		b->s[0] = '\0';
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Try in the room there is; format again only if it did not fit. */
	strbuf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		strbuf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *strbuf_detach(struct strbuf *b, size_t *len)
{
	char *s;

	strbuf_grow(b, 0);
	s = b->s;
	if (len)
		*len = b->len;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void strbuf_release(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void strbuf_add_ulong(struct strbuf *b, unsigned long v)
{
	char t[24];
	int i = (int)sizeof(t);

	do {
		t[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(b, t + i, sizeof(t) - (size_t)i);
}
