#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/arena.h"
#include "core/util/xalloc.h"
#include "render/layout/font.h"
#include "render/layout_appendix.h"
#include "render/layout_int.h"

/* The report driver: cover, table of contents, sections in order. */

#define TOC_SIZE LAYOUT_BODY_SIZE
#define TOC_LH (TOC_SIZE * 1.8)
#define TOC_TITLE_H 60.0
#define TOC_LEVELS 2 /* headings of levels 0 and 1 are listed */

/* How many TOC entries the sections will make; it must agree with
 * section() below, which places one heading per non-empty title. */
static size_t count_entries(const struct results *res, const struct cfg_section *s, size_t n,
			    int depth, int region)
{
	const struct regions *rg = res->reg;
	size_t i, k, total = 0;

	if (depth >= TOC_LEVELS)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i].each < 0) {
			total += (s[i].title.n > 0) +
				 count_entries(res, s[i].subs, s[i].nsubs, depth + 1, region);
			continue;
		}
		for (k = 0; k < rg->n; k++)
			if (rg->level[k] == s[i].each && regions_is_within(rg, (int)k, region))
				total += (s[i].title.n > 0) +
					 count_entries(res, s[i].subs, s[i].nsubs, depth + 1,
						       (int)k);
	}
	return total;
}

static size_t toc_per_page(const struct layout *lo, int first)
{
	double h = lo->bottom - lo->top - (first ? TOC_TITLE_H : 0);

	return (size_t)(h / TOC_LH);
}

static size_t toc_pages(const struct layout *lo, size_t entries)
{
	size_t first = toc_per_page(lo, 1), rest = toc_per_page(lo, 0);

	if (entries <= first)
		return 1;
	return 1 + (entries - first + rest - 1) / rest;
}

static void toc_entry(struct layout *lo, const struct layout_entry *e, double y)
{
	char num[16];
	double x = lo->left + 2 * TOC_SIZE * (e->level > 0 ? e->level : 0), tw, nw, dw, room;
	struct box *b;
	char *dots;
	size_t nd;

	snprintf(num, sizeof(num), "%d", e->page + 1);
	tw = layout_text_width(lo, DOC_FONT_BODY, TOC_SIZE, e->title, strlen(e->title));
	nw = layout_text_width(lo, DOC_FONT_BODY, TOC_SIZE, num, strlen(num));
	dw = layout_text_width(lo, DOC_FONT_BODY, TOC_SIZE, ".", 1);
	layout_text_at(lo, e->title, strlen(e->title), DOC_FONT_BODY, TOC_SIZE, x, y, ROLE_TOC);
	room = lo->right - nw - 4 - (x + tw + 4);
	nd = room > dw ? (size_t)(room / dw) : 0;
	if (nd > 0) {
		dots = xmalloc(nd + 1);
		memset(dots, '.', nd);
		dots[nd] = '\0';
		layout_text_at(lo, dots, nd, DOC_FONT_BODY, TOC_SIZE,
			       lo->right - nw - 4 - (double)nd * dw, y, ROLE_TOC);
		free(dots);
	}
	layout_text_at(lo, num, strlen(num), DOC_FONT_BODY, TOC_SIZE, lo->right - nw, y, ROLE_TOC);
	b = doc_add_box(lo->doc, lo->page, BOX_LINK);
	b->role = ROLE_TOC;
	b->x = lo->left;
	b->y = y - (TOC_LH - TOC_SIZE) / 2;
	b->w = lo->right - lo->left;
	b->h = TOC_LH;
	b->dest_page = e->page;
	b->dest_y = e->y;
}

/* Fill the reserved pages first .. first + npages - 1 with the entries. */
static void toc_fill(struct layout *lo, int first, size_t npages)
{
	size_t i = 0, p, k, per;
	int saved = lo->page;
	double y;

	for (p = 0; p < npages; p++) {
		lo->page = first + (int)p;
		y = lo->top;
		if (p == 0) {
			layout_text_at(lo, "目  录", strlen("目  录"), DOC_FONT_HEADING, 18,
				       lo->left + (lo->right - lo->left - 18 * 4) / 2, y + 10,
				       ROLE_TITLE);
			y += TOC_TITLE_H;
		}
		per = toc_per_page(lo, p == 0);
		for (k = 0; k < per && i < lo->nentries; k++, i++) {
			toc_entry(lo, &lo->entries[i], y + (TOC_LH - TOC_SIZE) / 2);
			y += TOC_LH;
		}
	}
	lo->page = saved;
}

/* The report date: "2020-04-24" from the config, else SOURCE_DATE_EPOCH
 * (the clock is never read, so runs are reproducible). t[] gets year,
 * month, day, hour, minute, second; -1 when there is no date. */
static int report_date(const struct cfg *cfg, int t[6])
{
	const char *env;
	struct tm tm;
	time_t sec;

	memset(t, 0, 6 * sizeof(int));
	if (cfg->report.date && sscanf(cfg->report.date, "%d-%d-%d", &t[0], &t[1], &t[2]) == 3)
		return 0;
	env = getenv("SOURCE_DATE_EPOCH");
	if (!env || !*env)
		return -1;
	sec = (time_t)strtoll(env, NULL, 10);
	if (!gmtime_r(&sec, &tm))
		return -1;
	t[0] = tm.tm_year + 1900;
	t[1] = tm.tm_mon + 1;
	t[2] = tm.tm_mday;
	t[3] = tm.tm_hour;
	t[4] = tm.tm_min;
	t[5] = tm.tm_sec;
	return 0;
}

static const char *report_title(struct layout_rep *r)
{
	const struct cfg_report *rp = &r->cfg->report;

	return rp->title ? layout_title(r, rp->title, &rp->title_tpl) : "";
}

static const char *report_subtitle(struct layout_rep *r)
{
	const struct cfg_report *rp = &r->cfg->report;

	return rp->subtitle ? layout_title(r, rp->subtitle, &rp->subtitle_tpl) : NULL;
}

/* Without a cover (report.cover: false) the title and subtitle head the
 * first page, and every page is numbered: a one-page brief. */
static void title_block(struct layout_rep *r)
{
	struct layout *lo = &r->lo;
	const char *sub = report_subtitle(r);

	layout_centered(lo, report_title(r), DOC_FONT_HEADING, 18, ROLE_TITLE);
	if (sub) {
		layout_space(lo, 4);
		layout_centered(lo, sub, DOC_FONT_BODY, 12, ROLE_TITLE);
	}
	layout_space(lo, 10);
}

static void cover(struct layout_rep *r, const char *date)
{
	struct layout *lo = &r->lo;
	const struct cfg_report *rp = &r->cfg->report;
	const char *sub = report_subtitle(r);
	char per[64];

	layout_new_page(lo);
	lo->y = lo->top + 170;
	layout_centered(lo, report_title(r), DOC_FONT_HEADING, 26, ROLE_TITLE);
	if (sub) {
		layout_space(lo, 12);
		layout_centered(lo, sub, DOC_FONT_BODY, 16, ROLE_TITLE);
	}
	/* A report burst out for one region (--each) names it, unless the
	 * title already does ({region.name}). */
	if (r->region != 0 && !(rp->region && strcmp(rp->region, r->res->reg->code[r->region]) == 0) &&
	    !strstr(report_title(r), r->res->reg->name[r->region]) &&
	    !(sub && strstr(sub, r->res->reg->name[r->region]))) {
		lo->y = lo->bottom - 230;
		layout_centered(lo, r->res->reg->name[r->region], DOC_FONT_HEADING, 22, ROLE_TITLE);
	}
	lo->y = lo->bottom - 150;
	layout_period_label(r, r->res->report_period, per, sizeof(per));
	/* "2019年" under a subtitle "截至2019年底" only repeats it. */
	if (!sub || !strstr(sub, per))
		layout_centered(lo, per, DOC_FONT_BODY, 14, ROLE_TITLE);
	if (rp->office)
		layout_centered(lo, rp->office, DOC_FONT_BODY, 14, ROLE_TITLE);
	if (date)
		layout_centered(lo, date, DOC_FONT_BODY, 14, ROLE_TITLE);
}

static void section(struct layout_rep *r, const struct cfg_section *s, int depth);

static void blocks(struct layout_rep *r, const struct cfg_section *s)
{
	size_t i;

	for (i = 0; i < s->nblocks; i++) {
		const struct cfg_block *b = &s->blocks[i];

		switch (b->kind) {
		case BLOCK_TEXT:
			layout_paragraph(&r->lo, layout_expand(r, &b->text));
			break;
		case BLOCK_TABLE:
			layout_block_table(r, &b->table);
			break;
		case BLOCK_CHART:
			layout_block_chart(r, &b->chart);
			break;
		case BLOCK_KPI:
			layout_block_kpi(r, b->kpis, b->nkpis);
			break;
		case BLOCK_PAGEBREAK:
			layout_page_break(&r->lo);
			break;
		}
	}
}

static void section_once(struct layout_rep *r, const struct cfg_section *s, int depth)
{
	size_t i;

	if (s->title.n > 0)
		layout_heading(&r->lo, layout_expand(r, &s->title), depth, depth < TOC_LEVELS);
	blocks(r, s);
	for (i = 0; i < s->nsubs; i++)
		section(r, &s->subs[i], depth + 1);
}

static void section(struct layout_rep *r, const struct cfg_section *s, int depth)
{
	const struct regions *rg = r->res->reg;
	int saved = r->region;
	size_t k;

	if (s->each < 0) {
		section_once(r, s, depth);
		return;
	}
	for (k = 0; k < rg->n; k++) {
		if (rg->level[k] != s->each || !regions_is_within(rg, (int)k, saved))
			continue;
		r->region = (int)k;
		section_once(r, s, depth);
	}
	r->region = saved;
}

static void doc_info(struct layout_rep *r, struct doc *out, const int *t)
{
	const struct cfg_report *rp = &r->cfg->report;

	out->title = report_title(r);
	out->author = rp->author ? rp->author : rp->office;
	out->subject = rp->subject;
	out->keywords = rp->keywords;
	out->creator = "progrep " PROGREP_VERSION;
	out->date = t ? arena_printf(out->arena, "D:%04d%02d%02d%02d%02d%02d", t[0], t[1], t[2],
				     t[3], t[4], t[5])
		      : NULL;
	out->font_spec[DOC_FONT_BODY] = rp->font_body ? rp->font_body : "AR PL UMing CN";
	out->font_spec[DOC_FONT_HEADING] =
		rp->font_heading ? rp->font_heading : "WenQuanYi Zen Hei";
}

int layout_report(const struct cfg *cfg, const struct results *res,
		  struct font *fonts[DOC_NFONTS], struct doc *out, struct diag *d)
{
	struct layout_rep r;
	int t[6], has_date, toc_first = -1;
	size_t i, ntoc = 0, nerrors = d->nerrors, nentries;
	const char *date = NULL;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.res = res;
	r.d = d;
	r.region = res->report_region;
	metrics_ctx(res, &r.ctx);
	layout_init(&r.lo, out, fonts);
	r.lo.advance = font_advance;
	has_date = report_date(cfg, t) == 0;
	if (has_date)
		date = arena_printf(out->arena, "%d年%d月%d日", t[0], t[1], t[2]);
	doc_info(&r, out, has_date ? t : NULL);

	if (cfg->report.cover)
		cover(&r, date);
	r.lo.first_numbered = cfg->report.cover ? 1 : 0;
	r.lo.header = report_title(&r);
	nentries = count_entries(res, cfg->sections, cfg->nsections, 0, res->report_region) +
		   layout_appendix_entries(cfg);
	if (cfg->report.toc && nentries > 0) {
		/* The TOC goes before the body but is filled after it: reserve
		 * its pages now from the number of entries to come. */
		ntoc = toc_pages(&r.lo, nentries);
		toc_first = (int)out->npages;
		for (i = 0; i < ntoc; i++)
			layout_new_page(&r.lo);
	}
	layout_new_page(&r.lo);
	if (!cfg->report.cover)
		title_block(&r);
	for (i = 0; i < cfg->nsections; i++)
		section(&r, &cfg->sections[i], 0);
	layout_appendix(&r);
	layout_finish(&r.lo);
	if (toc_first >= 0)
		toc_fill(&r.lo, toc_first, ntoc);
	layout_release(&r.lo);
	return d->nerrors > nerrors ? -1 : 0;
}
