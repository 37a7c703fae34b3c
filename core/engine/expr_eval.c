#include "core/config/expr.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/config/config.h"
#include "core/util/format.h"
#include "core/data/regions.h"
#include "core/util/xalloc.h"

/*
 * The evaluator: a plain recursive switch over the AST, with no allocation,
 * since metrics runs it once per cell (millions of times on big data).
 * Missing is NaN. C's NaN rules are not quite ours: pow(NaN, 0) is 1 and
 * fmin/fmax skip NaN, so operands are tested explicitly where it matters,
 * and every result passes through fin() so inf never escapes. An overflow
 * to infinity is counted in ctx->overflows (when set), so the caller can
 * warn: missing because the figure is too large is not missing data.
 */

static inline double fin(const struct expr_ctx *ctx, double x)
{
	if (isfinite(x))
		return x;
	if (isinf(x) && ctx->overflows)
		++*ctx->overflows;
	return NAN;
}

static inline int is_true(double x)
{
	return !isnan(x) && x != 0;
}

static inline double cell(const struct expr_ctx *ctx, int ind, int region, int period)
{
	return ctx->cube[((size_t)ind * ctx->nreg + (size_t)region) * (size_t)ctx->nper +
			 (size_t)period];
}

/* Index of a formula period seen from period index cur, or -1 when it is
 * off the axis (or of another kind). */
static int period_of(const struct expr_ctx *ctx, const struct expr_period *p, int cur)
{
	if (p->relative) {
		int i = cur + p->offset;
		return i >= 0 && i < ctx->nper ? i : -1;
	}
	return period_index(&ctx->axis, p->abs);
}

/* An operand: leaves (a number, an indicator) are most operands, and
 * reading them here saves a call per leaf in the per-cell loop of
 * metrics (millions of cells on big data). */
static inline double operand(const struct expr *x, const struct expr_ctx *ctx, int region,
			     int period)
{
	if (x->op == EXPR_REF)
		return x->ind < 0 ? NAN : cell(ctx, x->ind, region, period);
	if (x->op == EXPR_NUM)
		return x->num;
	return expr_eval(x, ctx, region, period);
}

static double at(const struct expr *x, const struct expr_ctx *ctx, int region, int per)
{
	return per < 0 ? NAN : operand(x, ctx, region, per);
}

/* (now / then - 1) * 100 */
static double growth(const struct expr_ctx *ctx, double now, double then)
{
	if (isnan(now) || isnan(then) || then == 0)
		return NAN;
	return fin(ctx, (now / then - 1) * 100);
}

static double cagr(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	int from = period_of(ctx, &e->pargs[0], per), to = period_of(ctx, &e->pargs[1], per);
	double years, base, last;

	if (from < 0 || to < 0)
		return NAN;
	years = period_years_between(period_at(&ctx->axis, from), period_at(&ctx->axis, to));
	base = operand(e->args[0], ctx, region, from);
	if (!(years > 0) || !(base > 0))
		return NAN;
	last = operand(e->args[0], ctx, region, to);
	if (isnan(last))
		return NAN;
	return fin(ctx, (pow(last / base, 1 / years) - 1) * 100);
}

/* The mean of the period-over-period growth rates over (from, to]. */
static double mean_growth(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	int from = period_of(ctx, &e->pargs[0], per), to = period_of(ctx, &e->pargs[1], per);
	double prev, cur, g, sum = 0;
	int t;

	if (from < 0 || to <= from)
		return NAN;
	prev = operand(e->args[0], ctx, region, from);
	for (t = from + 1; t <= to; t++) {
		cur = operand(e->args[0], ctx, region, t);
		g = growth(ctx, cur, prev);
		if (isnan(g))
			return NAN;
		sum += g;
		prev = cur;
	}
	return fin(ctx, sum / (to - from));
}

/* min/max: missing if any argument is. */
static double extreme(const struct expr *e, const struct expr_ctx *ctx, int region, int per,
		      int want_max)
{
	double best = NAN, v;
	int i;

	for (i = 0; i < e->nargs; i++) {
		v = operand(e->args[i], ctx, region, per);
		if (isnan(v))
			return NAN;
		if (i == 0 || (want_max ? v > best : v < best))
			best = v;
	}
	return best;
}

static double round_call(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	double x = operand(e->args[0], ctx, region, per), n = 0;

	if (e->nargs > 1)
		n = operand(e->args[1], ctx, region, per);
	if (isnan(x) || !(n >= 0 && n <= 15) || n != floor(n))
		return NAN;
	return fin(ctx, fmt_round(x, (int)n, ROUND_HALF_UP));
}

static double share(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	int parent;
	double v, whole;

	if (!ctx->reg || (parent = ctx->reg->parent[region]) < 0)
		return NAN;
	v = operand(e->args[0], ctx, region, per);
	whole = operand(e->args[0], ctx, parent, per);
	if (isnan(v) || isnan(whole) || whole == 0)
		return NAN;
	return fin(ctx, v / whole * 100);
}

/*
 * rank() compares a value with every sibling's. Done per cell that is
 * O(siblings) each, so ranking all n children of one parent is O(n^2):
 * 250,000 villages under one county took 110 s. With a memo, the siblings'
 * values at one period are gathered and sorted once (O(n log n)); each
 * cell is then two binary searches.
 */

struct memo_entry {
	const struct expr *e; /* the rank() call; NULL: slot free */
	int parent, per;
	double *vals; /* the siblings' non-missing values, ascending */
	size_t n;
};

struct expr_memo {
	struct memo_entry *slot;
	size_t cap, used; /* cap: a power of two */
};

struct expr_memo *expr_memo_new(void)
{
	return xcalloc(1, sizeof(struct expr_memo));
}

void expr_memo_free(struct expr_memo *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slot[i].vals);
	free(m->slot);
	free(m);
}

static size_t hash(const struct expr *e, int parent, int per)
{
	uint64_t h = (uint64_t)(uintptr_t)e * 0x9E3779B97F4A7C15u;

	h ^= (uint64_t)(unsigned)parent * 0xC2B2AE3D27D4EB4Fu;
	h ^= (uint64_t)(unsigned)per * 0x165667B19E3779F9u;
	return (size_t)(h ^ (h >> 29));
}

static struct memo_entry *probe(struct memo_entry *slot, size_t cap, const struct expr *e,
				int parent, int per)
{
	size_t i = hash(e, parent, per) & (cap - 1);

	while (slot[i].e && !(slot[i].e == e && slot[i].parent == parent && slot[i].per == per))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static void grow(struct expr_memo *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i;
	struct memo_entry *slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < m->cap; i++)
		if (m->slot[i].e)
			*probe(slot, cap, m->slot[i].e, m->slot[i].parent, m->slot[i].per) =
				m->slot[i];
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The entry for (e, parent, per), its values gathered and sorted. */
static const struct memo_entry *lookup(const struct expr *e, const struct expr_ctx *ctx,
				       int parent, int per)
{
	struct expr_memo *m = ctx->memo;
	struct memo_entry *en;
	const int *sib;
	int n, i;

	if ((m->used + 1) * 2 > m->cap)
		grow(m);
	en = probe(m->slot, m->cap, e, parent, per);
	if (en->e)
		return en;
	sib = regions_children(ctx->reg, parent);
	n = regions_nchildren(ctx->reg, parent);
	en->e = e;
	en->parent = parent;
	en->per = per;
	en->vals = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(double));
	for (i = 0; i < n; i++) {
		double o = expr_eval(e->args[0], ctx, sib[i], per);
		if (!isnan(o))
			en->vals[en->n++] = o;
	}
	qsort(en->vals, en->n, sizeof(double), cmp_double);
	m->used++;
	return en;
}

/* How many of the sorted a[0..n) are < v (below) or <= v (!below). */
static size_t count_until(const double *a, size_t n, double v, int below)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (below ? a[mid] < v : a[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static double rank_scan(const struct expr *e, const struct expr_ctx *ctx, int region, int per,
			int parent, double v)
{
	const int *sib = regions_children(ctx->reg, parent);
	int n = regions_nchildren(ctx->reg, parent), i, better = 0;

	for (i = 0; i < n; i++) {
		double o;
		if (sib[i] == region)
			continue;
		o = expr_eval(e->args[0], ctx, sib[i], per);
		if (!isnan(o) && (e->asc ? o < v : o > v))
			better++;
	}
	return better + 1;
}

static double rank(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	double v = expr_eval(e->args[0], ctx, region, per);
	const struct memo_entry *en;
	int parent;

	if (isnan(v) || !ctx->reg)
		return NAN;
	if ((parent = ctx->reg->parent[region]) < 0)
		return 1;
	if (!ctx->memo)
		return rank_scan(e, ctx, region, per, parent, v);
	en = lookup(e, ctx, parent, per);
	if (e->asc)
		return (double)count_until(en->vals, en->n, v, 1) + 1;
	return (double)(en->n - count_until(en->vals, en->n, v, 0)) + 1;
}

/* sum_children, mean_children, count_children over direct children,
 * skipping missing ones; all missing is missing. */
static double children(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	const int *ch;
	int n, i, seen = 0;
	double sum = 0, v;

	if (!ctx->reg)
		return NAN;
	ch = regions_children(ctx->reg, region);
	n = regions_nchildren(ctx->reg, region);
	if (n == 0 && e->fn == FN_COUNT_CHILDREN)
		return 0;
	for (i = 0; i < n; i++) {
		v = operand(e->args[0], ctx, ch[i], per);
		if (isnan(v))
			continue;
		seen++;
		sum += e->fn == FN_COUNT_CHILDREN ? (v != 0) : v;
	}
	if (!seen)
		return NAN;
	return fin(ctx, e->fn == FN_MEAN_CHILDREN ? sum / seen : sum);
}

static double coalesce(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	double v;
	int i;

	for (i = 0; i < e->nargs; i++)
		if (!isnan(v = operand(e->args[i], ctx, region, per)))
			return v;
	return NAN;
}

static double target(const struct expr_ctx *ctx, int ind)
{
	const struct cfg_indicator *ci;

	if (!ctx->cfg || ind < 0 || (size_t)ind >= ctx->cfg->nind)
		return NAN;
	ci = &ctx->cfg->ind[ind];
	return ci->target.present ? fin(ctx, ci->target.value) : NAN;
}

/* Time: change, yoy, growth, cagr, mean_growth. */
static double call_time(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	const struct expr *x = e->args[0];
	double v;
	int k;

	switch (e->fn) {
	case FN_CHANGE:
		v = operand(x, ctx, region, per);
		return isnan(v) ? NAN : fin(ctx, v - at(x, ctx, region, period_of(ctx, &e->pargs[0], per)));
	case FN_YOY:
		k = per - period_per_year(ctx->axis.kind);
		return k < 0 ? NAN : growth(ctx, operand(x, ctx, region, per), operand(x, ctx, region, k));
	case FN_GROWTH:
		v = operand(x, ctx, region, per);
		return isnan(v) ? NAN : growth(ctx, v, at(x, ctx, region, period_of(ctx, &e->pargs[0], per)));
	case FN_CAGR:
		return cagr(e, ctx, region, per);
	default:
		return mean_growth(e, ctx, region, per);
	}
}

static double call(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
{
	double c, a, b;

	switch (e->fn) {
	case FN_IF:
		c = operand(e->args[0], ctx, region, per);
		if (isnan(c))
			return NAN;
		return operand(e->args[c != 0 ? 1 : 2], ctx, region, per);
	case FN_MIN:
	case FN_MAX:
		return extreme(e, ctx, region, per, e->fn == FN_MAX);
	case FN_ABS:
		return fabs(operand(e->args[0], ctx, region, per));
	case FN_ROUND:
		return round_call(e, ctx, region, per);
	case FN_CHANGE:
	case FN_YOY:
	case FN_GROWTH:
	case FN_CAGR:
	case FN_MEAN_GROWTH:
		return call_time(e, ctx, region, per);
	case FN_PP:
		a = operand(e->args[0], ctx, region, per);
		b = operand(e->args[1], ctx, region, per);
		return fin(ctx, a - b);
	case FN_SHARE:
		return share(e, ctx, region, per);
	case FN_RANK:
		return rank(e, ctx, region, per);
	case FN_SUM_CHILDREN:
	case FN_MEAN_CHILDREN:
	case FN_COUNT_CHILDREN:
		return children(e, ctx, region, per);
	case FN_PARENT:
		if (!ctx->reg || ctx->reg->parent[region] < 0)
			return NAN;
		return operand(e->args[0], ctx, ctx->reg->parent[region], per);
	case FN_TARGET:
		return target(ctx, e->args[0]->ind);
	case FN_PROGRESS:
		return expr_progress(ctx, e->args[0]->ind, region, per);
	case FN_STATUS:
		return expr_status(ctx, e->args[0]->ind, region, per);
	case FN_MISSING:
		return isnan(operand(e->args[0], ctx, region, per)) ? 1 : 0;
	case FN_COALESCE:
		return coalesce(e, ctx, region, per);
	}
	return NAN;
}

/* 1/0 for a comparison, missing if either side is */
static inline double compare(double a, double b, int result)
{
	return isnan(a) || isnan(b) ? NAN : result;
}

double expr_eval(const struct expr *e, const struct expr_ctx *ctx, int region, int period)
{
	double a, b;

	switch (e->op) {
	case EXPR_NUM:
		return e->num;
	case EXPR_REF:
		return e->ind < 0 ? NAN : cell(ctx, e->ind, region, period);
	case EXPR_AT:
		return at(e->a, ctx, region, period_of(ctx, &e->at, period));
	case EXPR_NEG:
		return -operand(e->a, ctx, region, period);
	case EXPR_NOT:
		a = operand(e->a, ctx, region, period);
		return isnan(a) ? NAN : a == 0;
	case EXPR_AND:
		/* Kleene: false wins over missing */
		a = operand(e->a, ctx, region, period);
		if (a == 0)
			return 0;
		b = operand(e->b, ctx, region, period);
		if (b == 0)
			return 0;
		return isnan(a) || isnan(b) ? NAN : 1;
	case EXPR_OR:
		/* Kleene: true wins over missing */
		a = operand(e->a, ctx, region, period);
		if (is_true(a))
			return 1;
		b = operand(e->b, ctx, region, period);
		if (is_true(b))
			return 1;
		return isnan(a) || isnan(b) ? NAN : 0;
	case EXPR_CALL:
		return call(e, ctx, region, period);
	default:
		break;
	}
	a = operand(e->a, ctx, region, period);
	b = operand(e->b, ctx, region, period);
	switch (e->op) {
	case EXPR_ADD: return fin(ctx, a + b);
	case EXPR_SUB: return fin(ctx, a - b);
	case EXPR_MUL: return fin(ctx, a * b);
	case EXPR_DIV: return b == 0 ? NAN : fin(ctx, a / b);
	case EXPR_POW: return isnan(a) || isnan(b) ? NAN : fin(ctx, pow(a, b));
	case EXPR_EQ: return compare(a, b, a == b);
	case EXPR_NE: return compare(a, b, a != b);
	case EXPR_LT: return compare(a, b, a < b);
	case EXPR_LE: return compare(a, b, a <= b);
	case EXPR_GT: return compare(a, b, a > b);
	case EXPR_GE: return compare(a, b, a >= b);
	default: return NAN;
	}
}

/* A period as a fractional year, so that a yearly deadline and quarterly
 * data can be compared: 2019Q3 -> 2019.5. */
static double year_of(struct period p)
{
	return (double)p.ord / period_per_year(p.kind);
}

/* The target of ind if it has one, and the value at its baseline. */
static const struct cfg_target *target_base(const struct expr_ctx *ctx, int ind, int region,
					    double *base)
{
	const struct cfg_target *t;
	int b = 0;

	if (!ctx->cfg || ind < 0 || (size_t)ind >= ctx->cfg->nind)
		return NULL;
	t = &ctx->cfg->ind[ind].target;
	if (!t->present)
		return NULL;
	if (t->has_baseline && (b = period_index(&ctx->axis, t->baseline)) < 0)
		return NULL;
	*base = cell(ctx, ind, region, b);
	return isnan(*base) ? NULL : t;
}

double expr_progress(const struct expr_ctx *ctx, int ind, int region, int period)
{
	double base, v;
	const struct cfg_target *t = target_base(ctx, ind, region, &base);

	if (!t || isnan(v = cell(ctx, ind, region, period)))
		return NAN;
	if (t->value == base) {
		int achieved = t->direction == DIR_DOWN ? v <= t->value : v >= t->value;
		return achieved ? 100 : 0;
	}
	/* + 0.0: no progress at the baseline is 0, not -0 */
	return fin(ctx, (v - base) / (t->value - base) * 100 + 0.0);
}

double expr_status(const struct expr_ctx *ctx, int ind, int region, int period)
{
	double progress = expr_progress(ctx, ind, region, period), span, expected = 1;
	const struct cfg_target *t;
	struct period from;

	if (isnan(progress))
		return NAN;
	t = &ctx->cfg->ind[ind].target;
	from = t->has_baseline ? t->baseline : period_at(&ctx->axis, 0);
	span = year_of(t->by) - year_of(from);
	if (span > 0)
		expected = (year_of(period_at(&ctx->axis, period)) - year_of(from)) / span;
	expected = (expected < 0 ? 0 : expected > 1 ? 1 : expected) * 100;
	if (progress >= expected * t->on_track / 100)
		return 2;
	if (progress >= expected * t->at_risk / 100)
		return 1;
	return 0;
}
