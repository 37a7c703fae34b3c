/*
 * The fast path of the CSV reader against its careful scan: random texts,
 * read once with csv_next and once with the careful scan alone, must give
 * the same records (fields, positions, source lines) and the same
 * diagnostics. The reader is compiled in here with a 64-byte buffer, so
 * that records keep meeting the buffer end. test_csv_swar.c includes this
 * file to run it on the portable 8-byte (SWAR) path too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSV_BUFSIZE ((size_t)64)
#include "core/data/csv.c"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
}

static void puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* A field into out[0 .. 71), its length in out[71] (NUL may be inside):
 * mostly plain ASCII (sometimes longer than 32 bytes), now and then
 * something only the careful scan may take. */
static void random_field(char *out)
{
#define S(x) {x, sizeof(x) - 1}
	static const struct {
		const char *s;
		size_t n;
	} odd[] = {
		S("\"q\""), S("\"a,b\""), S("\"x\"\"y\""), S("\"two\nlines\""), S("a\"b"),
		S("\"open"), S("\"q\"x"), S("\"cr\"\r"), S("caf\xC3\xA9"),
		S("\xE4\xB8\xAD\xE6\x96\x87"), S("bad\xFF"), S("cut\xE4\xB8"), S("nul\0x"),
		S("cr\r"), S("\r"), S(""),
	};
#undef S
	/* UTF-8: 2, 3 and 4 bytes; then a surrogate, overlong and cut ones */
	static const char *const mb[] = {
		"\xC3\xA9", "\xE4\xB8\xAD", "\xE1\x80\x80", "\xED\x9F\xBF", "\xEF\xBF\xBD",
		"\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xE0\x80\x80", "\xC0\xAF", "\xE4\xB8",
	};
	size_t n, i;

	if (rnd(12) == 0) {
		i = rnd(sizeof(odd) / sizeof(odd[0]));
		memcpy(out, odd[i].s, odd[i].n);
		out[71] = (char)odd[i].n;
		return;
	}
	if (rnd(8) == 0) { /* text with multibyte characters, now and then bad */
		for (n = 0, i = rnd(12); i > 0 && n < 60; i--) {
			const char *m = mb[rnd(20) ? rnd(6) : 6 + rnd(4)];
			if (rnd(2)) {
				out[n++] = "abc123"[rnd(6)];
			} else {
				memcpy(out + n, m, strlen(m));
				n += strlen(m);
			}
		}
		out[71] = (char)n;
		return;
	}
	n = rnd(5) == 0 ? 20 + rnd(40) : rnd(14);
	for (i = 0; i < n; i++)
		out[i] = "abcxyz0123456789_.-"[rnd(19)];
	out[71] = (char)n;
}

/* Rows that mostly repeat the first fields of the row before, as sorted
 * data does, with the occasional wrong field count, empty line, CRLF. */
static void random_text(struct text *t)
{
	char prev[6][72], cur[72];
	size_t nh = 1 + rnd(5), rows = 1 + rnd(60), r, i;

	t->len = 0;
	memset(prev, 0, sizeof(prev));
	if (rnd(8) == 0)
		puts_(t, "\xEF\xBB\xBF");
	for (i = 0; i < nh; i++) {
		puts_(t, i ? ",h" : "h");
		put(t, "0123456789" + i, 1);
	}
	puts_(t, rnd(4) ? "\n" : "\r\n");
	for (r = 0; r < rows; r++) {
		size_t nf = rnd(10) == 0 ? 1 + rnd(6) : nh, keep = rnd(nf + 1);
		if (rnd(20) == 0) {
			puts_(t, rnd(2) ? "\n" : "\r\n");
			continue;
		}
		for (i = 0; i < nf; i++) {
			if (i >= keep || i >= 6)
				random_field(cur);
			else
				memcpy(cur, prev[i], sizeof(cur));
			if (i > 0)
				puts_(t, ",");
			put(t, cur, (size_t)(unsigned char)cur[71]);
			if (i < 6)
				memcpy(prev[i], cur, sizeof(cur));
		}
		if (r + 1 < rows || rnd(3))
			puts_(t, rnd(5) ? "\n" : "\r\n");
	}
}

/* A record of the fast reader, kept to check its claim c->same. */
struct kept {
	char text[6][256];
	size_t len[6], nf;
};

static void keep_record(const struct csv *c, struct kept *k)
{
	size_t i;

	k->nf = c->nf;
	for (i = 0; i < c->nf && i < 6; i++) {
		k->len[i] = c->f[i].len < 256 ? c->f[i].len : 256;
		memcpy(k->text[i], c->f[i].s, k->len[i]);
	}
}

static void assert_same_record(const struct csv *a, const struct csv *b, const struct kept *last)
{
	size_t i, na, nb;

	assert_int_equal(a->nf, b->nf);
	for (i = 0; i < a->nf; i++) {
		const struct csv_field *x = &a->f[i], *y = &b->f[i];
		assert_int_equal(x->len, y->len);
		assert_memory_equal(x->s, y->s, x->len);
		assert_int_equal(x->lineno, y->lineno);
		assert_int_equal(x->col, y->col);
		assert_int_equal(x->quoted, y->quoted);
		csv_line(a, i, &na);
		csv_line(b, i, &nb);
		assert_int_equal(na, nb);
		assert_memory_equal(x->line, y->line, na);
	}
	assert_true(a->same <= a->nf);
	for (i = 0; i < a->same; i++) {
		assert_true(i < last->nf);
		assert_int_equal(a->f[i].len, last->len[i]);
		assert_memory_equal(a->f[i].s, last->text[i], last->len[i]);
	}
}

static void assert_same_diags(const struct diag *a, const struct diag *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->nerrors, b->nerrors);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->items[i].level, b->items[i].level);
		assert_string_equal(a->items[i].msg, b->items[i].msg);
		assert_int_equal(a->items[i].pos.line, b->items[i].pos.line);
		assert_int_equal(a->items[i].pos.col, b->items[i].pos.col);
		if (a->items[i].text || b->items[i].text)
			assert_string_equal(a->items[i].text, b->items[i].text);
	}
}

/* Read t with csv_next (a) and with the careful scan alone (b), through
 * memory or through a file and the 64-byte buffer. */
static void compare_readers(const struct text *t, int from_file)
{
	char path[] = "/tmp/progrep_csv_fast_XXXXXX";
	struct src_pos nowhere = {NULL, 0, 0};
	struct diag da, db;
	struct csv a, b;
	struct kept last;
	int ra, rb;

	diag_init(&da);
	diag_init(&db);
	if (from_file) {
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, t->s, t->len), (ssize_t)t->len);
		close(fd);
		assert_int_equal(csv_open(&a, path, nowhere, &da), 0);
		assert_int_equal(csv_open(&b, path, nowhere, &db), 0);
	} else {
		csv_open_mem(&a, "t.csv", t->s, t->len, &da);
		csv_open_mem(&b, "t.csv", t->s, t->len, &db);
	}
	memset(&last, 0, sizeof(last));
	do {
		ra = csv_next(&a);
		rb = next_careful(&b);
		assert_int_equal(ra, rb);
		if (ra == 1) {
			assert_same_record(&a, &b, &last);
			keep_record(&a, &last);
		}
	} while (ra == 1);
	assert_same_diags(&da, &db);
	csv_close(&a);
	csv_close(&b);
	diag_release(&da);
	diag_release(&db);
	if (from_file)
		unlink(path);
}

static void test_csv_fast_path_reads_as_the_careful_scan_from_memory(void **state)
{
	struct text t = {NULL, 0, 0};
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		random_text(&t);
		compare_readers(&t, 0);
	}
	free(t.s);
}

static void test_csv_fast_path_reads_as_the_careful_scan_across_buffer_ends(void **state)
{
	struct text t = {NULL, 0, 0};
	int i;

	(void)state;
	for (i = 0; i < 600; i++) {
		random_text(&t);
		compare_readers(&t, 1);
	}
	free(t.s);
}

/* The fast path was taken at all: plain rows repeating their first
 * fields come back with c->same set, and their fields in place. */
static void test_csv_fast_path_reports_repeated_first_fields(void **state)
{
	const char *t = "region,period,ind,value\n"
			"650101000001,2013,a,1\n"
			"650101000001,2013,b,2\r\n"
			"650101000001,2014,a,3\n"
			"650101000001,2014,\"b\",4\n"
			"650101000001,2014,c,5\n"
			"650101000001,2014,d,6\n";
	struct diag d;
	struct csv c;

	(void)state;
	diag_init(&d);
	csv_open_mem(&c, "t.csv", t, strlen(t), &d);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.same, 0);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.same, 2);
	assert_int_equal(c.f[3].len, 1); /* the CR is not part of the value */
	assert_int_equal(c.f[1].lineno, 3);
	assert_int_equal(c.f[1].col, 14);
	assert_ptr_equal(c.f[0].s, c.f[0].line);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.same, 1); /* the period differs: only the region kept */
	assert_memory_equal(c.f[1].s, "2014", 4);
	assert_int_equal(csv_next(&c), 1); /* a quoted field: the careful scan */
	assert_int_equal(c.same, 0);
	assert_true(c.f[2].quoted);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.same, 2);
	assert_int_equal(c.f[2].col, 19);
	assert_memory_equal(c.f[2].s, "d", 1);
	assert_int_equal(c.f[3].lineno, 7);
	assert_int_equal(csv_next(&c), 0);
	assert_int_equal(d.n, 0);
	csv_close(&c);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fast_path_reads_as_the_careful_scan_from_memory),
		cmocka_unit_test(test_csv_fast_path_reads_as_the_careful_scan_across_buffer_ends),
		cmocka_unit_test(test_csv_fast_path_reports_repeated_first_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
