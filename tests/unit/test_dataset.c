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

#include "tests/unit/small_config.h"
#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset.h"

/* A config filled by hand: the loader of core/config/config.c is not needed. */
struct world {
	struct arena *a;
	struct diag d;
	struct cfg cfg;
	struct cfg_indicator ind[4];
	struct cfg_source src[2];
	struct dataset ds;
	char tmp[4][64];
	int ntmp;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	w->a = arena_new();
	diag_init(&w->d);
	small_config(&w->cfg, w->ind, w->src, 13);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	int i;

	for (i = 0; i < w->ntmp; i++)
		unlink(w->tmp[i]);
	ds_release(&w->ds);
	diag_release(&w->d);
	arena_free(w->a);
	free(w);
	return 0;
}

/* Write text to a temporary file, removed at teardown. */
static const char *tmpfile_with(struct world *w, const char *text)
{
	char *path = w->tmp[w->ntmp++];
	int fd;

	strcpy(path, "/tmp/progrep_ds_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int load_regions_text(struct world *w, const char *text)
{
	return ds_load_regions(&w->cfg, tmpfile_with(w, text), &w->ds, w->a, &w->d);
}

/* Load the small regions file, then values given as text. */
static int load_values_text(struct world *w, const char *text)
{
	w->src[0].path = w->src[0].resolved = tmpfile_with(w, text);
	return ds_load(&w->cfg, &w->ds, w->a, &w->d);
}

static void assert_diag(const struct world *w, size_t i, int line, int col, const char *msg)
{
	if (i >= w->d.n)
		fail_msg("no diagnostic %zu (want '%s')", i, msg);
	assert_string_equal(w->d.items[i].msg, msg);
	assert_int_equal(w->d.items[i].pos.line, line);
	assert_int_equal(w->d.items[i].pos.col, col);
}

static double cell(const struct dataset *ds, int ind, const char *code, int year)
{
	int r = regions_find(&ds->reg, code);
	struct period p = {PERIOD_YEAR, year};

	assert_true(r >= 0);
	assert_true(period_index(&ds->axis, p) >= 0);
	return ds->v[ds_index(ds, ind, r, period_index(&ds->axis, p))];
}

static void test_regions_are_stored_in_preorder_with_children_in_file_order(void **state)
{
	struct world *w = *state;
	const struct regions *rg = &w->ds.reg;
	static const char *const want[] = {"65", "6502", "650201", "0651", "065101"};

	assert_int_equal(load_regions_text(w, "code,name,parent,level\n"
					      "65,新疆,,region\n"
					      "065101,甲县,0651,county\n"
					      "6502,\"乙,州\",65,prefecture\n"
					      "0651,甲州,65,prefecture\n"
					      "650201,乙县,6502,county\n"),
			 0);
	assert_int_equal(rg->n, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(rg->code[i], want[i]);
	assert_string_equal(rg->name[1], "乙,州");
	assert_int_equal(rg->parent[0], -1);
	assert_int_equal(rg->parent[2], 1);
	assert_int_equal(rg->parent[4], 3);
	assert_int_equal(rg->level[0], 0);
	assert_int_equal(rg->level[4], 2);
	assert_int_equal(rg->line[3], 5);
	assert_int_equal(regions_nchildren(rg, 0), 2);
	assert_int_equal(regions_children(rg, 0)[0], 1);
	assert_int_equal(regions_children(rg, 0)[1], 3);
	assert_int_equal(regions_nchildren(rg, 1), 1);
	assert_int_equal(regions_children(rg, 1)[0], 2);
	assert_int_equal(regions_nchildren(rg, 2), 0);
	assert_int_equal(rg->child_start[5], 4);
	assert_int_equal(regions_find(rg, "0651"), 3);
	assert_int_equal(regions_find(rg, "651"), -1);
	assert_true(regions_is_within(rg, 4, 3));
	assert_false(regions_is_within(rg, 4, 1));
	assert_non_null(strstr(rg->file, "progrep_ds_"));
}

static void test_regions_reject_a_bad_header(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_regions_text(w, "code,name,level,parent\n65,新疆,region,\n"), -1);
	assert_diag(w, 0, 1, 11,
		    "bad header in the regions file: expected 'code,name,parent,level'");
}

static void test_regions_report_duplicates_unknown_levels_and_parents(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_regions_text(w, "code,name,parent,level\n"
					      "65,新疆,,region\n"
					      "6501,甲,65,prefecture\n"
					      "6501,乙,65,prefecture\n"
					      "650101,丙,6599,county\n"
					      "650102,丁,6501,xian\n"),
			 -1);
	assert_int_equal(w->d.nerrors, 3);
	assert_diag(w, 0, 4, 1, "duplicate region code '6501' (first on line 3)");
	assert_diag(w, 1, 6, 15,
		    "unknown level 'xian' (the levels are: region, prefecture, county, village)");
	assert_diag(w, 2, 5, 10, "unknown parent region '6599' of region '650101'");
	assert_int_equal(w->ds.reg.n, 0);
}

static void test_regions_need_exactly_one_root(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_regions_text(w, "code,name,parent,level\n"
					      "65,新疆,,region\n"
					      "66,别处,,region\n"),
			 -1);
	assert_diag(w, 0, 3, 7, "second root region '66' (the root is '65' on line 2)");
}

static void test_regions_report_cycles_once(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_regions_text(w, "code,name,parent,level\n"
					      "65,新疆,,region\n"
					      "a,甲,b,county\n"
					      "b,乙,c,county\n"
					      "c,丙,a,county\n"
					      "d,丁,d,village\n"),
			 -1);
	assert_int_equal(w->d.nerrors, 2);
	assert_diag(w, 0, 3, 5, "the parents of regions 'a' -> 'b' -> 'c' -> 'a' form a cycle");
	assert_diag(w, 1, 6, 5, "region 'd' is its own parent");
}

static void test_regions_need_levels_below_the_parent(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_regions_text(w, "code,name,parent,level\n"
					      "65,新疆,,region\n"
					      "6501,甲,65,county\n"
					      "650101,乙,6501,prefecture\n"),
			 -1);
	assert_int_equal(w->d.nerrors, 1);
	assert_diag(w, 0, 4, 15,
		    "region '650101' has level 'prefecture', which is not below the level "
		    "'county' of its parent '6501'");
}

static void test_ds_load_fills_the_cube(void **state)
{
	struct world *w = *state;
	struct dataset *ds = &w->ds;

	assert_int_equal(ds_load(&w->cfg, ds, w->a, &w->d), 0);
	assert_int_equal(w->d.n, 0);
	assert_int_equal(ds->reg.n, 7);
	assert_int_equal(ds->nind, 4);
	assert_int_equal(ds->axis.kind, PERIOD_YEAR);
	assert_int_equal(ds->axis.first, 2013);
	assert_int_equal(ds->axis.n, 3);
	assert_int_equal(ds->nvalues, 6);
	assert_true(cell(ds, 0, "653121001", 2013) == 120);
	assert_true(cell(ds, 0, "653121001", 2014) == 100.5);
	assert_true(cell(ds, 0, "653201", 2015) == 1000);
	assert_true(cell(ds, 1, "653201", 2015) == -2.5);
	assert_true(cell(ds, 1, "65", 2014) == 1000);
	assert_true(isnan(cell(ds, 0, "653121002", 2014))); /* empty = missing */
	assert_true(isnan(cell(ds, 0, "65", 2013)));
	assert_true(isnan(cell(ds, 2, "653201", 2015))); /* derived: left to the engine */
	assert_string_equal(ds->reg.name[regions_find(&ds->reg, "653121001")], "托克扎克镇,一村");
}

static void test_ds_load_extends_the_axis_to_the_report_period(void **state)
{
	struct world *w = *state;

	w->cfg.report.has_period = 1;
	w->cfg.report.period = (struct period){PERIOD_YEAR, 2020};
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_int_equal(w->ds.axis.first, 2013);
	assert_int_equal(w->ds.axis.n, 8);
	assert_true(cell(&w->ds, 0, "653121001", 2014) == 100.5);
	assert_true(isnan(cell(&w->ds, 0, "653121001", 2020)));
}

static void test_ds_load_reads_columns_named_in_the_config(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "period,region,value,indicator\n"
					     "2019Q1,6531,5.5,人均收入\n"
					     "2019Q3,6531,7,人均收入\n"),
			 0);
	assert_int_equal(w->ds.axis.kind, PERIOD_QUARTER);
	assert_int_equal(w->ds.axis.n, 3);
	assert_true(w->ds.v[ds_index(&w->ds, 3, regions_find(&w->ds.reg, "6531"), 2)] == 7);
}

static void test_ds_load_reports_bad_rows_with_positions(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "region,period,indicator,value\n"
					     "6599,2019,registered_persons,1\n"
					     "6531,19,registered_persons,1\n"
					     "6531,2019,incidence,1\n"
					     "6531,2019,registered_persons,abc\n"
					     "6531,2019,registered_persons,1e400\n"
					     "6531,2019,registered_persons,nan\n"
					     "6531,2019Q1,registered_persons,1\n"
					     "6531,2019,registered_persons,1\n"
					     "6531,2019,registered_persons,2\n"
					     "6531,2018,,2\n"),
			 -1);
	assert_int_equal(w->d.nerrors, 9);
	assert_diag(w, 0, 2, 1, "unknown region '6599'");
	assert_diag(w, 1, 3, 6,
		    "period '19' is not a year (2019), a quarter (2019Q3) or a month (2019-03)");
	assert_diag(w, 2, 4, 11,
		    "indicator 'incidence' is derived (it has a formula); the data cannot give "
		    "its values");
	assert_diag(w, 3, 5, 30, "value 'abc' is not a number");
	assert_diag(w, 4, 6, 30, "value '1e400' is too large for a number (beyond 1.8e308)");
	assert_diag(w, 5, 7, 30,
		    "value 'nan' is not a number (leave the value empty for a missing value)");
	assert_diag(w, 6, 8, 6, "period '2019Q1' is a quarter, but this data set has years");
	assert_diag(w, 7, 10, 1,
		    "value for indicator 'registered_persons', region '6531', period '2019' is "
		    "given twice");
	assert_diag(w, 8, 11, 11, "empty indicator name");
	assert_string_equal(w->d.items[0].text, "6599,2019,registered_persons,1");
	assert_null(w->ds.v); /* released on error */
}

/* Rows that repeat the last row's region and period and cycle through
 * the indicators take a shortcut: it must store what the full path would
 * (CRLF, long numbers, empty values that still name their period). */
static void test_ds_load_reads_repeating_rows_like_any_other(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "region,period,indicator,value\n"
					     "6531,2019,registered_persons,1\n"
					     "6531,2019,rural_population,2\n"
					     "6531,2020,registered_persons,3\r\n"
					     "6531,2020,rural_population,4\r\n"
					     "6532,2019,registered_persons,12345678901234567\n"
					     "6532,2019,rural_population,\n"
					     "6532,2021,registered_persons,-7.25\n"
					     "6532,2021,rural_population,8\n"
					     "6532,2026,registered_persons,\n"
					     "6532,2026,rural_population,\n"),
			 0);
	assert_int_equal(w->d.n, 0);
	assert_int_equal(w->ds.axis.first, 2019);
	assert_int_equal(w->ds.axis.n, 8);
	assert_int_equal(w->ds.nvalues, 7);
	assert_true(cell(&w->ds, 0, "6531", 2019) == 1);
	assert_true(cell(&w->ds, 1, "6531", 2019) == 2);
	assert_true(cell(&w->ds, 0, "6531", 2020) == 3);
	assert_true(cell(&w->ds, 1, "6531", 2020) == 4);
	assert_true(cell(&w->ds, 0, "6532", 2019) == strtod("12345678901234567", NULL));
	assert_true(isnan(cell(&w->ds, 1, "6532", 2019)));
	assert_true(cell(&w->ds, 0, "6532", 2021) == -7.25);
	assert_true(cell(&w->ds, 1, "6532", 2021) == 8);
	assert_true(isnan(cell(&w->ds, 0, "6532", 2026)));
}

/* ... and report what the full path would, where it would. */
static void test_ds_load_reports_bad_repeating_rows(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "region,period,indicator,value\n"
					     "6531,2019,registered_persons,1\n"
					     "6531,2019,rural_population,2\n"
					     "6531,2020,registered_persons,3\n"
					     "6531,2020,rural_population,4\n"
					     "6531,2020,registered_persons,5\n"
					     "6531,2020,rural_population,abc\n"
					     "6532,2019,rural_population,\n"
					     "6532,2019,incidence,1\n"
					     "6532,2021,registered_persons,7\n"
					     "6532,2021,rural_population,8\n"
					     "6532,2021,incidence,9\n"
					     "6599,2020,registered_persons,1\n"
					     "6599,2020,rural_population,2\n"),
			 -1);
	assert_int_equal(w->d.nerrors, 6);
	assert_diag(w, 0, 6, 1,
		    "value for indicator 'registered_persons', region '6531', period '2020' is "
		    "given twice");
	assert_diag(w, 1, 7, 28, "value 'abc' is not a number");
	assert_diag(w, 2, 9, 11,
		    "indicator 'incidence' is derived (it has a formula); the data cannot give "
		    "its values");
	assert_diag(w, 3, 12, 11,
		    "indicator 'incidence' is derived (it has a formula); the data cannot give "
		    "its values");
	/* The same region as the row before, but that one was unknown. */
	assert_diag(w, 4, 13, 1, "unknown region '6599'");
	assert_diag(w, 5, 14, 1, "unknown region '6599'");
}

static void test_ds_load_warns_once_per_unknown_indicator(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "region,period,indicator,value\n"
					     "6531,2019,poverty_gap,1\n"
					     "6531,2019,rural_population,10\n"
					     "6532,2019,poverty_gap,x\n"
					     "6532,2019,rural_population,20\n"),
			 0);
	assert_int_equal(w->d.nerrors, 0);
	assert_int_equal(w->d.nwarnings, 1);
	assert_diag(w, 0, 2, 11,
		    "indicator 'poverty_gap' in the data is not in the config; its values are "
		    "ignored");
	assert_int_equal(w->ds.nvalues, 2);
}

static void test_ds_load_reports_a_bad_header(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_values_text(w, "region,year,indicator,value\n6531,2019,x,1\n"), -1);
	assert_diag(w, 0, 1, 1,
		    "bad header in the data file: expected 'region,period,indicator,value'");
}

static void test_ds_load_reports_mixed_period_kinds_against_the_report(void **state)
{
	struct world *w = *state;

	w->cfg.report.has_period = 1;
	w->cfg.report.period = (struct period){PERIOD_YEAR, 2019};
	assert_int_equal(load_values_text(w, "region,period,indicator,value\n"
					     "6531,2019-03,rural_population,1\n"),
			 -1);
	assert_diag(w, 0, 2, 6, "period '2019-03' is a month, but the report period '2019' is a year");
}

/* Padding rows of an indicator not in the config (ignored, one warning). */
static size_t pad(char *text, size_t n, size_t upto)
{
	while (n < upto)
		n += (size_t)sprintf(text + n, "6531,2015,padding,1\n");
	return n;
}

/* Periods outside the guessed axis (the extremes only in the middle of a
 * file bigger than the head and tail samples) must grow the cube and keep
 * every value already stored. */
static void test_ds_load_grows_the_axis_for_periods_seen_late(void **state)
{
	struct world *w = *state;
	char *text = malloc(2u << 20);
	size_t n = 0;

	n += (size_t)sprintf(text + n, "region,period,indicator,value\n"
				       "6531,2015,registered_persons,1\n"
				       "6532,2015,registered_persons,0\n"
				       "6531,2016,registered_persons,16\n"
				       "6532,2016,registered_persons,-16\n");
	n = pad(text, n, 600u << 10);
	n += (size_t)sprintf(text + n, "6532,2010,rural_population,10\n");
	n = pad(text, n, 1200u << 10);
	n += (size_t)sprintf(text + n, "6532,2022,rural_population,22\n");
	n = pad(text, n, 1800u << 10);
	text[n] = '\0';
	assert_int_equal(load_values_text(w, text), 0);
	assert_int_equal(w->d.nwarnings, 1);
	assert_int_equal(w->ds.axis.first, 2010);
	assert_int_equal(w->ds.axis.n, 13);
	assert_true(cell(&w->ds, 1, "6532", 2010) == 10);
	assert_true(cell(&w->ds, 1, "6532", 2022) == 22);
	assert_true(cell(&w->ds, 0, "6532", 2015) == 0);
	assert_true(cell(&w->ds, 0, "6531", 2015) == 1);
	assert_true(cell(&w->ds, 0, "6531", 2016) == 16);
	assert_true(cell(&w->ds, 0, "6532", 2016) == -16);
	assert_true(isnan(cell(&w->ds, 0, "6532", 2022)));
	assert_int_equal(w->ds.nvalues, 6);
	free(text);
}

/* Two files: the second widens the axis on both sides. */
static void test_ds_load_long_csv_merges_sources(void **state)
{
	struct world *w = *state;

	w->src[1].type = "csv";
	w->src[1].path = w->src[1].resolved =
		tmpfile_with(w, "region,period,indicator,value\n"
				"6531,2011,rural_population,11\n"
				"6531,2017,rural_population,17\n"
				"653121001,2013,registered_persons,999\n");
	w->cfg.nsources = 2;
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	assert_int_equal(w->d.nerrors, 1);
	assert_non_null(strstr(w->d.items[0].msg, "given twice"));
	ds_release(&w->ds);

	assert_int_equal(ds_load_regions(&w->cfg, w->cfg.regions_path, &w->ds, w->a, &w->d), 0);
	assert_int_equal(ds_load_long_csv(&w->cfg, w->src[0].path, &w->ds, w->a, &w->d), 0);
	assert_int_equal(w->ds.axis.n, 3);
	w->src[1].path = tmpfile_with(w, "region,period,indicator,value\n"
					 "6531,2011,rural_population,11\n"
					 "6531,2017,rural_population,17\n");
	assert_int_equal(ds_load_long_csv(&w->cfg, w->src[1].path, &w->ds, w->a, &w->d), 0);
	assert_int_equal(w->ds.axis.first, 2011);
	assert_int_equal(w->ds.axis.n, 7);
	assert_true(cell(&w->ds, 1, "6531", 2011) == 11);
	assert_true(cell(&w->ds, 1, "6531", 2017) == 17);
	assert_true(cell(&w->ds, 0, "653121001", 2014) == 100.5);
	assert_true(cell(&w->ds, 1, "653201", 2015) == -2.5);
	assert_int_equal(w->ds.nvalues, 8);
}

static void test_ds_load_reports_a_missing_source(void **state)
{
	struct world *w = *state;

	w->src[0].resolved = "tests/data/no_such_file.csv";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	assert_int_equal(w->d.items[0].pos.line, 8);
	assert_non_null(strstr(w->d.items[0].msg, "cannot open 'tests/data/no_such_file.csv'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_regions_are_stored_in_preorder_with_children_in_file_order),
		T(test_regions_reject_a_bad_header),
		T(test_regions_report_duplicates_unknown_levels_and_parents),
		T(test_regions_need_exactly_one_root),
		T(test_regions_report_cycles_once),
		T(test_regions_need_levels_below_the_parent),
		T(test_ds_load_fills_the_cube),
		T(test_ds_load_extends_the_axis_to_the_report_period),
		T(test_ds_load_reads_columns_named_in_the_config),
		T(test_ds_load_reports_bad_rows_with_positions),
		T(test_ds_load_reads_repeating_rows_like_any_other),
		T(test_ds_load_reports_bad_repeating_rows),
		T(test_ds_load_warns_once_per_unknown_indicator),
		T(test_ds_load_reports_a_bad_header),
		T(test_ds_load_reports_mixed_period_kinds_against_the_report),
		T(test_ds_load_grows_the_axis_for_periods_seen_late),
		T(test_ds_load_long_csv_merges_sources),
		T(test_ds_load_reports_a_missing_source),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
