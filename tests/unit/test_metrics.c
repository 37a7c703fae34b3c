#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/arena.h"
#include "core/engine/checks.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/engine/metrics.h"
#include "tests/unit/world.h"

/*
 * The engine end to end on a small tree written to a temporary folder:
 *   R 65 -> P1 6531 -> C1 653121, C2 653122
 *        -> P2 6532 -> C3 653221
 * Data at counties for 2018 and 2019, plus a prefecture value for 'note'
 * (a parent figure with no children) and a conflicting region value.
 */
static const char values_csv[] =
	"region,period,indicator,value\n"
	"653121,2018,pop,100\n653121,2019,pop,110\n"
	"653122,2018,pop,300\n653122,2019,pop,290\n"
	"653221,2018,pop,600\n653221,2019,pop,600\n"
	"653121,2018,poor,50\n653121,2019,poor,11\n"
	"653122,2018,poor,30\n653122,2019,poor,29\n"
	"653221,2018,poor,60\n"
	"653121,2019,inc,1000\n653122,2019,inc,2000\n653221,2019,inc,4000\n"
	"6532,2019,note,7\n"
	"65,2019,conflict,99\n653121,2019,conflict,1\n653221,2019,conflict,2\n"
	"653121,2019,zero,0\n"
	"653121,2019,vmin,5\n653122,2019,vmin,3\n653221,2019,vmin,9\n"
	"653121,2019,vmax,5\n653122,2019,vmax,3\n653221,2019,vmax,9\n"
	"653121,2019,vmean,5\n653122,2019,vmean,3\n653221,2019,vmean,9\n"
	"653121,2019,vlast,5\n653122,2019,vlast,3\n653221,2019,vlast,9\n";

static const char config_yaml[] =
	"report: {title: t}\n"
	"levels: [region, prefecture, county]\n"
	"data:\n"
	"  regions: regions.csv\n"
	"  sources: [{type: csv, path: values.csv}]\n"
	"indicators:\n"
	"  pop: {name: 人口}\n"
	"  poor: {name: 贫困人口}\n"
	"  inc: {name: 收入, rollup: wmean, weight: pop}\n"
	"  inc_mean: {name: m, formula: inc}\n"
	"  inc_max: {name: x, formula: \"max(inc, 0)\"}\n"
	"  note: {name: n}\n"
	"  conflict: {name: c}\n"
	"  zero: {name: z}\n"
	"  vmin: {name: a, rollup: min}\n"
	"  vmax: {name: b, rollup: max}\n"
	"  vmean: {name: c, rollup: mean}\n"
	"  vlast: {name: d, rollup: last}\n"
	"  rate: {name: 发生率, unit: '%', decimals: 2, formula: poor / pop * 100}\n"
	"  per_zero: {name: pz, formula: poor / zero}\n"
	"  pop_share: {name: s, formula: share(pop)}\n"
	"  poor_rank: {name: r, formula: rank(poor)}\n"
	"  pop_yoy: {name: y, formula: yoy(pop)}\n"
	"  poor_target: {name: pt, formula: poor,\n"
	"    target: {value: 0, by: 2020, baseline: 2018, direction: down}}\n";

static int setup(void **state)
{
	return world_setup(state, "metrics", regions_csv, values_csv, config_yaml, 0);
}

static double at(const struct world *w, const char *ind, const char *region, int year)
{
	struct period p = {PERIOD_YEAR, year};
	int i = cfg_find_indicator(&w->cfg, ind), r = regions_find(w->res.reg, region);
	int per = period_index(&w->res.axis, p);

	assert_true(i >= 0 && r >= 0 && per >= 0);
	return res_get(&w->res, i, r, per);
}

static void test_metrics_sums_roll_up_every_level(void **state)
{
	struct world *w = *state;

	assert_true(at(w, "pop", "6531", 2019) == 400);
	assert_true(at(w, "pop", "65", 2019) == 1000);
	assert_true(at(w, "pop", "65", 2018) == 1000);
	/* a child without data for a year is skipped, not counted as zero */
	assert_true(at(w, "poor", "6532", 2019) != at(w, "poor", "6532", 2019)); /* NaN */
	assert_true(at(w, "poor", "65", 2019) == 40);
}

static void test_metrics_min_max_mean_last_roll_up(void **state)
{
	struct world *w = *state;

	assert_true(at(w, "vmin", "6531", 2019) == 3);
	assert_true(at(w, "vmin", "65", 2019) == 3);
	assert_true(at(w, "vmax", "6531", 2019) == 5);
	assert_true(at(w, "vmax", "65", 2019) == 9);
	assert_true(at(w, "vmean", "6531", 2019) == 4);
	/* the mean of the three county values, not of the prefectures'
	 * means ((4 + 9) / 2 = 6.5) */
	assert_true(fabs(at(w, "vmean", "65", 2019) - 17.0 / 3) < 1e-12);
	assert_true(at(w, "vlast", "6531", 2019) == 3);
	assert_true(at(w, "vlast", "65", 2019) == 9);
}

static void test_metrics_ratio_is_computed_from_rolled_up_parts(void **state)
{
	struct world *w = *state;

	/* 2018: (50 + 30 + 60) / (100 + 300 + 600) * 100 = 14, whereas the
	 * mean of the county rates (50, 10, 10) would be 23.3 */
	assert_true(fabs(at(w, "rate", "65", 2018) - 14.0) < 1e-12);
	assert_true(fabs(at(w, "rate", "6531", 2018) - 20.0) < 1e-12);
	assert_true(fabs(at(w, "rate", "653121", 2018) - 50.0) < 1e-12);
}

static void test_metrics_weighted_mean_uses_the_weight(void **state)
{
	struct world *w = *state;

	/* (1000*110 + 2000*290) / 400 = 1725 */
	assert_true(fabs(at(w, "inc", "6531", 2019) - 1725.0) < 1e-9);
	/* (1725*400 + 4000*600) / 1000 */
	assert_true(fabs(at(w, "inc", "65", 2019) - (1725.0 * 400 + 4000.0 * 600) / 1000) < 1e-9);
}

static void test_metrics_parent_data_is_kept_where_children_have_none(void **state)
{
	struct world *w = *state;

	assert_true(at(w, "note", "6532", 2019) == 7);
	assert_true(at(w, "note", "65", 2019) == 7);
}

static void test_metrics_conflicting_parent_data_warns_and_uses_the_rollup(void **state)
{
	struct world *w = *state;
	size_t i;
	int found = 0;

	assert_true(at(w, "conflict", "65", 2019) == 3);
	for (i = 0; i < w->d.n; i++)
		if (w->d.items[i].level == DIAG_WARNING && strstr(w->d.items[i].msg, "'conflict'") &&
		    strstr(w->d.items[i].msg, "is 99") && strstr(w->d.items[i].msg, "is 3"))
			found = 1;
	assert_true(found);
}

static void test_metrics_division_by_zero_is_missing(void **state)
{
	struct world *w = *state;

	assert_true(isnan(at(w, "per_zero", "653121", 2019)));
	assert_true(isnan(at(w, "per_zero", "653122", 2019))); /* zero missing there */
}

static void test_metrics_tree_and_time_functions(void **state)
{
	struct world *w = *state;

	assert_true(fabs(at(w, "pop_share", "6531", 2019) - 40.0) < 1e-12);
	assert_true(isnan(at(w, "pop_share", "65", 2019)));
	assert_true(at(w, "poor_rank", "653121", 2018) == 1);
	assert_true(at(w, "poor_rank", "653122", 2018) == 2);
	assert_true(fabs(at(w, "pop_yoy", "653121", 2019) - 10.0) < 1e-9);
	assert_true(isnan(at(w, "pop_yoy", "653121", 2018)));
}

static void test_metrics_measures_change_growth_progress_status(void **state)
{
	struct world *w = *state;
	int i = cfg_find_indicator(&w->cfg, "poor_target"), r = regions_find(w->res.reg, "6531");

	assert_true(metrics_measure(&w->res, i, r, 1, MEASURE_CHANGE, 0) == 40 - 80);
	assert_true(fabs(metrics_measure(&w->res, i, r, 1, MEASURE_GROWTH, 0) + 50.0) < 1e-9);
	assert_true(metrics_measure(&w->res, i, r, 1, MEASURE_TARGET, -1) == 0);
	/* baseline 80 in 2018, now 40, target 0: half way */
	assert_true(fabs(metrics_measure(&w->res, i, r, 1, MEASURE_PROGRESS, -1) - 50.0) < 1e-9);
	/* half the time (2018 -> 2020) has passed: on track */
	assert_true(metrics_measure(&w->res, i, r, 1, MEASURE_STATUS, -1) == STATUS_ON_TRACK);
	assert_string_equal(metrics_status_label(STATUS_ON_TRACK), "进展顺利");
	assert_true(isnan(metrics_measure(&w->res, i, r, 0, MEASURE_CHANGE, -1)));
}

static void test_metrics_report_period_defaults_to_the_latest(void **state)
{
	struct world *w = *state;
	struct cfg_pref rel = {1, -1, {PERIOD_YEAR, 0}};

	assert_int_equal(w->res.report_period, 1);
	assert_int_equal(w->res.report_region, 0);
	assert_int_equal(metrics_period(&w->res, &rel), 0);
	rel.offset = -2;
	assert_int_equal(metrics_period(&w->res, &rel), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_sums_roll_up_every_level),
		cmocka_unit_test(test_metrics_min_max_mean_last_roll_up),
		cmocka_unit_test(test_metrics_ratio_is_computed_from_rolled_up_parts),
		cmocka_unit_test(test_metrics_weighted_mean_uses_the_weight),
		cmocka_unit_test(test_metrics_parent_data_is_kept_where_children_have_none),
		cmocka_unit_test(test_metrics_conflicting_parent_data_warns_and_uses_the_rollup),
		cmocka_unit_test(test_metrics_division_by_zero_is_missing),
		cmocka_unit_test(test_metrics_tree_and_time_functions),
		cmocka_unit_test(test_metrics_measures_change_growth_progress_status),
		cmocka_unit_test(test_metrics_report_period_defaults_to_the_latest),
	};
	return cmocka_run_group_tests(tests, setup, world_teardown);
}
