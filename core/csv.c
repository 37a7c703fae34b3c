#include "core/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/utf8.h"
#include "core/xalloc.h"

#define CSV_BUFSIZE ((size_t)1 << 20)
#define CSV_MAX_RECORD ((size_t)64 << 20)
#define CSV_MAX_FIELDS 100000
#define CSV_PAD 8 /* readable bytes past the data: the sentinel and slack */

enum { C_ORD, C_SPECIAL };
enum { REC_DONE, REC_MORE, REC_FATAL };
enum scan_err { ERR_NONE, ERR_NUL, ERR_UTF8, ERR_AFTER_QUOTE, ERR_MANY_FIELDS };

#define HI4(b) [b] = 1, [b + 1] = 1, [b + 2] = 1, [b + 3] = 1
#define HI16(b) HI4(b), HI4(b + 4), HI4(b + 8), HI4(b + 12)
#define HI128 HI16(0x80), HI16(0x90), HI16(0xA0), HI16(0xB0), HI16(0xC0), HI16(0xD0), \
	HI16(0xE0), HI16(0xF0)

/* The bytes that stop the scan of an unquoted / a quoted field: everything
 * else is copied through without a look. */
static const unsigned char stop_unquoted[256] = {[0] = 1, [','] = 1, ['\n'] = 1, HI128};
static const unsigned char stop_quoted[256] = {[0] = 1, ['"'] = 1, ['\n'] = 1, HI128};

/* The scan of one record. A record is scanned again from its start when the
 * buffer runs out in the middle of it, so nothing is reported during the
 * scan: the first problem is kept and reported once the record is whole. */
struct scan {
	const char *p, *end;
	const char *ls; /* start of the current line */
	int line;
	size_t cont;    /* UTF-8 continuation bytes between ls and p */
	int err;        /* enum scan_err */
	unsigned char err_byte;
	const char *err_ls;
	int err_line, err_col;
};

static int col_at(const struct scan *sc, const char *q)
{
	return (int)((size_t)(q - sc->ls) - sc->cont) + 1;
}

static void set_err(struct scan *sc, const char *at, int err)
{
	if (sc->err)
		return;
	sc->err = err;
	sc->err_byte = (unsigned char)*at;
	sc->err_ls = sc->ls;
	sc->err_line = sc->line;
	sc->err_col = col_at(sc, at);
}

static size_t line_len(const struct csv *c, const char *ls)
{
	const char *end = c->buf + c->len;
	const char *nl = memchr(ls, '\n', (size_t)(end - ls));
	size_t n = (size_t)((nl ? nl : end) - ls);

	if (n > 0 && ls[n - 1] == '\r')
		n--;
	return n;
}

static void open_common(struct csv *c, const char *file, struct diag *d)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	c->d = d;
	c->fd = -1;
	c->line = 1;
}

int csv_open(struct csv *c, const char *file, struct src_pos pos, struct diag *d)
{
	open_common(c, file, d);
	c->fd = open(file, O_RDONLY);
	if (c->fd < 0) {
		c->failed = 1;
		return diag_error(d, pos, "cannot open '%s': %s", file, strerror(errno));
	}
	c->cap = CSV_BUFSIZE;
	c->buf = xmalloc(c->cap + CSV_PAD);
	memset(c->buf, 0, CSV_PAD);
	return 0;
}

void csv_open_mem(struct csv *c, const char *name, const char *text, size_t len,
		  struct diag *d)
{
	open_common(c, name, d);
	c->cap = len;
	c->buf = xmalloc(len + CSV_PAD);
	memcpy(c->buf, text, len);
	memset(c->buf + len, 0, CSV_PAD);
	c->len = len;
	c->eof = 1;
}

void csv_close(struct csv *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	free(c->f);
	free(c->esc);
	c->buf = NULL;
	c->f = NULL;
	c->esc = NULL;
	c->fd = -1;
	c->failed = 1;
}

/* Keep the unread bytes [pos, len), move them to the front and read until
 * the buffer is full: a record is then rescanned only when it outgrows the
 * whole buffer, which doubles. */
static int fill(struct csv *c)
{
	size_t keep = c->len - c->pos;

	if (c->eof)
		return 0;
	memmove(c->buf, c->buf + c->pos, keep);
	c->pos = 0;
	c->len = keep;
	if (c->len == c->cap) {
		if (c->cap >= CSV_MAX_RECORD) {
			c->failed = 1;
			return diag_error(c->d, (struct src_pos){c->file, c->line, 1},
					  "record longer than %zu MiB", CSV_MAX_RECORD >> 20);
		}
		c->cap *= 2;
		c->buf = xrealloc(c->buf, c->cap + CSV_PAD);
	}
	while (c->len < c->cap) {
		ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			c->failed = 1;
			return diag_error(c->d, (struct src_pos){c->file, 0, 0},
					  "cannot read '%s': %s", c->file, strerror(errno));
		}
		if (n == 0) {
			c->eof = 1;
			break;
		}
		c->len += (size_t)n;
	}
	memset(c->buf + c->len, 0, CSV_PAD);
	return 0;
}

/* A byte >= 0x80 at sc->p: one UTF-8 sequence. Returns 1 when it may be
 * cut by the end of the buffer (read more), else 0. */
static int scan_utf8(const struct csv *c, struct scan *sc)
{
	size_t avail = (size_t)(sc->end - sc->p);
	unsigned cp;
	int n = utf8_decode(sc->p, avail, &cp);

	if (n < 0 && avail < 4 && !c->eof)
		return 1;
	if (n < 0) {
		set_err(sc, sc->p, ERR_UTF8);
		sc->p++;
		return 0;
	}
	sc->cont += (size_t)n - 1;
	sc->p += n;
	return 0;
}

static void new_line(struct scan *sc)
{
	sc->p++;
	sc->line++;
	sc->ls = sc->p;
	sc->cont = 0;
}

/* Bytes of w that are zero get their top bit set (and, above a zero byte,
 * maybe others: only the lowest one is exact, and only "any" is used). */
static uint64_t zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101u) & ~w & 0x8080808080808080u;
}

/* Skip ordinary bytes: eight at a time while none of them is a comma, LF,
 * NUL or >= 0x80 (the sentinel NUL ends the data, and CSV_PAD readable
 * bytes follow it), then one at a time up to the stop. */
static const char *skip_unquoted(const char *p)
{
	const uint64_t ones = 0x0101010101010101u;

	for (;;) {
		uint64_t w;
		memcpy(&w, p, 8);
		if ((zero_bytes(w ^ (ones * ',')) | zero_bytes(w ^ (ones * '\n')) | zero_bytes(w) |
		     (w & (ones * 0x80))) != 0)
			break;
		p += 8;
	}
	while (!stop_unquoted[(unsigned char)*p])
		p++;
	return p;
}

/* unquoted := [^,\n]* ; a CR before the line end belongs to the CRLF. */
static int scan_unquoted(const struct csv *c, struct scan *sc, struct csv_field *f)
{
	const char *start = sc->p;

	for (;;) {
		sc->p = skip_unquoted(sc->p);
		if (*sc->p == ',' || *sc->p == '\n')
			break;
		if (*sc->p == '\0') {
			if (sc->p == sc->end) {
				if (!c->eof)
					return REC_MORE;
				break;
			}
			set_err(sc, sc->p, ERR_NUL);
			sc->p++;
		} else if (scan_utf8(c, sc)) {
			return REC_MORE;
		}
	}
	f->s = start;
	f->len = (size_t)(sc->p - start);
	if (f->len > 0 && start[f->len - 1] == '\r' && *sc->p != ',')
		f->len--;
	return REC_DONE;
}

/* Copy the text of a quoted field with "" escapes into c->esc, halving the
 * quotes; the pointer is set once the record is whole (esc may move). */
static void unescape(struct csv *c, struct csv_field *f, const char *s, size_t len)
{
	size_t i;
	char *out;

	xgrow((void **)&c->esc, &c->esccap, c->esclen + len, 1);
	out = c->esc + c->esclen;
	f->esc_off = c->esclen;
	f->s = NULL;
	for (i = 0; i < len; i++) {
		*out++ = s[i];
		if (s[i] == '"')
			i++;
	}
	f->len = (size_t)(out - (c->esc + c->esclen));
	c->esclen += f->len;
}

/* After a closing quote: a comma, a line end or the end of the input. */
static int after_quote(const struct csv *c, struct scan *sc)
{
	struct csv_field junk;

	if (*sc->p == ',' || *sc->p == '\n')
		return REC_DONE;
	if (*sc->p == '\r' && (sc->p[1] == '\n' || sc->p + 1 == sc->end)) {
		if (sc->p + 1 == sc->end && !c->eof)
			return REC_MORE;
		sc->p++;
		return REC_DONE;
	}
	if (sc->p == sc->end)
		return c->eof ? REC_DONE : REC_MORE;
	set_err(sc, sc->p, ERR_AFTER_QUOTE);
	return scan_unquoted(c, sc, &junk);
}

/* quoted := '"' ([^"] | '""')* '"' ; commas and line ends included. */
static int scan_quoted(struct csv *c, struct scan *sc, struct csv_field *f)
{
	const char *start = ++sc->p;
	int escaped = 0;

	for (;;) {
		while (!stop_quoted[(unsigned char)*sc->p])
			sc->p++;
		if (*sc->p == '"') {
			if (sc->p[1] == '"') {
				escaped = 1;
				sc->p += 2;
				continue;
			}
			if (sc->p + 1 == sc->end && !c->eof)
				return REC_MORE;
			break;
		}
		if (*sc->p == '\n') {
			new_line(sc);
		} else if (*sc->p == '\0') {
			if (sc->p == sc->end) {
				if (!c->eof)
					return REC_MORE;
				diag_error_line(c->d, (struct src_pos){c->file, f->lineno, f->col},
						f->line, line_len(c, f->line),
						"unterminated quoted field");
				return REC_FATAL;
			}
			set_err(sc, sc->p, ERR_NUL);
			sc->p++;
		} else if (scan_utf8(c, sc)) {
			return REC_MORE;
		}
	}
	f->s = start;
	f->len = (size_t)(sc->p - start);
	if (escaped)
		unescape(c, f, start, f->len);
	sc->p++;
	return after_quote(c, sc);
}

static struct csv_field *new_field(struct csv *c, struct scan *sc)
{
	if (c->nf == CSV_MAX_FIELDS) {
		set_err(sc, sc->p, ERR_MANY_FIELDS);
		return &c->f[c->nf - 1];
	}
	if (c->nf == c->capf)
		xgrow((void **)&c->f, &c->capf, c->nf + 1, sizeof(*c->f));
	return &c->f[c->nf++];
}

/* record := field (',' field)* (LF | CRLF | end of input) */
static int scan_record(struct csv *c, struct scan *sc)
{
	c->nf = 0;
	c->esclen = 0;
	for (;;) {
		struct csv_field *f = new_field(c, sc);
		int r;

		f->line = sc->ls;
		f->lineno = sc->line;
		f->col = col_at(sc, sc->p);
		f->quoted = *sc->p == '"';
		r = f->quoted ? scan_quoted(c, sc, f) : scan_unquoted(c, sc, f);
		if (r != REC_DONE)
			return r;
		if (*sc->p == ',') {
			sc->p++;
			continue;
		}
		if (*sc->p == '\n')
			new_line(sc);
		return REC_DONE;
	}
}

static void report_scan_error(struct csv *c, const struct scan *sc)
{
	struct src_pos pos = {c->file, sc->err_line, sc->err_col};
	const char *ls = sc->err_ls;
	size_t n = line_len(c, ls);

	switch (sc->err) {
	case ERR_NUL:
		diag_error_line(c->d, pos, ls, n, "unexpected NUL byte");
		break;
	case ERR_UTF8:
		diag_error_line(c->d, pos, ls, n, "invalid UTF-8 byte 0x%02x", sc->err_byte);
		break;
	case ERR_AFTER_QUOTE:
		diag_error_line(c->d, pos, ls, n, "unexpected text after a closing quote");
		break;
	default:
		diag_error_line(c->d, pos, ls, n, "more than %d fields", CSV_MAX_FIELDS);
		break;
	}
	c->nerrors++;
}

/* Too few fields: the position just past the last one. */
static void report_field_count(struct csv *c)
{
	size_t i = c->nf > c->nheader ? c->nheader : c->nf - 1;
	struct src_pos pos = csv_pos(c, i);
	const struct csv_field *f = &c->f[i];

	if (c->nf < c->nheader && !f->quoted)
		pos.col += (int)utf8_count(f->s, f->len);
	diag_error_line(c->d, pos, f->line, line_len(c, f->line),
			"record has %zu field%s but the header has %zu", c->nf,
			c->nf == 1 ? "" : "s", c->nheader);
	c->nerrors++;
}

static int start(struct csv *c)
{
	if (c->fd >= 0 && fill(c) < 0)
		return -1;
	if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
	return 0;
}

/* A complete record: set the pointers into esc; 1 if it is to be returned. */
static int finish(struct csv *c, const struct scan *sc)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (!c->f[i].s)
			c->f[i].s = c->esc + c->f[i].esc_off;
	if (sc->err) {
		report_scan_error(c, sc);
		return 0;
	}
	if (c->nf == 1 && c->f[0].len == 0 && !c->f[0].quoted)
		return 0; /* an empty line */
	if (c->nheader == 0) {
		c->nheader = c->nf;
	} else if (c->nf != c->nheader) {
		report_field_count(c);
		return 0;
	}
	return 1;
}

int csv_next(struct csv *c)
{
	if (!c->started) {
		c->started = 1;
		if (start(c) < 0)
			return -1;
	}
	while (!c->failed) {
		struct scan sc;
		int r;

		if (c->pos == c->len) {
			if (c->eof)
				return 0;
			if (fill(c) < 0)
				return -1;
			continue;
		}
		memset(&sc, 0, sizeof(sc));
		sc.p = sc.ls = c->buf + c->pos;
		sc.end = c->buf + c->len;
		sc.line = c->line;
		r = scan_record(c, &sc);
		if (r == REC_MORE) {
			if (fill(c) < 0)
				return -1;
			continue;
		}
		if (r == REC_FATAL)
			break;
		c->pos = (size_t)(sc.p - c->buf);
		c->line = sc.line;
		if (finish(c, &sc))
			return 1;
	}
	c->failed = 1;
	return -1;
}

struct src_pos csv_pos(const struct csv *c, size_t i)
{
	struct src_pos pos = {c->file, c->f[i].lineno, c->f[i].col};
	return pos;
}

const char *csv_line(const struct csv *c, size_t i, size_t *len)
{
	*len = line_len(c, c->f[i].line);
	return c->f[i].line;
}

int csv_error(struct csv *c, size_t i, const char *fmt, ...)
{
	char msg[1024];
	size_t n;
	const char *line = csv_line(c, i, &n);
	va_list ap;

	/* Past the cap the message is only counted: skip the formatting. */
	if (c->d->nerrors >= c->d->max_errors)
		return diag_error_line(c->d, csv_pos(c, i), NULL, 0, "dropped");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_error_line(c->d, csv_pos(c, i), line, n, "%s", msg);
}

int csv_field_is(const struct csv *c, size_t i, const char *s)
{
	size_t n = strlen(s);
	return c->f[i].len == n && memcmp(c->f[i].s, s, n) == 0;
}
