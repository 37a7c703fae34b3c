#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/strbuf.h"
#include "core/util/xalloc.h"

/* Table blocks of the config: rows, sorting, every cell's final text. */

static const char *measure_label(enum measure m)
{
	static const char *const names[] = { "数值", "变化", "增长率", "目标", "进度", "状态" };

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "";
}

/* The rows of a region table: children or regions of a level, in region
 * order. */
static size_t region_rows(const struct report_ctx *r, const struct cfg_table *t, int *out)
{
	const struct regions *rg = r->res->reg;
	size_t n = 0, i;

	if (t->rows == ROWS_CHILDREN) {
		const int *ch = regions_children(rg, r->region);

		for (i = 0; i < (size_t)regions_nchildren(rg, r->region); i++)
			out[n++] = ch[i];
	} else {
		for (i = 0; i < rg->n; i++)
			if (rg->level[i] == t->level && regions_is_within(rg, (int)i, r->region))
				out[n++] = (int)i;
	}
	return n;
}

static const char *column_title(struct report_ctx *r, const struct cfg_table *t,
				const struct cfg_column *c, int per, int from)
{
	const char *p, *name;

	if (c->title || c->title_tpl.n > 0)
		return report_title_of(r, c->title, &c->title_tpl);
	p = report_period_label(r, per);
	if (c->ind < 0 || t->rows == ROWS_INDICATORS) {
		if (c->measure == MEASURE_VALUE)
			return p;
		if ((c->measure == MEASURE_CHANGE || c->measure == MEASURE_GROWTH) && c->has_from)
			return arena_printf(r->a, "较%s%s", report_period_label(r, from),
					    measure_label(c->measure));
		return measure_label(c->measure);
	}
	name = r->cfg->ind[c->ind].name;
	if (c->measure != MEASURE_VALUE)
		name = arena_printf(r->a, "%s%s", name, measure_label(c->measure));
	if (c->has_period && per != r->res->report_period)
		name = arena_printf(r->a, "%s（%s）", name, p);
	return name;
}

/* The format of one measure of indicator ind: a change of a percentage
 * is in 个百分点, growth and progress are percentages. */
static struct numfmt cell_fmt(struct report_ctx *r, const struct cfg_column *c, int ind)
{
	struct numfmt f = r->cfg->ind[ind].fmt;

	switch (c->measure) {
	case MEASURE_CHANGE:
		if (f.unit && strcmp(f.unit, "%") == 0)
			f.unit = "个百分点";
		break;
	case MEASURE_GROWTH:
	case MEASURE_PROGRESS:
		f.unit = "%";
		f.scale = 0;
		f.scale_label = "";
		f.decimals = c->measure == MEASURE_GROWTH ? 2 : 1;
		break;
	default:
		break;
	}
	if (c->decimals >= 0)
		f.decimals = c->decimals;
	return f;
}

/* The words of a status or progress cell, or NULL for a figure. A target
 * met (or never missed: 0 -> 0) reads 已达标 / 已完成, not as progress. */
static const char *cell_words(struct report_ctx *r, const struct cfg_column *c, int ind,
			      int region, double v, int *status)
{
	int per = c->has_period ? metrics_period(r->res, &c->period) : r->res->report_period;
	int met = (c->measure == MEASURE_STATUS || c->measure == MEASURE_PROGRESS) &&
		  report_target_met(r, ind, region, per);

	*status = REPORT_STATUS_NONE;
	if (c->measure == MEASURE_PROGRESS)
		return met ? "已完成" : NULL;
	if (c->measure != MEASURE_STATUS)
		return NULL;
	if (isnan(v))
		return FMT_MISSING;
	*status = v >= STATUS_ON_TRACK ? REPORT_STATUS_ON_TRACK
		  : v >= STATUS_AT_RISK ? REPORT_STATUS_AT_RISK : REPORT_STATUS_OFF_TRACK;
	return met ? "已达标" : metrics_status_label((int)v);
}

static int cmp_rows(const struct trow *x, const struct trow *y, int dir)
{
	/* Missing values go last in either direction; ties keep region order. */
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (!isnan(x->key) && x->key != y->key)
		return (x->key < y->key ? -1 : 1) * dir;
	return x->region < y->region ? -1 : x->region > y->region;
}

static int cmp_asc(const void *a, const void *b)
{
	return cmp_rows(a, b, 1);
}

static int cmp_desc(const void *a, const void *b)
{
	return cmp_rows(a, b, -1);
}

static double cell_value(struct report_ctx *r, const struct cfg_column *c, const struct trow *row,
			 int *ind)
{
	int per = c->has_period ? metrics_period(r->res, &c->period) : r->res->report_period;
	int from = c->has_from ? metrics_period(r->res, &c->from) : -1;

	*ind = c->ind >= 0 ? c->ind : row->ind;
	if (*ind < 0 || per < 0 || (c->has_from && from < 0))
		return NAN;
	return metrics_measure(r->res, *ind, row->region, per, c->measure, from);
}

static size_t indicator_rows(struct report_ctx *r, const struct cfg_table *t, struct trow **out)
{
	struct trow *rows = xcalloc(t->ninds + 1, sizeof(*rows));
	size_t i;

	for (i = 0; i < t->ninds; i++) {
		rows[i].region = r->region;
		rows[i].ind = t->inds[i];
		rows[i].label = r->cfg->ind[t->inds[i]].name;
	}
	*out = rows;
	return t->ninds;
}

/* Cut region rows to the table's top N (ranked by the sort column, else
 * by the first column, largest first) and sum up the rest in one row: the
 * villages of a county are 13-30 pages of rows otherwise. rows has room
 * for n + 1; returns the new count. */
static size_t cut_top(struct report_ctx *r, const struct cfg_table *t, struct trow *rows,
		      size_t n, int sorted)
{
	size_t top = t->top < 0 ? CFG_TOP_TABLE : (size_t)t->top, i;
	int *rest, ind, level;

	if (top == 0 || n <= top + 1) /* a rest row of one region is that region */
		return n;
	if (!sorted) {
		for (i = 0; i < n; i++)
			rows[i].key = cell_value(r, &t->cols[0], &rows[i], &ind);
		qsort(rows, n, sizeof(*rows), cmp_desc);
	}
	rest = arena_alloc(r->a, (n - top) * sizeof(*rest));
	for (i = top; i < n; i++)
		rest[i - top] = rows[i].region;
	level = t->rows == ROWS_LEVEL ? t->level : r->res->reg->level[r->region] + 1;
	memset(&rows[top], 0, sizeof(rows[top]));
	rows[top].region = -1;
	rows[top].ind = -1;
	rows[top].rest = rest;
	rows[top].nrest = n - top;
	rows[top].label = report_levels_rest(r, n - top, level);
	return top + 1;
}

/* A value of the rest row: the sum over its regions where the indicator is
 * summed up the tree and the column shows its value; else NaN (an empty
 * cell), since a rate or a change of the rest is not the sum of theirs. */
static double rest_value(struct report_ctx *r, const struct cfg_column *c,
			 const struct trow *row)
{
	int per = c->has_period ? metrics_period(r->res, &c->period) : r->res->report_period;
	double sum = NAN;
	size_t i;

	if (c->ind < 0 || per < 0 || c->measure != MEASURE_VALUE ||
	    r->cfg->ind[c->ind].is_derived || r->cfg->ind[c->ind].rollup != ROLLUP_SUM)
		return NAN;
	for (i = 0; i < row->nrest; i++) {
		double v = res_get(r->res, c->ind, row->rest[i], per);
		if (!isnan(v))
			sum = isnan(sum) ? v : sum + v;
	}
	return sum;
}

/* The rows of t, sorted as asked; returns the count (total row first). */
static size_t table_rows(struct report_ctx *r, const struct cfg_table *t, struct trow **out)
{
	const struct regions *rg = r->res->reg;
	int sorted = t->sort_col > 0 && (size_t)t->sort_col <= t->ncols, ind;
	size_t n, i;
	int *regs;
	struct trow *rows;

	if (t->rows == ROWS_INDICATORS)
		return indicator_rows(r, t, out);
	regs = xcalloc(rg->n + 1, sizeof(int));
	n = region_rows(r, t, regs);
	rows = xcalloc(n + 1, sizeof(*rows));
	for (i = 0; i < n; i++) {
		rows[i].region = regs[i];
		rows[i].ind = -1;
		rows[i].label = rg->name[regs[i]];
		if (sorted)
			rows[i].key = cell_value(r, &t->cols[t->sort_col - 1], &rows[i], &ind);
	}
	if (sorted)
		qsort(rows, n, sizeof(*rows), t->sort_desc ? cmp_desc : cmp_asc);
	if (report_group_rows(r, t, &rows, &n) == 0)
		n = cut_top(r, t, rows, n, sorted);
	if (t->total) {
		/* The total heads the table, under its own word, not the
		 * region's name (which reads like one more row). */
		memmove(rows + 1, rows, n * sizeof(*rows));
		rows[0].region = r->region;
		rows[0].ind = -1;
		rows[0].label = t->total_label ? report_expand_plain(r, t->total_label) : "合计";
		n++;
	}
	free(regs);
	*out = rows;
	return n;
}

/* Where a table's units go (cfg `units:`), as decided for its figures. */
struct tunits {
	int bare;            /* figures without unit: it is in a header or the line */
	int unit_col;        /* indicator rows: a 单位 column after 指标 */
	const char **col;    /* per config column: the unit its header names, or NULL */
	const char **row;    /* indicator rows: each row's unit, for the 单位 column */
	const char *line;    /* "单位：万人", or NULL */
};

/* "|" in a column title marks where the header may wrap. */
static const char *head_text(struct report_ctx *r, const char *s)
{
	struct strbuf sb = { 0 };
	const char *out;

	if (!strchr(s, '|'))
		return s;
	for (; *s; s++)
		if (*s == '|')
			strbuf_adds(&sb, REPORT_HEAD_BREAK);
		else
			strbuf_addch(&sb, *s);
	out = arena_strdup(r->a, sb.s);
	strbuf_release(&sb);
	return out;
}

static enum report_align align_of(int a)
{
	return a == CFG_ALIGN_LEFT ? REPORT_ALIGN_LEFT
	       : a == CFG_ALIGN_CENTER ? REPORT_ALIGN_CENTER
	       : a == CFG_ALIGN_DECIMAL ? REPORT_ALIGN_DECIMAL : REPORT_ALIGN_RIGHT;
}

static void table_header(struct report_ctx *r, const struct cfg_table *t, struct report_table *rt,
			 const struct tunits *u)
{
	size_t c, k = 1 + (size_t)u->unit_col;
	int per, from, official = r->cfg->report.page.preset != CFG_PAGE_REPORT;
	double *w = arena_zalloc(r->a, rt->ncols * sizeof(double));
	const char *title;

	rt->cells[0] = t->rows == ROWS_INDICATORS ? "指标" : "地区";
	rt->align[0] = t->label_align >= 0 ? align_of(t->label_align) : REPORT_ALIGN_LEFT;
	w[0] = isnan(t->label_width) ? 0 : t->label_width;
	if (u->unit_col) {
		rt->cells[1] = "单位";
		rt->align[1] = REPORT_ALIGN_CENTER;
	}
	for (c = 0; c < t->ncols; c++, k++) {
		const struct cfg_column *col = &t->cols[c];

		per = col->has_period ? metrics_period(r->res, &col->period) : r->res->report_period;
		from = col->has_from ? metrics_period(r->res, &col->from) : -1;
		title = head_text(r, column_title(r, t, col, per, from));
		if (u->col && u->col[c] && *u->col[c])
			title = arena_printf(r->a, "%s" REPORT_HEAD_BREAK "（%s）", title, u->col[c]);
		rt->cells[k] = title;
		rt->align[k] = col->align >= 0 ? align_of(col->align)
			       : col->measure == MEASURE_STATUS ? REPORT_ALIGN_CENTER
			       : official ? REPORT_ALIGN_DECIMAL : REPORT_ALIGN_RIGHT;
		w[k] = isnan(col->width) ? 0 : col->width;
	}
	rt->width = w;
}

/* Column c of every body row: values fitted to one format (one precision
 * per column) when the column has one indicator, else each row its own. */
static int value_like(const struct cfg_column *c)
{
	return c->measure == MEASURE_VALUE || c->measure == MEASURE_CHANGE ||
	       c->measure == MEASURE_TARGET;
}

/* In a table of indicator rows each row is one indicator: its values,
 * changes and target share one scale ("24.80万人 … 30.14万人 … 5.35万人",
 * not "53474人" beside "30.14万人"). */
static struct numfmt row_fit(struct report_ctx *r, const struct cfg_table *t,
			     const struct trow *row)
{
	double *v = xcalloc(t->ncols + 1, sizeof(double));
	size_t c, n = 0;
	int ind;
	struct numfmt f;

	for (c = 0; c < t->ncols; c++)
		if (value_like(&t->cols[c]))
			v[n++] = cell_value(r, &t->cols[c], row, &ind);
	f = report_fig_fit(&r->cfg->ind[row->ind].fmt, r->cfg->ind[row->ind].scale_mode, v, n);
	free(v);
	return f;
}

/* The unit a figure at f shows: "万人", "%", "" for none. */
static const char *unit_of(struct report_ctx *r, const struct numfmt *f)
{
	return arena_printf(r->a, "%s%s", f->scale_label ? f->scale_label : "",
			    f->unit ? f->unit : "");
}

/* The format of a cell of an indicator row (its scale that of the row). */
static struct numfmt row_cell_fmt(struct report_ctx *r, const struct cfg_table *t,
				  const struct cfg_column *col, const struct trow *row)
{
	struct numfmt f = cell_fmt(r, col, row->ind), g;

	if (!value_like(col))
		return f;
	g = row_fit(r, t, row);
	f.scale = g.scale;
	f.scale_label = g.scale_label;
	if (col->decimals < 0)
		f.decimals = g.decimals;
	return f;
}

/* A cell of an indicator row. Bare (units in the header or the 单位
 * column), a figure keeps its unit only where it is not the row's or the
 * column's: the change of a percentage, in 个百分点. A growth or progress
 * is in colf, the column's one format. */
static const char *cell_in_row(struct report_ctx *r, const struct cfg_table *t,
			       const struct cfg_column *col, const struct trow *row, double v,
			       const struct tunits *u, size_t i, const struct numfmt *colf)
{
	struct numfmt f;

	if (!value_like(col))
		return u->bare ? report_fig_bare(r, v, colf) : report_fig_text(r, v, colf);
	f = row_cell_fmt(r, t, col, row);
	if (u->bare && (u->line || strcmp(unit_of(r, &f), u->row[i]) == 0))
		return report_fig_bare(r, v, &f);
	return report_fig_text(r, v, &f);
}

/* The one format of a growth or progress column of indicator rows (all
 * in %): fitted to its figures together, so that one small figure that
 * needs more decimals gives them to the whole column. */
static struct numfmt percent_fit(struct report_ctx *r, const struct cfg_column *col,
				 const struct trow *rows, const double *v, const int *ind, size_t n)
{
	double *fig = xcalloc(n + 1, sizeof(double));
	struct numfmt f;
	size_t i, m = 0;
	int first = -1, status;

	for (i = 0; i < n; i++) {
		if (ind[i] < 0 || cell_words(r, col, ind[i], rows[i].region, v[i], &status))
			continue; /* words (已完成), not a figure */
		if (first < 0)
			first = ind[i];
		fig[m++] = v[i];
	}
	f = cell_fmt(r, col, first >= 0 ? first : rows[0].ind);
	f = report_fig_fit(&f, SCALE_PINNED, fig, m);
	free(fig);
	return f;
}

static void table_column(struct report_ctx *r, const struct cfg_table *t, size_t c,
			 const struct trow *rows, size_t n, struct report_table *out,
			 const struct tunits *u)
{
	const struct cfg_column *col = &t->cols[c];
	double *v = xcalloc(n + 1, sizeof(double));
	int *ind = xcalloc(n + 1, sizeof(int));
	struct numfmt f;
	size_t i, k, nc = out->ncols;
	const char *w;

	for (i = 0; i < n; i++)
		v[i] = rows[i].nrest ? rest_value(r, col, &rows[i])
		       : rows[i].kind == TROW_GROUP ? NAN
		       : cell_value(r, col, &rows[i], &ind[i]);
	for (i = 0; i < n; i++)
		if (rows[i].kind == TROW_SUBTOTAL && col->ind >= 0)
			v[i] = report_group_value(r, col->ind, rows[i].region, v[i]);
	if (t->total && n > 0 && col->ind >= 0)
		v[0] = report_total_value(r, col->ind, v[0]);
	if (col->ind >= 0) {
		f = cell_fmt(r, col, col->ind);
		f = report_fig_fit(&f, r->cfg->ind[col->ind].scale_mode, v, n);
	} else if (!value_like(col)) {
		f = percent_fit(r, col, rows, v, ind, n);
	}
	for (i = 0; i < n; i++) {
		k = (i + 1) * nc + c + 1 + (size_t)u->unit_col;
		if (rows[i].nrest) {
			out->cells[k] = isnan(v[i]) ? ""
					: u->bare ? report_fig_bare(r, v[i], &f)
					: report_fig_text(r, v[i], &f);
			continue;
		}
		if (rows[i].kind == TROW_GROUP) {
			out->cells[k] = "";
			continue;
		}
		if (ind[i] < 0) {
			out->cells[k] = FMT_MISSING;
			continue;
		}
		w = cell_words(r, col, ind[i], rows[i].region, v[i], &out->status[k]);
		if (w)
			out->cells[k] = w;
		else if (col->ind >= 0)
			out->cells[k] = u->bare ? report_fig_bare(r, v[i], &f)
					: report_fig_text(r, v[i], &f);
		else
			out->cells[k] = cell_in_row(r, t, col, &rows[i], v[i], u, i, &f);
	}
	free(v);
	free(ind);
}

/* The unit column c of region rows shows: that of its fitted format;
 * NULL for words (status). */
static const char *column_unit(struct report_ctx *r, const struct cfg_table *t, size_t c,
			       const struct trow *rows, size_t n)
{
	const struct cfg_column *col = &t->cols[c];
	double *v;
	struct numfmt f;
	size_t i;
	int ind;

	if (col->measure == MEASURE_STATUS || col->ind < 0)
		return NULL;
	v = xcalloc(n + 1, sizeof(double));
	for (i = 0; i < n; i++)
		v[i] = rows[i].nrest ? rest_value(r, col, &rows[i]) : cell_value(r, col, &rows[i], &ind);
	if (t->total && n > 0)
		v[0] = report_total_value(r, col->ind, v[0]);
	f = cell_fmt(r, col, col->ind);
	f = report_fig_fit(&f, r->cfg->ind[col->ind].scale_mode, v, n);
	free(v);
	return unit_of(r, &f);
}

/* Does unit x differ from the one seen so far (*same; NULL: none yet)? */
static void same_unit(const char **same, int *mixed, const char *x)
{
	if (!x)
		return;
	if (!*same)
		*same = x;
	else if (strcmp(*same, x) != 0)
		*mixed = 1;
}

/* Where the units go: t's `units:`, else cells in the report preset and,
 * in the others, one 单位 line when every figure has the same unit, else
 * the headers (and a 单位 column for indicator rows). A `line` asked for
 * figures of several units falls back to the headers: one line cannot
 * name two units. */
static void table_units(struct report_ctx *r, const struct cfg_table *t, const struct trow *rows,
			size_t n, struct tunits *u)
{
	int mode = t->units >= 0 ? t->units
		   : r->cfg->report.page.preset == CFG_PAGE_REPORT ? CFG_UNITS_CELLS : -1;
	const char *same = NULL;
	int mixed = 0;
	size_t c, i;

	memset(u, 0, sizeof(*u));
	if (mode == CFG_UNITS_CELLS)
		return;
	u->bare = 1;
	u->col = arena_zalloc(r->a, (t->ncols + 1) * sizeof(*u->col));
	if (t->rows != ROWS_INDICATORS) {
		for (c = 0; c < t->ncols; c++)
			same_unit(&same, &mixed, u->col[c] = column_unit(r, t, c, rows, n));
	} else {
		u->row = arena_zalloc(r->a, (n + 1) * sizeof(*u->row));
		for (c = 0; c < t->ncols; c++) {
			const struct cfg_column *col = &t->cols[c];

			if (col->measure == MEASURE_GROWTH || col->measure == MEASURE_PROGRESS)
				same_unit(&same, &mixed, u->col[c] = "%");
			for (i = 0; i < n && value_like(col); i++) {
				struct numfmt f = row_cell_fmt(r, t, col, &rows[i]);
				struct numfmt g = row_fit(r, t, &rows[i]);

				g.unit = r->cfg->ind[rows[i].ind].fmt.unit;
				u->row[i] = unit_of(r, &g);
				same_unit(&same, &mixed, unit_of(r, &f));
			}
		}
	}
	if (!mixed && same && *same) {
		u->line = arena_printf(r->a, "单位：%s", same);
		memset(u->col, 0, (t->ncols + 1) * sizeof(*u->col));
		return;
	}
	/* indicator rows of several units: a 单位 column says each row's */
	u->unit_col = t->rows == ROWS_INDICATORS && u->row;
	if (!mixed && same && !*same) /* nothing has a unit */
		memset(u->col, 0, (t->ncols + 1) * sizeof(*u->col));
}

void report_table(struct report_ctx *r, const struct cfg_table *t, struct report_table *out)
{
	struct trow *rows;
	struct tunits u;
	size_t n, i, c, nc, k;

	n = table_rows(r, t, &rows);
	table_units(r, t, rows, n, &u);
	nc = t->ncols + 1 + (size_t)u.unit_col;
	memset(out, 0, sizeof(*out));
	out->title = report_title_of(r, t->title, &t->title_tpl);
	out->note = report_title_of(r, t->note, &t->note_tpl);
	out->unit_line = u.line;
	out->head_words = r->cfg->report.page.preset != CFG_PAGE_REPORT;
	out->words = r->cfg->report.words;
	out->nwords = r->cfg->report.nwords;
	out->ncols = nc;
	out->nhead = 1;
	out->nrows = n + 1;
	out->cells = arena_zalloc(r->a, out->nrows * nc * sizeof(char *));
	out->status = arena_alloc(r->a, out->nrows * nc * sizeof(int));
	out->align = arena_zalloc(r->a, nc * sizeof(*out->align));
	out->total = t->rows != ROWS_INDICATORS && t->total;
	out->orientation = t->orientation; /* the same order of names */
	for (k = 0; k < out->nrows * nc; k++)
		out->status[k] = REPORT_STATUS_NONE;
	table_header(r, t, out, &u);
	for (i = 0; i < n; i++) {
		out->cells[(i + 1) * nc] = rows[i].label;
		if (rows[i].kind != TROW_ROW) {
			if (!out->row_kind)
				out->row_kind = arena_zalloc(r->a, out->nrows);
			((unsigned char *)out->row_kind)[i + 1] =
				rows[i].kind == TROW_GROUP ? REPORT_ROW_GROUP : REPORT_ROW_SUBTOTAL;
		}
		if (u.unit_col)
			out->cells[(i + 1) * nc + 1] = u.row[i] ? u.row[i] : "";
	}
	for (c = 0; c < t->ncols; c++)
		table_column(r, t, c, rows, n, out, &u);
	free(rows);
}
