/* Indicators, targets and formulas: ids, formats, rollups, dependency
 * order. */
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"
#include "core/config/expr.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

static const char *const ind_keys[] = { "name",      "unit",       "scale",  "decimals",
					"rounding",  "thousands",  "definition", "rollup",
					"weight",    "column",     "formula", "target",
					"scale_fixed", NULL };
static const char *const target_keys[] = { "value",     "by",       "baseline",
					   "direction", "on_track", "at_risk", NULL };
static const char *const rollup_names[] = { "sum", "mean", "min", "max",
					    "last", "wmean", "none", NULL };
static const char *const rounding_names[] = { "half-up", "half-even", NULL };
static const char *const direction_names[] = { "up", "down", NULL };

struct resolve_user {
	struct cfg_ctx *ctx;
	const struct cfg_node *n;
	size_t start;
};

static int resolve(void *user, const struct expr *ref)
{
	struct resolve_user *u = user;
	struct cfg_ctx *ctx = u->ctx;
	int i = smap_get(&ctx->ids, ref->name, strlen(ref->name));

	if (i < 0)
		diag_error(ctx->d, cfg_pos_at(ctx, u->n, u->start + (size_t)ref->pos),
			   "unknown indicator '%s'%s", ref->name,
			   cfg_hint(ctx, ref->name, ctx->idnames, ctx->c->nind));
	return i;
}

/* A position inside expr_parse's message ("expected ')' to close '(' at
 * 1") counts from the start of the formula: in a config it becomes a note
 * with the file position and a caret of its own. */
static void formula_error(struct cfg_ctx *ctx, const struct cfg_node *n, size_t start,
			  const struct expr_error *err)
{
	const char *at = strstr(err->msg, " at ");
	char *end;
	long k = at ? strtol(at + 4, &end, 10) : 0;
	struct src_pos pos = cfg_pos_at(ctx, n, start + (size_t)(err->pos > 0 ? err->pos : 0));

	if (!at || end == at + 4 || *end || k < 1 || k > (long)EXPR_MAX_LEN) {
		diag_error(ctx->d, pos, "%s", err->msg);
		return;
	}
	diag_error(ctx->d, pos, "%.*s", (int)(at - err->msg), err->msg);
	diag_note(ctx->d, cfg_pos_at(ctx, n, start + (size_t)k - 1), "the '(' is here");
}

struct expr *cfg_formula(struct cfg_ctx *ctx, const struct cfg_node *n, size_t start,
			 const char *text, size_t len)
{
	struct expr_error err;
	struct resolve_user u;
	struct expr *e;

	memset(&err, 0, sizeof(err));
	e = expr_parse(text, len, ctx->a, &err);
	if (!e) {
		formula_error(ctx, n, start, &err);
		return NULL;
	}
	u.ctx = ctx;
	u.n = n;
	u.start = start;
	return expr_resolve(e, resolve, &u) < 0 ? NULL : e;
}

int cfg_valid_id(const char *s)
{
	/* The same rule as names in formulas (utf8_is_name), so every id can
	 * be written in a formula and a placeholder. */
	if (!utf8_is_name(s))
		return 0;
	return strcmp(s, "and") != 0 && strcmp(s, "or") != 0 && strcmp(s, "not") != 0;
}

static void walk_target(struct cfg_ctx *ctx, struct cfg_indicator *ind,
			const struct cfg_node *m)
{
	struct cfg_target *t = &ind->target;
	const char *where = arena_printf(ctx->a, " in target of indicator '%s'", ind->id);
	int dir = 0, has_by;

	t->on_track = 90;
	t->at_risk = 70;
	t->direction = DIR_UP;
	t->pos = m->pos;
	if (cfg_want(ctx, m, CFG_MAP, "target") < 0)
		return;
	t->present = 1;
	cfg_check_keys(ctx, m, target_keys, where);
	cfg_require(ctx, m, "value", where);
	cfg_require(ctx, m, "by", where);
	cfg_require(ctx, m, "direction", where);
	cfg_get_num(ctx, m, "value", &t->value);
	has_by = cfg_get_period(ctx, m, "by", &t->by) > 0;
	t->has_baseline = cfg_get_period(ctx, m, "baseline", &t->baseline) > 0;
	if (cfg_get_enum(ctx, m, "direction", direction_names, &dir) > 0)
		t->direction = dir == 0 ? DIR_UP : DIR_DOWN;
	if (cfg_get_num(ctx, m, "on_track", &t->on_track) > 0 && t->on_track < 0)
		diag_error(ctx->d, cfg_map_get(m, "on_track")->pos,
			   "'on_track' must not be negative");
	cfg_get_num(ctx, m, "at_risk", &t->at_risk);
	if (t->at_risk < 0 || t->at_risk > t->on_track)
		diag_error(ctx->d, cfg_map_get(m, "at_risk") ? cfg_map_get(m, "at_risk")->pos : m->pos,
			   "'at_risk' must be from 0 to 'on_track' (%g), got %g", t->on_track,
			   t->at_risk);
	if (has_by && t->has_baseline && t->baseline.kind == t->by.kind && t->baseline.ord >= t->by.ord)
		diag_error(ctx->d, cfg_map_get(m, "by")->pos,
			   "'by' must come after 'baseline'");
}

static void walk_format(struct cfg_ctx *ctx, struct cfg_indicator *ind,
			const struct cfg_node *m)
{
	const struct cfg_node *sc = cfg_map_get(m, "scale");
	int r, fixed = 0;

	ind->fmt.unit = "";
	ind->fmt.scale_label = "";
	ind->fmt.rounding = ctx->c->rounding;
	ind->fmt.thousands = ctx->c->thousands;
	cfg_get_str(ctx, m, "unit", &ind->fmt.unit);
	if (!cfg_is_null(sc)) {
		int s = sc->kind == CFG_SCALAR ? fmt_parse_scale(sc->s, &ind->fmt.scale_label) : -1;
		if (s < 0)
			diag_error(ctx->d, sc->pos,
				   "'scale' must be 1, 十, 百, 千, 万, 十万, 百万, 千万 or 亿, got %s",
				   cfg_node_desc(ctx, sc));
		else
			ind->fmt.scale = s;
		ind->scale_mode = SCALE_GIVEN;
	}
	cfg_get_bool(ctx, m, "scale_fixed", &fixed);
	if (fixed)
		ind->scale_mode = SCALE_PINNED;
	cfg_get_int(ctx, m, "decimals", 0, 15, &ind->fmt.decimals);
	if (cfg_get_enum(ctx, m, "rounding", rounding_names, &r) > 0)
		ind->fmt.rounding = (enum rounding)r;
	cfg_get_bool(ctx, m, "thousands", &ind->fmt.thousands);
}

/* A derived indicator is evaluated at every level after rollup, so the
 * keys that describe base data make no sense on it. */
static void walk_base(struct cfg_ctx *ctx, struct cfg_indicator *ind, const struct cfg_node *m,
		      int idx)
{
	static const char *const base_only[] = { "rollup", "weight", "column" };
	const struct cfg_node *w = cfg_map_get(m, "weight");
	size_t i;
	int r;

	if (ind->is_derived) {
		for (i = 0; i < 3; i++)
			if (cfg_map_key(m, base_only[i]))
				diag_error(ctx->d, cfg_map_key(m, base_only[i])->pos,
					   "indicator '%s' has both 'formula' and '%s' (a "
					   "derived indicator is computed at every level, not "
					   "rolled up)", ind->id, base_only[i]);
		return;
	}
	if (cfg_get_enum(ctx, m, "rollup", rollup_names, &r) > 0)
		ind->rollup = (enum rollup)r;
	cfg_get_str(ctx, m, "column", &ind->column);
	if (ind->rollup == ROLLUP_WMEAN && cfg_is_null(w))
		diag_error(ctx->d, cfg_map_get(m, "rollup")->pos,
			   "rollup 'wmean' needs 'weight' (the indicator to weight by)");
	if (cfg_is_null(w))
		return;
	if (ind->rollup != ROLLUP_WMEAN) {
		diag_error(ctx->d, cfg_map_key(m, "weight")->pos,
			   "'weight' is used only with rollup: wmean");
		return;
	}
	ind->weight = cfg_ref_ind(ctx, w);
	if (ind->weight == idx)
		diag_error(ctx->d, w->pos, "indicator '%s' cannot be weighted by itself", ind->id);
	else if (ind->weight >= 0 && ctx->c->ind[ind->weight].is_derived)
		diag_error(ctx->d, w->pos, "weight '%s' must be a base indicator (it has a formula)",
			   w->s);
}

static void walk_indicator(struct cfg_ctx *ctx, int idx, const struct cfg_node *m,
			   const struct cfg_node **fnode)
{
	struct cfg_indicator *ind = &ctx->c->ind[idx];
	const char *where = arena_printf(ctx->a, " in indicator '%s'", ind->id);
	const struct cfg_node *f = cfg_map_get(m, "formula"), *t;

	if (m->kind != CFG_MAP) {
		diag_error(ctx->d, m->pos, "indicator '%s' must be a mapping (name:, unit:, ...), "
			   "got %s", ind->id, cfg_node_desc(ctx, m));
		return;
	}
	cfg_check_keys(ctx, m, ind_keys, where);
	cfg_require(ctx, m, "name", where);
	cfg_get_str(ctx, m, "name", &ind->name);
	cfg_get_str(ctx, m, "definition", &ind->definition);
	walk_format(ctx, ind, m);
	walk_base(ctx, ind, m, idx);
	if (ind->is_derived && cfg_want(ctx, f, CFG_SCALAR, "formula") == 0) {
		ind->formula = f->s;
		ind->formula_pos = f->pos;
		fnode[idx] = f;
		ind->expr = cfg_formula(ctx, f, 0, f->s, f->len);
	}
	t = cfg_map_get(m, "target");
	if (!cfg_is_null(t))
		walk_target(ctx, ind, t);
}

/* Ids first, so formulas may name indicators defined further down. */
static void collect_ids(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg *c = ctx->c;
	size_t i;

	c->ind = arena_zalloc(ctx->a, (m->n ? m->n : 1) * sizeof(*c->ind));
	ctx->idnames = arena_zalloc(ctx->a, (m->n ? m->n : 1) * sizeof(*ctx->idnames));
	for (i = 0; i < m->n; i++) {
		const struct cfg_node *k = m->kids[2 * i], *v = m->kids[2 * i + 1];
		struct cfg_indicator *ind = &c->ind[c->nind];
		if (k->kind != CFG_SCALAR)
			continue;
		if (!cfg_valid_id(k->s))
			diag_error(ctx->d, k->pos, "indicator id '%s' must be letters (any script), "
				   "digits and '_', not starting with a digit", k->s);
		if (smap_put(&ctx->ids, k->s, k->len, (int)c->nind) >= 0)
			continue; /* a duplicate key, reported already */
		ind->id = k->s;
		ind->pos = k->pos;
		ind->weight = -1;
		ind->column = k->s;
		ind->is_derived = v->kind == CFG_MAP && !cfg_is_null(cfg_map_get(v, "formula"));
		ctx->idnames[c->nind++] = k->s;
	}
}

struct order {
	struct cfg_ctx *ctx;
	const struct cfg_node **fnode;
	char *state;          /* 0 new, 1 on the path, 2 done */
	int *path;
	size_t npath;
	int *deps;
	size_t ndeps, capdeps;
};

static void add_dep(void *user, int ind)
{
	struct order *o = user;

	xgrow((void **)&o->deps, &o->capdeps, o->ndeps + 1, sizeof(*o->deps));
	o->deps[o->ndeps++] = ind;
}

static const struct expr *find_ref(const struct expr *e, int ind)
{
	const struct expr *r = NULL;
	int i;

	if (!e)
		return NULL;
	if (e->op == EXPR_REF && e->ind == ind)
		return e;
	for (i = 0; !r && e->op == EXPR_CALL && i < e->nargs; i++)
		r = find_ref(e->args[i], ind);
	if (!r)
		r = find_ref(e->a, ind);
	return r ? r : find_ref(e->b, ind);
}

/* The cycle is path[from..] back to its start; report it once, at the
 * formula of its first member in file order. */
static void report_cycle(struct order *o, size_t from)
{
	struct cfg *c = o->ctx->c;
	size_t i, first = from, len = o->npath - from;
	const char *s;
	const struct expr *ref;
	int a, b;

	for (i = from; i < o->npath; i++)
		if (o->path[i] < o->path[first])
			first = i;
	s = c->ind[o->path[first]].id;
	for (i = 1; i <= len; i++)
		s = arena_printf(o->ctx->a, "%s -> %s", s,
				 c->ind[o->path[from + (first - from + i) % len]].id);
	a = o->path[first];
	b = o->path[from + (first - from + 1) % len];
	ref = find_ref(c->ind[a].expr, b);
	diag_error(o->ctx->d,
		   ref ? cfg_pos_at(o->ctx, o->fnode[a], (size_t)ref->pos) : c->ind[a].formula_pos,
		   "formulas form a cycle: %s", s);
}

static void visit(struct order *o, int i)
{
	struct cfg *c = o->ctx->c;
	size_t k, start, end;

	o->state[i] = 1;
	o->path[o->npath++] = i;
	start = o->ndeps;
	expr_deps(c->ind[i].expr, add_dep, o);
	end = o->ndeps;
	for (k = start; k < end; k++) {
		int j = o->deps[k], p;
		if (j < 0 || !c->ind[j].is_derived || !c->ind[j].expr)
			continue;
		if (o->state[j] == 0) {
			visit(o, j);
		} else if (o->state[j] == 1) {
			for (p = (int)o->npath - 1; p >= 0 && o->path[p] != j; p--)
				;
			report_cycle(o, (size_t)p);
		}
	}
	o->ndeps = start;
	o->npath--;
	o->state[i] = 2;
	c->order[c->norder++] = i;
}

static void order_derived(struct cfg_ctx *ctx, const struct cfg_node **fnode)
{
	struct cfg *c = ctx->c;
	struct order o;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.ctx = ctx;
	o.fnode = fnode;
	o.state = xcalloc(c->nind + 1, 1);
	o.path = xcalloc(c->nind + 1, sizeof(*o.path));
	c->order = arena_alloc(ctx->a, (c->nind + 1) * sizeof(*c->order));
	for (i = 0; i < c->nind; i++)
		if (c->ind[i].is_derived && c->ind[i].expr && !o.state[i])
			visit(&o, (int)i);
	free(o.state);
	free(o.path);
	free(o.deps);
}

/* Where indicator i's column is named: its 'column:' value, else its id. */
static struct src_pos column_pos(const struct cfg_node *m, const struct cfg_indicator *ind)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct cfg_node *v = m->kids[2 * i + 1], *col;
		if (m->kids[2 * i]->s != ind->id)
			continue;
		col = v->kind == CFG_MAP ? cfg_map_get(v, "column") : NULL;
		return col ? col->pos : ind->pos;
	}
	return ind->pos;
}

/* The loader hands each data column to one indicator, so a second base
 * indicator reading the same column would silently get no values. An
 * error rather than giving both the values: two names for one column is
 * nearly always a copy-paste slip (the second meant another column), and
 * a deliberate copy is said with 'formula: FIRST'. */
static void same_columns(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	const struct cfg *c = ctx->c;
	size_t i, j;

	for (i = 0; i < c->nind; i++) {
		if (c->ind[i].is_derived || !c->ind[i].column)
			continue;
		for (j = 0; j < i; j++) {
			struct src_pos first;
			if (c->ind[j].is_derived || !c->ind[j].column ||
			    strcmp(c->ind[i].column, c->ind[j].column) != 0)
				continue;
			first = column_pos(m, &c->ind[j]);
			diag_error(ctx->d, column_pos(m, &c->ind[i]),
				   "indicators '%s' and '%s' read the same data column '%s' "
				   "(for the same values twice write 'formula: %s')",
				   c->ind[j].id, c->ind[i].id, c->ind[i].column, c->ind[j].id);
			diag_note(ctx->d, first, "'%s' reads column '%s' here", c->ind[j].id,
				  c->ind[j].column);
			break;
		}
	}
}

void cfg_walk_indicators(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	const struct cfg_node **fnode;
	size_t i, k = 0;

	if (!m)
		return;
	if (m->kind != CFG_MAP) {
		diag_error(ctx->d, m->pos, "'indicators' must be a mapping of id to definition, "
			   "got %s", cfg_node_desc(ctx, m));
		return;
	}
	collect_ids(ctx, m);
	fnode = arena_zalloc(ctx->a, (ctx->c->nind + 1) * sizeof(*fnode));
	for (i = 0; i < m->n; i++) {
		const struct cfg_node *key = m->kids[2 * i];
		if (key->kind != CFG_SCALAR || k >= ctx->c->nind ||
		    ctx->c->ind[k].id != key->s)
			continue;
		walk_indicator(ctx, (int)k++, m->kids[2 * i + 1], fnode);
	}
	same_columns(ctx, m);
	order_derived(ctx, fnode);
}
