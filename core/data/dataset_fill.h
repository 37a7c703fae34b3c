#ifndef PROGREP_DATASET_FILL_H
#define PROGREP_DATASET_FILL_H

#include <stddef.h>

#include "core/data/dataset.h"
#include "core/util/diag.h"

/*
 * Internal to core/data/: the fill, the state of one ds_load across its
 * sources, which owns the cube while it is built (dataset_fill.c).
 * dataset.c drives it; the database sources (source_sqlite.c,
 * source_pg.c) only run a query and hand over its rows here. Every
 * source yields the long form region, period, indicator, value; the fill
 * does every check (unknown region, period kind, duplicates...) the same
 * way for all of them. The fill calls no source.
 */

struct arena;
struct cfg;
struct cfg_source;
struct strbuf;
struct fill;

/* --- for the loader (dataset.c) --- */

/* Start filling ds (its regions loaded; an axis it already has is kept).
 * Errors go to d; strings to a. Never NULL; end with fill_end. */
struct fill *fill_new(const struct cfg *cfg, struct dataset *ds, struct arena *a,
		      struct diag *d);
/* The config's report period is part of the axis, and sets its kind. */
void fill_report_period(struct fill *f);
/* Source i of the config is being read: rows and errors are its own. */
void fill_source_begin(struct fill *f, size_t i);
void fill_source_end(struct fill *f);
/* Read the CSV file at path (where: its place in the config): the current
 * source's, long or wide, or a long CSV when no source is begun. */
void fill_csv(struct fill *f, const char *path, struct src_pos where);
/* Lay out the final axis (exactly the periods seen; where: the place to
 * name when it does not fit) and free f. Returns 0, or -1 when the data
 * gave no period at all. */
int fill_end(struct fill *f, struct src_pos where);
/* Some source failed at runtime (fill_fail). Ask before fill_end. */
int fill_failed(const struct fill *f);

/* --- for the database sources --- */

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

/* As fill_error (row 0), for a failure of the source itself rather than
 * of its data: cannot connect, database locked, time limit reached. Such
 * a failure is the machine's, not the analyst's: ds_load then returns -2,
 * which cmd/ turns into the runtime exit code. Returns -1. */
int fill_fail(struct fill *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The source being read (its limits and path, for messages). */
const struct cfg_source *fill_source(const struct fill *f);

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
void fill_csv_field(struct strbuf *b, const char *s, size_t n, char sep);

#endif
