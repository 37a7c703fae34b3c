/*
 * Formulas as text for explain and the checks: an infix printer for the
 * labels of the explain tree, and the inputs of a single-call formula
 * ("cagr(x, 2013, 2019) from 5400元 to 12035元 over 2013-2019").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/config/config.h"
#include "core/engine/explain.h"
#include "core/engine/explain_int.h"
#include "core/util/format.h"

void explain_sb_add(struct explain_sb *sb, const char *s, size_t len)
{
	size_t room = sb->n > sb->len ? sb->n - sb->len - 1 : 0;

	if (len > room)
		len = room;
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	if (sb->n > 0)
		sb->buf[sb->len] = '\0';
}

static void add_str(struct explain_sb *sb, const char *s)
{
	explain_sb_add(sb, s, strlen(s));
}

void explain_period_text(const struct expr_period *p, char *buf, size_t n)
{
	if (p->relative)
		snprintf(buf, n, "%d", p->offset);
	else
		period_format(p->abs, buf, n);
}

/* Binding strength of a node, as in the parser's table. */
static int prec(const struct expr *e)
{
	switch (e->op) {
	case EXPR_OR:
		return 1;
	case EXPR_AND:
		return 2;
	case EXPR_NOT:
		return 3;
	case EXPR_EQ: case EXPR_NE: case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE:
		return 4;
	case EXPR_ADD: case EXPR_SUB:
		return 5;
	case EXPR_MUL: case EXPR_DIV:
		return 6;
	case EXPR_NEG:
		return 7;
	case EXPR_POW:
		return 8;
	default:
		return 10;
	}
}

static const char *op_text(enum expr_op op)
{
	static const char *const t[] = {
		[EXPR_ADD] = " + ", [EXPR_SUB] = " - ", [EXPR_MUL] = " * ", [EXPR_DIV] = " / ",
		[EXPR_POW] = "^",   [EXPR_EQ] = " == ", [EXPR_NE] = " != ", [EXPR_LT] = " < ",
		[EXPR_LE] = " <= ", [EXPR_GT] = " > ",  [EXPR_GE] = " >= ", [EXPR_AND] = " and ",
		[EXPR_OR] = " or ",
	};
	return t[op] ? t[op] : " ? ";
}

static void sub(struct explain_sb *sb, const struct expr *e, int paren)
{
	if (paren)
		add_str(sb, "(");
	explain_expr_text(sb, e);
	if (paren)
		add_str(sb, ")");
}

static void call_text(struct explain_sb *sb, const struct expr *e)
{
	char p[32];
	int i, np = 0;

	add_str(sb, expr_func_name(e->fn));
	add_str(sb, "(");
	for (i = 0; i < e->nargs; i++) {
		if (i)
			add_str(sb, ", ");
		explain_expr_text(sb, e->args[i]);
	}
	if (e->fn == FN_CAGR || e->fn == FN_MEAN_GROWTH)
		np = 2;
	else if (e->fn == FN_GROWTH || (e->fn == FN_CHANGE && !(e->pargs[0].relative &&
								   e->pargs[0].offset == -1)))
		np = 1;
	for (i = 0; i < np; i++) {
		explain_period_text(&e->pargs[i], p, sizeof(p));
		add_str(sb, ", ");
		add_str(sb, p);
	}
	if (e->fn == FN_RANK && e->asc)
		add_str(sb, ", \"asc\"");
	add_str(sb, ")");
}

void explain_expr_text(struct explain_sb *sb, const struct expr *e)
{
	char num[40];

	switch (e->op) {
	case EXPR_NUM:
		fmt_roundtrip(e->num, num, sizeof(num));
		add_str(sb, num);
		return;
	case EXPR_REF:
		add_str(sb, e->name);
		return;
	case EXPR_AT:
		sub(sb, e->a, prec(e->a) < 10);
		explain_period_text(&e->at, num, sizeof(num));
		add_str(sb, "@");
		add_str(sb, num);
		return;
	case EXPR_NEG:
		add_str(sb, "-");
		sub(sb, e->a, prec(e->a) < 7);
		return;
	case EXPR_NOT:
		add_str(sb, "not ");
		sub(sb, e->a, prec(e->a) < 3);
		return;
	case EXPR_CALL:
		call_text(sb, e);
		return;
	default:
		/* left-associative, except ^ */
		sub(sb, e->a, e->op == EXPR_POW ? prec(e->a) <= prec(e) : prec(e->a) < prec(e));
		add_str(sb, op_text(e->op));
		sub(sb, e->b, e->op == EXPR_POW ? prec(e->b) < prec(e) : prec(e->b) <= prec(e));
		return;
	}
}

int explain_period_of(const struct results *res, const struct expr_period *p, int cur)
{
	if (p->relative) {
		int i = cur + p->offset;
		return i >= 0 && i < res->nper ? i : -1;
	}
	return period_index(&res->axis, p->abs);
}

void explain_show(const struct cfg *cfg, int ind, double x, char *buf, size_t n)
{
	if (ind >= 0 && fmt_display(x, &cfg->ind[ind].fmt, buf, n) >= 0)
		return;
	if (isnan(x))
		snprintf(buf, n, "%s", FMT_MISSING);
	else
		fmt_roundtrip(x, buf, n);
}

/* The indicator whose format shows the value of e: a reference, possibly
 * at another period; else -1. */
static int shown_as(const struct expr *e)
{
	if (e->op == EXPR_AT)
		e = e->a;
	return e->op == EXPR_REF ? e->ind : -1;
}

/* "from A to B over 2013-2019" (cagr) or "from A in 2018 to B in 2019". */
static int endpoints(const struct results *res, const struct expr *e, int r, int from, int to,
		     struct explain_sb *sb)
{
	struct expr_ctx ctx;
	char a[64], b[64], pa[16], pb[16], t[200];

	if (from < 0 || to < 0)
		return -1;
	metrics_ctx(res, &ctx);
	explain_show(res->cfg, shown_as(e->args[0]), expr_eval(e->args[0], &ctx, r, from), a,
		     sizeof(a));
	explain_show(res->cfg, shown_as(e->args[0]), expr_eval(e->args[0], &ctx, r, to), b,
		     sizeof(b));
	period_format(period_at(&res->axis, from), pa, sizeof(pa));
	period_format(period_at(&res->axis, to), pb, sizeof(pb));
	if (e->fn == FN_CAGR)
		snprintf(t, sizeof(t), " from %s to %s over %s-%s", a, b, pa, pb);
	else
		snprintf(t, sizeof(t), " from %s in %s to %s in %s", a, pa, b, pb);
	add_str(sb, t);
	return 0;
}

static int pp_inputs(const struct results *res, const struct expr *e, int r, int p,
		     struct explain_sb *sb)
{
	struct expr_ctx ctx;
	char a[64], b[64], t[160];

	metrics_ctx(res, &ctx);
	explain_show(res->cfg, shown_as(e->args[0]), expr_eval(e->args[0], &ctx, r, p), a,
		     sizeof(a));
	explain_show(res->cfg, shown_as(e->args[1]), expr_eval(e->args[1], &ctx, r, p), b,
		     sizeof(b));
	snprintf(t, sizeof(t), " of %s and %s", a, b);
	add_str(sb, t);
	return 0;
}

int explain_call_inputs(const struct results *res, int ind, int r, int p, char *buf, size_t n)
{
	const struct cfg_indicator *ci = &res->cfg->ind[ind];
	const struct expr *e = ci->expr;
	struct explain_sb sb = {buf, n, 0};
	int from = -1, rc;

	if (!ci->is_derived || !e || e->op != EXPR_CALL || n == 0)
		return -1;
	switch (e->fn) {
	case FN_CAGR:
		from = explain_period_of(res, &e->pargs[0], p);
		p = explain_period_of(res, &e->pargs[1], p);
		break;
	case FN_GROWTH:
	case FN_CHANGE:
		from = explain_period_of(res, &e->pargs[0], p);
		break;
	case FN_YOY:
		from = p - period_per_year(res->axis.kind);
		break;
	case FN_PP:
		break;
	default:
		return -1;
	}
	buf[0] = '\0';
	explain_expr_text(&sb, e);
	rc = e->fn == FN_PP ? pp_inputs(res, e, r, p, &sb) : endpoints(res, e, r, from, p, &sb);
	if (rc < 0)
		buf[0] = '\0';
	return rc;
}
