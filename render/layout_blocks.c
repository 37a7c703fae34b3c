#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "render/layout_int.h"

/* Tables and KPI strips of the report model; charts: render/chart_block.c. */

#define COLOR_ON_TRACK 0x1E7B34u
#define COLOR_AT_RISK 0xB26B00u
#define COLOR_OFF_TRACK 0xC62828u

/* The text colour of a cell of status class s (0: black). */
static unsigned status_color(int s)
{
	return s == REPORT_STATUS_ON_TRACK ? COLOR_ON_TRACK
	       : s == REPORT_STATUS_AT_RISK ? COLOR_AT_RISK
	       : s == REPORT_STATUS_OFF_TRACK ? COLOR_OFF_TRACK : 0;
}

static enum layout_align align_of(enum report_align a)
{
	return a == REPORT_ALIGN_RIGHT ? ALIGN_RIGHT
	       : a == REPORT_ALIGN_CENTER ? ALIGN_CENTER
	       : a == REPORT_ALIGN_DECIMAL ? ALIGN_DECIMAL : ALIGN_LEFT;
}

/* row_kind is handed on as it is */
_Static_assert((int)REPORT_ROW_PLAIN == (int)LAYOUT_ROW_PLAIN &&
		       (int)REPORT_ROW_GROUP == (int)LAYOUT_ROW_GROUP &&
		       (int)REPORT_ROW_SUBTOTAL == (int)LAYOUT_ROW_SUBTOTAL,
	       "report and layout row kinds");

void layout_block_table(struct layout *lo, const struct report_table *t)
{
	struct layout_table lt;
	size_t i, n = t->nrows * t->ncols;
	int turn;

	memset(&lt, 0, sizeof(lt));
	lt.title = t->title;
	lt.note = t->note;
	lt.cont_title = t->cont_title;
	lt.ncols = t->ncols;
	lt.nhead = t->nhead;
	lt.nrows = t->nrows;
	lt.cells = t->cells;
	lt.total = t->total;
	lt.unit_line = t->unit_line;
	lt.width = t->width;
	lt.whole = t->whole;
	lt.head_words = t->head_words;
	lt.row_kind = t->row_kind;
	lt.words = t->words;
	lt.nwords = t->nwords;
	lt.pos_file = t->pos_file;
	lt.pos_line = t->pos_line;
	lt.pos_col = t->pos_col;
	lt.align = xcalloc(t->ncols ? t->ncols : 1, sizeof(*lt.align));
	for (i = 0; i < t->ncols; i++)
		lt.align[i] = align_of(t->align[i]);
	if (t->status) {
		lt.colors = xcalloc(n ? n : 1, sizeof(unsigned));
		for (i = 0; i < n; i++)
			lt.colors[i] = status_color(t->status[i]);
	}
	/* a table too wide for the portrait type area goes on landscape
	 * pages, unless the config keeps it upright */
	turn = t->orientation == REPORT_LANDSCAPE ||
	       (t->orientation == REPORT_ORIENT_AUTO &&
		layout_table_min_width(lo, &lt) > lo->right - lo->left + 0.01);
	if (turn) {
		layout_page_break(lo);
		layout_orientation(lo, 1);
	}
	layout_table(lo, &lt);
	if (turn)
		layout_orientation(lo, 0);
	free(lt.colors);
	free(lt.align);
}

void layout_block_kpi(struct layout *lo, const struct report_kpi *k)
{
	layout_kpi(lo, k->n, k->figures, k->labels);
}
