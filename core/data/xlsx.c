/*
 * Excel workbooks (core/data/xlsx.h): the zip through minizip, each XML
 * part through expat (core/data/xlsx_xml.c), then the sheet's cells as CSV
 * text for the CSV reader. Every byte unpacked counts against one budget,
 * whatever the zip's headers claim, so a zip bomb stops at the limit.
 */
#include "core/data/xlsx.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/xlsx_int.h"
#include "core/util/xalloc.h"

struct book {
	struct xlsx x;
	unzFile zf;
	size_t unpacked;
};

/* A cell's text as a CSV field (RFC 4180 quoting), then sep. */
static void add_field(struct strbuf *out, const char *s, size_t n, char sep)
{
	size_t i;

	if (!memchr(s, ',', n) && !memchr(s, '"', n)) {
		strbuf_add(out, s, n);
	} else {
		strbuf_addch(out, '"');
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				strbuf_addch(out, '"');
			strbuf_addch(out, s[i]);
		}
		strbuf_addch(out, '"');
	}
	strbuf_addch(out, sep);
}

/* Parse one XML part: expat gets it as it is unpacked. 1 when there is no
 * such part, 0 when read, -1 after an error. */
static int read_part(struct book *b, const char *name, enum xlsx_part part)
{
	XML_Parser p;
	char buf[65536];
	int n, r = 0;

	if (unzLocateFile(b->zf, name, 1) != UNZ_OK)
		return 1;
	if (unzOpenCurrentFile(b->zf) != UNZ_OK)
		return xlsx_fail(&b->x, "its part '%s' is damaged", name);
	p = XML_ParserCreate("UTF-8");
	b->x.part = part;
	xlsx_xml_handlers(p, &b->x);
	do {
		n = unzReadCurrentFile(b->zf, buf, sizeof(buf));
		if (n < 0) {
			r = xlsx_fail(&b->x, "its part '%s' is damaged", name);
			break;
		}
		b->unpacked += (size_t)n;
		if (b->unpacked > XLSX_MAX_BYTES) {
			r = xlsx_fail(&b->x, "it unpacks to more than %zu MiB", XLSX_MAX_BYTES >> 20);
			break;
		}
		if (XML_Parse(p, buf, n, n == 0) == XML_STATUS_ERROR && !b->x.failed)
			r = xlsx_fail(&b->x, "its part '%s', line %lu: %s", name,
				      (unsigned long)XML_GetCurrentLineNumber(p),
				      XML_ErrorString(XML_GetErrorCode(p)));
	} while (n > 0 && !b->x.failed);
	XML_ParserFree(p);
	unzCloseCurrentFile(b->zf);
	return b->x.failed ? -1 : r;
}

/* The sheet the source names, else the first: its index. */
static int pick_sheet(struct book *b, const struct cfg_source *src)
{
	struct xlsx *x = &b->x;
	char *list;
	size_t i, n = 0;

	if (x->nsheet == 0)
		return xlsx_fail(x, "it has no sheet");
	if (!src->sheet)
		return 0;
	for (i = 0; i < x->nsheet; i++)
		if (strcmp(x->sheet[i], src->sheet) == 0)
			return (int)i;
	for (i = 0; i < x->nsheet; i++)
		n += strlen(x->sheet[i]) + 4;
	list = xmalloc(n + 1);
	list[0] = '\0';
	for (i = 0; i < x->nsheet && i < 20; i++)
		sprintf(list + strlen(list), "%s'%s'", i ? ", " : "", x->sheet[i]);
	diag_error(x->d, src->pos, "no sheet '%s' in '%s' (its sheets: %s)", src->sheet, x->path,
		   list);
	free(list);
	x->failed = 1;
	return -1;
}

/* The zip name of the sheet's part: its target, relative to xl/. */
static char *sheet_part(struct book *b, int k)
{
	const char *t;
	char *name;

	b->x.want_rid = b->x.rid[k];
	if (read_part(b, "xl/_rels/workbook.xml.rels", XP_RELS) != 0 || !b->x.target) {
		xlsx_fail(&b->x, "the part of sheet '%s' is not named", b->x.sheet[k]);
		return NULL;
	}
	t = b->x.target;
	if (t[0] == '/')
		return xstrdup(t + 1);
	name = xmalloc(strlen(t) + 4);
	sprintf(name, "xl/%s", t);
	return name;
}

/* Read the workbook, its styles and shared strings, and the sheet. */
static int read_book(struct book *b, const struct cfg_source *src, const char **sheet)
{
	unz_global_info64 gi;
	char *part;
	int k, r;

	if (unzGetGlobalInfo64(b->zf, &gi) != UNZ_OK || gi.number_entry > XLSX_MAX_ENTRIES)
		return xlsx_fail(&b->x, "its zip has more than %d entries", XLSX_MAX_ENTRIES);
	r = read_part(b, "xl/workbook.xml", XP_WORKBOOK);
	if (r > 0)
		return xlsx_fail(&b->x, "it is not an .xlsx workbook (no xl/workbook.xml)");
	if (r < 0 || (k = pick_sheet(b, src)) < 0)
		return -1;
	*sheet = b->x.sheet[k];
	if (read_part(b, "xl/styles.xml", XP_STYLES) < 0 ||
	    read_part(b, "xl/sharedStrings.xml", XP_SST) < 0 || !(part = sheet_part(b, k)))
		return -1;
	b->x.row = -1;
	r = read_part(b, part, XP_SHEET);
	if (r > 0)
		xlsx_fail(&b->x, "its part '%s' for sheet '%s' is missing", part, *sheet);
	free(part);
	return r == 0 ? 0 : -1;
}

static int by_place(const void *pa, const void *pb)
{
	const struct xlsx_cell *a = pa, *b = pb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static const struct xlsx_cell *find_cell(const struct xlsx *x, size_t n, int row, int col)
{
	struct xlsx_cell key = {row, col, 0, 0};

	return bsearch(&key, x->cell, n, sizeof(key), by_place);
}

/* A merged range shows its top-left value in every cell of it: a header
 * merged over three year columns names all three. */
static int spread_merges(struct xlsx *x)
{
	size_t n = x->ncell, i, total = 0;
	int r, c;

	if (n == 0)
		return 0; /* no value to spread (and qsort wants an array) */
	qsort(x->cell, n, sizeof(*x->cell), by_place);
	for (i = 0; i < x->nmerge; i++) {
		const struct xlsx_merge *m = &x->merge[i];
		const struct xlsx_cell *tl = find_cell(x, n, m->r0, m->c0);
		struct xlsx_cell v;
		if (!tl || tl->len == 0)
			continue;
		v = *tl;
		total += (size_t)(m->r1 - m->r0 + 1) * (size_t)(m->c1 - m->c0 + 1);
		if (total > XLSX_MAX_MERGED || x->ncell + total > XLSX_MAX_CELLS)
			return xlsx_fail(x, "its merged cells cover more than %zu cells",
					 XLSX_MAX_MERGED);
		for (r = m->r0; r <= m->r1; r++)
			for (c = m->c0; c <= m->c1; c++)
				if (!find_cell(x, n, r, c)) {
					xgrow((void **)&x->cell, &x->capcell, x->ncell + 1,
					      sizeof(*x->cell));
					v.row = r, v.col = c;
					x->cell[x->ncell++] = v;
				}
	}
	qsort(x->cell, x->ncell, sizeof(*x->cell), by_place);
	return 0;
}

/* The table: the source's range, cut to the cells holding a value. */
static void extent(const struct xlsx *x, const struct cfg_source *src, int box[4])
{
	const int *rg = src->range;
	size_t i;

	box[0] = box[1] = 1 << 30;
	box[2] = box[3] = -1;
	for (i = 0; i < x->ncell; i++) {
		const struct xlsx_cell *c = &x->cell[i];
		if (c->len == 0 || (src->has_range && (c->col < rg[0] || c->row < rg[1] ||
						       c->col > rg[2] || c->row > rg[3])))
			continue;
		box[0] = c->col < box[0] ? c->col : box[0];
		box[1] = c->row < box[1] ? c->row : box[1];
		box[2] = c->col > box[2] ? c->col : box[2];
		box[3] = c->row > box[3] ? c->row : box[3];
	}
	if (src->has_range) { /* the range's first row is the header, even if empty */
		box[0] = rg[0];
		box[1] = rg[1];
	}
}

/* One CSV line per row of the box (an empty row: an empty line, which the
 * reader skips), one field per column. */
static void to_csv(const struct xlsx *x, const int box[4], struct strbuf *out)
{
	size_t i = 0;
	int r, c;

	for (r = box[1]; r <= box[3]; r++) {
		int any = 0;
		while (i < x->ncell && x->cell[i].row < r)
			i++;
		for (size_t k = i; k < x->ncell && x->cell[k].row == r; k++)
			any |= x->cell[k].len > 0 && x->cell[k].col >= box[0] &&
			       x->cell[k].col <= box[2];
		if (!any) {
			strbuf_addch(out, '\n');
			continue;
		}
		for (c = box[0]; c <= box[2]; c++) {
			const struct xlsx_cell *cell = NULL;
			while (i < x->ncell && x->cell[i].row == r && x->cell[i].col < c)
				i++;
			if (i < x->ncell && x->cell[i].row == r && x->cell[i].col == c)
				cell = &x->cell[i];
			add_field(out, cell ? x->text.s + cell->off : "", cell ? cell->len : 0,
				       c == box[2] ? '\n' : ',');
		}
	}
}

static void book_release(struct book *b)
{
	struct xlsx *x = &b->x;
	size_t i;

	if (b->zf)
		unzClose(b->zf);
	for (i = 0; i < x->nsheet; i++) {
		free(x->sheet[i]);
		free(x->rid[i]);
	}
	free(x->sheet);
	free(x->rid);
	free(x->target);
	free(x->xf);
	free(x->fmt_id);
	free(x->fmt_kind);
	free(x->sst_off);
	free(x->sst_len);
	free(x->cell);
	free(x->merge);
	strbuf_release(&x->text);
	strbuf_release(&x->chars);
}

int xlsx_open(struct csv *c, const char *path, const struct cfg_source *src,
	      struct src_pos where, struct arena *a, struct diag *d)
{
	struct book b;
	struct strbuf out = {NULL, 0, 0};
	const char *sheet = NULL;
	int box[4], r = -1, ole;
	unsigned char magic[8];
	FILE *fp;

	memset(&b, 0, sizeof(b));
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	b.x.path = path;
	b.x.d = d;
	fp = fopen(path, "rb");
	if (!fp) {
		diag_errno(d, where, "cannot open '%s'", path);
		goto out;
	}
	/* An .xls is an OLE2 compound file: its magic, whatever its name. */
	ole = fread(magic, 1, 8, fp) == 8 &&
	      memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
	fclose(fp);
	if (ole && (xls_read(&b.x, src, &sheet) < 0 || spread_merges(&b.x) < 0))
		goto out;
	if (!ole)
		b.zf = unzOpen64(path);
	if (!ole && !b.zf) {
		xlsx_fail(&b.x, "it is neither an .xlsx (a zip) nor an .xls workbook");
		goto out;
	}
	if (!ole && (read_book(&b, src, &sheet) < 0 || spread_merges(&b.x) < 0))
		goto out;
	extent(&b.x, src, box);
	if (box[2] >= box[0])
		to_csv(&b.x, box, &out);
	csv_open_mem(c, path, out.s ? out.s : "", out.len, d);
	c->sheet = arena_strdup(a, sheet);
	c->row0 = box[2] >= box[0] ? box[1] : 0;
	c->col0 = box[2] >= box[0] ? box[0] : 0;
	c->a = a;
	r = 0;
out:
	strbuf_release(&out);
	book_release(&b);
	return r;
}
