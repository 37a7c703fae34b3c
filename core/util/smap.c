#include "core/util/smap.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

/* FNV-1a: short keys (codes, names), no adversarial concern beyond the
 * input size limits. */
uint32_t smap_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

void smap_init(struct smap *m, size_t hint)
{
	size_t cap = 16;

	while (cap < hint * 2)
		cap *= 2;
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	m->n = 0;
}

void smap_release(struct smap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static struct smap_slot *find(const struct smap *m, const char *key, size_t len, uint32_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	for (;;) {
		struct smap_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

int smap_get(const struct smap *m, const char *key, size_t len)
{
	struct smap_slot *s;

	if (!m->cap)
		return -1;
	s = find(m, key, len, smap_hash(key, len));
	return s->key ? s->value : -1;
}

static void grow(struct smap *m)
{
	struct smap_slot *old = m->slots;
	size_t i, oldcap = m->cap;

	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

int smap_put(struct smap *m, const char *key, size_t len, int value)
{
	uint32_t h = smap_hash(key, len);
	struct smap_slot *s;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, len, h);
	if (s->key)
		return s->value;
	s->key = key;
	s->len = (uint32_t)len;
	s->hash = h;
	s->value = value;
	m->n++;
	return -1;
}
