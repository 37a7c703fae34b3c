#ifndef PROGREP_SOURCE_H
#define PROGREP_SOURCE_H

#include <stddef.h>

#include "core/util/diag.h"

/*
 * Internal to core/: the contract between the loader (core/data/dataset.c), which
 * owns the cube, and the database sources (core/data/source_sqlite.c,
 * core/data/source_pg.c), which only run a query and hand over its rows. Every
 * source yields the long form region, period, indicator, value; the loader
 * does every check (unknown region, period kind, duplicates...) the same way
 * for all of them.
 */

struct arena;
struct cfg;
struct cfg_source;
struct dataset;
struct fill; /* the state of one ds_load, private to dataset.c */

/* A piece of text from a result row; need not be NUL-terminated. */
struct src_text {
	const char *s;
	size_t len;
};

/* The four columns a data query must yield, in this order of index. */
enum { SRC_REGION, SRC_PERIOD, SRC_INDICATOR, SRC_VALUE };
extern const char *const source_columns[4];

/* Add one row of a database source; row is 1-based, for messages. A NaN
 * value is missing (SQL NULL): it still names its period. */
void fill_row(struct fill *f, size_t row, struct src_text region, struct src_text period,
	      struct src_text indicator, double value);

/* Report an error about the current source at its place in the config:
 * "sqlite source 'x.sqlite', row 12: MESSAGE" (row 0: no row). Returns -1. */
int fill_error(struct fill *f, size_t row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Why numparse_double refused s: "is not a number", "is too large for a
 * number (beyond 1.8e308)"... (a static string). */
const char *ds_not_a_number(const char *s, size_t len);

/* Past the error cap: a source stops reading rows. */
int fill_gave_up(const struct fill *f);

/* The report period as text ("2019") for a $period parameter, written into
 * buf; NULL after reporting an error when the config sets no report period. */
const char *fill_period_param(struct fill *f, char *buf, size_t n);

/* A regions table given by a query, as CSV text code,name,parent,level with
 * its header (built by the source): loaded like the regions file. */
int fill_regions(struct fill *f, const char *csv, size_t len);

/* Append one field to a CSV text under construction (RFC 4180 quoting),
 * followed by sep (',' or '\n'). */
void source_csv_field(char **buf, size_t *len, size_t *cap, const char *s, size_t n, char sep);

/*
 * Run the source's query (and regions_query, when given and want_regions)
 * and hand the rows to f. Errors are reported through fill_error: cannot
 * open or connect, query errors, wrong columns or types. Return 0 or -1.
 */
int source_sqlite_load(struct fill *f, const struct cfg_source *s, int want_regions);
int source_pg_load(struct fill *f, const struct cfg_source *s, int want_regions);

/*
 * `progrep import`: write the regions and every value of ds into a new
 * SQLite database at path with the schema of docs/data.md, in one
 * transaction, through a temporary file in the same folder renamed into
 * place when complete. Values are written under the indicator's column
 * name. Returns 0, or -1 after reporting into d (nothing is left at path).
 */
int source_sqlite_write(const struct cfg *cfg, const struct dataset *ds, const char *path,
			struct diag *d);

#endif
