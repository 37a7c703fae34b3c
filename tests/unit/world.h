#ifndef PROGREP_TEST_WORLD_H
#define PROGREP_TEST_WORLD_H

/* After cmocka.h (and the headers it needs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/engine/metrics.h"
#include "core/engine/report.h"
#include "core/util/arena.h"

/*
 * A config and its data written to a fresh folder under /tmp, loaded,
 * computed and (when asked) built into a report: the fixture of
 * test_metrics.c, test_report.c and test_table_units.c.
 */
/* The tree of every world: 新疆 (65) -> 喀什地区 (6531) -> 疏附县 653121,
 * 疏勒县 653122; -> 和田地区 (6532) -> 和田县 653221. */
static const char regions_csv[] =
	"code,name,parent,level\n"
	"65,新疆,,region\n"
	"6531,喀什地区,65,prefecture\n"
	"653121,疏附县,6531,county\n"
	"653122,疏勒县,6531,county\n"
	"6532,和田地区,65,prefecture\n"
	"653221,和田县,6532,county\n";

/* pop and poor at the counties in 2018 and 2019, as test_report.c and
 * test_table_units.c read them: in 2019 喀什 40000 poor of 400000, 和田
 * 6000 of 600000, the region 46000 of 1000000. */
static const char world_values_csv[] =
	"region,period,indicator,value\n"
	"653121,2018,pop,100000\n653121,2019,pop,110000\n"
	"653122,2018,pop,300000\n653122,2019,pop,290000\n"
	"653221,2018,pop,600000\n653221,2019,pop,600000\n"
	"653121,2018,poor,50000\n653121,2019,poor,11000\n"
	"653122,2018,poor,30000\n653122,2019,poor,29000\n"
	"653221,2018,poor,60000\n653221,2019,poor,6000\n";

struct world {
	char dir[64];
	struct arena *a;
	struct diag d;
	struct cfg cfg;
	struct dataset ds;
	struct results res;
	struct report rep;
};

static inline void world_put(const char *dir, const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The world of regions.csv, values.csv and c.yaml with these texts, in
 * /tmp/progrep_NAME_XXXXXX, as *state; with report, built into w->rep.
 * -1 (the diagnostics printed) when any stage fails. */
static inline int world_setup(void **state, const char *name, const char *regions,
			      const char *values, const char *yaml, int report)
{
	struct world *w = calloc(1, sizeof(*w));
	char path[128];

	if (!w)
		return -1;
	snprintf(w->dir, sizeof(w->dir), "/tmp/progrep_%s_XXXXXX", name);
	if (!mkdtemp(w->dir))
		return -1;
	world_put(w->dir, "regions.csv", regions);
	world_put(w->dir, "values.csv", values);
	world_put(w->dir, "c.yaml", yaml);
	w->a = arena_new();
	diag_init(&w->d);
	*state = w;
	snprintf(path, sizeof(path), "%s/c.yaml", w->dir);
	if (cfg_load(path, &w->cfg, w->a, &w->d) < 0 ||
	    ds_load(&w->cfg, &w->ds, w->a, &w->d) < 0 ||
	    metrics_compute(&w->cfg, &w->ds, &w->res, &w->d) < 0 ||
	    (report && report_build(&w->cfg, &w->res, w->a, &w->d, &w->rep) < 0)) {
		diag_print(&w->d, stderr);
		return -1;
	}
	return 0;
}

static inline int world_teardown(void **state)
{
	struct world *w = *state;
	const char *names[] = {"regions.csv", "values.csv", "c.yaml"};
	char path[128];
	size_t i;

	results_release(&w->res);
	ds_release(&w->ds);
	diag_release(&w->d);
	arena_free(w->a);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", w->dir, names[i]);
		unlink(path);
	}
	rmdir(w->dir);
	free(w);
	return 0;
}

#endif
