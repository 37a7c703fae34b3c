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

/* The display text of one measure of indicator ind: a change of a
 * percentage is in 个百分点, growth and progress are percentages. */
static const char *cell_text(struct report_ctx *r, const struct cfg_column *c, int ind, double v,
			     int *status)
{
	struct numfmt f = r->cfg->ind[ind].fmt;

	*status = REPORT_STATUS_NONE;
	switch (c->measure) {
	case MEASURE_STATUS:
		if (isnan(v))
			return FMT_MISSING;
		*status = v >= STATUS_ON_TRACK ? REPORT_STATUS_ON_TRACK
			  : v >= STATUS_AT_RISK ? REPORT_STATUS_AT_RISK : REPORT_STATUS_OFF_TRACK;
		return metrics_status_label((int)v);
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
	return report_show(r, v, &f);
}

struct trow {
	int region, ind;
	const char *label;
	double key; /* value of the sort column */
	const int *rest; /* the row summing up a top-N cut: its regions */
	size_t nrest;
};

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

/* A cell of the rest row: the sum over its regions where the indicator is
 * summed up the tree and the column shows its value; else empty, since a
 * rate or a change of the rest is not the sum of theirs. */
static const char *rest_cell(struct report_ctx *r, const struct cfg_column *c,
			     const struct trow *row, int *status)
{
	const struct cfg_indicator *ci = &r->cfg->ind[c->ind];
	int per = c->has_period ? metrics_period(r->res, &c->period) : r->res->report_period;
	double sum = NAN;
	size_t i;

	*status = REPORT_STATUS_NONE;
	if (c->ind < 0 || per < 0 || c->measure != MEASURE_VALUE || ci->is_derived ||
	    ci->rollup != ROLLUP_SUM)
		return "";
	for (i = 0; i < row->nrest; i++) {
		double v = res_get(r->res, c->ind, row->rest[i], per);
		if (!isnan(v))
			sum = isnan(sum) ? v : sum + v;
	}
	return isnan(sum) ? "" : cell_text(r, c, c->ind, sum, status);
}

/* The rows of t, sorted as asked; returns the count (total row last). */
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
	n = cut_top(r, t, rows, n, sorted);
	if (t->total) {
		rows[n].region = r->region;
		rows[n].ind = -1;
		rows[n].label = rg->name[r->region];
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

void report_table(struct report_ctx *r, const struct cfg_table *t, struct report_table *out)
{
	struct trow *rows;
	size_t n, i, c, nc = t->ncols + 1, k;
	int ind;
	double v;

	n = table_rows(r, t, &rows);
	memset(out, 0, sizeof(*out));
	out->title = report_title_of(r, t->title, &t->title_tpl);
	out->note = report_expand_plain(r, t->note);
	out->ncols = nc;
	out->nhead = 1;
	out->nrows = n + 1;
	out->cells = arena_zalloc(r->a, out->nrows * nc * sizeof(char *));
	out->status = arena_alloc(r->a, out->nrows * nc * sizeof(int));
	out->align = arena_zalloc(r->a, nc * sizeof(*out->align));
	out->total = t->rows != ROWS_INDICATORS && t->total;
	for (k = 0; k < out->nrows * nc; k++)
		out->status[k] = REPORT_STATUS_NONE;
	table_header(r, t, out);
	for (i = 0; i < n; i++) {
		out->cells[(i + 1) * nc] = rows[i].label;
		for (c = 0; c < t->ncols; c++) {
			k = (i + 1) * nc + c + 1;
			if (rows[i].nrest) {
				out->cells[k] = rest_cell(r, &t->cols[c], &rows[i], &out->status[k]);
				continue;
			}
			v = cell_value(r, &t->cols[c], &rows[i], &ind);
			out->cells[k] = ind < 0 ? FMT_MISSING
						: cell_text(r, &t->cols[c], ind, v, &out->status[k]);
		}
	}
	free(rows);
}
