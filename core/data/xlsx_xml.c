/*
 * The XML parts of a workbook, through expat (core/data/xlsx_int.h): the
 * sheet list, the relationship to the sheet's part, the date formats, the
 * shared strings and the cells. Element and attribute names are matched
 * without their namespace prefix ("x:c" is "c"), as writers differ.
 */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/cellref.h"
#include "core/data/xlsx_int.h"
#include "core/util/xalloc.h"

int xlsx_fail(struct xlsx *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!x->failed)
		diag_error(x->d, (struct src_pos){x->path, 0, 0}, "cannot read the Excel file "
			   "'%s': %s", x->path, msg);
	x->failed = 1;
	return -1;
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static int is(const char *name, const char *want)
{
	return strcmp(local(name), want) == 0;
}

static const char *attr(const char **at, const char *want)
{
	for (; at[0]; at += 2)
		if (is(at[0], want))
			return at[1];
	return NULL;
}

/* The date kind a number format code shows: y, m, d outside quotes,
 * brackets ([Red], [h]) and escapes. */
static enum xlsx_date code_kind(const char *code)
{
	int y = 0, m = 0, d = 0, q = 0, br = 0;

	for (; *code; code++) {
		char ch = (char)(*code | 0x20);
		if (*code == '\\' && code[1])
			code++;
		else if (*code == '"')
			q = !q;
		else if (!q && *code == '[')
			br = 1;
		else if (!q && *code == ']')
			br = 0;
		else if (!q && !br)
			y |= ch == 'y', m |= ch == 'm', d |= ch == 'd';
	}
	return !y && !d ? XD_NONE : d ? XD_DAY : m ? XD_MONTH : XD_YEAR;
}

/* Excel's built-in date formats (ids 14-17, 22; the Chinese ones 27-36,
 * 50-58). */
static enum xlsx_date builtin_kind(int id)
{
	if (id == 17)
		return XD_MONTH;
	if ((id >= 14 && id <= 16) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return XD_DAY;
	return XD_NONE;
}

static enum xlsx_date format_kind(const struct xlsx *x, int id)
{
	size_t i;

	for (i = 0; i < x->nfmt; i++)
		if (x->fmt_id[i] == id)
			return (enum xlsx_date)x->fmt_kind[i];
	return builtin_kind(id);
}

static void styles_start(struct xlsx *x, const char *el, const char **at)
{
	const char *id = attr(at, "numFmtId"), *code = attr(at, "formatCode");

	if (is(el, "cellXfs"))
		x->in_xfs = 1;
	else if (is(el, "numFmt") && id && code) {
		xgrow((void **)&x->fmt_id, &x->capfmt, x->nfmt + 1, sizeof(*x->fmt_id));
		x->fmt_kind = xrealloc(x->fmt_kind, x->capfmt);
		x->fmt_id[x->nfmt] = atoi(id);
		x->fmt_kind[x->nfmt++] = (unsigned char)code_kind(code);
	} else if (is(el, "xf") && x->in_xfs) {
		xgrow((void **)&x->xf, &x->capxf, x->nxf + 1, 1);
		x->xf[x->nxf++] = (unsigned char)format_kind(x, id ? atoi(id) : 0);
	}
}

static void workbook_start(struct xlsx *x, const char *el, const char **at)
{
	const char *name = attr(at, "name"), *rid = attr(at, "id");

	if (is(el, "workbookPr") && attr(at, "date1904"))
		x->date1904 = strcmp(attr(at, "date1904"), "1") == 0 ||
			      strcmp(attr(at, "date1904"), "true") == 0;
	if (!is(el, "sheet") || !name || !rid)
		return;
	if (x->nsheet == XLSX_MAX_SHEETS) {
		xlsx_fail(x, "more than %d sheets", XLSX_MAX_SHEETS);
		return;
	}
	xgrow((void **)&x->sheet, &x->capsheet, x->nsheet + 1, sizeof(*x->sheet));
	x->rid = xrealloc(x->rid, x->capsheet * sizeof(*x->rid));
	x->sheet[x->nsheet] = xstrdup(name);
	x->rid[x->nsheet++] = xstrdup(rid);
}

static void rels_start(struct xlsx *x, const char *el, const char **at)
{
	const char *id = attr(at, "Id"), *target = attr(at, "Target");

	if (is(el, "Relationship") && id && target && x->want_rid && !x->target &&
	    strcmp(id, x->want_rid) == 0)
		x->target = xstrdup(target);
}

static void sst_start(struct xlsx *x, const char *el)
{
	if (is(el, "si")) {
		x->in_si = 1;
		strbuf_reset(&x->chars);
	} else if (is(el, "rPh")) {
		x->in_rph = 1; /* phonetic guide text: not part of the value */
	} else if (is(el, "t") && x->in_si && !x->in_rph) {
		x->collect = 1;
	}
}

uint32_t xlsx_keep(struct xlsx *x, const char *s, size_t n, uint32_t *len)
{
	uint32_t off = (uint32_t)x->text.len;
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
			 s[n - 1] == '\r'))
		n--;
	if (x->text.len + n > XLSX_MAX_BYTES) {
		xlsx_fail(x, "its texts take more than %zu MiB", XLSX_MAX_BYTES >> 20);
		n = 0;
	}
	for (i = 0; i < n; i++)
		strbuf_addch(&x->text, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	*len = (uint32_t)n;
	return off;
}

static void sst_end(struct xlsx *x, const char *el)
{
	if (is(el, "t")) {
		x->collect = 0;
	} else if (is(el, "rPh")) {
		x->in_rph = 0;
	} else if (is(el, "si") && x->in_si) {
		x->in_si = 0;
		if (x->nsst == XLSX_MAX_CELLS) {
			xlsx_fail(x, "more than %zu shared strings", XLSX_MAX_CELLS);
			return;
		}
		xgrow((void **)&x->sst_off, &x->capsst, x->nsst + 1, sizeof(*x->sst_off));
		x->sst_len = xrealloc(x->sst_len, x->capsst * sizeof(*x->sst_len));
		x->sst_off[x->nsst] = xlsx_keep(x, x->chars.s ? x->chars.s : "", x->chars.len,
					   &x->sst_len[x->nsst]);
		x->nsst++;
	}
}

static void sheet_start(struct xlsx *x, const char *el, const char **at)
{
	const char *r = attr(at, "r"), *t = attr(at, "t"), *s = attr(at, "s");
	int col, row;

	if (is(el, "row")) {
		x->row = r ? atoi(r) - 1 : x->row + 1;
		x->col = -1;
	} else if (is(el, "c")) {
		if (r && cellref_parse(r, &col, &row, NULL) == 0)
			x->row = row, x->col = col;
		else
			x->col++;
		snprintf(x->ctype, sizeof(x->ctype), "%s", t ? t : "n");
		x->cstyle = s ? atoi(s) : 0;
		x->has_v = 0;
		strbuf_reset(&x->chars);
	} else if (is(el, "v") || (is(el, "t") && strcmp(x->ctype, "inlineStr") == 0)) {
		x->collect = 1;
		x->has_v = 1;
	} else if (is(el, "rPh")) {
		x->in_rph = 1;
	} else if (is(el, "mergeCell") && (r = attr(at, "ref")) != NULL) {
		struct xlsx_merge m;
		const char *p;
		if (cellref_parse(r, &m.c0, &m.r0, &p) < 0 || *p != ':' ||
		    cellref_parse(p + 1, &m.c1, &m.r1, NULL) < 0 || m.c1 < m.c0 || m.r1 < m.r0)
			return;
		xgrow((void **)&x->merge, &x->capmerge, x->nmerge + 1, sizeof(*x->merge));
		x->merge[x->nmerge++] = m;
	}
}

/* Days since 1899-12-30 (Excel's 1900 system, past its 1900-02-29) to a
 * civil date (H. Hinnant's days_from_civil, inverted). */
static void civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468 - 25569; /* 1970-01-01 is day 25569 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A number in a date-formatted cell as the period its format shows. */
static void date_text(struct xlsx *x, enum xlsx_date k, char *buf, size_t n)
{
	double v = atof(x->chars.s ? x->chars.s : "0");
	int y, m, d;

	if (!(v >= 1 && v < 2958466)) { /* 1900-01-01 .. 9999-12-31 */
		snprintf(buf, n, "%s", x->chars.s ? x->chars.s : "");
		return;
	}
	civil((long)v + (x->date1904 ? 1462 : 0) - (v < 61 ? -1 : 0), &y, &m, &d);
	if (k == XD_YEAR)
		snprintf(buf, n, "%04d", y);
	else if (k == XD_MONTH)
		snprintf(buf, n, "%04d-%02d", y, m);
	else
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

/* </c>: keep the cell's text, as Excel shows it. */
static void end_cell(struct xlsx *x)
{
	const char *v = x->chars.s ? x->chars.s : "";
	enum xlsx_date k = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? x->xf[x->cstyle] : 0;
	struct xlsx_cell *c;
	char date[32];
	size_t i;

	if (!x->has_v || x->row < 0 || x->col < 0 || x->row > 1048575 || x->col > 16383)
		return;
	if (x->ncell == XLSX_MAX_CELLS) {
		xlsx_fail(x, "more than %zu cells with a value", XLSX_MAX_CELLS);
		return;
	}
	xgrow((void **)&x->cell, &x->capcell, x->ncell + 1, sizeof(*x->cell));
	c = &x->cell[x->ncell++];
	c->row = x->row;
	c->col = x->col;
	if (strcmp(x->ctype, "s") == 0) {
		i = (size_t)strtoul(v, NULL, 10);
		c->off = i < x->nsst ? x->sst_off[i] : 0;
		c->len = i < x->nsst ? x->sst_len[i] : 0;
	} else if (strcmp(x->ctype, "b") == 0) {
		c->off = xlsx_keep(x, v[0] == '1' ? "TRUE" : "FALSE", v[0] == '1' ? 4 : 5, &c->len);
	} else if (strcmp(x->ctype, "n") == 0 && k != XD_NONE && x->chars.len > 0) {
		date_text(x, k, date, sizeof(date));
		c->off = xlsx_keep(x, date, strlen(date), &c->len);
	} else {
		c->off = xlsx_keep(x, v, x->chars.len, &c->len);
	}
}

static void sheet_end(struct xlsx *x, const char *el)
{
	if (is(el, "v") || is(el, "t"))
		x->collect = 0;
	else if (is(el, "rPh"))
		x->in_rph = 0;
	else if (is(el, "c"))
		end_cell(x);
}

static void XMLCALL on_start(void *ud, const char *el, const char **at)
{
	struct xlsx *x = ud;

	if (++x->depth > XLSX_MAX_DEPTH) {
		if (!x->failed)
			xlsx_fail(x, "XML nested deeper than %d elements", XLSX_MAX_DEPTH);
		return;
	}
	if (x->failed)
		return;
	if (x->part == XP_WORKBOOK)
		workbook_start(x, el, at);
	else if (x->part == XP_RELS)
		rels_start(x, el, at);
	else if (x->part == XP_STYLES)
		styles_start(x, el, at);
	else if (x->part == XP_SST)
		sst_start(x, el);
	else
		sheet_start(x, el, at);
}

static void XMLCALL on_end(void *ud, const char *el)
{
	struct xlsx *x = ud;

	x->depth--;
	if (x->failed)
		return;
	if (x->part == XP_STYLES && is(el, "cellXfs"))
		x->in_xfs = 0;
	else if (x->part == XP_SST)
		sst_end(x, el);
	else if (x->part == XP_SHEET)
		sheet_end(x, el);
}

static void XMLCALL on_chars(void *ud, const char *s, int n)
{
	struct xlsx *x = ud;

	if (!x->collect || x->in_rph || x->failed)
		return;
	if (x->chars.len + (size_t)n > ((size_t)32 << 20)) {
		xlsx_fail(x, "a cell's text is longer than 32 MiB");
		return;
	}
	strbuf_add(&x->chars, s, (size_t)n);
}

void xlsx_xml_handlers(struct XML_ParserStruct *p, struct xlsx *x)
{
	x->depth = 0;
	x->collect = 0;
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
}
