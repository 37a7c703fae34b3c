#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
/* The test looks inside libharu too: it checks pdf_haru.c's assumptions
 * about libharu's internals on the libharu it runs with. */
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "render/pdf/pdf_haru.h"

/* A doc with one page, and the first error libharu reported. */
struct fixture {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_STATUS error;
	char *out; /* the saved PDF, NUL-terminated */
	size_t len;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct fixture *fx = user;

	(void)detail;
	if (!fx->error)
		fx->error = error;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	fx->pdf = HPDF_New(on_error, fx);
	if (!fx->pdf || !(fx->page = HPDF_AddPage(fx->pdf)))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	HPDF_Free(fx->pdf); /* frees our objects: a wrong free is caught here */
	free(fx->out);
	free(fx);
	return 0;
}

/* Save the doc into fx->out through libharu's public memory stream. */
static void save(struct fixture *fx)
{
	HPDF_UINT32 n;

	assert_int_equal(HPDF_SaveToStream(fx->pdf), HPDF_OK);
	n = HPDF_GetStreamSize(fx->pdf);
	fx->out = malloc(n + 1);
	assert_int_equal(HPDF_ReadFromStream(fx->pdf, (HPDF_BYTE *)fx->out, &n), HPDF_OK);
	fx->out[n] = '\0';
	fx->len = n;
	assert_int_equal(fx->error, HPDF_OK);
}

/* Where s first occurs in the saved PDF (which may hold NUL bytes). */
static const char *find(const struct fixture *fx, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= fx->len; i++)
		if (memcmp(fx->out + i, s, n) == 0)
			return fx->out + i;
	return NULL;
}

/* The text of indirect object "id 0 obj" up to its "endobj" (static). */
static const char *object(const struct fixture *fx, int id)
{
	static char buf[4096];
	char head[32];
	const char *p, *e;

	snprintf(head, sizeof(head), "\n%d 0 obj", id);
	p = find(fx, head);
	assert_non_null(p);
	e = strstr(p, "endobj");
	assert_non_null(e);
	assert_true((size_t)(e - p) < sizeof(buf));
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = '\0';
	return buf;
}

/* The build refuses a libharu whose internals were not checked; this
 * catches a library upgraded under a built progrep. */
static void test_pdf_haru_runs_with_the_checked_libharu(void **state)
{
	(void)state;
	assert_string_equal(HPDF_GetVersion(), pdf_haru_checked_version());
	assert_string_equal(pdf_haru_checked_version(), "2.3.0");
}

/* A plain dictionary's attr is ours (NULL, never freed by libharu: the
 * teardown frees a doc whose attr points at a string literal) and its
 * write_fn writes inside the dictionary, after the entries. */
static void test_pdf_haru_raw_text_is_written_inside_the_dict(void **state)
{
	struct fixture *fx = *state;
	HPDF_Dict d = pdf_haru_dict_new(fx->pdf);

	assert_non_null(d);
	assert_null(d->attr);
	assert_null(d->write_fn);
	assert_int_equal(pdf_haru_add_name(d, "Type", "Probe"), HPDF_OK);
	assert_int_equal(pdf_haru_set_raw(d, "/W [1 [500]]\n"), HPDF_OK);
	assert_ptr_equal(d->attr, "/W [1 [500]]\n");
	save(fx);
	assert_non_null(find(fx, "<<\n/Type /Probe\n/W [1 [500]]\n>>"));
}

/* A stream's bytes go out as given, named FlateDecode, with their length;
 * nothing of libharu's own memory stream or filter is left. */
static void test_pdf_haru_stream_writes_the_bytes_as_given(void **state)
{
	static const unsigned char z[] = "\x78\x9c not deflated, but taken as it is";
	struct fixture *fx = *state;
	HPDF_Dict s = pdf_haru_stream_new(fx->pdf, z, sizeof(z) - 1);
	const char *p;
	char expect[128];
	int length;

	assert_non_null(s);
	assert_int_equal(s->filter, HPDF_STREAM_FILTER_NONE);
	assert_int_equal(pdf_haru_add_int(s, "Length1", 7), HPDF_OK);
	save(fx);
	snprintf(expect, sizeof(expect), ">>\nstream\r\n%s\nendstream", (const char *)z);
	assert_non_null(find(fx, expect));
	p = find(fx, "/Length1 7\n");
	assert_non_null(p);
	assert_non_null(strstr(p, "/Filter /FlateDecode\n>>"));
	/* /Length n 0 R, an indirect number libharu counts while writing */
	p = strstr(object(fx, (int)(s->header.obj_id & 0x00FFFFFF)), "/Length ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "/Length %d 0 R", &length), 1);
	snprintf(expect, sizeof(expect), "obj\n%zu\n", sizeof(z) - 1);
	assert_non_null(strstr(object(fx, length), expect));
}

/* The page's content stream and the stream the page operators write to
 * are the ones replaced; the page writes our bytes. */
static void test_pdf_haru_page_content_replaces_the_pages_stream(void **state)
{
	static const unsigned char z[] = "page bytes";
	struct fixture *fx = *state;
	HPDF_PageAttr attr = fx->page->attr;
	int contents;
	const char *p;

	assert_ptr_equal(attr->stream, attr->contents->stream);
	assert_int_equal(pdf_haru_page_content(fx->page, z, sizeof(z) - 1), HPDF_OK);
	assert_ptr_equal(attr->stream, attr->contents->stream);
	save(fx);
	p = strstr(object(fx, (int)(fx->page->header.obj_id & 0x00FFFFFF)), "/Contents ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "/Contents %d 0 R", &contents), 1);
	assert_non_null(strstr(object(fx, contents), "/Filter /FlateDecode\n>>\nstream\r\n"
						     "page bytes\nendstream"));
}

/* The info dictionary is the one HPDF_SetInfoAttr fills and the trailer
 * names. */
static void test_pdf_haru_info_is_the_documents(void **state)
{
	static const unsigned char title[] = {0xFE, 0xFF, 0x4E, 0x2D}; /* 中 */
	struct fixture *fx = *state;
	HPDF_Dict info;
	const char *p, *o;
	int id;

	assert_int_equal(HPDF_SetInfoAttr(fx->pdf, HPDF_INFO_AUTHOR, "me"), HPDF_OK);
	info = pdf_haru_info(fx->pdf);
	assert_non_null(info);
	assert_int_equal(pdf_haru_add_text(info, "Title", title, sizeof(title)), HPDF_OK);
	save(fx);
	p = find(fx, "trailer");
	assert_non_null(p);
	p = strstr(p, "/Info ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "/Info %d 0 R", &id), 1);
	o = object(fx, id);
	assert_non_null(strstr(o, "/Author (me)"));
	assert_non_null(strstr(o, "/Title <FEFF4E2D>"));
}

/* Our font dictionary goes into the page's resources by reference, under
 * the name libharu gives it, found again by pointer. */
static void test_pdf_haru_font_name_adds_the_font_to_the_page(void **state)
{
	struct fixture *fx = *state;
	HPDF_Dict font = pdf_haru_dict_new(fx->pdf);
	const char *name;
	char expect[32];

	assert_non_null(font);
	assert_int_equal(pdf_haru_add_name(font, "Type", "Font"), HPDF_OK);
	name = pdf_haru_font_name(fx->page, font);
	assert_non_null(name);
	assert_string_equal(name, "F1");
	assert_string_equal(pdf_haru_font_name(fx->page, font), "F1");
	save(fx);
	snprintf(expect, sizeof(expect), "/F1 %u 0 R", (unsigned)(font->header.obj_id & 0x00FFFFFF));
	assert_non_null(find(fx, expect));
}

static void test_pdf_haru_destination_keeps_the_readers_zoom(void **state)
{
	struct fixture *fx = *state;
	HPDF_Destination dst = HPDF_Page_CreateDestination(fx->page);

	assert_non_null(dst);
	assert_int_equal(pdf_haru_dest_xyz(dst, fx->page, 0, 700), HPDF_OK);
	assert_int_equal(HPDF_Outline_SetDestination(HPDF_CreateOutline(fx->pdf, NULL, "x", NULL),
						     dst),
			 HPDF_OK);
	save(fx);
	assert_non_null(find(fx, "/XYZ 0 700 null ]"));
	assert_null(find(fx, "/XYZ 0 700 1"));
}

/* The other entries as a font needs them. */
static void test_pdf_haru_entries_are_written_as_pdf_wants(void **state)
{
	static const long bbox[] = {-100, -200, 1000, 900};
	struct fixture *fx = *state;
	HPDF_Dict d = pdf_haru_dict_new(fx->pdf), kid = pdf_haru_dict_new(fx->pdf), sub;
	char expect[48];

	assert_non_null(d);
	assert_non_null(kid);
	assert_int_equal(pdf_haru_add_ints(d, "FontBBox", bbox, 4), HPDF_OK);
	assert_int_equal(pdf_haru_add_dict_array(d, "DescendantFonts", kid), HPDF_OK);
	sub = pdf_haru_add_new_dict(d, "CIDSystemInfo");
	assert_non_null(sub);
	assert_int_equal(pdf_haru_add_string(sub, "Registry", "Adobe"), HPDF_OK);
	assert_int_equal(pdf_haru_add_dict(d, "Kid", kid), HPDF_OK);
	save(fx);
	assert_non_null(find(fx, "/FontBBox [ -100 -200 1000 900 ]"));
	snprintf(expect, sizeof(expect), "/DescendantFonts [ %u 0 R ]",
		 (unsigned)(kid->header.obj_id & 0x00FFFFFF));
	assert_non_null(find(fx, expect));
	assert_non_null(find(fx, "/CIDSystemInfo <<\n/Registry (Adobe)\n>>"));
}

/* Mixed arrays: numbers, nested arrays, indirect objects by reference
 * (a structure element's /K and the ParentTree). */
static void test_pdf_haru_arrays_hold_numbers_arrays_and_references(void **state)
{
	struct fixture *fx = *state;
	HPDF_Dict d = pdf_haru_dict_new(fx->pdf), kid = pdf_haru_dict_new(fx->pdf);
	HPDF_Array a, sub;
	char expect[64];

	assert_non_null(d);
	assert_non_null(kid);
	a = pdf_haru_add_new_array(d, "Nums");
	assert_non_null(a);
	assert_int_equal(pdf_haru_array_add_int(a, 7), HPDF_OK);
	sub = pdf_haru_array_add_new_array(a);
	assert_non_null(sub);
	assert_int_equal(pdf_haru_array_add_dict(sub, kid), HPDF_OK);
	assert_int_equal(pdf_haru_array_add_dict(sub, (HPDF_Dict)fx->page), HPDF_OK);
	save(fx);
	snprintf(expect, sizeof(expect), "/Nums [ 7 [ %u 0 R %u 0 R ] ]",
		 (unsigned)(kid->header.obj_id & 0x00FFFFFF),
		 (unsigned)(fx->page->header.obj_id & 0x00FFFFFF));
	assert_non_null(find(fx, expect));
}

/* An unfiltered stream: no /Filter at all (PDF/A wants XMP readable as
 * it is), its bytes and /Length as given. */
static void test_pdf_haru_plain_stream_has_no_filter(void **state)
{
	static const unsigned char xmp[] = "<x:xmpmeta>probe</x:xmpmeta>";
	struct fixture *fx = *state;
	HPDF_Dict s = pdf_haru_stream_plain(fx->pdf, xmp, sizeof(xmp) - 1);
	const char *o;

	assert_non_null(s);
	assert_int_equal(pdf_haru_add_name(s, "Type", "Metadata"), HPDF_OK);
	save(fx);
	o = object(fx, (int)(s->header.obj_id & 0x00FFFFFF));
	assert_non_null(strstr(o, "/Type /Metadata"));
	assert_null(strstr(o, "/Filter"));
	assert_non_null(find(fx, "stream\r\n<x:xmpmeta>probe</x:xmpmeta>\nendstream"));
}

/* The catalog is the /Root the trailer names and keeps our entries;
 * booleans are written as PDF's true/false. */
static void test_pdf_haru_catalog_is_the_root(void **state)
{
	struct fixture *fx = *state;
	HPDF_Dict cat = pdf_haru_catalog(fx->pdf), vp;
	char expect[32];

	assert_non_null(cat);
	assert_int_equal(pdf_haru_add_string(cat, "Lang", "zh-CN"), HPDF_OK);
	vp = pdf_haru_add_new_dict(cat, "ViewerPreferences");
	assert_non_null(vp);
	assert_int_equal(pdf_haru_add_bool(vp, "DisplayDocTitle", 1), HPDF_OK);
	save(fx);
	snprintf(expect, sizeof(expect), "/Root %u 0 R", (unsigned)(cat->header.obj_id & 0x00FFFFFF));
	assert_non_null(find(fx, expect));
	assert_non_null(strstr(object(fx, (int)(cat->header.obj_id & 0x00FFFFFF)), "/Lang (zh-CN)"));
	assert_non_null(find(fx, "/ViewerPreferences <<\n/DisplayDocTitle true\n>>"));
}

/* The header says 1.7, and the trailer keeps our /ID next to the entries
 * saving adds, written as pdf.c's stamp_id looks for it. */
static void test_pdf_haru_version_and_trailer_id(void **state)
{
	static const unsigned char id[4] = {0, 0, 0xAB, 0x01};
	struct fixture *fx = *state;

	pdf_haru_set_version_17(fx->pdf);
	assert_int_equal(pdf_haru_trailer_id(fx->pdf, id, sizeof(id)), HPDF_OK);
	save(fx);
	assert_memory_equal(fx->out, "%PDF-1.7\n", 9);
	assert_non_null(find(fx, "trailer\n<<\n/ID [ <0000AB01> <0000AB01> ]\n/Root "));
	assert_non_null(find(fx, "/Info "));
	assert_non_null(find(fx, "/Size "));
}

/* PDF/A-1 is PDF 1.4. */
static void test_pdf_haru_version_14(void **state)
{
	struct fixture *fx = *state;

	pdf_haru_set_version_14(fx->pdf);
	save(fx);
	assert_memory_equal(fx->out, "%PDF-1.4\n", 9);
}

/* A bookmark's destination made direct (for PDFBox Preflight): the
 * outline holds the array itself, with the page as a reference, and the
 * doc is still freed cleanly (teardown). */
static void test_pdf_haru_dest_direct_inlines_the_array(void **state)
{
	struct fixture *fx = *state;
	HPDF_Destination dst = HPDF_Page_CreateDestination(fx->page);
	HPDF_Outline ol = HPDF_CreateOutline(fx->pdf, NULL, "x", NULL);
	char want[64];

	assert_non_null(dst);
	assert_int_equal(pdf_haru_dest_xyz(dst, fx->page, 0, 700), HPDF_OK);
	assert_int_equal(HPDF_Outline_SetDestination(ol, dst), HPDF_OK);
	assert_int_equal(pdf_haru_dest_direct(ol), HPDF_OK);
	save(fx);
	snprintf(want, sizeof(want), "/Dest [ %u 0 R /XYZ 0 700 null ]",
		 (unsigned)(fx->page->header.obj_id & 0x00FFFFFF));
	assert_non_null(strstr(object(fx, (int)(ol->header.obj_id & 0x00FFFFFF)), want));
	/* without a /Dest it is an error, not a crash */
	assert_int_not_equal(pdf_haru_dest_direct(pdf_haru_dict_new(fx->pdf)), HPDF_OK);
	fx->error = HPDF_OK;
}

/* Name tree keys: UTF-16BE text strings with a byte order mark. */
static void test_pdf_haru_array_utf8_is_utf16(void **state)
{
	struct fixture *fx = *state;
	HPDF_Dict d = pdf_haru_dict_new(fx->pdf);
	HPDF_Array a = pdf_haru_add_new_array(d, "Names");

	assert_non_null(a);
	assert_int_equal(pdf_haru_array_add_utf8(a, "a数"), HPDF_OK);
	save(fx);
	assert_non_null(find(fx, "/Names [ <FEFF00616570> ]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_haru_runs_with_the_checked_libharu),
		cmocka_unit_test_setup_teardown(test_pdf_haru_raw_text_is_written_inside_the_dict,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_stream_writes_the_bytes_as_given,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_page_content_replaces_the_pages_stream,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_info_is_the_documents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_font_name_adds_the_font_to_the_page,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_destination_keeps_the_readers_zoom,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_entries_are_written_as_pdf_wants,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_pdf_haru_arrays_hold_numbers_arrays_and_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_plain_stream_has_no_filter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_catalog_is_the_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_version_and_trailer_id, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_version_14, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_dest_direct_inlines_the_array, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pdf_haru_array_utf8_is_utf16, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
