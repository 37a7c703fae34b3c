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
 * report_build on a small tree written to a temporary folder:
 *   R 65 新疆 -> P1 6531 喀什地区 -> C1 653121, C2 653122
 *             -> P2 6532 和田地区 -> C3 653221
 * In 2019 the region has 46000 poor of 1000000 (4.60%), 喀什 40000 of
 * 400000 (10.00%, 20.00% in 2018), 和田 6000 of 600000 (1.00%, 10.00%).
 */
static const char config_yaml[] =
	"report: {title: 进展报告, date: 2020-04-24}\n"
	"levels: [region, prefecture, county]\n"
	"data:\n"
	"  regions: regions.csv\n"
	"  sources: [{type: csv, path: values.csv}]\n"
	"indicators:\n"
	"  pop: {name: 人口, unit: 人}\n"
	"  poor: {name: 贫困人口, unit: 人, scale: 万, decimals: 2}\n"
	"  rate: {name: 贫困发生率, unit: '%', decimals: 2, formula: poor / pop * 100,\n"
	"    target: {value: 0, by: 2020, baseline: 2018, direction: down}}\n"
	"sections:\n"
	"  - title: 一、总体\n"
	"    blocks:\n"
	"      - text: 贫困人口{poor}，发生率{rate}，{region.name}。\n"
	"      - kpi: [poor, rate]\n"
	"      - table:\n"
	"          title: 表1 各地州\n"
	"          rows: children\n"
	"          total: true\n"
	"          columns:\n"
	"            - {indicator: poor}\n"
	"            - {indicator: rate, measure: change, from: 2018}\n"
	"            - {indicator: rate, measure: status}\n"
	"      - chart: {type: bar, indicator: poor, over: children}\n"
	"  - title: \"{region.name}\"\n"
	"    each: prefecture\n"
	"    blocks:\n"
	"      - text: 本地区{poor}\n";

/*
 * The rules of issue 13 on a tree where figures are small, zero or
 * missing: 疏附县 has 46 poor left in 2019, 疏勒县 none, 和田 none in
 * either year; income has no data; the source stated 50 for the region.
 */
static const char rules_values_csv[] =
	"region,period,indicator,value\n"
	"653121,2018,pop,100000\n653121,2019,pop,110000\n"
	"653122,2018,pop,300000\n653122,2019,pop,290000\n"
	"653221,2018,pop,600000\n653221,2019,pop,600000\n"
	"653121,2018,poor,50000\n653121,2019,poor,46\n"
	"653122,2018,poor,30000\n653122,2019,poor,0\n"
	"653221,2018,poor,0\n653221,2019,poor,0\n";

static const char rules_yaml[] =
	"report: {title: 进展报告, date: 2020-04-24}\n"
	"levels: [region, prefecture, county]\n"
	"data:\n"
	"  regions: regions.csv\n"
	"  sources: [{type: csv, title: 扶贫办建档立卡数据, path: values.csv}]\n"
	"indicators:\n"
	"  pop: {name: 人口, unit: 人}\n"
	"  income: {name: 人均收入, unit: 元, rollup: none}\n"
	"  poor: {name: 贫困人口, unit: 人, scale: 万, decimals: 2,\n"
	"    target: {value: 0, by: 2020, baseline: 2018, direction: down}}\n"
	"  rate: {name: 贫困发生率, unit: '%', decimals: 2, formula: poor / pop * 100}\n"
	"  sh: {name: 贫困人口占比, unit: '%', decimals: 2, formula: share(poor)}\n"
	"checks:\n"
	"  - {rule: stated, indicator: poor, value: 50, severity: warning}\n"
	"sections:\n"
	"  - title: 一、总体\n"
	"    blocks:\n"
	"      - text: 贫困人口{poor}。人均收入{income}，贫困人口{poor}。发生率{rate}。\n"
	"      - table:\n"
	"          title: 表1 各地州\n"
	"          rows: children\n"
	"          total: true\n"
	"          columns:\n"
	"            - {indicator: poor}\n"
	"            - {indicator: sh}\n"
	"            - {indicator: poor, measure: change, from: 2018}\n"
	"            - {indicator: poor, measure: progress}\n"
	"            - {indicator: poor, measure: status}\n"
	"      - chart: {type: bar, indicator: income, over: children}\n"
	"      - text: {say: 已全部脱贫。, when: poor == 0, otherwise: 尚未全部脱贫。}\n"
	"      - text: [\"收入{income}。\", 暂无收入数据。]\n"
	"      - text: {say: 仍有贫困人口。, when: poor > 1000}\n"
	"  - title: \"{region.name}\"\n"
	"    each: prefecture\n"
	"    blocks:\n"
	"      - text: 本地区贫困人口{poor}。\n"
	"      - table:\n"
	"          rows: children\n"
	"          columns: [{indicator: poor}]\n";

/* The fixture of the group being run. */
static const char *fixture_yaml = config_yaml, *fixture_values = world_values_csv;

static int setup(void **state)
{
	return world_setup(state, "report", regions_csv, fixture_values, fixture_yaml, 1);
}

static const struct report_block *block_of(const struct report *rep, size_t sec, size_t i,
					   enum report_block_kind kind)
{
	assert_true(sec < rep->nsections);
	assert_true(i < rep->sections[sec].nblocks);
	assert_int_equal(rep->sections[sec].blocks[i].kind, kind);
	return &rep->sections[sec].blocks[i];
}

static void test_report_paragraph_gets_formatted_figures(void **state)
{
	struct world *w = *state;

	assert_string_equal(block_of(&w->rep, 0, 0, REPORT_PARAGRAPH)->text,
			    "贫困人口4.60万人，发生率4.60%，新疆。");
}

static void test_report_kpi_figures_use_unit_scale_and_decimals(void **state)
{
	const struct report_kpi *k = &block_of(&((struct world *)*state)->rep, 0, 1,
					       REPORT_KPI)->kpi;

	assert_int_equal(k->n, 2);
	assert_string_equal(k->figures[0], "4.60万人");
	assert_string_equal(k->labels[0], "贫困人口");
	assert_string_equal(k->figures[1], "4.60%");
}

static void test_report_table_cells_are_final_text(void **state)
{
	const struct report_table *t = &block_of(&((struct world *)*state)->rep, 0, 2,
						 REPORT_TABLE)->table;

	assert_string_equal(t->title, "表1 各地州");
	assert_int_equal(t->ncols, 4);
	assert_int_equal(t->nrows, 4); /* header, 2 prefectures, total */
	assert_true(t->total);
	assert_string_equal(t->cells[0], "地区");
	/* the total first, under 合计 */
	assert_string_equal(t->cells[1 * 4 + 0], "合计");
	assert_string_equal(t->cells[1 * 4 + 2], "－9.40个百分点");
	assert_string_equal(t->cells[2 * 4 + 0], "喀什地区");
	/* the indicator's unit, scale and decimals */
	assert_string_equal(t->cells[2 * 4 + 1], "4.00万人");
	/* a change of a percentage is in percentage points, with a minus sign */
	assert_string_equal(t->cells[2 * 4 + 2], "－10.00个百分点");
	assert_int_equal(t->align[0], REPORT_ALIGN_LEFT);
	assert_int_equal(t->align[1], REPORT_ALIGN_RIGHT);
	assert_int_equal(t->align[3], REPORT_ALIGN_CENTER);
}

static void test_report_status_cell_gets_its_words_and_class(void **state)
{
	const struct report_table *t = &block_of(&((struct world *)*state)->rep, 0, 2,
						 REPORT_TABLE)->table;

	/* 和田: 10% -> 1%, 90% of the way by 2019 when 50% was due */
	assert_string_equal(t->cells[3 * 4 + 3], "进展顺利");
	assert_int_equal(t->status[3 * 4 + 3], REPORT_STATUS_ON_TRACK);
	assert_int_equal(t->status[3 * 4 + 1], REPORT_STATUS_NONE);
}

static void test_report_bar_chart_gets_display_values_and_labels(void **state)
{
	const struct report_chart *c = &block_of(&((struct world *)*state)->rep, 0, 3,
						 REPORT_CHART)->chart;

	assert_int_equal(c->kind, REPORT_CHART_BAR);
	assert_int_equal(c->ncats, 2);
	assert_string_equal(c->cats[0], "喀什地区");
	assert_int_equal(c->nseries, 1);
	/* in 万 as the axis reads */
	assert_true(fabs(c->series[0].v[0] - 4.0) < 1e-12);
	assert_true(fabs(c->series[0].v[1] - 0.6) < 1e-12);
	assert_string_equal(c->series[0].labels[1], "0.60");
	assert_string_equal(c->axis_title, "贫困人口（万人）");
	assert_string_equal(c->caption, "贫困人口");
}

static void test_report_each_section_repeats_per_region(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	assert_int_equal(rep->nsections, 3);
	assert_string_equal(rep->sections[1].title, "喀什地区");
	assert_string_equal(block_of(rep, 1, 0, REPORT_PARAGRAPH)->text, "本地区4.00万人");
	assert_string_equal(rep->sections[2].title, "和田地区");
	assert_string_equal(block_of(rep, 2, 0, REPORT_PARAGRAPH)->text, "本地区0.60万人");
	assert_int_equal(rep->ntoc, 3);
}

static void test_report_cover_has_the_date_and_period(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	assert_string_equal(rep->date, "2020年4月24日");
	assert_string_equal(rep->pdf_date, "D:20200424000000");
	assert_string_equal(rep->cover_period, "2019年");
	assert_null(rep->cover_region); /* the whole report's region */
}

static void test_report_burst_report_is_about_its_region(void **state)
{
	struct world *w = *state;
	struct results res = w->res;
	struct report rep;

	res.report_region = regions_find(w->res.reg, "6531");
	assert_int_equal(report_build(&w->cfg, &res, w->a, &w->d, &rep), 0);
	assert_string_equal(rep.cover_region, "喀什地区");
	assert_string_equal(block_of(&rep, 0, 0, REPORT_PARAGRAPH)->text,
			    "贫困人口4.00万人，发生率10.00%，喀什地区。");
	/* 喀什 has no prefecture below it: the each-section is not repeated */
	assert_int_equal(rep.nsections, 2);
}

static void test_report_refuses_a_date_that_is_not_a_day(void **state)
{
	struct world *w = *state;
	struct cfg cfg = w->cfg;
	struct report rep;
	size_t n = w->d.n;

	cfg.report.date = "2020-02-30";
	cfg.report.date_pos = (struct src_pos){"c.yaml", 1, 38};
	assert_int_equal(report_build(&cfg, &w->res, w->a, &w->d, &rep), -1);
	assert_int_equal(w->d.n, n + 1);
	assert_int_equal(w->d.items[n].pos.line, 1);
	assert_int_equal(w->d.items[n].pos.col, 38);
	assert_non_null(strstr(w->d.items[n].msg, "2020-02-30"));
}

static void test_report_date_parse_knows_the_calendar(void **state)
{
	int ymd[3];

	(void)state;
	assert_int_equal(cfg_parse_date("2020-02-29", ymd), 0);
	assert_int_equal(ymd[0] * 10000 + ymd[1] * 100 + ymd[2], 20200229);
	assert_int_equal(cfg_parse_date("2019-02-29", ymd), -1);
	assert_int_equal(cfg_parse_date("1900-02-29", ymd), -1);
	assert_int_equal(cfg_parse_date("2000-02-29", ymd), 0);
	assert_int_equal(cfg_parse_date("2020-13-45", ymd), -1);
	assert_int_equal(cfg_parse_date("2020-04-31", ymd), -1);
	assert_int_equal(cfg_parse_date("April 2020", ymd), -1);
	assert_int_equal(cfg_parse_date("2020-4-24", ymd), -1);
	assert_int_equal(cfg_parse_date("2020-04-24 ", ymd), -1);
	assert_int_equal(cfg_parse_date("2020-04", ymd), -1);
}

/* --- the rules fixture (rules_yaml) ----------------------------------- */

/* report.page: the presets' numbers, in points (docs/config.md). */
#define MM (72.0 / 25.4)

static void build_with_page(void **state, struct cfg_page page, struct report *rep)
{
	struct world *w = *state;
	struct cfg cfg = w->cfg;

	cfg.report.page = page;
	assert_int_equal(report_build(&cfg, &w->res, w->a, &w->d, rep), 0);
}

static struct cfg_page page_of(int preset)
{
	struct cfg_page p = { preset, NAN, NAN, NAN, NAN, NAN, NAN, -1, -1 };

	return p;
}

static void test_report_page_default_is_todays_geometry(void **state)
{
	const struct report_page *p = &((struct world *)*state)->rep.page;

	assert_string_equal(p->preset, "report");
	assert_true(p->margin_top == 72.0 && p->margin_left == 64.0 && p->body_size == 11.0);
	assert_true(p->header && p->footer == REPORT_FOOTER_PAGE_OF && p->kpi_boxes);
	assert_false(p->three_line);
}

static void test_report_page_gongwen_follows_gb_t_9704(void **state)
{
	struct report rep;
	const struct report_page *p = &rep.page;

	build_with_page(state, page_of(CFG_PAGE_GONGWEN), &rep);
	assert_float_equal(p->margin_top, 37 * MM, 1e-9);
	assert_float_equal(p->margin_left, 28 * MM, 1e-9);
	assert_float_equal(595.276 - p->margin_left - p->margin_right, 156 * MM, 0.01);
	assert_float_equal(841.890 - p->margin_top - p->margin_bottom, 225 * MM, 0.01);
	assert_float_equal(p->body_size, 16.0, 0);
	assert_float_equal(p->line_pitch * 22, 225 * MM, 1e-9);
	assert_int_equal(p->chars_per_line, 28);
	assert_float_equal(p->title_size, 22.0, 0);
	assert_false(p->header);
	assert_int_equal(p->footer, REPORT_FOOTER_GONGWEN);
	assert_float_equal(p->footer_size, 14.0, 0);
	assert_float_equal(p->footer_gap, 7 * MM, 1e-9);
}

static void test_report_page_values_override_the_preset(void **state)
{
	struct cfg_page c = page_of(CFG_PAGE_GONGWEN);
	struct report rep;

	c.margin_top = 30 * MM;
	c.body_size = 14.0;
	c.header = 1;
	c.footer = CFG_FOOTER_NONE;
	build_with_page(state, c, &rep);
	assert_float_equal(rep.page.margin_top, 30 * MM, 1e-9);
	assert_float_equal(rep.page.margin_left, 28 * MM, 1e-9);
	/* the pitch keeps its proportion to the size; the grid its width */
	assert_float_equal(rep.page.line_pitch, 225 * MM / 22 * 14 / 16, 1e-9);
	assert_int_equal(rep.page.chars_per_line, 32);
	assert_true(rep.page.header);
	assert_int_equal(rep.page.footer, REPORT_FOOTER_NONE);
}

static void test_report_page_bulletin_writes_kpis_as_a_sentence(void **state)
{
	struct report rep;

	build_with_page(state, page_of(CFG_PAGE_BULLETIN), &rep);
	assert_string_equal(block_of(&rep, 0, 1, REPORT_PARAGRAPH)->text,
			    "主要指标：贫困人口为4.60万人，贫困发生率为4.60%。");
	assert_null(block_of(&rep, 0, 2, REPORT_TABLE)->table.status);
	assert_true(rep.page.three_line);
}

static const struct report_table *rules_table(void **state)
{
	return &block_of(&((struct world *)*state)->rep, 0, 1, REPORT_TABLE)->table;
}

static void test_rules_small_figure_drops_its_scale_and_gets_a_footnote(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	/* 46 people, not "0.00万人"; the stated 50 is footnoted (①) and the
	 * rate of 0.0046% gets the places it needs; the sentence whose income
	 * is missing is left out, not printed with "—", and so is the
	 * footnote of its own stated figure */
	assert_string_equal(block_of(rep, 0, 0, REPORT_PARAGRAPH)->text,
			    "贫困人口46人①。发生率0.005%。");
	assert_int_equal(rep->sections[0].blocks[0].nnotes, 1);
	assert_string_equal(rep->sections[0].blocks[0].notes[0],
			    "① 此处贫困人口为按本报告数据计算的46人；公布数为50人。");
}

static void test_rules_table_total_first_with_share_of_100(void **state)
{
	const struct report_table *t = rules_table(state);
	const size_t nc = 6;

	assert_true(t->total);
	assert_string_equal(t->cells[1 * nc + 0], "合计");
	assert_string_equal(t->cells[1 * nc + 1], "46人");
	assert_string_equal(t->cells[1 * nc + 2], "100.00%");
	assert_string_equal(t->cells[2 * nc + 0], "喀什地区");
	/* one precision per column: 喀什's 46 people like the total's */
	assert_string_equal(t->cells[2 * nc + 1], "46人");
	assert_string_equal(t->cells[3 * nc + 1], "0人");
}

static void test_rules_change_has_a_minus_sign_not_a_hyphen(void **state)
{
	const struct report_table *t = rules_table(state);

	assert_string_equal(t->cells[1 * 6 + 3], "－8.00万人");
	assert_null(strchr(t->cells[2 * 6 + 3], '-'));
}

static void test_rules_target_met_from_the_start_reads_as_met(void **state)
{
	const struct report_table *t = rules_table(state);

	/* 和田: 0 -> 0 is not "100.0% 进展顺利" */
	assert_string_equal(t->cells[3 * 6 + 4], "已完成");
	assert_string_equal(t->cells[3 * 6 + 5], "已达标");
	/* 喀什: 80000 -> 46 is progress, still under way */
	assert_string_equal(t->cells[2 * 6 + 4], "99.9%");
}

static void test_rules_empty_chart_becomes_one_sentence(void **state)
{
	const struct report_block *b = block_of(&((struct world *)*state)->rep, 0, 2,
						REPORT_PARAGRAPH);

	assert_string_equal(b->text, "人均收入：无可用数据，不作图。");
}

static void test_rules_text_conditions_and_alternative_wordings(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	assert_string_equal(block_of(rep, 0, 3, REPORT_PARAGRAPH)->text, "尚未全部脱贫。");
	/* the first wording whose figures are all present */
	assert_string_equal(block_of(rep, 0, 4, REPORT_PARAGRAPH)->text, "暂无收入数据。");
	/* when: false without otherwise: no block at all */
	assert_int_equal(rep->sections[0].nblocks, 5);
}

static void test_rules_all_zero_section_collapses(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	/* sections: 一、总体, 喀什地区, 和田地区, 数据质量说明 */
	assert_int_equal(rep->nsections, 4);
	assert_string_equal(rep->sections[2].title, "和田地区");
	assert_int_equal(rep->sections[2].nblocks, 1);
	assert_string_equal(rep->sections[2].blocks[0].text,
			    "截至2019年底，和田地区本部分各项指标均为0或无数据，不再列表作图。");
}

static void test_rules_left_out_sentence_is_listed_in_quality_section(void **state)
{
	const struct report *rep = &((struct world *)*state)->rep;

	assert_string_equal(rep->sections[3].title, "数据质量说明");
	assert_string_equal(rep->sections[3].blocks[0].text,
			    "以下1处语句因缺少数据未写入正文：新疆“一、总体”一句（缺少人均收入）。");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_paragraph_gets_formatted_figures),
		cmocka_unit_test(test_report_kpi_figures_use_unit_scale_and_decimals),
		cmocka_unit_test(test_report_table_cells_are_final_text),
		cmocka_unit_test(test_report_status_cell_gets_its_words_and_class),
		cmocka_unit_test(test_report_bar_chart_gets_display_values_and_labels),
		cmocka_unit_test(test_report_each_section_repeats_per_region),
		cmocka_unit_test(test_report_cover_has_the_date_and_period),
		cmocka_unit_test(test_report_burst_report_is_about_its_region),
		cmocka_unit_test(test_report_refuses_a_date_that_is_not_a_day),
		cmocka_unit_test(test_report_date_parse_knows_the_calendar),
		cmocka_unit_test(test_report_page_default_is_todays_geometry),
		cmocka_unit_test(test_report_page_gongwen_follows_gb_t_9704),
		cmocka_unit_test(test_report_page_values_override_the_preset),
		cmocka_unit_test(test_report_page_bulletin_writes_kpis_as_a_sentence),
	};

	const struct CMUnitTest rules[] = {
		cmocka_unit_test(test_rules_small_figure_drops_its_scale_and_gets_a_footnote),
		cmocka_unit_test(test_rules_table_total_first_with_share_of_100),
		cmocka_unit_test(test_rules_change_has_a_minus_sign_not_a_hyphen),
		cmocka_unit_test(test_rules_target_met_from_the_start_reads_as_met),
		cmocka_unit_test(test_rules_empty_chart_becomes_one_sentence),
		cmocka_unit_test(test_rules_text_conditions_and_alternative_wordings),
		cmocka_unit_test(test_rules_all_zero_section_collapses),
		cmocka_unit_test(test_rules_left_out_sentence_is_listed_in_quality_section),
	};
	int failed = cmocka_run_group_tests(tests, setup, world_teardown);

	fixture_yaml = rules_yaml;
	fixture_values = rules_values_csv;
	return failed + cmocka_run_group_tests(rules, setup, world_teardown);
}
