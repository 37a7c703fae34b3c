/*
 * Where a base value came from: the sources are read again (explain is a
 * one-off; the cube keeps no per-cell provenance) and the row giving each
 * asked-for cell is noted. Long and wide CSV give a file and line; a query
 * source gives its label.
 */
#include <math.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/encoding.h"
#include "core/data/xlsx.h"
#include "core/engine/explain.h"
#include "core/engine/explain_int.h"
#include "core/util/numparse.h"

struct scan {
	const struct results *res;
	struct explain_node **nodes;
	size_t n;
	struct arena *a;
	const char *file; /* as shown: the path with "dir/.." folded */
	struct csv c;
	int col[3];       /* region, period, indicator (long) / region, period (wide) */
	int *indcol;      /* wide: indicator -> column, -1 */
	int *pcol;        /* periods layout: column -> period index, -2 */
};

/* "templates/../data/x.csv" -> "data/x.csv": fold "name/.." and "./"
 * lexically, for messages only (the file was opened by its own name). */
static const char *tidy_path(struct arena *a, const char *p)
{
	char *out = arena_strdup(a, p), *seg[256];
	size_t nseg = 0, i, len = 0;
	int abs = p[0] == '/';
	char *tok, *save = NULL;

	for (tok = strtok_r(out, "/", &save); tok && nseg < 256; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0 && nseg > 0 && strcmp(seg[nseg - 1], "..") != 0) {
			nseg--;
			continue;
		}
		seg[nseg++] = tok;
	}
	if (tok)
		return p; /* too deep to bother */
	out = arena_alloc(a, strlen(p) + 2);
	if (abs)
		out[len++] = '/';
	for (i = 0; i < nseg; i++) {
		size_t k = strlen(seg[i]);
		if (i)
			out[len++] = '/';
		memcpy(out + len, seg[i], k);
		len += k;
	}
	out[len] = '\0';
	return len ? out : ".";
}

static const char *column_name(const struct cfg *cfg, int i)
{
	return cfg->ind[i].column ? cfg->ind[i].column : cfg->ind[i].id;
}

/* A code, or a name only one region has (as the loader reads it). */
static int region_by_name(const struct regions *rg, const char *code)
{
	int r = regions_find(rg, code), found = -1;
	size_t i;

	for (i = 0; r < 0 && i < rg->n; i++)
		if (strcmp(rg->name[i], code) == 0) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	return r >= 0 ? r : found;
}

static int field_region(const struct scan *s, size_t i)
{
	const struct csv_field *f = &s->c.f[i];
	char code[128];

	if (f->len >= sizeof(code))
		return -1;
	memcpy(code, f->s, f->len);
	code[f->len] = '\0';
	return region_by_name(s->res->reg, code);
}

static int field_period(const struct scan *s, size_t i)
{
	struct period p;

	const char *t = s->c.f[i].s;
	size_t n = s->c.f[i].len;

	if (n > 3 && memcmp(t + n - 3, "年", 3) == 0) /* 2012年, as the loader */
		n -= 3;
	if (period_parse(t, n, &p) < 0)
		return -1;
	return period_index(&s->res->axis, p);
}

/* Note the row as the origin of node n (the first row wins, as a second
 * one would have been a duplicate error). */
static void found(struct scan *s, struct explain_node *n, size_t field)
{
	const struct csv_field *f = &s->c.f[field];
	double x;

	if (n->file)
		return;
	if (n->kind == EXPLAIN_DATA && s->c.sheet) { /* book.xlsx:Sheet1!C7 */
		n->file = csv_pos(&s->c, field).file;
		n->line = 0;
		return;
	}
	if (n->kind == EXPLAIN_DATA) {
		n->file = s->file;
		n->line = f->lineno;
		return;
	}
	/* A rollup: the data gave the parent too, and the rollup replaced it. */
	if (numparse_double(f->s, f->len, &x) < 0)
		return;
	n->file = s->file;
	n->line = f->lineno;
	n->note = arena_printf(s->a, "%s; the data also gives %.*s at %s:%d, replaced by the rollup",
			       n->note, (int)f->len, f->s, s->file, f->lineno);
}

/* The row's region and period first: comparing them is cheap, and the
 * explain trail of a PDF/A-3 looks for hundreds of nodes at once, where a
 * name compare per node and row was two thirds of the render. */
static void long_row(struct scan *s, int vcol)
{
	int r, p;
	size_t k;

	if (s->c.f[vcol].len == 0)
		return;
	r = field_region(s, (size_t)s->col[0]);
	p = field_period(s, (size_t)s->col[1]);
	for (k = 0; k < s->n; k++) {
		struct explain_node *n = s->nodes[k];

		if (!n->file && n->region == r && n->period == p &&
		    csv_field_is(&s->c, (size_t)s->col[2], column_name(s->res->cfg, n->ind)))
			found(s, n, (size_t)vcol);
	}
}

static void wide_row(struct scan *s, int fixed)
{
	int r = field_region(s, (size_t)s->col[0]);
	int p = fixed >= -1 ? fixed : field_period(s, (size_t)s->col[1]);
	size_t k;

	for (k = 0; k < s->n; k++) {
		struct explain_node *n = s->nodes[k];
		int c = s->indcol[n->ind];
		if (!n->file && c >= 0 && n->region == r && n->period == p && s->c.f[c].len > 0)
			found(s, n, (size_t)c);
	}
}

static int header_col(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (csv_field_is(c, i, name))
			return (int)i;
	return -1;
}

/* The header name of column k of a source: its columns:, or the default. */
static const char *named(const struct cfg_source *src, int k)
{
	static const char *const names[4] = {"region", "period", "indicator", "value"};

	return src->columns[k] ? src->columns[k] : names[k];
}

/* periods layout: region, indicator, a value per period column */
static void periods_rows(struct scan *s)
{
	size_t i, k;

	s->pcol = arena_alloc(s->a, s->c.nf * sizeof(int));
	for (i = 0; i < s->c.nf; i++)
		s->pcol[i] = (int)i == s->col[0] || (int)i == s->col[2] ? -2 : field_period(s, i);
	while (csv_next(&s->c) > 0) {
		int r = field_region(s, (size_t)s->col[0]);
		for (k = 0; k < s->n; k++) {
			struct explain_node *n = s->nodes[k];
			if (n->file || n->region != r || !csv_field_is(&s->c, (size_t)s->col[2],
					column_name(s->res->cfg, n->ind)))
				continue;
			for (i = 0; i < s->c.nf; i++)
				if (s->pcol[i] == n->period && s->c.f[i].len > 0)
					found(s, n, i);
		}
	}
}

/* Open a file source as the loader does (its notes were given then). */
static int open_source(struct scan *s, const struct cfg_source *src)
{
	struct diag quiet;
	int r;

	diag_init(&quiet);
	if (src->kind == SRC_XLSX)
		r = xlsx_open(&s->c, src->resolved, src, src->pos, s->a, &quiet);
	else
		r = encoding_csv_open(&s->c, src->resolved, src->pos, src->encoding, &quiet);
	diag_release(&quiet);
	return r < 0 || csv_next(&s->c) <= 0 ? -1 : 0;
}

/* Read one file source: the header says where the fields are. */
static void scan_csv(struct scan *s, const struct cfg_source *src)
{
	const struct cfg *cfg = s->res->cfg;
	int vcol = -1, fixed = -2;
	size_t i;

	s->file = tidy_path(s->a, src->resolved);
	if (open_source(s, src) < 0)
		goto out;
	if (src->layout == CFG_PERIODS) {
		s->col[0] = header_col(&s->c, named(src, 0));
		s->col[2] = header_col(&s->c, named(src, 2));
		if (s->col[0] >= 0 && s->col[2] >= 0)
			periods_rows(s);
		goto out;
	}
	if (!src->wide) {
		s->col[0] = header_col(&s->c, named(src, 0));
		s->col[1] = header_col(&s->c, named(src, 1));
		s->col[2] = header_col(&s->c, named(src, 2));
		vcol = header_col(&s->c, named(src, 3));
		if (s->col[0] < 0 || s->col[1] < 0 || s->col[2] < 0 || vcol < 0)
			goto out;
		while (csv_next(&s->c) > 0)
			long_row(s, vcol);
		goto out;
	}
	s->col[0] = src->key ? header_col(&s->c, src->key) : -1;
	s->col[1] = src->period_col ? header_col(&s->c, src->period_col) : -1;
	if (src->has_period)
		fixed = period_index(&s->res->axis, src->period);
	if (s->col[0] < 0 || (fixed == -2 && s->col[1] < 0))
		goto out;
	s->indcol = arena_alloc(s->a, (cfg->nind ? cfg->nind : 1) * sizeof(int));
	for (i = 0; i < cfg->nind; i++)
		s->indcol[i] = cfg->ind[i].is_derived ? -1 : header_col(&s->c, column_name(cfg, (int)i));
	while (csv_next(&s->c) > 0)
		wide_row(s, fixed);
out:
	csv_close(&s->c);
	memset(&s->c, 0, sizeof(s->c));
}

void explain_find_sources(const struct results *res, struct explain_node **nodes, size_t n,
			  struct arena *a, struct diag *d)
{
	const struct cfg *cfg = res->cfg;
	struct scan s;
	const struct cfg_source *query = NULL;
	size_t i, k;

	(void)d; /* the loader has reported the files' problems */
	memset(&s, 0, sizeof(s));
	s.res = res;
	s.nodes = nodes;
	s.n = n;
	s.a = a;
	for (i = 0; i < cfg->nsources && n > 0; i++) {
		if ((cfg->sources[i].kind == SRC_CSV || cfg->sources[i].kind == SRC_XLSX) &&
		    cfg->sources[i].resolved)
			scan_csv(&s, &cfg->sources[i]);
		else if (!query)
			query = &cfg->sources[i];
	}
	/* What no CSV row gave came from a query. */
	for (k = 0; k < n && query; k++)
		if (!nodes[k]->file && nodes[k]->kind == EXPLAIN_DATA) {
			nodes[k]->file = query->label ? query->label : query->type;
			nodes[k]->line = 0;
		}
}
