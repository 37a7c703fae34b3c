#include "render/pdf/pdf_deflate.h"

#include <stdlib.h>

#include <libdeflate.h>

/* One compressor per level, made on first use and kept: making one sets up
 * tables of a few hundred KB, and a batch deflates some 500 streams. */
#define MAX_LEVEL 12

static struct libdeflate_compressor *comp[MAX_LEVEL + 1];

static void free_all(void)
{
	int i;

	for (i = 0; i <= MAX_LEVEL; i++) {
		libdeflate_free_compressor(comp[i]);
		comp[i] = NULL;
	}
}

static struct libdeflate_compressor *compressor(int level)
{
	static int registered;

	if (level < 1)
		level = 1;
	if (level > MAX_LEVEL)
		level = MAX_LEVEL;
	if (!comp[level]) {
		if (!registered && atexit(free_all) == 0)
			registered = 1;
		comp[level] = libdeflate_alloc_compressor(level);
	}
	return comp[level];
}

size_t pdf_deflate_bound(int level, size_t len)
{
	struct libdeflate_compressor *c = compressor(level);

	/* without a compressor (out of memory) pdf_deflate fails anyway */
	return c ? libdeflate_zlib_compress_bound(c, len) : len + 64;
}

size_t pdf_deflate(const void *data, size_t len, int level, unsigned char *out, size_t room)
{
	struct libdeflate_compressor *c = compressor(level);

	return c ? libdeflate_zlib_compress(c, data, len, out, room) : 0;
}
