#ifndef PROGREP_SMAP_H
#define PROGREP_SMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * String -> int map, open addressing with linear probing. Keys are borrowed
 * (pointer + length, need not be NUL-terminated) and must outlive the map:
 * in practice they live in the run's arena. Values are ints >= 0.
 */
struct smap_slot {
	const char *key;
	uint32_t len;
	uint32_t hash;
	int value;
};

struct smap {
	struct smap_slot *slots;
	size_t cap; /* power of two */
	size_t n;
};

void smap_init(struct smap *m, size_t hint);
void smap_release(struct smap *m);

uint32_t smap_hash(const char *key, size_t len);

/* The value for key, or -1. */
int smap_get(const struct smap *m, const char *key, size_t len);

/* Insert key -> value unless the key is present. Returns the existing
 * value if it was present (nothing changed), else -1. */
int smap_put(struct smap *m, const char *key, size_t len, int value);

#endif
