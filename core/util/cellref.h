#ifndef PROGREP_CELLREF_H
#define PROGREP_CELLREF_H

/*
 * Excel cell references ("C7"): the config's `range:` and the .xlsx reader
 * read them alike. Excel's own limits hold: columns A..XFD (16384), rows
 * 1..1048576; letters in either case.
 */

/* "C7" at s -> 0-based column and row; *end (when end is not NULL) gets the
 * text after it. 0, or -1 when s does not start with a reference. */
int cellref_parse(const char *s, int *col, int *row, const char **end);

#endif
