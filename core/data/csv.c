#include "core/data/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/arena.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

#ifndef CSV_BUFSIZE /* tests read through a tiny buffer */
#define CSV_BUFSIZE ((size_t)1 << 20)
#endif
#define CSV_MAX_RECORD ((size_t)64 << 20)
#define CSV_MAX_FIELDS 100000
#define CSV_PAD 16 /* readable bytes past the data: the sentinel and slack */

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

/*
 * The fast path reads a block of bytes at a time into three bit masks, bit
 * i for byte i: stops (comma or LF), nl (LF) and odd (NUL, '"' or >= 0x80);
 * only when odd is not empty, block_bad gives the NUL and '"' alone. With
 * SSE2 a block is 16 bytes; else, on a little-endian GNU C target, 8
 * (SWAR). odd and bad may also mark a byte after such a byte: only "any
 * before the LF" is asked. Elsewhere there is no fast path.
 */
#if defined(__GNUC__) && defined(__SSE2__) && !defined(CSV_FORCE_SWAR)
#include <emmintrin.h>
#define CSV_FAST 1
#define FAST_BLOCK 16

static __m128i bad_bytes(__m128i w)
{
	return _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('"')),
			    _mm_cmpeq_epi8(w, _mm_setzero_si128()));
}

static void block_masks(const char *p, uint64_t *stops, uint64_t *nl, uint64_t *odd)
{
	__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i lf = _mm_cmpeq_epi8(w, _mm_set1_epi8('\n'));
	__m128i comma = _mm_cmpeq_epi8(w, _mm_set1_epi8(','));

	*nl = (uint64_t)_mm_movemask_epi8(lf);
	*stops = (uint64_t)_mm_movemask_epi8(_mm_or_si128(lf, comma));
	*odd = (uint64_t)_mm_movemask_epi8(_mm_or_si128(bad_bytes(w), w)); /* w: the top bit */
}

static uint64_t block_bad(const char *p)
{
	return (uint64_t)_mm_movemask_epi8(
		bad_bytes(_mm_loadu_si128((const __m128i *)(const void *)p)));
}
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CSV_FAST 1
#define FAST_BLOCK 8
#define ONES ((uint64_t)0x0101010101010101u)
#define HIGH ((uint64_t)0x8080808080808080u)

/* The top bit of each byte of w that equals b, exactly: no borrow crosses
 * from one byte into the next. */
static uint64_t eq_bytes(uint64_t w, unsigned b)
{
	uint64_t t = w ^ (ONES * b);
	return ~(((t & ~HIGH) + ~HIGH) | t | ~HIGH);
}

/* The top bits of the bytes of m, as bits 0..7. */
static uint64_t gather(uint64_t m)
{
	return ((m >> 7) * (uint64_t)0x0102040810204080u) >> 56;
}

/* Zero bytes of w and of w ^ '"' (top bits); a borrow only leaves a byte
 * that is zero, so it marks only bytes above a bad one. */
static uint64_t bad_bytes(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"');
	return (((w - ONES) & ~w) | ((q - ONES) & ~q)) & HIGH;
}

static void block_masks(const char *p, uint64_t *stops, uint64_t *nl, uint64_t *odd)
{
	uint64_t w, lf;

	memcpy(&w, p, 8);
	lf = eq_bytes(w, '\n');
	*nl = gather(lf);
	*stops = gather(eq_bytes(w, ',') | lf);
	*odd = gather(bad_bytes(w) | (w & HIGH));
}

static uint64_t block_bad(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return gather(bad_bytes(w));
}
#else
#define CSV_FAST 0
#define FAST_BLOCK 8

static void block_masks(const char *p, uint64_t *stops, uint64_t *nl, uint64_t *odd)
{
	(void)p;
	*stops = *nl = 0;
	*odd = 1;
}

static uint64_t block_bad(const char *p)
{
	(void)p;
	return 1;
}
#endif

#if CSV_FAST
#define low_bit_index(m) ((size_t)__builtin_ctzll(m))
#else
#define low_bit_index(m) ((size_t)0)
#endif

/* How many first bytes a[0..32) and b[0..32) have in common. */
#if CSV_FAST && FAST_BLOCK == 16
static size_t common_start(const char *a, const char *b)
{
	__m128i a0 = _mm_loadu_si128((const __m128i *)(const void *)a);
	__m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)b);
	__m128i a1 = _mm_loadu_si128((const __m128i *)(const void *)(a + 16));
	__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(b + 16));
	uint64_t eq = (uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a0, b0)) |
		      (uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a1, b1)) << 16;

	return low_bit_index(~eq); /* bit 32 is set in ~eq */
}
#else
static size_t common_start(const char *a, const char *b)
{
	uint64_t x, y;
	size_t i;

	for (i = 0; i < 32; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) /* little-endian: the first bytes are the low ones */
			return i + (low_bit_index(x ^ y) >> 3);
	}
	return 32;
}
#endif

/* The end of field i in its line: the offset just past its comma. */
static size_t field_end(const struct csv *c, size_t i)
{
	return (size_t)c->f[i].col + c->f[i].len;
}

/* Keep the first 32 bytes of the record at ls, with up to most of its
 * first fields that end in its first `ascii` bytes (not the last field),
 * for the next record to compare. Only when 32 bytes are readable at ls.
 * (Columns count code points: they are offsets only in ASCII.) */
static void keep_start(struct csv *c, const char *ls, size_t nf, size_t most, size_t ascii)
{
	size_t k = nf - 1 < most ? nf - 1 : most;

	while (k > 0 && field_end(c, k - 1) > (ascii < 32 ? ascii : 32))
		k--;
	c->repnf = 0;
	if (k == 0 || c->len - (size_t)(ls - c->buf) < 32 - CSV_PAD)
		return;
	memcpy(c->rep, ls, 32);
	c->repnf = k;
	c->repend = field_end(c, k - 1);
}

/* A record at ls with bytes >= 0x80 up to its LF at q: valid UTF-8 (else
 * 0, and the careful scan reports it); the columns of its fields count
 * code points. A sequence never holds a comma, so no field starts inside
 * one. Sets *ascii to the offset of its first byte >= 0x80. */
static int fast_utf8(struct csv *c, const char *ls, const char *q, size_t nf, size_t *ascii)
{
	struct csv_field *f = c->f;
	const char *p = ls;
	size_t k = 0, cont = 0;
	unsigned cp;

	while ((unsigned char)*p < 0x80)
		p++;
	*ascii = (size_t)(p - ls);
	while (k < nf && f[k].s <= p)
		k++;
	while (p < q) {
		const unsigned char *u = (const unsigned char *)p;
		if (u[0] < 0x80) {
			p++;
		} else if (q - p >= 3 && u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED &&
			   (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
			/* the usual 3-byte sequence (CJK): never overlong, never a
			 * surrogate, so valid for utf8_decode too */
			cont += 2;
			p += 3;
		} else {
			int n = utf8_decode(p, (size_t)(q - p), &cp);
			if (n < 0)
				return 0;
			cont += (size_t)n - 1;
			p += n;
		}
		for (; k < nf && f[k].s <= p; k++)
			f[k].col = (int)((size_t)(f[k].s - ls) - cont) + 1;
	}
	return 1;
}

/* The record ending at the LF at q, with nf fields, is complete: take it
 * unless the careful scan would see it differently. It repeated the first
 * same fields of the kept ones, and holds bytes >= 0x80 if utf8. What to
 * keep for the next record: all of them again (same == repnf); after a
 * first partial repeat, this record's as many (a new run of equal first
 * fields may start here); after a second one with the same count, those
 * that repeated (the next field changes on every record). */
static inline int fast_done(struct csv *c, const char *q, size_t nf, size_t same, int utf8)
{
	struct csv_field *last = &c->f[nf - 1];
	const char *ls = c->buf + c->pos;
	size_t ascii = 32;

	if (last->len > 0 && last->s[last->len - 1] == '\r')
		last->len--;
	if (nf != c->nheader || (nf == 1 && last->len == 0))
		return 0;
	if (utf8 && !fast_utf8(c, ls, q, nf, &ascii))
		return 0;
	if (same < c->repnf) {
		if (same > 0 && c->reppart == same + 1) {
			c->repnf = same;
			c->repend = field_end(c, same - 1);
			c->reppart = 0;
		} else {
			keep_start(c, ls, nf, c->repnf, ascii);
			c->reppart = same + 1;
		}
	} else if (c->repnf == 0) {
		keep_start(c, ls, nf, 32, ascii);
		c->reppart = 0;
	} else {
		c->reppart = 0;
	}
	c->same = same;
	c->nf = nf;
	c->esclen = 0;
	c->pos = (size_t)(q + 1 - c->buf);
	c->line++;
	return 1;
}

/*
 * The common record, in one pass: one line, whole in the buffer, without
 * NUL or '"', with as many fields as the header (and valid UTF-8). Anything
 * else returns 0 with c->pos, c->line and c->nf unchanged, and the careful scan
 * reads the record (and reports what is wrong with it). A record not ended
 * in the buffer meets the NUL sentinel at its end, which is odd, and
 * CSV_PAD >= FAST_BLOCK readable bytes follow the sentinel.
 * First fields equal to those kept from a recent record (but for where
 * they are) are not scanned again.
 */
static inline int fast_record(struct csv *c)
{
	const char *ls = c->buf + c->pos, *p = ls, *fs = ls;
	struct csv_field *f = c->f;
	size_t nf = 0, nheader = c->nheader, same = 0;
	int line = c->line, utf8 = 0;

	if (!CSV_FAST)
		return 0;
	if (c->repnf && c->len - c->pos >= 32 - CSV_PAD) {
		size_t n = common_start(ls, c->rep);
		same = c->repnf;
		if (n < c->repend) /* not all of them */
			while (same > 0 && field_end(c, same - 1) > n)
				same--;
		for (; nf < same; nf++) {
			f[nf].s = ls + f[nf].col - 1;
			f[nf].line = ls;
			f[nf].lineno = line;
		}
		if (same)
			p = fs = ls + field_end(c, same - 1);
	}
	for (;; p += FAST_BLOCK) {
		uint64_t stops, nl, odd;

		block_masks(p, &stops, &nl, &odd);
		if (nl)
			odd &= (nl & (~nl + 1)) - 1; /* only the bytes before the LF */
		if (odd) {
			if (block_bad(p) & odd)
				return 0;
			utf8 = 1; /* only bytes >= 0x80 */
		}
		for (; stops; stops &= stops - 1) {
			const char *q = p + low_bit_index(stops);
			if (nf == nheader)
				return 0;
			f[nf].s = fs;
			f[nf].len = (size_t)(q - fs);
			f[nf].line = ls;
			f[nf].lineno = line;
			f[nf].col = (int)(fs - ls) + 1;
			f[nf].quoted = 0;
			nf++;
			if (*q == '\n')
				return fast_done(c, q, nf, same, utf8);
			fs = q + 1;
		}
	}
}

/* csv_next beyond the fast path, one record with the careful scan: kept
 * apart, so that the fast path needs no big stack frame. */
static int __attribute__((noinline)) next_careful(struct csv *c)
{
	c->same = c->repnf = c->reppart = 0;
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

/* The fast path once the header is read (at the end of the data, it meets
 * the sentinel and leaves). */
int csv_next(struct csv *c)
{
	if (c->nheader && !c->failed && fast_record(c))
		return 1;
	return next_careful(c);
}

/* "book.xlsx:Sheet1!C7" */
static struct src_pos cell_pos(const struct csv *c, size_t i)
{
	char col[8];
	int n = c->col0 + (int)i + 1, k = (int)sizeof(col) - 1;

	col[k] = '\0';
	for (; n > 0 && k > 0; n = (n - 1) / 26)
		col[--k] = (char)('A' + (n - 1) % 26);
	return (struct src_pos){arena_printf(c->a, "%s:%s!%s%d", c->file, c->sheet, col + k,
					     c->row0 + c->f[i].lineno), 0, 0};
}

struct src_pos csv_pos(const struct csv *c, size_t i)
{
	struct src_pos pos = {c->file, c->f[i].lineno, c->f[i].col};

	if (c->sheet)
		return cell_pos(c, i);
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

	if (c->sheet) /* the CSV text is ours, not the user's */
		line = NULL, n = 0;
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
