#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/engine/metrics.h"
#include "core/engine/report.h"
#include "core/util/arena.h"
#include "tests/unit/world.h"

/*
 * Tables as 统计公报 print them (docs/config.md, "Tables"): where the units
 * go, bare figures, alignment and widths in the report model, for gongwen
 * and for report. The tree: 新疆 -> 喀什地区 (40000 poor of 400000 in 2019,
 * 80000 in 2018), 和田地区 (6000 of 600000; 60000); the region 46000 (4.60万,
 * 4.60%), 140000 in 2018 (14.00%).
 */
#define REST                                                                         \
	"levels: [region, prefecture, county]\n"                                       \
	"data:\n"                                                                      \
	"  regions: regions.csv\n"                                                     \
	"  sources: [{type: csv, path: values.csv}]\n"                                 \
	"indicators:\n"                                                                \
	"  pop: {name: 人口, unit: 人}\n"                                              \
	"  poor: {name: 贫困人口, unit: 人, scale: 万, decimals: 2}\n"                 \
	"  rate: {name: 贫困发生率, unit: '%', decimals: 2, formula: poor / pop * 100,\n" \
	"    target: {value: 0, by: 2020, baseline: 2018, direction: down}}\n"         \
	"  tiny: {name: 微变指标, unit: 人, formula: poor / 1000000 + pop}\n"          \
	"sections:\n"                                                                  \
	"  - title: 总体\n"                                                            \
	"    blocks:\n"                                                                \
	"      - table:\n"                                                             \
	"          rows: children\n"                                                   \
	"          total: true\n"                                                      \
	"          label_width: 40mm\n"                                                \
	"          columns:\n"                                                         \
	"            - {indicator: poor, title: 建档立卡|贫困人口, width: 30mm}\n"     \
	"            - {indicator: rate, measure: change, from: 2018}\n"               \
	"            - {indicator: rate, measure: status}\n"                           \
	"      - table:\n"                                                             \
	"          rows: children\n"                                                   \
	"          columns: [{indicator: poor}, {indicator: poor, period: 2018, title: 2018年}]\n" \
	"      - table:\n"                                                             \
	"          indicators: [poor, rate]\n"                                         \
	"          columns:\n"                                                         \
	"            - {period: 2019, title: 2019年}\n"                                \
	"            - {measure: change, from: 2018, title: 增减}\n"                   \
	"      - table:\n"                                                             \
	"          rows: children\n"                                                   \
	"          units: cells\n"                                                     \
	"          columns: [{indicator: poor, align: left}]\n"                        \
	"      - table:\n"                                                             \
	"          indicators: [poor, tiny]\n"                                         \
	"          columns: [{measure: growth, from: 2018, title: 增长}]\n"

static const char gongwen_yaml[] = "report: {title: 进展报告, date: 2020-04-24, page: gongwen}\n" REST;
static const char report_yaml[] = "report: {title: 进展报告, date: 2020-04-24}\n" REST;

static const char *fixture_yaml = gongwen_yaml;

static int setup(void **state)
{
	return world_setup(state, "tables", regions_csv, world_values_csv, fixture_yaml, 1);
}

/* Table i of the first section. */
static const struct report_table *table(void **state, size_t i)
{
	const struct report *rep = &((struct world *)*state)->rep;
	size_t k, n = 0;

	assert_true(rep->nsections > 0);
	for (k = 0; k < rep->sections[0].nblocks; k++)
		if (rep->sections[0].blocks[k].kind == REPORT_TABLE && n++ == i)
			return &rep->sections[0].blocks[k].table;
	fail_msg("no table %zu", i);
	return NULL;
}

#define MM(x) ((x) * 72.0 / 25.4)

static void test_gongwen_units_of_mixed_columns_go_in_the_headers(void **state)
{
	const struct report_table *t = table(state, 0);

	assert_null(t->unit_line);
	assert_int_equal(t->ncols, 4);
	/* the | of the title is a break place; the unit follows one */
	assert_string_equal(t->cells[1], "建档立卡" REPORT_HEAD_BREAK "贫困人口" REPORT_HEAD_BREAK
					 "（万人）");
	assert_non_null(strstr(t->cells[2], REPORT_HEAD_BREAK "（个百分点）"));
	assert_null(strstr(t->cells[3], "（")); /* status: words, no unit */
	/* 合计 first, bare figures */
	assert_string_equal(t->cells[4 + 0], "合计");
	assert_string_equal(t->cells[4 + 1], "4.60");
	assert_string_equal(t->cells[4 + 2], "－9.40");
	assert_string_equal(t->cells[8 + 0], "喀什地区");
	assert_string_equal(t->cells[8 + 1], "4.00");
	assert_int_equal(t->align[0], REPORT_ALIGN_LEFT);
	assert_int_equal(t->align[1], REPORT_ALIGN_DECIMAL);
	assert_int_equal(t->align[2], REPORT_ALIGN_DECIMAL);
	assert_int_equal(t->align[3], REPORT_ALIGN_CENTER);
	assert_true(t->head_words);
}

static void test_gongwen_one_unit_goes_in_a_unit_line(void **state)
{
	const struct report_table *t = table(state, 1);

	assert_non_null(t->unit_line);
	assert_string_equal(t->unit_line, "单位：万人");
	assert_string_equal(t->cells[1], "贫困人口");
	assert_string_equal(t->cells[2], "2018年");
	assert_string_equal(t->cells[3 + 1], "4.00"); /* 喀什地区 */
	assert_string_equal(t->cells[3 + 2], "8.00");
	assert_string_equal(t->cells[6 + 1], "0.60"); /* 和田地区 */
}

static void test_gongwen_indicator_rows_get_a_unit_column(void **state)
{
	const struct report_table *t = table(state, 2);

	assert_null(t->unit_line);
	assert_int_equal(t->ncols, 4);
	assert_string_equal(t->cells[1], "单位");
	assert_string_equal(t->cells[4 + 0], "贫困人口");
	assert_string_equal(t->cells[4 + 1], "万人");
	assert_string_equal(t->cells[4 + 2], "4.60");
	assert_string_equal(t->cells[4 + 3], "－9.40");
	assert_string_equal(t->cells[8 + 1], "%");
	assert_string_equal(t->cells[8 + 2], "4.60");
	/* the change of a percentage is not in the row's unit: it keeps its own */
	assert_string_equal(t->cells[8 + 3], "－9.40个百分点");
	assert_int_equal(t->align[1], REPORT_ALIGN_CENTER);
}

static void test_gongwen_units_cells_and_align_left_as_asked(void **state)
{
	const struct report_table *t = table(state, 3);

	assert_null(t->unit_line);
	assert_string_equal(t->cells[1], "贫困人口");
	assert_string_equal(t->cells[2 + 1], "4.00万人");
	assert_int_equal(t->align[1], REPORT_ALIGN_LEFT);
}

static void test_growth_column_of_indicator_rows_has_one_precision(void **state)
{
	const struct report_table *t = table(state, 4);
	size_t nc = t->ncols;

	/* -67.14% beside a growth of -0.0000094%: both to five places */
	assert_string_equal(t->cells[nc + nc - 1], "－67.14286");
	assert_string_equal(t->cells[2 * nc + nc - 1], "－0.00001");
}

static void test_column_widths_in_points(void **state)
{
	const struct report_table *t = table(state, 0);

	assert_non_null(t->width);
	assert_true(fabs(t->width[0] - MM(40)) < 1e-9);
	assert_true(fabs(t->width[1] - MM(30)) < 1e-9);
	assert_true(t->width[2] == 0 && t->width[3] == 0);
}

static void test_gongwen_tables_are_wu_hao_with_half_a_character_of_room(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	assert_true(rep->page.table_size == 10.5);
	assert_true(rep->page.table_pad == 10.5 / 2);
}

static void test_report_keeps_units_in_cells_right_aligned(void **state)
{
	const struct report_table *t = table(state, 0);

	assert_null(t->unit_line);
	assert_false(t->head_words);
	assert_string_equal(t->cells[1], "建档立卡" REPORT_HEAD_BREAK "贫困人口");
	assert_string_equal(t->cells[4 + 1], "4.60万人");
	assert_string_equal(t->cells[4 + 2], "－9.40个百分点");
	assert_int_equal(t->align[1], REPORT_ALIGN_RIGHT);
	assert_null(table(state, 1)->unit_line);
	assert_int_equal(table(state, 2)->ncols, 3); /* no 单位 column */
	assert_true(((struct world *)*state)->rep.page.table_size == 9.0);
	assert_true(((struct world *)*state)->rep.page.table_pad == 4.0);
}

int main(void)
{
	const struct CMUnitTest gongwen[] = {
		cmocka_unit_test(test_gongwen_units_of_mixed_columns_go_in_the_headers),
		cmocka_unit_test(test_gongwen_one_unit_goes_in_a_unit_line),
		cmocka_unit_test(test_gongwen_indicator_rows_get_a_unit_column),
		cmocka_unit_test(test_gongwen_units_cells_and_align_left_as_asked),
		cmocka_unit_test(test_column_widths_in_points),
		cmocka_unit_test(test_growth_column_of_indicator_rows_has_one_precision),
		cmocka_unit_test(test_gongwen_tables_are_wu_hao_with_half_a_character_of_room),
	};
	const struct CMUnitTest report[] = {
		cmocka_unit_test(test_report_keeps_units_in_cells_right_aligned),
		cmocka_unit_test(test_column_widths_in_points),
	};
	int failed = cmocka_run_group_tests(gongwen, setup, world_teardown);

	fixture_yaml = report_yaml;
	return failed + cmocka_run_group_tests(report, setup, world_teardown);
}
