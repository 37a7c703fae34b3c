#ifndef PROGREP_CSV_H
#define PROGREP_CSV_H

#include <stddef.h>

#include "core/util/diag.h"

struct arena;

/*
 * A streaming RFC 4180 reader: UTF-8 (an initial BOM is skipped), LF or
 * CRLF line ends, quoted fields with "" escapes and embedded commas and
 * newlines. The file is read with read() through one buffer (1 MiB, grown
 * only for a record longer than that), so memory does not depend on the
 * file size. Fields are not copied: they point into the buffer.
 *
 * The first record is the header; every later record must have as many
 * fields. Problems are reported into the diag with file:line:col (col in
 * code points, 1-based) and the source line: a record with the wrong number
 * of fields, a NUL byte or invalid UTF-8 is reported and skipped; an
 * unterminated quote or a read error ends the input. Empty lines are
 * skipped.
 *
 * A plain record (one line, no quote, no NUL) takes a fast path that reads
 * 16 bytes at a time (8 without SSE2) and skips the first fields when they
 * repeat the last record's; anything else, and every problem, goes through
 * the careful scan. Both give the same records and the same messages.
 */

struct csv_field {
	const char *s;    /* the text, unquoted and unescaped; NOT NUL-terminated */
	size_t len;
	const char *line; /* start of the physical line where the field starts */
	int lineno;       /* 1-based */
	int col;          /* 1-based, in code points */
	int quoted;       /* written in quotes */
	size_t esc_off;   /* private: offset of unescaped text in csv.esc */
};

struct csv {
	const char *file;  /* for messages; borrowed, must outlive the diag */
	struct diag *d;
	int fd;            /* -1 for text in memory */
	char *buf;         /* cap + 16 bytes; buf[len] is a NUL sentinel */
	size_t cap, len, pos;
	int eof;
	int started;       /* the first buffer was read and the BOM skipped */
	int failed;        /* a fatal error was reported: no more records */
	int line;          /* line number at buf + pos */
	size_t nheader;    /* fields of the header; 0 before it is read */
	/* The current record: valid until the next csv_next. */
	struct csv_field *f;
	size_t nf, capf;
	char *esc;         /* unescaped text of quoted fields with "" */
	size_t esclen, esccap;
	size_t nerrors;    /* records skipped because of an error */
	/* The first `same` fields of the current record are byte for byte
	 * those of the record before (0: not known). Data sorted by its first
	 * columns repeats them, and a reader can skip their lookups. */
	size_t same;
	/* private, for the fast path: the first 32 bytes of a recent record,
	 * whose first repnf fields (as f[0 .. repnf) still describe them) the
	 * next record may repeat; reppart: 1 + the fields the last record
	 * repeated when not all of them, else 0 */
	char rep[32];
	size_t repnf, reppart;
	size_t repend;     /* the bytes of those fields, with their commas */
	/* A sheet of an Excel file, given as CSV text (core/data/xlsx.c): line
	 * k, field i is the cell of row row0 + k, column col0 + i (0-based),
	 * and positions name the cell: "book.xlsx:Sheet1!C7" (texts in a). */
	const char *sheet;
	int row0, col0;
	struct arena *a;
};

/* Open path for reading. Returns 0, or -1 after reporting "cannot open"
 * at pos (c is then closed; csv_close is still safe). file is used in
 * messages and must outlive d. */
int csv_open(struct csv *c, const char *file, struct src_pos pos, struct diag *d);

/* Read text[0..len) (copied) as if it were the file named name. */
void csv_open_mem(struct csv *c, const char *name, const char *text, size_t len,
		  struct diag *d);

/* Read the next record into c->f[0 .. c->nf). Returns 1 for a record, 0 at
 * the end of the input, -1 after a fatal error (already reported). The
 * first record returned is the header. */
int csv_next(struct csv *c);

/* Release the buffer and close the file. NULL-safe on a zeroed csv. */
void csv_close(struct csv *c);

/* The position of field i of the current record. In a sheet: the file
 * "book.xlsx:Sheet1!C7", line and column 0. */
struct src_pos csv_pos(const struct csv *c, size_t i);

/* Report an error at field i of the current record, with its source line.
 * Returns -1. */
int csv_error(struct csv *c, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The physical line holding field i (up to but excluding its line end). */
const char *csv_line(const struct csv *c, size_t i, size_t *len);

/* Do fields i of the current record equal the NUL-terminated s? */
int csv_field_is(const struct csv *c, size_t i, const char *s);

#endif
