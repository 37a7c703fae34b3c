#ifndef PROGREP_XALLOC_H
#define PROGREP_XALLOC_H

#include <stddef.h>

/*
 * Allocation wrappers: on out-of-memory they print "progrep: out of memory
 * (N bytes)" to stderr and exit with EXIT_RUNTIME (3), so call sites never
 * check for NULL. This is the one place core/ may end the process: there is
 * nothing sensible to report into once memory is gone.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *items (each elem_size bytes) so that it holds at least need; *cap
 * doubles. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem_size);

/* For tests (issue: allocation-failure hook): after n more successful
 * allocations the next one fails as if memory were gone. n < 0 disables. */
void xalloc_fail_after(long n);

#endif
