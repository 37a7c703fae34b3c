#ifndef PROGREP_SOURCE_H
#define PROGREP_SOURCE_H

#include <stddef.h>

#include "core/util/diag.h"

/*
 * Internal to core/: the database sources (core/data/source_sqlite.c,
 * core/data/source_pg.c), which the loader (core/data/dataset.c) calls.
 * They run a query and hand its rows to the fill (core/data/dataset_fill.h).
 */

struct cfg;
struct cfg_source;
struct dataset;
struct fill;

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
