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

static void placeholder(struct report_ctx *r, const struct cfg_piece *pc, struct strbuf *b)
{
	char buf[FMT_DISPLAY_MAX];
	const char *s;
	struct numfmt f = { "", 0, "", 2, r->cfg->rounding, r->cfg->thousands };
	double v;

	if (pc->special) {
		s = builtin(r, pc->special, strlen(pc->special), buf, sizeof(buf));
		strbuf_adds(b, s ? s : "");
		return;
	}
	if (!pc->expr)
		return;
	v = expr_eval(pc->expr, &r->ctx, r->region, r->res->report_period);
	if (pc->ind >= 0)
		f = r->cfg->ind[pc->ind].fmt;
	else if (!isnan(v) && v == floor(v) && fabs(v) < 1e15)
		f.decimals = 0; /* a count reads better without ".00" */
	if (pc->decimals >= 0)
		f.decimals = pc->decimals;
	if (fmt_display(v, &f, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "%s", FMT_MISSING);
	strbuf_adds(b, buf);
}

const char *report_expand(struct report_ctx *r, const struct cfg_template *t)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->pieces[i].lit)
			strbuf_adds(&b, t->pieces[i].lit);
		else
			placeholder(r, &t->pieces[i], &b);
	}
	if (t->n == 0 && t->text)
		strbuf_adds(&b, t->text);
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
