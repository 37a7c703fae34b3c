#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/xalloc.h"
#include "render/chart/chart_int.h"
#include "render/layout_int.h"

/* Chart blocks of the config: the chart model built from the results at
 * the current region, then drawn. Values go to the chart in each
 * indicator's display unit (divided by 10^scale for 万 and 亿), so the
 * axis reads as the tables do. */

#define MAX_SERIES 8

static const char *caption_of(struct layout_rep *r, const struct cfg_chart *c)
{
	const char *t = layout_title(r, c->title, &c->title_tpl);
	size_t i;

	if (t || c->ninds == 0)
		return t;
	t = r->cfg->ind[c->inds[0]].name;
	for (i = 1; i < c->ninds; i++)
		t = arena_printf(r->lo.doc->arena, "%s、%s", t, r->cfg->ind[c->inds[i]].name);
	return t;
}

static double display_value(double v, const struct numfmt *f)
{
	return isfinite(v) ? v / pow(10, f->scale) : NAN;
}

/* The figure on a bar or point: the number as the tables round it,
 * without the unit (the axis title has it); NULL when missing. */
static const char *value_label(struct layout_rep *r, double v, const struct numfmt *f)
{
	char buf[64];

	if (fmt_number(v, f->scale, f->decimals, f->rounding, f->thousands, buf, sizeof(buf)) < 0)
		return NULL;
	return arena_strdup(r->lo.doc->arena, buf);
}

/* "贫困发生率（%）", "建档立卡贫困人口（万人）"; "单位：万人" for several
 * indicators (they share the first one's unit). */
static const char *axis_title(struct layout_rep *r, const struct cfg_chart *c)
{
	const struct cfg_indicator *ci = &r->cfg->ind[c->inds[0]];
	const char *unit = arena_printf(r->lo.doc->arena, "%s%s",
					ci->fmt.scale_label ? ci->fmt.scale_label : "",
					ci->fmt.unit ? ci->fmt.unit : "");

	if (c->ninds > 1)
		return *unit ? arena_printf(r->lo.doc->arena, "单位：%s", unit) : NULL;
	return *unit ? arena_printf(r->lo.doc->arena, "%s（%s）", ci->name, unit) : ci->name;
}

static const char *period_text(struct layout_rep *r, struct period p)
{
	struct arena *a = r->lo.doc->arena;

	if (p.kind == PERIOD_QUARTER)
		return arena_printf(a, "%d年第%d季度", p.ord / 4, p.ord % 4 + 1);
	if (p.kind == PERIOD_MONTH)
		return arena_printf(a, "%d年%d月", p.ord / 12, p.ord % 12 + 1);
	return arena_printf(a, "%d年", p.ord);
}

static const char *period_label(struct layout_rep *r, int per)
{
	char buf[64];

	layout_period_label(r, per, buf, sizeof(buf));
	return arena_strdup(r->lo.doc->arena, buf);
}

static void line_target(struct layout_rep *r, const struct cfg_chart *c, struct chart *ch)
{
	const struct cfg_indicator *ci = &r->cfg->ind[c->inds[0]];
	char buf[128];

	if (!c->show_target || !ci->target.present)
		return;
	ch->has_target = 1;
	ch->target = display_value(ci->target.value, &ci->fmt);
	if (fmt_display(ci->target.value, &ci->fmt, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	ch->target_label = arena_printf(r->lo.doc->arena, "%s目标：%s",
					period_text(r, ci->target.by), buf);
}

static void line_block(struct layout_rep *r, const struct cfg_chart *c, struct chart *ch)
{
	int from = c->has_from ? metrics_period(r->res, &c->from) : 0;
	int to = c->has_to ? metrics_period(r->res, &c->to) : r->res->nper - 1;
	struct chart_series *se = xcalloc(MAX_SERIES, sizeof(*se));
	const char **cats;
	size_t n, s, i;

	from = from < 0 ? 0 : from;
	to = to < 0 ? r->res->nper - 1 : to;
	if (to < from)
		to = from;
	n = (size_t)(to - from + 1);
	cats = arena_zalloc(r->lo.doc->arena, n * sizeof(char *));
	for (i = 0; i < n; i++)
		cats[i] = period_label(r, from + (int)i);
	for (s = 0; s < c->ninds && s < MAX_SERIES; s++) {
		const struct cfg_indicator *ci = &r->cfg->ind[c->inds[s]];
		double *v = arena_alloc(r->lo.doc->arena, n * sizeof(double));
		const char **lab = arena_zalloc(r->lo.doc->arena, n * sizeof(char *));

		for (i = 0; i < n; i++) {
			double x = res_get(r->res, c->inds[s], r->region, from + (int)i);

			v[i] = display_value(x, &ci->fmt);
			lab[i] = value_label(r, x, &ci->fmt);
		}
		se[s].name = ci->name;
		se[s].v = v;
		se[s].labels = lab;
		se[s].color = chart_palette(s);
	}
	ch->ncats = n;
	ch->cats = cats;
	ch->nseries = s;
	ch->series = se;
	line_target(r, c, ch);
	chart_draw(&r->lo, ch);
	free(se);
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
static size_t bar_regions(struct layout_rep *r, const struct cfg_chart *c, struct cat *out)
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
static size_t bar_series(struct layout_rep *r, const struct cfg_chart *c, int *ind, int *per)
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

static const char *series_name(struct layout_rep *r, const struct cfg_chart *c, int ind, int per)
{
	const char *name = r->cfg->ind[ind].name;

	if (c->ninds > 1 && c->nperiods > 1)
		return arena_printf(r->lo.doc->arena, "%s（%s）", name, period_label(r, per));
	return c->ninds > 1 ? name : period_label(r, per);
}

/* Bars of one series coloured by status; the legend gets the statuses
 * shown. */
static void status_colors(struct layout_rep *r, struct chart *ch, const struct cat *cats,
			  int ind, int per)
{
	static const int order[] = { STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK };
	unsigned *col = arena_alloc(r->lo.doc->arena, ch->ncats * sizeof(unsigned));
	struct chart_key *keys = arena_zalloc(r->lo.doc->arena, 3 * sizeof(*keys));
	int seen[3] = { 0, 0, 0 }, st;
	size_t i, k;

	for (i = 0; i < ch->ncats; i++) {
		double v = metrics_measure(r->res, ind, cats[i].region, per, MEASURE_STATUS, -1);

		st = isnan(v) ? -1 : (int)v;
		col[i] = chart_status_fill(st); /* grey when unknown */
		if (st >= 0 && st <= 2)
			seen[st] = 1;
	}
	for (k = 0; k < 3; k++)
		if (seen[order[k]]) {
			keys[ch->nkeys].name = metrics_status_label(order[k]);
			keys[ch->nkeys++].color = chart_status_fill(order[k]);
		}
	ch->cat_colors = col;
	ch->keys = keys;
}

static void bar_fill(struct layout_rep *r, struct chart_series *se, const struct cat *cats,
		     size_t n, int ind, int per)
{
	const struct numfmt *f = &r->cfg->ind[ind].fmt;
	double *v = arena_alloc(r->lo.doc->arena, (n ? n : 1) * sizeof(double));
	const char **lab = arena_zalloc(r->lo.doc->arena, (n ? n : 1) * sizeof(char *));
	size_t i;

	for (i = 0; i < n; i++) {
		double x = per < 0 ? NAN : res_get(r->res, ind, cats[i].region, per);

		v[i] = display_value(x, f);
		lab[i] = value_label(r, x, f);
	}
	se->v = v;
	se->labels = lab;
}

static void bar_block(struct layout_rep *r, const struct cfg_chart *c, struct chart *ch)
{
	struct cat *cats = xcalloc(r->res->nreg + 1, sizeof(*cats));
	struct chart_series *se = xcalloc(MAX_SERIES, sizeof(*se));
	int ind[MAX_SERIES], per[MAX_SERIES];
	const char **names;
	size_t n = bar_regions(r, c, cats), ns = bar_series(r, c, ind, per), i, s;

	/* Sorted by the last series (the latest period asked). */
	for (i = 0; i < n; i++)
		cats[i].key = per[ns - 1] < 0 ? NAN
				: res_get(r->res, ind[ns - 1], cats[i].region, per[ns - 1]);
	if (c->sort)
		qsort(cats, n, sizeof(*cats), c->sort > 0 ? cat_asc : cat_desc);
	names = arena_zalloc(r->lo.doc->arena, (n ? n : 1) * sizeof(char *));
	for (i = 0; i < n; i++)
		names[i] = r->res->reg->name[cats[i].region];
	for (s = 0; s < ns; s++) {
		se[s].name = series_name(r, c, ind[s], per[s]);
		se[s].color = chart_palette(s);
		bar_fill(r, &se[s], cats, n, ind[s], per[s]);
	}
	ch->ncats = n;
	ch->cats = names;
	ch->nseries = ns;
	ch->series = se;
	if (ns == 1 && r->cfg->ind[ind[0]].target.present && per[0] >= 0)
		status_colors(r, ch, cats, ind[0], per[0]);
	chart_draw(&r->lo, ch);
	free(se);
	free(cats);
}

/* "2013年 308.90万人 → 2019年 16.58万人，目标 0万人（2020年）" */
static const char *progress_detail(struct layout_rep *r, int ind)
{
	const struct cfg_indicator *ci = &r->cfg->ind[ind];
	int base = ci->target.has_baseline ? period_index(&r->res->axis, ci->target.baseline) : 0;
	int now = r->res->report_period;
	char b[64], v[64], t[64];

	if (base < 0)
		return NULL;
	fmt_display(res_get(r->res, ind, r->region, base), &ci->fmt, b, sizeof(b));
	fmt_display(res_get(r->res, ind, r->region, now), &ci->fmt, v, sizeof(v));
	fmt_display(ci->target.value, &ci->fmt, t, sizeof(t));
	return arena_printf(r->lo.doc->arena, "%s %s → %s %s，目标 %s（%s）", period_label(r, base),
			    b, period_label(r, now), v, t, period_text(r, ci->target.by));
}

static void progress_block(struct layout_rep *r, const struct cfg_chart *c, const char *caption)
{
	struct chart_progress_row *rows = xcalloc(c->ninds, sizeof(*rows));
	int per = r->res->report_period;
	size_t i;
	double st;

	for (i = 0; i < c->ninds; i++) {
		int ind = c->inds[i];
		char buf[64];

		rows[i].label = r->cfg->ind[ind].name;
		rows[i].progress = metrics_measure(r->res, ind, r->region, per, MEASURE_PROGRESS, -1);
		st = metrics_measure(r->res, ind, r->region, per, MEASURE_STATUS, -1);
		rows[i].status = isnan(st) ? -1 : (int)st;
		if (fmt_number(rows[i].progress, 0, 1, r->cfg->rounding, 0, buf, sizeof(buf)) >= 0)
			rows[i].figure = arena_printf(r->lo.doc->arena, "%s%%", buf);
		rows[i].detail = r->cfg->ind[ind].target.present ? progress_detail(r, ind) : NULL;
	}
	chart_draw_progress(&r->lo, caption, rows, c->ninds);
	free(rows);
}

void chart_block(struct layout_rep *r, const struct cfg_chart *c)
{
	struct chart ch;

	if (c->ninds == 0)
		return;
	memset(&ch, 0, sizeof(ch));
	ch.kind = c->kind;
	ch.caption = caption_of(r, c);
	ch.axis_title = axis_title(r, c);
	ch.horizontal = c->horizontal;
	if (c->kind == CHART_LINE)
		line_block(r, c, &ch);
	else if (c->kind == CHART_BAR)
		bar_block(r, c, &ch);
	else
		progress_block(r, c, ch.caption);
}
