/*
 * report.signoff (落款) and report.banji (版记), GB/T 9704-2012 7.3.5 and
 * 7.5: what the config says of them, checked here so that `check` finds a
 * bad date before a render does. How they read and where they go is the
 * engine's (core/engine/report_signoff.c) and the layout's. The dates
 * are checked as days by config.c, beside report.date.
 *
 *   signoff: {office: 新疆维吾尔自治区扶贫开发领导小组办公室, date: 2020-04-30}
 *   banji: {cc: [自治区党委办公厅, 自治区人民政府办公厅], issuer: ..., issued: 2020-04-30}
 */
#include <string.h>

#include "core/config/config_node.h"
#include "core/util/arena.h"

static const char *const signoff_keys[] = { "office", "date", NULL };
static const char *const banji_keys[] = { "cc", "issuer", "issued", NULL };

/* A non-empty string at key of m, required; NULL (with an error) when it
 * is missing or not one. */
static const char *text(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key,
			const char *where)
{
	const char *s = NULL;

	if (cfg_require(ctx, m, key, where) < 0 || cfg_get_str(ctx, m, key, &s) <= 0)
		return NULL;
	if (!*s) {
		diag_error(ctx->d, cfg_map_get(m, key)->pos, "'%s'%s must not be empty", key, where);
		return NULL;
	}
	return s;
}

/* A required day at key of m, and where it is: config.c checks it is
 * one (cfg_check_signoff_dates). */
static const char *day(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key,
		       const char *where, struct src_pos *pos)
{
	const char *s = text(ctx, m, key, where);

	if (s)
		*pos = cfg_map_get(m, key)->pos;
	return s;
}

static void walk_signoff(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_report *r)
{
	if (cfg_is_null(m) || cfg_want(ctx, m, CFG_MAP, "signoff") < 0)
		return;
	cfg_check_keys(ctx, m, signoff_keys, " in signoff");
	r->signoff_office = text(ctx, m, "office", " in signoff");
	r->signoff_date = day(ctx, m, "date", " in signoff", &r->signoff_date_pos);
}

static void walk_banji(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_report *r)
{
	const struct cfg_node *cc;
	size_t i;

	if (cfg_is_null(m) || cfg_want(ctx, m, CFG_MAP, "banji") < 0)
		return;
	cfg_check_keys(ctx, m, banji_keys, " in banji");
	r->banji_issuer = text(ctx, m, "issuer", " in banji");
	r->banji_issued = day(ctx, m, "issued", " in banji", &r->banji_issued_pos);
	cc = cfg_map_get(m, "cc");
	if (cfg_is_null(cc))
		return;
	if (cc->kind == CFG_SCALAR) { /* one office, written without a list */
		r->banji_cc = arena_alloc(ctx->a, sizeof(*r->banji_cc));
		r->banji_cc[0] = cc->s;
		r->nbanji_cc = 1;
		return;
	}
	if (cfg_want(ctx, cc, CFG_SEQ, "cc") < 0)
		return;
	r->banji_cc = arena_alloc(ctx->a, (cc->n ? cc->n : 1) * sizeof(*r->banji_cc));
	for (i = 0; i < cc->n; i++) {
		const struct cfg_node *v = cc->kids[i];

		if (cfg_want(ctx, v, CFG_SCALAR, "cc item") < 0)
			continue;
		if (!*v->s) {
			diag_error(ctx->d, v->pos, "'cc' in banji must not list an empty name");
			continue;
		}
		r->banji_cc[r->nbanji_cc++] = v->s;
	}
}

void cfg_walk_signoff(struct cfg_ctx *ctx, const struct cfg_node *report)
{
	struct cfg_report *r = &ctx->c->report;

	walk_signoff(ctx, cfg_map_get(report, "signoff"), r);
	walk_banji(ctx, cfg_map_get(report, "banji"), r);
}
