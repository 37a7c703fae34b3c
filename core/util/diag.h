#ifndef PROGREP_DIAG_H
#define PROGREP_DIAG_H

#include <stddef.h>
#include <stdio.h>

/*
 * Diagnostics sink. core/ never prints and never exits: every stage reports
 * problems here and carries on where it can, so one run shows every problem
 * (up to max_errors). cmd/ decides how to present them (diag_print).
 *
 * Positions: line and col are 1-based; col counts Unicode code points (not
 * bytes), so a caret lines up under Chinese text too. line == 0 means "no
 * position": the message names only the file (or nothing when file is NULL).
 */
struct src_pos {
	const char *file; /* borrowed; must outlive the diag */
	int line;
	int col;
};

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag_item {
	enum diag_level level;
	struct src_pos pos;
	const char *msg;  /* owned by the diag */
	const char *text; /* the source line, owned by the diag; NULL if unknown */
	int text_col;     /* the caret's column in text (pos.col, shifted when the
			     line is cut around it); 0: no caret */
};

struct diag_source {
	const char *file;
	const char *text; /* borrowed */
	size_t len;
};

struct diag {
	struct arena *arena;
	struct diag_item *items;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t dropped;    /* errors past max_errors: counted, not kept */
	size_t max_errors; /* default 100 */
	struct diag_source *sources;
	size_t nsources, capsources;
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

/* Register the text of a file so that diagnostics at positions in it show
 * the source line and a caret. The text is borrowed and must outlive d. */
void diag_add_source(struct diag *d, const char *file, const char *text, size_t len);

/* Report. The message is printf-formatted: lowercase, no final period, the
 * subject in quotes. diag_error returns -1 so "return diag_error(...)" reads
 * naturally. */
int diag_error(struct diag *d, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As diag_error, with ": " and strerror(errno) appended (errno as it was
 * when diag_errno was called): "cannot create 'out': Permission denied". */
int diag_errno(struct diag *d, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note adds detail to the item before it ("note: defined here"). */
void diag_note(struct diag *d, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As diag_error, for a position in a file that is not registered (a data
 * file too big to keep): line/len is the source line to show, copied.
 * Source lines are kept printable: an invalid UTF-8 byte shows as U+FFFD,
 * a control character as a visible stand-in (docs/errors.md), and a long
 * line is cut to 200 code points around pos.col. */
int diag_error_line(struct diag *d, struct src_pos pos, const char *line, size_t len,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* As diag_warning, with the source line given as for diag_error_line. */
void diag_warning_line(struct diag *d, struct src_pos pos, const char *line, size_t len,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static inline int diag_has_errors(const struct diag *d) { return d->nerrors > 0; }

/* Write every item as
 *   file:line:col: error: message
 * (control characters in the file and message shown visibly, as in source
 * lines)
 *       source line
 *       ^
 * and, when errors were dropped, a line saying how many. */
void diag_print(const struct diag *d, FILE *out);
/* As diag_print, only the items from index first on (those reported
 * after an earlier diag_print). */
void diag_print_from(const struct diag *d, size_t first, FILE *out);

/* Write the items as a JSON array of objects
 * {"level","file","line","col","message"}. */
void diag_print_json(const struct diag *d, FILE *out);

/* Write s with every control character (tabs and newlines too) shown as
 * the visible stand-in of source lines: for any text from the data that
 * cmd/ prints itself (a region name in a batch's progress). */
void diag_write_clean(FILE *out, const char *s);

/* Display width of a code point in a terminal (2 for CJK wide, else 1). */
int diag_cp_width(unsigned cp);

#endif
