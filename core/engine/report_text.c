#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"
#include "core/util/strbuf.h"

/* Template expansion: the text of paragraphs, titles and captions. */

static const char *sb_finish(struct report_ctx *r, struct strbuf *b)
{
	const char *s = arena_strdup(r->a, b->s ? b->s : "");

	free(b->s);
	return s;
}

const char *report_period_label(struct report_ctx *r, int per)
{
	char buf[64];

	if (per < 0)
		return FMT_MISSING;
	return arena_strdup(r->a, period_label(period_at(&r->res->axis, per), buf, sizeof(buf)));
}

const char *report_show(struct report_ctx *r, double x, const struct numfmt *f)
{
	char buf[FMT_DISPLAY_MAX];

	if (fmt_display(x, f, buf, sizeof(buf)) < 0)
		return FMT_MISSING;
	return arena_strdup(r->a, buf);
}

/* The text of a built-in placeholder, or NULL when name is none. */
static const char *builtin(const struct report_ctx *r, const char *name, size_t len, char *buf,
			   size_t n)
{
	const struct regions *rg = r->res->reg;
	const char *w = report_levels_word(r, name, len);

	if (w)
		return w;
	if (len == 11 && memcmp(name, "region.name", 11) == 0)
		return rg->name[r->region];
	if (len == 11 && memcmp(name, "region.code", 11) == 0)
		return rg->code[r->region];
	if (len == 6 && memcmp(name, "period", 6) == 0)
		return period_format(period_at(&r->res->axis, r->res->report_period), buf, n);
	if (len == 12 && memcmp(name, "report.title", 12) == 0)
		return r->cfg->report.title ? r->cfg->report.title : "";
	return NULL;
}

/* The figure of a placeholder at the current region and report period;
 * *missing set when it has none. */
static void placeholder(struct report_ctx *r, const struct cfg_piece *pc, struct strbuf *b,
			int *missing)
{
	char buf[FMT_DISPLAY_MAX];
	const char *s;
	struct numfmt f = { "", 0, "", 2, r->cfg->rounding, r->cfg->thousands };
	int mode = SCALE_GIVEN;
	double v;

	if (pc->special) {
		s = builtin(r, pc->special, strlen(pc->special), buf, sizeof(buf));
		strbuf_adds(b, s ? s : "");
		return;
	}
	if (!pc->expr)
		return;
	v = expr_eval(pc->expr, &r->ctx, r->region, r->res->report_period);
	if (pc->ind >= 0) {
		f = r->cfg->ind[pc->ind].fmt;
		mode = r->cfg->ind[pc->ind].scale_mode;
	} else if (!isnan(v) && v == floor(v) && fabs(v) < 1e15) {
		f.decimals = 0; /* a count reads better without ".00" */
	}
	if (pc->decimals >= 0)
		f.decimals = pc->decimals;
	*missing |= isnan(v);
	s = report_stated_figure(r, pc, &v);
	strbuf_adds(b, report_fig(r, v, &f, mode));
	if (s)
		strbuf_adds(b, s);
}

const char *report_expand(struct report_ctx *r, const struct cfg_template *t)
{
	struct strbuf b = {0};
	size_t i;
	int missing = 0;

	for (i = 0; i < t->n; i++) {
		if (t->pieces[i].lit)
			strbuf_adds(&b, t->pieces[i].lit);
		else
			placeholder(r, &t->pieces[i], &b, &missing);
	}
	if (t->n == 0 && t->text)
		strbuf_adds(&b, t->text);
	return sb_finish(r, &b);
}

/* The name a reader knows a placeholder's figure by. */
static const char *figure_name(struct report_ctx *r, const struct cfg_piece *pc)
{
	return pc->ind >= 0 ? r->cfg->ind[pc->ind].name : "计算数值";
}

/* The sentence in cur ends: kept, or left out and recorded when one of
 * its figures is missing. */
static void sentence_end(struct report_ctx *r, struct strbuf *cur, struct strbuf *b,
			 const char *missing)
{
	struct report_omission *o;

	if (!missing) {
		if (cur->s)
			strbuf_adds(b, cur->s);
	} else {
		xgrow((void **)&r->omitted, &r->capomitted, r->nomitted + 1, sizeof(*o));
		o = &r->omitted[r->nomitted++];
		o->region = r->region;
		o->section = r->section_title;
		o->what = missing;
		/* its footnotes go with it: a note without its mark */
		r->nmarks -= r->nnotes - r->sentence_notes;
		r->nnotes = r->sentence_notes;
	}
	r->sentence_notes = r->nnotes;
	free(cur->s);
	memset(cur, 0, sizeof(*cur));
}

/* A literal run: every 。 ends a sentence. */
static void literal(struct report_ctx *r, const char *s, struct strbuf *cur, struct strbuf *b,
		    const char **missing)
{
	const char *end;

	while ((end = strstr(s, "。")) != NULL) {
		strbuf_add(cur, s, (size_t)(end - s) + strlen("。"));
		sentence_end(r, cur, b, *missing);
		*missing = NULL;
		s = end + strlen("。");
	}
	strbuf_adds(cur, s);
}

const char *report_expand_para(struct report_ctx *r, const struct cfg_template *t)
{
	struct strbuf b = {0}, cur = {0};
	const char *missing = NULL;
	size_t i;
	int m;

	r->sentence_notes = r->nnotes;
	for (i = 0; i < t->n; i++) {
		if (t->pieces[i].lit) {
			literal(r, t->pieces[i].lit, &cur, &b, &missing);
			continue;
		}
		m = 0;
		placeholder(r, &t->pieces[i], &cur, &m);
		if (m && !missing)
			missing = figure_name(r, &t->pieces[i]);
	}
	if (t->n == 0 && t->text)
		strbuf_adds(&cur, t->text);
	sentence_end(r, &cur, &b, missing);
	return sb_finish(r, &b);
}

const char *report_expand_plain(struct report_ctx *r, const char *s)
{
	struct strbuf b = {0};
	const char *p, *close, *v;
	char buf[64];

	if (!s)
		return NULL;
	for (p = s; *p; p++) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			strbuf_add(&b, p++, 1);
			continue;
		}
		close = p[0] == '{' ? strchr(p, '}') : NULL;
		v = close ? builtin(r, p + 1, (size_t)(close - p - 1), buf, sizeof(buf)) : NULL;
		if (v) {
			strbuf_adds(&b, v);
			p = close;
		} else {
			strbuf_add(&b, p, 1);
		}
	}
	return sb_finish(r, &b);
}

const char *report_title_of(struct report_ctx *r, const char *text,
			    const struct cfg_template *tpl)
{
	if (tpl && tpl->n > 0)
		return report_expand(r, tpl);
	return report_expand_plain(r, text);
}

/* Are the figures of every placeholder of t present? */
static int all_present(struct report_ctx *r, const struct cfg_template *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->pieces[i].expr &&
		    isnan(expr_eval(t->pieces[i].expr, &r->ctx, r->region, r->res->report_period)))
			return 0;
	return 1;
}

const char *report_text_block(struct report_ctx *r, const struct cfg_block *b)
{
	size_t i;
	double c;

	if (b->when) {
		c = expr_eval(b->when, &r->ctx, r->region, r->res->report_period);
		if (isnan(c) || c == 0)
			return b->has_otherwise ? report_expand_para(r, &b->otherwise) : "";
	}
	for (i = 0; i + 1 < b->nalts; i++)
		if (all_present(r, &b->alts[i]))
			return report_expand_para(r, &b->alts[i]);
	return report_expand_para(r, b->nalts ? &b->alts[b->nalts - 1] : &b->text);
}
