#include <math.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"

/*
 * Blocks with nothing to show. A chart whose values are all missing or
 * all zero draws an empty frame (0 to 1.0, or only its placeholder) that
 * a reader can only puzzle over; a section whose every figure is zero is
 * a page of zeros. Both become one sentence that says why, so the report
 * stays true and short for a region the template was not sized for.
 */

/* 1 when some value of the chart is a non-zero figure. */
static int chart_has_figures(const struct report_chart *c)
{
	size_t s, i;

	for (i = 0; i < c->nrows; i++)
		if (isfinite(c->rows[i].progress))
			return 1;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncats; i++)
			if (isfinite(c->series[s].v[i]) && c->series[s].v[i] != 0)
				return 1;
	return 0;
}

/* 1 when every value of the chart is missing (else they are zero). */
static int chart_all_missing(const struct report_chart *c)
{
	size_t s, i;

	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncats; i++)
			if (!isnan(c->series[s].v[i]))
				return 0;
	return 1;
}

void report_chart_collapse(struct report_ctx *r, struct report_block *b)
{
	const struct report_chart *c = &b->chart;
	const char *why, *name = c->caption ? c->caption : "图";

	if (chart_has_figures(c))
		return;
	if (c->kind == REPORT_CHART_PROGRESS || c->ncats == 0 || chart_all_missing(c))
		why = "无可用数据";
	else
		why = "各项数值均为0";
	b->kind = REPORT_PARAGRAPH;
	b->text = arena_printf(r->a, "%s：%s，不作图。", name, why);
}

void report_section_collapse(struct report_ctx *r, struct report_section *s)
{
	const char *name = r->res->reg->name[r->region];

	s->blocks[0].kind = REPORT_PARAGRAPH;
	s->blocks[0].text = arena_printf(r->a, "截至%s底，%s本部分各项指标均为0或无数据，不再列表作图。",
					 report_period_label(r, r->res->report_period), name);
	s->blocks[0].notes = NULL;
	s->blocks[0].nnotes = 0;
	s->nblocks = 1;
}
