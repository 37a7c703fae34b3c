#include "core/config/expr.h"

#include <stdarg.h>
#include <stdio.h>

/*
 * Walks over a parsed formula that need neither the parser nor the
 * evaluator: name resolution, dependencies, and the S-expression dump.
 */

static void resolve_walk(struct expr *e, expr_resolver resolve, void *user, int *rc)
{
	int i;

	if (!e)
		return;
	if (e->op == EXPR_REF) {
		e->ind = resolve(user, e);
		if (e->ind < 0)
			*rc = -1;
		return;
	}
	resolve_walk(e->a, resolve, user, rc);
	resolve_walk(e->b, resolve, user, rc);
	for (i = 0; i < e->nargs; i++)
		resolve_walk(e->args[i], resolve, user, rc);
}

int expr_resolve(struct expr *e, expr_resolver resolve, void *user)
{
	int rc = 0;

	resolve_walk(e, resolve, user, &rc);
	return rc;
}

void expr_deps(const struct expr *e, void (*fn)(void *user, int ind), void *user)
{
	int i;

	if (!e)
		return;
	if (e->op == EXPR_REF) {
		if (e->ind >= 0)
			fn(user, e->ind);
		return;
	}
	expr_deps(e->a, fn, user);
	expr_deps(e->b, fn, user);
	for (i = 0; i < e->nargs; i++)
		expr_deps(e->args[i], fn, user);
}

/* A bounded writer that still counts what would not fit. */
struct out {
	char *buf;
	size_t n, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(o->len < o->n ? o->buf + o->len : NULL, o->len < o->n ? o->n - o->len : 0,
		      fmt, ap);
	va_end(ap);
	if (r > 0)
		o->len += (size_t)r;
}

static void put_period(struct out *o, const struct expr_period *p)
{
	char buf[16];

	if (p->relative)
		put(o, " %d", p->offset);
	else
		put(o, " %s", period_format(p->abs, buf, sizeof(buf)));
}

static const char *const op_text[] = {
	[EXPR_NEG] = "-", [EXPR_NOT] = "not", [EXPR_ADD] = "+", [EXPR_SUB] = "-",
	[EXPR_MUL] = "*", [EXPR_DIV] = "/", [EXPR_POW] = "^", [EXPR_EQ] = "==",
	[EXPR_NE] = "!=", [EXPR_LT] = "<", [EXPR_LE] = "<=", [EXPR_GT] = ">",
	[EXPR_GE] = ">=", [EXPR_AND] = "and", [EXPR_OR] = "or",
};

static void sexp(struct out *o, const struct expr *e)
{
	int i, nper;

	switch (e->op) {
	case EXPR_NUM:
		put(o, "%.15g", e->num);
		return;
	case EXPR_REF:
		put(o, "%s", e->name);
		return;
	case EXPR_AT:
		put(o, "(@ ");
		sexp(o, e->a);
		put_period(o, &e->at);
		put(o, ")");
		return;
	case EXPR_CALL:
		put(o, "(%s", expr_func_name(e->fn));
		for (i = 0; i < e->nargs; i++) {
			put(o, " ");
			sexp(o, e->args[i]);
		}
		nper = e->fn == FN_CHANGE || e->fn == FN_GROWTH ? 1
		       : e->fn == FN_CAGR || e->fn == FN_MEAN_GROWTH ? 2 : 0;
		for (i = 0; i < nper; i++)
			put_period(o, &e->pargs[i]);
		if (e->fn == FN_RANK && e->asc)
			put(o, " \"asc\"");
		put(o, ")");
		return;
	default:
		put(o, "(%s ", op_text[e->op]);
		sexp(o, e->a);
		if (e->b) {
			put(o, " ");
			sexp(o, e->b);
		}
		put(o, ")");
		return;
	}
}

size_t expr_sexp(const struct expr *e, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };

	if (n > 0)
		buf[0] = '\0';
	if (e)
		sexp(&o, e);
	return o.len;
}
