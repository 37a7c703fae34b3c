#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "core/util/diag.h"
#include "render/layout/font.h"
#include "render/pdf/pdf_trim.h"

/* A subset of AR PL UMing with 'i' and 'j' (composite glyphs: a dot and a
 * stem), 'x' and 吐, read back with HarfBuzz to see what each glyph draws. */
struct fixture {
	struct font *f;
	struct font_subset s;
	struct pdf_trim *t;
};

static int setup(void **state)
{
	static const unsigned cps[] = {'i', 'j', 'x', 0x5410};
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct diag d;

	diag_init(&d);
	fx->f = font_open("AR PL UMing CN", &d);
	if (!fx->f || font_subset(fx->f, cps, 4, &fx->s, &d) != 0)
		return -1;
	fx->t = pdf_trim_new(fx->s.data, fx->s.len);
	diag_release(&d);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	pdf_trim_free(fx->t);
	font_subset_release(&fx->s);
	font_free(fx->f);
	free(fx);
	font_cleanup(); /* fontconfig's caches, for the leak checker */
	return 0;
}

static void count_move(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y,
		       void *user)
{
	(void)df, (void)st, (void)x, (void)y, (void)user;
	++*(int *)data;
}

/* How many contours glyph g of the TrueType file draws (0: nothing). The
 * bounding box in a composite glyph's header would not tell: it stays
 * when the parts are gone. */
static int glyph_contours(const unsigned char *data, size_t len, unsigned g)
{
	hb_blob_t *b = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY,
				      NULL, NULL);
	hb_face_t *face = hb_face_create(b, 0);
	hb_font_t *font = hb_font_create(face);
	hb_draw_funcs_t *df = hb_draw_funcs_create();
	int n = 0;

	hb_draw_funcs_set_move_to_func(df, count_move, NULL, NULL);
	hb_font_get_glyph_shape(font, g, df, &n);
	hb_draw_funcs_destroy(df);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(b);
	return n;
}

/* Keeping 'i' keeps its parts: it draws its dot and stem as in the subset,
 * while 'x' and 吐, not kept, draw nothing; glyph ids stay. */
static void test_pdf_trim_font_keeps_the_parts_of_composites(void **state)
{
	struct fixture *fx = *state;
	const struct font_subset *s = &fx->s;
	unsigned char *keep = calloc(s->nglyphs + 1, 1), *out;
	unsigned gi = s->gid['i'], gj = s->gid['j'], gx = s->gid['x'], gt = s->gid[0x5410];
	size_t len;

	assert_true(gi && gj && gx && gt);
	assert_true(glyph_contours(s->data, s->len, gi) >= 2); /* dot and stem */
	keep[gi] = keep[gj] = 1;
	out = pdf_trim_font(fx->t, keep, s->nglyphs, &len);
	assert_non_null(out);
	assert_true(len < s->len);
	assert_int_equal(glyph_contours(out, len, gi), glyph_contours(s->data, s->len, gi));
	assert_int_equal(glyph_contours(out, len, gj), glyph_contours(s->data, s->len, gj));
	assert_int_equal(glyph_contours(out, len, gx), 0);
	assert_int_equal(glyph_contours(out, len, gt), 0);
	free(out);
	free(keep);
}

/* A doc that draws (nearly) every glyph embeds the prepared file as it is:
 * NULL, and nothing to free. */
static void test_pdf_trim_font_leaves_a_nearly_whole_subset_alone(void **state)
{
	struct fixture *fx = *state;
	const struct font_subset *s = &fx->s;
	unsigned char *keep = malloc(s->nglyphs + 1);
	size_t len = 0;

	memset(keep, 1, s->nglyphs + 1);
	assert_null(pdf_trim_font(fx->t, keep, s->nglyphs, &len));
	free(keep);
}

static unsigned table_len(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	unsigned n = hb_blob_get_length(b);

	hb_blob_destroy(b);
	return n;
}

/* The embedded file has no cmap, name or post (a CID font reads glyph ids)
 * and every glyph of the subset still draws. */
static void test_pdf_trim_font_drops_unread_tables(void **state)
{
	struct fixture *fx = *state;
	const struct font_subset *s = &fx->s;
	size_t len;
	unsigned char *out = pdf_trim_font(fx->t, NULL, s->nglyphs, &len);
	unsigned g;
	hb_blob_t *b;
	hb_face_t *face;

	assert_non_null(out);
	b = hb_blob_create((const char *)out, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	face = hb_face_create(b, 0);
	assert_int_equal(table_len(face, HB_TAG('c', 'm', 'a', 'p')), 0);
	assert_int_equal(table_len(face, HB_TAG('n', 'a', 'm', 'e')), 0);
	assert_true(table_len(face, HB_TAG('g', 'l', 'y', 'f')) > 0);
	assert_int_equal(table_len(face, HB_TAG('p', 'o', 's', 't')), 0);
	assert_int_equal(hb_face_get_glyph_count(face), s->nglyphs);
	for (g = 0; g < s->nglyphs; g++)
		assert_int_equal(glyph_contours(out, len, g), glyph_contours(s->data, s->len, g));
	hb_face_destroy(face);
	hb_blob_destroy(b);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_trim_font_keeps_the_parts_of_composites),
		cmocka_unit_test(test_pdf_trim_font_leaves_a_nearly_whole_subset_alone),
		cmocka_unit_test(test_pdf_trim_font_drops_unread_tables),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
