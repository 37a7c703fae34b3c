#include "render/pdf/pdf.h"

#include <stdint.h>
#include <string.h>

#include <hpdf.h>
#include <libdeflate.h>
#include <nettle/sha2.h>

#include "render/pdf/pdf_embed.h"

/*
 * Digests of what pdf_write reads, for incremental batch runs
 * (cmd/batch_incr.c): pdf_write's bytes are a function of the doc, the
 * prepared fonts and the code, so two runs whose digests agree write the
 * same file. Every field pdf_write can see goes in, whether or not it
 * changes the output today: a field that does not matter costs nothing,
 * one that is missed would keep a stale PDF.
 */

/* A new field in these structs must be hashed below: the sizes (on LP64,
 * where CI builds) make the compiler say so. */
_Static_assert(sizeof(void *) != 8 || sizeof(struct box) == 184,
	       "struct box changed: hash its new fields in box_hash()");
_Static_assert(sizeof(void *) != 8 || sizeof(struct doc) == 176,
	       "struct doc changed: hash its new fields in pdf_doc_digest()");
_Static_assert(sizeof(void *) != 8 || sizeof(struct doc_page) == 40,
	       "struct doc_page changed: hash its new fields in pdf_doc_digest()");
_Static_assert(sizeof(void *) != 8 || sizeof(struct doc_outline) == 24,
	       "struct doc_outline changed: hash its new fields in pdf_doc_digest()");

/* The hash fed through a buffer: a doc is thousands of 8-byte fields, and
 * nettle's per-call overhead made one sha256_update each cost more than
 * the hashing. */
struct hbuf {
	struct sha256_ctx ctx;
	size_t n;
	unsigned char buf[4096];
};

static void hbuf_init(struct hbuf *c)
{
	sha256_init(&c->ctx);
	c->n = 0;
}

static void put(struct hbuf *c, const void *p, size_t n)
{
	if (c->n + n > sizeof(c->buf)) {
		sha256_update(&c->ctx, c->n, c->buf);
		c->n = 0;
	}
	if (n > sizeof(c->buf)) {
		sha256_update(&c->ctx, n, p);
		return;
	}
	memcpy(c->buf + c->n, p, n);
	c->n += n;
}

static void hbuf_digest(struct hbuf *c, unsigned char out[PDF_DIGEST_LEN])
{
	sha256_update(&c->ctx, c->n, c->buf);
	sha256_digest(&c->ctx, PDF_DIGEST_LEN, out);
}

static void put_u64(struct hbuf *c, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(c, b, 8);
}

static void put_int(struct hbuf *c, long long v)
{
	put_u64(c, (uint64_t)v);
}

/* The bits of the double: -0.0 and 0.0 differ, which only errs toward
 * writing again. */
static void put_dbl(struct hbuf *c, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	put_u64(c, u);
}

/* A string with its length, so "ab","c" and "a","bc" differ; NULL is not
 * "". */
static void put_str(struct hbuf *c, const char *s)
{
	put_int(c, s ? (long long)strlen(s) : -1);
	if (s)
		put(c, s, strlen(s));
}

static void put_bytes(struct hbuf *c, const void *p, size_t n)
{
	put_int(c, p ? (long long)n : -1);
	if (p)
		put(c, p, n);
}

static void box_hash(struct hbuf *c, const struct box *b)
{
	size_t i;

	put_int(c, b->kind);
	put_int(c, b->role);
	put_dbl(c, b->x), put_dbl(c, b->y), put_dbl(c, b->w), put_dbl(c, b->h);
	put_str(c, b->text);
	put_int(c, b->font);
	put_int(c, b->flags);
	put_dbl(c, b->size);
	put_int(c, b->color), put_int(c, b->fill), put_int(c, b->stroke);
	put_dbl(c, b->line_width);
	put_int(c, b->dest_page);
	put_dbl(c, b->dest_y);
	put_int(c, b->row), put_int(c, b->col);
	put_dbl(c, b->angle);
	put_dbl(c, b->dash);
	put_int(c, b->pts ? (long long)b->npts : -1);
	for (i = 0; b->pts && i < 2 * b->npts; i++)
		put_dbl(c, b->pts[i]);
	put_dbl(c, b->char_space);
	put_str(c, b->alt);
	put_dbl(c, b->squeeze_adj);
	put_dbl(c, b->stretch);
	put_int(c, b->block);
}

void pdf_doc_digest(const struct doc *doc, unsigned char out[PDF_DIGEST_LEN])
{
	struct hbuf c;
	size_t p, b, i;

	hbuf_init(&c);
	put_dbl(&c, doc->width), put_dbl(&c, doc->height);
	put_int(&c, (long long)doc->npages);
	for (p = 0; p < doc->npages; p++) {
		put_int(&c, (long long)doc->pages[p].n);
		put_dbl(&c, doc->pages[p].width), put_dbl(&c, doc->pages[p].height);
		for (b = 0; b < doc->pages[p].n; b++)
			box_hash(&c, &doc->pages[p].boxes[b]);
	}
	put_int(&c, (long long)doc->noutlines);
	for (i = 0; i < doc->noutlines; i++) {
		put_str(&c, doc->outlines[i].title);
		put_int(&c, doc->outlines[i].level);
		put_int(&c, doc->outlines[i].page);
		put_dbl(&c, doc->outlines[i].y);
	}
	put_str(&c, doc->title), put_str(&c, doc->author), put_str(&c, doc->subject);
	put_str(&c, doc->keywords), put_str(&c, doc->creator), put_str(&c, doc->date);
	for (i = 0; i < DOC_NFONTS; i++)
		put_str(&c, doc->font_spec[i]);
	put_int(&c, (long long)doc->nattach);
	for (i = 0; i < doc->nattach; i++) {
		const struct doc_attachment *a = &doc->attach[i];

		put_str(&c, a->name), put_str(&c, a->mime), put_str(&c, a->desc);
		put_int(&c, a->derived);
		put_int(&c, (long long)a->len);
		/* the deflated bytes, when given, are what the PDF holds (and
		 * a tenth of a data file to hash for every report of a batch) */
		put_int(&c, a->z != NULL);
		if (a->z)
			put(&c, a->z, a->zlen);
		else
			put(&c, a->bytes, a->len);
	}
	hbuf_digest(&c, out);
}

/* One prepared font: the subset (its file, glyph map, widths, names,
 * metrics) and the objects made from it once for every PDF. */
static void embed_hash(struct hbuf *c, const struct pdf_embed *e)
{
	const struct font_subset *s = &e->sub;
	int i;

	put_bytes(c, s->data, s->len);
	put_int(c, s->nglyphs);
	put_bytes(c, s->gid, s->gid ? 0x10000 * sizeof(*s->gid) : 0);
	put_bytes(c, s->width, s->width ? s->nglyphs * sizeof(*s->width) : 0);
	put_str(c, s->psname);
	put_dbl(c, s->ascent), put_dbl(c, s->descent);
	put_dbl(c, s->cap_height), put_dbl(c, s->italic_angle);
	for (i = 0; i < 4; i++)
		put_dbl(c, s->bbox[i]);
	put_str(c, e->base_font);
	put_str(c, e->widths);
	put_bytes(c, e->file_z, e->file_zlen);
	put_int(c, (long long)e->file_len);
	put_bytes(c, e->cmap_z, e->cmap_zlen);
}

void pdf_fonts_digest(const struct pdf_fonts *pf, unsigned char out[PDF_DIGEST_LEN])
{
	struct hbuf c;
	int i, j;

	hbuf_init(&c);
	/* The libraries that make the bytes: a new libharu or libdeflate may
	 * write the same doc differently. */
	put_str(&c, HPDF_GetVersion());
	put_str(&c, LIBDEFLATE_VERSION_STRING);
	/* What the document declares (pdf_write_set_options): set before the
	 * digests are taken, as a batch does. */
	put_str(&c, pdf_write_options()->lang ? pdf_write_options()->lang : "zh-CN");
	put_int(&c, (int)pdf_write_options()->standard);
	put_int(&c, pdf_write_options()->tagged);
	put_int(&c, pdf_write_options()->plain_xref);
	put_int(&c, pf->prepared);
	for (i = 0; i < DOC_NFONTS; i++) {
		/* Which roles share one embedded font changes the objects. */
		for (j = 0; j < i && pf->embed[j] != pf->embed[i]; j++)
			;
		put_int(&c, j);
		if (j == i && pf->embed[i])
			embed_hash(&c, pf->embed[i]);
	}
	hbuf_digest(&c, out);
}
