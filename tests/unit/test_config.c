#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/config/expr.h"

static struct arena *A;
static struct diag D;
static struct cfg C;
static char buf[512];

static void reset(void)
{
	if (A) {
		diag_release(&D);
		arena_free(A);
	}
	A = arena_new();
	diag_init(&D);
}

static int load_n(const char *text, size_t len)
{
	reset();
	return cfg_load_text("t.yaml", text, len, &C, A, &D);
}

static int load(const char *text) { return load_n(text, strlen(text)); }

/* Item i as "line:col: level: message". */
static const char *item(size_t i)
{
	static const char *const lv[] = { "error", "warning", "note" };
	const struct diag_item *it = &D.items[i];

	snprintf(buf, sizeof(buf), "%d:%d: %s: %s", it->pos.line, it->pos.col, lv[it->level],
		 it->msg);
	return buf;
}

static void dump(void)
{
	size_t i;

	for (i = 0; i < D.n; i++)
		fprintf(stderr, "  got %s\n", item(i));
}

/* Load text and compare every diagnostic, in order. */
static void expect(const char *text, const char *const *want)
{
	size_t i, n = 0;

	assert_int_equal(load(text), -1);
	while (want[n])
		n++;
	if (D.n != n)
		dump();
	assert_int_equal(D.n, n);
	for (i = 0; i < n; i++) {
		if (strcmp(item(i), want[i]) != 0)
			dump();
		assert_string_equal(item(i), want[i]);
	}
}

#define BASE                                               \
	"report: {title: T}\n"                             \
	"levels: [region, prefecture, county]\n"           \
	"data: {regions: r.csv, sources: [{path: v.csv}]}\n" \
	"indicators:\n"                                    \
	"  poverty_rate: {name: 贫困发生率}\n"             \
	"  poor: {name: 贫困人口}\n"

#define EXPECT(text, ...)                                       \
	do {                                                    \
		static const char *const want_[] = { __VA_ARGS__, NULL }; \
		expect(text, want_);                            \
	} while (0)

static void test_config_loads_full_example(void **state)
{
	const struct cfg_indicator *in;
	int i;

	(void)state;
	reset();
	if (cfg_load("tests/configs/full.yaml", &C, A, &D) != 0)
		dump();
	assert_int_equal(D.n, 0);
	assert_string_equal(C.dir, "tests/configs");
	assert_string_equal(C.report.title, "新疆维吾尔自治区脱贫攻坚进展报告");
	assert_string_equal(C.report.region, "65");
	assert_int_equal(C.report.has_period, 1);
	assert_int_equal(C.report.period.ord, 2019);
	assert_int_equal(C.report.toc, 0);
	assert_string_equal(C.report.font_body, "AR PL UMing CN");
	assert_string_equal(C.report.font_heading, "Noto Sans CJK SC");
	/* kai given by file; title as by default; body not given (gongwen
	 * would look for a 仿宋) */
	assert_string_equal(C.report.font_kai, "/usr/local/share/fonts/simkai.ttf");
	assert_string_equal(C.report.font_title, "AR PL UMing CN");
	assert_int_equal(C.report.font_body_given, 0);
	assert_string_equal(C.report.date, "2020-04-24");
	assert_int_equal(C.rounding, ROUND_HALF_EVEN);
	assert_int_equal(C.thousands, 1);
	assert_int_equal(C.nlevels, 3);
	assert_string_equal(C.levels[2], "county");
	assert_string_equal(C.regions_path, "tests/configs/../data/regions.csv");
	assert_int_equal(C.nsources, 1);
	assert_string_equal(C.sources[0].resolved, "/abs/values.csv");
	assert_string_equal(C.sources[0].type, "csv");

	assert_int_equal(C.nind, 7);
	in = &C.ind[0];
	assert_string_equal(in->column, "reg_persons");
	assert_int_equal(in->fmt.scale, 4);
	assert_string_equal(in->fmt.scale_label, "万");
	assert_int_equal(in->fmt.decimals, 2);
	assert_int_equal(in->fmt.rounding, ROUND_HALF_UP);
	assert_int_equal(in->fmt.thousands, 1);
	assert_int_equal(in->pos.line, 29);
	assert_int_equal(in->pos.col, 3);
	in = &C.ind[1];
	assert_int_equal(in->fmt.decimals, 2);
	assert_int_equal(in->fmt.rounding, ROUND_HALF_EVEN);
	assert_int_equal(in->target.present, 1);
	assert_int_equal(in->target.direction, DIR_DOWN);
	assert_int_equal(in->target.by.ord, 2020);
	assert_int_equal(in->target.has_baseline, 1);
	assert_true(in->target.on_track == 95 && in->target.at_risk == 70);
	assert_int_equal(C.ind[2].column, C.ind[2].id);
	assert_int_equal(C.ind[3].rollup, ROLLUP_WMEAN);
	assert_int_equal(C.ind[3].weight, 2);
	assert_int_equal(C.ind[3].fmt.thousands, 0);
	in = &C.ind[5];
	assert_int_equal(in->is_derived, 1);
	assert_non_null(in->expr);
	assert_int_equal(in->formula_pos.line, 59);
	assert_int_equal(in->formula_pos.col, 14);

	/* lifted_share needs lifted_persons: order respects that. */
	assert_int_equal(C.norder, 3);
	for (i = 0; i < 3; i++)
		if (C.order[i] == 4)
			break;
	assert_true(i < 3);
	assert_true(C.order[2] == 6 || C.order[1] == 6);
	assert_true(C.order[0] != 6);

	assert_int_equal(C.nchecks, 4);
	assert_int_equal(C.checks[0].kind, CHECK_SUM_OF_CHILDREN);
	assert_true(C.checks[0].tolerance == 0.5);
	assert_int_equal(C.checks[1].level, 2);
	assert_int_equal(C.checks[1].severity, DIAG_WARNING);
	assert_true(C.checks[1].min == 0 && C.checks[1].max == 100);
	assert_int_equal(C.checks[2].other, 0);
	assert_true(isinf(C.checks[2].max));
	assert_string_equal(C.checks[3].id, "income_2019");
	assert_true(C.checks[3].stated == 35.53);
	assert_string_equal(C.checks[0].id, "sum_of_children(registered_persons)");
}

static void test_config_loads_sections_blocks_and_templates(void **state)
{
	const struct cfg_section *s;
	const struct cfg_block *b;
	const struct cfg_template *t;

	(void)state;
	reset();
	assert_int_equal(cfg_load("tests/configs/full.yaml", &C, A, &D), 0);
	assert_int_equal(C.nsections, 1);
	s = &C.sections[0];
	assert_int_equal(s->each, -1);
	assert_int_equal(s->nblocks, 8); /* pagebreak: false is dropped */
	assert_int_equal(s->nsubs, 1);
	assert_int_equal(s->subs[0].each, 1);
	assert_string_equal(s->subs[0].title.pieces[0].special, "region.name");

	t = &s->blocks[0].text;
	assert_int_equal(t->n, 9);
	assert_string_equal(t->pieces[0].lit, "截至");
	assert_string_equal(t->pieces[1].special, "period");
	assert_string_equal(t->pieces[4].lit, "建档立卡贫困人口");
	assert_int_equal(t->pieces[5].ind, 0);
	assert_int_equal(t->pieces[5].decimals, -1);
	assert_int_equal(t->pieces[7].ind, 5);
	assert_int_equal(t->pieces[7].decimals, 1);
	assert_int_equal(t->pieces[7].expr->op, EXPR_AT);
	assert_string_equal(t->pieces[8].lit, "{注}");
	assert_int_equal(t->pieces[7].pos.line, 93);
	assert_int_equal(t->pieces[7].pos.col, 73);

	assert_int_equal(s->blocks[1].kind, BLOCK_KPI);
	assert_int_equal(s->blocks[1].nkpis, 2);
	b = &s->blocks[2];
	assert_int_equal(b->kind, BLOCK_TABLE);
	assert_int_equal(b->table.rows, ROWS_INDICATORS);
	assert_int_equal(b->table.ninds, 3);
	assert_int_equal(b->table.ncols, 3);
	assert_int_equal(b->table.cols[0].period.relative, 0);
	assert_int_equal(b->table.cols[0].period.abs.ord, 2013);
	assert_int_equal(b->table.cols[1].period.relative, 1);
	assert_int_equal(b->table.cols[1].period.offset, 0);
	assert_string_equal(b->table.cols[1].title, "{period}年");
	assert_string_equal(b->table.cols[1].title_tpl.pieces[0].special, "period");
	assert_int_equal(b->table.cols[2].measure, MEASURE_CHANGE);
	assert_int_equal(b->table.cols[2].has_from, 1);
	assert_int_equal(b->table.cols[2].decimals, 1);
	assert_string_equal(b->table.title_tpl.pieces[0].lit, "表1 主要指标");
	b = &s->blocks[3];
	assert_int_equal(b->table.rows, ROWS_LEVEL);
	assert_int_equal(b->table.level, 2);
	assert_int_equal(b->table.total, 1);
	assert_int_equal(b->table.sort_col, 2);
	assert_int_equal(b->table.sort_desc, 1);
	assert_int_equal(b->table.cols[0].measure, MEASURE_PROGRESS);
	assert_int_equal(b->table.cols[1].period.offset, -1);
	assert_int_equal(s->blocks[4].chart.kind, CHART_LINE);
	assert_int_equal(s->blocks[4].chart.show_target, 1);
	assert_int_equal(s->blocks[4].chart.to.relative, 1);
	b = &s->blocks[5];
	assert_int_equal(b->chart.kind, CHART_BAR);
	assert_int_equal(b->chart.over, ROWS_LEVEL);
	assert_int_equal(b->chart.sort, -1);
	assert_int_equal(b->chart.horizontal, -1);
	assert_int_equal(b->chart.nperiods, 2);
	assert_int_equal(s->blocks[6].chart.ninds, 2);
	assert_int_equal(s->blocks[7].kind, BLOCK_PAGEBREAK);
}

/* libyaml counts columns in characters; diag wants code points too. */
static void test_config_columns_count_code_points(void **state)
{
	(void)state;
	EXPECT("report: {title: 中文中文, subtitle: [x]}\n",
	       "1:1: error: missing key 'levels'", "1:1: error: missing key 'data'",
	       "1:1: error: missing key 'indicators'",
	       "1:33: error: 'subtitle' must be a string, got a list");
}

static void test_config_reports_yaml_syntax_error(void **state)
{
	(void)state;
	EXPECT("report:\n  title: a\n   bad: b\n",
	       "3:7: error: mapping values are not allowed in this context");
	EXPECT("a: [1, 2\nb: c\n",
	       "2:2: error: did not find expected ',' or ']'",
	       "1:4: note: while parsing a flow sequence");
}

static void test_config_rejects_duplicate_keys(void **state)
{
	(void)state;
	EXPECT(BASE "  poor: {name: x}\n", "7:3: error: duplicate key 'poor' (first at 6:3)");
}

static void test_config_suggests_unknown_key(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, formla: poor}\n",
	       "7:16: error: unknown key 'formla' in indicator 'x' (did you mean 'formula'?)");
	EXPECT(BASE "indicatorz: 1\n", "7:1: error: unknown key 'indicatorz' (did you mean "
	       "'indicators'?)");
}

static void test_config_rejects_wrong_types(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, decimals: two, thousands: maybe, scale: 3}\n",
	       "7:56: error: 'scale' must be 1, 十, 百, 千, 万, 十万, 百万, 千万 or 亿, got '3'",
	       "7:26: error: 'decimals' must be an integer from 0 to 15, got 'two'",
	       "7:42: error: 'thousands' must be true or false, got 'maybe'");
}

static void test_config_reports_missing_required_keys(void **state)
{
	(void)state;
	/* At the key of the mapping that lacks it. */
	EXPECT(BASE "  x: {unit: 人}\n", "7:3: error: missing key 'name' in indicator 'x'");
}

static void test_config_rejects_formula_with_rollup(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, formula: poor, rollup: sum}\n",
	       "7:31: error: indicator 'x' has both 'formula' and 'rollup' (a derived "
	       "indicator is computed at every level, not rolled up)");
}

static void test_config_requires_weight_for_wmean(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, rollup: wmean}\n",
	       "7:24: error: rollup 'wmean' needs 'weight' (the indicator to weight by)");
	EXPECT(BASE "  x: {name: x, rollup: avg}\n",
	       "7:24: error: 'rollup' must be sum, mean, min, max, last, wmean or none, got 'avg'");
}

static void test_config_rejects_unknown_level_and_bad_period(void **state)
{
	(void)state;
	EXPECT(BASE "sections:\n  - {title: t, each: prefectur}\n"
	       "checks: [{rule: stated, indicator: poor, value: 1, period: 2019Q5}]\n",
	       "9:60: error: 'period' must be a period (2019, 2019Q3 or 2019-03), got '2019Q5'",
	       "8:22: error: unknown level 'prefectur' (did you mean 'prefecture'?)");
}

static void test_config_maps_formula_errors_to_file_positions(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, formula: poor +* 2}\n",
	       "7:31: error: unexpected '*'");
	EXPECT(BASE "  x: {name: x, formula: 'poor +* 2'}\n",
	       "7:32: error: unexpected '*'");
	EXPECT(BASE "  x: {name: x, formula: \"\\x70oor +* 2\"}\n",
	       "7:35: error: unexpected '*'");
	EXPECT(BASE "  x:\n    name: x\n    formula: poor +\n      * 2\n",
	       "10:7: error: unexpected '*'");
}

static void test_config_suggests_unknown_indicator_in_formula(void **state)
{
	(void)state;
	EXPECT(BASE "  x: {name: x, formula: poor / povrty_rate}\n",
	       "7:32: error: unknown indicator 'povrty_rate' (did you mean 'poverty_rate'?)");
}

static void test_config_accepts_chinese_ids_in_formulas_and_placeholders(void **state)
{
	(void)state;
	assert_int_equal(load(BASE "  农村贫困人口: {name: 农村贫困人口}\n"
			      "  占比_2: {name: 占比, formula: 农村贫困人口 / poor * 100}\n"
			      "sections:\n  - {title: '{农村贫困人口}人，{占比_2:.1f}'}\n"), 0);
	assert_int_equal(D.nerrors, 0);
	assert_string_equal(C.ind[2].id, "农村贫困人口");
	assert_true(cfg_valid_id("Ærø_Ελλάδα_Россия_ئۇيغۇر_한국_かな_〇"));
	assert_false(cfg_valid_id("１号"));
	assert_false(cfg_valid_id("贫困·人口"));
	assert_false(cfg_valid_id("_a-b"));
}

static void test_config_rejects_ids_outside_the_name_rule(void **state)
{
	(void)state;
	EXPECT(BASE "  2012年: {name: x}\n  贫困（人口）: {name: y}\n",
	       "7:3: error: indicator id '2012年' must be letters (any script), digits and "
	       "'_', not starting with a digit",
	       "8:3: error: indicator id '贫困（人口）' must be letters (any script), digits "
	       "and '_', not starting with a digit");
	EXPECT(BASE "  农村贫困人口: {name: x}\n  y: {name: y, formula: 农村贫困人 * 2}\n",
	       "8:25: error: unknown indicator '农村贫困人' (did you mean '农村贫困人口'?)");
}

static void test_config_reports_formula_cycle(void **state)
{
	(void)state;
	EXPECT(BASE "  a: {name: a, formula: b + 1}\n  b: {name: b, formula: poor * c}\n"
	       "  c: {name: c, formula: a}\n  d: {name: d, formula: d@-1}\n",
	       "7:25: error: formulas form a cycle: a -> b -> c -> a",
	       "10:25: error: formulas form a cycle: d -> d");
}

static void test_config_orders_derived_after_dependencies(void **state)
{
	(void)state;
	assert_int_equal(load(BASE "  a: {name: a, formula: b + c}\n  b: {name: b, formula: c}\n"
			      "  c: {name: c, formula: poor}\n"), 0);
	assert_int_equal(C.norder, 3);
	assert_int_equal(C.order[0], 4);
	assert_int_equal(C.order[1], 3);
	assert_int_equal(C.order[2], 2);
}

static void test_config_reports_template_errors(void **state)
{
	(void)state;
	EXPECT(BASE "sections:\n  - title: '{region.nmae}年'\n    blocks:\n"
	       "      - text: 共{povrty_rate}人，{poor:.x}，{poor\n",
	       "8:13: error: unknown placeholder '{region.nmae}' (did you mean '{region.name}'?)",
	       "10:17: error: unknown indicator 'povrty_rate' (did you mean 'poverty_rate'?)",
	       "10:36: error: bad format spec ':.x' (use ':.Nf', e.g. ':.1f')",
	       "10:41: error: unclosed '{' in text (write '{{' for a brace)");
}

static void test_config_reports_table_and_chart_errors(void **state)
{
	(void)state;
	EXPECT(BASE "sections:\n  - title: t\n    blocks:\n"
	       "      - tabel: {}\n"
	       "      - table: {rows: children, columns: [{period: 0}], indicators: [poor]}\n"
	       "      - chart: {type: line, indicator: poor, sort: ascending}\n"
	       "      - chart: {type: progress, indicators: [poor]}\n",
	       "10:9: error: unknown block 'tabel' (did you mean 'table'?)",
	       "11:57: error: 'indicators' is used only when rows are indicators",
	       "11:43: error: missing key 'indicator' in column (rows are regions)",
	       "12:46: error: 'sort' does not apply to a line chart",
	       "13:46: error: indicator 'poor' has no target (a progress chart needs one)");
}

static void test_config_reports_every_problem_in_one_run(void **state)
{
	(void)state;
	EXPECT("report: {titel: x}\nlevels: []\nformat: {rounding: up}\n"
	       "data: {regions: [a]}\nindicators: {x: {name: x, decimals: 99}}\n",
	       "3:20: error: 'rounding' must be half-up or half-even, got 'up'",
	       /* no "missing key 'title'": the suggestion says it */
	       "1:10: error: unknown key 'titel' in report (did you mean 'title'?)",
	       "2:9: error: 'levels' must be a list of level names, got an empty list",
	       "4:1: error: missing key 'sources' in data",
	       "4:17: error: 'regions' must be a string, got a list",
	       "5:37: error: 'decimals' must be an integer from 0 to 15, got '99'");
}

static void test_config_rejects_billion_laughs_quickly(void **state)
{
	static const char text[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	clock_t t0 = clock();

	(void)state;
	EXPECT(text, "5:36: error: aliases expand to more than 100000 nodes");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
}

static void test_config_rejects_nul_and_invalid_utf8_with_position(void **state)
{
	static const char nul[] = "report:\n  title: 中文\0x\n";
	(void)state;
	assert_int_equal(load_n(nul, sizeof(nul) - 1), -1);
	assert_int_equal(D.n, 1);
	assert_string_equal(item(0), "2:12: error: NUL byte in the config");
	EXPECT("report:\n  title: 中\xff\n", "2:11: error: invalid UTF-8 byte 0xff");
	EXPECT("a: \"x\\0y\"\n", "1:4: error: scalar contains a NUL character",
	       "1:1: error: unknown key 'a'", "1:1: error: missing key 'report'",
	       "1:1: error: missing key 'levels'", "1:1: error: missing key 'data'",
	       "1:1: error: missing key 'indicators'");
}

static void test_config_enforces_depth_and_size_limits(void **state)
{
	char *deep = malloc(200);
	char *big = malloc(70 * 1024);
	int i;

	(void)state;
	for (i = 0; i < 70; i++)
		deep[i] = '[';
	deep[70] = '\0';
	EXPECT(deep, "1:65: error: nesting deeper than 64 levels");
	memcpy(big, "a: ", 3);
	memset(big + 3, 'x', 66 * 1024);
	big[3 + 66 * 1024] = '\0';
	EXPECT(big, "1:4: error: scalar is longer than 64 KiB");
	free(deep);
	free(big);
	EXPECT("a: *x\n", "1:4: error: unknown anchor 'x'");
	EXPECT("a: &x [*x]\n", "1:8: error: alias '*x' refers to a node that contains it");
	EXPECT("--- 1\n--- 2\n", "2:1: error: a config is one YAML document; found a second one");
}

static void test_config_shares_aliased_nodes(void **state)
{
	(void)state;
	assert_int_equal(load(BASE "sections:\n  - title: &t '{poor}人'\n  - title: *t\n"), 0);
	assert_int_equal(C.nsections, 2);
	assert_int_equal(C.sections[1].title.pieces[0].ind, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_loads_full_example),
		cmocka_unit_test(test_config_loads_sections_blocks_and_templates),
		cmocka_unit_test(test_config_columns_count_code_points),
		cmocka_unit_test(test_config_reports_yaml_syntax_error),
		cmocka_unit_test(test_config_rejects_duplicate_keys),
		cmocka_unit_test(test_config_suggests_unknown_key),
		cmocka_unit_test(test_config_rejects_wrong_types),
		cmocka_unit_test(test_config_reports_missing_required_keys),
		cmocka_unit_test(test_config_rejects_formula_with_rollup),
		cmocka_unit_test(test_config_requires_weight_for_wmean),
		cmocka_unit_test(test_config_rejects_unknown_level_and_bad_period),
		cmocka_unit_test(test_config_maps_formula_errors_to_file_positions),
		cmocka_unit_test(test_config_suggests_unknown_indicator_in_formula),
		cmocka_unit_test(test_config_accepts_chinese_ids_in_formulas_and_placeholders),
		cmocka_unit_test(test_config_rejects_ids_outside_the_name_rule),
		cmocka_unit_test(test_config_reports_formula_cycle),
		cmocka_unit_test(test_config_orders_derived_after_dependencies),
		cmocka_unit_test(test_config_reports_template_errors),
		cmocka_unit_test(test_config_reports_table_and_chart_errors),
		cmocka_unit_test(test_config_reports_every_problem_in_one_run),
		cmocka_unit_test(test_config_rejects_billion_laughs_quickly),
		cmocka_unit_test(test_config_rejects_nul_and_invalid_utf8_with_position),
		cmocka_unit_test(test_config_enforces_depth_and_size_limits),
		cmocka_unit_test(test_config_shares_aliased_nodes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	reset();
	diag_release(&D);
	arena_free(A);
	return rc;
}
