#include "core/engine/checks.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/explain.h"
#include "core/util/format.h"
#include "core/util/xalloc.h"

struct finder {
	const struct cfg *cfg;
	const struct results *res;
	const struct cfg_check *ck;
	struct diag *d;          /* NULL: only collect */
	struct check_findings *out; /* NULL: only report */
	size_t count;
};

static void show(const struct cfg_indicator *ci, double x, char *buf, size_t n)
{
	if (fmt_display(x, &ci->fmt, buf, n) < 0)
		snprintf(buf, n, "%g", x);
}

/* Both figures as the report shows them, with as many more places as it
 * takes for them to differ (a near miss must not read "1.24% vs 1.24%"). */
static void show_pair(const struct cfg_indicator *ci, double x, double y, char *a, char *b,
		      size_t n)
{
	struct numfmt f = ci->fmt;

	for (;;) {
		if (fmt_display(x, &f, a, n) < 0)
			snprintf(a, n, "%g", x);
		if (fmt_display(y, &f, b, n) < 0)
			snprintf(b, n, "%g", y);
		if (strcmp(a, b) != 0 || f.decimals >= 15)
			return;
		f.decimals++;
	}
}

static void keep(struct finder *fd, int region, int per, double value, double other,
		 const char *msg)
{
	struct check_findings *out = fd->out;
	struct check_finding *f;

	if (out->n >= CHECKS_MAX_KEPT) {
		out->dropped++;
		return;
	}
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	f = &out->v[out->n++];
	f->check = (int)(fd->ck - fd->cfg->checks);
	f->region = region;
	f->period = per;
	f->value = value;
	f->other = other;
	snprintf(f->msg, sizeof(f->msg), "%s", msg);
}

static void report(struct finder *fd, int region, int per, double value, double other,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(struct finder *fd, int region, int per, double value, double other,
		   const char *fmt, ...)
{
	char msg[512], ptext[16];
	va_list ap;

	if (fd->count++ >= CHECKS_MAX_SHOWN && !fd->out)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (fd->out)
		keep(fd, region, per, value, other, msg);
	if (!fd->d || fd->count > CHECKS_MAX_SHOWN)
		return;
	period_format(period_at(&fd->res->axis, per), ptext, sizeof(ptext));
	if (fd->ck->severity == DIAG_ERROR)
		diag_error(fd->d, fd->ck->pos, "check '%s' failed at %s %s in %s: %s", fd->ck->id,
			   fd->res->reg->code[region], fd->res->reg->name[region], ptext, msg);
	else
		diag_warning(fd->d, fd->ck->pos, "check '%s' failed at %s %s in %s: %s",
			     fd->ck->id, fd->res->reg->code[region], fd->res->reg->name[region],
			     ptext, msg);
}

static void not_run(struct finder *fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The check had nothing to compare: a warning in check's output and an
 * entry in out->not_run for 数据质量说明. */
static void not_run(struct finder *fd, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (fd->out) {
		xgrow((void **)&fd->out->not_run, &fd->out->cap_not_run, fd->out->nnot_run + 1,
		      sizeof(*fd->out->not_run));
		fd->out->not_run[fd->out->nnot_run++] = (int)(fd->ck - fd->cfg->checks);
	}
	if (fd->d)
		diag_warning(fd->d, fd->ck->pos, "check '%s' did not run: %s", fd->ck->id, why);
}

int checks_differ(const struct cfg_check *ck, double a, double b)
{
	return fabs(a - b) > ck->tolerance + ck->rel_tolerance * fabs(b);
}

static int beyond(const struct cfg_check *ck, double a, double b)
{
	return checks_differ(ck, a, b);
}

static int applies(const struct finder *fd, int r)
{
	return fd->ck->level < 0 || fd->res->reg->level[r] == fd->ck->level;
}

static void check_range(struct finder *fd)
{
	const struct cfg_indicator *ci = &fd->cfg->ind[fd->ck->ind];
	char a[64], b[64];
	int r, p;

	for (r = 0; r < (int)fd->res->nreg; r++) {
		if (!applies(fd, r))
			continue;
		for (p = 0; p < fd->res->nper; p++) {
			double v = res_get(fd->res, fd->ck->ind, r, p);
			if (isnan(v))
				continue;
			if (v < fd->ck->min - fd->ck->tolerance) {
				show_pair(ci, v, fd->ck->min, a, b, sizeof(a));
				report(fd, r, p, v, fd->ck->min, "'%s' is %s, below the minimum %s",
				       ci->id, a, b);
			} else if (v > fd->ck->max + fd->ck->tolerance) {
				show_pair(ci, v, fd->ck->max, a, b, sizeof(a));
				report(fd, r, p, v, fd->ck->max, "'%s' is %s, above the maximum %s",
				       ci->id, a, b);
			}
		}
	}
}

static void check_not_exceed(struct finder *fd)
{
	const struct cfg_indicator *ci = &fd->cfg->ind[fd->ck->ind];
	const struct cfg_indicator *co = &fd->cfg->ind[fd->ck->other];
	char a[64], b[64];
	int r, p;

	for (r = 0; r < (int)fd->res->nreg; r++) {
		if (!applies(fd, r))
			continue;
		for (p = 0; p < fd->res->nper; p++) {
			double v = res_get(fd->res, fd->ck->ind, r, p);
			double w = res_get(fd->res, fd->ck->other, r, p);
			if (isnan(v) || isnan(w) || v <= w + fd->ck->tolerance)
				continue;
			show_pair(ci, v, w, a, b, sizeof(a));
			if (strcmp(ci->fmt.unit, co->fmt.unit) != 0 || ci->fmt.scale != co->fmt.scale) {
				show(ci, v, a, sizeof(a));
				show(co, w, b, sizeof(b));
			}
			report(fd, r, p, v, w, "'%s' (%s) exceeds '%s' (%s)", ci->id, a, co->id, b);
		}
	}
}

/* A parent against the sum of its children where both are there; returns
 * how many parent cells had children to compare with. */
static size_t sum_direct(struct finder *fd)
{
	const struct results *res = fd->res;
	const struct cfg_indicator *ci = &fd->cfg->ind[fd->ck->ind];
	char a[64], b[64];
	size_t compared = 0;
	int r, p;

	for (r = 0; r < (int)res->nreg; r++) {
		const int *kids = regions_children(res->reg, r);
		int nk = regions_nchildren(res->reg, r), j;
		if (nk == 0 || !applies(fd, r))
			continue;
		for (p = 0; p < res->nper; p++) {
			double v = res_get(res, fd->ck->ind, r, p), sum = 0;
			int any = 0;
			for (j = 0; j < nk; j++) {
				double x = res_get(res, fd->ck->ind, kids[j], p);
				if (!isnan(x)) {
					sum += x;
					any = 1;
				}
			}
			if (isnan(v) || !any)
				continue;
			compared++;
			if (!beyond(fd->ck, v, sum))
				continue;
			show_pair(ci, v, sum, a, b, sizeof(a));
			report(fd, r, p, v, sum, "'%s' is %s, its children add up to %s", ci->id, a,
			       b);
		}
	}
	return compared;
}

/* A base indicator that rolls up had its parents replaced by the rollup:
 * its findings are the conflicts metrics recorded. A derived one, and a
 * base one kept as given (rollup: none: a published parent total), is
 * summed here; when no parent had both a value and children with values
 * the check could not run, which is said, not taken as a pass. */
static void check_sum(struct finder *fd)
{
	const struct results *res = fd->res;
	const struct cfg_indicator *ci = &fd->cfg->ind[fd->ck->ind];
	char a[64], b[64];
	size_t k;

	if (ci->is_derived || ci->rollup == ROLLUP_NONE) {
		if (sum_direct(fd) == 0)
			not_run(fd, "no region has both a value for '%s' and children with "
				"values for it", ci->id);
		return;
	}
	for (k = 0; k < res->nconflicts; k++) {
		const struct metrics_conflict *c = &res->conflicts[k];
		if (c->ind != fd->ck->ind || !applies(fd, c->region) ||
		    !beyond(fd->ck, c->given, c->rolled))
			continue;
		show_pair(ci, c->given, c->rolled, a, b, sizeof(a));
		report(fd, c->region, c->period, c->given, c->rolled,
		       "'%s' is %s in the data, its children add up to %s", ci->id, a, b);
	}
}

static void check_stated(struct finder *fd)
{
	const struct results *res = fd->res;
	const struct cfg_check *ck = fd->ck;
	const struct cfg_indicator *ci = &fd->cfg->ind[ck->ind];
	int r = ck->region ? regions_find(res->reg, ck->region) : res->report_region;
	int p = ck->has_period ? period_index(&res->axis, ck->period) : res->report_period;
	char a[64], b[64], how[400];
	double v;

	if (r < 0 || p < 0) {
		if (fd->d)
			diag_error(fd->d, ck->pos, "check '%s': its %s is not in the data", ck->id,
				   r < 0 ? "region" : "period");
		return;
	}
	v = res_get(res, ck->ind, r, p);
	if (isnan(v)) {
		show(ci, ck->stated, a, sizeof(a));
		report(fd, r, p, v, ck->stated,
		       "stated %s, but '%s' cannot be computed from the data", a, ci->id);
		return;
	}
	if (!beyond(ck, v, ck->stated))
		return;
	show_pair(ci, ck->stated, v, a, b, sizeof(a));
	/* Say how the figure follows from the data: the call with its inputs
	 * when the formula is one time function, else the formula. */
	if (ci->is_derived && explain_call_inputs(res, ck->ind, r, p, how, sizeof(how)) == 0)
		report(fd, r, p, v, ck->stated, "stated %s, %s gives %s", a, how, b);
	else if (ci->is_derived)
		report(fd, r, p, v, ck->stated, "stated %s, %s gives %s", a, ci->formula, b);
	else
		report(fd, r, p, v, ck->stated, "stated %s, the data gives %s for '%s'", a, b,
		       ci->id);
}

size_t checks_run(const struct cfg *cfg, const struct results *res, struct diag *d)
{
	return checks_collect(cfg, res, d, NULL);
}

void checks_findings_release(struct check_findings *f)
{
	if (!f)
		return;
	free(f->v);
	free(f->not_run);
	memset(f, 0, sizeof(*f));
}

size_t checks_collect(const struct cfg *cfg, const struct results *res, struct diag *d,
		      struct check_findings *out)
{
	size_t i, errors = 0;

	for (i = 0; i < cfg->nchecks; i++) {
		struct finder fd = {cfg, res, &cfg->checks[i], d, out, 0};
		switch (fd.ck->kind) {
		case CHECK_RANGE:
			check_range(&fd);
			break;
		case CHECK_NOT_EXCEED:
			check_not_exceed(&fd);
			break;
		case CHECK_SUM_OF_CHILDREN:
			check_sum(&fd);
			break;
		case CHECK_STATED:
			check_stated(&fd);
			break;
		}
		if (fd.count > CHECKS_MAX_SHOWN && d)
			diag_note(d, fd.ck->pos, "check '%s' failed in %zu more %s", fd.ck->id,
				  fd.count - CHECKS_MAX_SHOWN,
				  fd.count - CHECKS_MAX_SHOWN == 1 ? "cell" : "cells");
		if (fd.ck->severity == DIAG_ERROR)
			errors += fd.count;
	}
	return errors;
}
