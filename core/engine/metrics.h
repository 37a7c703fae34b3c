#ifndef PROGREP_METRICS_H
#define PROGREP_METRICS_H

#include <stddef.h>

#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/util/diag.h"
#include "core/config/expr.h"

/*
 * The indicator engine. Base indicators roll up bottom-up over the region
 * tree for every period (a parent's data value is kept only where none of
 * its children has one; where both exist and differ, a warning says so and
 * the rollup wins, so a county report and the region report always agree).
 * Derived indicators are then evaluated at every region and period, in
 * dependency order (cfg->order): a ratio is computed from rolled-up parts,
 * never averaged from child ratios.
 */
/* A cell where the data gave a parent's value and its children's rollup
 * differs from it (the rollup is used). */
struct metrics_conflict {
	int ind, region, period;
	double given, rolled;
};

#define METRICS_MAX_CONFLICTS 10000

struct check_findings;

struct results {
	const struct cfg *cfg;
	const struct regions *reg;   /* borrowed from the dataset */
	struct period_axis axis;
	size_t nind, nreg;
	int nper;
	double *v;                   /* the cube, moved from the dataset */
	int report_period;           /* index of the report period on the axis */
	int report_region;           /* index of the report region */
	struct metrics_conflict *conflicts; /* the first METRICS_MAX_CONFLICTS */
	size_t nconflicts;
	size_t *conflicts_per_ind;   /* nind counts, including those not kept */
	/* The data checks' findings once they have run (core/engine/checks.h), so the
	 * report and `check --format json` need not run them again; NULL
	 * before. Borrowed. */
	const struct check_findings *findings;
};

static inline double res_get(const struct results *r, int ind, int region, int period)
{
	return r->v[((size_t)ind * r->nreg + (size_t)region) * (size_t)r->nper + (size_t)period];
}

/* Compute everything. Takes the cube out of ds (ds->v becomes NULL; ds
 * still owns the region tree, which must outlive res). Returns 0, or -1
 * with errors in d. */
int metrics_compute(const struct cfg *cfg, struct dataset *ds, struct results *res,
		    struct diag *d);

void results_release(struct results *res);

/* An evaluation context over the results, for expr_eval. */
void metrics_ctx(const struct results *res, struct expr_ctx *ctx);

/* One table cell: the measure of indicator ind at region, period index
 * per; from is the comparison period index for change/growth (-1: the
 * previous one). NaN when it cannot be computed. */
double metrics_measure(const struct results *res, int ind, int region, int per,
		       enum measure m, int from);

enum status { STATUS_OFF_TRACK = 0, STATUS_AT_RISK = 1, STATUS_ON_TRACK = 2 };
const char *metrics_status_label(int status); /* 进展顺利 / 存在风险 / 进度滞后 */

/* Resolve a section period against the report period: index or -1. */
int metrics_period(const struct results *res, const struct cfg_pref *p);

#endif
