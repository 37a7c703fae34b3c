#include "core/util/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (alignof(max_align_t))

struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

struct arena *arena_new(void) { return xcalloc(1, sizeof(struct arena)); }

void arena_free(struct arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);

	if (need == 0)
		need = ARENA_ALIGN;
	a->total += need;
	/* A large request gets its own block, linked behind the current one
	 * so the current block keeps serving small requests. */
	if (need > ARENA_BLOCK / 4) {
		struct block *big = block_new(need);
		big->used = need;
		if (b) {
			big->next = b->next;
			b->next = big;
		} else {
			a->head = big;
		}
		return big->data;
	}
	if (!b || b->size - b->used < need) {
		b = block_new(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return b->data + b->used - need;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a) { return a->total; }
