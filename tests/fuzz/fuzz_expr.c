/*
 * Fuzz target: the formula parser and evaluator. The input is a formula;
 * it is parsed, its names resolved against the indicators of a fixed
 * small config (with targets, a weighted mean, a four-level region tree)
 * and evaluated at every region and period of that cube. The S-expression
 * printer runs on every tree that parses.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/util/diag.h"
#include "core/config/expr.h"
#include "core/engine/metrics.h"
#include "tests/fuzz/fuzz.h"

static const char config[] =
	"report: {title: t, period: 2016}\n"
	"levels: [region, prefecture, county, village]\n"
	"data:\n  regions: data/regions.csv\n"
	"  sources: [{type: csv, path: data/values.csv}]\n"
	"indicators:\n"
	"  registered_persons:\n    name: a\n"
	"    target: {value: 0, by: 2020, baseline: 2013, direction: down}\n"
	"  rural_population: {name: b, rollup: sum}\n"
	"  income: {name: c, rollup: wmean, weight: rural_population,\n"
	"           target: {value: 8000, by: 2018, direction: up}}\n"
	"  share: {name: d, formula: registered_persons / rural_population * 100}\n";

static struct {
	struct arena *a;
	struct diag d;
	struct cfg cfg;
	struct dataset ds;
	struct results res;
	struct expr_ctx ctx;
} w;

/* Load once: the cube is the same for every input. */
static void setup(void)
{
	w.a = arena_new();
	diag_init(&w.d);
	if (cfg_load_text(PROGREP_FUZZ_DIR "/fuzz.yaml", config, sizeof(config) - 1, &w.cfg, w.a,
			  &w.d) < 0 ||
	    ds_load(&w.cfg, &w.ds, w.a, &w.d) < 0 ||
	    metrics_compute(&w.cfg, &w.ds, &w.res, &w.d) < 0)
		abort();
	metrics_ctx(&w.res, &w.ctx);
}

static int resolve(void *user, const struct expr *ref)
{
	(void)user;
	return cfg_find_indicator(&w.cfg, ref->name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct expr_error err;
	struct expr *e;
	char buf[256];
	size_t r;
	int p;

	if (!w.a)
		setup();
	a = arena_new();
	e = expr_parse((const char *)data, size, a, &err);
	if (e) {
		expr_sexp(e, buf, sizeof(buf));
		if (expr_resolve(e, resolve, NULL) == 0) {
			for (r = 0; r < w.ctx.nreg; r++)
				for (p = 0; p < w.ctx.nper; p++) {
					double v = expr_eval(e, &w.ctx, (int)r, p);
					if (isinf(v))
						abort(); /* only NaN leaves the evaluator */
				}
		}
	}
	arena_free(a);
	return 0;
}
