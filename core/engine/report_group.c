#include <math.h>
#include <stdlib.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/xalloc.h"

/*
 * Long tables of regions grouped by parent, as statistical yearbooks print
 * the counties of a province: a header row with the prefecture's name,
 * its counties in the table's order, then a 小计 row. The 小计 figures are
 * the parent's own computed values (the rollup up the region tree, and a
 * rate recomputed from the parent's sums, never a sum of rates): the
 * engine's figures, the same `progrep compute --level prefecture` prints.
 * A table's `group_by: parent` asks for it; in gongwen and bulletin an
 * appendix table of rows: level whose rows span several parents has it
 * by default. Every row is shown then (no top-N cut): a 小计 is the
 * whole group.
 */

static int wants_groups(const struct report_ctx *r, const struct cfg_table *t,
			const struct trow *rows, size_t n)
{
	const int *parent = r->res->reg->parent;
	size_t i;

	if (t->rows != ROWS_LEVEL || t->group_by == 0 || n == 0)
		return 0;
	if (t->group_by == 1)
		return 1;
	if (r->cfg->report.page.preset == CFG_PAGE_REPORT || !r->num_appendix)
		return 0;
	for (i = 1; i < n; i++)
		if (parent[rows[i].region] != parent[rows[0].region])
			return 1;
	return 0;
}

int report_group_rows(struct report_ctx *r, const struct cfg_table *t, struct trow **rows,
		      size_t *n)
{
	const struct regions *rg = r->res->reg;
	struct trow *in = *rows, *out;
	size_t i, k = 0, p;
	char *done;

	if (!wants_groups(r, t, in, *n))
		return 0;
	/* at most a header and a 小计 per row, and room for the total */
	out = xcalloc(3 * *n + 1, sizeof(*out));
	done = xcalloc(*n, 1);
	/* groups in the order of their first row (region order, or the
	 * sort's), each group's rows in the table's order */
	for (i = 0; i < *n; i++) {
		int par;

		if (done[i])
			continue;
		par = rg->parent[in[i].region];
		out[k].region = par;
		out[k].ind = -1;
		out[k].label = par >= 0 ? rg->name[par] : "";
		out[k++].kind = TROW_GROUP;
		for (p = i; p < *n; p++)
			if (!done[p] && rg->parent[in[p].region] == par) {
				out[k++] = in[p];
				done[p] = 1;
			}
		if (par >= 0) {
			out[k].region = par;
			out[k].ind = -1;
			out[k].label = "小计";
			out[k++].kind = TROW_SUBTOTAL;
		}
	}
	free(done);
	free(in);
	*rows = out;
	*n = k;
	return 1;
}

double report_group_value(struct report_ctx *r, int ind, int reg, double v)
{
	const struct expr *e = r->cfg->ind[ind].expr;
	double x;

	/* share(x) of a group is the whole of it, as in the total row */
	if (!e || e->op != EXPR_CALL || e->fn != FN_SHARE)
		return v;
	x = expr_eval(e->args[0], &r->ctx, reg, r->res->report_period);
	return isfinite(x) && x != 0 ? 100 : v;
}
