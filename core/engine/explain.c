/*
 * The explain tree: how one figure was computed. A derived indicator's
 * node holds its formula and one kid per input it reads; a time or tree
 * function adds a step node that says what it does and where it reads
 * (other periods, the parent, the children). Base values end in the data
 * (a source row), a rollup of the children, or nothing.
 */
#include "core/engine/explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/engine/explain_int.h"
#include "core/util/xalloc.h"

/* Beyond this many nodes the tree stops expanding inputs: a deep chain of
 * tree functions over big data would otherwise list the whole cube. */
#define MAX_NODES 2000

struct builder {
	const struct results *res;
	struct arena *a;
	struct expr_ctx ctx;
	size_t nodes;
	struct explain_node **base; /* nodes whose source is looked up */
	size_t nbase, capbase;
};

static struct explain_node *node_new(struct builder *b, enum explain_kind kind,
				     const char *label, int ind, int r, int p, double v)
{
	struct explain_node *n = arena_zalloc(b->a, sizeof(*n));

	n->kind = kind;
	n->label = label;
	n->ind = ind;
	n->region = r;
	n->period = p;
	n->value = v;
	b->nodes++;
	return n;
}

static void add_kid(struct builder *b, struct explain_node *parent, struct explain_node *kid)
{
	size_t n = parent->nkids;

	/* Kids arrays are few and short: copy on every power of two. */
	if ((n & (n - 1)) == 0) {
		struct explain_node **k = arena_alloc(b->a, (n ? 2 * n : 1) * sizeof(*k));
		if (n)
			memcpy(k, parent->kids, n * sizeof(*k));
		parent->kids = k;
	}
	parent->kids[parent->nkids++] = kid;
}

static struct explain_node *ind_node(struct builder *b, int ind, int r, int p,
				     const char *label, int expand);

static void walk(struct builder *b, struct explain_node *parent, const struct expr *e, int r,
		 int p);

static const char *text_of(struct builder *b, const struct expr *e)
{
	char buf[512];
	struct explain_sb sb = {buf, sizeof(buf), 0};

	buf[0] = '\0';
	explain_expr_text(&sb, e);
	return arena_strdup(b->a, buf);
}

/* A reference read at period p from the node's own period: labelled x or
 * x@2013. */
static void ref_at(struct builder *b, struct explain_node *parent, const struct expr *x, int r,
		   int p, const char *label)
{
	if (p < 0) {
		add_kid(b, parent, node_new(b, EXPLAIN_MISSING, label, -1, r, p, NAN));
		return;
	}
	if (x->op == EXPR_REF && x->ind >= 0) {
		add_kid(b, parent, ind_node(b, x->ind, r, p, label, 1));
		return;
	}
	walk(b, parent, x, r, p);
}

static struct explain_node *step(struct builder *b, struct explain_node *parent,
				 const struct expr *e, int r, int p, const char *note)
{
	struct explain_node *s = node_new(b, EXPLAIN_STEP, text_of(b, e), -1, r, p,
					  expr_eval(e, &b->ctx, r, p));
	s->note = note;
	add_kid(b, parent, s);
	return s;
}

static const char *at_label(struct builder *b, const struct expr *x, int p)
{
	char per[16];

	if (p < 0)
		return arena_printf(b->a, "%s (period off the data)", text_of(b, x));
	period_format(period_at(&b->res->axis, p), per, sizeof(per));
	return arena_printf(b->a, "%s@%s", text_of(b, x), per);
}

static void time_fn(struct builder *b, struct explain_node *parent, const struct expr *e, int r,
		    int p)
{
	const struct results *res = b->res;
	const struct expr *x = e->args[0];
	int from = -1, to = p, k;
	const char *note;
	struct explain_node *s;

	switch (e->fn) {
	case FN_CHANGE:
		from = explain_period_of(res, &e->pargs[0], p);
		note = "change: x - x at the earlier period";
		break;
	case FN_YOY:
		from = p - period_per_year(res->axis.kind);
		note = "yoy: (x / x a year earlier - 1) * 100";
		break;
	case FN_GROWTH:
		from = explain_period_of(res, &e->pargs[0], p);
		note = "growth: (x / x at the earlier period - 1) * 100";
		break;
	case FN_CAGR:
		from = explain_period_of(res, &e->pargs[0], p);
		to = explain_period_of(res, &e->pargs[1], p);
		note = from >= 0 && to >= 0
			? arena_printf(b->a, "cagr: ((x at the end / x at the start)^(1/years) - 1) "
					     "* 100, years = %g",
				       period_years_between(period_at(&res->axis, from),
							    period_at(&res->axis, to)))
			: "cagr: compound annual growth, in %";
		break;
	default:
		from = explain_period_of(res, &e->pargs[0], p);
		to = explain_period_of(res, &e->pargs[1], p);
		note = "mean_growth: the mean of the growth rates of each period over the one "
		       "before, in %";
		break;
	}
	s = step(b, parent, e, r, p, note);
	if (e->fn == FN_MEAN_GROWTH && from >= 0 && to >= from) {
		for (k = from; k <= to; k++)
			ref_at(b, s, x, r, k, at_label(b, x, k));
		return;
	}
	ref_at(b, s, x, r, from, at_label(b, x, from));
	ref_at(b, s, x, r, to, at_label(b, x, to));
}

/* share, parent, rank, sum/mean/count_children: what they read where. */
static void tree_fn(struct builder *b, struct explain_node *parent, const struct expr *e, int r,
		    int p)
{
	const struct regions *rg = b->res->reg;
	const struct expr *x = e->args[0];
	int up = rg->parent[r], n = regions_nchildren(rg, r), i;
	const int *kids = regions_children(rg, r);
	struct explain_node *s;

	switch (e->fn) {
	case FN_SHARE:
		s = step(b, parent, e, r, p, "share: x / x at the parent region * 100");
		ref_at(b, s, x, r, p, text_of(b, x));
		if (up >= 0)
			ref_at(b, s, x, up, p, arena_printf(b->a, "%s at the parent %s",
							 text_of(b, x), rg->code[up]));
		return;
	case FN_PARENT:
		s = step(b, parent, e, r, p, "parent: x at the parent region");
		if (up >= 0)
			ref_at(b, s, x, up, p, text_of(b, x));
		return;
	case FN_RANK:
		s = step(b, parent, e, r, p, e->asc ? "rank among the siblings, 1 = the smallest"
						    : "rank among the siblings, 1 = the largest");
		ref_at(b, s, x, r, p, text_of(b, x));
		return;
	default:
		s = step(b, parent, e, r, p,
			 arena_printf(b->a, "%s over the %d children",
				      e->fn == FN_SUM_CHILDREN ? "children summed: x added up"
				      : e->fn == FN_MEAN_CHILDREN ? "children averaged: the mean of x"
				      : "children counted: how many have x true", n));
		for (i = 0; i < n && i < EXPLAIN_MAX_CHILDREN; i++)
			ref_at(b, s, x, kids[i], p, text_of(b, x));
		s->nmore = n > EXPLAIN_MAX_CHILDREN ? (size_t)(n - EXPLAIN_MAX_CHILDREN) : 0;
		return;
	}
}

static void call(struct builder *b, struct explain_node *parent, const struct expr *e, int r,
		 int p)
{
	const struct cfg *cfg = b->res->cfg;
	struct explain_node *s;
	int i;

	switch (e->fn) {
	case FN_CHANGE: case FN_YOY: case FN_GROWTH: case FN_CAGR: case FN_MEAN_GROWTH:
		time_fn(b, parent, e, r, p);
		return;
	case FN_SHARE: case FN_PARENT: case FN_RANK:
	case FN_SUM_CHILDREN: case FN_MEAN_CHILDREN: case FN_COUNT_CHILDREN:
		tree_fn(b, parent, e, r, p);
		return;
	case FN_TARGET:
		step(b, parent, e, r, p, "the target value set in the config");
		return;
	case FN_PROGRESS:
	case FN_STATUS:
		s = step(b, parent, e, r, p,
			 e->fn == FN_PROGRESS
				 ? "progress: % of the way from the baseline to the target"
				 : "status: 2 on track, 1 at risk, 0 off track");
		if (e->args[0]->ind >= 0 && cfg->ind[e->args[0]->ind].target.has_baseline)
			ref_at(b, s, e->args[0], r,
			       period_index(&b->res->axis, cfg->ind[e->args[0]->ind].target.baseline),
			       at_label(b, e->args[0],
					period_index(&b->res->axis,
						     cfg->ind[e->args[0]->ind].target.baseline)));
		ref_at(b, s, e->args[0], r, p, text_of(b, e->args[0]));
		return;
	default:
		for (i = 0; i < e->nargs; i++)
			walk(b, parent, e->args[i], r, p);
		return;
	}
}

/* Add a kid to parent for every input e reads at (r, p). */
static void walk(struct builder *b, struct explain_node *parent, const struct expr *e, int r,
		 int p)
{
	int q;

	if (b->nodes > MAX_NODES)
		return;
	switch (e->op) {
	case EXPR_NUM:
		return;
	case EXPR_REF:
		ref_at(b, parent, e, r, p, e->name);
		return;
	case EXPR_AT:
		q = explain_period_of(b->res, &e->at, p);
		ref_at(b, parent, e->a, r, q, at_label(b, e->a, q));
		return;
	case EXPR_CALL:
		call(b, parent, e, r, p);
		return;
	default:
		walk(b, parent, e->a, r, p);
		if (e->b)
			walk(b, parent, e->b, r, p);
		return;
	}
}

/* A child has a value of ind at p: the parent's was rolled up. */
static int rolled_up(const struct results *res, int ind, int r, int p, int *nwith)
{
	const int *kids = regions_children(res->reg, r);
	int n = regions_nchildren(res->reg, r), i;

	*nwith = 0;
	if (res->cfg->ind[ind].rollup == ROLLUP_NONE)
		return 0;
	for (i = 0; i < n; i++)
		*nwith += !isnan(res_get(res, ind, kids[i], p));
	return *nwith > 0;
}

static void base_node(struct builder *b, struct explain_node *n, int expand)
{
	const struct results *res = b->res;
	const struct cfg_indicator *ci = &res->cfg->ind[n->ind];
	const int *kids = regions_children(res->reg, n->region);
	int nk = regions_nchildren(res->reg, n->region), nwith, i, shown = 0;

	if (!rolled_up(res, n->ind, n->region, n->period, &nwith)) {
		n->kind = isnan(n->value) ? EXPLAIN_MISSING : EXPLAIN_DATA;
		if (n->kind == EXPLAIN_MISSING)
			n->note = "no source gives it";
	} else {
		n->kind = EXPLAIN_ROLLUP;
		n->note = ci->rollup == ROLLUP_WMEAN
			? arena_printf(b->a, "rollup (wmean by %s) of %d %s",
				       res->cfg->ind[ci->weight].id, nwith,
				       nwith == 1 ? "child" : "children")
			: arena_printf(b->a, "rollup (%s) of %d %s", cfg_rollup_name(ci->rollup),
				       nwith, nwith == 1 ? "child" : "children");
		for (i = 0; i < nk && expand; i++) {
			if (isnan(res_get(res, n->ind, kids[i], n->period)))
				continue;
			if (shown++ < EXPLAIN_MAX_CHILDREN)
				add_kid(b, n, ind_node(b, n->ind, kids[i], n->period, ci->id, 0));
		}
		n->nmore = shown > EXPLAIN_MAX_CHILDREN ? (size_t)(shown - EXPLAIN_MAX_CHILDREN) : 0;
	}
	if (n->kind != EXPLAIN_MISSING) {
		xgrow((void **)&b->base, &b->capbase, b->nbase + 1, sizeof(*b->base));
		b->base[b->nbase++] = n;
	}
}

static struct explain_node *ind_node(struct builder *b, int ind, int r, int p,
				     const char *label, int expand)
{
	const struct cfg_indicator *ci = &b->res->cfg->ind[ind];
	struct explain_node *n = node_new(b, EXPLAIN_DERIVED, label ? label : ci->id, ind, r, p,
					  res_get(b->res, ind, r, p));

	if (ci->is_derived) {
		n->formula = ci->formula;
		if (b->nodes <= MAX_NODES)
			walk(b, n, ci->expr, r, p);
		return n;
	}
	base_node(b, n, expand && b->nodes <= MAX_NODES);
	return n;
}

struct explain_node *explain_build(const struct results *res, int ind, int r, int p,
				   struct arena *a, struct diag *d)
{
	struct builder b;
	struct explain_node *root;

	memset(&b, 0, sizeof(b));
	b.res = res;
	b.a = a;
	metrics_ctx(res, &b.ctx);
	root = ind_node(&b, ind, r, p, NULL, 1);
	explain_find_sources(res, b.base, b.nbase, a, d);
	free(b.base);
	return root;
}

void explain_build_all(const struct results *res, int r, int p, struct arena *a, struct diag *d,
		       struct explain_node **roots)
{
	struct builder b;
	size_t i;

	memset(&b, 0, sizeof(b));
	b.res = res;
	b.a = a;
	metrics_ctx(res, &b.ctx);
	for (i = 0; i < res->cfg->nind; i++) {
		b.nodes = 0; /* MAX_NODES is per tree */
		roots[i] = ind_node(&b, (int)i, r, p, NULL, 1);
	}
	explain_find_sources(res, b.base, b.nbase, a, d);
	free(b.base);
}
