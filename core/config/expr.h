#ifndef PROGREP_EXPR_H
#define PROGREP_EXPR_H

#include <stddef.h>

#include "core/util/period.h"

struct arena;
struct cfg;
struct regions;

/*
 * Formulas: lexer, parser (text -> AST) and evaluator. docs/formulas.md is
 * the user's reference. Grammar, loosest first:
 *
 *   expr    := or
 *   or      := and { 'or' and }
 *   and     := not { 'and' not }
 *   not     := 'not' not | cmp
 *   cmp     := add [ ('<' | '<=' | '>' | '>=' | '==' | '!=') add ]
 *   add     := mul { ('+' | '-') mul }
 *   mul     := unary { ('*' | '/') unary }
 *   unary   := '-' unary | pow
 *   pow     := postfix [ '^' unary ]            (right-associative)
 *   postfix := primary [ '@' period ]
 *   primary := NUMBER | NAME | NAME '(' [ arg { ',' arg } ] ')' | '(' expr ')'
 *   arg     := expr | period | STRING    (by the function and slot, below)
 *   period  := YEAR | YEAR 'Q' DIGIT | YEAR '-' MONTH | '-' INT | '0'
 *
 * Operator precedence lives in one table in expr_parse.c. Comparisons do
 * not chain (a < b < c is an error). A period is a literal, never an
 * expression: after '@' and in the period slots of change (2nd), growth
 * (2nd), cagr and mean_growth (2nd and 3rd). rank's 2nd argument is the
 * string "asc" or "desc"; target, progress and status take an indicator
 * name.
 *
 * Missing values are NaN inside the evaluator and in the value cube;
 * every operation on a missing value gives missing, and so do division by
 * zero and any other non-finite result. Nothing non-finite but NaN ever
 * leaves the evaluator, and callers show NaN as missing.
 */

enum expr_op {
	EXPR_NUM,
	EXPR_REF,  /* an indicator */
	EXPR_AT,   /* a @ period: evaluate a at another period */
	EXPR_NEG,
	EXPR_NOT,
	EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV, EXPR_POW,
	EXPR_EQ, EXPR_NE, EXPR_LT, EXPR_LE, EXPR_GT, EXPR_GE,
	EXPR_AND, EXPR_OR,
	EXPR_CALL
};

enum expr_func {
	FN_IF,            /* if(c, a, b) */
	FN_MIN, FN_MAX,   /* min(a, b, ...), max(a, b, ...) */
	FN_ABS,           /* abs(x) */
	FN_ROUND,         /* round(x, n): decimal half-up */
	FN_CHANGE,        /* change(x [, p]): x - x@p, p default -1 */
	FN_YOY,           /* yoy(x): (x / x a year earlier - 1) * 100 */
	FN_GROWTH,        /* growth(x, p): (x / x@p - 1) * 100 */
	FN_CAGR,          /* cagr(x, from, to): compound annual growth, % */
	FN_MEAN_GROWTH,   /* mean_growth(x, from, to): mean period growth, % */
	FN_PP,            /* pp(a, b): a - b, in percentage points */
	FN_SHARE,         /* share(x): x / x at the parent * 100 */
	FN_RANK,          /* rank(x [, "asc"]): 1 = largest among siblings */
	FN_SUM_CHILDREN,  /* sum_children(x) */
	FN_MEAN_CHILDREN, /* mean_children(x) */
	FN_COUNT_CHILDREN,/* count_children(cond): children where cond is true */
	FN_PARENT,        /* parent(x): x at the parent region */
	FN_TARGET,        /* target(x): the target value of indicator x */
	FN_PROGRESS,      /* progress(x): % of the way from baseline to target */
	FN_STATUS,        /* status(x): 2 on track, 1 at risk, 0 off track */
	FN_MISSING,       /* missing(x): 1 if x is missing, else 0 */
	FN_COALESCE       /* coalesce(a, b, ...): the first that is not missing */
};

/* A period in a formula: absolute (x@2013) or relative (x@-1). */
struct expr_period {
	int relative;
	int offset;       /* relative */
	struct period abs;
};

struct expr {
	enum expr_op op;
	int pos;              /* code-point offset of the node in the formula */
	double num;           /* EXPR_NUM */
	const char *name;     /* EXPR_REF: the name as written; EXPR_CALL: function */
	int ind;              /* EXPR_REF: indicator index once resolved, else -1 */
	struct expr_period at;/* EXPR_AT */
	enum expr_func fn;    /* EXPR_CALL */
	struct expr **args;   /* EXPR_CALL */
	int nargs;
	struct expr *a, *b;   /* operands (EXPR_AT: a) */
	/* EXPR_CALL with period slots: change/growth use pargs[0] (change's
	 * default is -1), cagr/mean_growth use pargs[0] = from, pargs[1] = to.
	 * Those periods are not in args: args holds only the expressions
	 * (e.g. cagr has nargs == 1). */
	struct expr_period pargs[2];
	int asc;              /* FN_RANK: 1 for "asc" (1 = smallest), else 0 */
};

struct expr_error {
	int pos;              /* code-point offset of the offending token */
	char msg[160];        /* e.g. "expected ')' to close '(' at 1": a
				 position inside a message is 1-based (the
				 column when the formula is one line) */
};

/* Limits of expr_parse. */
#define EXPR_MAX_LEN 4096
#define EXPR_MAX_DEPTH 64

/* Parse text (UTF-8, len bytes) into an AST in a. Returns NULL and fills
 * *err on a syntax error, an unknown function, a wrong number of
 * arguments, or a bad period. Limits: 4096 bytes, nesting depth 64. */
struct expr *expr_parse(const char *text, size_t len, struct arena *a, struct expr_error *err);

/* Maps a reference to an indicator index, or -1 when the name is unknown;
 * the resolver reports the problem itself (it knows where the formula sits
 * in the config), using ref->name and ref->pos. */
typedef int (*expr_resolver)(void *user, const struct expr *ref);

/* Resolve every EXPR_REF (all of them, not stopping at the first unknown).
 * Returns 0, or -1 if any name was unknown. */
int expr_resolve(struct expr *e, expr_resolver resolve, void *user);

/* Call fn for every indicator index the formula reads (for dependency
 * order and for explain). */
void expr_deps(const struct expr *e, void (*fn)(void *user, int ind), void *user);

/* What the evaluator reads. cube is [ind][region][period], NaN = missing. */
struct expr_memo;

struct expr_ctx {
	const double *cube;
	size_t nreg;
	int nper;
	const struct regions *reg;
	struct period_axis axis;
	const struct cfg *cfg;  /* targets, for target()/progress()/status() */
	/* Sorted sibling values for rank(), kept across calls so that ranking
	 * every region costs O(n log n), not O(n^2). NULL: each call scans the
	 * siblings (fine for one figure). Valid only while the values rank()
	 * reads do not change: metrics makes one per derived indicator. */
	struct expr_memo *memo;
	/* Counts results that overflowed to infinity (and became missing);
	 * NULL: not counted. */
	size_t *overflows;
};

/* A memo for expr_ctx.memo (see there); expr_memo_free(NULL) is a no-op. */
struct expr_memo *expr_memo_new(void);
void expr_memo_free(struct expr_memo *m);

/* Evaluate at one region and period index. Returns the value or NaN. */
double expr_eval(const struct expr *e, const struct expr_ctx *ctx, int region, int period);

/* Shared with metrics: progress and status of indicator ind's target at a
 * cell (NaN when there is no target or data is missing). */
double expr_progress(const struct expr_ctx *ctx, int ind, int region, int period);
double expr_status(const struct expr_ctx *ctx, int ind, int region, int period);

/* Function name -> id and arity, for docs and tests. */
const char *expr_func_name(enum expr_func fn);
/* The function called name[0..len), or -1. */
int expr_func_find(const char *name, size_t len);
/* Number of functions (FN_COALESCE + 1). */
#define EXPR_NFUNC ((int)FN_COALESCE + 1)

/* Write e fully parenthesised as an S-expression, e.g. "(+ 2 (* 3 (^ 4
 * 2)))", "(@ x 2013)", "(cagr x 2015 2019)", "(@ x -1)", for tests and
 * `explain`. Truncates to fit n (always NUL-terminated when n > 0).
 * Returns the length the full text would have. */
size_t expr_sexp(const struct expr *e, char *buf, size_t n);

#endif
