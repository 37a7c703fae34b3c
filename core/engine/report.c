#include "core/engine/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/xalloc.h"

/* The report driver: cover data, date, sections in reading order. */

/* Headings of levels 0 and 1 are listed in the table of contents. */
#define TOC_LEVELS 2

/* The report date: the config's report.date (checked by cfg_load), else
 * SOURCE_DATE_EPOCH; the clock is never read, so runs are reproducible.
 * t[] gets year, month, day, hour, minute, second. 1 when there is a
 * date, 0 when not, -1 after an error. */
static int report_date(struct report_ctx *r, int t[6])
{
	const struct cfg_report *rp = &r->cfg->report;
	const char *env;
	struct tm tm;
	time_t sec;

	memset(t, 0, 6 * sizeof(int));
	if (rp->date) {
		if (cfg_parse_date(rp->date, t) == 0)
			return 1;
		return diag_error(r->d, rp->date_pos, "'date' must be a day written YYYY-MM-DD, "
						      "e.g. 2020-04-24, got '%s'", rp->date);
	}
	env = getenv("SOURCE_DATE_EPOCH");
	if (!env || !*env)
		return 0;
	sec = (time_t)strtoll(env, NULL, 10);
	if (!gmtime_r(&sec, &tm))
		return 0;
	t[0] = tm.tm_year + 1900;
	t[1] = tm.tm_mon + 1;
	t[2] = tm.tm_mday;
	t[3] = tm.tm_hour;
	t[4] = tm.tm_min;
	t[5] = tm.tm_sec;
	return 1;
}

/* Title, subtitle, document information and what the cover shows. */
static void front(struct report_ctx *r, struct report *out)
{
	const struct cfg_report *rp = &r->cfg->report;
	const char *name = r->res->reg->name[r->region], *sub;

	out->title = rp->title ? report_title_of(r, rp->title, &rp->title_tpl) : "";
	out->subtitle = sub = rp->subtitle ? report_title_of(r, rp->subtitle, &rp->subtitle_tpl)
					   : NULL;
	out->office = rp->office;
	out->cover = rp->cover;
	out->toc = rp->toc;
	out->author = rp->author ? rp->author : rp->office;
	out->subject = rp->subject;
	out->keywords = rp->keywords;
	out->font_body = rp->font_body ? rp->font_body : "AR PL UMing CN";
	out->font_heading = rp->font_heading ? rp->font_heading : "WenQuanYi Zen Hei";
	out->font_title = rp->font_title ? rp->font_title : "AR PL UMing CN";
	out->font_latin = rp->font_latin ? rp->font_latin : "Liberation Serif";
	out->font_kai = rp->font_kai ? rp->font_kai : "AR PL UKai CN";
	report_page_fill(&rp->page, &out->page);
	/* A report burst out for one region (--each) names it, unless the
	 * title already does ({region.name}). */
	if (r->region != 0 && !(rp->region && strcmp(rp->region, r->res->reg->code[r->region]) == 0) &&
	    !strstr(out->title, name) && !(sub && strstr(sub, name)))
		out->cover_region = name;
	out->cover_period = report_period_label(r, r->res->report_period);
	/* "2019年" under a subtitle "截至2019年底" only repeats it. */
	if (sub && strstr(sub, out->cover_period))
		out->cover_period = NULL;
}

static void kpi(struct report_ctx *r, const int *inds, size_t n, struct report_kpi *out)
{
	size_t i;

	out->n = n;
	out->figures = arena_zalloc(r->a, (n ? n : 1) * sizeof(char *));
	out->labels = arena_zalloc(r->a, (n ? n : 1) * sizeof(char *));
	for (i = 0; i < n; i++) {
		const struct cfg_indicator *ci = &r->cfg->ind[inds[i]];
		double v = res_get(r->res, inds[i], r->region, r->res->report_period);

		out->figures[i] = report_fig_ind(r, v, inds[i]);
		out->labels[i] = ci->name;
	}
}

static void block(struct report_ctx *r, const struct cfg_block *b, struct report_block *out)
{
	memset(out, 0, sizeof(*out));
	switch (b->kind) {
	case BLOCK_TEXT:
		out->kind = REPORT_PARAGRAPH;
		out->text = report_text_block(r, b);
		report_stated_notes(r, out);
		break;
	case BLOCK_TABLE:
		out->kind = REPORT_TABLE;
		report_table(r, &b->table, &out->table);
		out->table.pos_file = b->pos.file;
		out->table.pos_line = b->pos.line;
		out->table.pos_col = b->pos.col;
		report_table_notes(r, &out->table);
		break;
	case BLOCK_CHART:
		out->kind = REPORT_CHART;
		report_chart(r, &b->chart, &out->chart);
		report_chart_collapse(r, out);
		break;
	case BLOCK_KPI:
		out->kind = REPORT_KPI;
		kpi(r, b->kpis, b->nkpis, &out->kpi);
		break;
	case BLOCK_PAGEBREAK:
		out->kind = REPORT_PAGEBREAK;
		break;
	}
}

static void section(struct report_ctx *r, const struct cfg_section *s, int depth);

static void section_once(struct report_ctx *r, const struct cfg_section *s, int depth)
{
	struct report_section *out = report_add_section(r);
	struct report_block *blocks = arena_zalloc(r->a, (s->nblocks + 1) * sizeof(*blocks));
	size_t i, n = 0, nfig = r->nfigures, nonzero = r->nonzero, nomit = r->nomitted;
	struct src_pos *pos = xcalloc(s->nblocks + 1, sizeof(*pos)), none = {0};
	const struct cfg_chart **charts = xcalloc(s->nblocks + 1, sizeof(*charts));

	if (s->title.n > 0)
		out->title = report_expand(r, &s->title);
	out->level = depth;
	out->toc = out->title && depth < TOC_LEVELS;
	if (depth == 0)
		report_number_section(r, out->title);
	r->section_title = out->title;
	r->nmarks = 0;
	for (i = 0; i < s->nblocks; i++)
		/* A chart of no indicator draws nothing, not even its caption. */
		if ((s->blocks[i].kind != BLOCK_CHART || s->blocks[i].chart.ninds > 0) &&
		    report_levels_block(r, &s->blocks[i])) {
			block(r, &s->blocks[i], &blocks[n]);
			pos[n] = s->blocks[i].pos;
			charts[n] = s->blocks[i].kind == BLOCK_CHART ? &s->blocks[i].chart : NULL;
			/* a paragraph with nothing left to say takes no room */
			n += !(blocks[n].kind == REPORT_PARAGRAPH && !*blocks[n].text);
		}
	out->blocks = blocks;
	out->nblocks = n;
	report_charts_follow_tables(r, blocks, n, charts);
	free(charts);
	if (r->nfigures > nfig && r->nonzero == nonzero) {
		/* the one sentence says why nothing is shown */
		r->nomitted = nomit;
		report_section_collapse(r, out);
	}
	/* numbered once it is settled what is shown: no gap for a table
	 * that collapsed into a sentence */
	for (i = 0; i < out->nblocks; i++)
		report_number_block(r, &out->blocks[i], out->blocks == blocks ? pos[i] : none);
	free(pos);
	for (i = 0; i < s->nsubs; i++)
		section(r, &s->subs[i], depth + 1);
}

static void section(struct report_ctx *r, const struct cfg_section *s, int depth)
{
	const struct regions *rg = r->res->reg;
	const struct cfg_levels *levels;
	int saved = r->region;
	size_t k;

	if (!report_levels_enter(r, &s->levels, &levels)) {
		r->levels = levels;
		return;
	}
	if (s->each < 0) {
		section_once(r, s, depth);
		r->levels = levels;
		return;
	}
	for (k = 0; k < rg->n; k++) {
		if (rg->level[k] != s->each || !regions_is_within(rg, (int)k, saved))
			continue;
		r->region = (int)k;
		section_once(r, s, depth);
	}
	r->region = saved;
	r->levels = levels;
}

static void finish(struct report_ctx *r, struct report *out)
{
	size_t i;

	out->nsections = r->nsecs;
	out->sections = arena_alloc(r->a, (r->nsecs ? r->nsecs : 1) * sizeof(*out->sections));
	if (r->nsecs)
		memcpy(out->sections, r->secs, r->nsecs * sizeof(*r->secs));
	for (i = 0; i < r->nsecs; i++)
		out->ntoc += out->sections[i].toc != 0;
	free(r->secs);
	r->secs = NULL;
	free(r->notes);
	r->notes = NULL;
	free(r->omitted);
	r->omitted = NULL;
}

int report_build(const struct cfg *cfg, const struct results *res, struct arena *a,
		 struct diag *d, struct report *out)
{
	struct report_ctx r;
	int t[6], has_date, i;
	size_t nerrors = d->nerrors, first;

	memset(&r, 0, sizeof(r));
	memset(out, 0, sizeof(*out));
	r.cfg = cfg;
	r.res = res;
	r.a = a;
	r.d = d;
	r.region = res->report_region;
	r.levels = &cfg->report.levels;
	r.numbering = report_number_mode(cfg);
	if (report_levels_check(cfg, res->reg, res->report_region, a, d) < 0)
		return -1;
	metrics_ctx(res, &r.ctx);
	if ((has_date = report_date(&r, t)) < 0)
		return -1;
	if (has_date) {
		out->date = arena_printf(a, "%d年%d月%d日", t[0], t[1], t[2]);
		out->pdf_date = arena_printf(a, "D:%04d%02d%02d%02d%02d%02d", t[0], t[1], t[2],
					     t[3], t[4], t[5]);
	}
	for (i = 0; i < 3; i++)
		out->status_label[i] = metrics_status_label(i);
	front(&r, out);
	out->doc_title = report_levels_doc_title(&r, out);
	for (i = 0; i < (int)cfg->nsections; i++)
		section(&r, &cfg->sections[i], 0);
	first = r.nsecs;
	report_appendix(&r);
	report_number_from(&r, first);
	finish(&r, out);
	report_page_words(out, a);
	report_signoff(&cfg->report, out, a);
	return d->nerrors > nerrors ? -1 : 0;
}
