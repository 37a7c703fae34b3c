/* Data checks: rules evaluated like indicators by `progrep check`. */
#include <math.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"

static const char *const rule_names[] = { "sum_of_children", "range", "not_exceed", "stated",
					  NULL };
static const char *const severity_names[] = { "error", "warning", NULL };

/* Keys every rule takes, then each rule's own (NULL-separated). */
#define COMMON "rule", "id", "indicator", "severity", "tolerance", "rel_tolerance", "level", \
	"note"
static const char *const keys_sum[] = { COMMON, NULL };
static const char *const keys_range[] = { COMMON, "min", "max", NULL };
static const char *const keys_not_exceed[] = { COMMON, "max_indicator", NULL };
static const char *const keys_stated[] = { COMMON, "region", "period", "value", "print", NULL };
static const char *const keys_any[] = { COMMON, "min", "max", "max_indicator", "region",
					"period", "value", "print", NULL };
static const char *const print_names[] = { "computed", "published", "fail", NULL };
static const char *const *const rule_keys[] = { keys_sum, keys_range, keys_not_exceed,
						keys_stated };

static void walk_rule(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_check *k)
{
	const char *where = " in check";

	switch (k->kind) {
	case CHECK_SUM_OF_CHILDREN:
		if (k->ind >= 0 && ctx->c->ind[k->ind].is_derived)
			diag_error(ctx->d, cfg_map_get(m, "indicator")->pos,
				   "rule 'sum_of_children' needs a base indicator ('%s' has a "
				   "formula)", ctx->c->ind[k->ind].id);
		break;
	case CHECK_RANGE: {
		int lo = cfg_get_num(ctx, m, "min", &k->min);
		int hi = cfg_get_num(ctx, m, "max", &k->max);
		if (lo == 0 && hi == 0)
			diag_error(ctx->d, m->pos, "rule 'range' needs 'min' or 'max'");
		else if (lo > 0 && hi > 0 && k->min > k->max)
			diag_error(ctx->d, cfg_map_get(m, "min")->pos,
				   "'min' (%g) is greater than 'max' (%g)", k->min, k->max);
		break;
	}
	case CHECK_NOT_EXCEED:
		if (cfg_require(ctx, m, "max_indicator", where) == 0)
			k->other = cfg_ref_ind(ctx, cfg_map_get(m, "max_indicator"));
		break;
	case CHECK_STATED:
		cfg_require(ctx, m, "value", where);
		cfg_get_num(ctx, m, "value", &k->stated);
		cfg_get_str(ctx, m, "region", &k->region);
		k->has_period = cfg_get_period(ctx, m, "period", &k->period) > 0;
		break;
	}
}

static void walk_check(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_check *k)
{
	const char *where = " in check";
	int rule = -1, sev = 0;

	k->pos = m->pos;
	k->ind = k->other = k->level = -1;
	k->min = -INFINITY;
	k->max = INFINITY;
	k->tolerance = 1e-9;
	k->severity = DIAG_ERROR;
	if (cfg_want(ctx, m, CFG_MAP, "checks") < 0)
		return;
	/* Unknown keys before missing ones: a misspelt key explains both. */
	if (cfg_get_enum(ctx, m, "rule", rule_names, &rule) <= 0) {
		cfg_check_keys(ctx, m, keys_any, where);
		cfg_require(ctx, m, "rule", where);
		cfg_require(ctx, m, "indicator", where);
		return;
	}
	k->kind = (enum check_kind)rule;
	cfg_check_keys(ctx, m, rule_keys[rule],
		       arena_printf(ctx->a, " in check of rule '%s'", rule_names[rule]));
	cfg_require(ctx, m, "indicator", where);
	if (!cfg_is_null(cfg_map_get(m, "indicator")))
		k->ind = cfg_ref_ind(ctx, cfg_map_get(m, "indicator"));
	if (cfg_get_enum(ctx, m, "severity", severity_names, &sev) > 0)
		k->severity = sev == 0 ? DIAG_ERROR : DIAG_WARNING;
	if (cfg_get_num(ctx, m, "tolerance", &k->tolerance) > 0 && k->tolerance < 0)
		diag_error(ctx->d, cfg_map_get(m, "tolerance")->pos,
			   "'tolerance' must not be negative");
	if (cfg_get_num(ctx, m, "rel_tolerance", &k->rel_tolerance) > 0 && k->rel_tolerance < 0)
		diag_error(ctx->d, cfg_map_get(m, "rel_tolerance")->pos,
			   "'rel_tolerance' must not be negative");
	cfg_get_level(ctx, m, "level", &k->level);
	cfg_get_str(ctx, m, "note", &k->note);
	/* print: fail makes a mismatch an error: the render stops with the
	 * check's message, before any page is made */
	if (cfg_get_enum(ctx, m, "print", print_names, &sev) > 0 && (k->print = sev) ==
	    STATED_PRINT_FAIL)
		k->severity = DIAG_ERROR;
	walk_rule(ctx, m, k);
	if (cfg_get_str(ctx, m, "id", &k->id) <= 0)
		k->id = arena_printf(ctx->a, "%s(%s)", rule_names[rule],
				     k->ind >= 0 ? ctx->c->ind[k->ind].id : "?");
}

void cfg_walk_checks(struct cfg_ctx *ctx, const struct cfg_node *s)
{
	struct cfg *c = ctx->c;
	size_t i;

	if (s->kind != CFG_SEQ) {
		diag_error(ctx->d, s->pos, "'checks' must be a list of rules, got %s",
			   cfg_node_desc(ctx, s));
		return;
	}
	c->checks = arena_zalloc(ctx->a, (s->n ? s->n : 1) * sizeof(*c->checks));
	c->nchecks = s->n;
	for (i = 0; i < s->n; i++)
		walk_check(ctx, s->kids[i], &c->checks[i]);
}
