#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/strbuf.h"
#include "core/util/xalloc.h"
#include "render/chart/chart_int.h"
#include "render/layout_int.h"

/* Chart blocks of the report model, handed to the chart drawers with the
 * colours a page needs: the series palette (greys when the chart is
 * mono) and the status fills and patterns. */

static void progress(struct layout *lo, const struct report_chart *c)
{
	struct chart_progress_row *rows = xcalloc(c->nrows ? c->nrows : 1, sizeof(*rows));
	size_t i;

	for (i = 0; i < c->nrows; i++) {
		rows[i].label = c->rows[i].label;
		rows[i].progress = c->rows[i].progress;
		rows[i].figure = c->rows[i].figure;
		rows[i].status = c->rows[i].status;
		rows[i].detail = c->rows[i].detail;
	}
	chart_draw_progress(lo, c->caption, rows, c->nrows, c->status_label, c->mono);
	free(rows);
}

/* Bars of series 0 filled and patterned by their status class, and the
 * legend entries of the classes shown. */
static void status_fills(struct layout *lo, const struct report_chart *c, struct chart *ch)
{
	unsigned *col = arena_alloc(lo->doc->arena, (c->ncats ? c->ncats : 1) * sizeof(unsigned));
	struct chart_key *keys = arena_zalloc(lo->doc->arena, (c->nkeys ? c->nkeys : 1) *
								     sizeof(*keys));
	size_t i;

	for (i = 0; i < c->ncats; i++)
		col[i] = chart_status_fill(c->cat_status[i]); /* grey when unknown */
	for (i = 0; i < c->nkeys; i++) {
		keys[i].name = c->keys[i].name;
		keys[i].color = chart_status_fill(c->keys[i].status);
		keys[i].status = c->keys[i].status;
		keys[i].patterned = 1;
	}
	ch->cat_colors = col;
	ch->cat_status = c->cat_status;
	ch->keys = keys;
	ch->nkeys = c->nkeys;
}

/* What the chart says, in words a screen reader reads out instead of
 * the drawing: the caption, the value axis's title (with the unit), then
 * each series' figures as printed. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *alt_text(struct layout *lo, const struct report_chart *c)
{
	struct strbuf b = {0};
	const char *s;
	size_t i, k;

	strbuf_adds(&b, c->caption ? c->caption : "图表");
	/* the value axis's title names the unit the figures below are in */
	if (c->axis_title && *c->axis_title && c->nseries)
		strbuf_addf(&b, "。%s", c->axis_title);
	for (k = 0; k < c->nseries; k++) {
		const struct report_series *se = &c->series[k];

		strbuf_addf(&b, "%s%s", k ? "；" : "。", or_empty(se->name));
		for (i = 0; i < c->ncats; i++)
			strbuf_addf(&b, "%s%s %s", i ? "，" : "：", or_empty(c->cats[i]),
				    se->labels ? or_empty(se->labels[i]) : "");
	}
	for (i = 0; i < c->nrows; i++) {
		const struct report_progress_row *r = &c->rows[i];

		strbuf_addf(&b, "%s%s %s%s%s", i ? "；" : "。", or_empty(r->label),
			    or_empty(r->figure), r->detail ? "，" : "", or_empty(r->detail));
	}
	if (c->empty_note && !c->nseries && !c->nrows)
		strbuf_addf(&b, "。%s", c->empty_note);
	s = arena_strdup(lo->doc->arena, b.s);
	strbuf_release(&b);
	return s;
}

/* Put alt on the first chart box drawn since page p held n boxes. */
static void set_alt(struct layout *lo, int p, size_t n, const char *alt)
{
	for (; p >= 0 && (size_t)p < lo->doc->npages; p++, n = 0) {
		struct doc_page *pg = &lo->doc->pages[p];

		for (; n < pg->n; n++)
			if (pg->boxes[n].role == ROLE_CHART) {
				pg->boxes[n].alt = alt;
				return;
			}
	}
}

static void draw(struct layout *lo, const struct report_chart *c);

void layout_block_chart(struct layout *lo, const struct report_chart *c)
{
	int p = lo->page < 0 ? 0 : lo->page;
	size_t n = (size_t)p < lo->doc->npages ? lo->doc->pages[p].n : 0;

	draw(lo, c);
	set_alt(lo, p, n, alt_text(lo, c));
}

static void draw(struct layout *lo, const struct report_chart *c)
{
	struct chart_series *se;
	struct chart ch;
	size_t s;

	if (c->kind == REPORT_CHART_PROGRESS) {
		progress(lo, c);
		return;
	}
	memset(&ch, 0, sizeof(ch));
	se = xcalloc(c->nseries ? c->nseries : 1, sizeof(*se));
	for (s = 0; s < c->nseries; s++) {
		se[s].name = c->series[s].name;
		se[s].v = c->series[s].v;
		se[s].labels = c->series[s].labels;
		se[s].color = chart_series_color(s, c->mono);
	}
	ch.kind = c->kind;
	ch.caption = c->caption;
	ch.axis_title = c->axis_title;
	ch.empty_note = c->empty_note;
	ch.ncats = c->ncats;
	ch.cats = c->cats;
	ch.nseries = c->nseries;
	ch.series = se;
	ch.horizontal = c->horizontal;
	ch.has_target = c->has_target;
	ch.target = c->target;
	ch.target_label = c->target_label;
	ch.mono = c->mono;
	if (c->cat_status)
		status_fills(lo, c, &ch);
	chart_draw(lo, &ch);
	free(se);
}
