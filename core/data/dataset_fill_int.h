#ifndef PROGREP_DATASET_FILL_INT_H
#define PROGREP_DATASET_FILL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csv.h"
#include "core/data/dataset_fill.h"
#include "core/data/dataset_int.h"
#include "core/data/dataset_text.h"
#include "core/util/smap.h"

/*
 * Private to dataset_fill.c and dataset_fill_csv.c: the state of a fill,
 * and what the CSV side (the headers and rows of each layout) needs from
 * the core (the lookups, the store, the loop over long rows).
 */

enum { COL_ROW = -1, COL_REGION, COL_PERIOD, COL_INDICATOR, COL_VALUE };
enum { IND_ERROR = -1, IND_IGNORED = -2 };

/* An indicator as the data names it. */
struct ind_col {
	const char *name;    /* its column name */
	size_t len;
	size_t quick_len;    /* len, or (size_t)-1 if derived: quick_row leaves it */
	int derived;         /* it has a formula */
	int succ;            /* the indicator that followed it last, or -1 */
};

/* The state of one load, across sources. */
struct fill {
	const struct cfg *cfg;
	struct dataset *ds;
	struct arena *a;
	struct diag *d;
	struct smap cols;    /* name in the data -> indicator */
	struct smap warned;  /* names not in the config, warned about once */
	const char **wnames; /* their names, by the value in warned */
	size_t nw, capw;
	struct ds_range seen; /* the axis so far plus every period of the data */
	struct ds_range guess; /* from the sample of the current source */
	int kind_set;        /* seen.kind is the kind of the data set */
	int report_kind;     /* ... set by the report period */
	int full;            /* the cube hit a limit (reported): store no more */
	int failed;          /* a source failed at runtime (fill_fail) */
	/* The current source. Rows come from the CSV reader c (in_csv), whose
	 * field col[k] holds column k (-1: not a column, e.g. a fixed period),
	 * or from a query (row is its 1-based number). */
	const struct cfg_source *src; /* NULL for ds_load_long_csv */
	int srcno;           /* index in cfg->sources */
	const char *what;    /* "csv source 'values.csv'", for messages */
	struct src_pos spos; /* the source in the config */
	int in_csv;
	size_t row;
	size_t errors0;      /* d->nerrors when the source started */
	struct csv c;
	int col[4];          /* field index of region, period, indicator, value */
	int *wide;           /* wide csv: field -> indicator, IND_IGNORED or IND_ERROR */
	int *pord;           /* periods layout: field -> period, or PORD_NONE */
	struct ds_names names; /* regions by name, when a row gives a name */
	uint8_t *from;       /* cell -> source that gave it; only with several sources */
	/* Rows come grouped, so the last lookup usually answers the next. */
	int creg;
	size_t creg_len;
	int cind_idx;        /* the last indicator, or IND_IGNORED: */
	const char *cind;    /* ... then the name not in the config, or NULL */
	size_t cind_len;
	struct ind_col *ic;  /* by indicator */
	char cper[16];
	size_t cper_len;
	int cper_ord;        /* -1: the cached text is not a usable period */
};

/* The region, period, indicator of a text (errors reported): as a long
 * row's are looked up. */
int fill_find_region(struct fill *f, const char *s, size_t len);
int fill_find_period(struct fill *f, const char *s, size_t len, int *ord);
int fill_find_indicator(struct fill *f, const char *s, size_t len);
/* Store the value text v (empty or a missing text: missing); bad: the row
 * has an error, only check v. */
void fill_store_text(struct fill *f, int ind, int reg, int ord, int bad,
		     const struct csv_field *v);
/* The rows of a long table, its header read (f->col set). */
void fill_load_rows(struct fill *f);

#endif
