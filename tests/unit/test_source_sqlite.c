#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/small_config.h"
#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/data/source.h"

/*
 * The sources other than long CSV: SQLite (read and written by import),
 * wide CSV, several sources merged, and the config keys of sources.
 * PostgreSQL runs against a real server in tests/golden/databases.sh.
 */

struct world {
	struct arena *a;
	struct diag d;
	struct cfg cfg;
	struct cfg_indicator ind[4];
	struct cfg_source src[2];
	struct dataset ds;
	char dir[64];
	char path[8][128];
	int npath;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	w->a = arena_new();
	diag_init(&w->d);
	strcpy(w->dir, "/tmp/progrep_src_XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	small_config(&w->cfg, w->ind, w->src, 7);
	w->src[1].pos = (struct src_pos){"report.yaml", 10, 7};
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	int i;

	for (i = 0; i < w->npath; i++)
		unlink(w->path[i]);
	rmdir(w->dir);
	ds_release(&w->ds);
	diag_release(&w->d);
	arena_free(w->a);
	free(w);
	return 0;
}

/* A file name in the test's folder, removed at teardown. */
static const char *file_in(struct world *w, const char *name)
{
	char *p = w->path[w->npath++];

	snprintf(p, sizeof(w->path[0]), "%s/%s", w->dir, name);
	return p;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A database made by running sql. */
static const char *db_with(struct world *w, const char *name, const char *sql)
{
	const char *path = file_in(w, name);
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	return path;
}

static void use_sqlite(struct world *w, int i, const char *path, const char *query)
{
	w->src[i].type = "sqlite";
	w->src[i].kind = SRC_SQLITE;
	w->src[i].path = w->src[i].resolved = w->src[i].label = path;
	w->src[i].query = query;
}

static double cell(const struct dataset *ds, int ind, const char *code, int year)
{
	int r = regions_find(&ds->reg, code);

	assert_true(r >= 0);
	if (year < ds->axis.first || year >= ds->axis.first + ds->axis.n)
		return NAN;
	return ds->v[ds_index(ds, ind, r, year - ds->axis.first)];
}

static void assert_msg(const struct world *w, size_t i, const char *msg)
{
	assert_true(w->d.n > i);
	if (strcmp(w->d.items[i].msg, msg) != 0)
		fail_msg("message %zu: got '%s', want '%s'", i, w->d.items[i].msg, msg);
}

static int same_cube(const struct dataset *a, const struct dataset *b)
{
	size_t i, n = a->nind * a->reg.n * (size_t)a->axis.n;

	if (a->axis.first != b->axis.first || a->axis.n != b->axis.n || a->nind != b->nind ||
	    a->reg.n != b->reg.n || a->nvalues != b->nvalues)
		return 0;
	for (i = 0; i < n; i++)
		if (!(a->v[i] == b->v[i] || (isnan(a->v[i]) && isnan(b->v[i]))))
			return 0;
	return 1;
}

/* import writes the CSV data; a sqlite source reads back the same cube. */
static void test_sqlite_import_then_source_gives_the_same_cube(void **state)
{
	struct world *w = *state;
	struct dataset csv;
	const char *db = file_in(w, "data.sqlite");

	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	csv = w->ds;
	memset(&w->ds, 0, sizeof(w->ds));
	assert_int_equal(source_sqlite_write(&w->cfg, &csv, db, &w->d), 0);
	use_sqlite(w, 0, db, "SELECT region, period, indicator, value FROM indicator_values");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_true(same_cube(&csv, &w->ds));
	ds_release(&w->ds);

	/* the regions from the database too, in the same order */
	w->cfg.regions_path = NULL;
	w->src[0].regions_query = "SELECT code, name, parent, level FROM regions ORDER BY rowid";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_true(same_cube(&csv, &w->ds));
	assert_string_equal(w->ds.reg.name[3], "托克扎克镇,一村");
	ds_release(&csv);
	assert_int_equal(w->d.nerrors, 0);
}

static void test_sqlite_write_leaves_nothing_when_it_fails(void **state)
{
	struct world *w = *state;
	const char *db = file_in(w, "no/such/folder/data.sqlite");
	struct stat st;

	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_int_equal(source_sqlite_write(&w->cfg, &w->ds, db, &w->d), -1);
	assert_int_equal(w->d.nerrors, 1);
	assert_non_null(strstr(w->d.items[0].msg, "cannot create a file beside"));
	assert_int_equal(stat(db, &st), -1);
}

static const char values_sql[] =
	"CREATE TABLE v (region, period INTEGER, indicator, value);"
	"INSERT INTO v VALUES (653121001, 2013, 'registered_persons', 120),"
	"  ('653121001', '2014', 'registered_persons', 100.5),"
	"  ('65', 2014, 'rural_population', '1000'),"
	"  ('653201', 2014, 'rural_population', NULL);";

/* Codes and years stored as integers, numbers as text, NULL as missing. */
static void test_sqlite_source_takes_integer_keys_and_numeric_text(void **state)
{
	struct world *w = *state;

	use_sqlite(w, 0, db_with(w, "v.sqlite", values_sql), "SELECT * FROM v");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_true(cell(&w->ds, 0, "653121001", 2013) == 120);
	assert_true(cell(&w->ds, 0, "653121001", 2014) == 100.5);
	assert_true(cell(&w->ds, 1, "65", 2014) == 1000);
	assert_true(isnan(cell(&w->ds, 1, "653201", 2014)));
	assert_int_equal(w->ds.nvalues, 3);
}

/* $period and :period are bound to the report period, never pasted. */
static void test_sqlite_source_binds_the_report_period(void **state)
{
	struct world *w = *state;

	w->cfg.report.has_period = 1;
	w->cfg.report.period = (struct period){PERIOD_YEAR, 2014};
	use_sqlite(w, 0, db_with(w, "v.sqlite", values_sql),
		   "SELECT * FROM v WHERE period = $period AND indicator <> '$period'");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_int_equal(w->ds.nvalues, 2);
	assert_true(isnan(cell(&w->ds, 0, "653121001", 2013)));
	ds_release(&w->ds);
	w->src[0].query = "SELECT * FROM v WHERE period < :period";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_int_equal(w->ds.nvalues, 1);
	assert_true(cell(&w->ds, 0, "653121001", 2013) == 120);
}

static void test_sqlite_source_reports_parameters_it_cannot_bind(void **state)
{
	struct world *w = *state;

	const char *db = db_with(w, "v.sqlite", values_sql);
	char want[256];

	use_sqlite(w, 0, db, "SELECT * FROM v WHERE period = $period");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	snprintf(want, sizeof(want), "sqlite source '%s': the query uses $period, but the config "
		 "sets no report period (report: period:)", db);
	assert_msg(w, 0, want);

	diag_release(&w->d);
	diag_init(&w->d);
	w->cfg.report.has_period = 1;
	w->cfg.report.period = (struct period){PERIOD_YEAR, 2014};
	w->src[0].query = "SELECT * FROM v WHERE period = :year";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	snprintf(want, sizeof(want), "sqlite source '%s': unknown parameter ':year' in the query "
		 "(the only one is $period, the report period)", db);
	assert_msg(w, 0, want);
}

static void test_sqlite_source_reports_wrong_columns_and_types(void **state)
{
	struct world *w = *state;
	const char *db = db_with(w, "v.sqlite", values_sql);
	char want[256];

	use_sqlite(w, 0, db, "SELECT region, period, indicator AS name, value FROM v");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	snprintf(want, sizeof(want), "sqlite source '%s': the query must yield the columns "
		 "region, period, indicator, value (got: region, period, name, value)", db);
	assert_msg(w, 0, want);
	assert_int_equal(w->d.items[0].pos.line, 8);

	diag_release(&w->d);
	diag_init(&w->d);
	w->src[0].query = "SELECT region, period, indicator, 'many' AS value FROM v UNION ALL "
			  "SELECT region, period, 7, x'00' FROM v LIMIT 5";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	snprintf(want, sizeof(want), "sqlite source '%s', row 1: value 'many' is not a number", db);
	assert_msg(w, 0, want);
	snprintf(want, sizeof(want), "sqlite source '%s', row 5: column 'indicator' is an "
		 "integer; expected text", db);
	assert_msg(w, 4, want);
	snprintf(want, sizeof(want), "sqlite source '%s', row 5: column 'value' is a blob; "
		 "expected a number", db);
	assert_msg(w, 5, want);

	diag_release(&w->d);
	diag_init(&w->d);
	w->src[0].query = "SELECT * FROM no_such_table";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	snprintf(want, sizeof(want), "sqlite source '%s': the query failed: no such table: "
		 "no_such_table", db);
	assert_msg(w, 0, want);
}

/* The duplicate names the source that gave the value first, too. */
static void test_sources_name_both_for_a_value_given_twice(void **state)
{
	struct world *w = *state;

	use_sqlite(w, 1, db_with(w, "v.sqlite", values_sql), "SELECT * FROM v");
	w->src[0].label = "values_small.csv";
	w->cfg.nsources = 2;
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	assert_int_equal(w->d.nerrors, 3);
	assert_non_null(strstr(w->d.items[0].msg,
			       "value for indicator 'registered_persons', region '653121001', "
			       "period '2013' is given twice: by csv source 'values_small.csv' "
			       "and by sqlite source '"));
	assert_int_equal(w->d.items[0].pos.line, 10);
	assert_int_equal(w->d.items[1].level, DIAG_NOTE);
	assert_int_equal(w->d.items[1].pos.line, 8);
}

/* One column per indicator, a key column and a period column or value. */
static void test_wide_csv_gives_the_same_cube_as_long(void **state)
{
	struct world *w = *state;
	struct dataset lng;
	const char *path = file_in(w, "wide.csv");

	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	lng = w->ds;
	memset(&w->ds, 0, sizeof(w->ds));
	write_text(path, "year,code,registered_persons,rural_population,other\n"
			 "2014,65,,1000,\n"
			 "2013,653121001,120,,1\n"
			 "2014,653121001,100.5,,\n"
			 "2013,653121002,80,,\n"
			 "2014,653121002,,,\n"
			 "2015,653201,1e3,-2.5,\n");
	w->src[0].path = w->src[0].resolved = path;
	w->src[0].wide = 1;
	w->src[0].key = "code";
	w->src[0].period_col = "year";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	if (!same_cube(&lng, &w->ds)) {
		FILE *f = fopen("tests/data/values_small.csv", "r");
		char line[256];
		while (f && fgets(line, sizeof(line), f))
			fprintf(stderr, "long: %s", line);
		if (f)
			fclose(f);
		fail_msg("the wide file does not give the long file's cube");
	}
	assert_int_equal(w->d.nwarnings, 1);
	assert_msg(w, 0, "indicator 'other' in the data is not in the config; its values are "
			 "ignored");
	ds_release(&lng);
}

static void test_wide_csv_takes_a_fixed_period_and_names_a_missing_key(void **state)
{
	struct world *w = *state;
	const char *path = file_in(w, "wide.csv");

	write_text(path, "code,registered_persons,incidence\n653121001,7,\n");
	w->src[0].path = w->src[0].resolved = path;
	w->src[0].wide = 1;
	w->src[0].key = "code";
	w->src[0].has_period = 1;
	w->src[0].period = (struct period){PERIOD_YEAR, 2019};
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	assert_msg(w, 0, "indicator 'incidence' is derived (it has a formula); the data cannot "
			 "give its values");
	assert_int_equal(w->d.items[0].pos.line, 1);
	assert_int_equal(w->d.items[0].pos.col, 25);

	diag_release(&w->d);
	diag_init(&w->d);
	write_text(path, "code,registered_persons\n653121001,7\n");
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), 0);
	assert_true(cell(&w->ds, 0, "653121001", 2019) == 7);
	ds_release(&w->ds);

	w->src[0].key = "region_code";
	assert_int_equal(ds_load(&w->cfg, &w->ds, w->a, &w->d), -1);
	assert_msg(w, 0, "no column 'region_code' (the 'key' of the source) in the header");
}

static int load_config(struct world *w, const char *sources)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "report: {title: t}\n"
		 "levels: [region, prefecture, county, village]\n"
		 "data:\n"
		 "  regions: r.csv\n"
		 "  sources:\n"
		 "%s"
		 "indicators:\n"
		 "  a: {name: A}\n", sources);
	return cfg_load_text("c.yaml", text, strlen(text), &w->cfg, w->a, &w->d);
}

static void test_config_keeps_connection_strings_out(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_config(w, "    - type: postgres\n"
					"      env: PROGREP_PG\n"
					"      password: hunter2\n"
					"      query: SELECT 1\n"), -1);
	assert_int_equal(w->d.nerrors, 1);
	assert_msg(w, 0, "'password' is not allowed in the config: put the connection string "
			 "in an environment variable and name it with 'env: VARIABLE'");
	assert_int_equal(w->d.items[0].pos.line, 8);

	diag_release(&w->d);
	diag_init(&w->d);
	assert_int_equal(load_config(w, "    - type: postgres\n"
					"      env: host=db dbname=x\n"
					"      query: SELECT 1\n"), -1);
	assert_msg(w, 0, "'env' must be the name of an environment variable (like PROGREP_PG), "
			 "got 'host=db dbname=x'");
}

static void test_config_reads_every_source_kind(void **state)
{
	struct world *w = *state;

	assert_int_equal(load_config(w, "    - type: postgres\n"
					"      env: PROGREP_PG\n"
					"      connect_timeout: 3\n"
					"      query: SELECT * FROM v WHERE period = $period\n"
					"    - type: sqlite\n"
					"      path: db/x.sqlite\n"
					"      query: SELECT * FROM v\n"
					"    - type: csv\n"
					"      format: wide\n"
					"      path: w.csv\n"
					"      key: code\n"
					"      period: 2019Q3\n"
					"    - {path: w.csv, format: wide, key: code, period: year}\n"),
			 0);
	assert_int_equal(w->cfg.nsources, 4);
	assert_int_equal(w->cfg.sources[0].kind, SRC_POSTGRES);
	assert_string_equal(w->cfg.sources[0].env, "PROGREP_PG");
	assert_int_equal(w->cfg.sources[0].connect_timeout, 3);
	assert_string_equal(w->cfg.sources[0].label, "$PROGREP_PG");
	assert_int_equal(w->cfg.sources[1].kind, SRC_SQLITE);
	assert_string_equal(w->cfg.sources[1].resolved, "db/x.sqlite");
	assert_int_equal(w->cfg.sources[2].wide, 1);
	assert_int_equal(w->cfg.sources[2].has_period, 1);
	assert_int_equal(w->cfg.sources[2].period.kind, PERIOD_QUARTER);
	assert_null(w->cfg.sources[2].period_col);
	assert_string_equal(w->cfg.sources[3].period_col, "year");

	diag_release(&w->d);
	diag_init(&w->d);
	assert_int_equal(load_config(w, "    - type: sqlite\n"
					"      path: x.sqlite\n"
					"      key: code\n"), -1);
	assert_int_equal(w->d.nerrors, 2);
	assert_non_null(strstr(w->d.items[0].msg, "unknown key 'key' in a sqlite source"));
	assert_msg(w, 1, "missing key 'query' in a sqlite source");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sqlite_import_then_source_gives_the_same_cube),
		T(test_sqlite_write_leaves_nothing_when_it_fails),
		T(test_sqlite_source_takes_integer_keys_and_numeric_text),
		T(test_sqlite_source_binds_the_report_period),
		T(test_sqlite_source_reports_parameters_it_cannot_bind),
		T(test_sqlite_source_reports_wrong_columns_and_types),
		T(test_sources_name_both_for_a_value_given_twice),
		T(test_wide_csv_gives_the_same_cube_as_long),
		T(test_wide_csv_takes_a_fixed_period_and_names_a_missing_key),
		T(test_config_keeps_connection_strings_out),
		T(test_config_reads_every_source_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
