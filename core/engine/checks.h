#ifndef PROGREP_CHECKS_H
#define PROGREP_CHECKS_H

#include "core/util/diag.h"
#include "core/engine/metrics.h"

/*
 * Data checks (cfg->checks), evaluated over the computed results at every
 * region and period they apply to. A check that finds nothing to compare
 * gets a warning "check 'ID' did not run: ..." instead of passing
 * silently. Each finding is reported into d at the
 * check's position in the config, with the region, period and values
 * involved, as an error or a warning by the check's severity; a check
 * reports its first CHECKS_MAX_SHOWN findings and then how many more.
 * Returns the number of findings of error severity.
 */
#define CHECKS_MAX_SHOWN 5

size_t checks_run(const struct cfg *cfg, const struct results *res, struct diag *d);

/* One failed cell of a check, for `check --format json` and the report's
 * 数据质量说明. */
struct check_finding {
	int check;            /* index into cfg->checks */
	int region, period;   /* indices into res->reg and res->axis */
	double value;         /* the value checked (stated: the computed one;
				 NaN when it cannot be computed) */
	double other;         /* range: the bound crossed; not_exceed: the other
				 indicator's value; sum_of_children: the children's
				 rollup; stated: the stated figure */
	char msg[512];        /* the message, as in the diagnostic after ": " */
};

/* Does computed value a differ from b beyond ck's tolerances? */
int checks_differ(const struct cfg_check *ck, double a, double b);

#define CHECKS_MAX_KEPT 10000

struct check_findings {
	struct check_finding *v; /* xmalloc'd */
	size_t n, cap;
	size_t dropped;          /* findings past CHECKS_MAX_KEPT */
	/* Checks that had nothing to compare (e.g. sum_of_children where no
	 * parent with a value has children with values): indices into
	 * cfg->checks, xmalloc'd. They are reported as not run, never as
	 * passed. */
	int *not_run;
	size_t nnot_run, cap_not_run;
};

/* As checks_run, also keeping every finding in out (zero it first; free
 * with checks_findings_release). d may be NULL: nothing is reported. */
size_t checks_collect(const struct cfg *cfg, const struct results *res, struct diag *d,
		      struct check_findings *out);
void checks_findings_release(struct check_findings *f);

#endif
