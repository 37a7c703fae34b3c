#include "render/pdf/pdf_pack.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/strbuf.h"
#include "core/util/xalloc.h"
#include "render/pdf/pdf_deflate.h"

/*
 * The input is read through its own xref table, never by scanning for
 * "obj": each in-use entry must point at "N G obj", and an object runs to
 * the next object's offset (or the xref table), ending in "endobj". An
 * object whose body ends in "endstream" is a stream and stays a plain
 * object; a string inside a dictionary cannot end the body that way.
 */

/* Objects per object stream: more compress better (a tagged sample's
 * structure elements repeat "/S /TD /P 12 0 R /Pg ..."), but a reader
 * inflates a whole stream to reach one object. 1000 objects of the
 * tagged sample are about 60 KB inflated. */
#define PACK_PER_STREAM 1000
/* libdeflate level of the object streams and the xref stream. */
#define PACK_LEVEL 6

struct entry {
	size_t off;      /* in the input */
	size_t end;      /* just past its "endobj" */
	size_t body, body_end; /* the object between "obj" and "endobj" */
	unsigned gen;
	int used, packed; /* in use; goes into an object stream */
	int ext;         /* body and body_end index ext, not the input */
	unsigned stm, idx; /* packed: its object stream and index there */
	size_t newoff;   /* not packed: its offset in the output */
};

struct pdf_pack {
	int objstm; /* 0: every object plain, an xref table (PDF/A-1) */
	const unsigned char *in;
	size_t n;
	struct entry *e;
	size_t size; /* objects 0 .. size - 1 have xref entries */
	size_t cap;
	size_t xref; /* offset of "xref" */
	char root[32], info[32], id[128];
	struct strbuf ext; /* bodies set by pdf_pack_set */
	char *err;
	size_t errlen;
};

static int fail(struct pdf_pack *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct pdf_pack *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* The decimal number at *at (before end), moving past it; -1 if none. */
static long long number(const unsigned char *s, size_t *at, size_t end)
{
	long long v = 0;
	size_t i = *at;

	if (i >= end || s[i] < '0' || s[i] > '9')
		return -1;
	while (i < end && s[i] >= '0' && s[i] <= '9' && v < (1LL << 40))
		v = v * 10 + (s[i++] - '0');
	*at = i;
	return v;
}

static void skip_ws(const unsigned char *s, size_t *at, size_t end)
{
	while (*at < end && is_ws(s[*at]))
		(*at)++;
}

/* The last occurrence of the NUL-terminated key in s[from, to), or -1. */
static long long find_last(const unsigned char *s, size_t from, size_t to, const char *key)
{
	size_t k = strlen(key), i;

	if (to < from + k)
		return -1;
	for (i = to - k + 1; i-- > from;)
		if (memcmp(s + i, key, k) == 0)
			return (long long)i;
	return -1;
}

/* xref: "xref" then subsections "first count" of 20-byte entries. */
static int read_xref(struct pdf_pack *p)
{
	long long sx = find_last(p->in, 0, p->n, "startxref"), v;
	size_t at;

	if (sx < 0)
		return fail(p, "no startxref");
	at = (size_t)sx + 9;
	skip_ws(p->in, &at, p->n);
	if ((v = number(p->in, &at, p->n)) < 0 || (size_t)v + 4 > p->n ||
	    memcmp(p->in + v, "xref", 4) != 0)
		return fail(p, "startxref does not point at an xref table");
	p->xref = (size_t)v;
	at = p->xref + 4;
	for (;;) {
		long long first, count, i;

		skip_ws(p->in, &at, p->n);
		if (at + 7 <= p->n && memcmp(p->in + at, "trailer", 7) == 0)
			return 0;
		if ((first = number(p->in, &at, p->n)) < 0 || (skip_ws(p->in, &at, p->n), 0) ||
		    (count = number(p->in, &at, p->n)) < 0 || first + count > 8000000)
			return fail(p, "bad xref subsection at offset %zu", at);
		skip_ws(p->in, &at, p->n);
		if ((size_t)(first + count) > p->size) {
			xgrow((void **)&p->e, &p->cap, (size_t)(first + count), sizeof(*p->e));
			memset(p->e + p->size, 0, ((size_t)(first + count) - p->size) * sizeof(*p->e));
			p->size = (size_t)(first + count);
		}
		for (i = first; i < first + count; i++, at += 20) {
			const unsigned char *r = p->in + at;
			size_t k = 0;
			long long off, gen;

			if (at + 20 > p->n || (r[17] != 'n' && r[17] != 'f'))
				return fail(p, "bad xref entry for object %lld", i);
			off = number(r, &k, 10);
			k = 11;
			gen = number(r, &k, 16);
			if (off < 0 || gen < 0 || gen > 65535)
				return fail(p, "bad xref entry for object %lld", i);
			memset(&p->e[i], 0, sizeof(p->e[i]));
			p->e[i].used = r[17] == 'n';
			p->e[i].off = (size_t)off;
			p->e[i].gen = (unsigned)gen;
		}
	}
}

/* Copy the value of key in the trailer (an "N G R" or "[ ... ]") to out. */
static int trailer_value(struct pdf_pack *p, const char *key, char *out, size_t room)
{
	long long k = find_last(p->in, p->xref, p->n, key);
	size_t at, start;

	out[0] = '\0';
	if (k < 0)
		return 0;
	at = (size_t)k + strlen(key);
	skip_ws(p->in, &at, p->n);
	start = at;
	if (at < p->n && p->in[at] == '[') {
		while (at < p->n && p->in[at] != ']')
			at++;
		at++;
	} else {
		while (at < p->n && p->in[at] != 'R' && p->in[at] != '/' && p->in[at] != '>')
			at++;
		if (at >= p->n || p->in[at] != 'R')
			return fail(p, "trailer %s is not a reference", key);
		at++;
	}
	if (at > p->n || at - start + 1 > room)
		return fail(p, "trailer %s too long", key);
	memcpy(out, p->in + start, at - start);
	out[at - start] = '\0';
	return 0;
}

static int by_offset(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Check each object's header and find its end and body. */
static int read_objects(struct pdf_pack *p)
{
	struct entry **order = xmalloc((p->size + 1) * sizeof(*order));
	size_t m = 0, i;
	int ret = 0;

	for (i = 0; i < p->size; i++)
		if (p->e[i].used)
			order[m++] = &p->e[i];
	qsort(order, m, sizeof(*order), by_offset);
	for (i = 0; i < m && ret == 0; i++) {
		struct entry *e = order[i];
		size_t num = (size_t)(e - p->e), limit = i + 1 < m ? order[i + 1]->off : p->xref;
		size_t at = e->off, end = limit;
		long long v, g;

		if (limit <= e->off || limit > p->n) {
			ret = fail(p, "object %zu overlaps another", num);
			break;
		}
		v = number(p->in, &at, limit);
		skip_ws(p->in, &at, limit);
		g = number(p->in, &at, limit);
		skip_ws(p->in, &at, limit);
		if (v != (long long)num || g != (long long)e->gen || at + 3 > limit ||
		    memcmp(p->in + at, "obj", 3) != 0) {
			ret = fail(p, "xref entry of object %zu does not point at its header", num);
			break;
		}
		e->body = at + 3;
		while (end > e->body && is_ws(p->in[end - 1]))
			end--;
		if (end < e->body + 6 || memcmp(p->in + end - 6, "endobj", 6) != 0) {
			ret = fail(p, "object %zu does not end with endobj", num);
			break;
		}
		e->end = end;
		end -= 6;
		while (end > e->body && is_ws(p->in[end - 1]))
			end--;
		e->body_end = end;
		skip_ws(p->in, &e->body, end);
		e->packed = e->gen == 0 && !(end >= e->body + 9 &&
					    memcmp(p->in + end - 9, "endstream", 9) == 0);
	}
	free(order);
	return ret;
}

/* Append the n bytes at data deflated, as "Length L >>\nstream\n...". */
static int add_stream(struct pdf_pack *p, struct strbuf *out, const void *data, size_t n)
{
	size_t room = pdf_deflate_bound(PACK_LEVEL, n), z;
	unsigned char *buf = xmalloc(room);

	z = pdf_deflate(data, n, PACK_LEVEL, buf, room);
	if (z == 0) {
		free(buf);
		return fail(p, "cannot compress an object stream");
	}
	strbuf_addf(out, "/Filter /FlateDecode\n/Length %zu\n>>\nstream\n", z);
	strbuf_add(out, (const char *)buf, z);
	strbuf_adds(out, "\nendstream\nendobj\n");
	free(buf);
	return 0;
}

/* The count packed objects listed at list as object stream num: a header
 * of "number offset" pairs, then their bodies. */
static int write_objstm(struct pdf_pack *p, struct strbuf *out, const size_t *list, size_t count,
			size_t num)
{
	struct strbuf head = {0}, objs = {0};
	size_t i;
	int ret;

	for (i = 0; i < count; i++) {
		struct entry *e = &p->e[list[i]];

		strbuf_add_ulong(&head, list[i]);
		strbuf_addch(&head, ' ');
		strbuf_add_ulong(&head, objs.len);
		strbuf_addch(&head, ' ');
		strbuf_add(&objs, (e->ext ? p->ext.s : (const char *)p->in) + e->body,
			   e->body_end - e->body);
		strbuf_addch(&objs, '\n');
		e->stm = (unsigned)num;
		e->idx = (unsigned)i;
	}
	head.s[head.len - 1] = '\n';
	strbuf_addf(out, "%zu 0 obj\n<<\n/Type /ObjStm\n/N %zu\n/First %zu\n", num, count,
		    head.len);
	strbuf_add(&head, objs.s, objs.len);
	ret = add_stream(p, out, head.s, head.len);
	strbuf_release(&head);
	strbuf_release(&objs);
	return ret;
}

static void put(unsigned char *row, int w, unsigned long long v)
{
	while (w-- > 0) {
		row[w] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* The cross-reference stream, object xnum at the end of out, and the
 * file's end. Rows are [type, field 2, field 3] with PNG Up prediction
 * (/Predictor 12), which turns the slowly rising offsets into runs. */
static int write_xref_stream(struct pdf_pack *p, struct strbuf *out, const size_t *stm_off,
			     size_t nstm)
{
	size_t xnum = p->size + nstm, total = xnum + 1, xoff = out->len, i, max = xoff;
	int w2 = 1, ret;
	size_t cols;
	unsigned char *rows, *prev;

	if (total > max)
		max = total;
	while (w2 < 8 && (max >> (8 * w2)) != 0)
		w2++;
	cols = 1 + (size_t)w2 + 2;
	rows = xmalloc(total * (cols + 1));
	prev = xmalloc(cols);
	memset(prev, 0, cols);
	for (i = 0; i < total; i++) {
		unsigned char row[16] = {0};
		unsigned char *r = rows + i * (cols + 1);
		size_t k;

		if (i < p->size && p->e[i].used && p->e[i].packed) {
			row[0] = 2;
			put(row + 1, w2, p->e[i].stm);
			put(row + 1 + w2, 2, p->e[i].idx);
		} else if (i < p->size && p->e[i].used) {
			row[0] = 1;
			put(row + 1, w2, p->e[i].newoff);
			put(row + 1 + w2, 2, p->e[i].gen);
		} else if (i >= p->size) {
			row[0] = 1;
			put(row + 1, w2, i == xnum ? xoff : stm_off[i - p->size]);
		} else {
			put(row + 1 + w2, 2, i == 0 ? 65535 : 0); /* free */
		}
		r[0] = 2; /* PNG Up */
		for (k = 0; k < cols; k++)
			r[1 + k] = (unsigned char)(row[k] - prev[k]);
		memcpy(prev, row, cols);
	}
	strbuf_addf(out, "%zu 0 obj\n<<\n/Type /XRef\n/Size %zu\n/W [ 1 %d 2 ]\n/Root %s\n", xnum,
		    total, w2, p->root);
	if (p->info[0])
		strbuf_addf(out, "/Info %s\n", p->info);
	if (p->id[0])
		strbuf_addf(out, "/ID %s\n", p->id);
	strbuf_addf(out, "/DecodeParms << /Columns %zu /Predictor 12 >>\n", cols);
	ret = add_stream(p, out, rows, total * (cols + 1));
	free(rows);
	free(prev);
	if (ret == 0)
		strbuf_addf(out, "startxref\n%zu\n%%%%EOF\n", xoff);
	return ret;
}

/* The classic end: an xref table of 20-byte entries and the trailer. */
static void write_xref_table(struct pdf_pack *p, struct strbuf *out)
{
	size_t xoff = out->len, i;

	strbuf_addf(out, "xref\n0 %zu\n", p->size);
	for (i = 0; i < p->size; i++) {
		if (p->e[i].used)
			strbuf_addf(out, "%010zu %05u n\r\n", p->e[i].newoff, p->e[i].gen);
		else
			strbuf_addf(out, "0000000000 %05u f\r\n", i == 0 ? 65535u : 0u);
	}
	strbuf_addf(out, "trailer\n<<\n/Root %s\n", p->root);
	if (p->info[0])
		strbuf_addf(out, "/Info %s\n", p->info);
	if (p->id[0])
		strbuf_addf(out, "/ID %s\n", p->id);
	strbuf_addf(out, "/Size %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", p->size, xoff);
}

static int write_packed(struct pdf_pack *p, struct strbuf *out)
{
	size_t *list = xmalloc((p->size + 1) * sizeof(*list));
	size_t *stm_off = NULL, nstm = 0, cap = 0, npacked = 0, first = p->n, i;
	int ret = 0;

	for (i = 0; i < p->size; i++)
		if (p->e[i].used && !p->e[i].ext && p->e[i].off < first)
			first = p->e[i].off;
	/* the output is smaller than what it is made of: one allocation */
	strbuf_grow(out, p->n + p->ext.len);
	/* the header and its binary comment, as libharu wrote them */
	strbuf_add(out, (const char *)p->in, first < p->n ? first : 0);
	for (i = 0; i < p->size; i++) {
		struct entry *e = &p->e[i];

		if (!e->used)
			continue;
		if (e->packed && p->objstm) {
			list[npacked++] = i;
			continue;
		}
		e->newoff = out->len;
		if (e->packed) { /* as a plain object */
			strbuf_addf(out, "%zu 0 obj\n", i);
			strbuf_add(out, (e->ext ? p->ext.s : (const char *)p->in) + e->body,
				   e->body_end - e->body);
			strbuf_adds(out, "\nendobj\n");
		} else {
			strbuf_add(out, (const char *)p->in + e->off, e->end - e->off);
			strbuf_addch(out, '\n');
		}
		e->packed = 0;
	}
	if (!p->objstm) {
		write_xref_table(p, out);
		free(list);
		return 0;
	}
	for (i = 0; i < npacked && ret == 0; i += PACK_PER_STREAM, nstm++) {
		size_t count = npacked - i < PACK_PER_STREAM ? npacked - i : PACK_PER_STREAM;

		xgrow((void **)&stm_off, &cap, nstm + 1, sizeof(*stm_off));
		stm_off[nstm] = out->len;
		ret = write_objstm(p, out, list + i, count, p->size + nstm);
	}
	if (ret == 0)
		ret = write_xref_stream(p, out, stm_off, nstm);
	free(list);
	free(stm_off);
	return ret;
}

struct pdf_pack *pdf_pack_read(const unsigned char *in, size_t n, char *err, size_t errlen)
{
	struct pdf_pack *p = xmalloc(sizeof(*p));
	int ret;

	memset(p, 0, sizeof(*p));
	p->in = in;
	p->n = n;
	p->err = err;
	p->errlen = errlen;
	if (n < 9 || memcmp(in, "%PDF-", 5) != 0)
		ret = fail(p, "not a PDF");
	else
		ret = read_xref(p);
	if (ret == 0 && p->size == 0)
		ret = fail(p, "no objects");
	if (ret == 0)
		ret = trailer_value(p, "/Root", p->root, sizeof(p->root));
	if (ret == 0 && !p->root[0])
		ret = fail(p, "no /Root in the trailer");
	if (ret == 0)
		ret = trailer_value(p, "/Info", p->info, sizeof(p->info));
	if (ret == 0)
		ret = trailer_value(p, "/ID", p->id, sizeof(p->id));
	if (ret == 0)
		ret = read_objects(p);
	if (ret != 0) {
		pdf_pack_free(p);
		return NULL;
	}
	return p;
}

size_t pdf_pack_size(const struct pdf_pack *p)
{
	return p->size;
}

int pdf_pack_set(struct pdf_pack *p, size_t num, const char *body, size_t len)
{
	struct entry *e;

	if (num > p->size || (num < p->size && !p->e[num].packed))
		return -1;
	if (num == p->size) {
		xgrow((void **)&p->e, &p->cap, p->size + 1, sizeof(*p->e));
		memset(&p->e[p->size++], 0, sizeof(*p->e));
		p->e[num].used = p->e[num].packed = 1;
	}
	e = &p->e[num];
	e->ext = 1;
	e->body = p->ext.len;
	strbuf_add(&p->ext, body, len);
	e->body_end = p->ext.len;
	return 0;
}

unsigned char *pdf_pack_write(struct pdf_pack *p, size_t *outlen, int objstm, char *err,
			      size_t errlen)
{
	struct strbuf out = {0};

	p->objstm = objstm;
	p->err = err;
	p->errlen = errlen;
	/* object and xref streams are PDF 1.5; plain objects any version
	 * (PDF/A-1 is 1.4) */
	if (objstm && p->in[5] == '1' && p->in[7] < '5') {
		fail(p, "not a PDF of version 1.5 or later");
		return NULL;
	}
	if (write_packed(p, &out) != 0) {
		strbuf_release(&out);
		return NULL;
	}
	return (unsigned char *)strbuf_detach(&out, outlen);
}

void pdf_pack_free(struct pdf_pack *p)
{
	if (!p)
		return;
	free(p->e);
	strbuf_release(&p->ext);
	free(p);
}

unsigned char *pdf_pack(const unsigned char *in, size_t n, size_t *outlen, char *err,
			size_t errlen)
{
	struct pdf_pack *p = pdf_pack_read(in, n, err, errlen);
	unsigned char *out = p ? pdf_pack_write(p, outlen, 1, err, errlen) : NULL;

	pdf_pack_free(p);
	return out;
}
