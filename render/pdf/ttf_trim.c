#include "render/pdf/ttf_trim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

/*
 * The TrueType file a PDF embeds, made from a subset: without the tables a
 * CIDFontType2 does not use (needed() below), and in a batch without the
 * outlines a report does not draw. A batch subsets each font once, for the
 * union of all its reports' text (render/pdf/pdf.h), and each report then
 * embeds that subset with the glyphs it does not draw emptied: glyph ids
 * and everything keyed by them stay as they are, only glyf and loca
 * change. Like libharu's own embedding did it, a county report carries
 * ~110 of the batch's ~140 glyphs.
 */

#define MAX_TABLES 64

struct table {
	uint32_t tag, off, len;
	const unsigned char *data; /* the new data when replaced */
	size_t newlen;
};

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void wr16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4)
		sum += rd32(p + i);
	if (i < n) {
		unsigned char last[4] = {0, 0, 0, 0};

		memcpy(last, p + i, n - i);
		sum += rd32(last);
	}
	return sum;
}

static struct table *find(struct table *t, unsigned n, const char *tag)
{
	uint32_t want = rd32((const unsigned char *)tag);
	unsigned i;

	for (i = 0; i < n; i++)
		if (t[i].tag == want)
			return &t[i];
	return NULL;
}

/* Glyph g's bytes in glyf, from loca; 0 when out of bounds. */
static int glyph_span(const struct table *glyf, const struct table *loca, const unsigned char *d,
		      int long_loca, unsigned g, uint32_t *from, uint32_t *to)
{
	if (long_loca) {
		*from = rd32(d + loca->off + 4 * g);
		*to = rd32(d + loca->off + 4 * g + 4);
	} else {
		*from = 2 * rd16(d + loca->off + 2 * g);
		*to = 2 * rd16(d + loca->off + 2 * g + 2);
	}
	return *from <= *to && *to <= glyf->len;
}

/* Mark the components of composite glyph s (n bytes). 1 if one was new. */
static int mark_components(const unsigned char *s, uint32_t n, unsigned char *keep,
			   unsigned nglyphs)
{
	uint32_t p = 10;
	unsigned flags;
	int added = 0;

	do {
		unsigned g;

		if (p + 4 > n)
			return added;
		flags = rd16(s + p);
		g = rd16(s + p + 2);
		if (g < nglyphs && !keep[g]) {
			keep[g] = 1;
			added = 1;
		}
		p += 4 + (flags & 0x0001 ? 4 : 2);
		p += flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0;
	} while (flags & 0x0020);
	return added;
}

static void close_composites(const struct table *glyf, const struct table *loca,
			     const unsigned char *d, int long_loca, unsigned char *keep,
			     unsigned nglyphs)
{
	int changed = 1, rounds = 0;
	unsigned g;

	while (changed && rounds++ < 16) {
		changed = 0;
		for (g = 0; g < nglyphs; g++) {
			uint32_t from, to;
			const unsigned char *s;

			if (!keep[g] || !glyph_span(glyf, loca, d, long_loca, g, &from, &to) ||
			    to - from < 10)
				continue;
			s = d + glyf->off + from;
			if ((int16_t)rd16(s) < 0)
				changed |= mark_components(s, to - from, keep, nglyphs);
		}
	}
}

/* New glyf and loca (same format) with only the kept glyphs' data. */
static int rebuild(const unsigned char *d, struct table *glyf, struct table *loca, int long_loca,
		   const unsigned char *keep, unsigned nglyphs, unsigned char **g_out,
		   unsigned char **l_out)
{
	/* each kept glyph may gain up to 3 bytes of padding */
	unsigned char *ng = xmalloc(glyf->len + 4 * (size_t)nglyphs + 4), *nl = xmalloc(loca->len);
	uint32_t at = 0;
	unsigned g;

	for (g = 0; g <= nglyphs; g++) {
		uint32_t from = 0, to = 0;

		if (long_loca)
			wr32(nl + 4 * g, at);
		else
			wr16(nl + 2 * g, at / 2);
		if (g == nglyphs || !keep[g])
			continue;
		if (!glyph_span(glyf, loca, d, long_loca, g, &from, &to)) {
			free(ng);
			free(nl);
			return -1;
		}
		memcpy(ng + at, d + glyf->off + from, to - from);
		at += to - from;
		while (at % (long_loca ? 4u : 2u))
			ng[at++] = 0;
	}
	glyf->data = ng;
	glyf->newlen = at;
	loca->data = nl;
	loca->newlen = loca->len;
	*g_out = ng;
	*l_out = nl;
	return 0;
}

/* The tables a CIDFontType2 program needs (ISO 32000-1, 9.9): the cmap is
 * required only for simple fonts, and name and post are not read; the
 * PDF's ToUnicode CMap maps glyphs back to text. OS/2 is kept for
 * viewers that read its metrics. */
static int needed(uint32_t tag)
{
	static const char *const keep[] = {"head", "hhea", "hmtx", "loca", "glyf",
					   "maxp", "cvt ", "fpgm", "prep", "OS/2"};
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (tag == rd32((const unsigned char *)keep[i]))
			return 1;
	return 0;
}

static unsigned char *assemble(const unsigned char *d, struct table *t, unsigned n,
			       size_t *out_len)
{
	size_t total, at, i, k = 0, nk = 0;
	unsigned char *out;
	unsigned es = 0;
	size_t head_at = 0, head_len = 0;

	for (i = 0; i < n; i++)
		nk += needed(t[i].tag);
	total = 12 + 16 * nk;
	for (i = 0; i < n; i++)
		if (needed(t[i].tag))
			total += ((t[i].data ? t[i].newlen : t[i].len) + 3) & ~(size_t)3;
	out = xcalloc(total, 1);
	memcpy(out, d, 4); /* sfnt version */
	while ((2u << es) <= nk)
		es++;
	wr16(out + 4, (unsigned)nk);
	wr16(out + 6, 16u << es);
	wr16(out + 8, es);
	wr16(out + 10, (unsigned)(16 * nk - (16u << es)));
	at = 12 + 16 * nk;
	for (i = 0; i < n; i++) {
		const unsigned char *src = t[i].data ? t[i].data : d + t[i].off;
		size_t len = t[i].data ? t[i].newlen : t[i].len;
		unsigned char *e = out + 12 + 16 * k;

		if (!needed(t[i].tag))
			continue;
		memcpy(out + at, src, len);
		if (t[i].tag == rd32((const unsigned char *)"head") && len >= 12) {
			wr32(out + at + 8, 0); /* checkSumAdjustment, set below */
			head_at = at;
			head_len = len;
		}
		wr32(e, t[i].tag);
		wr32(e + 4, checksum(out + at, len));
		wr32(e + 8, (uint32_t)at);
		wr32(e + 12, (uint32_t)len);
		at += (len + 3) & ~(size_t)3;
		k++;
	}
	if (head_len >= 12)
		wr32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, total));
	*out_len = total;
	return out;
}

/* The table directory of d into t (n tables), glyf, loca and the loca
 * format; 0, or -1 when d is not a TrueType file with glyphs this reads. */
struct sfnt {
	struct table t[MAX_TABLES];
	unsigned n;
	struct table *glyf, *loca;
	int long_loca;
};

static int read_sfnt(const unsigned char *d, size_t len, unsigned nglyphs, struct sfnt *f)
{
	struct table *head;
	unsigned i;

	if (len < 12 || (f->n = rd16(d + 4)) == 0 || f->n > MAX_TABLES ||
	    12 + 16 * (size_t)f->n > len)
		return -1;
	for (i = 0; i < f->n; i++) {
		const unsigned char *e = d + 12 + 16 * i;

		f->t[i].tag = rd32(e);
		f->t[i].off = rd32(e + 8);
		f->t[i].len = rd32(e + 12);
		f->t[i].data = NULL;
		if (f->t[i].off > len || f->t[i].len > len - f->t[i].off)
			return -1;
	}
	f->glyf = find(f->t, f->n, "glyf");
	f->loca = find(f->t, f->n, "loca");
	head = find(f->t, f->n, "head");
	if (!f->glyf || !f->loca || !head || head->len < 54)
		return -1;
	f->long_loca = rd16(d + head->off + 50) == 1;
	return f->loca->len < (nglyphs + 1) * (f->long_loca ? 4u : 2u) ? -1 : 0;
}

void ttf_close_glyphs(const unsigned char *d, size_t len, unsigned char *keep, unsigned nglyphs)
{
	struct sfnt f;

	keep[0] = 1; /* .notdef */
	if (read_sfnt(d, len, nglyphs, &f) == 0)
		close_composites(f.glyf, f.loca, d, f.long_loca, keep, nglyphs);
}

unsigned char *ttf_keep_glyphs(const unsigned char *d, size_t len, unsigned char *keep,
			       unsigned nglyphs, size_t *out_len)
{
	struct sfnt f;
	unsigned char *ng = NULL, *nl = NULL, *out;

	if (read_sfnt(d, len, nglyphs, &f) != 0)
		return NULL;
	if (keep) {
		keep[0] = 1; /* .notdef */
		close_composites(f.glyf, f.loca, d, f.long_loca, keep, nglyphs);
		if (rebuild(d, f.glyf, f.loca, f.long_loca, keep, nglyphs, &ng, &nl) != 0)
			return NULL;
	}
	out = assemble(d, f.t, f.n, out_len);
	free(ng);
	free(nl);
	return out;
}
