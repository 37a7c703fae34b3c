#include "core/engine/expr_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/data/regions.h"
#include "core/util/xalloc.h"

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

double expr_rank(const struct expr *e, const struct expr_ctx *ctx, int region, int per)
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
