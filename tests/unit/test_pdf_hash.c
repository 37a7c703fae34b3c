#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/util/arena.h"
#include "render/layout/doc.h"
#include "render/pdf/pdf.h"

/* The doc digest is what an incremental batch run trusts to keep a PDF:
 * equal docs must give equal digests, and a change in any field pdf_write
 * reads must change it. */

static const double pts[4] = {1, 2, 3, 4};
static const unsigned char csv[] = "region,value\n65,1\n", csv2[] = "region,value\n65,2\n";
static const unsigned char zcsv[] = {0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};

/* A small doc: a text box, a polyline, an outline; `change` alters one
 * field (0: none). */
static void make(struct doc *d, struct arena *a, int change)
{
	struct box *b;

	doc_init(d, a);
	d->width = 595.276;
	d->height = 841.890;
	d->title = change == 1 ? "报告二" : "报告";
	d->date = change == 2 ? NULL : "D:20200424000000";
	doc_add_page(d);
	b = doc_add_box(d, 0, BOX_TEXT);
	b->x = change == 3 ? 72.0001 : 72;
	b->y = 100;
	b->text = change == 4 ? "16.59万人" : "16.58万人";
	b->size = 10.5;
	b->font = change == 5 ? DOC_FONT_HEADING : DOC_FONT_BODY;
	b->color = change == 6 ? 0x000001 : 0;
	b->char_space = change == 7 ? 0.1 : 0;
	b = doc_add_box(d, 0, BOX_POLYLINE);
	b->pts = pts;
	b->npts = change == 8 ? 1 : 2;
	b->stroke = 0x333333;
	if (change == 9)
		doc_add_page(d);
	doc_add_outline(d, "一、总体情况", 0, 0, change == 10 ? 51 : 50);
	/* a PDF/A-3 attachment (pdf_attach.h) */
	{
		struct doc_attachment *at = arena_zalloc(a, sizeof(*at));

		at->name = change == 11 ? "2-values.csv" : "values.csv";
		at->mime = "text/csv";
		at->desc = "数据";
		at->derived = change == 12;
		at->bytes = change == 13 ? csv2 : csv;
		at->len = sizeof(csv) - 1;
		if (change == 14) {
			at->z = zcsv;
			at->zlen = sizeof(zcsv);
		}
		d->attach = at;
		d->nattach = 1;
	}
}

static void digest(int change, unsigned char out[PDF_DIGEST_LEN])
{
	struct arena *a = arena_new();
	struct doc d;

	make(&d, a, change);
	pdf_doc_digest(&d, out);
	doc_release(&d);
	arena_free(a);
}

static void test_pdf_hash_same_doc_same_digest(void **state)
{
	unsigned char x[PDF_DIGEST_LEN], y[PDF_DIGEST_LEN];

	(void)state;
	digest(0, x);
	digest(0, y);
	assert_memory_equal(x, y, PDF_DIGEST_LEN);
}

static void test_pdf_hash_every_change_changes_the_digest(void **state)
{
	unsigned char seen[15][PDF_DIGEST_LEN];
	int i, j;

	(void)state;
	for (i = 0; i <= 14; i++) {
		digest(i, seen[i]);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(seen[i], seen[j], PDF_DIGEST_LEN);
	}
}

/* pdf.lang, pdf.standard and pdf.tagged change the bytes, so an incremental run must
 * not reuse a PDF written with others. */
static void test_pdf_hash_options_change_the_fonts_digest(void **state)
{
	struct pdf_fonts pf;
	struct pdf_options o = {NULL, PDF_STANDARD_NONE, 0, 0};
	unsigned char t[PDF_DIGEST_LEN];
	unsigned char a[PDF_DIGEST_LEN], b[PDF_DIGEST_LEN], c[PDF_DIGEST_LEN];

	(void)state;
	memset(&pf, 0, sizeof(pf));
	pdf_write_set_options(&o);
	pdf_fonts_digest(&pf, a);
	o.standard = PDF_STANDARD_A2B;
	pdf_write_set_options(&o);
	pdf_fonts_digest(&pf, b);
	o.lang = "en";
	pdf_write_set_options(&o);
	pdf_fonts_digest(&pf, c);
	assert_memory_not_equal(a, b, PDF_DIGEST_LEN);
	assert_memory_not_equal(b, c, PDF_DIGEST_LEN);
	o.tagged = 1;
	pdf_write_set_options(&o);
	pdf_fonts_digest(&pf, t);
	assert_memory_not_equal(c, t, PDF_DIGEST_LEN);
	o.tagged = 0;
	o.lang = NULL;
	o.standard = PDF_STANDARD_NONE;
	pdf_write_set_options(&o);
	pdf_fonts_digest(&pf, b);
	assert_memory_equal(a, b, PDF_DIGEST_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_hash_options_change_the_fonts_digest),
		cmocka_unit_test(test_pdf_hash_same_doc_same_digest),
		cmocka_unit_test(test_pdf_hash_every_change_changes_the_digest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
