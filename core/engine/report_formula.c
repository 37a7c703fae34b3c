#include <stdio.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/strbuf.h"

/*
 * A formula as the reader of 指标说明 writes it: indicator names for ids,
 * × ÷ − for * / -, "2013年贫困发生率" for incidence@2013, "× 100%" for a
 * ratio made a percentage, and words for the functions, from the parsed
 * formula (not its text), so what is shown is what is computed.
 */

/* Functions as a reader of the appendix knows them. */
static const char *const fn_words[][2] = {
	{"cagr", "年均增长率"},     {"mean_growth", "平均增长率"}, {"growth", "增长率"},
	{"yoy", "同比增长率"},      {"change", "增减量"},          {"pp", "百分点差"},
	{"share", "占上级比重"},    {"rank", "排名"},              {"sum_children", "下级合计"},
	{"mean_children", "下级平均"}, {"count_children", "下级个数"}, {"parent", "上级值"},
	{"target", "目标值"},       {"progress", "目标进度"},      {"status", "进展状态"},
	{"if", "如果"},             {"min", "最小值"},             {"max", "最大值"},
	{"abs", "绝对值"},          {"round", "四舍五入"},         {"missing", "缺失"},
	{"coalesce", "首个非缺失值"},
};

static const char *fn_word(enum expr_func fn)
{
	const char *name = expr_func_name(fn);
	size_t i;

	for (i = 0; name && i < sizeof(fn_words) / sizeof(fn_words[0]); i++)
		if (strcmp(fn_words[i][0], name) == 0)
			return fn_words[i][1];
	return name ? name : "?";
}

/* Binding strength of an operator, for parentheses. */
static int prec(const struct expr *e)
{
	switch (e->op) {
	case EXPR_OR:
	case EXPR_AND:
		return 1;
	case EXPR_EQ: case EXPR_NE: case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE:
		return 2;
	case EXPR_ADD:
	case EXPR_SUB:
		return 3;
	case EXPR_MUL:
	case EXPR_DIV:
		return 4;
	case EXPR_NEG:
	case EXPR_NOT:
		return 5;
	case EXPR_POW:
		return 6;
	default:
		return 7;
	}
}

static const char *op_word(enum expr_op op)
{
	static const char *const w[] = { [EXPR_ADD] = "＋", [EXPR_SUB] = "－",
					 [EXPR_MUL] = "×", [EXPR_DIV] = "÷",
					 [EXPR_POW] = "^", [EXPR_EQ] = "＝",
					 [EXPR_NE] = "≠", [EXPR_LT] = "＜",
					 [EXPR_LE] = "≤", [EXPR_GT] = "＞",
					 [EXPR_GE] = "≥", [EXPR_AND] = "且", [EXPR_OR] = "或" };

	return (size_t)op < sizeof(w) / sizeof(w[0]) && w[op] ? w[op] : "？";
}

static void words(struct report_ctx *r, const struct expr *e, struct strbuf *b);

static void period_words(const struct expr_period *p, struct strbuf *b)
{
	char buf[32];

	if (!p->relative)
		strbuf_addf(b, "%s年", period_format(p->abs, buf, sizeof(buf)));
	else if (p->offset == -1)
		strbuf_adds(b, "上一期");
	else if (p->offset != 0)
		strbuf_addf(b, "%s%d期", p->offset < 0 ? "前" : "后",
			    p->offset < 0 ? -p->offset : p->offset);
}

/* e, in parentheses when it binds less than its context needs. */
static void operand(struct report_ctx *r, const struct expr *e, int need, struct strbuf *b)
{
	if (prec(e) < need) {
		strbuf_adds(b, "（");
		words(r, e, b);
		strbuf_adds(b, "）");
	} else {
		words(r, e, b);
	}
}

static void call_words(struct report_ctx *r, const struct expr *e, struct strbuf *b)
{
	int i;

	switch (e->fn) {
	case FN_CAGR:
	case FN_MEAN_GROWTH:
		operand(r, e->args[0], 7, b);
		strbuf_adds(b, "的");
		period_words(&e->pargs[0], b);
		if (!e->pargs[0].relative && !e->pargs[1].relative)
			b->len -= strlen("年"); /* "2013—2019年", not "2013年—2019年" */
		strbuf_adds(b, "—");
		period_words(&e->pargs[1], b);
		strbuf_adds(b, e->fn == FN_CAGR ? "年均增长率" : "平均增长率");
		return;
	case FN_PP:
		operand(r, e->args[0], 3, b);
		strbuf_adds(b, "－");
		operand(r, e->args[1], 4, b);
		strbuf_adds(b, "（百分点）");
		return;
	case FN_GROWTH:
	case FN_CHANGE:
		operand(r, e->args[0], 7, b);
		strbuf_adds(b, "比");
		period_words(&e->pargs[0], b);
		strbuf_adds(b, e->fn == FN_GROWTH ? "的增长率" : "的增减量");
		return;
	case FN_SHARE:
		operand(r, e->args[0], 4, b);
		strbuf_adds(b, "÷上级地区的");
		operand(r, e->args[0], 7, b);
		strbuf_adds(b, "×100%");
		return;
	default:
		break;
	}
	strbuf_adds(b, fn_word(e->fn));
	strbuf_adds(b, "（");
	for (i = 0; i < e->nargs; i++) {
		if (i)
			strbuf_adds(b, "，");
		words(r, e->args[i], b);
	}
	strbuf_adds(b, "）");
}

/* x × 100 of a ratio is a percentage: "（a ÷ b）× 100%". */
static int percent(struct report_ctx *r, const struct expr *e, struct strbuf *b)
{
	if (e->op != EXPR_MUL || e->b->op != EXPR_NUM || e->b->num != 100 ||
	    e->a->op != EXPR_DIV)
		return 0;
	operand(r, e->a, 7, b);
	strbuf_adds(b, "×100%");
	return 1;
}

static void words(struct report_ctx *r, const struct expr *e, struct strbuf *b)
{
	char num[64];

	switch (e->op) {
	case EXPR_NUM:
		fmt_roundtrip(e->num, num, sizeof(num));
		strbuf_adds(b, num);
		return;
	case EXPR_REF:
		strbuf_adds(b, e->ind >= 0 ? r->cfg->ind[e->ind].name : "?");
		return;
	case EXPR_AT:
		period_words(&e->at, b);
		operand(r, e->a, 7, b);
		return;
	case EXPR_NEG:
	case EXPR_NOT:
		strbuf_adds(b, e->op == EXPR_NEG ? "－" : "非");
		operand(r, e->a, 5, b);
		return;
	case EXPR_CALL:
		call_words(r, e, b);
		return;
	case EXPR_POW: /* "^" is a programmer's sign */
		operand(r, e->a, 7, b);
		strbuf_adds(b, "的");
		operand(r, e->b, 7, b);
		strbuf_adds(b, "次方");
		return;
	default:
		break;
	}
	if (percent(r, e, b))
		return;
	operand(r, e->a, prec(e), b);
	strbuf_adds(b, op_word(e->op));
	/* a − (b − c), a ÷ (b × c): the right side of a left-associative
	 * operator needs parentheses at its own level */
	operand(r, e->b, prec(e) + (e->op != EXPR_POW), b);
}

const char *report_formula_words(struct report_ctx *r, const struct expr *e)
{
	struct strbuf b = {0};
	const char *s;

	words(r, e, &b);
	s = arena_strdup(r->a, b.s ? b.s : "");
	strbuf_release(&b);
	return s;
}
