#ifndef PROGREP_EXPLAIN_H
#define PROGREP_EXPLAIN_H

#include <stddef.h>

#include "core/util/diag.h"
#include "core/engine/metrics.h"

struct arena;

/*
 * How one figure was computed: `progrep explain`. The tree of an indicator
 * at a region and period: a derived indicator's formula with every input
 * (recursively; time and tree functions say what they do and where they
 * read), a base value's origin: the source row that gives it (the CSV
 * sources are scanned again: explain is a one-off, so the cube keeps no
 * per-cell provenance), or the rollup of its children, the first
 * EXPLAIN_MAX_CHILDREN listed.
 */
#define EXPLAIN_MAX_CHILDREN 5

enum explain_kind {
	EXPLAIN_DERIVED, /* a formula: the inputs are the kids */
	EXPLAIN_DATA,    /* a base value given by the data */
	EXPLAIN_ROLLUP,  /* a base value rolled up from the children (the kids) */
	EXPLAIN_MISSING, /* a base value nobody gives */
	EXPLAIN_STEP     /* a function's step: what it reads (the kids) */
};

struct explain_node {
	enum explain_kind kind;
	const char *label;    /* "incidence", "x@2013", "sum_children(x)" */
	int ind;              /* -1 for a step */
	int region, period;   /* indices into res->reg and res->axis */
	double value;         /* NaN when missing */
	const char *formula;  /* derived: the formula as written */
	const char *note;     /* a function's meaning, a rollup's rule, "the data
				 also gives 12 at f:9; the rollup is used"... */
	const char *file;     /* data: the source file, or a query's label */
	int line;             /* data: the line in file, 0 for a query */
	struct explain_node **kids;
	size_t nkids;
	size_t nmore;         /* kids left out (rollup: children past the first few) */
};

/*
 * Explain indicator ind at region r, period index p. Everything lives in a.
 * Errors reading a source (it moved since the run) go into d; the node then
 * says only "given by the data". Never NULL.
 */
struct explain_node *explain_build(const struct results *res, int ind, int r, int p,
				   struct arena *a, struct diag *d);

/*
 * explain_build of every indicator of the config at r and p, into roots
 * (cfg->nind entries): the same trees, with one pass over the sources for
 * all of them instead of one each (the explain trail of a PDF/A-3).
 */
void explain_build_all(const struct results *res, int r, int p, struct arena *a, struct diag *d,
		       struct explain_node **roots);

/*
 * For a derived indicator whose formula is a single call of cagr, growth,
 * yoy, change or pp: the call with its inputs, as in
 * "cagr(poor_county_farmer_income, 2013, 2019) from 5400元 to 12035元 over
 * 2013-2019". Writes into buf (NUL-terminated) and returns 0; -1 (buf
 * untouched) for any other formula.
 */
int explain_call_inputs(const struct results *res, int ind, int r, int p, char *buf, size_t n);

#endif
