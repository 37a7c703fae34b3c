#ifndef PROGREP_CHECKS_H
#define PROGREP_CHECKS_H

#include "core/diag.h"
#include "core/metrics.h"

/*
 * Data checks (cfg->checks), evaluated over the computed results at every
 * region and period they apply to. Each finding is reported into d at the
 * check's position in the config, with the region, period and values
 * involved, as an error or a warning by the check's severity; a check
 * reports its first CHECKS_MAX_SHOWN findings and then how many more.
 * Returns the number of findings of error severity.
 */
#define CHECKS_MAX_SHOWN 5

size_t checks_run(const struct cfg *cfg, const struct results *res, struct diag *d);

#endif
