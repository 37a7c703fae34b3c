#ifndef PROGREP_DATASET_H
#define PROGREP_DATASET_H

#include <stddef.h>

#include "core/util/diag.h"
#include "core/util/period.h"
#include "core/data/regions.h"

struct arena;
struct cfg;

/*
 * The data: the region tree and the value cube region x period x indicator.
 * The cube has a slot for every indicator of the config (base and derived)
 * so that the engine completes it in place: the 16-million-value case then
 * needs one cube, not two. Layout: v[(ind * nreg + region) * nper + period],
 * NaN = missing. After ds_load only base values given by the data are set.
 */
struct dataset {
	struct regions reg;
	struct period_axis axis;
	size_t nind;      /* == cfg->nind */
	double *v;        /* xmalloc'd; owned until moved by metrics_compute */
	size_t nvalues;   /* values read from the sources */
};

static inline size_t ds_index(const struct dataset *ds, int ind, int region, int period)
{
	return ((size_t)ind * ds->reg.n + (size_t)region) * (size_t)ds->axis.n + (size_t)period;
}

/*
 * Load the regions file and every source of cfg. Long CSV: header
 * region,period,indicator,value (UTF-8, optional BOM, CRLF or LF, RFC 4180
 * quoting). Wide CSV: a key column of region codes, a period column (or the
 * source's fixed period), one column per indicator. SQLite and PostgreSQL:
 * a query yielding the long form (core/data/source.h). Regions CSV:
 * code,name,parent,level, or a source's regions_query. A value given by two
 * sources is an error naming both.
 * Reported into d with file:line:col: unreadable files, bad headers, unknown
 * regions, levels or periods, non-numeric values, duplicate values, regions
 * whose level does not sit below their parent's, cycles. Values for
 * indicators the config does not name give one warning per name; values for
 * derived indicators are an error.
 * The period axis runs from the earliest to the latest period in the data
 * (extended to cover the report period if the config sets one).
 * Returns 0, or -1 when d got errors (ds is then released), or -2 when
 * besides a source failed at runtime (cannot connect, database locked,
 * time limit: the machine's fault, not the data's; exit code 3).
 */
int ds_load(const struct cfg *cfg, struct dataset *ds, struct arena *a, struct diag *d);

/* Free ds->v and the region index; NULL-safe on a zeroed dataset. */
void ds_release(struct dataset *ds);

/*
 * The pieces of ds_load, for tests and for other sources (issue: SQLite,
 * PostgreSQL).
 *
 * ds_load_regions: read a regions CSV (header exactly code,name,parent,level)
 * into ds->reg: pre-order, children in file order, levels checked against
 * cfg->levels. Errors: bad header, empty or duplicate codes, unknown levels
 * or parents, no root or a second root, cycles, a level not below the
 * parent's. ds_load_regions_at reports "cannot open" at `where` (the config
 * node naming the file); ds_load_regions at no position.
 *
 * ds_load_long_csv: add the values of a long CSV to the cube. ds->reg must be
 * loaded; ds->v may be NULL (the cube is then created with ds->nind =
 * cfg->nind) or hold values from earlier calls. The axis grows to cover the
 * periods of the file and is never shrunk below what it was. Returns 0, or -1
 * when d got errors (ds stays valid and is the caller's to release).
 */
int ds_load_regions(const struct cfg *cfg, const char *path, struct dataset *ds,
		    struct arena *a, struct diag *d);
int ds_load_regions_at(const struct cfg *cfg, const char *path, struct src_pos where,
		       struct dataset *ds, struct arena *a, struct diag *d);
int ds_load_long_csv(const struct cfg *cfg, const char *path, struct dataset *ds,
		     struct arena *a, struct diag *d);

/* As ds_load_regions, from CSV text in memory (copied) that messages call
 * name: the regions a database query gave (core/data/source.h). */
int ds_load_regions_text(const struct cfg *cfg, const char *name, const char *text, size_t len,
			 struct dataset *ds, struct arena *a, struct diag *d);

#endif
