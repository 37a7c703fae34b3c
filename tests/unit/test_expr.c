#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/config/expr.h"
#include "core/data/regions.h"

/*
 * A hand-built world: regions
 *   R ─┬─ A ─┬─ A1
 *      │     └─ A2
 *      ├─ B
 *      └─ C
 * years 2013..2020, indicators x, y, m (m always missing), t (has a
 * target). Each test fills the cells it needs.
 */
enum { R, A, A1, A2, B, C, NREG };
enum { IX, IY, IM, IT, NIND };
#define NPER 8
#define Y(year) ((year) - 2013)

static int parent[NREG] = { -1, R, A, A, R, R };
static int child_start[NREG + 1] = { 0, 3, 5, 5, 5, 5, 5 };
static int child_list[] = { A, B, C, A1, A2 };
static const char *const ind_names[NIND] = { "x", "y", "m", "t" };

static struct arena *arena;
static double cube[NIND * NREG * NPER];
static struct regions reg;
static struct cfg_indicator inds[NIND];
static struct cfg cfg;
static struct expr_ctx ctx;

static int setup(void **state)
{
	size_t i;

	(void)state;
	arena = arena_new();
	for (i = 0; i < sizeof(cube) / sizeof(cube[0]); i++)
		cube[i] = NAN;
	memset(&reg, 0, sizeof(reg));
	reg.n = NREG;
	reg.parent = parent;
	reg.child_start = child_start;
	reg.child_list = child_list;
	memset(inds, 0, sizeof(inds));
	for (i = 0; i < NIND; i++)
		inds[i].id = ind_names[i];
	memset(&cfg, 0, sizeof(cfg));
	cfg.ind = inds;
	cfg.nind = NIND;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cube = cube;
	ctx.nreg = NREG;
	ctx.nper = NPER;
	ctx.reg = &reg;
	ctx.axis.kind = PERIOD_YEAR;
	ctx.axis.first = 2013;
	ctx.axis.n = NPER;
	ctx.cfg = &cfg;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

static void set(int ind, int region, int year, double v)
{
	cube[((size_t)ind * NREG + (size_t)region) * NPER + (size_t)Y(year)] = v;
}

static int resolve_known(void *user, const struct expr *ref)
{
	int i;

	(void)user;
	for (i = 0; i < NIND; i++)
		if (!strcmp(ref->name, ind_names[i]))
			return i;
	return -1;
}

static struct expr *parse_raw(const char *text)
{
	struct expr_error err;
	struct expr *e = expr_parse(text, strlen(text), arena, &err);

	if (!e)
		fail_msg("'%s' failed to parse: %d: %s", text, err.pos, err.msg);
	return e;
}

/* Parse and resolve against x, y, m, t. */
static struct expr *parse(const char *text)
{
	struct expr *e = parse_raw(text);

	assert_int_equal(expr_resolve(e, resolve_known, NULL), 0);
	return e;
}

static double eval_at(const char *text, int region, int year)
{
	return expr_eval(parse(text), &ctx, region, Y(year));
}

static double eval(const char *text)
{
	return eval_at(text, R, 2020);
}

#define assert_missing(x) assert_true(isnan(x))
#define assert_num(x, want) assert_float_equal((x), (want), 1e-9)

static void assert_tree(const char *text, const char *want)
{
	char buf[512];

	expr_sexp(parse_raw(text), buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void assert_error(const char *text, int pos, const char *msg)
{
	struct expr_error err;

	assert_null(expr_parse(text, strlen(text), arena, &err));
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.pos, pos);
}

/* Precedence */

static void test_expr_power_binds_tighter_than_mul_and_add(void **state)
{
	(void)state;
	assert_tree("2+3*4^2", "(+ 2 (* 3 (^ 4 2)))");
	assert_num(eval("2+3*4^2"), 50);
}

static void test_expr_unary_minus_is_looser_than_power(void **state)
{
	(void)state;
	assert_tree("-2^2", "(- (^ 2 2))");
	assert_num(eval("-2^2"), -4);
	assert_num(eval("2^-2"), 0.25);
	assert_tree("-a*b", "(* (- a) b)");
}

static void test_expr_power_is_right_associative(void **state)
{
	(void)state;
	assert_tree("2^3^2", "(^ 2 (^ 3 2))");
	assert_num(eval("2^3^2"), 512);
}

static void test_expr_sub_and_div_are_left_associative(void **state)
{
	(void)state;
	assert_num(eval("10-4-3"), 3);
	assert_num(eval("12/3/2"), 2);
}

static void test_expr_comparison_binds_tighter_than_and_or(void **state)
{
	(void)state;
	assert_tree("a < b and c > d or e == f",
		    "(or (and (< a b) (> c d)) (== e f))");
	assert_tree("a or b and c", "(or a (and b c))");
	assert_tree("not a < b", "(not (< a b))");
	assert_tree("not a and b", "(and (not a) b)");
	assert_tree("a + 1 >= b * 2", "(>= (+ a 1) (* b 2))");
}

static void test_expr_at_applies_to_postfix_expressions(void **state)
{
	(void)state;
	assert_tree("(a/b)@2013", "(@ (/ a b) 2013)");
	assert_tree("a/b@2013", "(/ a (@ b 2013))");
	assert_tree("-x@-1^2", "(- (^ (@ x -1) 2))");
}

/* Period literals */

static void test_expr_reads_every_kind_of_period(void **state)
{
	struct expr *e;

	(void)state;
	e = parse("x@2013");
	assert_int_equal(e->op, EXPR_AT);
	assert_false(e->at.relative);
	assert_int_equal(e->at.abs.kind, PERIOD_YEAR);
	assert_int_equal(e->at.abs.ord, 2013);
	e = parse("x@2019Q3");
	assert_int_equal(e->at.abs.kind, PERIOD_QUARTER);
	assert_int_equal(e->at.abs.ord, 2019 * 4 + 2);
	e = parse("x@2019-03");
	assert_int_equal(e->at.abs.kind, PERIOD_MONTH);
	assert_int_equal(e->at.abs.ord, 2019 * 12 + 2);
	e = parse("x@-2");
	assert_true(e->at.relative);
	assert_int_equal(e->at.offset, -2);
	e = parse("x@0");
	assert_true(e->at.relative);
	assert_int_equal(e->at.offset, 0);
}

static void test_expr_period_slots_hold_periods_not_arguments(void **state)
{
	struct expr *e;

	(void)state;
	e = parse("cagr(x, 2015, -1)");
	assert_int_equal(e->nargs, 1);
	assert_int_equal(e->pargs[0].abs.ord, 2015);
	assert_true(e->pargs[1].relative);
	assert_int_equal(e->pargs[1].offset, -1);
	e = parse("change(x)");
	assert_true(e->pargs[0].relative);
	assert_int_equal(e->pargs[0].offset, -1);
	assert_tree("growth(x, 2019Q1)", "(growth x 2019Q1)");
	assert_tree("mean_growth(x, 2016, 2019)", "(mean_growth x 2016 2019)");
}

static void test_expr_month_needs_two_digits_else_it_is_subtraction(void **state)
{
	(void)state;
	assert_tree("x@2019-3", "(- (@ x 2019) 3)");
	assert_tree("x@2019 - 10", "(- (@ x 2019) 10)");
}

/* Errors, each with its position (code points, 0-based) */

static void test_expr_names_are_unicode_letters_digits_and_underscore(void **state)
{
	(void)state;
	assert_tree("农村贫困人口/乡村人口_2019", "(/ 农村贫困人口 乡村人口_2019)");
	assert_tree("Ελλάδα+ёж", "(+ Ελλάδα ёж)");
	/* Punctuation that is not a letter ends the name with a clear message. */
	assert_error("贫困人口·a", 4, "unexpected character '·'");
	assert_error("贫困人口—a", 4, "unexpected character '—'");
	assert_error("贫困人口、a", 4, "unexpected character '、'");
	assert_error("ａ", 0, "unexpected character 'ａ' (full width): write 'a'");
}

static void test_expr_rejects_unbalanced_paren(void **state)
{
	(void)state;
	assert_error("(1+2", 4, "expected ')' to close '(' at 1");
	assert_error("min(1, (2", 9, "expected ')' to close '(' at 8");
	assert_error("min(1, 2", 8, "expected ')' to close '(' at 4");
	assert_error("1+2)", 3, "unexpected ')'");
}

static void test_expr_suggests_a_close_function_name(void **state)
{
	(void)state;
	assert_error("1 + cagrr(x, 2015, 2019)", 4, "unknown function 'cagrr' (did you mean 'cagr'?)");
	assert_error("sum_childs(x)", 0, "unknown function 'sum_childs' (did you mean 'sum_children'?)");
	assert_error("frobnicate(x)", 0, "unknown function 'frobnicate'");
}

static void test_expr_rejects_wrong_argument_counts(void **state)
{
	(void)state;
	assert_error("cagr(x, 2015)", 0, "'cagr' takes 3 arguments, got 2");
	assert_error("abs(x, y)", 0, "'abs' takes 1 argument, got 2");
	assert_error("max(x)", 0, "'max' takes at least 2 arguments, got 1");
	assert_error("round(x, 1, 2)", 0, "'round' takes 1 or 2 arguments, got 3");
	assert_error("if()", 0, "'if' takes 3 arguments, got 0");
	assert_error("yoy(x, 2019)", 0, "'yoy' takes 1 argument, got 2");
}

static void test_expr_reports_unexpected_end(void **state)
{
	(void)state;
	assert_error("1 +", 3, "unexpected end of formula");
	assert_error("abs(", 4, "unexpected end of formula");
	assert_error("x@", 2, "unexpected end of formula: expected a period after '@'");
	assert_error("", 0, "empty formula");
	assert_error("  \t", 3, "empty formula");
}

static void test_expr_reports_unexpected_characters(void **state)
{
	(void)state;
	assert_error("x + $", 4, "unexpected character '$'");
	assert_error("贫困 % 2", 3, "unexpected character '%'");
	assert_error("（x）", 0, "unexpected character '（' (full width): write '('");
	assert_error("a = b", 2, "unexpected '=': write '=='");
	assert_error("a && b", 2, "unexpected '&&': write 'and'");
	assert_error("a || b", 2, "unexpected '||': write 'or'");
	assert_error("a <> b", 2, "unexpected '<>': write '!='");
	assert_error("!a", 0, "unexpected '!': write 'not'");
	assert_error("x\x01", 1, "unexpected control character U+0001");
	assert_error("\"asc\"", 0, "unexpected string: only rank(x, \"asc\") takes one");
	assert_error("rank(x, \"asc)", 8, "unterminated string");
	assert_error("a b", 2, "unexpected 'b' (missing operator?)");
}

static void test_expr_rejects_positive_relative_period(void **state)
{
	(void)state;
	assert_error("x@5", 2, "period '5' is not a year: write -5 for five periods back");
	assert_error("x@1", 2, "period '1' is not a year: write -1 for one period back");
	assert_error("growth(x, 12)", 10, "period '12' is not a year: write -12 for 12 periods back");
	assert_error("x@20190", 2, "period '20190' is not a year (years run from 1000 to 9999)");
}

static void test_expr_rejects_bad_period_literals(void **state)
{
	(void)state;
	assert_error("x@2019Q5", 2, "'2019Q5' is not a period: the quarter must be 1 to 4");
	assert_error("x@2019-13", 2, "'2019-13' is not a period: the month must be 01 to 12");
	assert_error("x@2019Qx", 2, "'2019Qx' is not a period (write 2019, 2019Q3, 2019-03 or -1)");
	assert_error("x@2019.5", 2, "'2019.5' is not a period (write 2019, 2019Q3, 2019-03 or -1)");
	assert_error("x@y", 2, "expected a period after '@' (e.g. 2013, 2019Q3, 2019-03 or -1)");
	assert_error("cagr(x, y, 2019)", 8,
		     "expected a period as argument 2 of 'cagr' (e.g. 2013, 2019Q3, 2019-03 or -1)");
	assert_error("growth(x, 2019 + 1)", 15,
		     "expected ',' or ')' after the period: a period argument is a literal such as 2019 or -1");
	assert_error("x@-9999999", 2, "period offset '-9999999' is out of range");
}

static void test_expr_rejects_chained_comparisons(void **state)
{
	(void)state;
	assert_error("a < b < c", 6, "comparisons do not chain: write (a < b) and (b < c)");
	assert_error("a == b != c", 7, "comparisons do not chain: write (a < b) and (b < c)");
}

static void test_expr_rejects_not_inside_arithmetic(void **state)
{
	(void)state;
	assert_error("a * not b", 4, "'not' needs parentheses here: write (not ...)");
	assert_error("-not a", 1, "'not' needs parentheses here: write (not ...)");
	assert_tree("a * (not b)", "(* a (not b))");
	assert_tree("not not a", "(not (not a))");
}

static void test_expr_rank_order_must_be_asc_or_desc(void **state)
{
	(void)state;
	assert_error("rank(x, \"up\")", 8, "the order of 'rank' must be \"asc\" or \"desc\", got \"up\"");
	assert_error("rank(x, 1)", 8, "the order of 'rank' must be \"asc\" or \"desc\"");
	assert_false(parse("rank(x, \"desc\")")->asc);
	assert_true(parse("rank(x, \"asc\")")->asc);
}

static void test_expr_target_functions_need_an_indicator_name(void **state)
{
	(void)state;
	assert_error("target(x + 1)", 7, "'target' needs an indicator name, e.g. target(poverty_rate)");
	assert_error("progress(abs(x))", 9,
		     "'progress' needs an indicator name, e.g. progress(poverty_rate)");
	assert_error("status(3)", 7, "'status' needs an indicator name, e.g. status(poverty_rate)");
}

static void test_expr_rejects_bad_numbers(void **state)
{
	(void)state;
	assert_error("1e400 + 1", 0, "number '1e400' is out of range");
	assert_error("2 * 2x", 4, "malformed number '2x'");
	assert_error("1.2.3", 0, "malformed number '1.2.3'");
	assert_error("1e", 0, "malformed number '1e'");
	assert_num(eval("1e-400"), 0);
	assert_num(eval("1.5E+2"), 150);
}

static void test_expr_positions_count_code_points_not_bytes(void **state)
{
	(void)state;
	assert_error("贫困人口 + $", 7, "unexpected character '$'");
	assert_error("贫困\xff", 2, "invalid UTF-8 in formula");
}

/* Limits */

static void test_expr_rejects_formula_over_4096_bytes(void **state)
{
	static char text[EXPR_MAX_LEN + 2];
	struct expr_error err;

	(void)state;
	memset(text, ' ', sizeof(text) - 1);
	text[0] = '1';
	assert_non_null(expr_parse(text, EXPR_MAX_LEN, arena, &err));
	assert_null(expr_parse(text, EXPR_MAX_LEN + 1, arena, &err));
	assert_string_equal(err.msg, "formula is too long (4097 bytes, limit 4096)");
}

static void nested(char *buf, int depth, const char *open, const char *inner)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < depth; i++)
		strcat(buf, open);
	strcat(buf, inner);
	for (i = 0; i < depth; i++)
		strcat(buf, ")");
}

static void test_expr_rejects_nesting_deeper_than_64(void **state)
{
	char buf[1024];
	struct expr_error err;

	(void)state;
	nested(buf, 64, "(", "1");
	assert_num(expr_eval(parse(buf), &ctx, 0, 0), 1);
	nested(buf, 65, "(", "1");
	assert_null(expr_parse(buf, strlen(buf), arena, &err));
	assert_string_equal(err.msg, "formula is nested too deeply (limit 64)");
	assert_int_equal(err.pos, 65);
	nested(buf, 100, "abs(", "1");
	assert_null(expr_parse(buf, strlen(buf), arena, &err));
	assert_string_equal(err.msg, "formula is nested too deeply (limit 64)");
	memset(buf, '-', 200);
	strcpy(buf + 200, "1");
	assert_null(expr_parse(buf, strlen(buf), arena, &err));
	assert_string_equal(err.msg, "formula is nested too deeply (limit 64)");
}

static void test_expr_long_flat_formulas_are_fine(void **state)
{
	char buf[4000];
	int i;

	(void)state;
	strcpy(buf, "1");
	for (i = 0; i < 1000; i++)
		strcat(buf, "+1");
	assert_num(eval(buf), 1001);
	strcpy(buf, "max(0");
	for (i = 1; i < 500; i++)
		sprintf(buf + strlen(buf), ",%d", i % 10);
	strcat(buf, ")");
	assert_num(eval(buf), 9);
}

/* Arithmetic and missing values */

static void test_expr_missing_propagates_through_arithmetic(void **state)
{
	(void)state;
	set(IX, R, 2020, 4);
	assert_num(eval("x * 2 + 1"), 9);
	assert_missing(eval("x + m"));
	assert_missing(eval("m - x"));
	assert_missing(eval("-m"));
	assert_missing(eval("m ^ 0"));
	assert_missing(eval("1 ^ m"));
	assert_missing(eval("m < x"));
	assert_missing(eval("x == m"));
	assert_missing(eval("abs(m)"));
	/* an unresolved name reads as missing */
	assert_missing(expr_eval(parse_raw("unknown_name"), &ctx, R, 0));
}

static void test_expr_division_by_zero_is_missing(void **state)
{
	(void)state;
	set(IX, R, 2020, 4);
	set(IY, R, 2020, 0);
	assert_missing(eval("x / y"));
	assert_missing(eval("0 / 0"));
	assert_missing(eval("x / (y * 3)"));
	assert_num(eval("y / x"), 0);
}

static void test_expr_non_finite_results_are_missing(void **state)
{
	(void)state;
	assert_missing(eval("(-8) ^ 0.5"));
	assert_missing(eval("0 ^ -1"));
	assert_missing(eval("10 ^ 400"));
	assert_missing(eval("1e308 * 10"));
	assert_missing(eval("-1e308 - 1e308"));
}

static void test_expr_comparisons_give_one_or_zero(void **state)
{
	(void)state;
	assert_num(eval("1 < 2"), 1);
	assert_num(eval("2 <= 2"), 1);
	assert_num(eval("1 > 2"), 0);
	assert_num(eval("2 >= 3"), 0);
	assert_num(eval("2 == 2"), 1);
	assert_num(eval("2 != 2"), 0);
}

static void test_expr_and_or_not_use_kleene_logic(void **state)
{
	(void)state;
	assert_num(eval("0 and m"), 0);
	assert_num(eval("m and 0"), 0);
	assert_missing(eval("1 and m"));
	assert_num(eval("2 and 3"), 1);
	assert_num(eval("1 or m"), 1);
	assert_num(eval("m or 5"), 1);
	assert_missing(eval("0 or m"));
	assert_num(eval("0 or 0"), 0);
	assert_missing(eval("not m"));
	assert_num(eval("not 0"), 1);
	assert_num(eval("not 7"), 0);
}

/* Functions */

static void test_expr_if_takes_the_branch_and_missing_condition_is_missing(void **state)
{
	(void)state;
	assert_num(eval("if(1 < 2, 10, 20)"), 10);
	assert_num(eval("if(0, 10, 20)"), 20);
	assert_missing(eval("if(m, 10, 20)"));
	assert_num(eval("if(1, 5, m)"), 5);
	assert_missing(eval("if(0, 5, m)"));
}

static void test_expr_min_max_abs(void **state)
{
	(void)state;
	assert_num(eval("min(3, -1, 2)"), -1);
	assert_num(eval("max(3, -1, 2)"), 3);
	assert_missing(eval("min(1, m)"));
	assert_missing(eval("max(m, 1)"));
	assert_num(eval("abs(-2.5)"), 2.5);
}

static void test_expr_round_is_decimal_half_up(void **state)
{
	(void)state;
	assert_num(eval("round(2.675, 2)"), 2.68);
	assert_num(eval("round(1.005, 2)"), 1.01);
	assert_num(eval("round(2.5)"), 3);
	assert_num(eval("round(-2.5, 0)"), -3);
	assert_missing(eval("round(1.5, -1)"));
	assert_missing(eval("round(1.5, 16)"));
	assert_missing(eval("round(1.5, 0.5)"));
	assert_missing(eval("round(1.5, m)"));
	assert_missing(eval("round(m, 2)"));
}

static void test_expr_at_reads_absolute_and_relative_periods(void **state)
{
	(void)state;
	set(IX, R, 2013, 5);
	set(IX, R, 2019, 7);
	set(IX, R, 2020, 9);
	set(IY, R, 2013, 10);
	assert_num(eval("x@2013"), 5);
	assert_num(eval("x@-1"), 7);
	assert_num(eval("x@0"), 9);
	assert_num(eval("(x / y)@2013"), 0.5);
	assert_num(eval_at("x@-6", R, 2019), 5);
	assert_missing(eval("x@2012"));
	assert_missing(eval("x@2021"));
	assert_missing(eval("x@2019Q1"));
	assert_missing(eval_at("x@-1", R, 2013));
	/* a relative period inside an absolute one is relative to it */
	assert_num(eval("(x@-1)@2020"), 7);
}

static void test_expr_change_and_growth(void **state)
{
	(void)state;
	set(IX, R, 2013, 80);
	set(IX, R, 2019, 90);
	set(IX, R, 2020, 100);
	assert_num(eval("change(x)"), 10);
	assert_num(eval("change(x, 2013)"), 20);
	assert_num(eval("change(x, -7)"), 20);
	assert_missing(eval("change(x, -2)"));
	assert_missing(eval_at("change(x)", R, 2013));
	assert_num(eval("growth(x, 2013)"), 25);
	assert_num(eval("yoy(x)"), (100.0 / 90 - 1) * 100);
	set(IX, R, 2018, 0);
	assert_missing(eval_at("yoy(x)", R, 2019));
	assert_num(eval("pp(x, x@2013)"), 20);
	assert_missing(eval("pp(x, m)"));
}

static void test_expr_yoy_compares_with_the_same_quarter_last_year(void **state)
{
	double q[8];
	struct expr_ctx qc = ctx;
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		q[i] = 100 + i;
	qc.cube = q;
	qc.nreg = 1;
	qc.axis.kind = PERIOD_QUARTER;
	qc.axis.first = 2019 * 4;
	qc.axis.n = 8;
	assert_num(expr_eval(parse("yoy(x)"), &qc, 0, 5), (105.0 / 101 - 1) * 100);
	assert_missing(expr_eval(parse("yoy(x)"), &qc, 0, 3));
	assert_num(expr_eval(parse("x@2019Q3"), &qc, 0, 7), 102);
}

static void test_expr_cagr_of_the_xinjiang_income(void **state)
{
	(void)state;
	set(IX, R, 2015, 2725);
	set(IX, R, 2019, 9195);
	assert_float_equal(eval("cagr(x, 2015, 2019)"), 35.5333917, 1e-6);
	assert_float_equal(eval_at("cagr(x, -4, 0)", R, 2019), 35.5333917, 1e-6);
	assert_missing(eval("cagr(x, 2019, 2015)"));
	assert_missing(eval("cagr(x, 2015, 2015)"));
	assert_missing(eval("cagr(x, 2015, 2020)"));
	set(IX, R, 2015, 0);
	assert_missing(eval("cagr(x, 2015, 2019)"));
	set(IX, R, 2015, -5);
	assert_missing(eval("cagr(x, 2015, 2019)"));
}

static void test_expr_mean_growth_averages_period_growth(void **state)
{
	(void)state;
	set(IX, R, 2016, 100);
	set(IX, R, 2017, 120);
	set(IX, R, 2018, 108);
	set(IX, R, 2019, 135);
	assert_float_equal(eval("mean_growth(x, 2016, 2019)"), 35.0 / 3, 1e-9);
	assert_num(eval("mean_growth(x, 2016, 2017)"), 20);
	assert_missing(eval("mean_growth(x, 2016, 2016)"));
	assert_missing(eval("mean_growth(x, 2016, 2020)"));
	set(IX, R, 2017, 0);
	assert_missing(eval("mean_growth(x, 2016, 2019)"));
}

static void test_expr_share_and_parent(void **state)
{
	(void)state;
	set(IX, R, 2020, 120);
	set(IX, A, 2020, 30);
	set(IX, A1, 2020, 12);
	assert_num(eval_at("share(x)", A, 2020), 25);
	assert_num(eval_at("share(x)", A1, 2020), 40);
	assert_missing(eval_at("share(x)", R, 2020));
	assert_missing(eval_at("share(x)", B, 2020));
	assert_num(eval_at("parent(x)", A1, 2020), 30);
	assert_missing(eval_at("parent(x)", R, 2020));
	set(IX, R, 2020, 0);
	assert_missing(eval_at("share(x)", A, 2020));
}

static void test_expr_rank_is_competition_rank_among_siblings(void **state)
{
	(void)state;
	set(IX, A, 2020, 7);
	set(IX, B, 2020, 9);
	set(IX, C, 2020, 9);
	assert_num(eval_at("rank(x)", B, 2020), 1);
	assert_num(eval_at("rank(x)", C, 2020), 1);
	assert_num(eval_at("rank(x)", A, 2020), 3);
	assert_num(eval_at("rank(x, \"asc\")", A, 2020), 1);
	assert_num(eval_at("rank(x, \"asc\")", B, 2020), 2);
	assert_num(eval_at("rank(x)", R, 2020), 1);
	set(IX, C, 2020, NAN);
	assert_num(eval_at("rank(x)", A, 2020), 2);
	assert_missing(eval_at("rank(x)", C, 2020));
}

/* With a memo (as metrics evaluates: sorted siblings, binary search) rank
 * gives what the sibling scan gives, ties, missing values and asc included;
 * a memo entry is per rank() call and period. */
static void test_expr_rank_with_memo_equals_scan(void **state)
{
	static const char *const f[] = { "rank(x)", "rank(x, \"asc\")", "rank(x * -1)" };
	static const double vals[][3] = { { 7, 9, 9 }, { 9, 9, 9 }, { 1, NAN, 3 },
					  { -0.0, 0, 1 }, { NAN, NAN, 2 } };
	const int sib[3] = { A, B, C };
	size_t i, k, j;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (j = 0; j < 3; j++)
			set(IX, sib[j], 2019 + (int)(i % 2), vals[i][j]);
		for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			struct expr *e = parse(f[k]);
			struct expr_ctx mc = ctx;
			mc.memo = expr_memo_new();
			for (j = 0; j < 3; j++) {
				double scan = expr_eval(e, &ctx, sib[j], Y(2019 + (int)(i % 2)));
				double memo = expr_eval(e, &mc, sib[j], Y(2019 + (int)(i % 2)));
				if (isnan(scan))
					assert_missing(memo);
				else
					assert_num(memo, scan);
			}
			assert_num(expr_eval(e, &mc, R, Y(2020)), 1);
			expr_memo_free(mc.memo);
		}
	}
}

static void test_expr_children_functions_skip_missing(void **state)
{
	(void)state;
	set(IX, A, 2020, 1);
	set(IX, B, 2020, 2);
	assert_num(eval("sum_children(x)"), 3);
	assert_num(eval("mean_children(x)"), 1.5);
	assert_num(eval("count_children(x >= 2)"), 1);
	assert_num(eval("count_children(x > 0)"), 2);
	assert_missing(eval("sum_children(m)"));
	assert_missing(eval("mean_children(m)"));
	assert_missing(eval("count_children(m > 0)"));
	assert_num(eval_at("count_children(x > 0)", B, 2020), 0);
	assert_missing(eval_at("sum_children(x)", B, 2020));
	set(IX, A1, 2020, 5);
	assert_num(eval_at("sum_children(x) + 1", A, 2020), 6);
}

static void test_expr_tree_functions_without_regions_are_missing(void **state)
{
	(void)state;
	ctx.reg = NULL;
	set(IX, R, 2020, 3);
	assert_missing(eval("share(x)"));
	assert_missing(eval("rank(x)"));
	assert_missing(eval("sum_children(x)"));
	assert_missing(eval("parent(x)"));
}

static void test_expr_missing_and_coalesce(void **state)
{
	(void)state;
	set(IX, R, 2020, 3);
	assert_num(eval("missing(m)"), 1);
	assert_num(eval("missing(x)"), 0);
	assert_num(eval("missing(x / 0)"), 1);
	assert_num(eval("coalesce(m, x, 7)"), 3);
	assert_num(eval("coalesce(m, m, 7)"), 7);
	assert_missing(eval("coalesce(m, m)"));
}

/* Targets */

static void target_down(void)
{
	struct cfg_target *t = &inds[IT].target;

	t->present = 1;
	t->value = 0;
	t->by.kind = PERIOD_YEAR;
	t->by.ord = 2020;
	t->has_baseline = 1;
	t->baseline = t->by;
	t->baseline.ord = 2013;
	t->direction = DIR_DOWN;
	t->on_track = 90;
	t->at_risk = 70;
	set(IT, R, 2013, 20);
}

static void test_expr_target_progress_and_status(void **state)
{
	(void)state;
	target_down();
	assert_num(eval("target(t)"), 0);
	assert_missing(eval("target(x)"));
	set(IT, R, 2019, 5);
	assert_num(eval_at("progress(t)", R, 2019), 75);
	/* expected 6/7 = 85.7%: on track from 77.1, at risk from 60 */
	assert_num(eval_at("status(t)", R, 2019), 1);
	set(IT, R, 2019, 4);
	assert_num(eval_at("status(t)", R, 2019), 2);
	set(IT, R, 2019, 12);
	assert_num(eval_at("status(t)", R, 2019), 0);
	assert_num(eval_at("status(t)", R, 2013), 2);
	assert_missing(eval("progress(t)"));
	assert_missing(eval_at("progress(t)", A, 2019));
	assert_missing(eval("progress(x)"));
	assert_missing(eval("status(x)"));
}

static void test_expr_target_equal_to_baseline_is_all_or_nothing(void **state)
{
	(void)state;
	target_down();
	set(IT, R, 2013, 0);
	set(IT, R, 2020, 0);
	assert_num(eval("progress(t)"), 100);
	set(IT, R, 2020, 1);
	assert_num(eval("progress(t)"), 0);
	inds[IT].target.direction = DIR_UP;
	assert_num(eval("progress(t)"), 100);
}

static void test_expr_baseline_defaults_to_the_first_period(void **state)
{
	(void)state;
	target_down();
	inds[IT].target.has_baseline = 0;
	inds[IT].target.direction = DIR_UP;
	inds[IT].target.value = 100;
	set(IT, R, 2013, 40);
	set(IT, R, 2020, 70);
	assert_num(eval("progress(t)"), 50);
	assert_num(eval("status(t)"), 0);
}

static void test_expr_targets_without_cfg_are_missing(void **state)
{
	(void)state;
	target_down();
	ctx.cfg = NULL;
	assert_missing(eval("target(t)"));
	assert_missing(eval("progress(t)"));
	assert_missing(eval("status(t)"));
}

/* Resolution and dependencies */

struct seen {
	int n;
	int names[16];
};

static int resolve_counting(void *user, const struct expr *ref)
{
	struct seen *s = user;
	int i = resolve_known(NULL, ref);

	if (i < 0)
		s->names[s->n++] = ref->pos;
	return i;
}

static void test_expr_resolve_reports_every_unknown_name(void **state)
{
	const char *text = "povrty + x * rural_pop";
	struct expr_error err;
	struct expr *e = expr_parse(text, strlen(text), arena, &err);
	struct seen s = { 0, { 0 } };

	(void)state;
	assert_int_equal(expr_resolve(e, resolve_counting, &s), -1);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.names[0], 0);
	assert_int_equal(s.names[1], 13);
	assert_int_equal(e->b->a->ind, IX);
}

static void add_dep(void *user, int ind)
{
	struct seen *s = user;

	s->names[s->n++] = ind;
}

static void test_expr_deps_include_target_functions(void **state)
{
	struct seen s = { 0, { 0 } };

	(void)state;
	expr_deps(parse("x@2013 + status(t) + cagr(y, 2015, 2019)"), add_dep, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.names[0], IX);
	assert_int_equal(s.names[1], IT);
	assert_int_equal(s.names[2], IY);
}

static void test_expr_function_names_round_trip(void **state)
{
	int i;
	const char *n;

	(void)state;
	for (i = 0; i < EXPR_NFUNC; i++) {
		n = expr_func_name((enum expr_func)i);
		assert_int_equal(expr_func_find(n, strlen(n)), i);
	}
	assert_int_equal(expr_func_find("nope", 4), -1);
}

static void test_expr_sexp_truncates_but_reports_full_length(void **state)
{
	char buf[8];
	size_t n;

	(void)state;
	n = expr_sexp(parse("2+3*4^2"), buf, sizeof(buf));
	assert_int_equal(n, strlen("(+ 2 (* 3 (^ 4 2)))"));
	assert_string_equal(buf, "(+ 2 (*");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_expr_power_binds_tighter_than_mul_and_add),
		T(test_expr_unary_minus_is_looser_than_power),
		T(test_expr_power_is_right_associative),
		T(test_expr_sub_and_div_are_left_associative),
		T(test_expr_comparison_binds_tighter_than_and_or),
		T(test_expr_at_applies_to_postfix_expressions),
		T(test_expr_reads_every_kind_of_period),
		T(test_expr_period_slots_hold_periods_not_arguments),
		T(test_expr_month_needs_two_digits_else_it_is_subtraction),
		T(test_expr_names_are_unicode_letters_digits_and_underscore),
		T(test_expr_rejects_unbalanced_paren),
		T(test_expr_suggests_a_close_function_name),
		T(test_expr_rejects_wrong_argument_counts),
		T(test_expr_reports_unexpected_end),
		T(test_expr_reports_unexpected_characters),
		T(test_expr_rejects_positive_relative_period),
		T(test_expr_rejects_bad_period_literals),
		T(test_expr_rejects_chained_comparisons),
		T(test_expr_rejects_not_inside_arithmetic),
		T(test_expr_rank_order_must_be_asc_or_desc),
		T(test_expr_target_functions_need_an_indicator_name),
		T(test_expr_rejects_bad_numbers),
		T(test_expr_positions_count_code_points_not_bytes),
		T(test_expr_rejects_formula_over_4096_bytes),
		T(test_expr_rejects_nesting_deeper_than_64),
		T(test_expr_long_flat_formulas_are_fine),
		T(test_expr_missing_propagates_through_arithmetic),
		T(test_expr_division_by_zero_is_missing),
		T(test_expr_non_finite_results_are_missing),
		T(test_expr_comparisons_give_one_or_zero),
		T(test_expr_and_or_not_use_kleene_logic),
		T(test_expr_if_takes_the_branch_and_missing_condition_is_missing),
		T(test_expr_min_max_abs),
		T(test_expr_round_is_decimal_half_up),
		T(test_expr_at_reads_absolute_and_relative_periods),
		T(test_expr_change_and_growth),
		T(test_expr_yoy_compares_with_the_same_quarter_last_year),
		T(test_expr_cagr_of_the_xinjiang_income),
		T(test_expr_mean_growth_averages_period_growth),
		T(test_expr_share_and_parent),
		T(test_expr_rank_is_competition_rank_among_siblings),
		T(test_expr_rank_with_memo_equals_scan),
		T(test_expr_children_functions_skip_missing),
		T(test_expr_tree_functions_without_regions_are_missing),
		T(test_expr_missing_and_coalesce),
		T(test_expr_target_progress_and_status),
		T(test_expr_target_equal_to_baseline_is_all_or_nothing),
		T(test_expr_baseline_defaults_to_the_first_period),
		T(test_expr_targets_without_cfg_are_missing),
		T(test_expr_resolve_reports_every_unknown_name),
		T(test_expr_deps_include_target_functions),
		T(test_expr_function_names_round_trip),
		T(test_expr_sexp_truncates_but_reports_full_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
