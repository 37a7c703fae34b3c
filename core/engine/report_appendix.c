#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/checks.h"
#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"

/*
 * The generated parts after the config's sections, each turned on by a
 * report key (default off, so a config shows exactly what it asks for):
 * quality_section: true      "数据质量说明": every finding of the data
 *                            checks (failed errors stop the render before
 *                            this, so these are warnings) in Chinese;
 * definitions_appendix: true "指标说明": a table of every indicator: name
 *                            and unit, definition, formula, data source,
 *                            rollup rule, target.
 */

/* blocks grown from n to m in the arena (the old ones stay there). */
static struct report_block *arena_realloc_blocks(struct report_ctx *r, struct report_block *b,
						 size_t n, size_t m)
{
	struct report_block *nb = arena_zalloc(r->a, m * sizeof(*nb));

	if (n)
		memcpy(nb, b, n * sizeof(*nb));
	return nb;
}

/* Findings listed in the PDF; the rest are counted. */
#define QUALITY_MAX_ROWS 60

static const char *show(struct report_ctx *r, int ind, double x)
{
	return report_fig_ind(r, x, ind);
}

/* Two figures with as many places as it takes for them to differ. */
static void show_pair(struct report_ctx *r, int ind, double x, double y, const char **a,
		      const char **b)
{
	struct numfmt f = r->cfg->ind[ind].fmt;
	char p[96], q[96];

	for (;;) {
		if (fmt_display(x, &f, p, sizeof(p)) < 0)
			snprintf(p, sizeof(p), "%s", FMT_MISSING);
		if (fmt_display(y, &f, q, sizeof(q)) < 0)
			snprintf(q, sizeof(q), "%s", FMT_MISSING);
		if (strcmp(p, q) != 0 || f.decimals >= 15)
			break;
		f.decimals++;
	}
	*a = arena_strdup(r->a, p);
	*b = arena_strdup(r->a, q);
}

static int period_of(const struct results *res, const struct expr_period *p, int cur)
{
	int i = cur + p->offset;

	if (!p->relative)
		return period_index(&res->axis, p->abs);
	return i >= 0 && i < res->nper ? i : -1;
}

/* How a derived figure follows from the data, in words, for the single
 * calls the checks name (cagr, pp); NULL for any other formula. */
static const char *how_computed(struct report_ctx *r, int ind, int reg, int per)
{
	const struct expr *e = r->cfg->ind[ind].expr, *x;
	struct arena *a = r->a;
	char pa[16], pb[16];
	int from, to;

	if (!e || e->op != EXPR_CALL)
		return NULL;
	x = e->args[0];
	if (e->fn == FN_CAGR && x->op == EXPR_REF) {
		from = period_of(r->res, &e->pargs[0], per);
		to = period_of(r->res, &e->pargs[1], per);
		if (from < 0 || to < 0)
			return NULL;
		period_format(period_at(&r->res->axis, from), pa, sizeof(pa));
		period_format(period_at(&r->res->axis, to), pb, sizeof(pb));
		return arena_printf(a, "%s由%s增至%s（%s—%s年）的年均增长率", r->cfg->ind[x->ind].name,
				    show(r, x->ind, res_get(r->res, x->ind, reg, from)),
				    show(r, x->ind, res_get(r->res, x->ind, reg, to)), pa, pb);
	}
	if (e->fn == FN_PP && x->op == EXPR_REF && e->args[1]->op == EXPR_REF) {
		int y = e->args[1]->ind;
		return arena_printf(a, "%s（%s）与%s（%s）之差", r->cfg->ind[x->ind].name,
				    show(r, x->ind, res_get(r->res, x->ind, reg, per)),
				    r->cfg->ind[y].name, show(r, y, res_get(r->res, y, reg, per)));
	}
	return NULL;
}

/* One finding in readable Chinese. */
static const char *finding_text(struct report_ctx *r, const struct check_finding *f)
{
	const struct cfg_check *ck = &r->cfg->checks[f->check];
	const struct cfg_indicator *ci = &r->cfg->ind[ck->ind];
	struct arena *a = r->a;
	const char *x, *y, *how;

	switch (ck->kind) {
	case CHECK_RANGE:
		show_pair(r, ck->ind, f->value, f->other, &x, &y);
		return arena_printf(a, "%s为%s，%s%s", ci->name, x,
				    f->value < f->other ? "低于下限" : "高于上限", y);
	case CHECK_NOT_EXCEED:
		return arena_printf(a, "%s（%s）超过%s（%s）", ci->name, show(r, ck->ind, f->value),
				    r->cfg->ind[ck->other].name, show(r, ck->other, f->other));
	case CHECK_SUM_OF_CHILDREN:
		show_pair(r, ck->ind, f->value, f->other, &x, &y);
		return arena_printf(a, "%s为%s，下级合计为%s", ci->name, x, y);
	case CHECK_STATED:
		break;
	}
	if (isnan(f->value))
		return arena_printf(a, "原文%s为%s，数据无法计算该指标", ci->name,
				    show(r, ck->ind, f->other));
	show_pair(r, ck->ind, f->other, f->value, &x, &y);
	how = ci->is_derived ? how_computed(r, ck->ind, f->region, f->period) : NULL;
	if (how)
		return arena_printf(a, "原文%s为%s，按%s计算为%s", ci->name, x, how, y);
	return arena_printf(a, "原文%s为%s，按数据%s为%s", ci->name, x,
			    ci->is_derived ? "计算" : "", y);
}

/* A table of five text columns in the arena, header row filled. */
static void text_table(struct report_ctx *r, struct report_table *t, const char *title,
		       const char *const *head, size_t nbody)
{
	const size_t nc = 5;
	size_t c;

	memset(t, 0, sizeof(*t));
	t->title = title;
	t->ncols = nc;
	t->nhead = 1;
	t->nrows = nbody + 1;
	t->cells = arena_zalloc(r->a, t->nrows * nc * sizeof(char *));
	t->align = arena_zalloc(r->a, nc * sizeof(*t->align));
	for (c = 0; c < nc; c++)
		t->cells[c] = head[c];
}

static void quality_table(struct report_ctx *r, const struct check_findings *f, size_t shown,
			  struct report_table *t)
{
	static const char *const head[] = {"序号", "地区", "时期", "情况", "说明"};
	static const unsigned char whole[] = {1, 1, 1, 0, 0}; /* 序号, 地区, 时期 */
	struct arena *a = r->a;
	const size_t nc = 5;
	size_t i;

	text_table(r, t, "附表 数据校验发现的问题", head, shown);
	t->align[0] = REPORT_ALIGN_RIGHT;
	t->whole = whole;
	for (i = 0; i < shown; i++) {
		const struct check_finding *x = &f->v[i];
		const struct cfg_check *ck = &r->cfg->checks[x->check];
		const char **row = t->cells + (i + 1) * nc;

		row[0] = arena_printf(a, "%zu", i + 1);
		/* code and name, kept on one line (t->whole) */
		row[1] = arena_printf(a, "%s %s", r->res->reg->code[x->region],
				      r->res->reg->name[x->region]);
		row[2] = report_period_label(r, x->period);
		row[3] = ck->severity == DIAG_ERROR
			? arena_printf(a, "（错误）%s", finding_text(r, x)) : finding_text(r, x);
		row[4] = ck->note ? ck->note : "";
	}
	if (f->n > shown || f->dropped)
		t->note = arena_printf(a, "注：另有%zu处问题未列出，完整清单见 progrep check 的输出。",
				       f->n - shown + f->dropped);
}

/* A section that starts a new page, with a level-0 heading in the table of
 * contents and n blocks. */
static struct report_section *appendix_section(struct report_ctx *r, const char *title, size_t n)
{
	struct report_section *s = report_add_section(r);

	s->title = title;
	s->toc = 1;
	s->new_page = 1;
	s->blocks = arena_zalloc(r->a, n * sizeof(*s->blocks));
	s->nblocks = n;
	return s;
}

/* The checks that could not run, by what they would have checked: a
 * reader must not take them as passed. "" when every check ran. */
static const char *not_run_text(struct report_ctx *r, const struct check_findings *f)
{
	const char *list = "";
	size_t i;

	if (f->nnot_run == 0)
		return "";
	for (i = 0; i < f->nnot_run; i++) {
		const struct cfg_check *ck = &r->cfg->checks[f->not_run[i]];
		list = arena_printf(r->a, "%s%s%s", list, i ? "、" : "", r->cfg->ind[ck->ind].name);
	}
	return arena_printf(r->a, "另有%zu项校验因数据中没有可比较的上下级数值而未能进行"
			    "（%s的上下级汇总），其结果未经核对。", f->nnot_run, list);
}

static void quality_section(struct report_ctx *r)
{
	struct check_findings own;
	const struct check_findings *fp = r->res->findings;
	struct arena *a = r->a;
	struct report_section *s;
	size_t shown;

	/* The run's findings when the checks have run (cmd/run.c), else
	 * collected here. */
	memset(&own, 0, sizeof(own));
	if (!fp) {
		checks_collect(r->cfg, r->res, NULL, &own);
		fp = &own;
	}
	s = appendix_section(r, "数据质量说明", fp->n == 0 ? 1 : 2);
	s->blocks[0].kind = REPORT_PARAGRAPH;
	if (fp->n == 0 && fp->nnot_run == r->cfg->nchecks && fp->nnot_run) {
		s->blocks[0].text = arena_printf(a, "本报告数据未经校验。%s", not_run_text(r, fp));
		checks_findings_release(&own);
		return;
	}
	if (fp->n == 0) {
		s->blocks[0].text = arena_printf(a, "本报告数据经%zu项数据校验（上下级汇总一致、"
						 "取值范围、指标间大小关系、与原文数字一致）"
						 "检查，未发现问题。%s", r->cfg->nchecks - fp->nnot_run,
						 not_run_text(r, fp));
		checks_findings_release(&own);
		return;
	}
	shown = fp->n < QUALITY_MAX_ROWS ? fp->n : QUALITY_MAX_ROWS;
	s->blocks[0].text = arena_printf(a, "本报告数据经%zu项数据校验（上下级汇总一致、取值"
					 "范围、指标间大小关系、与原文数字一致）检查，发现"
					 "%zu处问题，列示如下。报告正文中的数字均由数据计算"
					 "得出。%s",
					 r->cfg->nchecks - fp->nnot_run, fp->n + fp->dropped,
					 not_run_text(r, fp));
	s->blocks[1].kind = REPORT_TABLE;
	quality_table(r, fp, shown, &s->blocks[1].table);
	checks_findings_release(&own);
}

static const char *rollup_words(struct report_ctx *r, const struct cfg_indicator *ci)
{
	if (ci->is_derived)
		return "由公式计算";
	switch (ci->rollup) {
	case ROLLUP_SUM:
		return "下级求和";
	case ROLLUP_MEAN:
		return "下级平均";
	case ROLLUP_MIN:
		return "下级最小值";
	case ROLLUP_MAX:
		return "下级最大值";
	case ROLLUP_LAST:
		return "取最后一个有数据的下级";
	case ROLLUP_WMEAN:
		return arena_printf(r->a, "按%s加权平均",
				    r->cfg->ind[ci->weight].name);
	case ROLLUP_NONE:
		break;
	}
	return "不汇总（各级使用数据给出的值）";
}

static const char *source_words(struct report_ctx *r, const struct cfg_indicator *ci)
{
	struct arena *a = r->a;
	const char *out = "";
	size_t i;

	if (ci->is_derived)
		return "由公式计算";
	for (i = 0; i < r->cfg->nsources; i++) {
		const struct cfg_source *s = &r->cfg->sources[i];
		/* a reader knows a source by its title, never by a file name */
		const char *name = s->title ? s->title : "报送数据";

		if (strstr(out, name))
			continue; /* untitled sources read the same */
		out = arena_printf(a, "%s%s%s", out, *out ? "、" : "", name);
	}
	return out;
}

static const char *target_words(struct report_ctx *r, int ind)
{
	const struct cfg_target *t = &r->cfg->ind[ind].target;
	char by[16];

	if (!t->present)
		return "—";
	period_format(t->by, by, sizeof(by));
	return arena_printf(r->a, "%s年%s%s", by,
			    t->direction == DIR_DOWN ? "降至" : "达到", show(r, ind, t->value));
}

static const char *name_unit(struct report_ctx *r, const struct cfg_indicator *ci)
{
	const struct numfmt *f = &ci->fmt;

	if (!*f->unit && !*f->scale_label)
		return ci->name;
	return arena_printf(r->a, "%s（%s%s）", ci->name, f->scale_label, f->unit);
}

static void definitions(struct report_ctx *r)
{
	static const char *const head[] = {"指标（单位）", "定义", "计算方法", "数据来源", "目标"};
	const struct cfg *cfg = r->cfg;
	struct report_section *s = appendix_section(r, "指标说明", 1);
	struct report_table *t = &s->blocks[0].table;
	const size_t nc = 5;
	size_t i;

	s->blocks[0].kind = REPORT_TABLE;
	text_table(r, t, "附表 指标定义、计算方法与数据来源", head, cfg->nind);
	for (i = 0; i < cfg->nind; i++) {
		const struct cfg_indicator *ci = &cfg->ind[i];
		const char **row = t->cells + (i + 1) * nc;
		row[0] = name_unit(r, ci);
		row[1] = ci->definition ? ci->definition : "—";
		row[2] = ci->is_derived && ci->expr
			? report_formula_words(r, ci->expr)
			: arena_printf(r->a, "基础数据，%s", rollup_words(r, ci));
		row[3] = source_words(r, ci);
		row[4] = target_words(r, (int)i);
	}
	t->note = "注：年均增长率＝[（止年数值÷起年数值）的（1÷年数）次方－1]×100%。"
		  "由公式计算的指标在各级均按汇总后的数据计算（比率由汇总后的分子、分母计算，不对下级比率"
		  "求平均）。";
}

/* Sentences left out for a missing figure (report_text.c), one paragraph
 * after the findings: a reader learns what the report does not say. */
static void omissions(struct report_ctx *r)
{
	struct report_section *s;
	const char *list = "";
	size_t i;

	if (r->nomitted == 0)
		return;
	if (!r->cfg->report.quality_section)
		appendix_section(r, "数据质量说明", 0);
	s = &r->secs[r->nsecs - 1];
	for (i = 0; i < r->nomitted; i++) {
		const struct report_omission *o = &r->omitted[i];

		list = arena_printf(r->a, "%s%s%s%s%s%s一句（缺少%s）", list, i ? "；" : "",
				    r->res->reg->name[o->region], o->section ? "“" : "",
				    o->section ? o->section : "", o->section ? "”" : "", o->what);
	}
	s->blocks = arena_realloc_blocks(r, s->blocks, s->nblocks, s->nblocks + 1);
	s->blocks[s->nblocks].kind = REPORT_PARAGRAPH;
	s->blocks[s->nblocks++].text = arena_printf(
		r->a, "以下%zu处语句因缺少数据未写入正文：%s。",
		r->nomitted, list);
	free(r->omitted);
	r->omitted = NULL;
}

void report_appendix(struct report_ctx *r)
{
	if (r->cfg->report.quality_section)
		quality_section(r);
	omissions(r);
	if (r->cfg->report.definitions_appendix)
		definitions(r);
}
