/*
 * SQLite: a data source (a query over a database file yielding the long
 * form) and the writer of `progrep import` (the schema of docs/data.md).
 * The only user of <sqlite3.h>.
 */
#include "core/data/source.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/afile.h"
#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/data/dataset_fill.h"
#include "core/util/numparse.h"
#include "core/util/strbuf.h"
#include "core/util/xalloc.h"

static const char *const region_columns[4] = {"code", "name", "parent", "level"};

/* The query's columns, by name in any order: map[k] is the result column
 * holding want[k]. */
static int check_columns(struct fill *f, sqlite3_stmt *st, const char *const *want, int *map,
			 const char *key)
{
	int n = sqlite3_column_count(st), i, k, found = 0;
	char got[512] = "";
	size_t len = 0;

	for (i = 0; i < n && n == 4; i++)
		for (k = 0; k < 4; k++)
			if (strcmp(sqlite3_column_name(st, i), want[k]) == 0 && !(found & (1 << k))) {
				found |= 1 << k;
				map[k] = i;
			}
	if (found == 15)
		return 0;
	for (i = 0; i < n && len < sizeof(got); i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? ", " : "",
					sqlite3_column_name(st, i));
	return fill_error(f, 0, "the %s must yield the columns %s, %s, %s, %s (got: %s)", key,
			  want[0], want[1], want[2], want[3], n ? got : "no columns");
}

/* Bind $period / :period / @period to the report period; any other
 * parameter is an error (the query text is never pasted into). */
static int bind_params(struct fill *f, sqlite3_stmt *st, const char *key)
{
	int i, n = sqlite3_bind_parameter_count(st);
	char buf[16];
	const char *per;

	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		if (!name || strcmp(name + 1, "period") != 0)
			return fill_error(f, 0, "unknown parameter '%s' in the %s (the only one is "
					  "$period, the report period)", name ? name : "?", key);
		if (!(per = fill_period_param(f, buf, sizeof(buf))))
			return -1;
		sqlite3_bind_text(st, i, per, -1, SQLITE_TRANSIENT);
	}
	return 0;
}

/* Why a prepare or a step returned rc. A lock held past busy_timeout and
 * the time limit are failures of the run, not of the data (fill_fail):
 * a cron job retried later succeeds. */
static int sql_error(struct fill *f, sqlite3 *db, int rc, size_t row, const char *key)
{
	const struct cfg_source *s = fill_source(f);

	if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
		return fill_fail(f, "'%s' is locked by another process: gave up after waiting %d s "
				 "(busy_timeout)", s->resolved ? s->resolved : s->path,
				 s->busy_timeout);
	if (rc == SQLITE_INTERRUPT) /* only on_progress interrupts */
		return fill_fail(f, "the %s ran longer than the time limit of %d s and was "
				 "stopped (statement_timeout)", key, s->statement_timeout);
	return fill_error(f, row, "the %s failed: %s", key, sqlite3_errmsg(db));
}

static int prepare(struct fill *f, sqlite3 *db, const char *sql, const char *key,
		   sqlite3_stmt **st)
{
	const char *tail = NULL;
	int rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, st, &tail)) != SQLITE_OK)
		return sql_error(f, db, rc, 0, key);
	if (!*st)
		return fill_error(f, 0, "the %s is empty", key);
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';' ||
			*tail == '\r'))
		tail++;
	if (tail && *tail)
		return fill_error(f, 0, "the %s has more than one statement", key);
	return bind_params(f, st ? *st : NULL, key);
}

static const char *type_name(int t)
{
	switch (t) {
	case SQLITE_INTEGER: return "an integer";
	case SQLITE_FLOAT: return "a real number";
	case SQLITE_TEXT: return "text";
	case SQLITE_BLOB: return "a blob";
	default: return "null";
	}
}

/* A key column (region, period, indicator): text, or an integer where
 * allow_int (codes and years stored as numbers). */
static int key_text(struct fill *f, sqlite3_stmt *st, int col, const char *name,
		    int allow_int, size_t row, struct src_text *out)
{
	int t = sqlite3_column_type(st, col);

	if (t != SQLITE_TEXT && !(allow_int && t == SQLITE_INTEGER))
		return fill_error(f, row, "column '%s' is %s; expected text%s", name, type_name(t),
				  allow_int ? " or an integer" : "");
	out->s = (const char *)sqlite3_column_text(st, col);
	out->len = (size_t)sqlite3_column_bytes(st, col);
	return 0;
}

static int value_of(struct fill *f, sqlite3_stmt *st, int col, size_t row, double *x)
{
	int t = sqlite3_column_type(st, col);
	const char *s;
	size_t n;

	if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
		*x = sqlite3_column_double(st, col);
		if (isinf(*x)) /* a REAL overflowed (1e999): rejected as in a CSV file */
			return fill_error(f, row, "value '%s' is too large for a number (beyond "
					  "1.8e308)", *x > 0 ? "Inf" : "-Inf");
		return 0;
	}
	if (t == SQLITE_NULL) {
		*x = NAN;
		return 0;
	}
	if (t == SQLITE_TEXT) {
		s = (const char *)sqlite3_column_text(st, col);
		n = (size_t)sqlite3_column_bytes(st, col);
		if (n == 0) {
			*x = NAN;
			return 0;
		}
		if (numparse_double(s, n, x) == 0)
			return 0;
		return fill_error(f, row, "value '%.*s' %s", (int)(n > 60 ? 60 : n), s,
				  ds_not_a_number(s, n));
	}
	return fill_error(f, row, "column 'value' is %s; expected a number", type_name(t));
}

static int read_values(struct fill *f, sqlite3 *db, sqlite3_stmt *st)
{
	struct src_text k[3];
	size_t row = 0;
	double x;
	int map[4], rc, bad;

	if (check_columns(f, st, source_columns, map, "query") < 0)
		return -1;
	while (!fill_gave_up(f) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row++;
		bad = key_text(f, st, map[SRC_REGION], "region", 1, row, &k[0]) < 0;
		bad |= key_text(f, st, map[SRC_PERIOD], "period", 1, row, &k[1]) < 0;
		bad |= key_text(f, st, map[SRC_INDICATOR], "indicator", 0, row, &k[2]) < 0;
		bad |= value_of(f, st, map[SRC_VALUE], row, &x) < 0;
		if (!bad)
			fill_row(f, row, k[0], k[1], k[2], x);
	}
	if (!fill_gave_up(f) && rc != SQLITE_DONE)
		return sql_error(f, db, rc, row + 1, "query");
	return 0;
}

/* code,name,parent,level rows -> CSV text -> the regions loader. */
static int read_regions(struct fill *f, sqlite3 *db, sqlite3_stmt *st)
{
	struct strbuf csv = {0};
	size_t row = 0;
	int map[4], rc, k, ret = -1;

	if (check_columns(f, st, region_columns, map, "regions_query") < 0)
		return -1;
	for (k = 0; k < 4; k++)
		fill_csv_field(&csv, region_columns[k], strlen(region_columns[k]),
			       k < 3 ? ',' : '\n');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row++;
		for (k = 0; k < 4; k++) {
			const char *s = (const char *)sqlite3_column_text(st, map[k]);
			size_t n = (size_t)sqlite3_column_bytes(st, map[k]);
			fill_csv_field(&csv, s ? s : "", s ? n : 0, k < 3 ? ',' : '\n');
		}
	}
	if (rc != SQLITE_DONE)
		sql_error(f, db, rc, row + 1, "regions_query");
	else
		ret = fill_regions(f, csv.s, csv.len);
	strbuf_release(&csv);
	return ret;
}

/* The time limit of a query: a monotonic clock, so that a clock set back
 * by NTP neither stops a query early nor lets it run on. */
struct deadline {
	struct timespec start;
	int seconds;
};

static void deadline_start(struct deadline *dl)
{
	clock_gettime(CLOCK_MONOTONIC, &dl->start);
}

/* Called by SQLite every few thousand VM steps; nonzero interrupts. */
static int on_progress(void *arg)
{
	const struct deadline *dl = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - dl->start.tv_sec) +
		       (double)(now.tv_nsec - dl->start.tv_nsec) / 1e9 >= dl->seconds;
}

static int open_db(struct fill *f, const struct cfg_source *s, sqlite3 **db,
		   struct deadline *dl)
{
	const char *path = s->resolved ? s->resolved : s->path;

	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return fill_error(f, 0, "cannot open '%s': %s", path,
				  *db ? sqlite3_errmsg(*db) : "out of memory");
	/* A writer's lock is waited for, not an error at once (SQLite's
	 * default): cron runs while the database is being updated. */
	sqlite3_busy_timeout(*db, s->busy_timeout * 1000);
	dl->seconds = s->statement_timeout;
	if (dl->seconds > 0)
		sqlite3_progress_handler(*db, 10000, on_progress, dl);
	return 0;
}

int source_sqlite_load(struct fill *f, const struct cfg_source *s, int want_regions)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct deadline dl;
	int ret = -1;

	if (open_db(f, s, &db, &dl) < 0)
		goto out;
	if (want_regions && s->regions_query) {
		deadline_start(&dl);
		if (prepare(f, db, s->regions_query, "regions_query", &st) < 0 ||
		    read_regions(f, db, st) < 0)
			goto out;
		sqlite3_finalize(st);
		st = NULL;
	}
	deadline_start(&dl);
	if (prepare(f, db, s->query, "query", &st) == 0)
		ret = read_values(f, db, st);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}

/* --- progrep import: the writer ------------------------------------- */

/* docs/data.md documents this schema; user_version marks its version.
 * No journal and no syncs while writing: the file is a temporary one that
 * only a rename makes visible, after one fsync. */
static const char schema[] =
	"PRAGMA journal_mode = OFF;\n"
	"PRAGMA synchronous = OFF;\n"
	"PRAGMA cache_size = -65536;\n" /* 64 MiB: the index build sorts every row */
	"PRAGMA user_version = 1;\n"
	"CREATE TABLE regions (\n"
	"  code TEXT PRIMARY KEY NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  parent TEXT REFERENCES regions (code),\n"
	"  level TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX regions_by_parent ON regions (parent);\n"
	"CREATE TABLE indicator_values (\n"
	"  region TEXT NOT NULL REFERENCES regions (code),\n"
	"  period TEXT NOT NULL,\n"
	"  indicator TEXT NOT NULL,\n"
	"  value REAL NOT NULL,\n"
	"  PRIMARY KEY (region, period, indicator)\n"
	") WITHOUT ROWID;\n";

/* Built after the rows are in: one sorted pass instead of random inserts. */
static const char indexes[] =
	"CREATE INDEX indicator_values_by_indicator ON indicator_values (indicator, period);\n";

struct named {
	const char *name;
	int idx;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

static int db_fail(struct diag *d, const char *path, sqlite3 *db, const char *what)
{
	return diag_error(d, (struct src_pos){path, 0, 0}, "cannot write the database (%s): %s",
			  what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Regions in the loaded (pre-order) order: rowid order then keeps the
 * children of each parent in their original order. */
static int write_regions(const struct cfg *cfg, const struct regions *rg, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	size_t r;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "INSERT INTO regions (code, name, parent, level) "
			       "VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (r = 0; r < rg->n && rc == 0; r++) {
		sqlite3_bind_text(st, 1, rg->code[r], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rg->name[r], -1, SQLITE_STATIC);
		if (rg->parent[r] >= 0)
			sqlite3_bind_text(st, 3, rg->code[rg->parent[r]], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, cfg->levels[rg->level[r]], -1, SQLITE_STATIC);
		rc = step_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Values in primary-key order (region code, period text, indicator name
 * all sort as text), so the B-tree is only ever appended to. */
static int write_values(const struct cfg *cfg, const struct dataset *ds, sqlite3 *db)
{
	struct named *reg = xmalloc(ds->reg.n * sizeof(*reg));
	struct named *ind = xmalloc((cfg->nind + 1) * sizeof(*ind));
	sqlite3_stmt *st = NULL;
	size_t r, i, nind = 0;
	int p, rc = -1;
	char per[16];

	for (r = 0; r < ds->reg.n; r++)
		reg[r] = (struct named){ds->reg.code[r], (int)r};
	for (i = 0; i < cfg->nind && i < ds->nind; i++)
		if (!cfg->ind[i].is_derived)
			ind[nind++] = (struct named){
				cfg->ind[i].column ? cfg->ind[i].column : cfg->ind[i].id, (int)i};
	qsort(reg, ds->reg.n, sizeof(*reg), by_name);
	qsort(ind, nind, sizeof(*ind), by_name);
	if (sqlite3_prepare_v2(db, "INSERT INTO indicator_values (region, period, indicator, "
			       "value) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	rc = 0;
	for (r = 0; r < ds->reg.n && rc == 0; r++)
		for (p = 0; p < ds->axis.n && rc == 0; p++) {
			period_format(period_at(&ds->axis, p), per, sizeof(per));
			for (i = 0; i < nind && rc == 0; i++) {
				double x = ds->v[ds_index(ds, ind[i].idx, reg[r].idx, p)];
				if (isnan(x))
					continue;
				sqlite3_bind_text(st, 1, reg[r].name, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 2, per, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 3, ind[i].name, -1, SQLITE_STATIC);
				sqlite3_bind_double(st, 4, x);
				rc = step_reset(st);
			}
		}
out:
	sqlite3_finalize(st);
	free(reg);
	free(ind);
	return rc;
}

static int fill_db(const struct cfg *cfg, const struct dataset *ds, sqlite3 *db,
		   const char **what)
{
	*what = "schema";
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*what = "begin";
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*what = "regions";
	if (write_regions(cfg, &ds->reg, db) < 0)
		return -1;
	*what = "values";
	if (write_values(cfg, ds, db) < 0)
		return -1;
	*what = "indexes";
	if (sqlite3_exec(db, indexes, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*what = "commit";
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int source_sqlite_write(const struct cfg *cfg, const struct dataset *ds, const char *path,
			struct diag *d)
{
	const char *what = "open";
	struct afile af;
	sqlite3 *db = NULL;
	int ok = 0;

	/* SQLite writes the temporary file by its name; af's fd syncs it. */
	if (afile_open(&af, path, AFILE_SYNC_FILE) != 0)
		return diag_error(d, (struct src_pos){path, 0, 0},
				  "cannot create a file beside '%s': %s", path, strerror(errno));
	if (sqlite3_open_v2(af.tmp, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    fill_db(cfg, ds, db, &what) == 0)
		ok = 1;
	if (!ok)
		db_fail(d, path, db, what);
	if (sqlite3_close(db) != SQLITE_OK && ok)
		ok = !db_fail(d, path, db, "close");
	if (!ok) {
		afile_abort(&af);
		return -1;
	}
	if (afile_commit(&af) != 0)
		return diag_error(d, (struct src_pos){path, 0, 0}, "cannot write the database: %s",
				  strerror(errno));
	return 0;
}
