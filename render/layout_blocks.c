#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/xalloc.h"
#include "render/chart/chart.h"
#include "render/layout_int.h"

/* Tables and KPI strips built from the config; charts: render/chart/chart*.c. */

#define COLOR_ON_TRACK 0x1E7B34u
#define COLOR_AT_RISK 0xB26B00u
#define COLOR_OFF_TRACK 0xC62828u

static const char *measure_label(enum measure m)
{
	static const char *const names[] = { "数值", "变化", "增长率", "目标", "进度", "状态" };

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "";
}

/* The rows of a region table: children or regions of a level, in region
 * order, plus the current region as a total row when asked. */
static size_t region_rows(const struct layout_rep *r, const struct cfg_table *t, int *out)
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

static const char *column_title(struct layout_rep *r, const struct cfg_table *t,
				const struct cfg_column *c, int per, int from)
{
	char p[64], f[64];
	struct arena *a = r->lo.doc->arena;
	const char *name;

	if (c->title || c->title_tpl.n > 0)
		return layout_title(r, c->title, &c->title_tpl);
	layout_period_label(r, per, p, sizeof(p));
	layout_period_label(r, from, f, sizeof(f));
	if (c->ind < 0 || t->rows == ROWS_INDICATORS) {
		if (c->measure == MEASURE_VALUE)
			return arena_strdup(a, p);
		if ((c->measure == MEASURE_CHANGE || c->measure == MEASURE_GROWTH) && c->has_from)
			return arena_printf(a, "较%s%s", f, measure_label(c->measure));
		return measure_label(c->measure);
	}
	name = r->cfg->ind[c->ind].name;
	if (c->measure != MEASURE_VALUE)
		name = arena_printf(a, "%s%s", name, measure_label(c->measure));
	if (c->has_period && per != r->res->report_period)
		name = arena_printf(a, "%s（%s）", name, p);
	return name;
}

/* The display text of one measure of indicator ind. */
static const char *cell_text(struct layout_rep *r, const struct cfg_column *c, int ind, double v,
			     unsigned *color)
{
	struct numfmt f = r->cfg->ind[ind].fmt;
	char buf[128];

	*color = 0;
	switch (c->measure) {
	case MEASURE_STATUS:
		if (isnan(v))
			return FMT_MISSING;
		*color = v >= STATUS_ON_TRACK ? COLOR_ON_TRACK
			 : v >= STATUS_AT_RISK ? COLOR_AT_RISK : COLOR_OFF_TRACK;
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
	if (fmt_display(v, &f, buf, sizeof(buf)) < 0)
		return FMT_MISSING;
	return arena_strdup(r->lo.doc->arena, buf);
}

struct trow {
	int region, ind;
	const char *label;
	double key; /* value of the sort column */
};

static int cmp_asc(const void *a, const void *b)
{
	const struct trow *x = a, *y = b;

	/* Missing values go last; ties keep region order. */
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (!isnan(x->key) && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->region < y->region ? -1 : x->region > y->region;
}

static int cmp_desc(const void *a, const void *b)
{
	const struct trow *x = a, *y = b;

	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (!isnan(x->key) && x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->region < y->region ? -1 : x->region > y->region;
}

static double cell_value(struct layout_rep *r, const struct cfg_column *c, const struct trow *row,
			 int *ind)
{
	int per = c->has_period ? metrics_period(r->res, &c->period) : r->res->report_period;
	int from = c->has_from ? metrics_period(r->res, &c->from) : -1;

	*ind = c->ind >= 0 ? c->ind : row->ind;
	if (*ind < 0 || per < 0 || (c->has_from && from < 0))
		return NAN;
	return metrics_measure(r->res, *ind, row->region, per, c->measure, from);
}

/* The rows of t, sorted as asked; returns the count (total row last). */
static size_t table_rows(struct layout_rep *r, const struct cfg_table *t, struct trow **out)
{
	const struct regions *rg = r->res->reg;
	size_t n, i, nreg;
	int *regs, ind;
	struct trow *rows;

	if (t->rows == ROWS_INDICATORS) {
		rows = xcalloc(t->ninds + 1, sizeof(*rows));
		for (i = 0; i < t->ninds; i++) {
			rows[i].region = r->region;
			rows[i].ind = t->inds[i];
			rows[i].label = r->cfg->ind[t->inds[i]].name;
		}
		*out = rows;
		return t->ninds;
	}
	regs = xcalloc(rg->n + 1, sizeof(int));
	nreg = region_rows(r, t, regs);
	rows = xcalloc(nreg + 1, sizeof(*rows));
	for (i = 0; i < nreg; i++) {
		rows[i].region = regs[i];
		rows[i].ind = -1;
		rows[i].label = rg->name[regs[i]];
		if (t->sort_col > 0 && (size_t)t->sort_col <= t->ncols)
			rows[i].key = cell_value(r, &t->cols[t->sort_col - 1], &rows[i], &ind);
	}
	if (t->sort_col > 0 && (size_t)t->sort_col <= t->ncols)
		qsort(rows, nreg, sizeof(*rows), t->sort_desc ? cmp_desc : cmp_asc);
	n = nreg;
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

static void table_header(struct layout_rep *r, const struct cfg_table *t, struct layout_table *lt)
{
	size_t c;
	int per, from;

	lt->cells[0] = t->rows == ROWS_INDICATORS ? "指标" : "地区";
	lt->align[0] = ALIGN_LEFT;
	for (c = 0; c < t->ncols; c++) {
		const struct cfg_column *col = &t->cols[c];

		per = col->has_period ? metrics_period(r->res, &col->period) : r->res->report_period;
		from = col->has_from ? metrics_period(r->res, &col->from) : -1;
		lt->cells[c + 1] = column_title(r, t, col, per, from);
		lt->align[c + 1] = col->measure == MEASURE_STATUS ? ALIGN_CENTER : ALIGN_RIGHT;
	}
}

void layout_block_table(struct layout_rep *r, const struct cfg_table *t)
{
	struct layout_table lt;
	struct trow *rows;
	size_t n, i, c, nc = t->ncols + 1;
	int ind;
	double v;

	n = table_rows(r, t, &rows);
	memset(&lt, 0, sizeof(lt));
	lt.title = layout_title(r, t->title, &t->title_tpl);
	lt.note = layout_expand_plain(r, t->note);
	lt.ncols = nc;
	lt.nhead = 1;
	lt.nrows = n + 1;
	lt.cells = xcalloc(lt.nrows * nc, sizeof(char *));
	lt.colors = xcalloc(lt.nrows * nc, sizeof(unsigned));
	lt.align = xcalloc(nc, sizeof(*lt.align));
	lt.total = t->rows != ROWS_INDICATORS && t->total;
	table_header(r, t, &lt);
	for (i = 0; i < n; i++) {
		lt.cells[(i + 1) * nc] = rows[i].label;
		for (c = 0; c < t->ncols; c++) {
			v = cell_value(r, &t->cols[c], &rows[i], &ind);
			lt.cells[(i + 1) * nc + c + 1] =
				ind < 0 ? FMT_MISSING
					: cell_text(r, &t->cols[c], ind, v,
						    &lt.colors[(i + 1) * nc + c + 1]);
		}
	}
	layout_table(&r->lo, &lt);
	free(lt.cells);
	free(lt.colors);
	free(lt.align);
	free(rows);
}

void layout_block_kpi(struct layout_rep *r, const int *inds, size_t n)
{
	const char **fig = xcalloc(n ? n : 1, sizeof(char *));
	const char **lab = xcalloc(n ? n : 1, sizeof(char *));
	char buf[128];
	size_t i;
	double v;

	for (i = 0; i < n; i++) {
		const struct cfg_indicator *ci = &r->cfg->ind[inds[i]];

		v = res_get(r->res, inds[i], r->region, r->res->report_period);
		if (fmt_display(v, &ci->fmt, buf, sizeof(buf)) < 0)
			snprintf(buf, sizeof(buf), "%s", FMT_MISSING);
		fig[i] = arena_strdup(r->lo.doc->arena, buf);
		lab[i] = ci->name;
	}
	layout_kpi(&r->lo, n, fig, lab);
	free(fig);
	free(lab);
}

/* Charts: render/chart/chart*.c. */
void layout_block_chart(struct layout_rep *r, const struct cfg_chart *c)
{
	chart_block(r, c);
}
