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
#include "render/layout/font.h"

#define UMING "AR PL UMing CN"
#define ZENHEI "WenQuanYi Zen Hei"

static struct font *open_ok(const char *spec)
{
	struct diag d;
	struct font *f;

	diag_init(&d);
	f = font_open(spec, &d);
	if (!f)
		diag_print(&d, stderr);
	assert_non_null(f);
	assert_int_equal(d.nerrors, 0);
	diag_release(&d);
	return f;
}

static int has_message(const struct diag *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->items[i].msg, needle))
			return 1;
	return 0;
}

static void test_font_finds_default_families_through_fontconfig(void **state)
{
	struct font *body = open_ok(UMING), *heading = open_ok(ZENHEI);

	(void)state;
	assert_non_null(strstr(font_file(body), "uming.ttc"));
	assert_non_null(strstr(font_file(heading), "wqy-zenhei.ttc"));
	assert_string_equal(font_family(body), UMING);
	assert_string_equal(font_family(heading), ZENHEI);
	font_free(body);
	font_free(heading);
}

/* uming.ttc holds the TW, HK, CN... faces: each family must get its own. */
static void test_font_picks_the_face_of_the_family_in_a_collection(void **state)
{
	struct font *cn = open_ok(UMING), *tw = open_ok("AR PL UMing TW");

	(void)state;
	assert_string_equal(font_file(cn), font_file(tw));
	assert_int_not_equal(font_face_index(cn), font_face_index(tw));
	font_free(cn);
	font_free(tw);
}

static void test_font_opens_a_file_path(void **state)
{
	struct font *f = open_ok("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");

	(void)state;
	assert_int_equal(font_face_index(f), 0);
	assert_true(font_has(f, 0x4E2D));
	assert_string_equal(font_family(f), ZENHEI);
	font_free(f);
}

static void test_font_reports_unknown_family(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_null(font_open("No Such Font Family Xyzzy", &d));
	assert_int_equal(d.nerrors, 1);
	assert_true(has_message(&d, "font 'No Such Font Family Xyzzy' not found"));
	diag_release(&d);
}

static void test_font_reports_missing_file(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_null(font_open("/nonexistent/x.ttf", &d));
	assert_true(has_message(&d, "cannot open font '/nonexistent/x.ttf'"));
	diag_release(&d);
}

static void test_font_advances_are_sane(void **state)
{
	struct font *f = open_ok(UMING);

	(void)state;
	assert_true(font_advance(f, 0x4E2D) == 1000.0); /* 中: a full em */
	assert_true(font_advance(f, 'A') > 300 && font_advance(f, 'A') < 800);
	assert_true(font_advance(f, ' ') > 0 && font_advance(f, ' ') < 1000);
	/* cached value equals the first */
	assert_true(font_advance(f, 'A') == font_advance(f, 'A'));
	assert_true(font_ascent(f) > 500 && font_ascent(f) <= 1100);
	assert_true(font_descent(f) < 0 && font_descent(f) > -400);
	/* missing characters measure as the replacement they become */
	assert_true(font_advance(f, 0x1F600) == font_advance(f, FONT_REPLACEMENT));
	font_free(f);
}

static void test_font_has_cjk_but_not_emoji(void **state)
{
	struct font *f = open_ok(UMING);

	(void)state;
	assert_true(font_has(f, 0x4E2D));
	assert_true(font_has(f, 'A'));
	assert_true(font_has(f, FONT_REPLACEMENT));
	assert_false(font_has(f, 0x1F600));
	assert_false(font_can_draw(f, 0x1F600));
	font_free(f);
}

static void test_font_sanitize_keeps_drawable_text(void **state)
{
	struct font *f = open_ok(UMING);
	struct arena *a = arena_new();
	struct diag d;
	const char *in = "脱贫攻坚 2024 年：98.5%";

	(void)state;
	diag_init(&d);
	assert_ptr_equal(font_sanitize(f, in, a, &d), in);
	assert_int_equal(d.n, 0);
	diag_release(&d);
	arena_free(a);
	font_free(f);
}

static void test_font_sanitize_replaces_and_warns_once_per_character(void **state)
{
	struct font *f = open_ok(UMING);
	struct arena *a = arena_new();
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_string_equal(font_sanitize(f, "好\xF0\x9F\x98\x80好\xF0\x9F\x98\x80", a, &d),
			    "好\u25A1好\u25A1");
	assert_string_equal(font_sanitize(f, "\xF0\x9F\x98\x80", a, &d), "\u25A1");
	assert_string_equal(font_sanitize(f, "a\xFF", a, &d), "a\u25A1");
	assert_int_equal(d.nwarnings, 2);
	assert_int_equal(d.nerrors, 0);
	assert_true(has_message(&d, "U+1F600"));
	assert_true(has_message(&d, "0xFF"));
	diag_release(&d);
	arena_free(a);
	font_free(f);
}

static char *tmp_path(const char *name)
{
	static char buf[256];
	const char *t = getenv("TMPDIR");

	snprintf(buf, sizeof(buf), "%s/test_font_%ld_%s", t && *t ? t : "/tmp", (long)getpid(),
		 name);
	return buf;
}

static void test_font_subset_is_small_and_keeps_the_glyphs(void **state)
{
	static const unsigned cps[] = {0x4E2D, 0x534E, 0x4EBA, 0x6C11, 'A', '1', 0x3002, 0x4E2D};
	struct font *f = open_ok(UMING), *sub;
	char *path = tmp_path("sub.ttf");
	struct font_subset s;
	struct diag d;
	FILE *fp;

	(void)state;
	diag_init(&d);
	assert_int_equal(font_subset(f, cps, sizeof(cps) / sizeof(cps[0]), &s, &d), 0);
	assert_true(s.len > 1000 && s.len < 30000);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(s.data, 1, s.len, fp), s.len);
	assert_int_equal(fclose(fp), 0);
	/* The subset is a font of its own: the same glyphs, metrics kept. */
	sub = open_ok(path);
	assert_true(font_has(sub, 0x4E2D));
	assert_true(font_has(sub, 'A'));
	assert_false(font_has(sub, 'B'));
	assert_true(font_advance(sub, 'A') == font_advance(f, 'A'));
	font_free(sub);
	unlink(path);
	diag_release(&d);
	font_subset_release(&s);
	font_free(f);
}

static void test_font_subset_maps_just_the_asked_code_points(void **state)
{
	static const unsigned cps[] = {0x4E2D, 'A', 0x3002};
	struct font *f = open_ok(UMING);
	struct font_subset s;
	struct diag d;
	size_t i;

	(void)state;
	diag_init(&d);
	assert_int_equal(font_subset(f, cps, 3, &s, &d), 0);
	/* .notdef, the three and the space the subset always has */
	assert_true(s.nglyphs >= 5);
	for (i = 0; i < 3; i++) {
		unsigned g = s.gid[cps[i]];

		assert_true(g > 0 && g < s.nglyphs);
		assert_float_equal(s.width[g], font_advance(f, cps[i]), 0.01);
	}
	assert_true(s.gid[' '] > 0);
	assert_int_equal(s.gid['B'], 0);
	assert_int_equal(s.gid[0x534E], 0);
	assert_true(s.gid['A'] != s.gid[0x4E2D]);
	assert_float_equal(s.width[s.gid[0x4E2D]], 1000, 0.01);
	assert_true(s.ascent > 0 && s.descent < 0 && s.bbox[2] > s.bbox[0]);
	assert_non_null(s.psname);
	assert_null(strpbrk(s.psname, " /()<>[]{}%"));
	diag_release(&d);
	font_subset_release(&s);
	font_free(f);
}

/* A font with PostScript (CFF) outlines cannot be embedded the way the
 * PDF writer embeds fonts (TrueType glyf): an error naming it, never a PDF
 * whose text a viewer cannot draw. (fonts-urw-base35, from scripts/deps.sh) */
static void test_font_subset_refuses_cff_outlines(void **state)
{
	static const unsigned cps[] = {'A', 'B'};
	struct font *f = open_ok("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf");
	struct font_subset sub;
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(font_subset(f, cps, 2, &sub, &d), -1);
	assert_true(has_message(&d, "cannot embed font 'Nimbus Sans': it has PostScript (CFF) "
				    "outlines"));
	diag_release(&d);
	font_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_font_finds_default_families_through_fontconfig),
		cmocka_unit_test(test_font_picks_the_face_of_the_family_in_a_collection),
		cmocka_unit_test(test_font_opens_a_file_path),
		cmocka_unit_test(test_font_reports_unknown_family),
		cmocka_unit_test(test_font_reports_missing_file),
		cmocka_unit_test(test_font_advances_are_sane),
		cmocka_unit_test(test_font_has_cjk_but_not_emoji),
		cmocka_unit_test(test_font_sanitize_keeps_drawable_text),
		cmocka_unit_test(test_font_sanitize_replaces_and_warns_once_per_character),
		cmocka_unit_test(test_font_subset_is_small_and_keeps_the_glyphs),
		cmocka_unit_test(test_font_subset_maps_just_the_asked_code_points),
		cmocka_unit_test(test_font_subset_refuses_cff_outlines),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	font_cleanup();
	return failed;
}
