#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "render/pdf/pdf_embed.h"

/* A TrueType file with just what a /CIDSet reads: a table directory,
 * head (indexToLocFormat at 50) and loca, short or long. */
struct ttf {
	unsigned char b[512];
	size_t len;
};

static void be16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void be32(unsigned char *p, unsigned long v)
{
	be16(p, (unsigned)(v >> 16));
	be16(p + 2, (unsigned)(v & 0xFFFF));
}

/* offsets[n + 1] in bytes: glyph g has an outline when offsets[g + 1] >
 * offsets[g]. */
static void make(struct ttf *t, const unsigned long *offsets, unsigned n, int longloca)
{
	size_t head = 12 + 2 * 16, loca = head + 54, i;

	memset(t, 0, sizeof(*t));
	be16(t->b + 4, 2); /* numTables */
	memcpy(t->b + 12, "head", 4);
	be32(t->b + 12 + 8, head);
	be32(t->b + 12 + 12, 54);
	memcpy(t->b + 28, "loca", 4);
	be32(t->b + 28 + 8, loca);
	be32(t->b + 28 + 12, (n + 1) * (longloca ? 4 : 2));
	be16(t->b + head + 50, longloca ? 1 : 0);
	for (i = 0; i <= n; i++) {
		if (longloca)
			be32(t->b + loca + 4 * i, offsets[i]);
		else
			be16(t->b + loca + 2 * i, (unsigned)(offsets[i] / 2));
	}
	t->len = loca + (n + 1) * (longloca ? 4 : 2);
}

/* .notdef always; glyphs with outlines (1, 3, 9); a drawn glyph without
 * one (the space, 5); nothing else, in both loca formats. */
static void test_cidset_lists_outlines_drawn_and_notdef(void **state)
{
	/* 10 glyphs: outlines for 1, 3 and 9 */
	static const unsigned long off[11] = {0, 0, 20, 20, 40, 40, 40, 40, 40, 40, 60};
	unsigned char used[11] = {0};
	struct ttf t;
	unsigned char *bits;
	size_t n;
	int longloca;

	(void)state;
	used[5] = 1;
	for (longloca = 0; longloca < 2; longloca++) {
		make(&t, off, 10, longloca);
		bits = pdf_embed_cidset_bits(t.b, t.len, used, 10, &n);
		assert_non_null(bits);
		assert_int_equal(n, 2);
		/* CIDs 0 1 3 5 | 9: 1101 0100 | 0100 0000 */
		assert_int_equal(bits[0], 0xD4);
		assert_int_equal(bits[1], 0x40);
		free(bits);
	}
	/* without used[]: the outlines and .notdef */
	make(&t, off, 10, 0);
	bits = pdf_embed_cidset_bits(t.b, t.len, NULL, 10, &n);
	assert_non_null(bits);
	assert_int_equal(bits[0], 0xD0);
	free(bits);
}

/* A file that is not what it should be gives NULL, never a read past it. */
static void test_cidset_refuses_a_short_file(void **state)
{
	static const unsigned long off[4] = {0, 10, 10, 20};
	struct ttf t;
	size_t n;

	(void)state;
	make(&t, off, 3, 0);
	/* more glyphs than loca has */
	assert_null(pdf_embed_cidset_bits(t.b, t.len, NULL, 4, &n));
	/* cut short: loca runs past the end */
	assert_null(pdf_embed_cidset_bits(t.b, t.len - 1, NULL, 3, &n));
	/* no head */
	memcpy(t.b + 12, "xxxx", 4);
	assert_null(pdf_embed_cidset_bits(t.b, t.len, NULL, 3, &n));
	assert_null(pdf_embed_cidset_bits(t.b, 8, NULL, 3, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cidset_lists_outlines_drawn_and_notdef),
		cmocka_unit_test(test_cidset_refuses_a_short_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
