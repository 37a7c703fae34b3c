#include "core/util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/exitcode.h"

static long fail_after = -1;

void xalloc_fail_after(long n) { fail_after = n; }

static void oom(size_t n)
{
	fprintf(stderr, "progrep: out of memory (%zu bytes)\n", n);
	exit(EXIT_RUNTIME);
}

static int should_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void *xmalloc(size_t n)
{
	void *p = should_fail() ? NULL : malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = should_fail() ? NULL : realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void xgrow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	size_t c = *cap;
	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need)
		c *= 2;
	*items = xrealloc(*items, c * elem_size);
	*cap = c;
}
