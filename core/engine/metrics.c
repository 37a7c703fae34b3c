#include "core/engine/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/expr.h"
#include "core/util/arena.h"
#include "core/util/period.h"
#include "core/util/xalloc.h"

/* Values that differ by less than this (relative) are the same figure:
 * a sum of doubles in another order may differ in the last bits. */
#define SAME_REL 1e-9

static int same_value(double a, double b)
{
	double scale = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= SAME_REL * (scale > 1 ? scale : 1);
}

/* Add one child's row cv[nper] (weights wv for ROLLUP_WMEAN) into out and
 * wsum. The switch sits outside the period loop: this runs for every
 * child, base indicator and period (millions of cells on big data). */
static void add_child(enum rollup how, const double *cv, const double *wv, double *out,
		      double *wsum, int nper)
{
	int p;

	switch (how) {
	case ROLLUP_SUM:
		for (p = 0; p < nper; p++) {
			if (isnan(cv[p]))
				continue;
			out[p] = isnan(out[p]) ? cv[p] : out[p] + cv[p];
			wsum[p] += 1;
		}
		break;
	case ROLLUP_MIN:
		for (p = 0; p < nper; p++)
			if (!isnan(cv[p]) && (isnan(out[p]) || cv[p] < out[p]))
				out[p] = cv[p];
		break;
	case ROLLUP_MAX:
		for (p = 0; p < nper; p++)
			if (!isnan(cv[p]) && (isnan(out[p]) || cv[p] > out[p]))
				out[p] = cv[p];
		break;
	case ROLLUP_LAST:
		for (p = 0; p < nper; p++)
			if (!isnan(cv[p]))
				out[p] = cv[p];
		break;
	case ROLLUP_MEAN: /* weighted by the number of leaf values beneath */
	case ROLLUP_WMEAN:
		for (p = 0; p < nper; p++) {
			if (isnan(cv[p]) || isnan(wv[p]))
				continue;
			out[p] = isnan(out[p]) ? cv[p] * wv[p] : out[p] + cv[p] * wv[p];
			wsum[p] += wv[p];
		}
		break;
	case ROLLUP_NONE:
		break;
	}
}

/* Aggregate indicator ind over the children of r into out[nper]
 * (NaN where no child has a value). For ROLLUP_MEAN, cnt holds for every
 * region and period the number of leaf values beneath it, so that a mean
 * is the mean of the leaf values, not a mean of the children's means. */
static void aggregate(const struct results *res, const struct cfg_indicator *ci, int ind, int r,
		      const double *cnt, double *out, double *wsum)
{
	const int *kids = regions_children(res->reg, r);
	int nk = regions_nchildren(res->reg, r), k, p, nper = res->nper;
	enum rollup how = ci->rollup;

	for (p = 0; p < nper; p++) {
		out[p] = NAN;
		wsum[p] = 0;
	}
	for (k = 0; k < nk; k++) {
		const double *cv = &res->v[((size_t)ind * res->nreg + kids[k]) * nper];
		const double *wv = how == ROLLUP_WMEAN
			? &res->v[((size_t)ci->weight * res->nreg + kids[k]) * nper]
			: how == ROLLUP_MEAN ? &cnt[(size_t)kids[k] * nper] : NULL;
		add_child(how, cv, wv, out, wsum, nper);
	}
	if (how == ROLLUP_MEAN || how == ROLLUP_WMEAN)
		for (p = 0; p < nper; p++)
			out[p] = wsum[p] != 0 && !isnan(out[p]) ? out[p] / wsum[p] : NAN;
}

static void add_conflict(struct results *res, int ind, int r, int p, double given, double rolled)
{
	struct metrics_conflict *c;

	res->conflicts_per_ind[ind]++;
	if (res->nconflicts >= METRICS_MAX_CONFLICTS)
		return;
	c = &res->conflicts[res->nconflicts++];
	c->ind = ind;
	c->region = r;
	c->period = p;
	c->given = given;
	c->rolled = rolled;
}

/* Roll every base indicator up the tree. Regions are in pre-order, so a
 * reverse walk finishes all children (of every indicator, weights
 * included) before their parent. */
static void rollup(struct results *res)
{
	const struct cfg *cfg = res->cfg;
	size_t nper = (size_t)res->nper, cells = res->nreg * nper, i;
	double *agg = xmalloc(sizeof(double) * nper * 2);
	double **cnt = xcalloc(cfg->nind ? cfg->nind : 1, sizeof(double *));
	int r, p;

	res->conflicts = xmalloc(sizeof(*res->conflicts) * METRICS_MAX_CONFLICTS);
	res->conflicts_per_ind = xcalloc(cfg->nind ? cfg->nind : 1, sizeof(size_t));
	/* A mean counts the values it stands for: 1 for each value in the data. */
	for (i = 0; i < cfg->nind; i++) {
		const double *v = &res->v[i * cells];
		size_t c;
		if (cfg->ind[i].is_derived || cfg->ind[i].rollup != ROLLUP_MEAN)
			continue;
		cnt[i] = xmalloc(sizeof(double) * cells);
		for (c = 0; c < cells; c++)
			cnt[i][c] = !isnan(v[c]);
	}
	for (r = (int)res->nreg - 1; r >= 0; r--) {
		if (regions_nchildren(res->reg, r) == 0)
			continue;
		for (i = 0; i < cfg->nind; i++) {
			const struct cfg_indicator *ci = &cfg->ind[i];
			double *dst = &res->v[(i * res->nreg + (size_t)r) * nper];
			if (ci->is_derived || ci->rollup == ROLLUP_NONE)
				continue;
			aggregate(res, ci, (int)i, r, cnt[i], agg, agg + nper);
			for (p = 0; p < res->nper; p++) {
				if (isnan(agg[p]))
					continue; /* no child has it: keep the parent's own data */
				if (!isnan(dst[p]) && !same_value(dst[p], agg[p]))
					add_conflict(res, (int)i, r, p, dst[p], agg[p]);
				dst[p] = agg[p];
				if (cnt[i])
					cnt[i][(size_t)r * nper + p] = agg[nper + p];
			}
		}
	}
	for (i = 0; i < cfg->nind; i++)
		free(cnt[i]);
	free(cnt);
	free(agg);
}

/* The children of r with a value of ind in period p, for a message:
 * "'6532' 1e+308, '6531' 1e+308". */
static void name_inputs(const struct results *res, int ind, int r, int p, char *buf, size_t n)
{
	const int *kids = regions_children(res->reg, r);
	int nk = regions_nchildren(res->reg, r), k, shown = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (k = 0; k < nk && len + 1 < n; k++) {
		double x = res_get(res, ind, kids[k], p);
		if (isnan(x))
			continue;
		if (shown++ == 3) {
			snprintf(buf + len, n - len, ", ...");
			return;
		}
		len += (size_t)snprintf(buf + len, n - len, "%s'%s' %g", shown > 1 ? ", " : "",
					res->reg->code[kids[k]], x);
	}
}

static int finite_kids(const struct results *res, int ind, int r, int p)
{
	const int *kids = regions_children(res->reg, r);
	int nk = regions_nchildren(res->reg, r), k;

	for (k = 0; k < nk; k++)
		if (isinf(res_get(res, ind, kids[k], p)))
			return 0;
	return 1;
}

/* A rollup that overflows to infinity would print "—" as if the data had
 * no value, and JSON has no infinity: an error naming the cell and the
 * children that add up to it. Returns -1 when there was one. */
static int check_finite(const struct results *res, struct diag *d)
{
	const struct cfg *cfg = res->cfg;
	size_t i, nbad = 0;
	int r, p;

	for (i = 0; i < cfg->nind; i++) {
		for (r = 0; r < (int)res->nreg; r++)
			for (p = 0; p < res->nper; p++) {
				char per[16], in[300];
				double v = res_get(res, (int)i, r, p);
				/* Named where it starts: its parents follow from it. */
				if (isnan(v) || isfinite(v) || !finite_kids(res, (int)i, r, p) ||
				    nbad++ >= 5)
					continue;
				period_format(period_at(&res->axis, p), per, sizeof(per));
				name_inputs(res, (int)i, r, p, in, sizeof(in));
				diag_error(d, cfg->ind[i].pos, "'%s' at region '%s' in %s is too large "
					   "for a number: the %s of its children (%s) overflows",
					   cfg->ind[i].id, res->reg->code[r], per,
					   cfg_rollup_name(cfg->ind[i].rollup), in);
			}
	}
	return nbad ? -1 : 0;
}

/* Conflicts of indicators that no sum_of_children check covers are
 * warnings here; the checks report the others with their own severity. */
static void warn_conflicts(const struct results *res, struct diag *d)
{
	const struct cfg *cfg = res->cfg;
	size_t i, k;

	for (i = 0; i < cfg->nind; i++) {
		const struct metrics_conflict *c = NULL;
		char per[16], a[40], b[40];
		if (!res->conflicts_per_ind[i])
			continue;
		for (k = 0; k < cfg->nchecks; k++)
			if (cfg->checks[k].kind == CHECK_SUM_OF_CHILDREN && cfg->checks[k].ind == (int)i)
				break;
		if (k < cfg->nchecks)
			continue;
		for (k = 0; k < res->nconflicts && !c; k++)
			if (res->conflicts[k].ind == (int)i)
				c = &res->conflicts[k];
		if (!c)
			continue;
		period_format(period_at(&res->axis, c->period), per, sizeof(per));
		fmt_roundtrip(c->given, a, sizeof(a));
		fmt_roundtrip(c->rolled, b, sizeof(b));
		diag_warning(d, cfg->ind[i].pos,
			     "data for '%s' at region '%s' in %s is %s, but the %s of its children "
			     "is %s; the rollup is used (%zu %s)",
			     cfg->ind[i].id, res->reg->code[c->region], per, a,
			     cfg_rollup_name(cfg->ind[i].rollup), b, res->conflicts_per_ind[i],
			     res->conflicts_per_ind[i] == 1 ? "cell differs" : "cells differ");
	}
}

void metrics_ctx(const struct results *res, struct expr_ctx *ctx)
{
	ctx->cube = res->v;
	ctx->nreg = res->nreg;
	ctx->nper = res->nper;
	ctx->reg = res->reg;
	ctx->axis = res->axis;
	ctx->cfg = res->cfg;
	ctx->memo = NULL;
	ctx->overflows = NULL;
}

/* A formula whose result overflowed to infinity somewhere: it is shown as
 * missing there, and said so, naming the first cell and its formula. */
static void warn_overflow(const struct results *res, int ind, int r, int p, size_t n,
			  struct diag *d)
{
	const struct cfg_indicator *ci = &res->cfg->ind[ind];
	char per[32];

	period_format(period_at(&res->axis, p), per, sizeof(per));
	diag_warning(d, ci->formula_pos,
		     "indicator '%s' is too large for a number (overflows to infinity) at %s %s "
		     "in %s%s: shown as missing there; check the inputs of its formula",
		     ci->id, res->reg->code[r], res->reg->name[r], per,
		     n > 1 ? arena_printf(d->arena, " and %zu more cells", n - 1) : "");
}

/* Evaluate the derived indicators in dependency order, each over every
 * region and period before the next, so that functions over siblings,
 * children or other periods read finished values. */
static void derive(struct results *res, struct diag *d)
{
	const struct cfg *cfg = res->cfg;
	struct expr_ctx ctx;
	size_t k, over, cells;
	int r, p, fr = -1, fp = -1;

	metrics_ctx(res, &ctx);
	ctx.overflows = &over;
	for (k = 0; k < cfg->norder; k++) {
		int i = cfg->order[k];
		const struct expr *e = cfg->ind[i].expr;
		double *dst = &res->v[(size_t)i * res->nreg * (size_t)res->nper];
		/* A memo per indicator: what its rank() calls read is final
		 * before it is evaluated (dependency order) and stays so. */
		ctx.memo = expr_memo_new();
		over = cells = 0;
		for (r = 0; r < (int)res->nreg; r++)
			for (p = 0; p < res->nper; p++) {
				size_t before = over;
				double v = expr_eval(e, &ctx, r, p);
				dst[(size_t)r * res->nper + p] = v;
				if (over == before || !isnan(v))
					continue;
				if (cells++ == 0) {
					fr = r;
					fp = p;
				}
			}
		expr_memo_free(ctx.memo);
		if (cells)
			warn_overflow(res, i, fr, fp, cells, d);
		fr = fp = -1;
	}
	ctx.memo = NULL;
}

/* Does any base value exist at period index per? The loader puts
 * report.period on the axis even when no row has it (so that a period
 * between two data periods still resolves), so being on the axis does not
 * mean the data has it: a report on a period without one value would be a
 * PDF of "—". Runs before the rollup, on the values as loaded. */
static int period_has_values(const struct results *res, int per)
{
	size_t i, r;

	for (i = 0; i < res->nind; i++)
		for (r = 0; r < res->nreg; r++)
			if (!isnan(res_get(res, (int)i, (int)r, per)))
				return 1;
	return 0;
}

/* "report period '2021' is not in the data (2012 to 2020)", at report.period. */
static int period_missing(const struct results *res, struct diag *d)
{
	const struct cfg_report *rp = &res->cfg->report;
	char want[16], lo[16], hi[16];
	int first = -1, last = -1, p;

	for (p = 0; p < res->nper; p++)
		if (period_has_values(res, p)) {
			if (first < 0)
				first = p;
			last = p;
		}
	period_format(rp->period, want, sizeof(want));
	if (first < 0)
		return diag_error(d, rp->period_pos, "report period '%s' is not in the data "
				  "(the data has no values)", want);
	period_format(period_at(&res->axis, first), lo, sizeof(lo));
	period_format(period_at(&res->axis, last), hi, sizeof(hi));
	return diag_error(d, rp->period_pos, "report period '%s' is not in the data (%s to %s)",
			  want, lo, hi);
}

static int resolve_report(struct results *res, struct diag *d)
{
	const struct cfg *cfg = res->cfg;
	struct src_pos pos = {cfg->file, 0, 0};

	res->report_region = 0;
	if (cfg->report.region) {
		res->report_region = regions_find(res->reg, cfg->report.region);
		if (res->report_region < 0)
			return diag_error(d, pos, "report region '%s' is not in the regions file",
					  cfg->report.region);
	}
	res->report_period = res->nper - 1;
	if (cfg->report.has_period) {
		res->report_period = period_index(&res->axis, cfg->report.period);
		/* With --period the command line names the period reported on
		 * (and may load only that one): it is checked there. */
		if (res->report_period < 0 || (cfg->report.period_arg == PERIOD_ARG_NONE &&
						!period_has_values(res, res->report_period)))
			return period_missing(res, d);
	}
	return 0;
}

int metrics_compute(const struct cfg *cfg, struct dataset *ds, struct results *res,
		    struct diag *d)
{
	memset(res, 0, sizeof(*res));
	res->cfg = cfg;
	res->reg = &ds->reg;
	res->axis = ds->axis;
	res->nind = ds->nind;
	res->nreg = ds->reg.n;
	res->nper = ds->axis.n;
	res->v = ds->v;
	ds->v = NULL;
	if (res->nreg == 0 || res->nper <= 0) {
		struct src_pos pos = {cfg->file, 0, 0};
		return diag_error(d, pos, "the data has no regions or no periods");
	}
	if (resolve_report(res, d) < 0)
		return -1;
	rollup(res);
	if (check_finite(res, d) < 0)
		return -1;
	warn_conflicts(res, d);
	derive(res, d);
	return 0;
}

void results_release(struct results *res)
{
	if (!res)
		return;
	free(res->v);
	free(res->conflicts);
	free(res->conflicts_per_ind);
	res->v = NULL;
	res->conflicts = NULL;
	res->conflicts_per_ind = NULL;
}

double metrics_measure(const struct results *res, int ind, int region, int per,
		       enum measure m, int from)
{
	struct expr_ctx ctx;
	double v, base;

	if (per < 0 || per >= res->nper || region < 0 || (size_t)region >= res->nreg)
		return NAN;
	v = res_get(res, ind, region, per);
	if (from < 0)
		from = per - 1;
	switch (m) {
	case MEASURE_VALUE:
		return v;
	case MEASURE_CHANGE:
	case MEASURE_GROWTH:
		if (from < 0 || from >= res->nper)
			return NAN;
		base = res_get(res, ind, region, from);
		if (m == MEASURE_CHANGE)
			return v - base; /* NaN in, NaN out */
		if (isnan(v) || isnan(base) || base == 0)
			return NAN;
		v = (v / base - 1) * 100;
		return isfinite(v) ? v : NAN;
	case MEASURE_TARGET:
		return res->cfg->ind[ind].target.present ? res->cfg->ind[ind].target.value : NAN;
	case MEASURE_PROGRESS:
		metrics_ctx(res, &ctx);
		return expr_progress(&ctx, ind, region, per);
	case MEASURE_STATUS:
		metrics_ctx(res, &ctx);
		return expr_status(&ctx, ind, region, per);
	}
	return NAN;
}

const char *metrics_status_label(int status)
{
	switch (status) {
	case STATUS_ON_TRACK:
		return "进展顺利";
	case STATUS_AT_RISK:
		return "存在风险";
	case STATUS_OFF_TRACK:
		return "进度滞后";
	}
	return FMT_MISSING;
}

int metrics_period(const struct results *res, const struct cfg_pref *p)
{
	int i;

	if (p->relative) {
		i = res->report_period + p->offset;
		return i >= 0 && i < res->nper ? i : -1;
	}
	return period_index(&res->axis, p->abs);
}
