/*
 * Old Excel files (.xls, BIFF 5 and 8) through libfreexl: the sheet's
 * cells into the same struct as an .xlsx sheet's (core/data/xlsx_int.h),
 * which core/data/xlsx.c turns into CSV text. libfreexl gives values, not
 * formats or merged ranges: a date is its day ("2012-01-01"), and a merged
 * cell's value stays in its first cell (save the file as .xlsx for those).
 */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/data/xlsx_int.h"
#include "core/util/xalloc.h"

/* The text of a cell as Excel shows a General cell. */
static const char *cell_text(const FreeXL_CellValue *v, char *buf, size_t n)
{
	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(buf, n, "%d", v->value.int_value);
		return buf;
	case FREEXL_CELL_DOUBLE:
		snprintf(buf, n, "%.15g", v->value.double_value);
		if (strtod(buf, NULL) != v->value.double_value)
			snprintf(buf, n, "%.17g", v->value.double_value);
		return buf;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return v->value.text_value ? v->value.text_value : "";
	default:
		return NULL;
	}
}

/* The sheets' names into x->sheet; the index of the one wanted. */
static int pick_sheet(struct xlsx *x, const void *h, const struct cfg_source *src)
{
	unsigned int count = 0, i;
	const char *name;

	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
		return xlsx_fail(x, "it has no sheet");
	if (count > XLSX_MAX_SHEETS)
		return xlsx_fail(x, "more than %d sheets", XLSX_MAX_SHEETS);
	x->sheet = xcalloc(count, sizeof(*x->sheet));
	x->rid = xcalloc(count, sizeof(*x->rid));
	for (i = 0; i < count; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK || !name)
			name = "";
		x->sheet[x->nsheet++] = xstrdup(name);
		if (src->sheet && strcmp(name, src->sheet) == 0)
			return (int)i;
	}
	if (!src->sheet)
		return 0;
	diag_error(x->d, src->pos, "no sheet '%s' in '%s'", src->sheet, x->path);
	x->failed = 1;
	return -1;
}

static int read_cells(struct xlsx *x, const void *h)
{
	unsigned int rows = 0, r;
	unsigned short cols = 0, c;
	FreeXL_CellValue v;
	char buf[64];

	if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		return xlsx_fail(x, "its sheet cannot be read");
	for (r = 0; r < rows && r <= 1048575 && !x->failed; r++)
		for (c = 0; c < cols && c <= 16383; c++) {
			const char *t;
			struct xlsx_cell *cell;
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK ||
			    !(t = cell_text(&v, buf, sizeof(buf))) || !*t)
				continue;
			if (x->ncell == XLSX_MAX_CELLS)
				return xlsx_fail(x, "more than %zu cells with a value", XLSX_MAX_CELLS);
			xgrow((void **)&x->cell, &x->capcell, x->ncell + 1, sizeof(*x->cell));
			cell = &x->cell[x->ncell++];
			cell->row = (int)r;
			cell->col = (int)c;
			cell->off = xlsx_keep(x, t, strlen(t), &cell->len);
		}
	return x->failed ? -1 : 0;
}

int xls_read(struct xlsx *x, const struct cfg_source *src, const char **sheet)
{
	const void *h = NULL;
	int k, r = -1;

	if (freexl_open(x->path, &h) != FREEXL_OK) {
		xlsx_fail(x, "it is not an .xls workbook libfreexl can read (save it as .xlsx)");
		goto out;
	}
	k = pick_sheet(x, h, src);
	if (k < 0 || freexl_select_active_worksheet(h, (unsigned short)k) != FREEXL_OK)
		goto out;
	*sheet = x->sheet[k];
	r = read_cells(x, h);
out:
	if (h)
		freexl_close(h);
	return r;
}
