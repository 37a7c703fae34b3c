#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "render/pdf/pdf_xmp.h"

/* The fields a report has, as the info dictionary gets them. */
static void test_pdf_xmp_says_what_the_info_says(void **state)
{
	struct pdf_xmp m = {0};
	size_t len;
	char *x;

	(void)state;
	m.title = "新疆脱贫攻坚进展报告";
	m.author = "扶贫办";
	m.keywords = "脱贫攻坚, 新疆";
	m.creator = "progrep 0.1.0";
	m.producer = "Haru Free PDF Library 2.3.0";
	m.date = "2020-04-24T00:00:00+08:00";
	x = pdf_xmp_packet(&m, &len);
	assert_int_equal(strlen(x), len);
	assert_non_null(strstr(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">"
				  "新疆脱贫攻坚进展报告</rdf:li></rdf:Alt></dc:title>"));
	assert_non_null(strstr(x, "<dc:creator><rdf:Seq><rdf:li>扶贫办</rdf:li></rdf:Seq>"));
	assert_non_null(strstr(x, "<pdf:Keywords>脱贫攻坚, 新疆</pdf:Keywords>"));
	assert_non_null(strstr(x, "<xmp:CreatorTool>progrep 0.1.0</xmp:CreatorTool>"));
	assert_non_null(strstr(x, "<xmp:CreateDate>2020-04-24T00:00:00+08:00</xmp:CreateDate>"));
	assert_non_null(strstr(x, "<xmp:ModifyDate>2020-04-24T00:00:00+08:00</xmp:ModifyDate>"));
	/* absent fields are left out, not written empty */
	assert_null(strstr(x, "dc:description"));
	/* no standard: no claim */
	assert_null(strstr(x, "pdfaid"));
	assert_int_equal(strncmp(x, "<?xpacket begin=\"\xEF\xBB\xBF\"", 19), 0);
	assert_non_null(strstr(x, "<?xpacket end=\"w\"?>"));
	free(x);
}

/* Markup in a title stays text; controls XML cannot hold are dropped. */
static void test_pdf_xmp_escapes_markup(void **state)
{
	struct pdf_xmp m = {0};
	size_t len;
	char *x;

	(void)state;
	m.title = "A & B <c> \"d\"\x01";
	x = pdf_xmp_packet(&m, &len);
	assert_non_null(strstr(x, ">A &amp; B &lt;c&gt; &quot;d&quot;</rdf:li>"));
	assert_null(strchr(x, '\x01'));
	free(x);
}

static void test_pdf_xmp_identifies_pdfa(void **state)
{
	struct pdf_xmp m = {0};
	size_t len;
	char *x;

	(void)state;
	m.title = "t";
	m.pdfa_part = 2;
	m.pdfa_conformance = "B";
	x = pdf_xmp_packet(&m, &len);
	assert_non_null(strstr(x, "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\""));
	assert_non_null(strstr(x, "<pdfaid:part>2</pdfaid:part>"));
	assert_non_null(strstr(x, "<pdfaid:conformance>B</pdfaid:conformance>"));
	free(x);
}

/* A tagged PDF says PDF/UA-1; with PDF/A the pdfuaid schema is described
 * in an extension schema, without it there is none. */
static void test_pdf_xmp_identifies_pdfua(void **state)
{
	struct pdf_xmp m = {0};
	size_t len;
	char *x;

	(void)state;
	m.title = "t";
	m.pdfua_part = 1;
	x = pdf_xmp_packet(&m, &len);
	assert_non_null(strstr(x, "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""));
	assert_non_null(strstr(x, "<pdfuaid:part>1</pdfuaid:part>"));
	assert_null(strstr(x, "pdfaExtension"));
	free(x);
	m.pdfa_part = 2;
	m.pdfa_conformance = "B";
	x = pdf_xmp_packet(&m, &len);
	assert_non_null(strstr(x, "<pdfuaid:part>1</pdfuaid:part>"));
	assert_non_null(strstr(x, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
	assert_non_null(strstr(x, "xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""));
	free(x);
	m.pdfua_part = 0;
	x = pdf_xmp_packet(&m, &len);
	assert_null(strstr(x, "pdfua"));
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_xmp_says_what_the_info_says),
		cmocka_unit_test(test_pdf_xmp_escapes_markup),
		cmocka_unit_test(test_pdf_xmp_identifies_pdfa),
		cmocka_unit_test(test_pdf_xmp_identifies_pdfua),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
