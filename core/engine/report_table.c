#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
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

static void table_header(struct report_ctx *r, const struct cfg_table *t, struct report_table *rt)
{
	size_t c;
	int per, from;

	rt->cells[0] = t->rows == ROWS_INDICATORS ? "指标" : "地区";
	rt->align[0] = REPORT_ALIGN_LEFT;
	for (c = 0; c < t->ncols; c++) {
		const struct cfg_column *col = &t->cols[c];

		per = col->has_period ? metrics_period(r->res, &col->period) : r->res->report_period;
		from = col->has_from ? metrics_period(r->res, &col->from) : -1;
		rt->cells[c + 1] = column_title(r, t, col, per, from);
		rt->align[c + 1] =
			col->measure == MEASURE_STATUS ? REPORT_ALIGN_CENTER : REPORT_ALIGN_RIGHT;
	}
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

/* A cell of an indicator row. */
static const char *cell_in_row(struct report_ctx *r, const struct cfg_table *t,
			       const struct cfg_column *col, const struct trow *row, double v)
{
	struct numfmt f = cell_fmt(r, col, row->ind), g;

	if (!value_like(col))
		return report_fig(r, v, &f, SCALE_PINNED);
	g = row_fit(r, t, row);
	f.scale = g.scale;
	f.scale_label = g.scale_label;
	if (col->decimals < 0)
		f.decimals = g.decimals;
	return report_fig_text(r, v, &f);
}

static void table_column(struct report_ctx *r, const struct cfg_table *t, size_t c,
			 const struct trow *rows, size_t n, struct report_table *out)
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
	}
	for (i = 0; i < n; i++) {
		k = (i + 1) * nc + c + 1;
		if (rows[i].nrest) {
			out->cells[k] = isnan(v[i]) ? "" : report_fig_text(r, v[i], &f);
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
			out->cells[k] = report_fig_text(r, v[i], &f);
		else
			out->cells[k] = cell_in_row(r, t, col, &rows[i], v[i]);
	}
	free(v);
	free(ind);
}

void report_table(struct report_ctx *r, const struct cfg_table *t, struct report_table *out)
{
	struct trow *rows;
	size_t n, i, c, nc = t->ncols + 1, k;

	n = table_rows(r, t, &rows);
	memset(out, 0, sizeof(*out));
	out->title = report_title_of(r, t->title, &t->title_tpl);
	out->note = report_title_of(r, t->note, &t->note_tpl);
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
	table_header(r, t, out);
	for (i = 0; i < n; i++)
		out->cells[(i + 1) * nc] = rows[i].label;
	for (c = 0; c < t->ncols; c++)
		table_column(r, t, c, rows, n, out);
	free(rows);
}
