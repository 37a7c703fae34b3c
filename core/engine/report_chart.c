#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/xalloc.h"

/* Chart blocks of the config: categories, values and their labels at the
 * current region. Values go to the chart in each indicator's display unit
 * (divided by 10^scale for 万 and 亿), so the axis reads as the tables do. */

#define MAX_SERIES 8

static const char *caption_of(struct report_ctx *r, const struct cfg_chart *c)
{
	const char *t = report_title_of(r, c->title, &c->title_tpl);
	size_t i;

	if (t || c->ninds == 0)
		return t;
	t = r->cfg->ind[c->inds[0]].name;
	for (i = 1; i < c->ninds; i++)
		t = arena_printf(r->a, "%s、%s", t, r->cfg->ind[c->inds[i]].name);
	return t;
}

static double display_value(double v, const struct numfmt *f)
{
	return isfinite(v) ? v / pow(10, f->scale) : NAN;
}

/* The figures on a series' bars or points: rounded as a table column of
 * those values prints them (report_fig_fit: one precision for the series,
 * more places where a figure would read as zero), in the axis unit and
 * without it (the axis title has it); a zero as the table writes it ("0"
 * where the table says "0人" for a 万 figure, "0.00" beside "0.00%");
 * NULL when missing, drawn as "—". */
static void value_labels(struct report_ctx *r, const double *x, size_t n, const struct numfmt *f,
			 const char **out)
{
	struct numfmt g = report_fig_fit(f, SCALE_PINNED, x, n);
	char buf[FMT_DISPLAY_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = NULL;
		if (x[i] == 0 && g.scale > 0)
			out[i] = "0";
		else if (fmt_number(x[i], g.scale, g.decimals, g.rounding, g.thousands, buf,
				    sizeof(buf)) >= 0)
			out[i] = arena_strdup(r->a, buf);
	}
}

/* "贫困发生率（%）", "建档立卡贫困人口（万人）"; "单位：万人" for several
 * indicators (they share the first one's unit). */
static const char *axis_title(struct report_ctx *r, const struct cfg_chart *c)
{
	const struct cfg_indicator *ci = &r->cfg->ind[c->inds[0]];
	const char *unit = arena_printf(r->a, "%s%s", ci->fmt.scale_label ? ci->fmt.scale_label : "",
					ci->fmt.unit ? ci->fmt.unit : "");

	if (c->ninds > 1)
		return *unit ? arena_printf(r->a, "单位：%s", unit) : NULL;
	return *unit ? arena_printf(r->a, "%s（%s）", ci->name, unit) : ci->name;
}

static const char *period_text(struct report_ctx *r, struct period p)
{
	char buf[64];

	return arena_strdup(r->a, period_label(p, buf, sizeof(buf)));
}

static void line_target(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *ch)
{
	const struct cfg_indicator *ci = &r->cfg->ind[c->inds[0]];
	char buf[128];

	if (!c->show_target || !ci->target.present)
		return;
	ch->has_target = 1;
	ch->target = display_value(ci->target.value, &ci->fmt);
	if (fmt_display(ci->target.value, &ci->fmt, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	ch->target_label = arena_printf(r->a, "%s目标：%s", period_text(r, ci->target.by), buf);
}

/* One series of values and labels of indicator ind, at the regions reg[i]
 * and periods per[i] (per < 0: missing). */
static void fill_series(struct report_ctx *r, struct report_series *se, int ind, size_t n,
			const int *reg, const int *per)
{
	const struct numfmt *f = &r->cfg->ind[ind].fmt;
	double *v = arena_alloc(r->a, (n ? n : 1) * sizeof(double));
	double *x = xcalloc(n ? n : 1, sizeof(double));
	const char **lab = arena_zalloc(r->a, (n ? n : 1) * sizeof(char *));
	size_t i;

	for (i = 0; i < n; i++) {
		x[i] = per[i] < 0 ? NAN : res_get(r->res, ind, reg[i], per[i]);
		v[i] = display_value(x[i], f);
	}
	value_labels(r, x, n, f, lab);
	free(x);
	se->v = v;
	se->labels = lab;
}

static void line_chart(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *ch)
{
	int from = c->has_from ? metrics_period(r->res, &c->from) : 0;
	int to = c->has_to ? metrics_period(r->res, &c->to) : r->res->nper - 1;
	struct report_series *se = arena_zalloc(r->a, MAX_SERIES * sizeof(*se));
	int *reg, *per;
	size_t n, s, i;

	from = from < 0 ? 0 : from;
	to = to < 0 ? r->res->nper - 1 : to;
	if (to < from)
		to = from;
	n = (size_t)(to - from + 1);
	ch->cats = arena_zalloc(r->a, n * sizeof(char *));
	reg = xcalloc(n, sizeof(int));
	per = xcalloc(n, sizeof(int));
	for (i = 0; i < n; i++) {
		ch->cats[i] = report_period_label(r, from + (int)i);
		reg[i] = r->region;
		per[i] = from + (int)i;
	}
	for (s = 0; s < c->ninds && s < MAX_SERIES; s++) {
		se[s].name = r->cfg->ind[c->inds[s]].name;
		fill_series(r, &se[s], c->inds[s], n, reg, per);
	}
	free(reg);
	free(per);
	ch->ncats = n;
	ch->nseries = s;
	ch->series = se;
	line_target(r, c, ch);
}

/* A bar chart's categories: region indices and their sort key. */
struct cat {
	int region;
	size_t pos; /* in region order, for stable ties */
	double key;
};

static int cat_cmp(const struct cat *x, const struct cat *y, int dir)
{
	/* Missing values go last in either direction; ties keep region order. */
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (!isnan(x->key) && x->key != y->key)
		return (x->key < y->key ? -1 : 1) * dir;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cat_asc(const void *a, const void *b)
{
	return cat_cmp(a, b, 1);
}

static int cat_desc(const void *a, const void *b)
{
	return cat_cmp(a, b, -1);
}

/* Children of the current region, or the regions of a level within it. */
static size_t bar_regions(struct report_ctx *r, const struct cfg_chart *c, struct cat *out)
{
	const struct regions *rg = r->res->reg;
	size_t n = 0, i;

	if (c->over == ROWS_CHILDREN) {
		const int *kid = regions_children(rg, r->region);

		for (i = 0; i < (size_t)regions_nchildren(rg, r->region); i++)
			out[n++].region = kid[i];
	} else {
		for (i = 0; i < rg->n; i++)
			if (rg->level[i] == c->level && regions_is_within(rg, (int)i, r->region))
				out[n++].region = (int)i;
	}
	for (i = 0; i < n; i++)
		out[i].pos = i;
	return n;
}

/* Series of a bar chart: every indicator at every period asked. */
static size_t bar_series(struct report_ctx *r, const struct cfg_chart *c, int *ind, int *per)
{
	size_t np = c->nperiods ? c->nperiods : 1, i, k, n = 0;

	for (i = 0; i < c->ninds; i++)
		for (k = 0; k < np && n < MAX_SERIES; k++, n++) {
			ind[n] = c->inds[i];
			per[n] = c->nperiods ? metrics_period(r->res, &c->periods[k])
					     : r->res->report_period;
		}
	return n;
}

static const char *series_name(struct report_ctx *r, const struct cfg_chart *c, int ind, int per)
{
	const char *name = r->cfg->ind[ind].name;

	if (c->ninds > 1 && c->nperiods > 1)
		return arena_printf(r->a, "%s（%s）", name, report_period_label(r, per));
	return c->ninds > 1 ? name : report_period_label(r, per);
}

/* Bars of one series classed by status; the legend gets the statuses
 * shown. */
static void status_classes(struct report_ctx *r, struct report_chart *ch, const int *reg, int ind,
			   int per)
{
	static const int order[] = { STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK };
	int *st = arena_alloc(r->a, (ch->ncats ? ch->ncats : 1) * sizeof(int));
	struct report_key *keys = arena_zalloc(r->a, 3 * sizeof(*keys));
	int seen[3] = { 0, 0, 0 };
	size_t i, k;

	for (i = 0; i < ch->ncats; i++) {
		double v = metrics_measure(r->res, ind, reg[i], per, MEASURE_STATUS, -1);

		st[i] = isnan(v) || v < 0 || v > 2 ? REPORT_STATUS_NONE : (int)v;
		if (st[i] >= 0)
			seen[st[i]] = 1;
	}
	for (k = 0; k < 3; k++)
		if (seen[order[k]]) {
			keys[ch->nkeys].name = metrics_status_label(order[k]);
			keys[ch->nkeys++].status = order[k];
		}
	ch->cat_status = st;
	ch->keys = keys;
}

#define A4_HEIGHT 841.89
/* What a horizontal bar chart takes besides its rows: the headings placed
 * with it, the value axis and its title, the legend, the caption. */
#define BAR_CHART_RESERVE 150.0

/* How many rows of ns horizontal bars one page holds with every name and
 * figure at REPORT_CHART_MIN_TEXT. */
static size_t bars_fit(const struct report_ctx *r, size_t ns)
{
	struct report_page pg;
	double room;

	report_page_fill(&r->cfg->report.page, &pg);
	room = A4_HEIGHT - pg.margin_top - pg.margin_bottom - BAR_CHART_RESERVE;
	room = room / REPORT_CHART_ROW_MIN(ns);
	return room < 5 ? 5 : (size_t)room;
}

/* At most the chart's top N bars (the largest, largest first, when the
 * chart is not sorted): 100-372 villages make labels of 1-4 pt. A chart
 * that may turn horizontal also keeps no more rows than a page holds with
 * its text at full size (top: 0 too): it is cut, never shrunk. The
 * caption says how many were left out. Returns the new count. */
static size_t bar_top(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *ch,
		      struct cat *cats, size_t n, size_t ns)
{
	size_t top = c->top < 0 ? CFG_TOP_CHART : (size_t)c->top, fit = bars_fit(r, ns);
	int level, cut = 0;

	if (c->horizontal != 0 && (top == 0 || top > fit) && n > fit) {
		top = fit;
		cut = 1; /* the page's limit: no bar beyond it can be shown */
	}
	if (top == 0 || (!cut && n <= top + 1)) /* leaving out one bar would only hide it */
		return n;
	if (!c->sort) /* shown ranked: a top N in region order reads as a random pick */
		qsort(cats, n, sizeof(*cats), cat_desc);
	level = c->over == ROWS_LEVEL ? c->level : r->res->reg->level[r->region] + 1;
	ch->cut = 1;
	ch->caption = arena_printf(r->a, "%s（%s%zu个，%s未列出）", ch->caption ? ch->caption : "",
				   c->sort > 0 ? "最低" : "最高", top,
				   report_levels_rest(r, n - top, level));
	return top;
}

static void bar_chart(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *ch)
{
	struct cat *cats = xcalloc(r->res->nreg + 1, sizeof(*cats));
	struct report_series *se = arena_zalloc(r->a, MAX_SERIES * sizeof(*se));
	int ind[MAX_SERIES], per[MAX_SERIES], *reg, *pers;
	size_t n = bar_regions(r, c, cats), ns = bar_series(r, c, ind, per), i, s;

	/* Sorted by the last series (the latest period asked). */
	for (i = 0; i < n; i++)
		cats[i].key = per[ns - 1] < 0 ? NAN
				: res_get(r->res, ind[ns - 1], cats[i].region, per[ns - 1]);
	if (c->sort)
		qsort(cats, n, sizeof(*cats), c->sort > 0 ? cat_asc : cat_desc);
	n = bar_top(r, c, ch, cats, n, ns);
	ch->cats = arena_zalloc(r->a, (n ? n : 1) * sizeof(char *));
	reg = xcalloc(n + 1, sizeof(int));
	pers = xcalloc(n + 1, sizeof(int));
	for (i = 0; i < n; i++) {
		ch->cats[i] = r->res->reg->name[cats[i].region];
		reg[i] = cats[i].region;
	}
	for (s = 0; s < ns; s++) {
		se[s].name = series_name(r, c, ind[s], per[s]);
		for (i = 0; i < n; i++)
			pers[i] = per[s];
		fill_series(r, &se[s], ind[s], n, reg, pers);
	}
	ch->ncats = n;
	ch->nseries = ns;
	ch->series = se;
	if (ns == 1 && r->cfg->ind[ind[0]].target.present && per[0] >= 0)
		status_classes(r, ch, reg, ind[0], per[0]);
	free(reg);
	free(pers);
	free(cats);
}

/* "2013年 308.90万人 → 2019年 16.58万人，目标 0万人（2020年）" */
static const char *progress_detail(struct report_ctx *r, int ind)
{
	const struct cfg_indicator *ci = &r->cfg->ind[ind];
	int base = ci->target.has_baseline ? period_index(&r->res->axis, ci->target.baseline) : 0;
	int now = r->res->report_period;
	const char *b, *v, *t;

	if (base < 0)
		return NULL;
	b = report_fig_ind(r, res_get(r->res, ind, r->region, base), ind);
	v = report_fig_ind(r, res_get(r->res, ind, r->region, now), ind);
	t = report_fig_ind(r, ci->target.value, ind);
	return arena_printf(r->a, "%s %s → %s %s，目标 %s（%s）", report_period_label(r, base), b,
			    report_period_label(r, now), v, t, period_text(r, ci->target.by));
}

static void progress_chart(struct report_ctx *r, const struct cfg_chart *c,
			   struct report_chart *ch)
{
	struct report_progress_row *rows = arena_zalloc(r->a, c->ninds * sizeof(*rows));
	int per = r->res->report_period;
	size_t i;
	double st;

	for (i = 0; i < c->ninds; i++) {
		int ind = c->inds[i];
		char buf[64];

		rows[i].label = r->cfg->ind[ind].name;
		rows[i].progress = metrics_measure(r->res, ind, r->region, per, MEASURE_PROGRESS, -1);
		st = metrics_measure(r->res, ind, r->region, per, MEASURE_STATUS, -1);
		rows[i].status = isnan(st) ? REPORT_STATUS_NONE : (int)st;
		if (fmt_number(rows[i].progress, 0, 1, r->cfg->rounding, 0, buf, sizeof(buf)) >= 0)
			rows[i].figure = arena_printf(r->a, "%s%%", buf);
		if (report_target_met(r, ind, r->region, per))
			rows[i].figure = "已完成";
		rows[i].detail = r->cfg->ind[ind].target.present ? progress_detail(r, ind) : NULL;
	}
	ch->rows = rows;
	ch->nrows = c->ninds;
	for (i = 0; i < 3; i++)
		ch->status_label[i] = metrics_status_label((int)i);
}

/* The body row of t named s not taken yet, or (size_t)-1. */
static size_t table_row(const struct report_table *t, const char *s, const char *taken)
{
	size_t i;

	for (i = t->nhead; i < t->nrows; i++)
		if (!taken[i] && t->cells[i * t->ncols] && strcmp(t->cells[i * t->ncols], s) == 0)
			return i;
	return (size_t)-1;
}

/* Put the bars of ch in the order of t's rows when t has a row for every
 * bar; returns whether it has. */
static int follow_table(struct report_ctx *r, struct report_chart *ch, const struct report_table *t)
{
	size_t n = ch->ncats, *row = xcalloc(n, sizeof(size_t)), *perm = xcalloc(n, sizeof(size_t));
	char *taken = xcalloc(t->nrows + 1, 1);
	const char **cats;
	struct report_series *se;
	int *st, ok = t->ncols > 0;
	size_t i, k, s;

	for (i = 0; i < n && ok; i++) {
		row[i] = table_row(t, ch->cats[i] ? ch->cats[i] : "", taken);
		ok = row[i] != (size_t)-1;
		if (ok)
			taken[row[i]] = 1;
	}
	if (ok) {
		/* perm[k]: the bar that goes k-th (insertion sort: rows are few) */
		for (i = 0; i < n; i++) {
			for (k = i; k > 0 && row[perm[k - 1]] > row[i]; k--)
				perm[k] = perm[k - 1];
			perm[k] = i;
		}
		cats = arena_alloc(r->a, n * sizeof(char *));
		se = arena_zalloc(r->a, ch->nseries * sizeof(*se));
		st = ch->cat_status ? arena_alloc(r->a, n * sizeof(int)) : NULL;

		for (s = 0; s < ch->nseries; s++) {
			double *v = arena_alloc(r->a, n * sizeof(double));
			const char **lab = arena_zalloc(r->a, n * sizeof(char *));

			for (k = 0; k < n; k++) {
				v[k] = ch->series[s].v[perm[k]];
				lab[k] = ch->series[s].labels ? ch->series[s].labels[perm[k]] : NULL;
			}
			se[s] = ch->series[s];
			se[s].v = v;
			se[s].labels = lab;
		}
		for (k = 0; k < n; k++) {
			cats[k] = ch->cats[perm[k]];
			if (st)
				st[k] = ch->cat_status[perm[k]];
		}
		ch->cats = cats;
		ch->series = se;
		if (st)
			ch->cat_status = st;
	}
	free(row);
	free(perm);
	free(taken);
	return ok;
}

/* Has this warning been given at pos already (a section repeated with
 * `each:` builds the same chart once per region)? */
static int warned_at(const struct diag *d, struct src_pos pos, const char *msg)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_WARNING && d->items[i].pos.line == pos.line &&
		    d->items[i].pos.col == pos.col && strcmp(d->items[i].msg, msg) == 0 &&
		    (d->items[i].pos.file == pos.file ||
		     (d->items[i].pos.file && pos.file && strcmp(d->items[i].pos.file, pos.file) == 0)))
			return 1;
	return 0;
}

void report_charts_follow_tables(struct report_ctx *r, struct report_block *b, size_t n,
				 const struct cfg_chart *const *cfg)
{
	static const char msg[] =
		"sort is ignored: the chart follows the order of the table in this section";
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (b[i].kind != REPORT_CHART || b[i].chart.kind != REPORT_CHART_BAR ||
		    b[i].chart.ncats < 2)
			continue;
		for (j = 0; j < n; j++)
			if (b[j].kind == REPORT_TABLE && follow_table(r, &b[i].chart, &b[j].table))
				break;
		/* a sort that picked the top N bars still matters */
		if (j < n && cfg && cfg[i] && cfg[i]->sort && !b[i].chart.cut &&
		    cfg[i]->sort_pos.line > 0 && !warned_at(r->d, cfg[i]->sort_pos, msg))
			diag_warning(r->d, cfg[i]->sort_pos, "%s", msg);
	}
}

void report_chart(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = c->kind == CHART_LINE  ? REPORT_CHART_LINE
		    : c->kind == CHART_BAR ? REPORT_CHART_BAR : REPORT_CHART_PROGRESS;
	out->caption = caption_of(r, c);
	out->axis_title = axis_title(r, c);
	out->empty_note = "（无可绘制的数据）";
	out->horizontal = c->horizontal;
	out->mono = r->cfg->report.page.preset != CFG_PAGE_REPORT;
	if (c->kind == CHART_LINE)
		line_chart(r, c, out);
	else if (c->kind == CHART_BAR)
		bar_chart(r, c, out);
	else
		progress_chart(r, c, out);
}
