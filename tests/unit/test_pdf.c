#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/arena.h"
#include "core/util/diag.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/doc.h"
#include "render/layout/font.h"
#include "render/pdf/pdf.h"

/* Tests shell out to poppler-utils and qpdf, as the golden tests do. */

static struct font *body, *heading;
static char dir[256];

static int setup(void **state)
{
	struct diag d;
	const char *t = getenv("TMPDIR");

	(void)state;
	diag_init(&d);
	body = font_open("AR PL UMing CN", &d);
	heading = font_open("WenQuanYi Zen Hei", &d);
	diag_release(&d);
	snprintf(dir, sizeof(dir), "%s/test_pdf_XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	return body && heading ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	font_free(body);
	font_free(heading);
	font_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	/* PROGREP_TEST_KEEP=1 keeps the PDFs for a look */
	if (getenv("PROGREP_TEST_KEEP"))
		return 0;
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_in_dir(const char *name)
{
	static char buf[4][320];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/* Run a command and return its standard output (malloc'd). */
static char *run(const char *fmt, ...)
{
	char cmd[1024], *out = NULL;
	size_t n = 0, cap = 0;
	va_list ap;
	FILE *p;
	int c;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((c = fgetc(p)) != EOF) {
		xgrow((void **)&out, &cap, n + 2, 1);
		out[n++] = (char)c;
	}
	pclose(p);
	if (!out)
		out = xcalloc(1, 1);
	out[n] = '\0';
	return out;
}

static struct box *text(struct doc *doc, int page, double x, double y, const char *s,
			enum doc_font font, double size)
{
	struct box *b = doc_add_box(doc, page, BOX_TEXT);

	b->x = x;
	b->y = y;
	b->text = s;
	b->font = font;
	b->size = size;
	b->color = 0x000000;
	b->role = font == DOC_FONT_HEADING ? ROLE_HEADING : ROLE_BODY;
	return b;
}

/* Two pages: a heading, Chinese body text, a table-ish rect and line, a
 * link from page 1 to page 2, and nested bookmarks. */
static void make_doc(struct doc *doc, struct arena *a)
{
	struct box *b;
	int p1, p2;

	doc_init(doc, a);
	doc->title = "新疆脱贫攻坚进展报告";
	doc->author = "扶贫办";
	doc->subject = "2024年第三季度";
	doc->keywords = "脱贫, 进展";
	doc->date = "D:20241001120000+08'00'";
	p1 = doc_add_page(doc);
	p2 = doc_add_page(doc);
	text(doc, p1, 72, 100, "第一章 总体情况", DOC_FONT_HEADING, 18);
	text(doc, p1, 72, 140, "全区贫困发生率下降到0.5%，减少贫困人口12.3万人。", DOC_FONT_BODY, 10.5);
	b = doc_add_box(doc, p1, BOX_RECT);
	b->x = 72;
	b->y = 160;
	b->w = 300;
	b->h = 40;
	b->fill = 0xEEEEEE;
	b->stroke = 0x333333;
	b->line_width = 0.75;
	b = doc_add_box(doc, p1, BOX_LINE);
	b->x = 72;
	b->y = 220;
	b->w = 450;
	b->h = 0;
	b->stroke = 0xC00000;
	b->line_width = 1;
	text(doc, p1, 72, 240, "见第二章", DOC_FONT_BODY, 10.5)->color = 0x0000CC;
	b = doc_add_box(doc, p1, BOX_LINK);
	b->x = 72;
	b->y = 229;
	b->w = 42;
	b->h = 14;
	b->dest_page = p2;
	b->dest_y = 100;
	text(doc, p2, 72, 100, "第二章 分地区情况", DOC_FONT_HEADING, 18);
	text(doc, p2, 72, 140, "喀什地区　和田地区", DOC_FONT_BODY, 10.5);
	doc_add_outline(doc, "第一章 总体情况", 0, p1, 100);
	doc_add_outline(doc, "1.1 贫困发生率", 1, p1, 140);
	doc_add_outline(doc, "第二章 分地区情况", 0, p2, 100);
	doc_add_outline(doc, "2.1 喀什地区", 1, p2, 140);
	doc_add_outline(doc, "2.1.1 疏附县", 2, p2, 140);
}

static int write_doc(const struct doc *doc, const char *path, struct diag *d)
{
	struct pdf_fonts pf;
	int ret;

	pdf_fonts_init(&pf, body, heading);
	ret = pdf_write(doc, &pf, path, d);
	pdf_fonts_release(&pf);
	return ret;
}

static void write_ok(const struct doc *doc, const char *path)
{
	struct diag d;

	diag_init(&d);
	if (write_doc(doc, path, &d) != 0)
		diag_print(&d, stderr);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 0);
	diag_release(&d);
}

static void test_pdf_passes_qpdf_check(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("check.pdf");
	char *out;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, path);
	out = run("qpdf --check '%s' 2>&1; echo rc=$?", path);
	assert_non_null(strstr(out, "No syntax or stream encoding errors"));
	assert_non_null(strstr(out, "rc=0"));
	free(out);
	out = run("pdfinfo -isodates '%s' 2>&1", path);
	assert_non_null(strstr(out, "Pages:           2"));
	assert_non_null(strstr(out, "Title:           新疆脱贫攻坚进展报告"));
	assert_non_null(strstr(out, "Author:          扶贫办"));
	assert_non_null(strstr(out, "Creator:         progrep"));
	assert_non_null(strstr(out, "CreationDate:    2024-10-01T12:00:00+08"));
	assert_non_null(strstr(out, "Page size:       595.276 x 841.89 pts (A4)"));
	assert_null(strstr(out, "Syntax"));
	free(out);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_embeds_only_subset_fonts(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("fonts.pdf");
	char *out, *line;
	int fonts = 0;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, path);
	out = run("pdffonts '%s' 2>&1 | tail -n +3", path);
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		/* name+ type encoding emb sub uni */
		assert_non_null(strstr(line, "+"));
		assert_non_null(strstr(line, "CID TrueType"));
		assert_non_null(strstr(line, "yes yes yes"));
		fonts++;
	}
	assert_int_equal(fonts, 2);
	free(out);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_text_extracts_as_the_chinese_written(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("text.pdf");
	char *out;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, path);
	out = run("pdftotext -raw '%s' - 2>&1", path);
	assert_non_null(strstr(out, "第一章 总体情况"));
	assert_non_null(strstr(out, "全区贫困发生率下降到0.5%，减少贫困人口12.3万人。"));
	/* poppler prints the ideographic space U+3000 as a plain space */
	assert_non_null(strstr(out, "喀什地区 和田地区"));
	/* a valid ToUnicode CMap: poppler has nothing to complain about */
	assert_null(strstr(out, "Syntax"));
	free(out);
	doc_release(&doc);
	arena_free(a);
}

/* Nesting depth of a bookmark in qpdf's pretty-printed JSON: each level of
 * "kids" indents its entries by 4 more spaces (top level: 6). */
static int outline_depth(const char *json, const char *title)
{
	char needle[128];
	const char *p, *line;

	snprintf(needle, sizeof(needle), "\"title\": \"%s\"", title);
	p = strstr(json, needle);
	if (!p)
		return -1;
	for (line = p; line > json && line[-1] != '\n'; line--)
		;
	return (int)(p - line - 6) / 4;
}

static void test_pdf_writes_nested_bookmarks_and_links(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("outline.pdf");
	char *out;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, path);
	/* qpdf decodes the UTF-16 titles; the nesting shows in "kids" */
	out = run("qpdf --json --json-key=outlines '%s'", path);
	assert_non_null(strstr(out, "\"title\": \"第一章 总体情况\""));
	assert_non_null(strstr(out, "\"title\": \"2.1.1 疏附县\""));
	assert_int_equal(outline_depth(out, "第一章 总体情况"), 0);
	assert_int_equal(outline_depth(out, "1.1 贫困发生率"), 1);
	assert_int_equal(outline_depth(out, "第二章 分地区情况"), 0);
	assert_int_equal(outline_depth(out, "2.1 喀什地区"), 1);
	assert_int_equal(outline_depth(out, "2.1.1 疏附县"), 2);
	free(out);
	/* a link without border; destinations keep the reader's zoom (null) */
	out = run("qpdf --qdf --object-streams=disable '%s' - | tr -d ' \\n'", path);
	assert_non_null(strstr(out, "/Subtype/Link"));
	assert_non_null(strstr(out, "/Border[000]/Dest"));
	assert_non_null(strstr(out, "/XYZ0741.89001null"));
	free(out);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_same_doc_gives_identical_bytes(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *p1 = path_in_dir("same1.pdf"), *p2 = path_in_dir("same2.pdf");
	char *out;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, p1);
	write_ok(&doc, p2);
	out = run("cmp '%s' '%s' && echo same", p1, p2);
	assert_string_equal(out, "same\n");
	free(out);
	doc_release(&doc);
	arena_free(a);
}

static int count_files(const char *folder)
{
	char *out = run("ls -A '%s' | wc -l", folder);
	int n = atoi(out);

	free(out);
	return n;
}

static void test_pdf_error_on_unwritable_path_leaves_no_file(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	struct diag d;
	const char *sub = path_in_dir("err");
	const char *target = path_in_dir("err/target.pdf");

	(void)state;
	make_doc(&doc, a);
	diag_init(&d);
	assert_int_equal(write_doc(&doc, "/nonexistent/dir/out.pdf", &d), -1);
	assert_int_equal(d.nerrors, 1);
	assert_non_null(strstr(d.items[0].msg, "cannot write '/nonexistent/dir/out.pdf'"));
	diag_release(&d);
	/* The rename fails after the temporary file was written (the target is
	 * a folder): the temporary must go too. Works as root as well. */
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(mkdir(target, 0755), 0);
	diag_init(&d);
	assert_int_equal(write_doc(&doc, target, &d), -1);
	assert_int_equal(d.nerrors, 1);
	assert_non_null(strstr(d.items[0].msg, "target.pdf': Is a directory"));
	assert_int_equal(count_files(sub), 1);
	diag_release(&d);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_failed_write_keeps_the_old_file(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	struct diag d;
	const char *path = path_in_dir("old.pdf");
	char *before, *after;
	struct box *b;

	(void)state;
	make_doc(&doc, a);
	write_ok(&doc, path);
	before = run("sha256sum < '%s'", path);
	b = doc_add_box(&doc, 0, BOX_LINK); /* a layout bug: no such page */
	b->dest_page = 7;
	diag_init(&d);
	assert_int_equal(write_doc(&doc, path, &d), -1);
	assert_non_null(strstr(d.items[0].msg, "link to page 8 of 2"));
	diag_release(&d);
	after = run("sha256sum < '%s'", path);
	assert_string_equal(before, after);
	free(before);
	free(after);
	after = run("ls -A '%s' | grep -c '^\\.' ", dir);
	assert_int_equal(atoi(after), 0);
	free(after);
	doc_release(&doc);
	arena_free(a);
}

/* A doc of its own text only: one page, body font. */
static void small_doc(struct doc *doc, struct arena *a, const char *s)
{
	doc_init(doc, a);
	doc_add_page(doc);
	text(doc, 0, 72, 100, s, DOC_FONT_BODY, 12);
}

static void test_pdf_prepared_fonts_serve_many_docs(void **state)
{
	struct arena *a = arena_new();
	struct doc d1, d2, d3;
	struct pdf_fonts pf;
	struct pdf_codepoints *cp = pdf_codepoints_new();
	struct diag d;
	char *out;

	(void)state;
	small_doc(&d1, a, "乌鲁木齐市");
	small_doc(&d2, a, "克拉玛依市");
	small_doc(&d3, a, "吐鲁番市");
	pdf_fonts_init(&pf, body, heading);
	pdf_codepoints_add(cp, &pf, &d1);
	pdf_codepoints_add(cp, &pf, &d2);
	diag_init(&d);
	assert_int_equal(pdf_fonts_prepare(&pf, cp, &d), 0);
	assert_true(pf.prepared);
	assert_int_equal(pdf_write(&d1, &pf, path_in_dir("d1.pdf"), &d), 0);
	assert_int_equal(pdf_write(&d2, &pf, path_in_dir("d2.pdf"), &d), 0);
	assert_int_equal(d.nerrors, 0);
	out = run("pdftotext '%s' - && pdftotext '%s' -", path_in_dir("d1.pdf"),
		  path_in_dir("d2.pdf"));
	assert_non_null(strstr(out, "乌鲁木齐市"));
	assert_non_null(strstr(out, "克拉玛依市"));
	free(out);
	/* 吐 and 番 are in neither doc the subset was made for */
	assert_int_equal(pdf_write(&d3, &pf, path_in_dir("d3.pdf"), &d), -1);
	assert_true(strstr(d.items[0].msg, "not in the prepared subset of font 'AR PL UMing CN'"));
	assert_int_equal(access(path_in_dir("d3.pdf"), F_OK), -1);
	diag_release(&d);
	/* one subset per font, kept in memory: no files */
	assert_true(pf.embed[DOC_FONT_BODY] != pf.embed[DOC_FONT_HEADING]);
	pdf_fonts_release(&pf);
	assert_false(pf.prepared);
	assert_null(pf.embed[DOC_FONT_BODY]);
	pdf_codepoints_free(cp);
	doc_release(&d1);
	doc_release(&d2);
	doc_release(&d3);
	arena_free(a);
}

static void check_one_font(const struct doc *doc, const struct font *h, const char *path)
{
	struct pdf_fonts pf;
	struct diag d;
	char *out;

	pdf_fonts_init(&pf, body, h);
	diag_init(&d);
	assert_int_equal(pdf_write(doc, &pf, path, &d), 0);
	diag_release(&d);
	out = run("pdffonts '%s' | tail -n +3 | wc -l; pdftotext -raw '%s' -", path, path);
	assert_int_equal(atoi(out), 1);
	assert_non_null(strstr(out, "第二章 分地区情况"));
	assert_non_null(strstr(out, "喀什地区"));
	free(out);
}

/* Also when the same face was opened twice (one spec per role). */
static void test_pdf_same_font_for_both_roles_is_embedded_once(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	struct diag d;
	struct font *again;

	(void)state;
	make_doc(&doc, a);
	check_one_font(&doc, NULL, path_in_dir("onefont.pdf"));
	diag_init(&d);
	again = font_open("/usr/share/fonts/truetype/arphic/uming.ttc", &d);
	diag_release(&d);
	assert_non_null(again);
	check_one_font(&doc, again, path_in_dir("onefont2.pdf"));
	font_free(again);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_draws_missing_characters_as_white_square(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	struct diag d;
	const char *path = path_in_dir("square.pdf");
	char *out;

	(void)state;
	small_doc(&doc, a, "笑\xF0\x9F\x98\x80脸");
	diag_init(&d);
	assert_int_equal(write_doc(&doc, path, &d), 0);
	assert_int_equal(d.nwarnings, 1);
	assert_non_null(strstr(d.items[0].msg, "U+1F600"));
	diag_release(&d);
	out = run("pdftotext '%s' -", path);
	assert_non_null(strstr(out, "笑\u25A1脸"));
	free(out);
	doc_release(&doc);
	arena_free(a);
}

/* Three pages of Chinese prose: the subset keeps the file small. */
static void test_pdf_of_chinese_pages_is_tens_of_kilobytes(void **state)
{
	static const char *const lines[] = {
		"全区坚决贯彻落实党中央关于脱贫攻坚的决策部署，精准扶贫精准脱贫基本方略。",
		"南疆四地州深度贫困地区实现整体脱贫，贫困人口收入年均增长百分之十以上。",
		"产业扶贫、就业扶贫、易地扶贫搬迁、教育扶贫、健康扶贫等措施取得明显成效。",
		"农村饮水安全、道路交通、电力通信等基础设施条件得到根本性改善和提升。",
	};
	struct arena *a = arena_new();
	struct doc doc;
	struct stat st;
	const char *path = path_in_dir("three.pdf");
	int p, l;

	(void)state;
	doc_init(&doc, a);
	for (p = 0; p < 3; p++) {
		doc_add_page(&doc);
		text(&doc, p, 72, 72, "第三章 专项扶贫", DOC_FONT_HEADING, 16);
		for (l = 0; l < 40; l++)
			text(&doc, p, 72, 110 + 16 * l, lines[(p + l) % 4], DOC_FONT_BODY, 10.5);
	}
	write_ok(&doc, path);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 5000 && st.st_size < 100000);
	doc_release(&doc);
	arena_free(a);
}

static void test_pdf_rejects_a_malformed_date(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	struct diag d;
	const char *path = path_in_dir("date.pdf");

	(void)state;
	small_doc(&doc, a, "日期");
	doc.date = "D:2024-10-01";
	diag_init(&d);
	assert_int_equal(write_doc(&doc, path, &d), -1);
	assert_non_null(strstr(d.items[0].msg, "invalid document date 'D:2024-10-01'"));
	diag_release(&d);
	doc.date = "D:20241301"; /* month 13 */
	diag_init(&d);
	assert_int_equal(write_doc(&doc, path, &d), -1);
	assert_non_null(strstr(d.items[0].msg, "invalid document date 'D:20241301'"));
	diag_release(&d);
	assert_int_equal(access(path, F_OK), -1);
	doc_release(&doc);
	arena_free(a);
}

/* A doc written with fonts prepared for a batch embeds them trimmed to the
 * glyphs it draws: smaller than the batch subset, and its page looks
 * exactly as when every glyph of that subset is embedded (the same page
 * in a doc whose second page draws all the others, which nothing trims). */
static void test_pdf_batch_fonts_are_trimmed_per_doc(void **state)
{
	static const char many[] = "新疆维吾尔自治区乌鲁木齐市克拉玛依市吐鲁番市哈密市昌吉回族自治州"
				   "博尔塔拉蒙古自治州巴音郭楞蒙古自治州阿克苏地区喀什地区和田地区";
	struct arena *a = arena_new();
	struct doc d1, d2, both;
	struct pdf_fonts pf;
	struct pdf_codepoints *cp = pdf_codepoints_new();
	struct diag d;
	char *out;

	(void)state;
	/* "i" and "j" are composite glyphs in UMing (a dot and a stem): their
	 * components must survive the trimming */
	small_doc(&d1, a, "吐鲁番市 12.5% jig");
	small_doc(&d2, a, many);
	small_doc(&both, a, "吐鲁番市 12.5% jig");
	doc_add_page(&both);
	text(&both, 1, 72, 100, many, DOC_FONT_BODY, 12);
	pdf_fonts_init(&pf, body, heading);
	pdf_codepoints_add(cp, &pf, &d1);
	pdf_codepoints_add(cp, &pf, &d2);
	diag_init(&d);
	assert_int_equal(pdf_fonts_prepare(&pf, cp, &d), 0);
	assert_int_equal(pdf_write(&d1, &pf, path_in_dir("trimmed.pdf"), &d), 0);
	assert_int_equal(pdf_write(&both, &pf, path_in_dir("whole.pdf"), &d), 0);
	pdf_fonts_release(&pf);
	write_ok(&d1, path_in_dir("alone.pdf"));
	assert_int_equal(d.nerrors, 0);
	out = run("cd '%s' && pdftoppm -r 100 -gray trimmed.pdf t && pdftoppm -r 100 -gray -l 1 "
		  "whole.pdf w && cmp t-1.pgm w-1.pgm && echo same",
		  dir);
	assert_string_equal(out, "same\n");
	free(out);
	/* about as small as the doc alone (4.5 KB here); the batch subset
	 * embedded whole would add some 15 KB of glyphs the doc never draws */
	out = run("echo $(( $(stat -c %%s '%s') - $(stat -c %%s '%s') ))",
		  path_in_dir("trimmed.pdf"), path_in_dir("alone.pdf"));
	assert_true(atol(out) < 2000);
	free(out);
	diag_release(&d);
	pdf_codepoints_free(cp);
	doc_release(&d1);
	doc_release(&d2);
	doc_release(&both);
	arena_free(a);
}

/* The box pdftotext -bbox gives the word containing w, in out. */
static void word_box(const char *out, const char *w, double *x0, double *y0, double *x1,
		     double *y1)
{
	const char *p = strstr(out, w);

	assert_non_null(p);
	while (p > out && strncmp(p, "<word", 5) != 0)
		p--;
	assert_int_equal(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
				x0, y0, x1, y1), 4);
}

/* Text at an angle (a chart's turned labels) is drawn turned, and the text
 * after it upright again at its own place: pdftotext's word boxes show a
 * tall box for the turned word and a wide one for the next. */
static void test_pdf_turned_text_is_drawn_turned(void **state)
{
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("turned.pdf");
	struct box *b;
	char *out;
	double x0, y0, x1, y1;

	(void)state;
	doc_init(&doc, a);
	doc_add_page(&doc);
	b = text(&doc, 0, 100, 300, "喀什地区疏附县", DOC_FONT_BODY, 12);
	b->angle = 90;
	text(&doc, 0, 200, 300, "和田地区和田县", DOC_FONT_BODY, 12);
	write_ok(&doc, path);
	out = run("pdftotext -bbox '%s' - 2>&1", path);
	word_box(out, "喀什地区疏附县", &x0, &y0, &x1, &y1);
	assert_true(y1 - y0 > 3 * (x1 - x0)); /* 7 characters standing */
	word_box(out, "和田地区和田县", &x0, &y0, &x1, &y1);
	assert_true(x1 - x0 > 3 * (y1 - y0)); /* lying, where it was put */
	assert_true(x0 > 199 && x0 < 201);
	free(out);
	doc_release(&doc);
	arena_free(a);
}

/* The widths the PDF gives its glyphs (/DW, /W) are the ones layout
 * measured with: a line of digits, Latin and Chinese ends where layout
 * says it ends (pdftotext's word box), else right-aligned figures drift. */
static void test_pdf_glyph_widths_match_layout(void **state)
{
	static const char line[] = "2019年12.58%ABCxyz喀什地区";
	struct arena *a = arena_new();
	struct doc doc;
	const char *path = path_in_dir("widths.pdf");
	char *out;
	double x0, y0, x1, y1, want = 0;
	size_t i = 0, n = strlen(line);

	(void)state;
	while (i < n) {
		unsigned cp;
		int len = utf8_decode(line + i, n - i, &cp);

		want += font_advance(body, cp) * 20 / 1000;
		i += (size_t)len;
	}
	doc_init(&doc, a);
	doc_add_page(&doc);
	text(&doc, 0, 50, 300, line, DOC_FONT_BODY, 20);
	write_ok(&doc, path);
	out = run("pdftotext -bbox '%s' - 2>&1", path);
	word_box(out, "喀什地区", &x0, &y0, &x1, &y1);
	assert_float_equal(x0, 50, 0.05);
	assert_float_equal(x1 - x0, want, 0.05);
	free(out);
	doc_release(&doc);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_passes_qpdf_check),
		cmocka_unit_test(test_pdf_turned_text_is_drawn_turned),
		cmocka_unit_test(test_pdf_glyph_widths_match_layout),
		cmocka_unit_test(test_pdf_embeds_only_subset_fonts),
		cmocka_unit_test(test_pdf_text_extracts_as_the_chinese_written),
		cmocka_unit_test(test_pdf_writes_nested_bookmarks_and_links),
		cmocka_unit_test(test_pdf_same_doc_gives_identical_bytes),
		cmocka_unit_test(test_pdf_error_on_unwritable_path_leaves_no_file),
		cmocka_unit_test(test_pdf_failed_write_keeps_the_old_file),
		cmocka_unit_test(test_pdf_prepared_fonts_serve_many_docs),
		cmocka_unit_test(test_pdf_batch_fonts_are_trimmed_per_doc),
		cmocka_unit_test(test_pdf_same_font_for_both_roles_is_embedded_once),
		cmocka_unit_test(test_pdf_draws_missing_characters_as_white_square),
		cmocka_unit_test(test_pdf_of_chinese_pages_is_tens_of_kilobytes),
		cmocka_unit_test(test_pdf_rejects_a_malformed_date),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
