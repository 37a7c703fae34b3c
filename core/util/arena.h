#ifndef PROGREP_ARENA_H
#define PROGREP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/*
 * One arena per run owns the immutable model: config nodes, formula ASTs,
 * names, diagnostics text. Nothing allocated from it is freed on its own;
 * arena_free() releases everything at once, so error paths just return.
 * Allocations are aligned for any type (max_align_t). Large requests get a
 * block of their own, so the arena also holds big flat arrays without waste.
 */
struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a); /* NULL is a no-op */

void *arena_alloc(struct arena *a, size_t n);  /* uninitialised */
void *arena_zalloc(struct arena *a, size_t n); /* zeroed */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for benchmarks and limits). */
size_t arena_used(const struct arena *a);

#endif
