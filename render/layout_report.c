#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "render/layout/font.h"
#include "render/layout_int.h"
#include "render/layout_signoff.h"

/* The report walker: cover, table of contents, sections in order, each
 * block as the report model has it. */

/* The TOC is set in the body size of the page preset, its lines 1.8 em
 * apart; closer, down to 1.5 em, when that keeps it on one page (a
 * contents page of its own for the last two entries reads as an
 * accident: the gongwen sample's 22 entries take 1.64 em). */
#define TOC_SIZE (lo->body_size)
#define TOC_PITCH 1.8
#define TOC_PITCH_MIN 1.5
#define TOC_TITLE_H 60.0

static size_t toc_per_page(const struct layout *lo, int first, double lh)
{
	double h = lo->bottom - lo->top - (first ? TOC_TITLE_H : 0);

	return (size_t)(h / lh + 1e-9);
}

/* The pages the TOC's entries take, and their line pitch (*lh). */
static size_t toc_pages(const struct layout *lo, size_t entries, double *lh)
{
	double h = lo->bottom - lo->top - TOC_TITLE_H;
	size_t first, rest;

	*lh = TOC_SIZE * TOC_PITCH;
	if (entries > toc_per_page(lo, 1, *lh) && entries > 0 &&
	    h / (double)entries >= TOC_SIZE * TOC_PITCH_MIN)
		*lh = h / (double)entries;
	first = toc_per_page(lo, 1, *lh);
	rest = toc_per_page(lo, 0, *lh);
	if (entries <= first)
		return 1;
	return 1 + (entries - first + rest - 1) / rest;
}

static void toc_entry(struct layout *lo, const struct layout_entry *e, double y, double lh)
{
	char num[16];
	double x = lo->left + 2 * TOC_SIZE * (e->level > 0 ? e->level : 0), tw, nw, dw, room;
	struct box *b;
	char *dots;
	size_t nd;

	snprintf(num, sizeof(num), "%d", layout_page_number(lo, e->page));
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
	b->y = y - (lh - TOC_SIZE) / 2;
	b->w = lo->right - lo->left;
	b->h = lh;
	b->dest_page = e->page;
	b->dest_y = e->y;
}

/* Fill the reserved pages first .. first + npages - 1 with the entries. */
static void toc_fill(struct layout *lo, int first, size_t npages, double lh)
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
		per = toc_per_page(lo, p == 0, lh);
		for (k = 0; k < per && i < lo->nentries; k++, i++) {
			toc_entry(lo, &lo->entries[i], y + (lh - TOC_SIZE) / 2, lh);
			y += lh;
		}
	}
	lo->page = saved;
}

/* Without a cover (report.cover: false) the title and subtitle head the
 * first page, and every page is numbered: a one-page brief. */
static void title_block(struct layout *lo, const struct report *rep)
{
	layout_centered(lo, rep->title, layout_title_font(lo), lo->title_size, ROLE_TITLE);
	if (rep->subtitle) {
		layout_space(lo, 4);
		layout_centered(lo, rep->subtitle, DOC_FONT_BODY, 12, ROLE_TITLE);
	}
	layout_space(lo, 10);
}

static void cover(struct layout *lo, const struct report *rep)
{
	layout_new_page(lo);
	lo->y = lo->top + 170;
	layout_centered(lo, rep->title, layout_title_font(lo), lo->cover_title_size, ROLE_TITLE);
	if (rep->subtitle) {
		layout_space(lo, 12);
		layout_centered(lo, rep->subtitle, DOC_FONT_BODY, 16, ROLE_TITLE);
	}
	if (rep->cover_region) {
		lo->y = lo->bottom - 230;
		layout_centered(lo, rep->cover_region, DOC_FONT_HEADING, 22, ROLE_TITLE);
	}
	lo->y = lo->bottom - 150;
	if (rep->cover_period)
		layout_centered(lo, rep->cover_period, DOC_FONT_BODY, 14, ROLE_TITLE);
	if (rep->office)
		layout_centered(lo, rep->office, DOC_FONT_BODY, 14, ROLE_TITLE);
	if (rep->date)
		layout_centered(lo, rep->date, DOC_FONT_BODY, 14, ROLE_TITLE);
}

static void blocks(struct layout *lo, const struct report_section *s)
{
	size_t i, k;

	for (i = 0; i < s->nblocks; i++) {
		const struct report_block *b = &s->blocks[i];

		switch (b->kind) {
		case REPORT_PARAGRAPH:
			layout_paragraph(lo, b->text);
			for (k = 0; k < b->nnotes; k++)
				layout_note(lo, b->notes[k]);
			break;
		case REPORT_TABLE:
			layout_block_table(lo, &b->table);
			break;
		case REPORT_CHART:
			layout_block_chart(lo, &b->chart);
			break;
		case REPORT_KPI:
			layout_block_kpi(lo, &b->kpi);
			break;
		case REPORT_PAGEBREAK:
			layout_page_break(lo);
			break;
		}
	}
}

static void section(struct layout *lo, const struct report_section *s)
{
	if (s->new_page)
		layout_page_break(lo);
	if (s->title)
		layout_heading(lo, s->title, s->level, s->toc);
	blocks(lo, s);
}

static void doc_info(const struct report *rep, struct doc *out)
{
	out->title = rep->doc_title ? rep->doc_title : rep->title;
	out->author = rep->author;
	out->subject = rep->subject;
	out->keywords = rep->keywords;
	out->creator = "progrep " PROGREP_VERSION;
	out->date = rep->pdf_date;
	out->font_spec[DOC_FONT_BODY] = rep->font_body;
	out->font_spec[DOC_FONT_HEADING] = rep->font_heading;
	out->font_spec[DOC_FONT_TITLE] = rep->font_title;
	out->font_spec[DOC_FONT_KAI] = rep->font_kai;
	out->font_spec[DOC_FONT_LATIN] = rep->page.latin ? rep->font_latin : NULL;
}

int layout_report(const struct report *rep, struct font *fonts[DOC_NFONTS], struct doc *out,
		  struct diag *d)
{
	struct layout lo;
	int toc_first = -1, signed_off = 0;
	size_t i, ntoc = 0, nerrors = d->nerrors;
	double toc_lh = 0;

	layout_init(&lo, out, fonts);
	layout_set_page(&lo, &rep->page);
	lo.advance = font_advance;
	lo.diag = d;
	doc_info(rep, out);
	if (rep->cover)
		cover(&lo, rep);
	lo.first_numbered = rep->cover ? 1 : 0;
	lo.header = lo.show_header ? rep->title : NULL;
	if (rep->toc && rep->ntoc > 0) {
		/* The TOC goes before the body but is filled after it: reserve
		 * its pages now from the number of entries to come. */
		ntoc = toc_pages(&lo, rep->ntoc, &toc_lh);
		toc_first = (int)out->npages;
		for (i = 0; i < ntoc; i++)
			layout_new_page(&lo);
	}
	layout_new_page(&lo);
	/* GB/T 9704 numbers the body only: cover and contents carry none. */
	if (lo.footer == REPORT_FOOTER_GONGWEN)
		lo.first_numbered = lo.page;
	if (!rep->cover)
		title_block(&lo, rep);
	for (i = 0; i < rep->nsections; i++) {
		if (!signed_off && layout_signoff_before(&rep->sections[i])) {
			layout_signoff(&lo, rep);
			signed_off = 1;
		}
		section(&lo, &rep->sections[i]);
	}
	if (!signed_off)
		layout_signoff(&lo, rep);
	layout_banji(&lo, rep);
	layout_finish(&lo);
	if (toc_first >= 0)
		toc_fill(&lo, toc_first, ntoc, toc_lh);
	layout_release(&lo);
	return d->nerrors > nerrors ? -1 : 0;
}
