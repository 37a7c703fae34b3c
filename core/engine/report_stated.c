#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/checks.h"
#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/xalloc.h"

/*
 * Stated figures in sentences. A `stated` check says what a source
 * document published for one indicator, region and period; when the data
 * gives another figure and a sentence prints that figure, the reader must
 * not get one of them silently. The check's `print:` decides which figure
 * the sentence shows; the other goes into a footnote of the section (a
 * circled number after the figure, numbered per section, the note right
 * under the paragraph that holds it). Under the paragraph rather than at
 * the foot of the page: the model is final before pages exist, and a
 * paragraph is short and kept together, so its note shares the page of
 * the figure without the layout moving text between pages (a foot-of-page
 * area would have to be reserved before the page is filled). 数据质量说明
 * lists the same mismatch through the check's finding.
 */

/* Footnote marks ①..⑳; past 20 "(21)". */
static const char *mark(struct report_ctx *r, size_t k)
{
	static const char *const circled[] = { "①", "②", "③", "④", "⑤", "⑥", "⑦",
					       "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭",
					       "⑮", "⑯", "⑰", "⑱", "⑲", "⑳" };

	if (k < 20)
		return circled[k];
	return arena_printf(r->a, "（%zu）", k + 1);
}

/* The indicator and period a placeholder prints, when it is one
 * indicator's value ({x} or {x@2013}); -1 otherwise. */
static int piece_period(const struct report_ctx *r, const struct cfg_piece *pc, int *ind)
{
	const struct expr *e = pc->expr;
	int per = r->res->report_period;

	if (e->op == EXPR_AT) {
		const struct expr_period *p = &e->at;

		per = p->relative ? per + p->offset : period_index(&r->res->axis, p->abs);
		e = e->a;
	}
	if (e->op != EXPR_REF || e->ind < 0 || per < 0 || per >= r->res->nper)
		return -1;
	*ind = e->ind;
	return per;
}

static const struct cfg_check *stated_check(const struct report_ctx *r, int ind, int per)
{
	const struct results *res = r->res;
	size_t i;

	for (i = 0; i < r->cfg->nchecks; i++) {
		const struct cfg_check *ck = &r->cfg->checks[i];
		int reg = ck->region ? regions_find(res->reg, ck->region) : res->report_region;
		int p = ck->has_period ? period_index(&res->axis, ck->period) : res->report_period;

		if (ck->kind == CHECK_STATED && ck->ind == ind && reg == r->region && p == per)
			return ck;
	}
	return NULL;
}

/* The note: both figures, which one the sentence shows, and the source. */
static const char *note_text(struct report_ctx *r, const struct cfg_check *ck, double v)
{
	const struct cfg_indicator *ci = &r->cfg->ind[ck->ind];
	const double both[2] = { ck->stated, v };
	/* one format for both, with the places it takes for them to differ */
	struct numfmt f = report_fig_fit(&ci->fmt, ci->scale_mode, both, 2);
	const char *pub = report_fig_text(r, ck->stated, &f);
	const char *com = report_fig_text(r, v, &f);
	const char *name = ci->name;

	while (strcmp(pub, com) == 0 && f.decimals < 6) {
		f.decimals++;
		pub = report_fig_text(r, ck->stated, &f);
		com = report_fig_text(r, v, &f);
	}

	if (ck->print == STATED_PRINT_PUBLISHED)
		return arena_printf(r->a, "此处%s为公布数%s；按本报告数据计算为%s。", name, pub,
				    com);
	return arena_printf(r->a, "此处%s为按本报告数据计算的%s；公布数为%s。", name, com, pub);
}

const char *report_stated_figure(struct report_ctx *r, const struct cfg_piece *pc, double *v)
{
	const struct cfg_check *ck;
	int ind = -1, per;
	const char *m;

	if (isnan(*v) || (per = piece_period(r, pc, &ind)) < 0 ||
	    !(ck = stated_check(r, ind, per)) || !checks_differ(ck, *v, ck->stated))
		return NULL;
	if (ck->print == STATED_PRINT_FAIL) {
		diag_error(r->d, ck->pos,
			   "stated figure of '%s' differs from the data and the check says "
			   "'print: fail'", r->cfg->ind[ind].id);
		return NULL;
	}
	xgrow((void **)&r->notes, &r->capnotes, r->nnotes + 1, sizeof(*r->notes));
	m = mark(r, r->nmarks++);
	r->notes[r->nnotes] = arena_printf(r->a, "%s %s", m, note_text(r, ck, *v));
	r->nnotes++;
	if (ck->print == STATED_PRINT_PUBLISHED)
		*v = ck->stated;
	return m;
}

void report_stated_notes(struct report_ctx *r, struct report_block *b)
{
	if (r->nnotes == 0)
		return;
	b->notes = arena_alloc(r->a, r->nnotes * sizeof(*b->notes));
	memcpy(b->notes, r->notes, r->nnotes * sizeof(*b->notes));
	b->nnotes = r->nnotes;
	r->nnotes = 0;
}
