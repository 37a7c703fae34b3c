#include "render/layout/layout.h"

/*
 * Landscape pages for wide tables. A table whose columns cannot fit the
 * portrait type area without breaking a figure or a word (or one the
 * config turns) goes on pages of the same A4 sheet turned a quarter:
 * the PDF page is 297 x 210 mm, so a screen shows the table upright. The
 * type area is the portrait one turned with the sheet (the binding margin
 * at the top, the portrait foot at the left), so the text block sits on
 * the paper where every other page's does. As a typesetter keeps the
 * folio of a turned page where the reader of the bound book finds it, the
 * page number and the running header are set as on a portrait page and
 * turned with the sheet: along the left edge, reading downward, at the
 * spot of the portrait foot. Printed on portrait paper (rotated back by
 * the printer), the folio is exactly where the portrait pages have theirs.
 */

/* A portrait point (x, y) of a sheet H high, on the sheet turned
 * clockwise: the portrait foot becomes the left edge. */
static void turn_point(double H, double x, double y, double *tx, double *ty)
{
	*tx = H - y;
	*ty = x;
}

static void set_size(struct layout *lo, int p)
{
	struct doc_page *pg = &lo->doc->pages[p];

	pg->width = lo->landscape ? lo->doc->height : lo->doc->width;
	pg->height = lo->landscape ? lo->doc->width : lo->doc->height;
}

void layout_page_size(struct layout *lo)
{
	set_size(lo, lo->page);
}

void layout_orientation(struct layout *lo, int landscape)
{
	double H = lo->doc->height, *pt = lo->portrait;

	if (!landscape == !lo->landscape)
		return;
	if (landscape) {
		pt[0] = lo->left, pt[1] = lo->right, pt[2] = lo->top, pt[3] = lo->bottom;
		/* the portrait type area turned with the sheet */
		lo->left = H - pt[3];
		lo->right = H - pt[2];
		lo->top = pt[0];
		lo->bottom = pt[1];
		lo->landscape = 1;
		if (lo->page >= 0)
			set_size(lo, lo->page);
		lo->y = lo->top;
		return;
	}
	lo->landscape = 0;
	lo->left = pt[0], lo->right = pt[1], lo->top = pt[2], lo->bottom = pt[3];
	/* the turned page is done: whatever comes next starts a portrait
	 * page (and none is added when nothing comes) */
	lo->y = lo->bottom;
}

int layout_page_is_landscape(const struct layout *lo, int p)
{
	const struct doc_page *pg = &lo->doc->pages[p];

	return pg->width > pg->height;
}

void layout_turn_boxes(struct layout *lo, int p, size_t from)
{
	struct doc_page *pg = &lo->doc->pages[p];
	double H = lo->doc->height, x, y;
	size_t i;

	for (i = from; i < pg->n; i++) {
		struct box *b = &pg->boxes[i];

		turn_point(H, b->x, b->y, &x, &y);
		if (b->kind == BOX_LINE) {
			double w = b->w;

			b->w = -b->h;
			b->h = w;
		}
		b->x = x;
		b->y = y;
		if (b->kind == BOX_TEXT)
			b->angle -= 90; /* reads downward, as turned */
	}
}
