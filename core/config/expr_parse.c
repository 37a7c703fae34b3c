#include "core/config/expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/suggest.h"
#include "core/util/utf8.h"

/*
 * The formula lexer and recursive-descent parser. Errors stop the parse at
 * the first problem (a formula is short; its position is what the user
 * needs). Positions are code-point offsets, counted by the lexer as it
 * goes, so the config loader can turn them into file:line:col.
 */

/* The functions: name, arity and which argument slots are not ordinary
 * expressions. Indexed by enum expr_func. */
enum slot_kind { SLOTS_PLAIN, SLOTS_NAME, SLOTS_ORDER };

static const struct func_info {
	const char *name;
	signed char min, max;  /* max -1: any number */
	unsigned char periods; /* bit k: argument k is a period literal */
	unsigned char kind;    /* enum slot_kind */
} funcs[EXPR_NFUNC] = {
	[FN_IF] = { "if", 3, 3, 0, SLOTS_PLAIN },
	[FN_MIN] = { "min", 2, -1, 0, SLOTS_PLAIN },
	[FN_MAX] = { "max", 2, -1, 0, SLOTS_PLAIN },
	[FN_ABS] = { "abs", 1, 1, 0, SLOTS_PLAIN },
	[FN_ROUND] = { "round", 1, 2, 0, SLOTS_PLAIN },
	[FN_CHANGE] = { "change", 1, 2, 2, SLOTS_PLAIN },
	[FN_YOY] = { "yoy", 1, 1, 0, SLOTS_PLAIN },
	[FN_GROWTH] = { "growth", 2, 2, 2, SLOTS_PLAIN },
	[FN_CAGR] = { "cagr", 3, 3, 6, SLOTS_PLAIN },
	[FN_MEAN_GROWTH] = { "mean_growth", 3, 3, 6, SLOTS_PLAIN },
	[FN_PP] = { "pp", 2, 2, 0, SLOTS_PLAIN },
	[FN_SHARE] = { "share", 1, 1, 0, SLOTS_PLAIN },
	[FN_RANK] = { "rank", 1, 2, 0, SLOTS_ORDER },
	[FN_SUM_CHILDREN] = { "sum_children", 1, 1, 0, SLOTS_PLAIN },
	[FN_MEAN_CHILDREN] = { "mean_children", 1, 1, 0, SLOTS_PLAIN },
	[FN_COUNT_CHILDREN] = { "count_children", 1, 1, 0, SLOTS_PLAIN },
	[FN_PARENT] = { "parent", 1, 1, 0, SLOTS_PLAIN },
	[FN_TARGET] = { "target", 1, 1, 0, SLOTS_NAME },
	[FN_PROGRESS] = { "progress", 1, 1, 0, SLOTS_NAME },
	[FN_STATUS] = { "status", 1, 1, 0, SLOTS_NAME },
	[FN_MISSING] = { "missing", 1, 1, 0, SLOTS_PLAIN },
	[FN_COALESCE] = { "coalesce", 2, -1, 0, SLOTS_PLAIN },
};

const char *expr_func_name(enum expr_func fn)
{
	return (int)fn >= 0 && (int)fn < EXPR_NFUNC ? funcs[fn].name : "?";
}

int expr_func_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < EXPR_NFUNC; i++)
		if (strlen(funcs[i].name) == len && memcmp(funcs[i].name, name, len) == 0)
			return i;
	return -1;
}

enum tok_kind {
	T_EOF, T_NUM, T_NAME, T_STR, T_LP, T_RP, T_COMMA, T_AT,
	/* binary operators, in the order of priority[] */
	T_OR, T_AND, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET,
	T_NOT
};

/*
 * Operator precedence, the one place it is defined (as Lua lparser.c
 * priority[]): a binary operator binds when its left priority is above the
 * current limit, and its right operand is parsed with the right priority.
 * right < left makes '^' right-associative. Unary '-' sits between '*'
 * and '^' (so -2^2 is -(2^2)); 'not' sits between 'and' and the
 * comparisons (so not a < b is not (a < b)).
 */
static const struct {
	unsigned char left, right;
	enum expr_op op;
} priority[] = {
	[T_OR] = { 1, 1, EXPR_OR },
	[T_AND] = { 2, 2, EXPR_AND },
	[T_EQ] = { 4, 4, EXPR_EQ },
	[T_NE] = { 4, 4, EXPR_NE },
	[T_LT] = { 4, 4, EXPR_LT },
	[T_LE] = { 4, 4, EXPR_LE },
	[T_GT] = { 4, 4, EXPR_GT },
	[T_GE] = { 4, 4, EXPR_GE },
	[T_PLUS] = { 5, 5, EXPR_ADD },
	[T_MINUS] = { 5, 5, EXPR_SUB },
	[T_STAR] = { 6, 6, EXPR_MUL },
	[T_SLASH] = { 6, 6, EXPR_DIV },
	[T_CARET] = { 9, 8, EXPR_POW },
};

#define NOT_PRIORITY 3   /* operand of 'not': comparisons and tighter */
#define UNARY_PRIORITY 7 /* operand of '-': '^' and tighter */
#define CMP_PRIORITY 4

struct token {
	enum tok_kind kind;
	size_t off, len; /* bytes in the text */
	int pos;         /* code points */
	double num;
};

struct parser {
	const char *s;
	size_t len;
	size_t i;  /* next unread byte */
	int cp;    /* code-point offset of s[i] */
	struct token tok;
	int depth;
	int failed;
	struct arena *a;
	struct expr_error *err;
};

static int fail(struct parser *p, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, int pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = 1;
	p->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Move n bytes on, counting code points by their lead bytes. */
static void skip(struct parser *p, size_t n)
{
	for (; n > 0 && p->i < p->len; n--, p->i++)
		if (((unsigned char)p->s[p->i] & 0xC0) != 0x80)
			p->cp++;
}

static int peekc(const struct parser *p, size_t k)
{
	return p->i + k < p->len ? (unsigned char)p->s[p->i + k] : 0;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The one rule for names (utf8_is_name_char): letters of the scripts in
 * utf8.c's table, ASCII digits and '_'. Full-width punctuation and forms
 * are not letters, so that "（" or "Ａ" gets its own clear message. */
static int is_name_cp(unsigned cp)
{
	return utf8_is_name_char(cp);
}

/* Length of the code point at s[i] if it may continue a name, else 0. */
static int name_char_len(const struct parser *p, size_t i)
{
	unsigned cp;
	int n;

	if (i >= p->len)
		return 0;
	n = utf8_decode(p->s + i, p->len - i, &cp);
	return n > 0 && is_name_cp(cp) ? n : 0;
}

static void skip_space(struct parser *p)
{
	while (p->i < p->len && p->s[p->i] && strchr(" \t\r\n", p->s[p->i]))
		skip(p, 1);
}

static int lex_number(struct parser *p)
{
	size_t j = p->i;
	char buf[96];

	while (j < p->len && is_digit((unsigned char)p->s[j]))
		j++;
	if (j < p->len && p->s[j] == '.')
		for (j++; j < p->len && is_digit((unsigned char)p->s[j]); j++)
			;
	if (j < p->len && (p->s[j] == 'e' || p->s[j] == 'E')) {
		size_t k = j + 1;
		if (k < p->len && (p->s[k] == '+' || p->s[k] == '-'))
			k++;
		if (k < p->len && is_digit((unsigned char)p->s[k]))
			for (j = k; j < p->len && is_digit((unsigned char)p->s[j]); j++)
				;
	}
	while (name_char_len(p, j) > 0 || (j < p->len && p->s[j] == '.'))
		j += (size_t)(p->s[j] == '.' ? 1 : name_char_len(p, j));
	p->tok.len = j - p->i;
	if (p->tok.len >= sizeof(buf))
		return fail(p, p->cp, "number '%.20s...' is too long", p->s + p->i);
	memcpy(buf, p->s + p->i, p->tok.len);
	buf[p->tok.len] = '\0';
	{
		char *end;
		p->tok.num = strtod(buf, &end);
		if (*end != '\0')
			return fail(p, p->cp, "malformed number '%s'", buf);
	}
	if (!isfinite(p->tok.num))
		return fail(p, p->cp, "number '%s' is out of range", buf);
	p->tok.kind = T_NUM;
	skip(p, p->tok.len);
	return 0;
}

static int lex_name(struct parser *p)
{
	size_t j = p->i;
	int n;

	while ((n = name_char_len(p, j)) > 0)
		j += (size_t)n;
	p->tok.len = j - p->i;
	p->tok.kind = T_NAME;
	if (p->tok.len == 3 && memcmp(p->s + p->i, "and", 3) == 0)
		p->tok.kind = T_AND;
	else if (p->tok.len == 2 && memcmp(p->s + p->i, "or", 2) == 0)
		p->tok.kind = T_OR;
	else if (p->tok.len == 3 && memcmp(p->s + p->i, "not", 3) == 0)
		p->tok.kind = T_NOT;
	skip(p, p->tok.len);
	return 0;
}

static int lex_string(struct parser *p)
{
	size_t j = p->i + 1;

	while (j < p->len && p->s[j] != '"' && p->s[j] != '\n')
		j++;
	if (j >= p->len || p->s[j] != '"')
		return fail(p, p->cp, "unterminated string");
	p->tok.kind = T_STR;
	p->tok.len = j + 1 - p->i;
	skip(p, p->tok.len);
	return 0;
}

/* Operators of one or two characters, and the usual slips from other
 * languages with the word to write instead. */
static int lex_operator(struct parser *p)
{
	static const struct {
		const char *text;
		enum tok_kind kind;
	} ops[] = {
		{ "<=", T_LE }, { ">=", T_GE }, { "==", T_EQ }, { "!=", T_NE },
		{ "<", T_LT }, { ">", T_GT }, { "+", T_PLUS }, { "-", T_MINUS },
		{ "*", T_STAR }, { "/", T_SLASH }, { "^", T_CARET }, { "(", T_LP },
		{ ")", T_RP }, { ",", T_COMMA }, { "@", T_AT },
	};
	static const struct {
		const char *text, *hint;
	} slips[] = {
		{ "&&", "and" }, { "||", "or" }, { "<>", "!=" }, { "**", "^" },
		{ "=", "==" }, { "!", "not" }, { "&", "and" }, { "|", "or" },
	};
	size_t k, n, left = p->len - p->i;

	/* Two-character slips first ("<>" is not "<" then ">"), then the
	 * operators, longest first, then the one-character slips. */
	for (k = 0; k < sizeof(slips) / sizeof(slips[0]); k++) {
		n = strlen(slips[k].text);
		if (n == 2 && n <= left && memcmp(p->s + p->i, slips[k].text, n) == 0)
			return fail(p, p->cp, "unexpected '%s': write '%s'", slips[k].text,
				    slips[k].hint);
	}
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		n = strlen(ops[k].text);
		if (n <= left && memcmp(p->s + p->i, ops[k].text, n) == 0) {
			p->tok.kind = ops[k].kind;
			p->tok.len = n;
			skip(p, n);
			return 0;
		}
	}
	for (k = 0; k < sizeof(slips) / sizeof(slips[0]); k++)
		if (p->s[p->i] == slips[k].text[0] && slips[k].text[1] == '\0')
			return fail(p, p->cp, "unexpected '%s': write '%s'", slips[k].text,
				    slips[k].hint);
	return 1;
}

static int bad_char(struct parser *p)
{
	unsigned cp;
	int n = utf8_decode(p->s + p->i, p->len - p->i, &cp);

	if (n < 0)
		return fail(p, p->cp, "invalid UTF-8 in formula");
	if (cp < 0x20 || cp == 0x7F)
		return fail(p, p->cp, "unexpected control character U+%04X", cp);
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return fail(p, p->cp, "unexpected character '%.*s' (full width): write '%c'", n,
			    p->s + p->i, (char)(cp - 0xFEE0));
	if (cp == 0x3000)
		return fail(p, p->cp, "unexpected full-width space");
	return fail(p, p->cp, "unexpected character '%.*s'", n, p->s + p->i);
}

/* Read the next token into p->tok. */
static int next(struct parser *p)
{
	int c, r;

	skip_space(p);
	p->tok.off = p->i;
	p->tok.pos = p->cp;
	p->tok.len = 0;
	if (p->i >= p->len) {
		p->tok.kind = T_EOF;
		return 0;
	}
	c = peekc(p, 0);
	if (is_digit(c) || (c == '.' && is_digit(peekc(p, 1))))
		return lex_number(p);
	if (c == '"')
		return lex_string(p);
	if (name_char_len(p, p->i) > 0)
		return lex_name(p);
	r = lex_operator(p);
	return r <= 0 ? r : bad_char(p);
}

static struct expr *new_node(struct parser *p, enum expr_op op, int pos)
{
	struct expr *e = arena_zalloc(p->a, sizeof(*e));

	e->op = op;
	e->pos = pos;
	e->ind = -1;
	return e;
}

/* Text of the current token for messages. */
static const char *tok_text(const struct parser *p, int *n)
{
	*n = (int)(p->tok.len > 40 ? 40 : p->tok.len);
	return p->s + p->tok.off;
}

static int unexpected(struct parser *p, const char *after)
{
	int n;
	const char *t = tok_text(p, &n);

	if (p->tok.kind == T_EOF)
		return fail(p, p->tok.pos, "unexpected end of formula");
	if (after && (p->tok.kind == T_NUM || p->tok.kind == T_NAME || p->tok.kind == T_LP))
		return fail(p, p->tok.pos, "unexpected '%.*s' %s", n, t, after);
	return fail(p, p->tok.pos, "unexpected '%.*s'", n, t);
}

static const char *const number_words[] = {
	"zero", "one", "two", "three", "four", "five",
	"six", "seven", "eight", "nine", "ten",
};

/* A positive integer below 1000 where a period belongs is almost always a
 * relative period written without its minus sign. */
static int not_a_year(struct parser *p, int pos, long v)
{
	char words[24];

	if (v <= 10)
		snprintf(words, sizeof(words), "%s", number_words[v]);
	else
		snprintf(words, sizeof(words), "%ld", v);
	return fail(p, pos, "period '%ld' is not a year: write -%ld for %s period%s back", v, v,
		    words, v == 1 ? "" : "s");
}

/* The end of a period literal must not run on into a name or number. */
static int period_end(struct parser *p, size_t start, int pos)
{
	size_t j = p->i;

	if (name_char_len(p, j) == 0 && !(j < p->len && p->s[j] == '.'))
		return 0;
	while (name_char_len(p, j) > 0 || (j < p->len && p->s[j] && strchr(".-", p->s[j])))
		j += (size_t)(name_char_len(p, j) > 0 ? name_char_len(p, j) : 1);
	return fail(p, pos, "'%.*s' is not a period (write 2019, 2019Q3, 2019-03 or -1)",
		    (int)(j - start > 40 ? 40 : j - start), p->s + start);
}

/* YEAR | YEAR 'Q' DIGIT | YEAR '-' MONTH, at p->i with ndig digits of
 * value v read. */
static int period_absolute(struct parser *p, struct expr_period *out, size_t ndig, long v,
			   int pos)
{
	size_t start = p->i, n = ndig;
	int q = peekc(p, ndig);

	if (ndig != 4 || v < 1000) {
		if (v > 0 && v < 1000)
			return not_a_year(p, pos, v);
		return fail(p, pos, "period '%.*s' is not a year (years run from 1000 to 9999)",
			    (int)(ndig > 20 ? 20 : ndig), p->s + start);
	}
	if ((q == 'Q' || q == 'q') && is_digit(peekc(p, 5)))
		n = 6;
	else if (q == '-' && is_digit(peekc(p, 5)) && is_digit(peekc(p, 6)) &&
		 !is_digit(peekc(p, 7)))
		n = 7;
	if (period_parse(p->s + start, n, &out->abs) < 0)
		return fail(p, pos, "'%.*s' is not a period: the %s must be %s", (int)n,
			    p->s + start, n == 6 ? "quarter" : "month",
			    n == 6 ? "1 to 4" : "01 to 12");
	out->relative = 0;
	skip(p, n);
	return period_end(p, start, pos);
}

/* period := YEAR | YEAR 'Q' DIGIT | YEAR '-' MONTH | '-' INT | '0'
 * Read straight from the text (not through next()): "2019Q3" and
 * "2019-03" are single literals here. `what` names the place for the
 * message. The token after the period is not read yet. */
static int period_lit(struct parser *p, struct expr_period *out, const char *what)
{
	size_t start, ndig = 0;
	long v = 0;
	int pos, neg = 0;

	skip_space(p);
	start = p->i;
	pos = p->cp;
	if (peekc(p, 0) == '-' && is_digit(peekc(p, 1)))
		neg = 1;
	while (is_digit(peekc(p, neg + ndig))) {
		if (v < 100000000)
			v = v * 10 + (peekc(p, neg + ndig) - '0');
		ndig++;
	}
	if (ndig == 0) {
		if (p->i >= p->len)
			return fail(p, pos, "unexpected end of formula: expected a period %s", what);
		return fail(p, pos, "expected a period %s (e.g. 2013, 2019Q3, 2019-03 or -1)", what);
	}
	if (!neg && v != 0)
		return period_absolute(p, out, ndig, v, pos);
	if (v > 100000)
		return fail(p, pos, "period offset '%.*s' is out of range", (int)(ndig + 1),
			    p->s + start);
	out->relative = 1;
	out->offset = (int)-v;
	skip(p, (size_t)neg + ndig);
	return period_end(p, start, pos);
}

static struct expr *subexpr(struct parser *p, int limit);

/* Grow an argument list in the arena (doubling bounds the waste). */
static struct expr **push_arg(struct parser *p, struct expr **args, int n, int *cap,
			      struct expr *e)
{
	if (n == *cap) {
		struct expr **bigger;
		*cap = *cap ? *cap * 2 : 4;
		bigger = arena_alloc(p->a, (size_t)*cap * sizeof(*bigger));
		if (n)
			memcpy(bigger, args, (size_t)n * sizeof(*bigger));
		args = bigger;
	}
	args[n] = e;
	return args;
}

static int unknown_function(struct parser *p, const char *name, size_t len, int pos)
{
	struct suggest sg;
	int i;

	suggest_init(&sg, name, len);
	for (i = 0; i < EXPR_NFUNC; i++)
		suggest_consider(&sg, funcs[i].name);
	if (sg.pick)
		return fail(p, pos, "unknown function '%.*s' (did you mean '%s'?)", (int)len, name,
			    sg.pick);
	return fail(p, pos, "unknown function '%.*s'", (int)len, name);
}

static int check_arity(struct parser *p, const struct func_info *f, int got, int pos)
{
	char want[48];

	if (got >= f->min && (f->max < 0 || got <= f->max))
		return 0;
	if (f->max < 0)
		snprintf(want, sizeof(want), "at least %d arguments", f->min);
	else if (f->min == f->max)
		snprintf(want, sizeof(want), "%d argument%s", f->min, f->min == 1 ? "" : "s");
	else
		snprintf(want, sizeof(want), "%d or %d arguments", f->min, f->max);
	return fail(p, pos, "'%s' takes %s, got %d", f->name, want, got);
}

/* rank's order: the string "asc" or "desc". */
static int order_arg(struct parser *p, struct expr *call)
{
	const char *t = p->s + p->tok.off + 1;
	size_t n = p->tok.len - 2;

	if (p->tok.kind != T_STR)
		return fail(p, p->tok.pos, "the order of 'rank' must be \"asc\" or \"desc\"");
	if (n == 3 && memcmp(t, "asc", 3) == 0)
		call->asc = 1;
	else if (!(n == 4 && memcmp(t, "desc", 4) == 0))
		return fail(p, p->tok.pos, "the order of 'rank' must be \"asc\" or \"desc\", got \"%.*s\"",
			    (int)(n > 20 ? 20 : n), t);
	return next(p);
}

/* arg := expr | period | STRING, by the slot (k is 0-based), with the
 * token before the argument ('(' or ','). Reads the token after it. For
 * k == 0, *first gets where the argument starts, or -1 for "f()". */
static int call_arg(struct parser *p, struct expr *call, const struct func_info *f, int k,
		    int *cap, int *first)
{
	struct expr *e;
	char what[48];

	if (k < 8 && (f->periods >> k & 1)) {
		snprintf(what, sizeof(what), "as argument %d of '%s'", k + 1, f->name);
		if (period_lit(p, &call->pargs[k == 2], what) < 0)
			return -1;
		return next(p);
	}
	if (next(p) < 0)
		return -1;
	if (k == 0)
		*first = p->tok.kind == T_RP ? -1 : p->tok.pos;
	if (k == 0 && p->tok.kind == T_RP)
		return 0;
	if (k == 1 && f->kind == SLOTS_ORDER)
		return order_arg(p, call);
	if (!(e = subexpr(p, 0)))
		return -1;
	call->args = push_arg(p, call->args, call->nargs, cap, e);
	call->nargs++;
	return 0;
}

/* NAME '(' [ arg { ',' arg } ] ')', with the current token '(' */
static struct expr *call(struct parser *p, const char *name, size_t len, int pos)
{
	int fn = expr_func_find(name, len), open = p->tok.pos, cap = 0, k, first = -1;
	const struct func_info *f;
	struct expr *e;

	if (fn < 0)
		return unknown_function(p, name, len, pos), NULL;
	f = &funcs[fn];
	e = new_node(p, EXPR_CALL, pos);
	e->fn = (enum expr_func)fn;
	e->name = f->name;
	e->pargs[0].relative = 1;
	e->pargs[0].offset = -1;
	for (k = 0;; k++) {
		if (call_arg(p, e, f, k, &cap, &first) < 0)
			return NULL;
		if (p->tok.kind == T_RP)
			break;
		if (p->tok.kind != T_COMMA && k < 8 && (f->periods >> k & 1))
			return fail(p, p->tok.pos, "expected ',' or ')' after the period: a period "
				    "argument is a literal such as 2019 or -1"), NULL;
		if (p->tok.kind != T_COMMA)
			return fail(p, p->tok.pos, "expected ')' to close '(' at %d", open + 1), NULL;
	}
	if (check_arity(p, f, first < 0 ? 0 : k + 1, pos) < 0)
		return NULL;
	if (f->kind == SLOTS_NAME && e->args[0]->op != EXPR_REF)
		return fail(p, first, "'%s' needs an indicator name, e.g. %s(poverty_rate)",
			    f->name, f->name), NULL;
	return next(p) < 0 ? NULL : e;
}

/* primary := NUMBER | NAME | NAME '(' [ arg { ',' arg } ] ')' | '(' expr ')' */
static struct expr *primary(struct parser *p)
{
	struct expr *e;
	struct token t = p->tok;

	switch (t.kind) {
	case T_NUM:
		e = new_node(p, EXPR_NUM, t.pos);
		e->num = t.num;
		return next(p) < 0 ? NULL : e;
	case T_NAME:
		if (next(p) < 0)
			return NULL;
		if (p->tok.kind == T_LP)
			return call(p, p->s + t.off, t.len, t.pos);
		e = new_node(p, EXPR_REF, t.pos);
		e->name = arena_strndup(p->a, p->s + t.off, t.len);
		return e;
	case T_LP:
		if (next(p) < 0 || !(e = subexpr(p, 0)))
			return NULL;
		if (p->tok.kind != T_RP)
			return fail(p, p->tok.pos, "expected ')' to close '(' at %d", t.pos + 1), NULL;
		return next(p) < 0 ? NULL : e;
	case T_STR:
		return fail(p, t.pos, "unexpected string: only rank(x, \"asc\") takes one"), NULL;
	default:
		return unexpected(p, NULL), NULL;
	}
}

/* postfix := primary [ '@' period ] */
static struct expr *postfix(struct parser *p)
{
	struct expr *e = primary(p), *at;

	if (!e || p->tok.kind != T_AT)
		return e;
	at = new_node(p, EXPR_AT, p->tok.pos);
	at->a = e;
	if (period_lit(p, &at->at, "after '@'") < 0 || next(p) < 0)
		return NULL;
	return at;
}

static int binop(enum tok_kind k)
{
	return k >= T_OR && k <= T_CARET;
}

/* Operators by precedence climbing over priority[]:
 *   expr := [ '-' | 'not' ] postfix { BINOP expr } */
static struct expr *subexpr(struct parser *p, int limit)
{
	struct expr *e, *r;
	int pos = p->tok.pos, last_cmp = 0;

	if (++p->depth > EXPR_MAX_DEPTH)
		return fail(p, pos, "formula is nested too deeply (limit %d)", EXPR_MAX_DEPTH), NULL;
	if (p->tok.kind == T_MINUS || p->tok.kind == T_NOT) {
		int is_not = p->tok.kind == T_NOT;
		if (is_not && limit > NOT_PRIORITY)
			return fail(p, pos, "'not' needs parentheses here: write (not ...)"), NULL;
		if (next(p) < 0 || !(r = subexpr(p, is_not ? NOT_PRIORITY : UNARY_PRIORITY)))
			return NULL;
		e = new_node(p, is_not ? EXPR_NOT : EXPR_NEG, pos);
		e->a = r;
	} else if (!(e = postfix(p))) {
		return NULL;
	}
	while (binop(p->tok.kind) && priority[p->tok.kind].left > limit) {
		enum tok_kind k = p->tok.kind;
		int cmp = priority[k].left == CMP_PRIORITY;
		if (cmp && last_cmp)
			return fail(p, p->tok.pos,
				    "comparisons do not chain: write (a < b) and (b < c)"), NULL;
		last_cmp = cmp;
		r = new_node(p, priority[k].op, p->tok.pos);
		r->a = e;
		if (next(p) < 0 || !(r->b = subexpr(p, priority[k].right)))
			return NULL;
		e = r;
	}
	p->depth--;
	return e;
}

struct expr *expr_parse(const char *text, size_t len, struct arena *a, struct expr_error *err)
{
	struct parser p;
	struct expr *e;
	size_t bad;

	memset(&p, 0, sizeof(p));
	memset(err, 0, sizeof(*err));
	p.s = text;
	p.len = len;
	p.a = a;
	p.err = err;
	p.depth = -1; /* the whole formula is level 0: 64 nested '(' are fine */
	if (len > EXPR_MAX_LEN)
		return fail(&p, 0, "formula is too long (%zu bytes, limit %d)", len, EXPR_MAX_LEN),
		       NULL;
	if ((bad = utf8_invalid(text, len)) != (size_t)-1)
		return fail(&p, (int)utf8_count(text, bad), "invalid UTF-8 in formula"), NULL;
	if (next(&p) < 0)
		return NULL;
	if (p.tok.kind == T_EOF)
		return fail(&p, p.tok.pos, "empty formula"), NULL;
	if (!(e = subexpr(&p, 0)))
		return NULL;
	if (p.tok.kind != T_EOF)
		return unexpected(&p, "(missing operator?)"), NULL;
	return e;
}
