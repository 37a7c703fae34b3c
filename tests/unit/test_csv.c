#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csv.h"

/* Open text in memory; the diag is set up by the caller's struct. */
struct fixture {
	struct diag d;
	struct csv c;
};

static void open_text(struct fixture *fx, const char *text, size_t len)
{
	diag_init(&fx->d);
	csv_open_mem(&fx->c, "t.csv", text, len, &fx->d);
}

static void close_text(struct fixture *fx)
{
	csv_close(&fx->c);
	diag_release(&fx->d);
}

static void assert_field(const struct csv *c, size_t i, const char *text, int line, int col)
{
	assert_true(i < c->nf);
	assert_int_equal(c->f[i].len, strlen(text));
	assert_memory_equal(c->f[i].s, text, strlen(text));
	assert_int_equal(c->f[i].lineno, line);
	assert_int_equal(c->f[i].col, col);
}

static void assert_diag(const struct diag *d, size_t i, int line, int col, const char *msg)
{
	assert_true(i < d->n);
	assert_string_equal(d->items[i].msg, msg);
	assert_int_equal(d->items[i].pos.line, line);
	assert_int_equal(d->items[i].pos.col, col);
}

static void test_csv_reads_records_with_positions(void **state)
{
	struct fixture fx;
	const char *t = "a,bb,c\n1,22,333\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(fx.c.nf, 3);
	assert_field(&fx.c, 1, "bb", 1, 3);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "1", 2, 1);
	assert_field(&fx.c, 2, "333", 2, 6);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_int_equal(fx.d.n, 0);
	close_text(&fx);
}

static void test_csv_skips_bom_and_keeps_col_one(void **state)
{
	struct fixture fx;
	const char *t = "\xEF\xBB\xBFregion,x\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "region", 1, 1);
	assert_field(&fx.c, 1, "x", 1, 8);
	close_text(&fx);
}

static void test_csv_strips_crlf_line_ends(void **state)
{
	struct fixture fx;
	const char *t = "a,b\r\n1,\"2\"\r\n3,4\r\n5,6\r";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 1, "b", 1, 3);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 1, "2", 2, 3);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 1, "4", 3, 3);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 1, "6", 4, 3);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_int_equal(fx.d.n, 0);
	close_text(&fx);
}

static void test_csv_unquotes_escapes_and_commas(void **state)
{
	struct fixture fx;
	const char *t = "a,b,c\n\"x \"\"y\"\"\",\"1,5\",\"\"\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "x \"y\"", 2, 1);
	assert_true(fx.c.f[0].quoted);
	assert_field(&fx.c, 1, "1,5", 2, 11);
	assert_field(&fx.c, 2, "", 2, 17);
	assert_true(fx.c.f[2].quoted);
	close_text(&fx);
}

static void test_csv_quoted_field_spans_lines(void **state)
{
	struct fixture fx;
	const char *t = "a,b\n\"l1\nl2\",x\n4,5\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "l1\nl2", 2, 1);
	assert_field(&fx.c, 1, "x", 3, 5);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "4", 4, 1);
	close_text(&fx);
}

static void test_csv_counts_columns_in_code_points(void **state)
{
	struct fixture fx;
	const char *t = "名称,b\n甲乙丙,x\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "甲乙丙", 2, 1);
	assert_field(&fx.c, 1, "x", 2, 5);
	close_text(&fx);
}

static void test_csv_reports_unterminated_quote_at_the_quote(void **state)
{
	struct fixture fx;
	const char *t = "a,b\n1,\"abc\n2,3\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), -1);
	assert_int_equal(fx.d.nerrors, 1);
	assert_diag(&fx.d, 0, 2, 3, "unterminated quoted field");
	assert_string_equal(fx.d.items[0].text, "1,\"abc");
	assert_int_equal(csv_next(&fx.c), -1);
	close_text(&fx);
}

static void test_csv_reports_wrong_field_count_and_goes_on(void **state)
{
	struct fixture fx;
	const char *t = "a,b,c\n1,2,3,4\n5,6\n7,8,9\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "7", 4, 1);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_int_equal(fx.d.nerrors, 2);
	assert_diag(&fx.d, 0, 2, 7, "record has 4 fields but the header has 3");
	assert_diag(&fx.d, 1, 3, 4, "record has 2 fields but the header has 3");
	close_text(&fx);
}

static void test_csv_reports_nul_byte_with_position(void **state)
{
	struct fixture fx;
	const char t[] = "a,b\n1,x\0y\n2,z\n";

	(void)state;
	open_text(&fx, t, sizeof(t) - 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "2", 3, 1);
	assert_int_equal(fx.d.nerrors, 1);
	assert_diag(&fx.d, 0, 2, 4, "unexpected NUL byte");
	close_text(&fx);
}

static void test_csv_reports_invalid_utf8_with_position(void **state)
{
	struct fixture fx;
	const char *t = "a,b\n中文,x\xff\n\"q\n\xc3\x28\",1\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_int_equal(fx.d.nerrors, 2);
	assert_diag(&fx.d, 0, 2, 5, "invalid UTF-8 byte 0xff");
	assert_diag(&fx.d, 1, 4, 1, "invalid UTF-8 byte 0xc3");
	close_text(&fx);
}

static void test_csv_reports_truncated_utf8_at_end(void **state)
{
	struct fixture fx;
	const char *t = "a\nx\xe4\xb8";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_diag(&fx.d, 0, 2, 2, "invalid UTF-8 byte 0xe4");
	close_text(&fx);
}

static void test_csv_reports_text_after_closing_quote(void **state)
{
	struct fixture fx;
	const char *t = "a,b\n\"x\"y,1\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_diag(&fx.d, 0, 2, 4, "unexpected text after a closing quote");
	close_text(&fx);
}

static void test_csv_skips_empty_lines(void **state)
{
	struct fixture fx;
	const char *t = "a,b\n\n1,2\n\r\n\n";

	(void)state;
	open_text(&fx, t, strlen(t));
	assert_int_equal(csv_next(&fx.c), 1);
	assert_int_equal(csv_next(&fx.c), 1);
	assert_field(&fx.c, 0, "1", 3, 1);
	assert_int_equal(csv_next(&fx.c), 0);
	assert_int_equal(fx.d.n, 0);
	close_text(&fx);
}

static void test_csv_open_reports_missing_file(void **state)
{
	struct diag d;
	struct csv c;
	struct src_pos where = {"cfg.yaml", 3, 12};

	(void)state;
	diag_init(&d);
	assert_int_equal(csv_open(&c, "/nonexistent/x.csv", where, &d), -1);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.items[0].pos.line, 3);
	assert_non_null(strstr(d.items[0].msg, "cannot open '/nonexistent/x.csv'"));
	csv_close(&c);
	diag_release(&d);
}

/* Records that straddle the 1 MiB buffer, and one longer than the buffer:
 * the reader must refill and grow without losing or splitting anything. */
static void test_csv_streams_records_across_buffer_ends(void **state)
{
	char path[] = "/tmp/progrep_csv_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	size_t i, n = 60000, longlen = 3u << 20;
	char *big = malloc(longlen + 1);
	struct diag d;
	struct csv c;
	struct src_pos nowhere = {NULL, 0, 0};

	(void)state;
	assert_non_null(f);
	memset(big, 'z', longlen);
	big[longlen] = '\0';
	fprintf(f, "id,text\r\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "%zu,\"row \"\"%zu\"\",\n中\"\r\n", i, i);
		if (i == n / 2)
			fprintf(f, "long,%s\n", big);
	}
	fclose(f);
	diag_init(&d);
	assert_int_equal(csv_open(&c, path, nowhere, &d), 0);
	assert_int_equal(csv_next(&c), 1);
	for (i = 0; i < n; i++) {
		char want[64];
		assert_int_equal(csv_next(&c), 1);
		snprintf(want, sizeof(want), "row \"%zu\",\n中", i);
		assert_int_equal(c.f[1].len, strlen(want));
		assert_memory_equal(c.f[1].s, want, strlen(want));
		assert_int_equal(c.f[0].lineno, (int)(2 + 2 * i + (i > n / 2)));
		if (i == n / 2) {
			assert_int_equal(csv_next(&c), 1);
			assert_int_equal(c.f[1].len, longlen);
		}
	}
	assert_int_equal(csv_next(&c), 0);
	assert_int_equal(d.n, 0);
	csv_close(&c);
	diag_release(&d);
	free(big);
	unlink(path);
}

/* Plain records (the fast path) around the 1 MiB buffer end: one ending
 * exactly at it, the next ones straddling it by one byte and more, with
 * repeated first fields: each must come back whole and in place. */
static void test_csv_streams_plain_records_across_the_buffer_end(void **state)
{
	char path[] = "/tmp/progrep_csv_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	size_t i, n = 80000, at = 0, boundary = (size_t)1 << 20, pad = 0;
	struct diag d;
	struct csv c;
	struct src_pos nowhere = {NULL, 0, 0};
	char want[128];

	(void)state;
	assert_non_null(f);
	at += (size_t)fprintf(f, "region,period,indicator,value\n");
	for (i = 0; i < n; i++) {
		/* Pad the value of the record that would cross the boundary
		 * so that its LF is the buffer's last byte. */
		int len = snprintf(want, sizeof(want), "650101%06zu,%zu,ind_%zu,%zu\n", i / 160,
				   2013 + i / 20 % 8, i % 20, i);
		if (!pad && at + (size_t)len + 64 > boundary) {
			pad = boundary - at - (size_t)len;
			at += (size_t)fprintf(f, "650101%06zu,%zu,ind_%zu,%zu%0*d\n", i / 160,
					      2013 + i / 20 % 8, i % 20, i, (int)pad, 0);
			continue;
		}
		at += (size_t)fprintf(f, "%s", want);
	}
	fclose(f);
	diag_init(&d);
	assert_int_equal(csv_open(&c, path, nowhere, &d), 0);
	assert_int_equal(csv_next(&c), 1);
	for (i = 0; i < n; i++) {
		assert_int_equal(csv_next(&c), 1);
		snprintf(want, sizeof(want), "650101%06zu", i / 160);
		assert_field(&c, 0, want, (int)i + 2, 1);
		snprintf(want, sizeof(want), "%zu", 2013 + i / 20 % 8);
		assert_field(&c, 1, want, (int)i + 2, 14);
		snprintf(want, sizeof(want), "ind_%zu", i % 20);
		assert_field(&c, 2, want, (int)i + 2, 19);
		snprintf(want, sizeof(want), "%zu", i); /* maybe padded with zeros */
		assert_true(c.f[3].len == strlen(want) || c.f[3].len == strlen(want) + pad);
		assert_memory_equal(c.f[3].s, want, strlen(want));
	}
	assert_int_equal(csv_next(&c), 0);
	assert_int_equal(d.n, 0);
	csv_close(&c);
	diag_release(&d);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_records_with_positions),
		cmocka_unit_test(test_csv_skips_bom_and_keeps_col_one),
		cmocka_unit_test(test_csv_strips_crlf_line_ends),
		cmocka_unit_test(test_csv_unquotes_escapes_and_commas),
		cmocka_unit_test(test_csv_quoted_field_spans_lines),
		cmocka_unit_test(test_csv_counts_columns_in_code_points),
		cmocka_unit_test(test_csv_reports_unterminated_quote_at_the_quote),
		cmocka_unit_test(test_csv_reports_wrong_field_count_and_goes_on),
		cmocka_unit_test(test_csv_reports_nul_byte_with_position),
		cmocka_unit_test(test_csv_reports_invalid_utf8_with_position),
		cmocka_unit_test(test_csv_reports_truncated_utf8_at_end),
		cmocka_unit_test(test_csv_reports_text_after_closing_quote),
		cmocka_unit_test(test_csv_skips_empty_lines),
		cmocka_unit_test(test_csv_open_reports_missing_file),
		cmocka_unit_test(test_csv_streams_records_across_buffer_ends),
		cmocka_unit_test(test_csv_streams_plain_records_across_the_buffer_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
