#include "render/pdf/pdf_trim.h"

#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hb.h>

#include "core/util/xalloc.h"

struct pdf_trim {
	hb_face_t *face;
	/* face with the accelerators hb-subset would otherwise build on every
	 * call (hb_subset_preprocess), made on the first trim: in a batch's
	 * workers, once each, and never for a single doc, which needs none */
	hb_face_t *ready;
	hb_subset_input_t *in; /* for trims, reused: it costs as much to make as a trim */
};

struct pdf_trim *pdf_trim_new(const unsigned char *data, size_t len)
{
	hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len,
					 HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	struct pdf_trim *t = NULL;

	hb_blob_destroy(blob);
	if (hb_face_get_glyph_count(face) == 0) {
		hb_face_destroy(face);
		return NULL;
	}
	t = xmalloc(sizeof(*t));
	t->face = face;
	t->ready = NULL;
	t->in = NULL;
	return t;
}

void pdf_trim_free(struct pdf_trim *t)
{
	if (!t)
		return;
	hb_face_destroy(t->face);
	hb_face_destroy(t->ready);
	hb_subset_input_destroy(t->in);
	free(t);
}

/* An input that keeps glyph ids and leaves out the tables no PDF viewer
 * reads in an embedded CIDFontType2; its glyph set is filled per trim. */
static hb_subset_input_t *new_input(void)
{
	static const char *const drop[] = {"cmap", "name", "post"};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *tables;
	size_t i;

	if (!in)
		return NULL;
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS);
	tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		hb_set_add(tables, hb_tag_from_string(drop[i], 4));
	return in;
}

/* The glyphs to keep: those keep[] marks, or all. */
static void set_glyphs(hb_subset_input_t *in, const unsigned char *keep, unsigned nglyphs)
{
	hb_set_t *gs = hb_subset_input_glyph_set(in);
	unsigned g;

	hb_set_clear(gs);
	if (!keep && nglyphs)
		hb_set_add_range(gs, 0, nglyphs - 1);
	for (g = 0; keep && g < nglyphs; g++)
		if (keep[g])
			hb_set_add(gs, g);
}

/* The bytes of face as a malloc'd file. */
static unsigned char *face_bytes(hb_face_t *face, size_t *out_len)
{
	hb_blob_t *blob = hb_face_reference_blob(face);
	unsigned n;
	const char *p = hb_blob_get_data(blob, &n);
	unsigned char *out = NULL;

	if (n) {
		out = xmalloc(n);
		memcpy(out, p, n);
		*out_len = n;
	}
	hb_blob_destroy(blob);
	return out;
}

/* 1 when keeping n of nglyphs glyphs is not worth a file of its own. */
static int nearly_all(unsigned n, unsigned nglyphs)
{
	return 20ull * n >= 19ull * nglyphs;
}

unsigned char *pdf_trim_font(struct pdf_trim *t, const unsigned char *keep, unsigned nglyphs,
			     size_t *out_len)
{
	hb_subset_input_t *in;
	hb_subset_plan_t *plan;
	hb_face_t *sub = NULL;
	unsigned char *out = NULL;
	unsigned g, n = 0;

	for (g = 0; keep && g < nglyphs; g++)
		n += keep[g] != 0;
	/* Composite parts only add to n: no need to ask HarfBuzz (a single
	 * doc's own subset always ends here). */
	if (!t || (keep && nearly_all(n, nglyphs)))
		return NULL;
	if (keep && !t->ready)
		t->ready = hb_subset_preprocess(t->face);
	if (!t->in)
		t->in = new_input();
	if (!(in = t->in))
		return NULL;
	set_glyphs(in, keep, nglyphs);
	plan = hb_subset_plan_create_or_fail(keep ? t->ready : t->face, in);
	/* The plan has closed the set over composite glyphs: its size is what
	 * the doc needs. */
	if (plan && (!keep || !nearly_all(hb_map_get_population(
						  hb_subset_plan_old_to_new_glyph_mapping(plan)),
					  nglyphs)))
		sub = hb_subset_plan_execute_or_fail(plan);
	if (sub)
		out = face_bytes(sub, out_len);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	return out;
}
