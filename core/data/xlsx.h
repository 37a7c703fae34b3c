#ifndef PROGREP_XLSX_H
#define PROGREP_XLSX_H

#include "core/util/diag.h"

/*
 * Excel workbooks (.xlsx: a zip of XML, read with minizip and expat; an
 * old .xls, known by its first bytes, through libfreexl: xls.c). One
 * sheet (the source's `sheet:`, else the first) becomes CSV text in memory
 * that the CSV reader reads like a file, so every check and message of the
 * loader is the same; positions name the cell ("book.xlsx:Sheet1!C7").
 *
 * As Excel shows it: shared and inline strings, numbers (also stored as
 * text), booleans; a number in a date-formatted cell as the period its
 * format shows (a year "2012", a month "2012-03"; a full date stays a date);
 * a merged cell's value in every cell of its range; the table from the
 * first used row and column (or the source's `range:`) to the last ones
 * holding a value, so formatted but empty rows and columns at the end do
 * not count. Line breaks inside a cell become spaces.
 *
 * Bounded against hostile files: entries in the zip, bytes unpacked in
 * all, XML nesting, cells and merged cells (docs/errors.md).
 */

struct arena;
struct cfg_source;
struct csv;

/* Open sheet src->sheet of the workbook at path as CSV text in c (texts in
 * a). Returns 0, or -1 after reporting at where or in the file (c is then
 * safe to csv_close). */
int xlsx_open(struct csv *c, const char *path, const struct cfg_source *src,
	      struct src_pos where, struct arena *a, struct diag *d);

#endif
