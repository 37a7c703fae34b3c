#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "core/util/strbuf.h"
#include "render/pdf/pdf_pack.h"

/* A file as libharu 2.3.0 lays it out: header, objects, an xref table of
 * 20-byte entries, the trailer. Object 4 is a stream, object 5 has
 * generation 1 (both stay plain objects). */
static char *libharu_file(size_t *n)
{
	static const char *const objs[] = {
		"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
		"<<\n/Type /Pages\n/Kids [ 3 0 R ]\n/Count 1\n>>",
		"<<\n/Type /Page\n/Parent 2 0 R\n/Contents 4 0 R\n/Title (endstream)\n>>",
		"<<\n/Length 6 0 R\n>>\nstream\r\nBT ET\nendstream",
		"(gen one)",
		"5",
		"<<\n/Producer (test)\n>>",
	};
	struct strbuf b = {0};
	size_t off[8], i;

	strbuf_adds(&b, "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n");
	for (i = 0; i < 7; i++) {
		off[i] = b.len;
		strbuf_addf(&b, "%zu %d obj\n%s\nendobj\n", i + 1, i == 4 ? 1 : 0, objs[i]);
	}
	off[7] = b.len;
	strbuf_adds(&b, "xref\n0 8\n0000000000 65535 f\r\n");
	for (i = 0; i < 7; i++)
		strbuf_addf(&b, "%010zu %05d n\r\n", off[i], i == 4 ? 1 : 0);
	strbuf_addf(&b, "trailer\n<<\n/ID [ <%032d> <%032d> ]\n/Root 1 0 R\n/Info 7 0 R\n"
			"/Size 8\n>>\nstartxref\n%zu\n%%%%EOF\n", 0, 0, off[7]);
	return strbuf_detach(&b, n);
}

static const char *find(const char *s, size_t n, const char *key)
{
	size_t k = strlen(key), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, key, k) == 0)
			return s + i;
	return NULL;
}

/* Inflate the stream whose dictionary starts at dict (its /Length direct). */
static unsigned char *inflate_at(const char *dict, size_t *n)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	const char *len = strstr(dict, "/Length "), *data = strstr(dict, "stream\n") + 7;
	size_t room = 1 << 20;
	unsigned char *out = malloc(room);

	assert_int_equal(libdeflate_zlib_decompress(d, data, (size_t)atol(len + 8), out, room, n),
			 LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(d);
	return out;
}

/* Undo /Predictor 12 (PNG Up) on rows of cols bytes. */
static void unpredict(unsigned char *buf, size_t n, size_t cols, unsigned char *rows)
{
	size_t r, k;

	for (r = 0; r * (cols + 1) < n; r++) {
		assert_int_equal(buf[r * (cols + 1)], 2);
		for (k = 0; k < cols; k++)
			rows[r * cols + k] = (unsigned char)(buf[r * (cols + 1) + 1 + k] +
							     (r ? rows[(r - 1) * cols + k] : 0));
	}
}

static unsigned long field(const unsigned char *r, int w)
{
	unsigned long v = 0;

	while (w-- > 0)
		v = v << 8 | *r++;
	return v;
}

/* Every object is where the xref stream says: a plain one at its offset
 * under its own number, a packed one in the object stream at its index;
 * streams and generation 1 stay plain, the trailer's keys move over. */
static void test_pdf_pack_puts_objects_where_the_xref_stream_says(void **state)
{
	size_t n, m, xn;
	char *in = libharu_file(&n), err[128] = "";
	unsigned char *out = pdf_pack((unsigned char *)in, n, &m, err, sizeof(err));
	const char *s, *x, *o;
	unsigned char *raw, rows[16 * 8];
	unsigned long start;
	int w2;
	size_t i;

	(void)state;
	assert_non_null(out);
	s = (const char *)out;
	/* the header and its binary comment line as they were */
	assert_memory_equal(s, "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n4 0 obj", 22);
	/* startxref points at the xref stream, object 9 (8 is the ObjStm) */
	x = find(s, m, "startxref\n");
	assert_non_null(x);
	start = strtoul(x + 10, NULL, 10);
	assert_memory_equal(s + start, "9 0 obj\n<<\n/Type /XRef\n/Size 10\n", 32);
	assert_non_null(strstr(s + start, "/Root 1 0 R\n/Info 7 0 R\n/ID [ <0000"));
	assert_int_equal(sscanf(strstr(s + start, "/W [ 1 "), "/W [ 1 %d 2 ]", &w2), 1);
	raw = inflate_at(s + start, &xn);
	assert_int_equal(xn, 10 * (size_t)(1 + w2 + 2 + 1));
	unpredict(raw, xn, (size_t)(3 + w2), rows);
	for (i = 0; i < 10; i++) {
		const unsigned char *r = rows + i * (size_t)(3 + w2);
		unsigned long f2 = field(r + 1, w2), f3 = field(r + 1 + w2, 2);
		char head[32];

		if (i == 0) {
			assert_int_equal(r[0], 0);
			continue;
		}
		if (i == 4 || i == 5 || i >= 8) { /* stream, generation 1, ObjStm, XRef */
			assert_int_equal(r[0], 1);
			snprintf(head, sizeof(head), "%zu %d obj", i, i == 5 ? 1 : 0);
			assert_memory_equal(s + f2, head, strlen(head));
			assert_int_equal(f3, i == 5 ? 1 : 0);
		} else {
			assert_int_equal(r[0], 2);
			assert_int_equal(f2, 8);
		}
	}
	free(raw);
	/* the object stream: its objects, numbers and bodies as written */
	o = find(s, m, "8 0 obj\n<<\n/Type /ObjStm\n/N 5\n");
	assert_non_null(o);
	raw = inflate_at(o, &xn);
	assert_memory_equal(raw, "1 0 2 ", 6);
	assert_non_null(find((char *)raw, xn, "/Title (endstream)\n>>\n5\n<<\n/Producer (test)\n>>"));
	assert_null(find((char *)raw, xn, "stream\r\n"));
	assert_null(find((char *)raw, xn, "gen one"));
	assert_non_null(find(s, m, "4 0 obj\n<<\n/Length 6 0 R\n>>\nstream\r\nBT ET\nendstream\nendobj"));
	free(raw);
	free(out);
	free(in);
}

/* The same input, the same bytes. */
static void test_pdf_pack_is_reproducible(void **state)
{
	size_t n, m1, m2;
	char *in = libharu_file(&n), err[128];
	unsigned char *a = pdf_pack((unsigned char *)in, n, &m1, err, sizeof(err));
	unsigned char *b = pdf_pack((unsigned char *)in, n, &m2, err, sizeof(err));

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(m1, m2);
	assert_memory_equal(a, b, m1);
	free(a);
	free(b);
	free(in);
}

/* A wrong offset, a missing endobj, a missing xref: an error, no file. */
static void test_pdf_pack_refuses_what_it_cannot_read(void **state)
{
	size_t n, m;
	char *in = libharu_file(&n), err[128];
	char *bad = malloc(n);
	char *p;

	(void)state;
	memcpy(bad, in, n);
	p = strstr(bad, "2 0 obj");
	p[0] = '9'; /* object 2's entry points at "9 0 obj" */
	assert_null(pdf_pack((unsigned char *)bad, n, &m, err, sizeof(err)));
	assert_non_null(strstr(err, "object 2"));

	memcpy(bad, in, n);
	p = strstr(bad, "Pages\n/Kids [ 3 0 R ]\n/Count 1\n>>\nendobj");
	memcpy(p + 33, "endobx", 6);
	assert_null(pdf_pack((unsigned char *)bad, n, &m, err, sizeof(err)));
	assert_non_null(strstr(err, "endobj"));

	memcpy(bad, in, n);
	p = strstr(bad, "startxref");
	p[0] = 'S';
	assert_null(pdf_pack((unsigned char *)bad, n, &m, err, sizeof(err)));
	assert_null(pdf_pack((unsigned char *)"%PDF-1.4\n%%EOF\n", 15, &m, err, sizeof(err)));
	free(bad);
	free(in);
}

/* Objects made as text: one replaces a body, one is added after the
 * last; neither a stream nor a number past the end can be set. */
static void test_pdf_pack_sets_and_adds_objects(void **state)
{
	size_t n, m, xn;
	char *in = libharu_file(&n), err[128];
	struct pdf_pack *p = pdf_pack_read((unsigned char *)in, n, err, sizeof(err));
	unsigned char *out, *raw;
	const char *o;

	(void)state;
	assert_non_null(p);
	assert_int_equal(pdf_pack_size(p), 8);
	assert_int_equal(pdf_pack_set(p, 7, "<</Producer (new)>>", 19), 0);
	assert_int_equal(pdf_pack_set(p, 8, "[ 7 0 R ]", 9), 0);
	assert_int_equal(pdf_pack_size(p), 9);
	assert_int_equal(pdf_pack_set(p, 4, "1", 1), -1);
	assert_int_equal(pdf_pack_set(p, 10, "1", 1), -1);
	out = pdf_pack_write(p, &m, 1, err, sizeof(err));
	assert_non_null(out);
	o = find((char *)out, m, "9 0 obj\n<<\n/Type /ObjStm\n/N 6\n");
	assert_non_null(o);
	raw = inflate_at(o, &xn);
	assert_non_null(find((char *)raw, xn, "<</Producer (new)>>\n[ 7 0 R ]\n"));
	assert_null(find((char *)raw, xn, "(test)"));
	assert_non_null(find((char *)out, m, "10 0 obj\n<<\n/Type /XRef\n/Size 11\n"));
	free(raw);
	free(out);
	pdf_pack_free(p);
	free(in);
}

/* Without object streams (PDF/A-1): every object plain, the added ones
 * too, each where its xref table entry says, the trailer kept. */
static void test_pdf_pack_writes_plain_objects_for_pdfa1(void **state)
{
	size_t n, m, i;
	char *in = libharu_file(&n), err[128];
	struct pdf_pack *p = pdf_pack_read((unsigned char *)in, n, err, sizeof(err));
	unsigned char *out;
	const char *s, *x;

	(void)state;
	assert_non_null(p);
	assert_int_equal(pdf_pack_set(p, 8, "[ 7 0 R ]", 9), 0);
	out = pdf_pack_write(p, &m, 0, err, sizeof(err));
	assert_non_null(out);
	s = (const char *)out;
	assert_null(find(s, m, "/ObjStm"));
	assert_null(find(s, m, "/XRef"));
	x = find(s, m, "startxref\n");
	assert_non_null(x);
	x = s + strtoul(x + 10, NULL, 10);
	assert_memory_equal(x, "xref\n0 9\n0000000000 65535 f\r\n", 29);
	for (i = 1; i < 9; i++) {
		char head[32];
		unsigned long off = strtoul(x + 29 + (i - 1) * 20, NULL, 10);

		snprintf(head, sizeof(head), "%zu %d obj\n", i, i == 5 ? 1 : 0);
		assert_memory_equal(s + off, head, strlen(head));
	}
	assert_non_null(find(s, m, "8 0 obj\n[ 7 0 R ]\nendobj\n"));
	assert_non_null(strstr(x, "trailer\n<<\n/Root 1 0 R\n/Info 7 0 R\n/ID [ <000"));
	assert_non_null(strstr(x, "/Size 9\n"));
	free(out);
	pdf_pack_free(p);
	free(in);
}

/* Damaged input, byte by byte and cut short anywhere: an error or a
 * file, never a crash or a read outside the input (run under ASan by
 * scripts/test.sh). */
static void test_pdf_pack_survives_damaged_input(void **state)
{
	static const char subst[] = {'0', '9', ' ', 'x', '\0', '>'};
	size_t n, m, i, k;
	char *in = libharu_file(&n), err[128];
	unsigned char *bad = malloc(n), *out;

	(void)state;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(subst); k++) {
			memcpy(bad, in, n);
			bad[i] = (unsigned char)subst[k];
			out = pdf_pack(bad, n, &m, err, sizeof(err));
			free(out);
		}
		/* only the first i bytes, in a buffer of exactly that size */
		out = malloc(i + 1);
		memcpy(out, in, i);
		free(pdf_pack(out, i, &m, err, sizeof(err)));
		free(out);
	}
	free(bad);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_pack_puts_objects_where_the_xref_stream_says),
		cmocka_unit_test(test_pdf_pack_is_reproducible),
		cmocka_unit_test(test_pdf_pack_refuses_what_it_cannot_read),
		cmocka_unit_test(test_pdf_pack_sets_and_adds_objects),
		cmocka_unit_test(test_pdf_pack_writes_plain_objects_for_pdfa1),
		cmocka_unit_test(test_pdf_pack_survives_damaged_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
